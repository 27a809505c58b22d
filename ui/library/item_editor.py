"""The metadata editor: one item, or many at once (a bulk edit changes only the fields
the user touched). After a save the saved values become the ones to compare with, so
changing a field back is a change too; "Saved" shows in a line whose space is always kept;
the province's items are shown read-only with the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
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
        self.relay = QLabel(self)  # the "Relay" tag: the feed and when it was published
        self.relay.setObjectName("editor_relay")
        self.relay.setWordWrap(True)
        self.relay.setStyleSheet("QLabel { background: #e3f0fb; color: #0b4f79;"
                                 " border-radius: 3px; padding: 3px 6px; }")
        self.relay.setVisible(False)
        layout.addWidget(self.relay)
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
        self.notice = QLabel(self)  # why the item cannot be changed here
        self.notice.setObjectName("editor_notice")
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        bottom = QHBoxLayout()
        self.save = QPushButton(self.tr("Save"), self)
        self.save.setObjectName("editor_save")
        self.status = QLabel(self)
        self.status.setObjectName("editor_status")
        # The line is always there, empty or not: nothing moves when "Saved" appears.
        self.status.setMinimumHeight(self.status.fontMetrics().height() + 4)
        bottom.addWidget(self.save)
        bottom.addWidget(self.status, 1)
        layout.addLayout(bottom)
        layout.addStretch(1)
        self.save.clicked.connect(self._save)
        self._ids: list[str] = []
        self._loaded: dict[str, Any] = {}
        self._can_edit = True
        self._read_only = False
        for field in self._widgets().values():  # any edit clears "Saved"
            if isinstance(field, QComboBox):
                field.currentTextChanged.connect(self._edited)
            elif isinstance(field, QDateEdit):
                field.dateChanged.connect(self._edited)
            elif isinstance(field, QLineEdit | QPlainTextEdit):
                field.textChanged.connect(self._edited)
        self.load([], {}, [])

    def _widgets(self) -> dict[str, QWidget]:
        return {"title": self.title, "description": self.description, "series": self.series,
                "category": self.category, "tags": self.tags, "language": self.language,
                "speaker": self.speaker, "recorded_on": self.recorded_on, "rights": self.rights,
                "retention": self.retention, "notes": self.notes}

    @property
    def ids(self) -> list[str]:
        """The items being edited."""
        return list(self._ids)

    def set_can_edit(self, can: bool) -> None:
        """Whether the user's role may change metadata at all."""
        self._can_edit = can
        self._apply_editable()

    def load(self, ids: list[str], values: dict[str, Any], categories: list[str],
             read_only: bool = False) -> None:
        """Show one item's values, or for several items the values they share;
        ``read_only``: the province owns one of them (shown, not editable)."""
        self._ids = list(ids)
        self._read_only = read_only
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
        self.status.clear()
        self.notice.setText(self.tr("This bulletin belongs to the province: it is shown here "
                                    "but can only be changed by the province.")
                            if read_only else "")
        self.notice.setVisible(read_only)
        self._apply_editable()
        self.relay.setVisible(False)

    def show_relay(self, origin: Any, tz: Any) -> None:
        """Tag the item shown as a relay item: from which feed, published when; one of the
        province's feeds makes it read-only (the core refuses an edit)."""
        feed = origin.feed_title or origin.feed_url
        published = i18n.format_moment(origin.published_at, tz)
        text = self.tr("Relay · from “%1”, published %2").replace("%1", feed).replace(
            "%2", published) if published else self.tr("Relay · from “%1”").replace("%1", feed)
        self.relay.setText(text)
        self.relay.setToolTip(origin.feed_url)
        self.relay.setVisible(True)
        if origin.province:
            self._read_only = True
            self.notice.setText(self.tr("This relay item comes from the province's feed: it is "
                                        "shown here but can only be changed by the province."))
            self.notice.setVisible(True)
            self._apply_editable()

    def clear(self) -> None:
        """Nothing selected (or the item left the list): nothing to edit, nothing to save."""
        self.load([], {}, [])

    def _apply_editable(self) -> None:
        editable = self._can_edit and not self._read_only
        for widget in self._widgets().values():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self.save.setEnabled(editable and bool(self._ids))

    def saved(self, ids: list[str], fields: dict[str, Any]) -> None:
        """The save of ``fields`` on ``ids`` went through: those are now the stored values."""
        if ids != self._ids:
            return
        self._loaded.update(fields)
        self.status.setText(self.tr("Saved."))

    def _edited(self, *_args: Any) -> None:
        self.status.clear()

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
        if not self._ids or self._read_only:
            return
        if not changed:
            self.status.setText(self.tr("Nothing to save: no field was changed."))
            return
        self.save_requested.emit(list(self._ids), changed)
