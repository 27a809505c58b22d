"""Finding the item to edit: a search line, an Open button and the matches."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.preview import format_clock


class ItemFinder(QWidget):
    """Says what the user asked for; the panel runs the search and shows the results."""

    search_requested = Signal(str)
    open_requested = Signal(str)  # an item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        find = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Find an item to edit (title, words)…"))
        self.search.returnPressed.connect(
            lambda: self.search_requested.emit(self.search.text().strip()))
        find.addWidget(self.search, 1)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self._open_selected)
        find.addWidget(self.open_button)
        layout.addLayout(find)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(80)
        self.results.itemActivated.connect(lambda _: self._open_selected())
        layout.addWidget(self.results)

    def show_results(self, rows: list[tuple[str, str, float | None]]) -> None:
        self.results.clear()
        for item_id, title, duration in rows:
            entry = QListWidgetItem(f"{title}  ({format_clock(duration or 0)})")
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            self.results.addItem(entry)
        if rows:
            self.results.setCurrentRow(0)

    def chosen(self) -> str | None:
        entry = self.results.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _open_selected(self) -> None:
        item_id = self.chosen()
        if item_id:
            self.open_requested.emit(item_id)
