"""Đồng bộ: the link with the provincial system."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from station.rights import Right
from station.station import Station
from ui.pages.base import Page


class SyncPage(Page):
    right = Right.SYNC_RUN

    def title(self) -> str:
        return self.tr("Sync")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.state = QLabel(self.tr("Not connected: no provincial hub is configured yet. "
                                    "Everything works offline; nothing waits to be sent."),
                            self)
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.state)
        form = QFormLayout()
        self.hub = QLineEdit(self)
        self.hub.setPlaceholderText("https://…/api/sync/v1")
        self.hub.setEnabled(False)
        form.addRow(self.tr("Hub address"), self.hub)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
