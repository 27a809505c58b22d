"""Thư viện: the items of the station's library."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QWidget

from station.changes import Changes
from station.library import Item
from station.rights import Right
from station.station import Station
from ui import i18n, verbs
from ui.pages.base import Page

AnyIndex = QModelIndex | QPersistentModelIndex


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ItemsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[Item] = []
        self.kinds = {"audio": self.tr("Audio"), "video": self.tr("Video"),
                      "image": self.tr("Image"), "text": self.tr("Text")}
        self.headers = [self.tr("Title"), self.tr("Kind"), self.tr("Category"),
                        self.tr("Duration"), self.tr("Added"), self.tr("By")]

    def set_items(self, items: list[Item]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        item = self.items[index.row()]
        return (item.title, self.kinds.get(item.kind, item.kind), item.category,
                format_duration(item.duration_s), i18n.format_iso(item.created_at),
                item.created_by)[index.column()]


class LibraryPage(Page):
    right = Right.LIBRARY_VIEW

    def title(self) -> str:
        return self.tr("Library")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.summary = QLabel(self)
        self.layout_.addWidget(self.summary)
        self.model = ItemsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("library_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.layout_.addWidget(self.table)
        self._loaded = False

    def shown(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        verbs.list_items(self, self.station).success(self._show).run_in_background()

    def _show(self, items: list[Item]) -> None:
        self.model.set_items(items)
        self.summary.setText(self.tr("%n item(s)", "", len(items)))

    def on_changes(self, changes: Changes) -> None:
        if changes.library:
            self.reload()
