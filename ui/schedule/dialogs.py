"""Small dialogs of the schedule page: a session's day, time, length and title; and the item
picker, the keyboard way to put library items in a session (the other is drag and drop).

Both are opened with ``open()`` (window-modal, never a nested event loop) and report
through ``accepted``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from station.clock import fmt_date, fmt_duration
from station.library.items import Item
from station.station import Station
from station.text import fold
from ui import words
from ui.errors import describe
from ui.operations import library as library_ops

TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


class SessionDialog(QDialog):
    """Add or change a session: day of the week, start (24-hour), length, title."""

    def __init__(self, days: list[date], parent: QWidget | None = None, *,
                 day: date | None = None, start: str = "05:30", minutes: int = 30,
                 title: str = "", adding: bool = False) -> None:
        super().__init__(parent)
        self.adding = adding
        self.setWindowTitle(self.tr("Add a session") if adding else self.tr("Edit session"))
        form = QFormLayout(self)
        self.day = QComboBox(self)
        locale = QLocale()
        for d in days:
            name = locale.dayName(d.isoweekday(), QLocale.FormatType.LongFormat)
            self.day.addItem(f"{name} {fmt_date(d)}", d)
        if day in days:
            self.day.setCurrentIndex(days.index(day))
        self.start = QTimeEdit(self)
        self.start.setDisplayFormat("HH:mm")
        self.start.setTime(QTime.fromString(start, "HH:mm"))
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 12 * 60)
        self.minutes.setValue(minutes)
        self.minutes.setSuffix(" " + self.tr("min"))
        self.title_edit = QLineEdit(title, self)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Starts at"), self.start)
        form.addRow(self.tr("Length"), self.minutes)
        form.addRow(self.tr("Title"), self.title_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Add") if adding else self.tr("Save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[date, str, int, str]:
        return (self.day.currentData(), self.start.time().toString("HH:mm"),
                self.minutes.value(), self.title_edit.text().strip())


class ItemPicker(QDialog):
    """Choose library items (several with Ctrl/Shift) to add to a session, in list order.
    The filter folds as the library search does: "hoa binh" finds "Hòa Bình". Its words are
    translated under its own name (PySide's tr takes the most derived class's name: the
    emergency dialog said "13 item(s)")."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ItemPicker", "Add items to the session"))
        self.resize(520, 480)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(
            QCoreApplication.translate("ItemPicker", "Filter by title or category"))
        self.filter.textChanged.connect(self._filter)
        layout.addWidget(self.filter)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        layout.addWidget(self.list, 1)
        self.message = QLabel(QCoreApplication.translate("ItemPicker", "Loading the library…"), self)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.loaded = False
        library_ops.list_items(self, station, 2000).success(self._show) \
            .failure(lambda exc: self.message.setText(describe(exc))).run_in_background()

    def _show(self, items: list[Item]) -> None:
        self.loaded = True
        for item in items:
            if item.kind == "image":  # a picture cannot be broadcast
                continue
            length = fmt_duration(item.duration_s) if item.duration_s else words.kind_name(item.kind)
            text = f"{item.title}  ·  {length}"
            if item.category:
                text += f"  ·  {item.category}"
            row = QListWidgetItem(text, self.list)
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setData(TITLE_ROLE, item.title)
        self.message.setText(QCoreApplication.translate("ItemPicker", "%n item(s)", "",
                                                        self.list.count()))

    def _filter(self, text: str) -> None:
        needle = fold(text.strip())
        for r in range(self.list.count()):
            row = self.list.item(r)
            row.setHidden(bool(needle) and needle not in fold(row.text()))

    def chosen(self) -> list[str]:
        rows = sorted(self.list.selectedIndexes(), key=lambda i: i.row())
        return [str(self.list.item(i.row()).data(Qt.ItemDataRole.UserRole)) for i in rows]


class EmergencyDialog(ItemPicker):
    """Thông tư 39 emergency bulletin: one library item and why it must air at once."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.setWindowTitle(self.tr("Emergency bulletin"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        note = QLabel(self.tr("It goes on air at once, before the schedule; the chief must "
                              "then confirm it."), self)
        note.setWordWrap(True)
        layout.insertWidget(0, note)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why is this an emergency? (required)"))
        layout.insertWidget(layout.count() - 1, self.reason)

    def accept(self) -> None:
        if not self.chosen() or not self.reason.text().strip():
            self.message.setText(self.tr("Choose one item and say why it is an emergency."))
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        return self.chosen()[0], self.reason.text().strip()

    def chosen_title(self) -> str:
        rows = self.list.selectedItems()
        return str(rows[0].data(TITLE_ROLE) or rows[0].text()) if rows else ""
