"""The Studio's tab: Recording: devices, meters, takes, unattended recordings.

The capture runs in its own thread (media.record) and writes its journal there; the database
work (starting and finishing a take) goes to the "db" pool. This widget only paints meters
and counts samples, so it never waits on the disk.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.clock import fmt_duration
from station.station import Station
from ui import i18n
from ui.errors import describe, show_error
from ui.operations import recording as verbs
from ui.widgets.meters import LevelMeterWidget

RATES = (44100, 48000, 96000)
# A running clock: whole seconds gone, hours always shown.
_clock = partial(fmt_duration, hours=True, truncate=True)


class RecordPanel(QWidget):
    edit_requested = Signal(str)  # the library item of a take, to open in the editor

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.capture: Any = None  # media.record.Capture while a take runs
        self.level: Any = None  # media.input_level.InputLevel: the meters before a take
        self._take_title = ""  # the title the running take was given
        self.free_bytes = 0
        self._marks = 0  # markers dropped in this take
        self._select_newest = False  # a take was just saved: choose it, ready to edit
        self.messages: list[str] = []  # what the user was told, newest last (tests read it)
        self.device = QComboBox(self)
        self.rate = QComboBox(self)
        for r in RATES:
            self.rate.addItem(f"{r} Hz", r)
        self.rate.setCurrentIndex(RATES.index(48000))
        self.channels = QComboBox(self)
        self.channels.addItem(self.tr("Mono"), 1)
        self.channels.addItem(self.tr("Stereo"), 2)
        self.channels.setCurrentIndex(1)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Title (default: date and time)"))
        self.category = QLineEdit(self)
        self.monitor = QCheckBox(self.tr("Listen while recording"), self)
        form = QFormLayout()
        form.addRow(self.tr("Input"), self.device)
        form.addRow(self.tr("Sample rate"), self.rate)
        form.addRow(self.tr("Channels"), self.channels)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow("", self.monitor)
        self.record_button = QPushButton(self.tr("Record"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.marker_button = QPushButton(self.tr("Marker (M)"), self)
        self.refresh_devices = QPushButton(self.tr("Refresh inputs"), self)
        self.record_button.clicked.connect(self.start_recording)
        self.stop_button.clicked.connect(self.stop_recording)
        self.marker_button.clicked.connect(self.drop_marker)
        self.refresh_devices.clicked.connect(self.load_devices)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.stop_button, self.marker_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_devices)
        self.meter = LevelMeterWidget(self)
        self.elapsed = QLabel(self)
        self.free = QLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        times = QHBoxLayout()
        times.addWidget(self.elapsed)
        times.addStretch(1)
        times.addWidget(self.free)
        self.takes = QTableWidget(0, 4, self)
        self.takes.setHorizontalHeaderLabels([self.tr("Title"), self.tr("Duration"),
                                              self.tr("Date"), self.tr("State")])
        self.takes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.takes.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.ResizeToContents)  # a date on one line
        self.takes.setWordWrap(False)
        self.takes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.takes.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.takes.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.takes.itemSelectionChanged.connect(self._take_chosen)
        self.takes.cellDoubleClicked.connect(lambda _r, _c: self.edit_take())
        self.edit_button = QPushButton(self.tr("Edit the take"), self)
        self.edit_button.setToolTip(self.tr("Open the chosen take in the editor"))
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(self.edit_take)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.meter)
        layout.addLayout(times)
        layout.addWidget(self.status)
        layout.addWidget(self.takes, 1)
        take_buttons = QHBoxLayout()
        take_buttons.addStretch(1)
        take_buttons.addWidget(self.edit_button)
        layout.addLayout(take_buttons)
        self.marker_key = QShortcut(QKeySequence(Qt.Key.Key_M), self)
        self.marker_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.marker_key.activated.connect(self.drop_marker)
        self.ticker = QTimer(self)
        self.ticker.setInterval(200)
        self.ticker.timeout.connect(self._tick)
        # The input's level is watched while the tab is seen and nothing records; a change
        # of device or format restarts it (once, after the combo boxes settle).
        self._level_restart = QTimer(self)
        self._level_restart.setSingleShot(True)
        self._level_restart.setInterval(100)
        self._level_restart.timeout.connect(self._watch_level)
        for combo in (self.device, self.rate, self.channels):
            combo.currentIndexChanged.connect(lambda _i: self._level_restart.start())
        self._set_running(False)
        self._devices_loaded = False  # QtMultimedia costs ~200 ms to load: not at start-up
        self.load_takes()
        self._tell_recovered()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._devices_loaded:
            self._devices_loaded = True
            self.load_devices()
        self._level_restart.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        super().hideEvent(event)
        self._level_restart.stop()
        self._stop_level()

    # -- the input's level before a take -------------------------------------------------------
    def _watch_level(self) -> None:
        """Meter the chosen input (no file) while the tab is seen and nothing records."""
        from media import input_level

        self._stop_level()
        if self.capture is not None or not self.isVisible() or self.device.count() == 0:
            return
        try:
            level = input_level.InputLevel(self.settings(), parent=self)
        except Exception as exc:  # the format or device is refused: Record will say so
            self.meter.setToolTip(describe(exc))
            return
        self.meter.setToolTip(self.tr("The input's level: set it before recording"))
        level.levels.connect(self.meter.set_reading)
        level.failed.connect(lambda exc: self.meter.setToolTip(describe(exc)))
        self.level = level
        level.start()

    def _stop_level(self) -> None:
        if self.level is not None:
            level, self.level = self.level, None
            level.levels.disconnect(self.meter.set_reading)
            level.stop()
            level.deleteLater()
            self.meter.clear()

    # -- devices and takes ---------------------------------------------------------------
    def load_devices(self) -> None:
        from media import record

        current = self.device.currentData()
        self.device.clear()
        try:
            found = record.input_devices()  # Qt's in-memory list: no I/O
        except Exception as exc:
            self.status.setText(describe(exc))
            found = []
        for d in found:
            self.device.addItem(d.name + (self.tr(" (default)") if d.default else ""), d.id)
            if d.id == current or (current is None and d.default):
                self.device.setCurrentIndex(self.device.count() - 1)
        self.record_button.setEnabled(bool(found) and self.capture is None)

    def load_takes(self) -> None:
        verbs.list_takes(self, self.station).success(self._show_takes).run_in_background()

    def _show_takes(self, takes: list[Any]) -> None:
        names = {"recording": self.tr("recording"), "finished": self.tr("finished"),
                 "recovered": self.tr("recovered"), "failed": self.tr("failed")}
        self.takes.setRowCount(len(takes))
        for row, t in enumerate(takes):
            when = i18n.format_moment(t.started_at, i18n.zone_of(self.station))  # station time
            cells = (t.title or "—", _clock(t.duration_s or 0.0), when,
                     names.get(t.state, t.state))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, t.item_id)  # None until it is saved
                if t.error:
                    item.setToolTip(t.error)
                self.takes.setItem(row, col, item)
        if self._select_newest and takes:
            self._select_newest = False
            self.takes.selectRow(0)
        self._take_chosen()

    def chosen_take_item(self) -> str | None:
        """The library item of the take chosen in the list (None: none, or not saved yet)."""
        row = self.takes.currentRow()
        cell = self.takes.item(row, 0) if row >= 0 and self.takes.selectedItems() else None
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def _take_chosen(self) -> None:
        self.edit_button.setEnabled(bool(self.chosen_take_item()))

    def edit_take(self) -> None:
        item_id = self.chosen_take_item()
        if item_id:
            self.edit_requested.emit(item_id)

    def _tell_recovered(self) -> None:
        verbs.report_recovered(self, self.station).success(lambda r: self._recovered(r[0])) \
            .run_in_background()

    def _recovered(self, takes: list[Any]) -> None:
        if not takes:
            return
        lines = [self.tr("%1: %2 saved").replace("%1", t.title).replace(
            "%2", _clock(t.duration_s or 0.0)) for t in takes]
        text = self.tr("The last session ended before these recordings were finished. "
                       "They were recovered into the library:") + "\n" + "\n".join(lines)
        self._tell(text, QMessageBox.information)

    def _tell(self, text: str, how: Any = None) -> None:
        self.messages.append(text)
        self.status.setText(text)
        # looked up at each call, not bound once as a default (tests replace the boxes)
        (how or QMessageBox.warning)(self, self.tr("Recording"), text)

    def on_changes(self, changes: Changes) -> None:
        if changes.studio:
            self.load_takes()

    # -- recording -------------------------------------------------------------------------
    def settings(self) -> Any:
        from media.record import CaptureSettings

        return CaptureSettings(device=self.device.currentData(),
                               sample_rate=int(self.rate.currentData()),
                               channels=int(self.channels.currentData()),
                               monitor="" if self.monitor.isChecked() else None)

    def _set_running(self, running: bool) -> None:
        self.record_button.setEnabled(not running and self.device.count() > 0)
        self.stop_button.setEnabled(running)
        self.marker_button.setEnabled(running)
        for w in (self.device, self.rate, self.channels, self.monitor, self.refresh_devices):
            w.setEnabled(not running)
        if not running and self.level is None:
            self._level_restart.start()  # a take that ended or never began: levels again

    def start_recording(self) -> None:
        from media import record

        if self.capture is not None:
            return
        settings = self.settings()
        try:
            dev = record.find_device(settings.device)  # Qt's in-memory list: no I/O
            record.check_format(dev, settings)
        except record.RecordError as exc:
            show_error(self, exc)
            return
        title, category = self.title.text().strip() or None, self.category.text().strip()
        self._stop_level()  # the take's own meter takes over
        self._take_title = title or ""
        self._set_running(True)
        self.record_button.setEnabled(False)
        verbs.begin_take(self, self.station, settings, device_name=dev.description(),
                         title=title, category=category) \
            .success(lambda r: self._begun(r[0], r[1], settings)) \
            .failure(self._failed_to_begin).run_in_background()

    def _failed_to_begin(self, exc: BaseException) -> None:  # or to finish
        self._set_running(False)
        show_error(self, exc)

    def _begun(self, journal: Any, free_bytes: int, settings: Any) -> None:
        from media import record

        try:
            capture = record.Capture(journal, settings, parent=self)
        except Exception as exc:
            self._finish(journal.header.take_id, None, exc)
            return
        self.capture = capture
        self.free_bytes = free_bytes
        capture.levels.connect(self.meter.set_reading)
        capture.ended.connect(lambda outcome: self._ended(journal.header.take_id, outcome))
        self.meter.clear()
        self.status.setText(self.tr("Recording from %1").replace("%1", capture.device_name))
        capture.start()
        self.ticker.start()

    def stop_recording(self) -> None:
        if self.capture is not None:
            self.capture.stop()
            self.stop_button.setEnabled(False)

    def drop_marker(self) -> None:
        if self.capture is None or not self.capture.running:
            return
        self._marks += 1
        position = self.capture.mark(f"M{self._marks}")
        self.status.setText(self.tr("Marker at %1").replace(
            "%1", _clock(position / self.capture.settings.sample_rate)))

    def _tick(self) -> None:
        c = self.capture
        if c is None:
            return
        seconds = c.frames / c.settings.sample_rate
        self.elapsed.setText(self.tr("Elapsed %1").replace("%1", _clock(seconds)))
        rate = c.journal.bytes_per_second
        left = max(0, self.free_bytes - c.frames * c.journal.header.frame_bytes) / rate
        self.free.setText(self.tr("Disk space for %1 more").replace("%1", _clock(left)))

    def _ended(self, take_id: str, outcome: Any) -> None:
        self.ticker.stop()
        self._tick()
        self.capture = None
        self.meter.clear()  # no frozen last reading: the input's level comes back instead
        self._level_restart.start()
        self._marks = 0
        error = outcome.error if outcome.reason in ("device_lost", "disk_full", "error") \
            else None
        self._finish(take_id, outcome, error)

    def _finish(self, take_id: str, outcome: Any, error: BaseException | None) -> None:
        if outcome is None or outcome.frames == 0:
            reason = error if isinstance(error, Exception) else RuntimeError("no audio")
            verbs.fail_take(self, self.station, take_id, reason).run_in_background()
            self._set_running(False)
            if error is not None:
                self._tell(describe(error))
            return
        verbs.finish_take(self, self.station, take_id, outcome) \
            .success(lambda _r: self._saved(outcome)) \
            .failure(lambda exc: self._not_saved(outcome, exc)).run_in_background()
        if error is not None:
            self._tell(describe(error))

    def _not_saved(self, outcome: Any, exc: BaseException) -> None:
        from media.take_journal import DiskFull
        from station.recording import takes as recordings

        if isinstance(exc, DiskFull) and outcome.reason == "disk_full":
            # No room for the FLAC either: the journal stays, the next start recovers it.
            self._set_running(False)
            self._tell(describe(recordings.left_for_recovery(outcome, exc)))
            self.load_takes()
            return
        self._failed_to_begin(exc)

    def _saved(self, outcome: Any) -> None:
        self._set_running(False)
        text = self.tr("Saved %1 in the library").replace("%1", _clock(outcome.seconds))
        # After a lost device or a full disk, the reason stays in view above it.
        self.status.setText(text if outcome.error is None else
                            f"{describe(outcome.error)}\n{text}")
        self._select_newest = True
        if self._take_title and self.title.text().strip() == self._take_title:
            self.title.setText(next_title(self._take_title))  # never two takes of one name
        self.load_takes()


def next_title(title: str) -> str:
    """The title for the next take: "Tin sáng" -> "Tin sáng (2)" -> "Tin sáng (3)"."""
    found = re.fullmatch(r"(.*) \((\d+)\)", title)
    return f"{found[1]} ({int(found[2]) + 1})" if found else f"{title} (2)"
