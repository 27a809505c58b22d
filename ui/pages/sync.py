"""Đồng bộ: the link with the provincial hub, what waits (and why media may be held), speed
and time left while files move, the last result in plain words; sync now, pause, folder
bundles for a link that is down for weeks, and (for admins) the hub's address and token.
The Relay tab (ui/pages/relay_tab.py) holds the relay feeds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from media.taskstate import TaskState
from station.changes import Changes
from station.library import metadata
from station.rights import Right
from station.station import Station
from sync.apply import MERGED
from ui import i18n, words
from ui.operations import sync as sync_ops
from ui.pages.base import Page
from ui.pages.relay_tab import RelayTab


class SyncPage(Page):
    right = Right.SYNC_RUN

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SyncPage", "Sync")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        # Two tabs: the link with the hub (what follows goes in it) and the relay feeds.
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sync_tabs")
        self.layout_.addWidget(self.tabs)
        self.hub_tab = QWidget(self.tabs)
        self.layout_ = QVBoxLayout(self.hub_tab)
        self.tabs.addTab(self.hub_tab, self.tr("Hub"))
        self.relay_tab = RelayTab(station, self.tabs)
        self.tabs.addTab(self.relay_tab, self.tr("Relay"))
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
        self._build_conflicts()
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
        self._build_limits()
        self.layout_.addWidget(self.limits_box)  # (it was drawn over the heading)
        self.layout_.addStretch(1)
        self.service: Any = None
        self.now.clicked.connect(lambda: self.service and self.service.run_now())
        self.pause.toggled.connect(lambda on: self.service and self.service.set_paused(on))
        self.save.clicked.connect(self._save)
        self.export_bundle.clicked.connect(lambda: self._pick_folder(export=True))
        self.import_bundle.clicked.connect(lambda: self._pick_folder(export=False))
        self.hub_box.setVisible(station.can(Right.SETTINGS_MANAGE))
        self.limits_box.setVisible(station.can(Right.SETTINGS_MANAGE))
        if station.can(Right.SETTINGS_MANAGE):
            self.load_limits()
        self.load_conflicts()
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
            lines.append(self.tr("Last success: %1").replace("%1", i18n.format_moment(
                float(state["last_success"]), i18n.zone_of(self.station))))
        self.result.setText("\n".join(lines))
        self.now.setEnabled(bool(state["hub"]) and not state["running"])
        self.pause.setText(self.tr("Resume") if state["paused"] else self.tr("Pause"))

    def _save(self) -> None:
        from ui.errors import describe

        sync_ops.save_hub(self, self.station, self.hub.text().strip(), self.token.text().strip()) \
            .success(lambda _c: self._saved()) \
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

        label = self.tr("Writing the bundle…") if export else self.tr("Reading the bundle…")
        self.bundle_result.setText(label)
        self.export_bundle.setEnabled(False)
        self.import_bundle.setEnabled(False)
        return sync_ops.run_bundle(self, self.station, folder, export=export) \
            .with_progress(label) \
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
        # What did not go as planned (a relay file refused, a change not stored), in words.
        self.bundle_result.setText("\n".join([text, *(self.line(w) for w in report.warnings)]))
        self._bundle_idle()

    def _bundle_failed(self, text: str) -> None:
        self.bundle_result.setText(text)
        self._bundle_idle()

    def _bundle_idle(self) -> None:
        self.export_bundle.setEnabled(True)
        self.import_bundle.setEnabled(True)
        if self.service is not None:
            self.service.refresh_waiting()

    # -- same-field clashes: the value that won is in place, the other is shown here -------
    def _build_conflicts(self) -> None:
        self.conflicts_box = QGroupBox(self.tr("Edits that clashed with another workstation"),
                                       self)
        box = QVBoxLayout(self.conflicts_box)
        note = QLabel(self.tr("The same field was changed on two workstations. The later "
                              "edit is in place; the other value is kept here. Pick which "
                              "one stays."), self.conflicts_box)
        note.setWordWrap(True)
        box.addWidget(note)
        self.conflicts = QTreeWidget(self.conflicts_box)
        self.conflicts.setObjectName("sync_conflicts")
        self.conflicts.setRootIsDecorated(False)
        self.conflicts.setHeaderLabels([self.tr("What"), self.tr("Field"),
                                        self.tr("Value now"), self.tr("Other value")])
        box.addWidget(self.conflicts)
        row = QHBoxLayout()
        self.keep_current = QPushButton(self.tr("Keep the value now"), self.conflicts_box)
        self.keep_current.setObjectName("sync_keep_current")
        self.use_other = QPushButton(self.tr("Use the other value"), self.conflicts_box)
        self.use_other.setObjectName("sync_use_other")
        self.conflict_result = QLabel(self.conflicts_box)
        self.conflict_result.setWordWrap(True)
        row.addWidget(self.keep_current)
        row.addWidget(self.use_other)
        row.addWidget(self.conflict_result, 1)
        box.addLayout(row)
        self.layout_.addWidget(self.conflicts_box)
        self.conflicts_box.setVisible(False)
        self.keep_current.clicked.connect(lambda: self.resolve_selected(use_other=False))
        self.use_other.clicked.connect(lambda: self.resolve_selected(use_other=True))
        self.conflicts.currentItemChanged.connect(lambda *_a: self._conflict_buttons())
        self._conflict_buttons()

    def on_changes(self, changes: Changes) -> None:
        if changes.sync or changes.library:
            self.load_conflicts()
        self.relay_tab.on_changes(changes)

    def load_conflicts(self) -> None:
        sync_ops.conflicts(self, self.station).success(self._show_conflicts).run_in_background()

    def _value_text(self, field: str, value: Any, tz: Any) -> str:
        text = words.field_value(field, value, tz)
        return text if text else self.tr("(empty)")

    def _show_conflicts(self, zoned: tuple[Any, list[tuple[Any, str]]]) -> None:
        tz, found = zoned
        self.conflicts.clear()
        for k, title in found:
            what = title or f"{k.entity} {k.entity_id}"
            row = QTreeWidgetItem([what, words.field_name(k.field),
                                   self._value_text(k.field, k.kept_value, tz),
                                   self._value_text(k.field, k.lost_value, tz)])
            row.setData(0, Qt.ItemDataRole.UserRole, k.id)
            row.setData(1, Qt.ItemDataRole.UserRole,
                        (k.entity == "item" and k.field in metadata.EDITABLE)
                        or (k.entity, k.field) in MERGED)  # an aired date: merged back
            self.conflicts.addTopLevelItem(row)
        self.conflicts_box.setVisible(bool(found))
        first = self.conflicts.topLevelItem(0)
        if first is not None and self.conflicts.currentItem() is None:
            self.conflicts.setCurrentItem(first)
        self._conflict_buttons()

    def _conflict_buttons(self) -> None:
        current = self.conflicts.currentItem()
        self.keep_current.setEnabled(current is not None)
        # Only an item's field can be put back from here; other records are kept as won.
        self.use_other.setEnabled(current is not None and
                                  bool(current.data(1, Qt.ItemDataRole.UserRole)))

    def resolve_selected(self, *, use_other: bool) -> None:
        from ui.errors import describe

        current = self.conflicts.currentItem()
        if current is None:
            return
        conflict_id = str(current.data(0, Qt.ItemDataRole.UserRole))
        self.keep_current.setEnabled(False)
        self.use_other.setEnabled(False)
        done = self.tr("Done: the other value goes to the hub at the next sync.") if use_other \
            else self.tr("Done: the value now stays.")
        sync_ops.resolve_conflict(self, self.station, conflict_id, use_other=use_other) \
            .success(lambda _c: self.conflict_result.setText(done)) \
            .failure(lambda exc: self._resolve_failed(describe(exc))).run_in_background()

    def _resolve_failed(self, text: str) -> None:
        self.conflict_result.setText(text)
        self._conflict_buttons()

    # -- limits: a bandwidth cap and the hours media may go up (admins) ----------------------
    def _build_limits(self) -> None:
        self.limits_box = QGroupBox(self.tr("Limits"), self)
        form = QFormLayout(self.limits_box)
        self.cap = QSpinBox(self.limits_box)
        self.cap.setObjectName("sync_cap")
        self.cap.setRange(0, 1_000_000)
        self.cap.setSingleStep(64)
        self.cap.setSuffix(self.tr(" kbit/s"))
        self.cap.setSpecialValueText(self.tr("no cap"))
        self.hours = QLineEdit(self.limits_box)
        self.hours.setObjectName("sync_hours")
        self.hours.setPlaceholderText(self.tr("any time, or e.g. 22:00-05:00, 12:00-13:00"))
        self.save_limits = QPushButton(self.tr("Save limits"), self.limits_box)
        self.save_limits.setObjectName("sync_save_limits")
        self.limits_saved = QLabel(self.limits_box)
        self.limits_saved.setWordWrap(True)
        form.addRow(self.tr("Bandwidth cap"), self.cap)
        form.addRow(self.tr("Hours when media may go up"), self.hours)
        form.addRow(self.save_limits, self.limits_saved)
        self.save_limits.clicked.connect(self._save_limits)

    def load_limits(self) -> None:
        def show(found: tuple[int, list[str]]) -> None:
            self.cap.setValue(int(found[0]))
            self.hours.setText(", ".join(found[1]))

        sync_ops.limits(self, self.station).success(show).run_in_background()

    def _save_limits(self) -> None:
        from ui.errors import describe

        hours = [h for h in self.hours.text().split(",") if h.strip()]
        saved = self.tr("Saved; the cap applies from the next sync.")
        sync_ops.save_limits(self, self.station, self.cap.value(), hours) \
            .success(lambda _c: self.limits_saved.setText(saved)) \
            .failure(lambda exc: self.limits_saved.setText(describe(exc))).run_in_background()
