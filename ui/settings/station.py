"""Settings › Station (admins): the station's name (the first-run form promises it can be
changed here) and its time zone, with the time it is now in the zone chosen. Saved in one Op;
station/profile.py checks and audits."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from station import clock
from station.changes import Changes
from station.profile import DEFAULT_ZONE, StationProfile
from station.station import Station
from ui.operations import station as station_ops


class StationBox(QGroupBox):
    renamed = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Station"))
        self.setObjectName("station_settings")
        self.station = station
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("station_name")
        self.name.setMaxLength(120)
        form.addRow(self.tr("Station name"), self.name)
        self.zone = QComboBox(self)
        self.zone.setObjectName("station_zone")
        self.zone.setEditable(True)  # type a part of the name: "Ho_Chi", "Bangkok"
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setMinimumContentsLength(24)
        self.zone.addItem(DEFAULT_ZONE)
        completer = QCompleter(self.zone.model(), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.zone.currentTextChanged.connect(lambda _t: self._show_time())
        form.addRow(self.tr("Time zone"), self.zone)
        self.time_now = QLabel(self)
        self.time_now.setObjectName("station_zone_time")
        form.addRow(self.tr("Time there now"), self.time_now)
        note = QLabel(self.tr("Schedules, On air, the library and the audit show times in this "
                              "zone. Times already scheduled keep their moment."), self)
        note.setWordWrap(True)
        form.addRow(note)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("station_save")
        self.save_button.setEnabled(False)  # until the stored values are shown
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setObjectName("station_status")
        self.status.setWordWrap(True)
        form.addRow(self.save_button, self.status)
        self._zones_loaded = False
        self._tick = QTimer(self)
        self._tick.setInterval(15000)
        self._tick.timeout.connect(self._show_time)

    def reload(self) -> None:
        station_ops.read_profile(self, self.station).success(self._show).run_in_background()
        if not self._zones_loaded:
            self._zones_loaded = True
            station_ops.time_zones(self).success(self._show_zones).run_in_background()

    def _show(self, found: StationProfile) -> None:
        self.name.setText(found.name)
        self._set_zone(found.time_zone)
        self.save_button.setEnabled(True)

    def _show_zones(self, zones: list[str]) -> None:
        current = self.zone.currentText()
        self.zone.blockSignals(True)
        self.zone.clear()
        self.zone.addItems(zones)
        self.zone.blockSignals(False)
        self._set_zone(current)

    def _set_zone(self, name: str) -> None:
        if self.zone.findText(name) < 0:
            self.zone.addItem(name)
        self.zone.setCurrentIndex(self.zone.findText(name))
        self._show_time()

    def _show_time(self) -> None:
        try:
            from zoneinfo import ZoneInfo

            tz = ZoneInfo(self.zone.currentText().strip())
        except Exception:  # typed, not (yet) a zone
            self.time_now.setText(self.tr("not a known time zone"))
            return
        now = datetime.now(UTC).astimezone(tz)
        offset = now.strftime("%z")
        self.time_now.setText(f"{clock.fmt_time_date(now)}"
                              f" (UTC{offset[:3]}:{offset[3:]})")

    def showEvent(self, event: object) -> None:  # noqa: N802
        self._tick.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self._tick.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def save(self) -> None:
        from ui.errors import describe

        name = self.name.text()
        (station_ops.save_profile(self, self.station, name, self.zone.currentText())
         .success(lambda changes: self._saved(changes))
         .failure(lambda exc: self.status.setText(describe(exc)))
         .run_in_background())

    def _saved(self, changes: Changes) -> None:
        self.status.setText(self.tr("Saved.") if changes.any() else self.tr("Nothing changed."))
        if changes.any():
            station_ops.read_profile(self, self.station).success(self._show_saved) \
                .run_in_background()

    def _show_saved(self, found: StationProfile) -> None:
        self._show(found)
        self.renamed.emit(found.name)  # the window title and login panel follow
