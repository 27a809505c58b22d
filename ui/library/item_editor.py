"""The metadata editor: one item, or many at once (a bulk edit changes only the fields
the user touched)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.library.metadata import LANGUAGES, RETENTION_CLASSES
from ui import i18n


class ItemEditor(QWidget):
    save_requested = Signal(list, dict)  # item ids, changed fields

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.title = QLineEdit(self)
        self.title.setObjectName("editor_title")
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(70)
        self.series = QLineEdit(self)
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.speaker = QLineEdit(self)
        self.recorded_on = QDateEdit(self)
        self.recorded_on.setDisplayFormat(i18n.DATE_FORMAT)
        self.recorded_on.setCalendarPopup(True)
        self.recorded_on.setSpecialValueText(" ")
        self.recorded_on.setMinimumDate(QDate(1900, 1, 1))
        self.rights = QLineEdit(self)
        self.retention = QComboBox(self)
        names = {"standard": self.tr("Standard"), "permanent": self.tr("Keep forever"),
                 "temporary": self.tr("Temporary")}
        for code in RETENTION_CLASSES:
            self.retention.addItem(names[code], code)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(60)
        rows = ((self.tr("Title"), self.title), (self.tr("Description"), self.description),
                (self.tr("Programme / series"), self.series), (self.tr("Category"), self.category),
                (self.tr("Tags"), self.tags), (self.tr("Language"), self.language),
                (self.tr("Speaker / author"), self.speaker),
                (self.tr("Recorded on"), self.recorded_on), (self.tr("Rights"), self.rights),
                (self.tr("Retention"), self.retention), (self.tr("Notes"), self.notes))
        for label, widget in rows:
            form.addRow(label, widget)
        layout.addLayout(form)
        self.save = QPushButton(self.tr("Save"), self)
        self.save.setObjectName("editor_save")
        layout.addWidget(self.save)
        self.save.clicked.connect(self._save)
        self._ids: list[str] = []
        self._loaded: dict[str, Any] = {}
        self.load([], {}, [])

    def _widgets(self) -> dict[str, QWidget]:
        return {"title": self.title, "description": self.description, "series": self.series,
                "category": self.category, "tags": self.tags, "language": self.language,
                "speaker": self.speaker, "recorded_on": self.recorded_on, "rights": self.rights,
                "retention": self.retention, "notes": self.notes}

    def load(self, ids: list[str], values: dict[str, Any], categories: list[str]) -> None:
        """Show one item's values, or for several items the values they share."""
        self._ids = list(ids)
        self.category.clear()
        self.category.addItems(categories)
        bulk = len(ids) > 1
        self.heading.setText(self.tr("%n items selected: changed fields apply to all.", "",
                                     len(ids)) if bulk else "")
        self.heading.setVisible(bulk)
        for name, widget in self._widgets().items():
            self._put(widget, values.get(name))
        self._loaded = self.values()
        self.setEnabled(bool(ids))

    @staticmethod
    def _put(widget: QWidget, value: Any) -> None:
        if isinstance(widget, QLineEdit):
            widget.setText(value or "")
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")
        elif isinstance(widget, QComboBox):
            index = widget.findData(value) if widget.findData(value) >= 0 else \
                widget.findText(value or "")
            if widget.isEditable() and index < 0:
                widget.setEditText(value or "")
            else:
                widget.setCurrentIndex(max(index, 0) if value is not None else -1)
        elif isinstance(widget, QDateEdit):
            date = QDate.fromString(value or "", "yyyy-MM-dd")
            widget.setDate(date if date.isValid() else widget.minimumDate())

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self._widgets().items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[name] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                out[name] = widget.currentText() if widget.isEditable() else widget.currentData()
            elif isinstance(widget, QDateEdit):
                date = widget.date()
                out[name] = None if date == widget.minimumDate() else date.toString("yyyy-MM-dd")
        return out

    def _save(self) -> None:
        now = self.values()
        changed = {k: v for k, v in now.items() if v != self._loaded.get(k)}
        if changed and self._ids:
            self.save_requested.emit(self._ids, changed)
