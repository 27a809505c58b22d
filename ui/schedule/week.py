"""The week view of the broadcast schedule: seven day columns (Monday first), each a stack of
sessions, each session its slots in order with back-timed start times and durations.

Library items arrive by drag and drop (the library drags ``ITEM_IDS_MIME``: a JSON list of
item ids); slots are reordered, or moved to another session, by dragging them (``SLOT_MIME``).
The widgets only say what the user asked for (signals); the page runs the edits.
"""

from __future__ import annotations

import json
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QByteArray, QLocale, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station.clock import fmt_duration
from station.schedule.model import Problem, Schedule, Session
from station.schedule.timing import SessionTiming
from ui.schedule import words

ITEM_IDS_MIME = "application/x-station-item-ids"
SLOT_MIME = "application/x-station-slot"
KEY_ROLE = Qt.ItemDataRole.UserRole


def item_ids_of(mime: QMimeData) -> list[str]:
    """The library item ids a drag carries (empty if it carries none we understand)."""
    if not mime.hasFormat(ITEM_IDS_MIME):
        return []
    try:
        value = json.loads(bytes(mime.data(ITEM_IDS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v]


def items_mime(item_ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ITEM_IDS_MIME, QByteArray(json.dumps(item_ids).encode("utf-8")))
    return mime


def slot_mime(schedule_id: str, slot_key: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(SLOT_MIME, QByteArray(json.dumps(
        {"schedule_id": schedule_id, "slot_key": slot_key}).encode("utf-8")))
    return mime


def slot_of(mime: QMimeData) -> tuple[str, str] | None:
    """(schedule id, slot key) of a dragged slot."""
    if not mime.hasFormat(SLOT_MIME):
        return None
    try:
        value = json.loads(bytes(mime.data(SLOT_MIME).data()).decode("utf-8"))
        return str(value["schedule_id"]), str(value["slot_key"])
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return None


class SlotList(QListWidget):
    """The slots of one session. Accepts library items and slots; drags its own slots."""

    items_dropped = Signal(str, list, int)  # session key, item ids, row (-1: the end)
    slot_dropped = Signal(str, str, int)  # slot key, target session key, row (-1: the end)

    def __init__(self, schedule_id: str, session_key: str, editable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule_id = schedule_id
        self.session_key = session_key
        self.editable = editable
        self.setAcceptDrops(editable)
        self.setDragEnabled(editable)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop if editable
                             else QAbstractItemView.DragDropMode.NoDragDrop)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def keys(self) -> list[str]:
        return [str(self.item(r).data(KEY_ROLE)) for r in range(self.count())]

    def row_at(self, pos: QPoint) -> int:
        """Where a drop at ``pos`` (viewport coordinates) goes: before the row under it, or
        after it when below its middle; -1 (the end, whatever it is by then) below them."""
        index = self.indexAt(pos)
        if not index.isValid():
            return -1
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def _accepts(self, mime: QMimeData) -> bool:
        if not self.editable:
            return False
        if item_ids_of(mime):
            return True
        found = slot_of(mime)
        return found is not None and found[0] == self.schedule_id

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction if slot_of(event.mimeData())
                                else Qt.DropAction.CopyAction)
            event.accept()
            self.setStyleSheet("QListWidget { border: 2px solid #1565c0; }")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if self._accepts(event.mimeData()):
            event.setDropAction(Qt.DropAction.MoveAction if slot_of(event.mimeData())
                                else Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:  # noqa: N802
        self.setStyleSheet("")

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.setStyleSheet("")
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return
        row = self.row_at(event.position().toPoint())
        ids = item_ids_of(mime)
        found = slot_of(mime)
        # The page reloads the view from the database: Qt must not move rows itself.
        event.setDropAction(Qt.DropAction.CopyAction if ids else Qt.DropAction.MoveAction)
        event.accept()
        if ids:
            self.items_dropped.emit(self.session_key, ids, row)
        elif found is not None:
            self.slot_dropped.emit(found[1], self.session_key, row)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        item = self.currentItem()
        if item is None or not self.editable:
            return
        drag = QDrag(self)
        drag.setMimeData(slot_mime(self.schedule_id, str(item.data(KEY_ROLE))))
        drag.exec(Qt.DropAction.MoveAction)

    def fit(self) -> None:
        """As tall as its rows (at least two, to leave room to drop)."""
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 6
        self.setFixedHeight(max(2, self.count()) * max(row, 1) + 2 * self.frameWidth() + 4)


class SessionBox(QFrame):
    """One session: its time, title, run status, and its slots."""

    add_requested = Signal(str)
    edit_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, sched: Schedule, session: Session, timing: SessionTiming, tz: tzinfo,
                 problems: list[Problem], editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = session.key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.heading = QLabel(f"{words.clock(session.starts_at, tz)}–"
                              f"{words.clock(session.ends_at, tz)} {session.title}".rstrip(), self)
        self.heading.setStyleSheet("font-weight: 600;")
        self.heading.setToolTip(self.heading.text())
        self.heading.setWordWrap(True)  # a narrow week column wraps rather than grows
        layout.addWidget(self.heading)
        self.buttons: list[QToolButton] = []
        for text, tip, signal in (
                ("+", self.tr("Add item…"), self.add_requested),
                ("✎", self.tr("Edit session…"), self.edit_requested),
                ("✕", self.tr("Remove session"), self.remove_requested)):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setAutoRaise(True)
            button.setEnabled(editable)
            button.setVisible(editable)
            button.clicked.connect(lambda _c=False, s=signal: s.emit(self.key))
            self.buttons.append(button)
        self.add_button, self.edit_button, self.remove_button = self.buttons
        text, colour = words.run_text(timing)
        used = self.tr("%1 of %2").replace("%1", fmt_duration(timing.total_s)) \
            .replace("%2", fmt_duration(timing.length_s))
        self.run = QLabel(f"{used} · {text}", self)
        self.run.setObjectName("session_run")
        self.run.setWordWrap(True)
        self.run.setStyleSheet(f"color: {colour};")
        self.run_status = timing.status
        layout.addWidget(self.run)
        self.slots = SlotList(sched.id, session.key, editable, self)
        self.slots.setMinimumWidth(40)
        by_slot: dict[str, list[Problem]] = {}
        for p in problems:
            if p.slot_key:
                by_slot.setdefault(p.slot_key, []).append(p)
        for slot, t in zip(session.slots, timing.slots, strict=True):
            parts = [words.clock(t.starts_at, tz, seconds=True),
                     ("≈" if t.estimated else "") + fmt_duration(t.duration_s), slot.title]
            marks = []
            if slot.priority != "normal":
                marks.append(words.priority_name(slot.priority))
            if slot.kind not in ("item",):
                marks.append(words.kind_name(slot.kind))
            marks += [words.flag_name(f) for f in t.flags]
            label = "  ".join(parts) + (f"  [{', '.join(marks)}]" if marks else "")
            row = QListWidgetItem(label, self.slots)
            row.setData(KEY_ROLE, slot.key)
            found = by_slot.get(slot.key, [])
            tips = [label] + [f"{words.severity_name(p.severity)}: {words.problem_text(p)}"
                              for p in found]
            row.setToolTip("\n".join(tips))
            if slot.priority != "normal":
                font = QFont(row.font())
                font.setBold(True)
                row.setFont(font)
                row.setForeground(QBrush(QColor(words.PRIORITY_COLOUR)))
            if any(p.blocking for p in found):
                row.setForeground(QBrush(QColor(words.ERROR_COLOUR)))
            elif found:
                row.setForeground(QBrush(QColor(words.WARNING_COLOUR)))
        self.slots.fit()
        layout.addWidget(self.slots)
        if editable:
            tools = QHBoxLayout()
            tools.addStretch(1)
            for button in self.buttons:
                tools.addWidget(button)
            layout.addLayout(tools)
        own = [p for p in problems if p.session_key == session.key and not p.slot_key]
        if any(p.blocking for p in own):
            self.setStyleSheet(f"SessionBox {{ border: 2px solid {words.ERROR_COLOUR}; }}")
        if own:
            self.setToolTip("\n".join(words.problem_text(p) for p in own))


class DayColumn(QWidget):
    """One day: a header (click: the day view) and its sessions, earliest first."""

    day_requested = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: date | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QPushButton(self)
        self.header.setFlat(True)
        self.header.setToolTip(self.tr("Show this day"))
        self.header.setStyleSheet("font-weight: 600;")
        self.header.clicked.connect(lambda: self.day_requested.emit(self.day))
        layout.addWidget(self.header)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.area, 1)
        self.boxes: list[SessionBox] = []
        self.set_boxes([])

    def set_day(self, day: date) -> None:
        self.day = day
        locale = QLocale()
        name = locale.dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
        self.header.setText(f"{name} {day:%d/%m}")

    def set_boxes(self, boxes: list[SessionBox]) -> None:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(2, 2, 2, 2)
        for box in boxes:
            layout.addWidget(box)
        if not boxes:
            empty = QLabel(self.tr("No sessions"), inner)
            empty.setStyleSheet("color: palette(mid);")
            layout.addWidget(empty)
        layout.addStretch(1)
        self.boxes = boxes
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.area.setWidget(inner)


class WeekView(QWidget):
    """Seven day columns, Monday first; in day mode only the chosen day shows."""

    items_dropped = Signal(str, list, int)
    slot_dropped = Signal(str, str, int)
    slot_selected = Signal(str)  # slot key, '' when none
    add_requested = Signal(str)
    edit_requested = Signal(str)
    remove_requested = Signal(str)
    day_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.columns: list[DayColumn] = []
        for _ in range(7):
            column = DayColumn(self)
            column.day_requested.connect(self.day_requested)
            layout.addWidget(column, 1)
            self.columns.append(column)
        self.boxes: dict[str, SessionBox] = {}
        self.day_mode = False
        self.day_index = 0

    def set_week(self, monday: date) -> None:
        for n, column in enumerate(self.columns):
            column.set_day(monday + timedelta(days=n))

    def show_day(self, index: int | None) -> None:
        """``None``: the whole week; else only that day (0 is Monday)."""
        self.day_mode = index is not None
        self.day_index = index or 0
        for n, column in enumerate(self.columns):
            column.setVisible(index is None or n == index)

    def show_schedule(self, sched: Schedule | None, timings: list[SessionTiming], tz: tzinfo,
                      problems: list[Problem], editable: bool, monday: date) -> None:
        by_day: list[list[SessionBox]] = [[] for _ in range(7)]
        self.boxes = {}
        if sched is not None:
            for session, timing in zip(sched.sessions, timings, strict=True):
                offset = (session.local_day(tz) - monday).days
                if not 0 <= offset < 7:
                    continue  # a schedule longer than the week: shown with its own week
                mine = [p for p in problems if p.session_key == session.key]
                box = SessionBox(sched, session, timing, tz, mine, editable)
                box.add_requested.connect(self.add_requested)
                box.edit_requested.connect(self.edit_requested)
                box.remove_requested.connect(self.remove_requested)
                box.slots.items_dropped.connect(self.items_dropped)
                box.slots.slot_dropped.connect(self.slot_dropped)
                box.slots.itemSelectionChanged.connect(
                    lambda lst=box.slots: self._selected(lst))
                by_day[offset].append(box)
                self.boxes[session.key] = box
        for column, boxes in zip(self.columns, by_day, strict=True):
            column.set_boxes(boxes)

    def _selected(self, source: SlotList) -> None:
        chosen = source.selectedItems()
        if not chosen:
            if not any(b.slots.selectedItems() for b in self.boxes.values()):
                self.slot_selected.emit("")
            return
        for box in self.boxes.values():
            if box.slots is not source:
                box.slots.blockSignals(True)
                box.slots.clearSelection()
                box.slots.blockSignals(False)
        self.slot_selected.emit(str(chosen[0].data(KEY_ROLE)))

    def select_slot(self, slot_key: str) -> bool:
        for box in self.boxes.values():
            for row in range(box.slots.count()):
                if box.slots.item(row).data(KEY_ROLE) == slot_key:
                    box.slots.setCurrentRow(row)
                    return True
        return False

    def reveal(self, session_key: str) -> None:
        box = self.boxes.get(session_key)
        if box is None:
            return
        for column in self.columns:
            if box in column.boxes:
                column.area.ensureWidgetVisible(box)
