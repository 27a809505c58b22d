"""What every section page shares: its station, the right it needs, a refresh hook, and a
body that scrolls when the window is smaller than the section needs (a 1366x768 laptop), so
no section's minimum size ever becomes the window's."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from station.changes import Changes
from station.rights import Right
from station.station import Station


class Page(QWidget):
    right: Right | None = None  # the right that enables this page; None: everyone

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        heading = QLabel(self.title(), self)
        heading.setObjectName("page_heading")
        heading.setStyleSheet("font-size: 18px; font-weight: 600; padding: 6px 9px 2px 9px;")
        outer.addWidget(heading)
        # Subclasses add to ``layout_``: its widgets live in the scrolled body.
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setObjectName("page_scroll")
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidgetResizable(True)
        self.scroll_body = QWidget(self.page_scroll)
        self.scroll_body.setObjectName("page_body")
        self.layout_ = QVBoxLayout(self.scroll_body)
        self.page_scroll.setWidget(self.scroll_body)
        outer.addWidget(self.page_scroll, 1)

    @classmethod
    def title(cls) -> str:
        """The section's name in the navigation (known before the page is built)."""
        raise NotImplementedError

    def shown(self) -> None:
        """Called when the page comes to the front."""

    def on_changes(self, changes: Changes) -> None:
        """Called for every mutation anywhere; refresh when it concerns this page."""
