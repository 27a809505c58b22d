"""The rundown's table: one row per segment with its back-timed start; library rows dropped
between or on rows, and its own rows dragged to another place (a line shows where)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPaintEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from station.clock import fmt_duration
from station.programmes.rundowns import ItemFacts, Programme, ProgrammeTiming
from ui.schedule.rows import paint_drop_line
from ui.widgets.drag import ITEM_IDS_MIME, item_ids_of, row_mime, row_of

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = 7  # #, kind, title, item, length, starts, transition
SEGMENT_MIME = "application/x-station-segment"


def segment_mime(programme_id: str, segment_id: str) -> QMimeData:
    return row_mime(SEGMENT_MIME, programme_id, segment_id)


def segment_of(mime: QMimeData) -> tuple[str, str] | None:
    """(programme id, segment id) of a dragged rundown row."""
    return row_of(SEGMENT_MIME, mime)


class SegmentTable(QTableWidget):
    """The rundown's segments. Accepts library rows (ITEM_IDS_MIME) dropped between or on
    rows, and its own rows (SEGMENT_MIME) dropped on another row: the segment takes that
    row's place. The panel does the edit and reloads."""

    items_dropped = Signal(list, int)  # item ids, row (-1: the end)
    segment_dropped = Signal(str, int)  # segment id, its new position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.programme_id = ""
        self.drop_line = -1  # where a drag in progress would land (-1: nowhere)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
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
        self.programme_id = prog.id
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
            length = fmt_duration(t.audio_s if seg.runs_under else t.length_s, decimals=1)
            if t.estimated:
                length = "≈ " + length
            cells = [str(r + 1), kinds.get(seg.kind, seg.kind), seg.title, item_text,
                     length, fmt_duration(t.start_s, decimals=1), segue]
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

    def segment_ids(self) -> list[str]:
        cells = (self.item(r, 0) for r in range(self.rowCount()))
        return [str(cell.data(ID_ROLE)) for cell in cells if cell is not None]

    def _own(self, mime: QMimeData) -> str | None:
        """The id of a segment of this rundown being dragged, else None."""
        found = segment_of(mime)
        if found is None or found[0] != self.programme_id or \
                found[1] not in self.segment_ids():
            return None
        return found[1]

    def move_target(self, segment_id: str, pos: QPoint) -> int:
        """Where a row dropped at ``pos`` goes: the place of the row under it (the last
        place below the rows)."""
        row = self.row_at(pos)
        return self.rowCount() - 1 if row < 0 else row

    def _line_for(self, mime: QMimeData, pos: QPoint) -> int:
        own = self._own(mime)
        if own is not None:
            old = self.segment_ids().index(own)
            target = self.move_target(own, pos)
            if target == old:
                return -1
            return target + 1 if target > old else target
        row = self.row_at(pos)
        return self.rowCount() if row < 0 else row

    def _offer(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        """Library rows may be dropped here (as copies), and this rundown's own rows (moved);
        anything else may not."""
        mime = event.mimeData()
        own = self._own(mime)
        if own is None and not item_ids_of(mime):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction if own else Qt.DropAction.CopyAction)
        event.accept()
        line = self._line_for(mime, event.position().toPoint())
        if line != self.drop_line:
            self.drop_line = line
            self.viewport().update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self._offer(event)

    def dragLeaveEvent(self, event: object) -> None:  # noqa: N802
        self.drop_line = -1
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.drop_line = -1
        self.viewport().update()
        mime = event.mimeData()
        pos = event.position().toPoint()
        own = self._own(mime)
        if own is not None:
            # The panel reloads from the database: Qt must not move the rows itself.
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            target = self.move_target(own, pos)
            if target != self.segment_ids().index(own):
                self.segment_dropped.emit(own, target)
            return
        ids = item_ids_of(mime)
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.items_dropped.emit(ids, self.row_at(pos))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        paint_drop_line(self, self.drop_line, self.rowCount())

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        row = self.selected_row()
        cell = self.item(row, 0) if row >= 0 else None
        if cell is None or not self.programme_id:
            return
        drag = QDrag(self)
        drag.setMimeData(segment_mime(self.programme_id, str(cell.data(ID_ROLE))))
        drag.exec(Qt.DropAction.MoveAction)

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ITEM_IDS_MIME, SEGMENT_MIME]
