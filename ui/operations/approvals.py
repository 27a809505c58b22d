"""Named verbs of the chief's approvals: the inbox of submitted schedules, the decision,
the seal's verification and the emergency bulletins waiting for confirmation. Each returns a
background Op on the database pool; the core checks the rights and audits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.clock import fmt_time_date, zone
from station.schedule import approval as schedule_approval
from station.schedule import bulletins as schedule_bulletins
from station.schedule.approval import Decision, InboxEntry, SealCheck
from station.schedule.bulletins import Emergency
from station.schedule.model import Schedule, load
from station.station import Station
from ui.operations import Op


def _db(parent: QObject | None, fn: Callable[[TaskState], Any]) -> Op[Any]:
    return Op(fn, parent, "db")


# -- the inbox ------------------------------------------------------------------------------------
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


def _session_labels(sched: Schedule, tz: tzinfo) -> dict[str, str]:
    out = {}
    for x in sched.sessions:
        out[x.key] = f"{fmt_time_date(x.starts_at, tz)} {x.title}".rstrip()
    return out


def load_inbox(parent: QObject | None, st: Station) -> Op[InboxState]:
    def work(_: TaskState) -> InboxState:
        tz = zone(st)
        items = []
        for entry in schedule_approval.inbox(st):
            base = load(st, entry.base_id) if entry.base_id else None
            labels = _session_labels(base, tz) if base else {}
            labels |= _session_labels(entry.schedule, tz)
            items.append(InboxItem(entry, base, labels))
        return InboxState(tz, items, schedule_approval.recently_decided(st))

    return _db(parent, work)


def decide(parent: QObject | None, st: Station, sched: Schedule, approve: bool,
           comment: str, password: str | None = None) -> Op[tuple[Decision, Changes]]:
    """Approve (signed with the key the login's password unlocks, or ``password``) or reject."""
    return _db(parent, lambda _: schedule_approval.decide(st, sched.id, approve, comment,
                                                          expected_version=sched.version,
                                                          password=password))


def verify_seal(parent: QObject | None, st: Station, schedule_id: str) -> Op[SealCheck]:
    return _db(parent, lambda _: schedule_approval.verify_seal(st, schedule_id))


# -- emergency bulletins (Thông tư 39) ------------------------------------------------------------
@dataclass(frozen=True)
class EmergencyState:
    may_confirm: bool  # the chief, or a user named in SCHEDULE_EMERGENCY_CONFIRMERS
    pending: list[Emergency]


def load_emergencies(parent: QObject | None, st: Station) -> Op[EmergencyState]:
    def work(_: TaskState) -> EmergencyState:
        return EmergencyState(schedule_bulletins.may_confirm(st),
                              schedule_bulletins.list_emergencies(st, pending_only=True))

    return _db(parent, work)


def settle_emergency(parent: QObject | None, st: Station, emergency_id: str, confirm: bool,
                     note: str) -> Op[tuple[Emergency, Changes]]:
    if confirm:
        return _db(parent, lambda _: schedule_bulletins.confirm_emergency(st, emergency_id, note))
    return _db(parent, lambda _: schedule_bulletins.cancel_emergency(st, emergency_id, note))
