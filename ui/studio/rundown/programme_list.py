"""The programmes to choose from, and the templates a new one may start from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from station.programmes.rundowns import Programme
from ui.studio.rundown.table import ID_ROLE


class ProgrammeList(QWidget):
    """Says what the user chose; the panel runs the verbs."""

    chosen = Signal()  # another programme is current

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lv = QVBoxLayout(self)
        lv.setContentsMargins(0, 0, 0, 0)
        self.programmes = QListWidget(self)
        self.programmes.currentItemChanged.connect(
            lambda cur, _prev: self.chosen.emit() if cur is not None else None)
        lv.addWidget(self.programmes, 1)
        self.templates = QComboBox(self)
        lv.addWidget(self.templates)
        self.from_template = QPushButton(self.tr("New from template"), self)
        self.new_button = QPushButton(self.tr("New empty programme"), self)
        self.delete_button = QPushButton(self.tr("Delete programme"), self)
        for b in (self.from_template, self.new_button, self.delete_button):
            lv.addWidget(b)

    def current_id(self) -> str | None:
        item = self.programmes.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def show_list(self, progs: list[Programme], templates: list[Any],
                  select: str | None) -> None:
        self.programmes.blockSignals(True)
        self.programmes.clear()
        for p in progs:
            row = QListWidgetItem(p.title, self.programmes)
            row.setData(ID_ROLE, p.id)
            if p.id == select:
                self.programmes.setCurrentItem(row)
        self.programmes.blockSignals(False)
        chosen = self.templates.currentData()
        self.templates.clear()
        for t in templates:
            self.templates.addItem(t.name, t.id)
        if chosen:
            self.templates.setCurrentIndex(max(0, self.templates.findData(chosen)))
