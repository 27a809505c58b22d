"""The rundown's table: one row per segment with its back-timed start, and library rows
dropped between or on rows."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from station.clock import fmt_duration
from station.programmes.rundowns import ItemFacts, Programme, ProgrammeTiming
from ui.schedule.week import ITEM_IDS_MIME, item_ids_of

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = 7  # #, kind, title, item, length, starts, transition


class SegmentTable(QTableWidget):
    """The rundown's segments. Accepts library rows (ITEM_IDS_MIME) dropped between or on
    rows; the panel does the edit and reloads."""

    items_dropped = Signal(list, int)  # item ids, row (-1: the end)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def show_rundown(self, prog: Programme, timing: ProgrammeTiming,
                     facts: dict[str, ItemFacts], kinds: dict[str, str],
                     segues: dict[str, str]) -> None:
        """One row per segment (the caller keeps the selection)."""
        self.setRowCount(len(prog.segments))
        for r, (seg, t) in enumerate(zip(prog.segments, timing.segments, strict=True)):
            f = facts.get(seg.item_id or "")
            item_text = f.title if f else (self.tr("(spoken at render)") if seg.is_tts else
                                           self.tr("(missing)") if seg.item_id else
                                           self.tr("(choose an item)"))
            segue = segues.get(seg.segue, seg.segue)
            if seg.segue != "butt":
                segue += f" {seg.segue_s:g} s"
            if seg.runs_under:
                segue += "  " + self.tr("bed under %n segment(s)", "", seg.bed_under)
            length = fmt_duration(t.audio_s if seg.runs_under else t.length_s, tenths=True)
            if t.estimated:
                length = "≈ " + length
            cells = [str(r + 1), kinds.get(seg.kind, seg.kind), seg.title, item_text,
                     length, fmt_duration(t.start_s, tenths=True), segue]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, seg.id)
                if c == 3 and f is None and not seg.is_tts:
                    cell.setForeground(QBrush(QColor("#c62828")))
                self.setItem(r, c, cell)
        self.resizeColumnToContents(0)

    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else -1

    def row_at(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` (viewport coordinates) lands on; -1 below the rows."""
        index = self.indexAt(pos)
        return index.row() if index.isValid() else -1

    def _offer(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        """Library rows may be dropped here (as copies); anything else may not."""
        if item_ids_of(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self._offer(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = item_ids_of(event.mimeData())
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.items_dropped.emit(ids, self.row_at(event.position().toPoint()))

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ITEM_IDS_MIME]
