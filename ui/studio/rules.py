"""The Studio's tab: unattended recordings at set times, from a device or a stream."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from station.station import Station


class RulesPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        QVBoxLayout(self)
