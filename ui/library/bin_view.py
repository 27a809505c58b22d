"""Thùng rác: the items deleted from the library, to restore or to remove for good.

Not modal: the library stays usable while it is open. Emptying asks first and says what
stayed (an item a draft schedule or a programme still uses stays in the bin)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.clock import fmt_duration
from station.rights import Right
from station.station import Station
from ui import i18n, words
from ui.operations import bus
from ui.operations import library as library_ops


class BinDialog(QDialog):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("library_bin_dialog")
        self.setWindowTitle(self.tr("Recycle bin"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("Deleted items wait here: they are out of every search and "
                                   "list until they are restored. Emptying the bin removes "
                                   "them for good."), self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("bin_table")
        self.table.setHorizontalHeaderLabels([self.tr("Title"), self.tr("Kind"),
                                              self.tr("Duration"), self.tr("Deleted"),
                                              self.tr("Deleted by")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("bin_status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().height() * 2 + 4)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.restore = QPushButton(self.tr("Restore"), self)
        self.restore.setObjectName("bin_restore")
        self.empty = QPushButton(self.tr("Empty the bin…"), self)
        self.empty.setObjectName("bin_empty")
        close = QPushButton(self.tr("Close"), self)
        for w in (self.restore, self.empty):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.restore.setEnabled(False)
        self.restore.setVisible(station.can(Right.LIBRARY_EDIT))
        self.empty.setVisible(station.can(Right.LIBRARY_DELETE))  # for good: the archivist
        self.restore.clicked.connect(self._restore)
        self.empty.clicked.connect(self.confirm_empty)
        close.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore.setEnabled(bool(self.selected_ids())))
        bus.changed.connect(self._changed)
        self.entries: list[Any] = []
        self.reload()

    def reload(self) -> None:
        library_ops.bin_contents(self, self.station).success(self._show).run_in_background()

    def _changed(self, changes: Changes) -> None:
        if changes.library and self.isVisible():
            self.reload()

    def _show(self, entries: list[Any]) -> None:
        self.entries = entries
        tz = i18n.zone_of(self.station)
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (e.title, words.kind_name(e.kind), fmt_duration(e.duration_s, unknown=""),
                     i18n.format_moment(e.binned_at, tz), words.actor_name(e.binned_by))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, e.id)
                if column == 0:
                    cell.setToolTip(e.title)
                self.table.setItem(row, column, cell)
        self.empty.setEnabled(bool(entries))
        if not entries and not self.status.text():
            self.status.setText(self.tr("The bin is empty."))

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.entries[r].id for r in rows if r < len(self.entries)]

    def _restore(self) -> None:
        self.restore_ids(self.selected_ids())

    def restore_ids(self, ids: list[str]) -> None:
        if not ids:
            return
        library_ops.restore_items(self, self.station, ids) \
            .success(lambda _c: self.status.setText(
                self.tr("%n item(s) restored to the library.", "", len(ids)))) \
            .run_in_background()

    def confirm_empty(self) -> None:
        if not self.entries:
            return
        answer = QMessageBox.question(
            self, self.tr("Empty the bin"),
            self.tr("Remove the %n item(s) in the bin for good? Their files are deleted "
                    "too, unless another item uses them. This cannot be undone.", "",
                    len(self.entries)))
        if answer == QMessageBox.StandardButton.Yes:
            self.empty_now()

    def empty_now(self) -> None:
        library_ops.empty_bin(self, self.station) \
            .with_progress(self.tr("Emptying the bin…")) \
            .success(lambda result: self._emptied(result[0])) \
            .run_in_background()

    def _emptied(self, report: Any) -> None:
        text = self.tr("%n item(s) removed for good.", "", len(report.removed))
        if report.kept:
            text += " " + self.tr("%n item(s) stay in the bin: a schedule or a programme still "
                                  "uses them.", "", len(report.kept))
        self.status.setText(text)
        self.reload()
