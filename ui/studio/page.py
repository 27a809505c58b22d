"""Phòng thu: where editors record, edit and assemble programmes and make TTS bulletins."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QWidget

from station.changes import Changes
from station.rights import Right
from station.station import Station
from ui.pages.base import Page
from ui.studio.editor.panel import EditorPanel
from ui.studio.record import RecordPanel
from ui.studio.rules import RulesPanel
from ui.studio.rundown.panel import RundownPanel
from ui.studio.tts import TtsPanel


class StudioPage(Page):
    right = Right.STUDIO_USE

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("StudioPage", "Studio")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("studio_tabs")  # the main window remembers the last tab
        self.tabs.setUsesScrollButtons(True)  # five long Vietnamese names on a small screen
        self.record = RecordPanel(station, self)
        self.rules = RulesPanel(station, self)
        self.editor = EditorPanel(station, self)
        self.rundown = RundownPanel(station, self)
        self.tts = TtsPanel(station, self)
        self.tabs.addTab(self.record, self.tr("Record"))
        self.tabs.addTab(self.rules, self.tr("Scheduled recordings"))
        self.tabs.addTab(self.editor, self.tr("Edit"))
        self.tabs.addTab(self.rundown, self.tr("Programmes"))
        self.tabs.addTab(self.tts, self.tr("Text to speech"))
        self.layout_.addWidget(self.tabs, 1)
        self.record.edit_requested.connect(self.open_in_editor)

    def open_in_editor(self, item_id: str) -> None:
        """Show the Edit tab with ``item_id`` open (from a take, or from the library)."""
        self.tabs.setCurrentWidget(self.editor)
        self.editor.open_item(item_id)

    def on_changes(self, changes: Changes) -> None:
        for panel in (self.record, self.rules, self.editor, self.rundown, self.tts):
            handler = getattr(panel, "on_changes", None)
            if handler is not None:
                handler(changes)
