"""The main window: the gate (opening, first run, login, problems), then the workspace with
the sections of DESIGN.md section 7. Every database call goes through a background op."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QWidget,
)

from station.changes import Changes
from station.errors import DatabaseCorrupt, NotInitialized
from station.paths import DataDir
from station.rights import Right
from station.station import Station, User
from ui import i18n
from ui.approvals.page import ApprovalsPage
from ui.errors import describe
from ui.gate import FirstRunPanel, LoginPanel, OpeningPanel, ProblemPanel
from ui.help import Keys
from ui.layout_memory import WINDOW_USER, LayoutMemory
from ui.library.page import LibraryPage
from ui.operations import bus, work_under_way
from ui.operations import station as station_ops
from ui.operations import users as user_ops
from ui.pages.base import Page
from ui.pages.onair import OnAirPage
from ui.pages.sync import SyncPage
from ui.schedule.page import SchedulePage
from ui.services.link import ServiceLink
from ui.services.recording import RecordingService
from ui.services.sync import SyncService
from ui.services.watching import WatchService
from ui.settings.page import SettingsPage, role_names
from ui.studio.page import StudioPage
from ui.widgets.navigation import SectionNav

log = logging.getLogger(__name__)
WARM_UP_DELAY_MS = 1500

PAGES: tuple[type[Page], ...] = (LibraryPage, StudioPage, SchedulePage, ApprovalsPage,
                                 OnAirPage, SyncPage, SettingsPage)
_SP = QStyle.StandardPixmap
ICONS: dict[type[Page], QStyle.StandardPixmap] = {
    LibraryPage: _SP.SP_DirIcon, StudioPage: _SP.SP_MediaPlay,
    SchedulePage: _SP.SP_FileDialogDetailedView, ApprovalsPage: _SP.SP_DialogApplyButton,
    OnAirPage: _SP.SP_MediaVolume, SyncPage: _SP.SP_BrowserReload,
    SettingsPage: _SP.SP_FileDialogInfoView}


class Workspace(QWidget):
    """Navigation on the left, the section on the right; built per login.

    Only the first section is built at once; the others follow one per turn of the event
    loop (in order, so ``pages[i]`` is the section of row ``i``), because building them all
    together would stall the window for longer than 100 ms. Asking for a section builds it
    (and those before it) at once."""

    def __init__(self, station: Station, parent: QWidget | None = None,
                 memory: LayoutMemory | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.memory = memory
        self.user = station.user.username if station.user is not None else ""
        layout = QHBoxLayout(self)
        self.nav_panel = SectionNav(self)
        self.nav = self.nav_panel.list
        self.stack = QStackedWidget(self)
        layout.addWidget(self.nav_panel)
        layout.addWidget(self.stack, 1)
        self.pages: list[Page] = []
        self._waiting: dict[type[Page], list[Callable[[Page], None]]] = {}
        for cls in PAGES:
            self.nav_panel.add_section(cls.title(), ICONS[cls], "" if self._allowed(cls) else
                                       self.tr("Your role does not give access to this "
                                               "section."))
        if memory is not None:
            self.nav_panel.set_compact(memory.value(self.user, "nav_compact") == "1")
            self.nav_panel.compact_changed.connect(
                lambda on: memory.set_value(self.user, "nav_compact", "1" if on else "0"))
        self.when_built(LibraryPage, self._connect_library)
        first = next(i for i, cls in enumerate(PAGES) if self._allowed(cls))
        last = memory.value(self.user, "section") if memory is not None else ""
        first = next((i for i, cls in enumerate(PAGES)
                      if cls.__name__ == last and self._allowed(cls)), first)
        self._build_to(first)
        self.nav.currentRowChanged.connect(self._select)
        self.nav.setCurrentRow(first)
        bus.changed.connect(self._changed)
        self._read_zone()
        self._builder = QTimer(self)  # a child: it dies with the workspace at logout
        self._builder.setSingleShot(True)
        self._builder.timeout.connect(self._build_next)
        self._builder.start(0)

    def _allowed(self, cls: type[Page]) -> bool:
        return cls.right is None or self.station.can(cls.right)

    def _build_to(self, row: int) -> None:
        while len(self.pages) <= row:
            cls = PAGES[len(self.pages)]
            page = cls(self.station, self.stack)
            self.pages.append(page)
            self.stack.addWidget(page)
            if self.memory is not None:
                self.memory.restore_parts(page, self.user)
            for fn in self._waiting.pop(cls, []):
                fn(page)

    def save_layout(self) -> None:
        """Keep the splitters, tabs and section of this login (see LayoutMemory)."""
        if self.memory is not None:
            self.memory.save_parts(self, self.user)

    def _build_next(self) -> None:
        if len(self.pages) < len(PAGES):
            self._build_to(len(self.pages))
            self._builder.start(0)

    def when_built(self, cls: type[Page], fn: Callable[[Page], None]) -> None:
        """Call ``fn(page)`` once the section of class ``cls`` exists (now, if it does)."""
        built = self.built(cls)
        if built is not None:
            fn(built)
        else:
            self._waiting.setdefault(cls, []).append(fn)

    def built(self, cls: type[Page]) -> Page | None:
        return next((p for p in self.pages if isinstance(p, cls)), None)

    def page(self, cls: type[Page]) -> Page:
        self._build_to(PAGES.index(cls))
        return next(p for p in self.pages if isinstance(p, cls))

    def _connect_library(self, library: Page) -> None:
        assert isinstance(library, LibraryPage)
        library.edit_requested.connect(self.open_in_editor)

    def open_in_editor(self, item_id: str) -> None:
        """Go to the Studio's Edit tab with ``item_id`` open (the library's button)."""
        studio = self.page(StudioPage)
        if isinstance(studio, StudioPage) and self._allowed(StudioPage):
            self.nav.setCurrentRow(self.pages.index(studio))
            studio.open_in_editor(item_id)

    def _select(self, row: int) -> None:
        if row < 0:
            return
        self._build_to(row)
        self.stack.setCurrentIndex(row)
        if self.memory is not None:
            self.memory.set_value(self.user, "section", type(self.pages[row]).__name__)
        self.pages[row].shown()

    def _read_zone(self) -> None:
        """Every time on screen is in station time: read the zone once, off the UI thread."""
        station_ops.read_zone(self, self.station).run_in_background()

    def _changed(self, changes: Changes) -> None:
        if changes.settings:  # the station's time zone may have changed
            self._read_zone()
        for page in self.pages:
            page.on_changes(changes)

    def stop_building(self) -> None:
        """No more sections and no more waiting hook-ups (logout, closing)."""
        self._builder.stop()
        self._waiting.clear()

    def detach(self) -> None:
        self.stop_building()
        bus.changed.disconnect(self._changed)


class MainWindow(QMainWindow):
    def __init__(self, datadir: DataDir) -> None:
        super().__init__()
        self.datadir = datadir
        self.station: Station | None = None
        self.workspace: Workspace | None = None
        self.watch: WatchService | None = None
        self.sync: SyncService | None = None
        self.recording: RecordingService | None = None
        self.memory = LayoutMemory(datadir)
        self.setWindowTitle("Station")
        self.resize(1200, 680)
        self.central = QStackedWidget(self)
        self.setCentralWidget(self.central)
        self.opening = OpeningPanel(self)
        self.login_panel = LoginPanel(self)
        self.first_run = FirstRunPanel(self)
        self.problem = ProblemPanel(self)
        for w in (self.opening, self.login_panel, self.first_run, self.problem):
            self.central.addWidget(w)
        self.login_panel.submitted.connect(self._login)
        self.first_run.submitted.connect(self._create)
        self.problem.restore_requested.connect(self._restore)
        self.problem.retry_requested.connect(self.start)
        self.user_label = QLabel(self)
        self.service_label = QLabel(self)
        self.service_label.setObjectName("service_label")
        self.statusBar().addPermanentWidget(self.service_label)
        self.statusBar().addPermanentWidget(self.user_label)
        # The service's state, whoever is logged in: it lives as long as the window.
        self.link = ServiceLink(datadir, self)
        self.link.changed.connect(self._service_changed)
        self._service_changed(None)
        self._leaving = False  # a logout or quit waits for a take to be saved
        self._closing = False
        self.keys = Keys(self, PAGES)  # window shortcuts and their list (ui/help.py)
        self._build_menu()
        self.ready = False  # true once the login (or first-run) panel accepts input
        self.warmed = False  # true once the analysis libraries are loaded (see _warm_up)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Station"))
        self.logout_action = QAction(self.tr("Log out"), self)
        self.logout_action.triggered.connect(self._logout)
        self.logout_action.setEnabled(False)
        menu.addAction(self.logout_action)
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.keys.add_to_menu(help_menu)
        about = QAction(self.tr("About Station"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # -- opening ----------------------------------------------------------------------------
    def start(self) -> None:
        self.central.setCurrentWidget(self.opening)
        (station_ops.open_station(self, self.datadir)
         .success(self._opened)
         .failure(self._open_failed)
         .run_in_background())

    def _opened(self, result: tuple[Station, list[User], str]) -> None:
        self.station, users, name = result
        self.link.start()
        self._set_name(name)
        self.login_panel.prepare(name, users)
        self.central.setCurrentWidget(self.login_panel)
        self.ready = True
        self._daily_backup()
        self._schedule_warm_up()

    def _daily_backup(self) -> None:
        """Keeps a recent copy to offer if the database is ever damaged. It runs on the
        work pool with its own connection so that logging in does not wait for it."""
        assert self.station is not None
        station_ops.backup_if_due(self, self.station) \
            .failure(lambda exc: log.warning("daily backup failed: %s", exc)) \
            .run_in_background()

    def _schedule_warm_up(self) -> None:
        QTimer.singleShot(WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        """Load numpy/scipy on a worker while the user reads the screen. A first import of
        scipy's C extensions holds Python's lock for up to ~0.1 s; paid now, it never
        stutters the window in the middle of an import or a recording later."""
        if self.warmed:
            return
        station_ops.warm_up(None).success(lambda _r: setattr(self, "warmed", True)) \
            .failure(lambda exc: log.warning("warm-up failed: %s", exc)).run_in_background()

    def _open_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotInitialized):
            self.central.setCurrentWidget(self.first_run)
            self.ready = True
            self._schedule_warm_up()
            return
        can_restore = isinstance(exc, DatabaseCorrupt) and bool(getattr(exc, "backups", None))
        text = describe(exc)
        if isinstance(exc, DatabaseCorrupt):
            text += "\n\n" + (self.tr("The damaged file will be kept aside, never overwritten.")
                              if can_restore else self.tr("No backup is available."))
        self.problem.show_problem(text, can_restore)
        self.central.setCurrentWidget(self.problem)
        self.ready = True

    def _restore(self) -> None:
        station_ops.restore_latest_backup(self, self.datadir).success(lambda _r: self.start()) \
            .run_in_background()

    # -- first run --------------------------------------------------------------------------
    def _create(self, form: dict) -> None:
        i18n.save_language(form["language"])
        (station_ops.create(self, self.datadir, form["name"], form["admin"], form["password"],
                            form["full_name"], form["language"])
         .success(lambda st: self._created(st, form["demo"]))
         .failure(lambda exc: self.first_run.failed(describe(exc)))
         .run_in_background())

    def _created(self, station: Station, demo: bool) -> None:
        self.station = station
        self.link.start()
        self._fetch_name()
        if demo:
            (station_ops.populate_demo(self, station)
             .with_progress(self.tr("Making the demo library…"), cancellable=False)
             .success(lambda _c: self._enter())
             .failure(self._demo_failed)
             .run_in_background())
        else:
            self._enter()

    def _demo_failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Station", describe(exc))
        self._enter()

    # -- login ------------------------------------------------------------------------------
    def _login(self, username: str, password: str) -> None:
        assert self.station is not None
        (user_ops.login(self, self.station, username, password)
         .success(lambda _u: self._enter())
         .failure(self.login_panel.refused_with)
         .run_in_background())

    def _fetch_name(self) -> None:
        assert self.station is not None
        station_ops.station_name(self, self.station).success(self._set_name).run_in_background()

    def _set_name(self, name: str) -> None:
        self.login_panel.station_label.setText(name)
        self.setWindowTitle(f"Station — {name}")

    def _enter(self) -> None:
        assert self.station is not None and self.station.user is not None
        user = self.station.user
        self._stop_watching()
        if self.workspace is not None:
            self.workspace.detach()
            self.central.removeWidget(self.workspace)
            self.workspace.deleteLater()
        self.memory.restore_window(self, user.username)
        self.workspace = Workspace(self.station, self, self.memory)
        self.workspace.when_built(SettingsPage, self._connect_settings)
        self.workspace.when_built(OnAirPage, self._connect_onair)
        self.central.addWidget(self.workspace)
        self.central.setCurrentWidget(self.workspace)
        self.user_label.setText(f"{user.display_name} · {role_names()[user.role]}")
        self.logout_action.setEnabled(True)
        # The services start on the next turn of the event loop: not in the same stall as
        # building the first section.
        QTimer.singleShot(0, self._start_services)

    def _connect_onair(self, page: Page) -> None:
        assert isinstance(page, OnAirPage)
        page.attach(self.link)

    def _service_changed(self, state: dict | None) -> None:
        """The status-bar line; the state comes ten times a second, so the label is touched
        only when what it says changes (a new style sheet re-polishes it)."""
        if state is None:
            text, style = self.tr("○ Service not running"), "color: #b00000;"
            tip = self.tr("Nothing goes on air and no scheduled recording is made until the "
                          "station service runs (On air › Start the service)")
        else:
            on_air = state.get("on_air")
            title = on_air.get("title") if isinstance(on_air, dict) else None
            text, style = self.tr("● Service running"), "color: #006000;"
            if title:
                text += " · " + self.tr("on air: {0}").format(title)
            tip = self.tr("Playout, scheduled recordings and sync run in the station service "
                          "(process {0})").format(state.get("pid", "?"))
        if self.service_label.text() != text:
            self.service_label.setText(text)
        if self.service_label.styleSheet() != style:
            self.service_label.setStyleSheet(style)
        if self.service_label.toolTip() != tip:
            self.service_label.setToolTip(tip)

    def _connect_settings(self, page: Page) -> None:
        assert isinstance(page, SettingsPage)
        page.language_changed.connect(self._change_language)
        page.station_renamed.connect(self._set_name)

    def _start_services(self) -> None:
        if self.station is None or self.station.user is None or self.workspace is None:
            return
        if self.watch is not None or self.sync is not None or self.recording is not None:
            return
        workspace = self.workspace
        if self.station.can(Right.LIBRARY_IMPORT):
            self.watch = WatchService(self.station, self, lambda: self.link.running)
            self.watch.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        if self.station.can(Right.SYNC_RUN):
            sync = self.sync = SyncService(self.station, self, lambda: self.link.running)

            def attach_sync(page: Page) -> None:
                assert isinstance(page, SyncPage)
                page.attach(sync)

            workspace.when_built(SyncPage, attach_sync)
        if self.station.can(Right.STUDIO_USE):
            recording = self.recording = RecordingService(self.station, self)
            recording.message.connect(
                lambda text: self.statusBar().showMessage(text, 15000))

            def attach_recording(page: Page) -> None:
                assert isinstance(page, StudioPage)
                page.rules.attach(recording)

            workspace.when_built(StudioPage, attach_recording)

    def _stop_watching(self) -> None:
        """Stop the background services that act for the logged-in user. Playout, scheduled
        recordings and sync in the station service are not the window's: they go on."""
        for service in (self.watch, self.sync, self.recording):
            if service is not None:
                service.stop()
                service.deleteLater()
        self.watch = self.sync = None
        self.recording = None
        if self.workspace is not None:
            self.workspace.stop_building()

    # -- leaving safely -----------------------------------------------------------------------
    def _studio_take(self) -> object | None:
        """The Studio's record panel while a take runs."""
        if self.workspace is None:
            return None
        studio = self.workspace.built(StudioPage)
        if isinstance(studio, StudioPage) and studio.record.capture is not None:
            return studio.record
        return None

    def _leave(self, what: str, then: Callable[[], None]) -> None:
        """Before logging out, changing the language or quitting: say what runs, what the
        service goes on doing, and ask; a take under way is stopped and saved first."""
        if self._leaving:
            return
        take = self._studio_take()
        work = work_under_way()
        if take is not None or work:
            lines = []
            if take is not None:
                lines.append(self.tr("• a recording in the Studio: it is stopped now and saved "
                                     "in the library"))
            for label in work:
                lines.append(self.tr("• {0} (not finished)").format(label))
            lines.append("")
            lines.append(self.tr("Playout, scheduled recordings and sync go on in the station "
                                 "service.") if self.link.running else
                         self.tr("No station service is running: nothing goes on air by the "
                                 "schedule until it is started."))
            answer = QMessageBox.question(
                self, "Station", what + "\n\n" + self.tr("Still running:") + "\n"
                + "\n".join(lines))
            if answer != QMessageBox.StandardButton.Yes:
                return
        if take is None:
            then()
            return
        self._leaving = True
        take.stop_recording()  # type: ignore[attr-defined]
        waited = {"ms": 0}

        def saved() -> None:  # the take's own thread ends before its widgets go
            waited["ms"] += 100
            if self._studio_take() is not None and waited["ms"] < 15000:
                QTimer.singleShot(100, saved)
                return
            self._leaving = False
            then()

        QTimer.singleShot(100, saved)

    def _logout(self) -> None:
        self._leave(self.tr("Log out?"), self._do_logout)

    def save_layout(self) -> None:
        """Keep this user's window, splitters, tabs and section for the next login."""
        if self.workspace is not None and self.workspace.user:
            self.memory.save_window(self, self.workspace.user)
            self.workspace.save_layout()
        else:
            self.memory.save_window(self, WINDOW_USER)

    def place_on_screen(self) -> None:
        """Before the first show: where the window was last time on this PC, or, the first
        time, as large as the screen allows (a 1366x768 laptop gets the whole screen)."""
        if self.memory.restore_window(self, WINDOW_USER):
            return
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            return
        if screen.width() < 1500 or screen.height() < 900:
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(min(1440, screen.width() - 80), min(900, screen.height() - 80))

    def _do_logout(self) -> None:
        assert self.station is not None
        self.save_layout()
        self._stop_watching()
        if self.workspace is not None:
            self.workspace.detach()
            self.central.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.user_label.clear()
        self.logout_action.setEnabled(False)
        (user_ops.logout(self, self.station)
         .success(self._logged_out)
         .run_in_background())

    def _logged_out(self, users: list[User]) -> None:
        """Back at the login panel of the same open station (nothing is reopened)."""
        self.login_panel.prepare(self.login_panel.station_label.text(), users)
        self.central.setCurrentWidget(self.login_panel)
        self.ready = True

    def _change_language(self, lang: str) -> None:
        self._leave(self.tr("Change the language? The sections are rebuilt."),
                    lambda: self._relabel(lang))

    def _relabel(self, lang: str) -> None:
        self.save_layout()
        i18n.save_language(lang)
        i18n.install(lang)
        self.menuBar().clear()
        self._build_menu()
        self.logout_action.setEnabled(True)
        self._enter()  # rebuild the workspace in the new language; state is in the database
        assert self.workspace is not None
        self.workspace.nav.setCurrentRow(len(PAGES) - 1)

    def _about(self) -> None:
        from station import __version__

        QMessageBox.about(self, self.tr("About Station"),
                          self.tr("Station %1 — radio station suite for commune loudspeaker "
                                  "networks.").replace("%1", __version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing:
            event.ignore()  # asked first; closed again once the take is saved
            self._leave(self.tr("Quit Station?"), self._close_now)
            return
        self.save_layout()
        self._stop_watching()
        self.link.stop()
        if self.workspace is not None:
            self.workspace.detach()
        event.accept()

    def _close_now(self) -> None:
        self._closing = True
        self.close()
