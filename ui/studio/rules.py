"""The Studio's tab: unattended recordings at set times, from a device or a stream.

A table of rules with their next run (dd/MM/yyyy HH:mm, station time), what is recording
now, and the log of past runs with their errors. Everything is read and written through
ops on the 'db' pool; recordings themselves run in the RecordingService.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.clock import fmt_date, fmt_duration, fmt_time
from station.recording import rules as rr
from station.station import Station
from ui import i18n
from ui.operations import recording as verbs
from ui.widgets.status_line import StatusLine

DATED = ("once", "weekly")  # the repeats that need their (first) day


def input_device_names() -> list[str]:
    """The input devices QtMultimedia sees (empty if it cannot load)."""
    from media import devices

    try:
        return [d["name"] for d in devices.list_devices()["inputs"]]
    except devices.DeviceError:
        return []


class RuleDialog(QDialog):
    """Add or edit a rule. Checks happen in the core when it is saved."""

    def __init__(self, parent: QWidget | None, categories: list[str], devices: list[str],
                 rule: rr.Rule | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scheduled recording"))
        form = QFormLayout(self)
        self.title = QLineEdit(self)
        self.use_device = QRadioButton(self.tr("Input device"), self)
        self.use_stream = QRadioButton(self.tr("Stream address (Icecast, HLS)"), self)
        self.device = QComboBox(self)
        self.device.setEditable(True)  # a device that is unplugged now may be named
        self.device.addItems(devices)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("http://…")
        self.repeat = QComboBox(self)
        for value, label in (("daily", self.tr("Every day")),
                             ("weekdays", self.tr("Weekdays (Mon–Fri)")),
                             ("weekly", self.tr("Every week")),
                             ("once", self.tr("Once"))):
            self.repeat.addItem(label, value)
        self.on_date = QDateEdit(self)
        self.on_date.setDisplayFormat("dd/MM/yyyy")
        self.on_date.setCalendarPopup(True)
        self.on_date.setDate(QDate.currentDate())
        self.start = QTimeEdit(self)
        self.start.setDisplayFormat("HH:mm")
        self.duration = QTimeEdit(self)
        self.duration.setDisplayFormat("HH:mm:ss")
        self.duration.setMinimumTime(QTime(0, 0, 1))
        self.duration.setTime(QTime(0, 30))
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.addItems(["", *categories])
        self.description = QLineEdit(self)
        self.enabled = QCheckBox(self.tr("Enabled"), self)
        self.enabled.setChecked(True)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.use_device, self.device)
        form.addRow(self.use_stream, self.url)
        form.addRow(self.tr("Repeat"), self.repeat)
        form.addRow(self.tr("Date"), self.on_date)
        form.addRow(self.tr("Start (station time)"), self.start)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Description"), self.description)
        form.addRow("", self.enabled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.repeat.currentIndexChanged.connect(self._sync)
        self.use_device.toggled.connect(self._sync)
        self.use_stream.setChecked(True)
        if rule is not None:
            self._fill(rule)
        self._sync()

    def _fill(self, rule: rr.Rule) -> None:
        self.title.setText(rule.title)
        if rule.is_stream:
            self.use_stream.setChecked(True)
            self.url.setText(rule.source)
        else:
            self.use_device.setChecked(True)
            self.device.setCurrentText(rule.source)
        self.repeat.setCurrentIndex(max(0, self.repeat.findData(rule.repeat)))
        if rule.on_date:
            self.on_date.setDate(QDate(rule.on_date.year, rule.on_date.month, rule.on_date.day))
        self.start.setTime(QTime(rule.start.hour, rule.start.minute))
        total = round(rule.duration_s)
        self.duration.setTime(QTime(min(total // 3600, 23), total // 60 % 60, total % 60))
        self.category.setCurrentText(rule.category)
        self.description.setText(rule.description)
        self.enabled.setChecked(rule.enabled)

    def _sync(self) -> None:
        self.on_date.setEnabled(self.repeat.currentData() in DATED)
        self.device.setEnabled(self.use_device.isChecked())
        self.url.setEnabled(self.use_stream.isChecked())

    def values(self) -> dict[str, Any]:
        """The fields as recording_rules.add_rule/update_rule take them."""
        d, t, dur = self.on_date.date(), self.start.time(), self.duration.time()
        dated = self.repeat.currentData() in DATED
        return {
            "title": self.title.text(),
            "source": (self.url.text() if self.use_stream.isChecked()
                       else self.device.currentText()),
            "repeat": self.repeat.currentData(),
            "on_date": date(d.year(), d.month(), d.day()) if dated else None,
            "start": time(t.hour(), t.minute()),
            "duration_s": float(dur.hour() * 3600 + dur.minute() * 60 + dur.second()),
            "category": self.category.currentText(),
            "description": self.description.text(),
            "enabled": self.enabled.isChecked(),
        }


class RulesPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.service: Any = None  # ui.services.recording.RecordingService, once attached
        self.snapshot: rr.Snapshot | None = None
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Recordings that start by themselves, in the station service "
                              "(or while the app is open): the provincial news, VOV for later "
                              "relay. They land in the library with the rule's title, "
                              "category and description."),
                      self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setObjectName("rules_split")
        split.setChildrenCollapsible(False)
        self.table = QTableWidget(0, 7, split)
        self.table.setObjectName("recording_rules")
        self.table.setHorizontalHeaderLabels([
            self.tr("Title"), self.tr("Source"), self.tr("Repeat"), self.tr("Start"),
            self.tr("Duration"), self.tr("Next run"), self.tr("Now")])
        self.log = QTableWidget(0, 5, split)
        self.log.setObjectName("recording_log")
        self.log.setHorizontalHeaderLabels([
            self.tr("Rule"), self.tr("Planned"), self.tr("Started"), self.tr("Status"),
            self.tr("Error")])
        for table in (self.table, self.log):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(split, 1)
        # The buttons come before the status, which has its own reserved line below them:
        # a message never moves or squeezes a button.
        row = QHBoxLayout()
        self.add = QPushButton(self.tr("Add…"), self)
        self.edit = QPushButton(self.tr("Edit…"), self)
        self.delete = QPushButton(self.tr("Delete"), self)
        self.record_now = QPushButton(self.tr("Record now"), self)
        self.stop_now = QPushButton(self.tr("Stop"), self)
        for b in (self.add, self.edit, self.delete, self.record_now, self.stop_now):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = StatusLine(self)
        self.status.setObjectName("rules_status")
        layout.addWidget(self.status)
        self.add.clicked.connect(self._add)
        self.edit.clicked.connect(self._edit)
        self.table.doubleClicked.connect(self._edit)
        self.delete.clicked.connect(self._delete)
        self.record_now.clicked.connect(self._record_now)
        self.stop_now.clicked.connect(self._stop)
        self.table.itemSelectionChanged.connect(self._enable)
        self._enable()
        self.reload()

    # -- service ---------------------------------------------------------------------
    def attach(self, service: Any) -> None:
        """Show live recordings of ``service`` and let 'Record now' use it."""
        self.service = service
        service.started.connect(lambda _rid: self._show_active())
        service.progressed.connect(lambda _rid, _f, _t: self._show_active())
        service.finished.connect(lambda _rid, _res: self._show_active())
        service.failed.connect(self._service_failed)
        self._enable()

    def _service_failed(self, _rule_id: str, reason: str) -> None:
        self.status.setText(reason)
        self._show_active()

    # -- data ------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.studio or changes.settings:
            self.reload()

    def reload(self) -> None:
        verbs.recording_rules(self, self.station).success(self._show).run_in_background()

    def _show(self, snap: rr.Snapshot) -> None:
        selected = self.selected()
        self.snapshot = snap
        repeats = {"daily": self.tr("Every day"), "weekdays": self.tr("Weekdays (Mon–Fri)"),
                   "weekly": self.tr("Every week"), "once": self.tr("Once")}
        self.table.setRowCount(len(snap.rules))
        for i, rule in enumerate(snap.rules):
            nxt = snap.next_runs.get(rule.id)
            repeat = repeats.get(rule.repeat, rule.repeat)
            if rule.on_date:
                repeat += " " + fmt_date(rule.on_date)
            cells = [rule.title, rule.source, repeat, fmt_time(rule.start, seconds=False),
                     fmt_duration(rule.duration_s, hours=True),
                     i18n.format_moment(nxt, snap.tz) if nxt
                     else (self.tr("disabled") if not rule.enabled else "—"), ""]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, rule.id)
                self.table.setItem(i, col, cell)
            if selected is not None and rule.id == selected.id:
                self.table.selectRow(i)
        statuses = {"running": self.tr("recording"), "done": self.tr("done"),
                    "partial": self.tr("partial (gaps)"), "failed": self.tr("failed"),
                    "missed": self.tr("missed")}
        self.log.setRowCount(len(snap.log))
        for i, entry in enumerate(snap.log):
            cells = [entry.rule_title, i18n.format_moment(entry.planned_start, snap.tz),
                     i18n.format_moment(entry.started_at, snap.tz), statuses.get(entry.status,
                                                                      entry.status),
                     entry.error]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if entry.status in ("failed", "missed") and col == 3:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.log.setItem(i, col, cell)
        self._show_active()
        self._enable()

    def _show_active(self) -> None:
        active = self.service.active if self.service is not None else {}
        for i in range(self.table.rowCount()):
            cell = self.table.item(i, 6)
            if cell is None:
                continue
            run = active.get(cell.data(Qt.ItemDataRole.UserRole))
            cell.setText(self.tr("recording %1%").replace("%1", str(round(run.fraction * 100)))
                         if run is not None else "")
        self._enable()

    def selected(self) -> rr.Rule | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or self.snapshot is None:
            return None
        cell = self.table.item(rows[0].row(), 0)
        rule_id = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        return next((r for r in self.snapshot.rules if r.id == rule_id), None)

    def _enable(self) -> None:
        rule = self.selected()
        recording = rule is not None and self.service is not None and rule.id in \
            self.service.active
        self.edit.setEnabled(rule is not None)
        self.delete.setEnabled(rule is not None and not recording)
        self.record_now.setEnabled(rule is not None and self.service is not None
                                   and not recording)
        self.stop_now.setEnabled(recording)

    # -- actions ---------------------------------------------------------------------
    def dialog(self, rule: rr.Rule | None = None) -> RuleDialog:
        categories = self.snapshot.categories if self.snapshot else []
        return RuleDialog(self, categories, input_device_names(), rule)

    def _add(self) -> None:
        dlg = self.dialog()
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save(None, dlg.values())

    def _edit(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        dlg = self.dialog(rule)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save(rule.id, dlg.values())

    def save(self, rule_id: str | None, values: dict[str, Any]) -> None:
        """Add (``rule_id`` None) or update a rule; errors are shown by the op."""
        verbs.save_rule(self, self.station, rule_id, values) \
            .success(lambda _r: self.status.setText(self.tr("Saved."))).run_in_background()

    def _delete(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        verbs.delete_rule(self, self.station, rule.id).run_in_background()

    def _record_now(self) -> None:
        rule = self.selected()
        if rule is not None and self.service is not None and self.service.record_now(rule):
            self.status.setText(self.tr("Recording: %1").replace("%1", rule.title))

    def _stop(self) -> None:
        rule = self.selected()
        if rule is not None and self.service is not None:
            self.service.cancel(rule.id)


