"""Bulletins by the priorities of Thông tư 39/2020/TT-BTTTT.

- normal: placed by the user (schedule.add_slot).
- priority: placed first in the next session (:func:`place_priority`); when that session's
  schedule is approved, in a new draft revision the chief approves again.
- emergency: goes on air at once, pre-empting the schedule (:func:`declare_emergency`); it
  still needs the confirmation of the chief or of a user named in
  settings.SCHEDULE_EMERGENCY_CONFIRMERS (:func:`confirm_emergency`), both in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from station import settings
from station.changes import Changes
from station.clock import fmt_date, fmt_time, now_iso, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.edits import add_slot, locked_error
from station.schedule.model import Slot, load
from station.schedule.periods import current, revise
from station.station import Station
from station.text import name_key, nfc


@dataclass(frozen=True)
class Placed:
    schedule_id: str  # the draft the bulletin went into (maybe a new revision)
    session_key: str
    slot: Slot

    def to_json_dict(self) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id, "session_key": self.session_key,
                "slot": self.slot.to_json_dict()}


def place_priority(st: Station, item_id: str, *, schedule_id: str | None = None,
                   now: datetime | None = None) -> tuple[Placed, Changes]:
    """Put a priority bulletin first in the next session (after other priority bulletins
    already waiting there) of the schedule covering today, or of ``schedule_id``."""
    st.require(Right.SCHEDULE_EDIT, "place priority bulletin")
    now = now or datetime.now(UTC)
    tz = zone(st)
    sched = load(st, schedule_id) if schedule_id else current(st, now.astimezone(tz).date())
    if sched is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no schedule covers {day}"),
                       day=fmt_date(now, tz))
    changes = Changes()
    if sched.status == "submitted":
        raise locked_error(sched.status)
    if not sched.editable:
        sched, changes = revise(st, sched.id)
    upcoming = [x for x in sched.sessions if x.starts_at > now]
    if not upcoming:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "no session of this schedule starts after "
                                                          "{time} on {day}"),
                              time=fmt_time(now, tz), day=fmt_date(now, tz))
    session = upcoming[0]
    slot, more = add_slot(st, sched.id, session.key, item_id=item_id, priority="priority")
    return Placed(sched.id, session.key, slot), changes | more


@dataclass(frozen=True)
class Emergency:
    id: str
    item_id: str | None
    title: str
    reason: str
    started_at: str
    started_by: str
    status: str  # pending (on air, not yet confirmed), confirmed, cancelled
    confirmed_at: str | None
    confirmed_by: str | None

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_COLUMNS = ("id, item_id, title, reason, started_at, started_by, status, confirmed_at,"
            " confirmed_by")


def get_emergency(st: Station, emergency_id: str) -> Emergency:
    row = st.db.execute(f"SELECT {_COLUMNS} FROM schedule_emergencies WHERE id = ?",
                        [emergency_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no emergency bulletin {id}"), id=emergency_id)
    return Emergency(*row)


def list_emergencies(st: Station, *, pending_only: bool = False, limit: int = 100) -> list[Emergency]:
    st.require(Right.LIBRARY_VIEW, "list emergency bulletins")
    where = "WHERE status = 'pending'" if pending_only else ""
    return [Emergency(*r) for r in st.db.execute(
        f"SELECT {_COLUMNS} FROM schedule_emergencies {where} ORDER BY started_at DESC LIMIT ?",
        [limit]).fetchall()]


def declare_emergency(st: Station, item_id: str, reason: str) -> tuple[Emergency, Changes]:
    """An emergency bulletin: on air at once, pre-empting the schedule; awaiting confirmation."""
    st.require(Right.SCHEDULE_EDIT, "declare emergency bulletin")
    reason = nfc(reason)
    if not reason:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "say why this is an emergency"))
    row = st.db.execute("SELECT title, kind FROM items WHERE id = ?", [item_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
    if row[1] == "image":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” is a picture: it cannot "
                                                          "be broadcast"), title=row[0])
    emergency = Emergency(uuid7(), item_id, row[0], reason, now_iso(), st.actor, "pending",
                          None, None)
    with st.db.atomic():
        st.db.execute(f"INSERT INTO schedule_emergencies ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                      list(emergency.__dict__.values()))
        st.audit("schedule.emergency", "schedule_emergency", emergency.id,
                 {"item_id": item_id, "title": row[0], "reason": reason})
    return emergency, Changes(schedule=True, audit=True)


def may_confirm(st: Station) -> bool:
    if st.can(Right.SCHEDULE_APPROVE):
        return True
    allowed = {name_key(u) for u in settings.SCHEDULE_EMERGENCY_CONFIRMERS.get(st.db)}
    return st.user is not None and st.user.active and name_key(st.user.username) in allowed


def _settle(st: Station, emergency_id: str, status: str, note: str) -> tuple[Emergency, Changes]:
    if not may_confirm(st):
        st.require(Right.SCHEDULE_APPROVE, f"{status} emergency bulletin")  # refuses and audits
    at = now_iso()
    with st.db.atomic():
        cur = st.db.execute("UPDATE schedule_emergencies SET status = ?, confirmed_at = ?,"
                            " confirmed_by = ? WHERE id = ? AND status = 'pending'",
                            [status, at, st.actor, emergency_id])
        if cur.rowcount == 0:
            found = get_emergency(st, emergency_id)
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "this emergency bulletin is already "
                                                              "{status}"), status=found.status)
        st.audit(f"schedule.emergency.{'confirm' if status == 'confirmed' else 'cancel'}",
                 "schedule_emergency", emergency_id, {"note": nfc(note)})
    return get_emergency(st, emergency_id), Changes(schedule=True, audit=True)


def confirm_emergency(st: Station, emergency_id: str, note: str = "") -> tuple[Emergency, Changes]:
    """The chief (or an authorised user) confirms an emergency bulletin that went on air."""
    return _settle(st, emergency_id, "confirmed", note)


def cancel_emergency(st: Station, emergency_id: str, note: str) -> tuple[Emergency, Changes]:
    """The chief (or an authorised user) disowns it: it should not have gone on air."""
    if not nfc(note):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "say why the emergency bulletin is "
                                                          "cancelled"))
    return _settle(st, emergency_id, "cancelled", note)
