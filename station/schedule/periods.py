"""The broadcast schedule (DESIGN.md section 5): periods of sessions of ordered slots.

This module is the one to import: it creates periods (a week by default, Monday first),
lists and loads revisions, makes new draft revisions of approved ones, and re-exports the
editing verbs of :mod:`station.schedule.edits`. Workflow, checks, rules, exports and the
as-run log live in the neighbouring ``schedule_*`` modules and :mod:`station.playout.asrun`.
"""

from __future__ import annotations

from datetime import date, timedelta

from station.changes import Changes
from station.clock import fmt_date, now_iso, parse_day, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.edits import (
    add_session,
    add_slot,
    locked_error,
    move_slot,
    reapply,
    remove_session,
    remove_slot,
    replace_slot,
    set_slot,
    update_session,
)
from station.schedule.model import (
    ConflictError,
    Edit,
    Schedule,
    ScheduleBlocked,
    ScheduleLocked,
    Session,
    Slot,
    headers,
    load,
)
from station.schedule.templates import copy_sessions, default_clocks, fill_from_clocks, get_template
from station.station import Station
from station.text import nfc

__all__ = [
    "ConflictError", "Edit", "Schedule", "ScheduleBlocked", "ScheduleLocked", "Session", "Slot",
    "add_session", "add_slot", "attach_relay", "create_schedule", "create_week", "current", "delete_draft",
    "get_schedule", "list_schedules", "move_slot", "reapply", "remove_session", "remove_slot",
    "replace_slot", "revise", "revisions", "set_slot", "update_session", "week_start",
]

MAX_PERIOD_DAYS = 31


def week_start(day: str | date) -> date:
    """The Monday of the week holding ``day``."""
    d = parse_day(day)
    return d - timedelta(days=d.weekday())


def _clash(st: Station, start: date, days: int) -> Schedule | None:
    end = start + timedelta(days=days)
    for other in headers(st, "WHERE period_start < ? AND period_start >= ?",
                         [end.isoformat(), (start - timedelta(days=MAX_PERIOD_DAYS)).isoformat()]):
        if other.period_start + timedelta(days=other.period_days) > start:
            return other
    return None


def create_schedule(st: Station, start: str | date, days: int = 7, *, title: str = "",
                    template: str | None = None, copy_from: str | None = None,
                    empty: bool = False) -> tuple[Schedule, Changes]:
    """A new draft for ``days`` days from ``start``, filled from ``template`` (id or name),
    or by copying the schedule ``copy_from`` (an id, or 'last': the period just before),
    or with the default daily sessions (settings.SCHEDULE_DEFAULT_SESSIONS) unless ``empty``."""
    st.require(Right.SCHEDULE_EDIT, "create schedule")
    first = parse_day(start)
    if not 1 <= days <= MAX_PERIOD_DAYS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a schedule covers 1 to {max} days"),
                              max=MAX_PERIOD_DAYS)
    clash = _clash(st, first, days)
    if clash is not None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a schedule for {start} – {end} exists "
                                                          "already"),
                              start=fmt_date(clash.period_start), end=fmt_date(clash.period_end))
    source = None
    if copy_from == "last":
        source = current(st, first - timedelta(days=1))
        if source is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "there is no schedule before {day} to copy"),
                           day=fmt_date(first))
    elif copy_from:
        source = load(st, copy_from)
    clocks = list(get_template(st, template).sessions) if template else None
    tz = zone(st)
    sched_id = uuid7()
    now = now_iso()
    with st.db.atomic():
        st.db.execute(
            "INSERT INTO schedules (id, series_id, revision, period_start, period_days, title,"
            " status, created_at, created_by, updated_at, updated_by)"
            " VALUES (?, ?, 1, ?, ?, ?, 'draft', ?, ?, ?, ?)",
            [sched_id, sched_id, first.isoformat(), days, nfc(title), now, st.actor, now,
             st.actor])
        if source is not None:
            made = copy_sessions(st, source, sched_id, first, days, tz, keep_keys=False)
        elif clocks is not None:
            made = fill_from_clocks(st, sched_id, first, days, clocks, tz)
        elif not empty:
            made = fill_from_clocks(st, sched_id, first, days, default_clocks(st), tz)
        else:
            made = 0
        st.audit("schedule.create", "schedule", sched_id, {
            "period_start": first.isoformat(), "days": days, "template": template,
            "copy_from": source.id if source else None, "sessions": made})
    return load(st, sched_id), Changes(schedule=True, audit=True)


def create_week(st: Station, day: str | date, *, title: str = "", template: str | None = None,
                copy_from: str | None = None, empty: bool = False) -> tuple[Schedule, Changes]:
    """The schedule of the week (Monday to Sunday) that holds ``day``."""
    return create_schedule(st, week_start(day), 7, title=title, template=template,
                           copy_from=copy_from, empty=empty)


