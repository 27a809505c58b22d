"""Đồng bộ: the link with the provincial hub, what waits (and why media may be held), speed
and time left while files move, the last result in plain words; sync now, pause, folder
bundles for a link that is down for weeks, and (for admins) the hub's address and token."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from media.taskstate import TaskState
from station.rights import Right
from station.station import Station
from ui import i18n
from ui.operations import Op
from ui.pages.base import Page


class SyncPage(Page):
    right = Right.SYNC_RUN

    def title(self) -> str:
        return self.tr("Sync")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.link = QLabel(self)
        self.link.setObjectName("sync_link")
        self.link.setWordWrap(True)
        self.layout_.addWidget(self.link)
        self.waiting = QLabel(self)
        self.waiting.setObjectName("sync_waiting")
        self.waiting.setWordWrap(True)
        self.layout_.addWidget(self.waiting)
        self.speed = QLabel(self)
        self.speed.setObjectName("sync_speed")
        self.layout_.addWidget(self.speed)
        self.result = QLabel(self)
        self.result.setObjectName("sync_result")
        self.result.setWordWrap(True)
        self.layout_.addWidget(self.result)
        row = QHBoxLayout()
        self.now = QPushButton(self.tr("Sync now"), self)
        self.now.setObjectName("sync_now")
        self.pause = QPushButton(self.tr("Pause"), self)
        self.pause.setCheckable(True)
        row.addWidget(self.now)
        row.addWidget(self.pause)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.bundle_box = QGroupBox(self.tr("No link for a long time? Carry it on a drive"), self)
        brow = QHBoxLayout(self.bundle_box)
        self.export_bundle = QPushButton(self.tr("Export bundle to a folder…"), self.bundle_box)
        self.export_bundle.setObjectName("sync_export_bundle")
        self.import_bundle = QPushButton(self.tr("Import bundle from a folder…"), self.bundle_box)
        self.import_bundle.setObjectName("sync_import_bundle")
        self.bundle_result = QLabel(self.bundle_box)
        self.bundle_result.setObjectName("sync_bundle_result")
        self.bundle_result.setWordWrap(True)
        brow.addWidget(self.export_bundle)
        brow.addWidget(self.import_bundle)
        brow.addWidget(self.bundle_result, 1)
        self.layout_.addWidget(self.bundle_box)
        self.hub_box = QGroupBox(self.tr("Provincial hub"), self)
        form = QFormLayout(self.hub_box)
        self.hub = QLineEdit(self.hub_box)
        self.hub.setObjectName("sync_hub")
        self.hub.setPlaceholderText("https://…")
        self.token = QLineEdit(self.hub_box)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("unchanged"))
        self.save = QPushButton(self.tr("Save"), self.hub_box)
        self.saved = QLabel(self.hub_box)
        form.addRow(self.tr("Hub address"), self.hub)
        form.addRow(self.tr("Station token"), self.token)
        form.addRow(self.save, self.saved)
        self.layout_.addWidget(self.hub_box)
        self.layout_.addStretch(1)
        self.service: Any = None
        self.now.clicked.connect(lambda: self.service and self.service.run_now())
        self.pause.toggled.connect(lambda on: self.service and self.service.set_paused(on))
        self.save.clicked.connect(self._save)
        self.export_bundle.clicked.connect(lambda: self._pick_folder(export=True))
        self.import_bundle.clicked.connect(lambda: self._pick_folder(export=False))
        self.hub_box.setVisible(station.can(Right.SETTINGS_MANAGE))
        self.show_state({"link": None, "running": False, "paused": False, "report": None,
                         "last_success": None, "hub": ""})

    def attach(self, service: Any) -> None:
        self.service = service
        service.state_changed.connect(self.show_state)
        service.transfer.connect(self.show_transfer)
        service.waiting_changed.connect(self.show_waiting)
        service._emit()
        if service.waiting is not None:
            self.show_waiting(service.waiting)

    def line(self, problem: Any) -> str:
        """A report line in the UI language (ui.errors.describe translates it in its own
        context, "sync" or "errors", and formats it like any error)."""
        from ui.errors import describe

        return describe(problem) if isinstance(problem, BaseException) else str(problem)

    def size_text(self, size: int) -> str:
        return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)

    def show_waiting(self, waiting: Any) -> None:
        parts = [self.tr("Waiting to go up: %1 change(s), %2 file(s) (%3).")
                 .replace("%1", str(waiting.changes)).replace("%2", str(waiting.files))
                 .replace("%3", self.size_text(waiting.bytes))]
        if waiting.held is not None and waiting.files:
            parts.append(self.line(waiting.held))
        self.waiting.setText("\n".join(parts))

    def show_transfer(self, t: Any) -> None:
        left = "" if t.seconds_left is None else self.tr("about %1 left").replace(
            "%1", self.duration_text(t.seconds_left))
        template = self.tr("Uploading: %1 of %2, %3/s") if t.direction == "up" else \
            self.tr("Downloading: %1 of %2, %3/s")
        text = (template.replace("%1", self.size_text(t.done))
                .replace("%2", self.size_text(t.total))
                .replace("%3", self.size_text(int(t.bytes_per_s))))
        self.speed.setText(f"{text}, {left}" if left else text)

    def duration_text(self, seconds: float) -> str:
        s = round(seconds)
        if s >= 3600:
            return self.tr("%1 h %2 min").replace("%1", str(s // 3600)).replace(
                "%2", str(s % 3600 // 60))
        if s >= 60:
            return self.tr("%1 min %2 s").replace("%1", str(s // 60)).replace("%2", str(s % 60))
        return self.tr("%1 s").replace("%1", str(s))

    def show_state(self, state: dict[str, Any]) -> None:
        if not state["hub"]:
            self.link.setText(self.tr("Not connected: no provincial hub is configured yet. "
                                      "Everything works offline."))
        elif state["link"] is None:
            self.link.setText(self.tr("Checking the link to %1…").replace("%1", state["hub"]))
        elif state["link"]:
            self.link.setText(self.tr("Online: %1").replace("%1", state["hub"]))
        else:
            self.link.setText(self.tr("Offline: the hub cannot be reached. Work goes on; "
                                      "sync resumes by itself when the link returns."))
        if not self.hub.hasFocus() and state["hub"]:
            self.hub.setText(state["hub"])
        report = state["report"]
        lines = []
        if state["running"]:
            lines.append(self.tr("Syncing…"))
        else:
            self.speed.clear()
        if report is not None:
            lines.append(self.tr("Last run: %1 changes sent, %2 received, %3 file(s) uploaded, "
                                 "%4 downloaded; %5 waiting.")
                         .replace("%1", str(report.pushed)).replace("%2", str(report.pulled))
                         .replace("%3", str(report.uploaded))
                         .replace("%4", str(report.downloaded))
                         .replace("%5", str(report.waiting)))
            if report.held is not None:
                lines.append(self.line(report.held))
            lines += [self.line(p) for p in [*report.warnings, *report.errors]]
        if state["last_success"]:
            when = QDateTime.fromSecsSinceEpoch(int(state["last_success"]))
            lines.append(self.tr("Last success: %1").replace(
                "%1", when.toString(i18n.DATETIME_FORMAT)))
        self.result.setText("\n".join(lines))
        self.now.setEnabled(bool(state["hub"]) and not state["running"])
        self.pause.setText(self.tr("Resume") if state["paused"] else self.tr("Pause"))

    def _save(self) -> None:
        from ui.errors import describe

        st, url, token = self.station, self.hub.text().strip(), self.token.text().strip()

        def work(_s: TaskState) -> Any:
            from station import settings
            from station.changes import Changes
            from sync.token import save_token

            st.require(Right.SETTINGS_MANAGE, "sync settings")
            with st.db.atomic():
                settings.SYNC_HUB_URL.set(st.db, url)
                st.audit("settings.sync_hub", "setting", settings.SYNC_HUB_URL.key, {"url": url})
            if token:
                save_token(st.datadir, url, token)
            return Changes(settings=True, audit=True)

        Op(work, self, "db").success(lambda _c: self._saved()) \
            .failure(lambda exc: self.saved.setText(describe(exc))).run_in_background()

    def _saved(self) -> None:
        self.token.clear()
        self.saved.setText(self.tr("Saved."))

    # -- bundles ---------------------------------------------------------------------------
    def _pick_folder(self, *, export: bool) -> None:
        title = self.tr("Folder to write the bundle to") if export else \
            self.tr("Folder holding the bundle from the province")
        folder = QFileDialog.getExistingDirectory(self, title)
        if folder:
            self.run_bundle(folder, export=export)

    def run_bundle(self, folder: str, *, export: bool) -> TaskState:
        """Export or import a bundle in the background, with progress and Cancel."""
        from ui.errors import describe

        st = self.station

        def work(state: TaskState) -> Any:
            from sync import bundle

            if export:
                return bundle.export_bundle(st, folder, state)
            return bundle.import_bundle(st, folder, state)

        label = self.tr("Writing the bundle…") if export else self.tr("Reading the bundle…")
        self.bundle_result.setText(label)
        self.export_bundle.setEnabled(False)
        self.import_bundle.setEnabled(False)
        return Op(work, self, "db").with_progress(label) \
            .success(lambda found: self._bundle_done(found, export)) \
            .failure(lambda exc: self._bundle_failed(describe(exc))).run_in_background()

    def _bundle_done(self, found: Any, export: bool) -> None:
        report = found[0] if isinstance(found, tuple) else found
        if export:
            text = self.tr("Bundle written: %1 change(s), %2 file(s) (%3). Take it to the "
                           "province.").replace("%1", str(report.mutations)) \
                .replace("%2", str(report.files)).replace("%3", self.size_text(report.bytes))
        else:
            text = self.tr("Bundle applied: %1 change(s), %2 file(s), %3 relay item(s) added "
                           "to the library.").replace("%1", str(report.changes)) \
                .replace("%2", str(report.files)).replace("%3", str(report.imported))
        self.bundle_result.setText(text)
        self._bundle_idle()

    def _bundle_failed(self, text: str) -> None:
        self.bundle_result.setText(text)
        self._bundle_idle()

    def _bundle_idle(self) -> None:
        self.export_bundle.setEnabled(True)
        self.import_bundle.setEnabled(True)
        if self.service is not None:
            self.service.refresh_waiting()
