"""The week view of the broadcast schedule: seven day columns (Monday first), each a stack of
sessions, each session its slots in order with back-timed start times and durations.

Library items arrive by drag and drop (the library and the page's library panel drag
``ITEM_IDS_MIME``: a JSON list of item ids); slots are reordered, or moved to another session,
by dragging them (``SLOT_MIME``); a line shows where a drop lands. A row shows the start, the
title and the length (rows.py draws it); the zoom shows the whole week, three days or one day
(the day with seconds and marks). The widgets only say what the user asked for (signals); the
page runs the edits.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QLocale, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPaintEvent,
)
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

from station.clock import fmt_day_month, fmt_duration
from station.schedule.model import Problem, Schedule, Session, Slot
from station.schedule.timing import SessionTiming, SlotTiming
from ui.schedule import words
from ui.schedule.rows import (
    KEY_ROLE,
    LENGTH_ROLE,
    MARKS_ROLE,
    TIME_ROLE,
    TIME_S_ROLE,
    TITLE_ROLE,
    FillBar,
    SlotDelegate,
    paint_drop_line,
)
from ui.widgets.drag import item_ids_of, row_mime, row_of

SLOT_MIME = "application/x-station-slot"
ZOOM_DAYS = (7, 3, 1)  # the zoom's steps: the week, three days, one day


def slot_mime(schedule_id: str, slot_key: str) -> QMimeData:
    return row_mime(SLOT_MIME, schedule_id, slot_key)


def slot_of(mime: QMimeData) -> tuple[str, str] | None:
    """(schedule id, slot key) of a dragged slot."""
    return row_of(SLOT_MIME, mime)


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
        self.drop_line = -1  # where a drag in progress would land (-1: nowhere)
        self.delegate = SlotDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setAcceptDrops(editable)
        self.setDragEnabled(editable)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop if editable
                             else QAbstractItemView.DragDropMode.NoDragDrop)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @property
    def detailed(self) -> bool:
        return self.delegate.detailed

    def set_detailed(self, on: bool, two_lines: bool = False) -> None:
        """The day view: seconds and marks; the week: the title on a line of its own."""
        changed = self.delegate.two_lines != two_lines
        self.delegate.detailed = on
        self.delegate.two_lines = two_lines
        if changed:
            self.doItemsLayout()
            self.fit()
        self.viewport().update()

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

    def insertion(self, mime: QMimeData, pos: QPoint) -> int:
        """The row a drop inserts before (-1: the end). A slot of this list dropped on
        another of its rows takes that row's place, so a move by one row never does
        nothing; anything else goes before or after the row by which half is hit."""
        found = slot_of(mime)
        keys = self.keys()
        if found is not None and found[1] in keys:
            old = keys.index(found[1])
            index = self.indexAt(pos)
            target = index.row() if index.isValid() else len(keys) - 1
            return target + 1 if target > old else target
        return self.row_at(pos)

    def _line_for(self, mime: QMimeData, pos: QPoint) -> int:
        row = self.insertion(mime, pos)
        found = slot_of(mime)
        keys = self.keys()
        if found is not None and found[1] in keys and \
                row in (keys.index(found[1]), keys.index(found[1]) + 1):
            return -1  # it would stay where it is
        return self.count() if row < 0 else row

    def _accepts(self, mime: QMimeData) -> bool:
        if not self.editable:
            return False
        if item_ids_of(mime):
            return True
        found = slot_of(mime)
        return found is not None and found[0] == self.schedule_id

    def _offer(self, event: QDragEnterEvent | QDragMoveEvent) -> bool:
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return False
        event.setDropAction(Qt.DropAction.MoveAction if slot_of(mime)
                            else Qt.DropAction.CopyAction)
        event.accept()
        line = self._line_for(mime, event.position().toPoint())
        if line != self.drop_line:
            self.drop_line = line
            self.viewport().update()
        return True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._offer(event):
            self.setStyleSheet("QListWidget { border: 2px solid #1565c0; }")

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self._offer(event)

    def _end_drag(self) -> None:
        self.setStyleSheet("")
        self.drop_line = -1
        self.viewport().update()

    def dragLeaveEvent(self, event: object) -> None:  # noqa: N802
        self._end_drag()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self._end_drag()
        mime = event.mimeData()
        if not self._accepts(mime):
            event.ignore()
            return
        row = self.insertion(mime, event.position().toPoint())
        ids = item_ids_of(mime)
        found = slot_of(mime)
        # The page reloads the view from the database: Qt must not move rows itself.
        event.setDropAction(Qt.DropAction.CopyAction if ids else Qt.DropAction.MoveAction)
        event.accept()
        if ids:
            self.items_dropped.emit(self.session_key, ids, row)
        elif found is not None:
            self.slot_dropped.emit(found[1], self.session_key, row)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        paint_drop_line(self, self.drop_line, self.count())

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
    stream_requested = Signal(str)  # add a relay or a live window
    edit_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, sched: Schedule, session: Session, timing: SessionTiming, tz: tzinfo,
                 problems: list[Problem], editable: bool, parent: QWidget | None = None,
                 detailed: bool = False, two_lines: bool = False) -> None:
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
                ("⇄", self.tr("Add relay or live…"), self.stream_requested),
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
        self.add_button, self.stream_button, self.edit_button, self.remove_button = self.buttons
        text, colour = words.run_text(timing)
        used = self.tr("%1 of %2").replace("%1", fmt_duration(timing.total_s)) \
            .replace("%2", fmt_duration(timing.length_s))
        self.run = QLabel(f"{used} · {text}", self)
        self.run.setObjectName("session_run")
        self.run.setWordWrap(True)
        self.run.setStyleSheet(f"color: {colour};")
        self.run.setToolTip(self.tr("The session's items add up to %1 of its %2: %3")
                            .replace("%1", fmt_duration(timing.total_s))
                            .replace("%2", fmt_duration(timing.length_s)).replace("%3", text))
        self.run_status = timing.status
        self.fill = FillBar(timing.total_s, timing.length_s, timing.status, self)
        self.fill.setToolTip(self.run.toolTip())
        layout.addWidget(self.fill)
        layout.addWidget(self.run)
        self.slots = SlotList(sched.id, session.key, editable, self)
        self.slots.set_detailed(detailed, two_lines)
        self.slots.setMinimumWidth(40)
        by_slot: dict[str, list[Problem]] = {}
        for p in problems:
            if p.slot_key:
                by_slot.setdefault(p.slot_key, []).append(p)
        for slot, t in zip(session.slots, timing.slots, strict=True):
            self._add_row(slot, t, tz, by_slot.get(slot.key, []))
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

    def _add_row(self, slot: Slot, t: SlotTiming, tz: tzinfo, found: list[Problem]) -> None:
        """One slot: start, title, length on the row; all of it, and its problems, in the
        tooltip (the row may be too narrow for the title)."""
        length = ("≈" if t.estimated else "") + fmt_duration(t.duration_s)
        marks = []
        if slot.priority != "normal":
            marks.append(words.priority_name(slot.priority))
        if slot.kind not in ("item",):
            marks.append(words.kind_name(slot.kind))
        marks += [words.flag_name(f) for f in t.flags]
        start = words.clock(t.starts_at, tz)
        label = f"{start} {slot.title}  {length}" + (f"  [{', '.join(marks)}]" if marks else "")
        row = QListWidgetItem(label, self.slots)
        row.setData(KEY_ROLE, slot.key)
        row.setData(TIME_ROLE, start)
        row.setData(TIME_S_ROLE, words.clock(t.starts_at, tz, seconds=True))
        row.setData(TITLE_ROLE, slot.title)
        row.setData(LENGTH_ROLE, length)
        row.setData(MARKS_ROLE, ", ".join(marks))
        when = (f"{words.clock(t.starts_at, tz, seconds=True)}–"
                f"{words.clock(t.ends_at, tz, seconds=True)} · {length}")
        source = words.source_text(slot)  # a relay's feed and rule, a live window's address
        tips = [slot.title, when] + ([", ".join(marks)] if marks else []) + \
            ([source] if source else []) + \
            [f"{words.severity_name(p.severity)}: {words.problem_text(p)}" for p in found]
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
        self.header.setText(f"{name} {fmt_day_month(day)}")

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
    """Seven day columns, Monday first; zoomed in, only three days or one day show."""

    items_dropped = Signal(str, list, int)
    slot_dropped = Signal(str, str, int)
    slot_selected = Signal(str)  # slot key, '' when none
    add_requested = Signal(str)
    stream_requested = Signal(str)
    edit_requested = Signal(str)
    remove_requested = Signal(str)
    day_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_week")
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
        self.days_shown = 7
        self.day_index = 0

    @property
    def day_mode(self) -> bool:
        return self.days_shown == 1

    @property
    def detailed(self) -> bool:
        """One day shows seconds and each slot's marks on its row."""
        return self.days_shown == 1

    @property
    def two_lines(self) -> bool:
        """The whole week's narrow columns give each title a line of its own."""
        return self.days_shown >= 7

    def set_week(self, monday: date) -> None:
        for n, column in enumerate(self.columns):
            column.set_day(monday + timedelta(days=n))

    def first_shown(self) -> int:
        """The first day column shown: the chosen day, or as near it as the week allows."""
        if self.days_shown >= 7:
            return 0
        return max(0, min(self.day_index - (self.days_shown - 1) // 2, 7 - self.days_shown))

    def show_days(self, count: int, index: int) -> None:
        """Show ``count`` days (7, 3 or 1) around the day ``index`` (0 is Monday)."""
        self.days_shown = max(1, min(7, count))
        self.day_index = max(0, min(6, index))
        first = self.first_shown()
        for n, column in enumerate(self.columns):
            column.setVisible(first <= n < first + self.days_shown)
        for box in self.boxes.values():
            box.slots.set_detailed(self.detailed, self.two_lines)

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
                box = SessionBox(sched, session, timing, tz, mine, editable,
                                 detailed=self.detailed, two_lines=self.two_lines)
                box.add_requested.connect(self.add_requested)
                box.stream_requested.connect(self.stream_requested)
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