def get_schedule(st: Station, schedule_id: str) -> Schedule:
    st.require(Right.LIBRARY_VIEW, "view schedule")
    return load(st, schedule_id)


def list_schedules(st: Station, *, start: str | date | None = None, end: str | date | None = None,
                   status: str | None = None, limit: int = 200) -> list[Schedule]:
    """Revisions (without sessions; with counts), newest period first. ``start``/``end``
    keep those whose period touches those days; ``status`` one state."""
    st.require(Right.LIBRARY_VIEW, "list schedules")
    where, params = [], []
    if end is not None:
        where.append("period_start <= ?")
        params.append(parse_day(end).isoformat())
    if start is not None:
        where.append("date(period_start, '+' || period_days || ' days') > ?")
        params.append(parse_day(start).isoformat())
    if status is not None:
        where.append("status = ?")
        params.append(status)
    return headers(st, ("WHERE " + " AND ".join(where)) if where else "", params, limit)


def revisions(st: Station, schedule_id: str) -> list[Schedule]:
    """Every revision of the schedule's series, the newest first."""
    st.require(Right.LIBRARY_VIEW, "list schedules")
    series = load(st, schedule_id).series_id
    return headers(st, "WHERE series_id = ?", [series])


def current(st: Station, day: str | date, *, approved: bool = False) -> Schedule | None:
    """The newest revision of the schedule covering ``day`` (``approved``: the newest
    approved or published one), with its sessions."""
    d = parse_day(day)
    statuses = ("approved", "published") if approved else (
        "draft", "submitted", "rejected", "approved", "published")
    marks = ", ".join("?" for _ in statuses)
    for h in headers(st, f"WHERE period_start <= ? AND status IN ({marks})",
                     [d.isoformat(), *statuses], limit=50):
        if h.period_start <= d <= h.period_end:
            return load(st, h.id)
    return None


def revise(st: Station, schedule_id: str) -> tuple[Schedule, Changes]:
    """The draft to change an approved (or published) schedule: the open revision if there
    is one, else a new revision copied from it. The chief sees schedule_diff.diff against it."""
    st.require(Right.SCHEDULE_EDIT, "revise schedule")
    sched = load(st, schedule_id)
    if sched.editable:
        return sched, Changes()
    if sched.status == "submitted":
        raise locked_error(sched.status)
    newest = headers(st, "WHERE series_id = ?", [sched.series_id], limit=1)[0]
    if newest.status in ("draft", "rejected", "submitted"):
        return load(st, newest.id), Changes()
    if newest.id != sched.id:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "revision {revision} of this schedule is "
                                                          "newer: change that one"),
                              revision=newest.revision)
    new_id = uuid7()
    now = now_iso()
    with st.db.atomic():
        st.db.execute(
            "INSERT INTO schedules (id, series_id, revision, base_id, period_start, period_days,"
            " title, status, created_at, created_by, updated_at, updated_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
            [new_id, sched.series_id, newest.revision + 1, sched.id,
             sched.period_start.isoformat(), sched.period_days, sched.title, now, st.actor, now,
             st.actor])
        copy_sessions(st, sched, new_id, sched.period_start, sched.period_days, zone(st),
                      keep_keys=True)
        st.audit("schedule.revise", "schedule", new_id,
                 {"base_id": sched.id, "revision": newest.revision + 1})
    return load(st, new_id), Changes(schedule=True, audit=True)


def delete_draft(st: Station, schedule_id: str) -> Changes:
    """Throw away a draft (or rejected) revision that was never approved."""
    st.require(Right.SCHEDULE_EDIT, "delete schedule")
    sched = load(st, schedule_id)
    if not sched.editable:
        raise locked_error(sched.status)
    with st.db.atomic():
        st.db.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])
        st.audit("schedule.delete", "schedule", schedule_id,
                 {"revision": sched.revision, "period_start": sched.period_start.isoformat()})
    return Changes(schedule=True, audit=True)


def attach_relay(st: Station, relay_ref: str, item_id: str) -> tuple[int, Changes]:
    """The relay feed item ``relay_ref`` was downloaded and ingested as ``item_id``: every
    relay slot waiting for it (in any revision) now plays that item. The seal of an approved
    schedule names the relay, not its file, so it still holds. Returns how many slots."""
    st.require(Right.SYNC_RUN, "attach relay")
    if st.db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone() is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
    with st.db.atomic():
        n = st.db.execute("UPDATE schedule_slots SET item_id = ? WHERE kind = 'relay'"
                          " AND relay_ref = ? AND item_id IS NOT ?",
                          [item_id, nfc(relay_ref), item_id]).rowcount
        if n:
            st.audit("schedule.relay_attached", "relay", nfc(relay_ref),
                     {"item_id": item_id, "slots": n})
    return n, Changes(schedule=bool(n), audit=bool(n))
