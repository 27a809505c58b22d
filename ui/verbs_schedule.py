"""Named verbs of the broadcast schedule and the chief's approval: each returns a background
Op on the database pool (the connection's owner). Edits carry the version the view loaded;
a change that lost a race comes back as a :class:`PendingConflict` that ``reapply`` finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from media.taskstate import TaskState
from station.changes import Changes
from station.rights import Right
from station.schedule import approval as schedule_approval
from station.schedule import bulletins as schedule_bulletins
from station.schedule import periods as schedule
from station.schedule import reports as schedule_reports
from station.schedule.approval import Decision, InboxEntry, SealCheck
from station.schedule.bulletins import Emergency
from station.schedule.checks import CheckReport, check_loaded
from station.schedule.export import PackageReport
from station.schedule.model import ConflictError, Schedule, headers, load
from station.schedule.reports import Report
from station.schedule.templates import Template, list_templates
from station.schedule.timing import SessionTiming, time_schedule
from station.schedule_time import zone
from station.station import Station
from ui.operations import Op

T = TypeVar("T")
# One step of an edit: given the version to expect (None: whatever it is now), do it.
Step = Callable[[Station, int | None], tuple[Any, Changes]]
CREATE_HOWS = ("default", "empty", "last", "template")


def _db(parent: QWidget | None, fn: Callable[[TaskState], Any]) -> Op[Any]:
    return Op(fn, parent, "db")


# -- what the week view shows -------------------------------------------------------------------
@dataclass(frozen=True)
class WeekState:
    monday: date
    tz: tzinfo
    schedule: Schedule | None  # the newest revision covering the week, with its sessions
    timings: list[SessionTiming] = field(default_factory=list)  # one per session, in order
    report: CheckReport | None = None
    base: Schedule | None = None  # the approved revision a draft changes (header only)
    templates: list[Template] = field(default_factory=list)
    has_previous: bool = False  # a schedule covers the day before: "copy last week" works


def load_week(parent: QWidget | None, st: Station, monday: date) -> Op[WeekState]:
    def work(_: TaskState) -> WeekState:
        st.require(Right.LIBRARY_VIEW, "view schedule")
        tz = zone(st)
        found = None
        for n in range(7):  # a schedule need not start on this Monday
            found = schedule.current(st, monday + timedelta(days=n))
            if found is not None:
                break
        templates = list_templates(st)
        previous = schedule.current(st, monday - timedelta(days=1)) is not None
        if found is None:
            return WeekState(monday, tz, None, templates=templates, has_previous=previous)
        base = next(iter(headers(st, "WHERE id = ?", [found.base_id])), None) \
            if found.base_id else None
        return WeekState(monday, tz, found, time_schedule(st, found), check_loaded(st, found),
                         base, templates, previous)

    return _db(parent, work)


def create_week(parent: QWidget | None, st: Station, monday: date, how: str,
                template_id: str | None = None) -> Op[tuple[Schedule, Changes]]:
    """``how``: 'default' sessions, 'empty', 'last' week copied, or a 'template'."""

    def work(_: TaskState) -> tuple[Schedule, Changes]:
        return schedule.create_week(st, monday, empty=how == "empty",
                                    copy_from="last" if how == "last" else None,
                                    template=template_id if how == "template" else None)

    return _db(parent, work)


# -- edits ----------------------------------------------------------------------------------------
class PendingConflict(ConflictError):
    """The first step of an edit lost a race (nothing was written); ``rest`` are the steps
    that were to follow it. The UI reloads, shows who changed what, then reapplies."""

    def __init__(self, original: ConflictError, rest: tuple[Step, ...]) -> None:
        super().__init__(original.template, original.edit, **original.params)
        self.rest = rest


def edit(parent: QWidget | None, st: Station, expected_version: int,
         steps: list[Step]) -> Op[Changes]:
    """Run the steps in one transaction; the first checks the version, the others follow."""

    def work(_: TaskState) -> Changes:
        st.require(Right.SCHEDULE_EDIT, "edit schedule")  # outside: a refusal stays audited
        changes = Changes()
        with st.db.atomic():
            for n, step in enumerate(steps):
                try:
                    _result, ch = step(st, expected_version if n == 0 else None)
                except ConflictError as exc:
                    if n == 0:
                        raise PendingConflict(exc, tuple(steps[1:])) from exc
                    raise
                changes = changes | ch
        return changes

    return _db(parent, work)


def reapply(parent: QWidget | None, st: Station, conflict: ConflictError) -> Op[Changes]:
    """Apply the refused change to the current version (schedule.reapply), then its rest."""

    def work(_: TaskState) -> Changes:
        st.require(Right.SCHEDULE_EDIT, "edit schedule")
        with st.db.atomic():
            _result, changes = schedule.reapply(st, conflict)
            for step in getattr(conflict, "rest", ()):
                changes = changes | step(st, None)[1]
        return changes

    return _db(parent, work)


def add_session(parent: QWidget | None, st: Station, sched: Schedule, day: date, start: str,
                minutes: float, title: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.add_session(s, sched.id, day, start, minutes=minutes, title=title,
                                          expected_version=v)])


def update_session(parent: QWidget | None, st: Station, sched: Schedule, session_key: str,
                   day: date, start: str, minutes: float, title: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.update_session(s, sched.id, session_key, day=day, start=start,
                                             minutes=minutes, title=title, expected_version=v)])


def remove_session(parent: QWidget | None, st: Station, sched: Schedule,
                   session_key: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.remove_session(s, sched.id, session_key, expected_version=v)])


def _add_step(schedule_id: str, session_key: str, item_id: str, position: int | None) -> Step:
    return lambda s, v: schedule.add_slot(s, schedule_id, session_key, item_id=item_id,
                                          position=position, expected_version=v)


def add_items(parent: QWidget | None, st: Station, sched: Schedule, session_key: str,
              item_ids: list[str], position: int | None = None) -> Op[Changes]:
    """Library items into a session, in the order given, at ``position`` (None: the end)."""
    steps = [_add_step(sched.id, session_key, item_id,
                       None if position is None else position + n)
             for n, item_id in enumerate(item_ids)]
    return edit(parent, st, sched.version, steps)


def move_slot(parent: QWidget | None, st: Station, sched: Schedule, slot_key: str,
              position: int, session_key: str | None = None) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.move_slot(s, sched.id, slot_key, position,
                                        session_key=session_key, expected_version=v)])


def remove_slot(parent: QWidget | None, st: Station, sched: Schedule,
                slot_key: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.remove_slot(s, sched.id, slot_key, expected_version=v)])


def set_priority(parent: QWidget | None, st: Station, sched: Schedule, slot_key: str,
                 priority: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.set_slot(s, sched.id, slot_key, priority=priority,
                                       expected_version=v)])


# -- workflow -------------------------------------------------------------------------------------
def submit(parent: QWidget | None, st: Station,
           sched: Schedule) -> Op[tuple[CheckReport, Changes]]:
    return _db(parent, lambda _: schedule_approval.submit(st, sched.id,
                                                          expected_version=sched.version))


def withdraw(parent: QWidget | None, st: Station, sched: Schedule) -> Op[Changes]:
    return _db(parent, lambda _: schedule_approval.withdraw(st, sched.id))


def revise(parent: QWidget | None, st: Station, sched: Schedule) -> Op[tuple[Schedule, Changes]]:
    return _db(parent, lambda _: schedule.revise(st, sched.id))


def export_package(parent: QWidget | None, st: Station, schedule_id: str, target: Path,
                   as_zip: bool) -> Op[PackageReport]:
    from station.schedule.export import export_package as export

    return _db(parent, lambda state: export(st, schedule_id, target, as_zip=as_zip, state=state))


def export_html(parent: QWidget | None, st: Station, schedule_id: str, target: Path) -> Op[Path]:
    def work(state: TaskState) -> Path:
        from station.schedule.html import export_html as export

        export(st, schedule_id, target)
        state.progress(1.0, "")
        return target

    return _db(parent, work)


# -- the chief's inbox -----------------------------------------------------------------------------
@dataclass(frozen=True)
class InboxItem:
    entry: InboxEntry
    base: Schedule | None  # the approved revision it changes, with its sessions
    session_labels: dict[str, str]  # session key -> "05:30 03/03/2031 Buổi sáng", both revisions


@dataclass(frozen=True)
class InboxState:
    tz: tzinfo
    items: list[InboxItem]
    decided: list[Schedule]  # recently approved, published or rejected revisions (headers)


def session_label(sched: Schedule, tz: tzinfo) -> dict[str, str]:
    out = {}
    for x in sched.sessions:
        local = x.starts_at.astimezone(tz)
        out[x.key] = f"{local:%H:%M %d/%m/%Y} {x.title}".rstrip()
    return out


def load_inbox(parent: QWidget | None, st: Station) -> Op[InboxState]:
    def work(_: TaskState) -> InboxState:
        tz = zone(st)
        items = []
        for entry in schedule_approval.inbox(st):
            base = load(st, entry.base_id) if entry.base_id else None
            labels = session_label(base, tz) if base else {}
            labels |= session_label(entry.schedule, tz)
            items.append(InboxItem(entry, base, labels))
        decided = headers(st, "WHERE decided_at IS NOT NULL", [], limit=30)
        decided.sort(key=lambda s: s.decided_at or "", reverse=True)
        return InboxState(tz, items, decided[:15])

    return _db(parent, work)


def decide(parent: QWidget | None, st: Station, sched: Schedule, approve: bool,
           comment: str) -> Op[tuple[Decision, Changes]]:
    return _db(parent, lambda _: schedule_approval.decide(st, sched.id, approve, comment,
                                                          expected_version=sched.version))


def verify_seal(parent: QWidget | None, st: Station, schedule_id: str) -> Op[SealCheck]:
    return _db(parent, lambda _: schedule_approval.verify_seal(st, schedule_id))


def publish(parent: QWidget | None, st: Station, sched: Schedule) -> Op[Changes]:
    return _db(parent, lambda _: schedule_approval.publish(st, sched.id))


# -- emergency bulletins (Thông tư 39) ------------------------------------------------------------
@dataclass(frozen=True)
class EmergencyState:
    may_confirm: bool  # the chief, or a user named in SCHEDULE_EMERGENCY_CONFIRMERS
    pending: list[Emergency]


def load_emergencies(parent: QWidget | None, st: Station) -> Op[EmergencyState]:
    def work(_: TaskState) -> EmergencyState:
        return EmergencyState(schedule_bulletins.may_confirm(st),
                              schedule_bulletins.list_emergencies(st, pending_only=True))

    return _db(parent, work)


def declare_emergency(parent: QWidget | None, st: Station, item_id: str,
                      reason: str) -> Op[tuple[Emergency, Changes]]:
    return _db(parent, lambda _: schedule_bulletins.declare_emergency(st, item_id, reason))


def settle_emergency(parent: QWidget | None, st: Station, emergency_id: str, confirm: bool,
                     note: str) -> Op[tuple[Emergency, Changes]]:
    if confirm:
        return _db(parent, lambda _: schedule_bulletins.confirm_emergency(st, emergency_id, note))
    return _db(parent, lambda _: schedule_bulletins.cancel_emergency(st, emergency_id, note))


# -- reports -----------------------------------------------------------------------------------------
def load_report(parent: QWidget | None, st: Station, start: date, end: date,
                by: str) -> Op[Report]:
    return _db(parent, lambda _: schedule_reports.report(st, start, end, by=by))


def guard(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """A callback that does nothing once ``widget`` is gone (a logout rebuilds the pages
    while an op may still be running)."""
    import shiboken6

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call
