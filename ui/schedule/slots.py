"""Slot editing: items dropped or picked into sessions, slots moved, marked as priority
bulletins or removed (and put back: Undo, Ctrl+Z), sessions added, changed or removed. Each
edit is a verb run through :meth:`CurrentWeek.run`; an undo is the core's add verb with the
removed slot's fields at its old place, so rights, the lock and the audit trail apply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import shiboken6
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from station.clock import fmt_time, fmt_time_date
from station.errors import NotFound
from station.schedule.model import ConflictError, ScheduleBlocked, ScheduleLocked, Slot
from ui.errors import describe
from ui.operations import schedule as ops
from ui.schedule import words
from ui.schedule.current import CurrentWeek
from ui.schedule.dialogs import ItemPicker, SessionDialog
from ui.schedule.stream_dialog import StreamSlot, StreamSlotDialog
from ui.schedule.week import WeekView

UNDO_DEPTH = 20  # removals kept to put back


@dataclass(frozen=True)
class Removed:
    """A slot removed from a session, and where it was."""

    schedule_id: str
    session_key: str
    position: int
    slot: Slot


class SlotEditor(QWidget):
    """The row of slot buttons; ``add_session_button`` goes where the page puts it."""

    def __init__(self, current: CurrentWeek, week: WeekView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.station = current.station
        self.picker: ItemPicker | None = None
        self.session_dialog: SessionDialog | None = None
        self.stream_dialog: StreamSlotDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.add_session_button = QPushButton(self.tr("Add session…"), self)
        self.add_session_button.clicked.connect(lambda: self.open_session_dialog(None))
        slots = QHBoxLayout(self)
        slots.setContentsMargins(0, 0, 0, 0)
        self.slot_label = QLabel(self.tr("Drag items from the library onto a session, or "
                                         "use + on a session."), self)
        self.slot_label.setStyleSheet("color: palette(mid);")
        slots.addWidget(self.slot_label, 1)
        self.stream_button = QPushButton(self.tr("Add relay or live…"), self)
        self.stream_button.setObjectName("schedule_add_stream")
        self.stream_button.setToolTip(self.tr("Add a relay from a feed or a live stream to "
                                              "the chosen slot's session (or ⇄ on a session)"))
        self.stream_button.clicked.connect(self.stream_for_chosen)
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.priority_button = QPushButton(self.tr("Priority bulletin"), self)
        self.priority_button.setCheckable(True)
        self.priority_button.setToolTip(self.tr("Thông tư 39/2020: a priority bulletin airs "
                                                "before the normal items of its session"))
        self.remove_slot_button = QPushButton(self.tr("Remove from session"), self)
        self.remove_slot_button.setToolTip(self.tr("Remove the chosen slot (Delete)"))
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setObjectName("schedule_undo")
        self.undo_button.setEnabled(False)
        self.removed: list[Removed] = []  # the last removal last
        for b in (self.stream_button, self.up_button, self.down_button, self.priority_button,
                  self.remove_slot_button, self.undo_button):
            slots.addWidget(b)
        self.undo_button.clicked.connect(self.undo)
        self.up_button.clicked.connect(lambda: self.nudge_slot(-1))
        self.down_button.clicked.connect(lambda: self.nudge_slot(1))
        self.priority_button.clicked.connect(
            lambda checked: self.set_priority("priority" if checked else "normal"))
        self.remove_slot_button.clicked.connect(self.remove_slot)
        week.items_dropped.connect(self.drop_items)
        week.slot_dropped.connect(self.drop_slot)
        week.slot_selected.connect(current.select_slot)
        week.add_requested.connect(self.pick_items)
        week.stream_requested.connect(self.open_stream_dialog)
        week.edit_requested.connect(self.open_session_dialog)
        week.remove_requested.connect(self.confirm_remove_session)
        current.refreshed.connect(self.update_actions)

    def _last_removed(self) -> Removed | None:
        """The last removal from the schedule shown (removals from other weeks wait)."""
        sched = self.current.schedule
        for entry in reversed(self.removed):
            if sched is not None and entry.schedule_id == sched.id:
                return entry
        return None

    def update_actions(self) -> None:
        current = self.current
        sched = current.schedule
        editable = current.editable and not current.busy
        self.add_session_button.setEnabled(editable)
        slot = current.slot()
        self.stream_button.setEnabled(editable and slot is not None)
        for b in (self.up_button, self.down_button, self.priority_button,
                  self.remove_slot_button):
            b.setEnabled(editable and slot is not None)
        if slot is not None:
            self.priority_button.setChecked(slot.priority == "priority")
            session = next(x for x in sched.sessions if slot in x.slots) if sched else None
            if session is not None:
                index = session.slots.index(slot)
                self.up_button.setEnabled(editable and index > 0)
                self.down_button.setEnabled(editable and index < len(session.slots) - 1)
            self.slot_label.setText(f"“{slot.title}” · {words.priority_name(slot.priority)}")
        else:
            self.priority_button.setChecked(False)
            self.slot_label.setText(self.tr("Drag items from the library onto a session, or "
                                            "use + on a session.") if current.editable else "")
        last = self._last_removed()
        self.undo_button.setEnabled(editable and last is not None)
        self.undo_button.setToolTip(
            self.tr("Put “%1” back where it was (Ctrl+Z)").replace("%1", last.slot.title)
            if last is not None else self.tr("Nothing to undo"))
        if last is not None and slot is None and current.editable:
            self.slot_label.setText(self.tr("Removed “%1”: Undo (Ctrl+Z) puts it back.")
                                    .replace("%1", last.slot.title))

    # -- slots ------------------------------------------------------------------------------------
    def drop_items(self, session_key: str, item_ids: list[str], row: int) -> None:
        sched = self.current.schedule
        if sched is None or not self.current.can_edit():
            return
        self.current.run(ops.add_items(self.current.host, self.station, sched, session_key,
                                       item_ids, None if row < 0 else row))

    def drop_slot(self, slot_key: str, session_key: str, row: int) -> None:
        sched = self.current.schedule
        if sched is None or not self.current.can_edit():
            return
        try:
            source, _slot = sched.find_slot(slot_key)
        except NotFound:
            return
        position = row if row >= 0 else len(sched.session(session_key).slots)
        if source.key == session_key:
            old = [s.key for s in source.slots].index(slot_key)
            if old < position:
                position -= 1
            if position == old:
                return
        self.current.current_slot = slot_key
        self.current.run(ops.move_slot(self.current.host, self.station, sched, slot_key,
                                       position, None if source.key == session_key
                                       else session_key))

    def nudge_slot(self, direction: int) -> None:
        sched, slot = self.current.schedule, self.current.slot()
        if sched is None or slot is None or not self.current.can_edit():
            return
        session, _ = sched.find_slot(slot.key)
        position = session.slots.index(slot) + direction
        if 0 <= position < len(session.slots):
            self.current.run(ops.move_slot(self.current.host, self.station, sched, slot.key,
                                           position))

    def set_priority(self, priority: str) -> None:
        sched, slot = self.current.schedule, self.current.slot()
        if sched is None or slot is None or not self.current.can_edit():
            self.current.refresh()
            return
        self.current.run(ops.set_priority(self.current.host, self.station, sched, slot.key,
                                          priority))

    def remove_slot(self) -> None:
        sched, slot = self.current.schedule, self.current.slot()
        if sched is None or slot is None or not self.current.can_edit():
            return
        session, _ = sched.find_slot(slot.key)
        self.removed.append(Removed(sched.id, session.key, session.slots.index(slot), slot))
        del self.removed[:-UNDO_DEPTH]
        self.current.current_slot = ""
        self.current.run(ops.remove_slot(self.current.host, self.station, sched, slot.key))

    def undo(self) -> None:
        """Put the last removed slot back at its place in its session."""
        sched, last = self.current.schedule, self._last_removed()
        if sched is None or last is None or not self.current.can_edit():
            return
        self.removed.remove(last)
        try:
            session = sched.session(last.session_key)
        except NotFound:  # the session went away since: nothing to put it back into
            self.current.say(self.tr("The session of “%1” is gone: it cannot be put back.")
                             .replace("%1", last.slot.title), error=True)
            self.current.refresh()
            return
        if any(s.key == last.slot.key for s in session.slots):
            self.current.refresh()  # the removal never happened (it lost a race)
            return
        position = min(last.position, len(session.slots))
        self.current.run(ops.restore_slot(self.current.host, self.station, sched,
                                          last.session_key, last.slot, position))

    def add_where_chosen(self, item_ids: list[str]) -> None:
        """Items chosen in the library panel (double-click, Enter): after the chosen slot."""
        sched, slot = self.current.schedule, self.current.slot()
        if sched is None or not item_ids:
            return
        if slot is None:
            self.slot_label.setText(self.tr("Choose a slot first (the items go after it), or "
                                            "drag the items onto a session."))
            return
        if not self.current.can_edit():
            return
        session, _ = sched.find_slot(slot.key)
        self.current.run(ops.add_items(self.current.host, self.station, sched, session.key,
                                       item_ids, session.slots.index(slot) + 1))

    def pick_items(self, session_key: str) -> None:
        """The keyboard way to add items: choose them in a list."""
        if not self.current.can_edit():
            return
        picker = ItemPicker(self.station, self.current.host)
        self.picker = picker

        def done() -> None:
            sched = self.current.schedule
            ids = picker.chosen()
            if sched is not None and ids and self.current.can_edit():
                self.current.run(ops.add_items(self.current.host, self.station, sched,
                                               session_key, ids))

        picker.accepted.connect(done)
        picker.finished.connect(picker.deleteLater)
        picker.open()

    # -- relay and live ---------------------------------------------------------------------------
    def stream_for_chosen(self) -> None:
        sched, slot = self.current.schedule, self.current.slot()
        if sched is not None and slot is not None:
            self.open_stream_dialog(sched.find_slot(slot.key)[0].key)

    def open_stream_dialog(self, session_key: str) -> None:
        """A relay or a live window at the end of the session; the dialog stays open with the
        core's error until it is saved."""
        current = self.current
        sched = current.schedule
        if sched is None or current.state is None or not current.can_edit():
            return
        x = sched.session(session_key)
        local = x.starts_at.astimezone(current.state.tz)
        dialog = StreamSlotDialog(self.station, f"{fmt_time_date(local)} {x.title}".rstrip(),
                                  current.host)
        self.stream_dialog = dialog
        dialog.submitted.connect(lambda value: self._save_stream(dialog, session_key, value))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _save_stream(self, dialog: StreamSlotDialog, session_key: str, value: StreamSlot) -> None:
        current = self.current
        sched = current.schedule
        if sched is None or not current.can_edit():
            dialog.failed(self.tr("The schedule cannot be changed now."))
            return
        current.busy = True
        current.refresh()

        def saved(_changes: object) -> None:
            if shiboken6.isValid(dialog):
                dialog.accept()
            current.reload()

        def refused(exc: BaseException) -> None:
            open_ = shiboken6.isValid(dialog) and dialog.isVisible()
            if not open_ or isinstance(exc, ConflictError | ScheduleLocked | ScheduleBlocked):
                if open_:
                    dialog.reject()  # the page says it and offers to apply it again
                current.failed(exc)
                return
            current.busy = False
            current.refresh()
            dialog.failed(describe(exc))

        ops.add_stream_slot(current.host, self.station, sched, session_key, kind=value.kind,
                            title=value.title, planned_s=value.planned_s,
                            relay_ref=value.relay_ref, relay_rule=value.relay_rule,
                            stream_url=value.stream_url) \
            .success(ops.guard(current, saved)).failure(ops.guard(current, refused)) \
            .run_in_background()

    # -- sessions ---------------------------------------------------------------------------------
    def open_session_dialog(self, session_key: str | None) -> None:
        current = self.current
        sched = current.schedule
        if sched is None or current.state is None or not current.can_edit():
            return
        tz = current.state.tz
        days = [sched.period_start + timedelta(days=n) for n in range(sched.period_days)]
        if session_key:
            x = sched.session(session_key)
            local = x.starts_at.astimezone(tz)
            dialog = SessionDialog(days, current.host, day=local.date(),
                                   start=fmt_time(local, seconds=False), minutes=round(x.length_s / 60),
                                   title=x.title, adding=False)
        else:
            dialog = SessionDialog(days, current.host, day=current.day, adding=True)
        self.session_dialog = dialog

        def done() -> None:
            now = current.schedule
            if now is None or not current.can_edit():
                return
            day, start, minutes, title = dialog.values()
            if session_key:
                current.run(ops.update_session(current.host, self.station, now, session_key,
                                               day, start, minutes, title))
            else:
                current.run(ops.add_session(current.host, self.station, now, day, start,
                                            minutes, title))

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def confirm_remove_session(self, session_key: str) -> None:
        current = self.current
        sched = current.schedule
        if sched is None or current.state is None or not current.can_edit():
            return
        x = sched.session(session_key)
        when = x.starts_at.astimezone(current.state.tz)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove session"),
                          self.tr("Remove the session of %1 and its %n slot(s)?", "",
                                  len(x.slots)).replace("%1", fmt_time_date(when)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          current.host)
        self.confirm_box = box

        def answered(button: QAbstractButton) -> None:
            now = current.schedule
            if box.standardButton(button) == QMessageBox.StandardButton.Yes and now and \
                    current.can_edit():
                current.run(ops.remove_session(current.host, self.station, now, session_key))

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()
