"""The Studio's tab: The waveform editor: non-destructive edit lists, rendered to new assets."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from station.station import Station


class EditorPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        QVBoxLayout(self)
