"""Editing a draft schedule: sessions and slots, with optimistic concurrency.

Every change is an :class:`Edit` (an operation name and JSON arguments) run by :func:`run`:
one transaction that first bumps the revision's ``version`` (only if it is still the version
the caller loaded), then applies the change and audits it. Two workstations editing the same
draft: the later save raises ConflictError carrying its Edit, nothing is written, and
:func:`reapply` applies that Edit to the current version once the user has seen it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from station.changes import Changes
from station.clock import fmt_date, fmt_moment, local_dt, now_iso, parse_clock, parse_day, utc_iso, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.outbox import note
from station.rights import Right
from station.schedule.model import (
    PRIORITIES,
    SLOT_KINDS,
    TTS_CATEGORY,
    ConflictError,
    Edit,
    Schedule,
    ScheduleLocked,
    Session,
    Slot,
    load,
)
from station.schedule.relay import canonical as canonical_rule
from station.station import Station
from station.text import name_key, nfc

MAX_SESSION_S = 12 * 3600
_STREAM = re.compile(r"^(https?|rtsp|rtmps?|srt|udp|rtp)://[^\s]+$", re.IGNORECASE)

Op = Callable[..., Any]
_OPS: dict[str, Op] = {}


def _op(fn: Op) -> Op:
    _OPS[fn.__name__.removeprefix("_")] = fn
    return fn


# -- running an edit ------------------------------------------------------------------------------
def run(st: Station, edit: Edit, expected_version: int | None) -> tuple[Any, Changes]:
    """Apply ``edit`` in one transaction if the revision is editable and still at
    ``expected_version`` (None: whatever the version is now)."""
    st.require(Right.SCHEDULE_EDIT, f"schedule {edit.op}")
    db = st.db
    with db.atomic():
        # The write comes first: it takes the write lock, so the version we compare is the
        # one we replace (no read-then-upgrade race between two workstations).
        cur = db.execute(
            "UPDATE schedules SET version = version + 1, status = 'draft', updated_at = ?,"
            " updated_by = ? WHERE id = ? AND status IN ('draft', 'rejected')"
            " AND (? IS NULL OR version = ?)",
            [now_iso(), st.actor, edit.schedule_id, expected_version, expected_version])
        if cur.rowcount == 0:
            raise _refusal(st, edit, expected_version)
        sched = load(st, edit.schedule_id)
        result = _OPS[edit.op](st, sched, **edit.args)
        note(st, "schedule", edit.schedule_id)  # queued for the hub with the edit
        st.audit("schedule.edit", "schedule", edit.schedule_id,
                 {"op": edit.op, "args": edit.args, "version": sched.version})
    return result, Changes(schedule=True, audit=True)


def _refusal(st: Station, edit: Edit, expected: int | None) -> Exception:
    row = st.db.execute("SELECT status, version, updated_by, updated_at FROM schedules"
                        " WHERE id = ?", [edit.schedule_id]).fetchone()
    if row is None:
        return NotFound(QT_TRANSLATE_NOOP("errors", "no schedule with id {id}"), id=edit.schedule_id)
    status, version, by, at = row
    if status not in ("draft", "rejected"):
        return locked_error(status)
    return conflict_error(st, by, at, version, expected, edit)


def conflict_error(st: Station, user: str, at: str, found: int, expected: int | None,
                   edit: Edit | None = None) -> ConflictError:
    return ConflictError(
        QT_TRANSLATE_NOOP("errors", "{user} changed this schedule at {time} (version {found}, you "
                                    "had {expected}); your change was not saved: look at theirs, "
                                    "then apply yours again"),
        edit=edit, user=user, time=fmt_moment(at, zone(st)), found=found, expected=expected)


def locked_error(status: str) -> ScheduleLocked:
    if status == "submitted":
        return ScheduleLocked(QT_TRANSLATE_NOOP("errors", "this schedule waits for the chief's "
                                                          "approval: withdraw it to change it"))
    return ScheduleLocked(QT_TRANSLATE_NOOP("errors", "this schedule is {status} and locked: "
                                                      "make a new revision to change it"),
                          status=status)


def reapply(st: Station, conflict: ConflictError) -> tuple[Any, Changes]:
    """Apply the change that lost a race to the current version of the draft."""
    if conflict.edit is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "there is no change to apply again"))
    return run(st, conflict.edit, None)


# -- several edits as one ------------------------------------------------------------------------
Step = Callable[[Station, int | None], tuple[Any, Changes]]  # given the version to expect, edit


class PendingConflict(ConflictError):
    """The first step of :func:`run_steps` lost a race (nothing was written); ``rest`` are
    the steps that were to follow it. The caller shows who changed what, then reapplies."""

    def __init__(self, original: ConflictError, rest: tuple[Step, ...]) -> None:
        super().__init__(original.template, original.edit, **original.params)
        self.rest = rest


def run_steps(st: Station, expected_version: int, steps: list[Step]) -> Changes:
    """Run the steps in one transaction; the first checks the version, the others follow."""
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


def reapply_steps(st: Station, conflict: ConflictError) -> Changes:
    """Apply the refused change to the current version (:func:`reapply`), then its rest."""
    st.require(Right.SCHEDULE_EDIT, "edit schedule")  # outside: a refusal stays audited
    with st.db.atomic():
        _result, changes = reapply(st, conflict)
        for step in getattr(conflict, "rest", ()):
            changes = changes | step(st, None)[1]
    return changes


# -- rows ------------------------------------------------------------------------------------------
def session_row(st: Station, schedule_id: str, key: str) -> str:
    row = st.db.execute("SELECT id FROM schedule_sessions WHERE schedule_id = ? AND key = ?",
                        [schedule_id, key]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no session {key} in this schedule"), key=key)
    return str(row[0])


def insert_session(st: Station, schedule_id: str, key: str, starts: datetime, ends: datetime,
                   title: str) -> str:
    row_id = uuid7()
    st.db.execute("INSERT INTO schedule_sessions (id, schedule_id, key, starts_at, ends_at, title)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
                  [row_id, schedule_id, key, utc_iso(starts), utc_iso(ends), nfc(title)])
    return row_id


def insert_slot(st: Station, session_id: str, slot: Slot) -> None:
    st.db.execute(
        "INSERT INTO schedule_slots (id, session_id, key, position, kind, item_id, programme_id,"
        " priority, title, planned_s, relay_ref, stream_url, note, relay_rule)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [uuid7(), session_id, slot.key, slot.position, slot.kind, slot.item_id,
         slot.programme_id, slot.priority, nfc(slot.title), slot.planned_s, slot.relay_ref,
         slot.stream_url, nfc(slot.note), slot.relay_rule if slot.kind == "relay" else ""])


def _order(st: Station, session_id: str, keys: list[str]) -> None:
    for n, key in enumerate(keys):
        st.db.execute("UPDATE schedule_slots SET position = ? WHERE session_id = ? AND key = ?",
                      [n, session_id, key])


def _reload_slot(st: Station, schedule_id: str, key: str) -> Slot:
    return load(st, schedule_id).find_slot(key)[1]


# -- session times ------------------------------------------------------------------------------------
def session_times(st: Station, sched: Schedule, day: str | date, start: str | time,
                  end: str | time | None, minutes: float | None) -> tuple[datetime, datetime]:
    """Aware start and end of a session: ``end`` at or before ``start`` is on the next day."""
    tz = zone(st)
    the_day = parse_day(day)
    if not sched.period_start <= the_day <= sched.period_end:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{day} is outside this schedule's period "
                                                          "({start} – {end})"),
                              day=fmt_date(the_day), start=fmt_date(sched.period_start),
                              end=fmt_date(sched.period_end))
    starts = local_dt(the_day, parse_clock(start), tz)
    if end is not None:
        ends = local_dt(the_day, parse_clock(end), tz)
        if ends <= starts:  # 23:30-00:15 crosses midnight
            ends = local_dt(the_day + timedelta(days=1), parse_clock(end), tz)
    elif minutes is not None:
        ends = starts + timedelta(minutes=float(minutes))
    else:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a session needs an end time or a length"))
    length = (ends - starts).total_seconds()
    if not 0 < length <= MAX_SESSION_S:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a session lasts more than 0 and at most "
                                                          "{hours} hours"), hours=MAX_SESSION_S // 3600)
    return starts, ends


def _day_arg(day: str | date) -> str:
    return parse_day(day).isoformat()


def _clock_arg(value: str | time | None) -> str | None:
    return None if value is None else parse_clock(value).isoformat()


# -- sessions ------------------------------------------------------------------------------------------
def add_session(st: Station, schedule_id: str, day: str | date, start: str | time, *,
                end: str | time | None = None, minutes: float | None = None, title: str = "",
                expected_version: int | None = None) -> tuple[Session, Changes]:
    """A broadcast session on ``day`` (local), e.g. start '05:30' and end '06:00' or
    ``minutes=30``; an end at or before the start is on the next day."""
    args = {"day": _day_arg(day), "start": _clock_arg(start), "end": _clock_arg(end),
            "minutes": minutes, "title": nfc(title), "key": uuid7()}
    return run(st, Edit("add_session", schedule_id, args), expected_version)


@_op
def _add_session(st: Station, sched: Schedule, day: str, start: str, end: str | None,
                 minutes: float | None, title: str, key: str) -> Session:
    starts, ends = session_times(st, sched, day, start, end, minutes)
    insert_session(st, sched.id, key, starts, ends, title)
    return load(st, sched.id).session(key)


def update_session(st: Station, schedule_id: str, session_key: str, *,
                   day: str | date | None = None, start: str | time | None = None,
                   end: str | time | None = None, minutes: float | None = None,
                   title: str | None = None,
                   expected_version: int | None = None) -> tuple[Session, Changes]:
    """Move, resize or rename a session; what is not given stays as it is."""
    args = {"session_key": session_key, "day": None if day is None else _day_arg(day),
            "start": _clock_arg(start), "end": _clock_arg(end), "minutes": minutes,
            "title": None if title is None else nfc(title)}
    return run(st, Edit("update_session", schedule_id, args), expected_version)


@_op
def _update_session(st: Station, sched: Schedule, session_key: str, day: str | None,
                    start: str | None, end: str | None, minutes: float | None,
                    title: str | None) -> Session:
    tz = zone(st)
    old = sched.session(session_key)
    local_start = old.starts_at.astimezone(tz)
    if end is None and minutes is None:
        minutes = old.length_s / 60
    starts, ends = session_times(st, sched, day or local_start.date(),
                                 start or local_start.time(), end, minutes)
    st.db.execute("UPDATE schedule_sessions SET starts_at = ?, ends_at = ?, title = ?"
                  " WHERE schedule_id = ? AND key = ?",
                  [utc_iso(starts), utc_iso(ends), old.title if title is None else title,
                   sched.id, session_key])
    return load(st, sched.id).session(session_key)


def remove_session(st: Station, schedule_id: str, session_key: str, *,
                   expected_version: int | None = None) -> tuple[None, Changes]:
    return run(st, Edit("remove_session", schedule_id, {"session_key": session_key}),
               expected_version)


@_op
def _remove_session(st: Station, sched: Schedule, session_key: str) -> None:
    row_id = session_row(st, sched.id, session_key)
    st.db.execute("DELETE FROM schedule_slots WHERE session_id = ?", [row_id])
    st.db.execute("DELETE FROM schedule_sessions WHERE id = ?", [row_id])


# -- slots ------------------------------------------------------------------------------------------
def add_slot(st: Station, schedule_id: str, session_key: str, *, item_id: str | None = None,
             kind: str | None = None, position: int | None = None, priority: str = "normal",
             planned_s: float | None = None, title: str = "", relay_ref: str | None = None,
             stream_url: str | None = None, programme_id: str | None = None, note: str = "",
             relay_rule: str = "", expected_version: int | None = None) -> tuple[Slot, Changes]:
    """Place a slot in a session (at ``position``, default the end; a priority bulletin
    defaults to the top). Kinds: a library ``item_id`` ('item', or 'bulletin' for text
    and TTS items); 'relay' with ``relay_ref`` (and ``item_id`` once downloaded) and its
    ``relay_rule`` (station/schedule/relay.py); 'live' with ``stream_url`` and
    ``planned_s``; 'programme' with ``programme_id``."""
    args = {"session_key": session_key, "item_id": item_id, "kind": kind, "position": position,
            "priority": priority, "planned_s": planned_s, "title": nfc(title),
            "relay_ref": nfc(relay_ref) or None, "stream_url": nfc(stream_url) or None,
            "programme_id": programme_id, "note": nfc(note), "relay_rule": nfc(relay_rule),
            "key": uuid7()}
    return run(st, Edit("add_slot", schedule_id, args), expected_version)


def check_priority(priority: str) -> None:
    """Refuse an unknown priority, and an emergency (declared, never scheduled)."""
    if priority not in PRIORITIES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown priority: {priority}"),
                              priority=priority)
    if priority == "emergency":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "an emergency bulletin goes on air at "
                                                          "once: declare it, do not schedule it"))


def check_length(planned_s: float | None) -> None:
    """Refuse a slot length of 0 or less, or longer than a session may be."""
    if planned_s is not None and not 0 < float(planned_s) <= MAX_SESSION_S:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a slot's length must be more than 0 "
                                                          "seconds"))


def slot_from(st: Station, key: str, position: int, *, item_id: str | None, kind: str | None,
              priority: str, planned_s: float | None, title: str, relay_ref: str | None,
              stream_url: str | None, programme_id: str | None, note: str,
              relay_rule: str = "") -> Slot:
    """A checked slot value (the item must exist now; titles are kept as placed)."""
    check_priority(priority)
    check_length(planned_s)
    row = None
    if item_id:
        row = st.db.execute("SELECT kind, category, title FROM items WHERE id = ?",
                            [item_id]).fetchone()
        if row is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
        if row[0] == "image":
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” is a picture: it cannot "
                                                              "be broadcast"), title=row[2])
        if st.db.execute("SELECT 1 FROM item_bin WHERE item_id = ?", [item_id]).fetchone():
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” is in the library's "
                                                              "bin: restore it first"), title=row[2])
    if kind is None:
        if relay_ref:
            kind = "relay"
        elif stream_url:
            kind = "live"
        elif programme_id:
            kind = "programme"
        elif row is not None:
            kind = "bulletin" if row[0] == "text" or name_key(row[1]) == name_key(TTS_CATEGORY) else "item"
    if kind not in SLOT_KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a slot needs an item, a relay, a live "
                                                          "stream or a programme"))
    if kind in ("item", "bulletin") and row is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "this slot needs a library item"))
    if kind == "relay" and not relay_ref:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a relay slot needs the relay feed item"))
    if kind == "live":
        if not stream_url or not _STREAM.match(stream_url):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "a live window needs a stream address "
                                                              "(http, https, rtsp, rtmp, srt): "
                                                              "{value}"), value=stream_url or "")
        if planned_s is None:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "a live window needs its length"))
    if kind == "programme" and not programme_id:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "this slot needs a programme"))
    if relay_rule and kind != "relay":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only a relay slot has a relay rule"))
    title = title or (row[2] if row else "") or relay_ref or stream_url or ""
    return Slot(key, position, kind, item_id or None, programme_id, priority, title,
                None if planned_s is None else float(planned_s), relay_ref,
                stream_url if kind == "live" else None, note, canonical_rule(relay_rule))


@_op
def _add_slot(st: Station, sched: Schedule, session_key: str, position: int | None,
              key: str, **fields: Any) -> Slot:
    session = sched.session(session_key)
    slot = slot_from(st, key, 0, **fields)
    keys = [s.key for s in session.slots]
    if position is None:
        # Thông tư 39: a priority bulletin goes first, after those already waiting there.
        position = sum(1 for _ in _leading_priority(session)) if slot.priority == "priority" \
            else len(keys)
    keys.insert(max(0, min(int(position), len(keys))), key)
    row_id = session_row(st, sched.id, session_key)
    insert_slot(st, row_id, slot)
    _order(st, row_id, keys)
    return _reload_slot(st, sched.id, key)


def _leading_priority(session: Session) -> list[Slot]:
    out = []
    for s in session.slots:
        if s.priority != "priority":
            break
        out.append(s)
    return out


def move_slot(st: Station, schedule_id: str, slot_key: str, position: int, *,
              session_key: str | None = None,
              expected_version: int | None = None) -> tuple[Slot, Changes]:
    """Move a slot to ``position`` in its session, or in another session ``session_key``."""
    args = {"slot_key": slot_key, "position": position, "session_key": session_key}
    return run(st, Edit("move_slot", schedule_id, args), expected_version)


@_op
def _move_slot(st: Station, sched: Schedule, slot_key: str, position: int,
               session_key: str | None) -> Slot:
    source, _slot = sched.find_slot(slot_key)
    target = sched.session(session_key) if session_key else source
    source_id = session_row(st, sched.id, source.key)
    target_id = session_row(st, sched.id, target.key)
    keys = [s.key for s in target.slots if s.key != slot_key]
    keys.insert(max(0, min(int(position), len(keys))), slot_key)
    if target_id != source_id:
        st.db.execute("UPDATE schedule_slots SET session_id = ? WHERE session_id = ? AND key = ?",
                      [target_id, source_id, slot_key])
        _order(st, source_id, [s.key for s in source.slots if s.key != slot_key])
    _order(st, target_id, keys)
    return _reload_slot(st, sched.id, slot_key)


def remove_slot(st: Station, schedule_id: str, slot_key: str, *,
                expected_version: int | None = None) -> tuple[None, Changes]:
    return run(st, Edit("remove_slot", schedule_id, {"slot_key": slot_key}), expected_version)


@_op
def _remove_slot(st: Station, sched: Schedule, slot_key: str) -> None:
    session, _slot = sched.find_slot(slot_key)
    row_id = session_row(st, sched.id, session.key)
    st.db.execute("DELETE FROM schedule_slots WHERE session_id = ? AND key = ?", [row_id, slot_key])
    _order(st, row_id, [s.key for s in session.slots if s.key != slot_key])


def replace_slot(st: Station, schedule_id: str, slot_key: str, item_id: str, *,
                 title: str = "", expected_version: int | None = None) -> tuple[Slot, Changes]:
    """Put another library item in a slot (same place, same key: the diff says 'replaced')."""
    args = {"slot_key": slot_key, "item_id": item_id, "title": nfc(title)}
    return run(st, Edit("replace_slot", schedule_id, args), expected_version)


@_op
def _replace_slot(st: Station, sched: Schedule, slot_key: str, item_id: str, title: str) -> Slot:
    session, old = sched.find_slot(slot_key)
    kind = old.kind if old.kind == "relay" else None
    new = slot_from(st, slot_key, old.position, item_id=item_id, kind=kind,
                    priority=old.priority, planned_s=old.planned_s, title=title,
                    relay_ref=old.relay_ref if kind else None, stream_url=None,
                    programme_id=None, note=old.note, relay_rule=old.relay_rule if kind else "")
    st.db.execute(
        "UPDATE schedule_slots SET kind = ?, item_id = ?, title = ?, programme_id = NULL,"
        " stream_url = NULL WHERE session_id = ? AND key = ?",
        [new.kind, new.item_id, new.title, session_row(st, sched.id, session.key), slot_key])
    return _reload_slot(st, sched.id, slot_key)


def set_slot(st: Station, schedule_id: str, slot_key: str, *, priority: str | None = None,
             planned_s: float | None = None, clear_planned: bool = False,
             title: str | None = None, note: str | None = None, relay_rule: str | None = None,
             expected_version: int | None = None) -> tuple[Slot, Changes]:
    """Change a slot's priority, length, title, note or (a relay slot's) relay rule."""
    args = {"slot_key": slot_key, "priority": priority, "planned_s": planned_s,
            "clear_planned": clear_planned, "title": None if title is None else nfc(title),
            "note": None if note is None else nfc(note),
            "relay_rule": None if relay_rule is None else nfc(relay_rule)}
    return run(st, Edit("set_slot", schedule_id, args), expected_version)


@_op
def _set_slot(st: Station, sched: Schedule, slot_key: str, priority: str | None,
              planned_s: float | None, clear_planned: bool, title: str | None,
              note: str | None, relay_rule: str | None = None) -> Slot:
    session, old = sched.find_slot(slot_key)
    length = None if clear_planned else (old.planned_s if planned_s is None else planned_s)
    if old.kind in ("live", "programme") and length is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a live window needs its length"))
    # Only the changed fields are checked: a slot whose item was deleted can still be edited.
    priority = old.priority if priority is None else priority
    check_priority(priority)
    check_length(length)
    if relay_rule and old.kind != "relay":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only a relay slot has a relay rule"))
    rule = old.relay_rule if relay_rule is None else canonical_rule(relay_rule)
    st.db.execute("UPDATE schedule_slots SET priority = ?, planned_s = ?, title = ?, note = ?,"
                  " relay_rule = ? WHERE session_id = ? AND key = ?",
                  [priority, length, nfc(old.title if title is None else title),
                   nfc(old.note if note is None else note), rule,
                   session_row(st, sched.id, session.key), slot_key])
    return _reload_slot(st, sched.id, slot_key)
