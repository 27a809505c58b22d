"""The watched import folders, as the Settings page shows them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.station import Station
from ui.operations import watch as watch_ops


class WatchFoldersBox(QGroupBox):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Watched import folders"))
        self.station = station
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("Files dropped into these folders are imported by themselves and "
                              "moved to “Đã nhập”; refused ones go to “Lỗi” with the reason."),
                      self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.folders = QListWidget(self)
        self.folders.setObjectName("watch_folders")
        # A few folders at most: room for five before it scrolls, not half the page.
        rows = max(self.folders.fontMetrics().lineSpacing() + 4, 20)
        self.folders.setMinimumHeight(rows * 3)
        self.folders.setMaximumHeight(rows * 5 + 8)
        layout.addWidget(self.folders)
        row = QHBoxLayout()
        self.category = QComboBox(self)
        self.category.setEditable(True)
        self.category.setMinimumWidth(220)
        self.add = QPushButton(self.tr("Add folder…"), self)
        self.remove = QPushButton(self.tr("Remove"), self)
        row.addWidget(QLabel(self.tr("Category for new imports"), self))
        row.addWidget(self.category)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel(self)
        layout.addWidget(self.status)
        self.add.clicked.connect(self._choose)
        self.remove.clicked.connect(self._remove)

    def reload(self) -> None:
        watch_ops.watched_folders(self, self.station).success(self._show).run_in_background()

    def _show(self, found: tuple[list[Any], list[str]]) -> None:
        folders, categories = found
        self.folders.clear()
        for f in folders:
            entry = QListWidgetItem(f"{f.path}  —  {f.category or self.tr('no category')}")
            entry.setData(256, f.path)
            self.folders.addItem(entry)
        current = self.category.currentText()
        self.category.clear()
        self.category.addItems(["", *categories])
        self.category.setCurrentText(current)

    def _choose(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder to watch"))
        if path:
            self.add_folder(path, self.category.currentText())

    def add_folder(self, path: str, category: str) -> None:
        from ui.errors import describe

        watch_ops.add_watched_folder(self, self.station, path, category) \
            .success(lambda _c: self._done(self.tr("Folder added."))) \
            .failure(lambda exc: self.status.setText(describe(exc))) \
            .run_in_background()

    def _remove(self) -> None:
        entry = self.folders.currentItem()
        if entry is None:
            return
        watch_ops.remove_watched_folder(self, self.station, entry.data(256)) \
            .success(lambda _c: self._done(self.tr("Folder removed."))) \
            .run_in_background()

    def _done(self, text: str) -> None:
        self.status.setText(text)

    def on_changes(self, changes: Changes) -> None:
        if changes.settings:
            self.reload()
