"""The Studio's tab: Recording: devices, meters, takes, unattended recordings."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from station.station import Station


class RecordPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        QVBoxLayout(self)
