"""What every section page shares: its station, the right it needs, and a refresh hook."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from station.changes import Changes
from station.rights import Right
from station.station import Station


class Page(QWidget):
    right: Right | None = None  # the right that enables this page; None: everyone

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(self.title(), self)
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.layout_.addWidget(heading)

    @classmethod
    def title(cls) -> str:
        """The section's name in the navigation (known before the page is built)."""
        raise NotImplementedError

    def shown(self) -> None:
        """Called when the page comes to the front."""

    def on_changes(self, changes: Changes) -> None:
        """Called for every mutation anywhere; refresh when it concerns this page."""
