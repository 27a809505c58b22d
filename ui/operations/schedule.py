"""Named verbs of the broadcast schedule: each returns a background Op on the database pool
(the connection's owner). Edits carry the version the view loaded; a change that lost a race
comes back as a ``PendingConflict`` (station.schedule.edits) that ``reapply`` finishes.
Rights are checked, and refusals audited, by the core functions these call.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.schedule import approval as schedule_approval
from station.schedule import bulletins as schedule_bulletins
from station.schedule import periods as schedule
from station.schedule import reports as schedule_reports
from station.schedule import templates as schedule_templates
from station.schedule.bulletins import Emergency
from station.schedule.checks import CheckReport
from station.schedule.edits import Step, reapply_steps, run_steps
from station.schedule.export import PackageReport
from station.schedule.model import ConflictError, Schedule, Slot
from station.schedule.overview import WeekOverview, week_overview
from station.schedule.reports import Report
from station.schedule.templates import Template
from station.station import Station
from ui.operations import Op


def _db(parent: QObject | None, fn: Callable[[TaskState], Any]) -> Op[Any]:
    return Op(fn, parent, "db")


# -- the week -------------------------------------------------------------------------------------
def save_template(parent: QObject | None, st: Station, schedule_id: str,
                  name: str) -> Op[tuple[Template, Changes]]:
    """The week as a template new weeks can start from (same name: replaced)."""
    return _db(parent, lambda _: schedule_templates.template_from_schedule(st, schedule_id, name))


def load_week(parent: QObject | None, st: Station, monday: date) -> Op[WeekOverview]:
    return _db(parent, lambda _: week_overview(st, monday))


def create_week(parent: QObject | None, st: Station, monday: date, how: str,
                template_id: str | None = None) -> Op[tuple[Schedule, Changes]]:
    """``how``: 'default' sessions, 'empty', 'last' week copied, or a 'template'."""

    def work(_: TaskState) -> tuple[Schedule, Changes]:
        return schedule.create_week(st, monday, empty=how == "empty",
                                    copy_from="last" if how == "last" else None,
                                    template=template_id if how == "template" else None)

    return _db(parent, work)


# -- edits ----------------------------------------------------------------------------------------
def edit(parent: QObject | None, st: Station, expected_version: int,
         steps: list[Step]) -> Op[Changes]:
    """Run the steps in one transaction; the first checks the version, the others follow."""
    return _db(parent, lambda _: run_steps(st, expected_version, steps))


def reapply(parent: QObject | None, st: Station, conflict: ConflictError) -> Op[Changes]:
    """Apply the refused change to the current version, then its rest."""
    return _db(parent, lambda _: reapply_steps(st, conflict))


def add_session(parent: QObject | None, st: Station, sched: Schedule, day: date, start: str,
                minutes: float, title: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.add_session(s, sched.id, day, start, minutes=minutes, title=title,
                                          expected_version=v)])


def update_session(parent: QObject | None, st: Station, sched: Schedule, session_key: str,
                   day: date, start: str, minutes: float, title: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.update_session(s, sched.id, session_key, day=day, start=start,
                                             minutes=minutes, title=title, expected_version=v)])


def remove_session(parent: QObject | None, st: Station, sched: Schedule,
                   session_key: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.remove_session(s, sched.id, session_key, expected_version=v)])


def _add_step(schedule_id: str, session_key: str, item_id: str, position: int | None) -> Step:
    return lambda s, v: schedule.add_slot(s, schedule_id, session_key, item_id=item_id,
                                          position=position, expected_version=v)


def add_items(parent: QObject | None, st: Station, sched: Schedule, session_key: str,
              item_ids: list[str], position: int | None = None) -> Op[Changes]:
    """Library items into a session, in the order given, at ``position`` (None: the end)."""
    steps = [_add_step(sched.id, session_key, item_id,
                       None if position is None else position + n)
             for n, item_id in enumerate(item_ids)]
    return edit(parent, st, sched.version, steps)


def move_slot(parent: QObject | None, st: Station, sched: Schedule, slot_key: str,
              position: int, session_key: str | None = None) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.move_slot(s, sched.id, slot_key, position,
                                        session_key=session_key, expected_version=v)])


def remove_slot(parent: QObject | None, st: Station, sched: Schedule,
                slot_key: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.remove_slot(s, sched.id, slot_key, expected_version=v)])


def restore_slot(parent: QObject | None, st: Station, sched: Schedule, session_key: str,
                 slot: Slot, position: int) -> Op[Changes]:
    """Put a removed slot back where it was (undo): the core's add verb, so rights, the lock
    and the audit trail are the same as for any added slot."""
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.add_slot(
            s, sched.id, session_key, item_id=slot.item_id, kind=slot.kind, position=position,
            priority=slot.priority, planned_s=slot.planned_s, title=slot.title,
            relay_ref=slot.relay_ref, stream_url=slot.stream_url, relay_rule=slot.relay_rule,
            programme_id=slot.programme_id, note=slot.note, expected_version=v)])


def add_stream_slot(parent: QObject | None, st: Station, sched: Schedule, session_key: str, *,
                    kind: str, title: str, planned_s: float, relay_ref: str | None = None,
                    relay_rule: str = "", stream_url: str | None = None) -> Op[Changes]:
    """A relay (a feed and the rule choosing its episode) or a live window (a stream address)
    at the end of a session; the core checks the rule, the address and the length."""
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.add_slot(
            s, sched.id, session_key, kind=kind, title=title, planned_s=planned_s,
            relay_ref=relay_ref if kind == "relay" else None, relay_rule=relay_rule,
            stream_url=stream_url if kind == "live" else None, expected_version=v)])


def set_priority(parent: QObject | None, st: Station, sched: Schedule, slot_key: str,
                 priority: str) -> Op[Changes]:
    return edit(parent, st, sched.version, [
        lambda s, v: schedule.set_slot(s, sched.id, slot_key, priority=priority,
                                       expected_version=v)])


# -- workflow -------------------------------------------------------------------------------------
def submit(parent: QObject | None, st: Station,
           sched: Schedule) -> Op[tuple[CheckReport, Changes]]:
    return _db(parent, lambda _: schedule_approval.submit(st, sched.id,
                                                          expected_version=sched.version))


def withdraw(parent: QObject | None, st: Station, sched: Schedule) -> Op[Changes]:
    return _db(parent, lambda _: schedule_approval.withdraw(st, sched.id))


def revise(parent: QObject | None, st: Station, sched: Schedule) -> Op[tuple[Schedule, Changes]]:
    return _db(parent, lambda _: schedule.revise(st, sched.id))


def publish(parent: QObject | None, st: Station, sched: Schedule) -> Op[Changes]:
    """The editor marks the approved schedule as sent to the commune stations."""
    return _db(parent, lambda _: schedule_approval.publish(st, sched.id))


# -- import -----------------------------------------------------------------------------------------
def import_week(parent: QObject | None, st: Station, path: Path,
                replace: bool = False) -> Op[tuple[Any, Changes]]:
    """A week from a spreadsheet (.xlsx, .csv, .json) as a new draft (replacing that week's
    draft if ``replace``): read and checked on the database thread, as every row is looked up."""
    from station.schedule.importing import import_file

    return _db(parent, lambda _: import_file(st, path, replace=replace))


# -- export -----------------------------------------------------------------------------------------
def export_package(parent: QObject | None, st: Station, schedule_id: str, target: Path,
                   as_zip: bool) -> Op[PackageReport]:
    from station.schedule.export import export_package as export

    return _db(parent, lambda state: export(st, schedule_id, target, as_zip=as_zip, state=state))


def export_html(parent: QObject | None, st: Station, schedule_id: str, target: Path) -> Op[Path]:
    def work(state: TaskState) -> Path:
        from station.schedule.html import export_html as export

        export(st, schedule_id, target)
        state.progress(1.0, "")
        return target

    return _db(parent, work)


# -- emergency bulletins (Thông tư 39): declaring one; the chief settles it (approvals) ----------
def declare_emergency(parent: QObject | None, st: Station, item_id: str,
                      reason: str) -> Op[tuple[Emergency, Changes]]:
    return _db(parent, lambda _: schedule_bulletins.declare_emergency(st, item_id, reason))


# -- reports -----------------------------------------------------------------------------------------
def load_report(parent: QObject | None, st: Station, start: date, end: date,
                by: str) -> Op[Report]:
    return _db(parent, lambda _: schedule_reports.report(st, start, end, by=by))


def save_report(parent: QObject | None, report: Report, part: str, path: Path) -> Op[Path]:
    """One part of the report as a CSV file (on 'work': a slow disk holds up no view)."""
    return Op(lambda _: report.save_csv(path, part), parent, "work")


def guard(obj: QObject, fn: Callable[..., None]) -> Callable[..., None]:
    """A callback that does nothing once ``obj`` is gone (a logout rebuilds the pages
    while an op may still be running)."""
    import shiboken6

    def call(*args: Any) -> None:
        if shiboken6.isValid(obj):
            fn(*args)

    return call
