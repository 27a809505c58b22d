"""Importing a week's schedule from a file (JSON, CSV or XLSX; the shape is in interchange.py).

Everything is checked before anything is written: dates within the week, clock times, items
that exist, text that is there. A file with any bad row is refused whole (RowsRefused lists
every row and why, and the unknown items); a good one becomes a new draft in one transaction,
audited like the other ways of making a schedule. A week that has a schedule already is
refused, unless ``replace`` is asked and that schedule is a draft: an approved, submitted or
published one is never touched by an import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from station.changes import Changes
from station.clock import fmt_date, now_iso, parse_day, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, RowRefused, RowsRefused, StationError, ValidationError
from station.ids import uuid7
from station.library import items as library
from station.library.bin import is_binned
from station.outbox import note
from station.rights import Right
from station.schedule import interchange
from station.schedule.edits import (
    check_length,
    check_priority,
    insert_session,
    insert_slot,
    locked_error,
    session_times,
    slot_from,
)
from station.schedule.interchange import (
    Document,
    SessionRow,
    SlotRow,
    cell_clock,
    cell_day,
    cell_seconds,
    cell_text,
)
from station.schedule.model import SYLLABLES_PER_SECOND, Schedule, Slot, headers, load, media
from station.schedule.relay import find_feed
from station.station import Station
from station.text import fold, name_key, nfc

WEEK_DAYS = 7
DEFAULT_SESSION_MINUTES = 30  # a session given no end and nothing to time it by
_PRIORITIES = {"normal": "normal", "thuong": "normal", "binh thuong": "normal",
               "priority": "priority", "uu tien": "priority",
               "emergency": "emergency", "khan cap": "emergency"}
_SOURCES = ("item", "text", "relay", "live", "programme")


class ScheduleExists(ValidationError):
    """The week has a schedule already. ``replaceable``: it is a draft an import may replace
    (``replace=True``); ``schedule_id``: that schedule."""

    def __init__(self, template: str, schedule_id: str, replaceable: bool,
                 **params: Any) -> None:
        super().__init__(template, **params)
        self.schedule_id = schedule_id
        self.replaceable = replaceable


@dataclass(frozen=True)
class Imported:
    schedule: Schedule
    replaced: bool
    source: str
    text_items: tuple[str, ...] = ()  # text bulletins the import added to the library

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.schedule.id, "status": self.schedule.status}


@dataclass
class _Slot:
    slot: Slot
    text: tuple[str, str] | None = None  # (title, body) of a text item to add


@dataclass
class _Session:
    key: str
    starts: datetime
    ends: datetime
    title: str
    slots: list[_Slot] = field(default_factory=list)


@dataclass
class _Plan:
    doc: Document
    monday: date
    sessions: list[_Session]


# -- the verbs ------------------------------------------------------------------------------------------
def import_file(st: Station, path: Path, *, replace: bool = False) -> tuple[Imported, Changes]:
    """Import the week in ``path`` (.json, .csv or .xlsx) as a new draft (see the module)."""
    st.require(Right.SCHEDULE_EDIT, "import schedule")
    return import_document(st, interchange.read_file(path), replace=replace)


def import_document(st: Station, doc: Document, *,
                    replace: bool = False) -> tuple[Imported, Changes]:
    st.require(Right.SCHEDULE_EDIT, "import schedule")
    plan = _plan(st, doc)
    existing = _existing(st, plan.monday, replace)
    texts = [s.text for x in plan.sessions for s in x.slots if s.text is not None]
    if texts:
        st.require(Right.LIBRARY_IMPORT, "add text")
    with st.db.atomic():
        sched_id = _insert_schedule(st, plan) if existing is None else \
            _clear_draft(st, existing, plan)
        added = _write(st, sched_id, plan)
        note(st, "schedule", sched_id)  # queued for the hub with the import
    sched = load(st, sched_id)
    return (Imported(sched, existing is not None, doc.source, tuple(added)),
            Changes(schedule=True, library=bool(added), audit=True))


def export_document(st: Station, schedule_id: str) -> dict[str, Any]:
    """The schedule in the exchange shape (``schedule export --format json``)."""
    st.require(Right.LIBRARY_VIEW, "view schedule")
    return interchange.document(load(st, schedule_id), zone(st))


# -- checking ----------------------------------------------------------------------------------------------
def _plan(st: Station, doc: Document) -> _Plan:
    problems: list[RowRefused] = list(doc.problems)
    unknown: list[str] = []
    if not doc.sessions and not problems:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{name} has no sessions to import"),
                              name=doc.source)
    monday = _week(doc)
    frame = _frame(monday)
    resolver = _Items(st)
    sessions: list[_Session] = []
    for row in doc.sessions:
        slots: list[_Slot] = []
        for position, slot_row in enumerate(row.slots):
            try:
                slots.append(_slot(st, resolver, slot_row, position))
            except StationError as exc:
                problems.append(slot_row.where.refusal(exc))
                if isinstance(exc, NotFound) and cell_text(slot_row.fields.get("item")):
                    unknown.append(cell_text(slot_row.fields["item"]))
        try:
            sessions.append(_session(st, frame, row, slots))
        except StationError as exc:
            problems.append(row.where.refusal(exc))
    if problems:
        raise RowsRefused(QT_TRANSLATE_NOOP("errors", "{name} was not imported, nothing of it "
                                                      "was saved: {count} of its rows have "
                                                      "problems"),
                          rows=tuple(problems), unknown_items=tuple(dict.fromkeys(unknown)),
                          name=doc.source, count=len(problems))
    return _Plan(doc, monday, sessions)


def _week(doc: Document) -> date:
    """The Monday of the week the file names, else of the first of its sessions' days."""
    if cell_text(doc.week):
        day = parse_day(cell_day(doc.week))
    else:
        days = []
        for row in doc.sessions:
            try:
                days.append(parse_day(cell_day(row.date)))
            except StationError:
                continue  # that row is refused on its own
        if not days:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "{name} says no week and none of its "
                                                              "dates can be read"),
                                  name=doc.source)
        day = min(days)
    return day - timedelta(days=day.weekday())


def _frame(monday: date) -> Schedule:
    """The new week as a Schedule value, for the checks that compare with its period."""
    return Schedule("", "", 0, None, monday, WEEK_DAYS, "", "draft", 0, "", "", "", "", None,
                    None, None, None, "", None, None, None)


def _session(st: Station, frame: Schedule, row: SessionRow, slots: list[_Slot]) -> _Session:
    day, start = cell_day(row.date), cell_clock(row.start)
    if not cell_text(day):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a session needs its date"))
    if not cell_text(start):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a session needs its start time "
                                                          "(HH:MM)"))
    end = cell_clock(row.end) if cell_text(row.end) else None
    minutes = cell_seconds(row.minutes) if cell_text(row.minutes) else None
    if end is None and minutes is None:
        minutes = _fitting_minutes(st, slots)
    starts, ends = session_times(st, frame, day, start, end, minutes)
    return _Session(uuid7(), starts, ends, row.title, slots)


def _fitting_minutes(st: Station, slots: list[_Slot]) -> float:
    """A session given no end lasts what its slots add up to, to the next whole minute."""
    facts = media(st, (s.slot.item_id for s in slots))
    total = 0.0
    for s in slots:
        m = facts.get(s.slot.item_id or "")
        if s.slot.planned_s is not None:
            total += s.slot.planned_s
        elif s.text is not None:
            total += len(s.text[1].split()) / SYLLABLES_PER_SECOND
        elif m is not None:
            total += m.duration_s if m.duration_s is not None else m.spoken_estimate_s
    return float(math.ceil(total / 60)) if total > 0 else float(DEFAULT_SESSION_MINUTES)


def _priority(value: Any) -> str:
    text = cell_text(value)
    return _PRIORITIES.get(fold(text), text) if text else "normal"


def _slot(st: Station, items: _Items, row: SlotRow, position: int) -> _Slot:
    f = row.fields
    given = [k for k in _SOURCES if cell_text(f.get(k))]
    title, priority, note_text = cell_text(f.get("title")), _priority(f.get("priority")), \
        cell_text(f.get("note"))
    rule = cell_text(f.get("relay_rule"))
    planned_s = cell_seconds(f.get("planned_s"))
    if not given:
        if title:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” says nothing to play: give "
                                                              "an item, a text or a relay"),
                                  title=title)
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a slot needs an item, a title and "
                                                          "text, or a relay"))
    if len(given) > 1:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a slot plays one thing: it has "
                                                          "{fields}"), fields=", ".join(given))
    kind, value = given[0], cell_text(f.get(given[0]))
    key = uuid7()
    if kind == "text":
        body = value
        title = title or body.splitlines()[0][:80]
        found = items.text_item(title, body)
        if found is None:
            check_priority(priority)
            check_length(planned_s)
            return _Slot(Slot(key, position, "bulletin", None, None, priority, title, planned_s,
                              None, None, note_text), (title, body))
        value, kind = found, "item"
    item_id = relay = live = programme = None
    if kind == "item":
        item_id = items.find(value)
    elif kind == "relay":
        # A feed's slot picks its episode at air time (schedule/relay.py): nothing pinned.
        relay = value
        item_id = None if rule or find_feed(st, value) else items.relay_download(value)
    elif kind == "live":
        live = value
    else:
        programme = items.programme(value)
    return _Slot(slot_from(st, key, position, item_id=item_id, kind=None, priority=priority,
                           planned_s=planned_s, title=title, relay_ref=relay, stream_url=live,
                           programme_id=programme, note=note_text, relay_rule=rule))


class _Items:
    """Looks up what the rows name: items by id or by exact title, programmes, relays."""

    def __init__(self, st: Station) -> None:
        self.st = st
        self._titles: dict[str, list[str]] | None = None

    def usable(self, item_id: str) -> bool:
        """Not in the library's bin (deleted, waiting to be restored or emptied)."""
        return not is_binned(self.st, item_id)

    def find(self, value: str) -> str:
        db = self.st.db
        if db.execute("SELECT 1 FROM items WHERE id = ?", [value]).fetchone() is not None:
            if not self.usable(value):
                raise ValidationError(QT_TRANSLATE_NOOP("errors", "the item {id} is in the bin"),
                                      id=value)
            return value
        if self._titles is None:
            self._titles = {}
            for item_id, title in db.execute("SELECT id, title FROM items").fetchall():
                self._titles.setdefault(name_key(title), []).append(item_id)
        found = [i for i in self._titles.get(name_key(value), []) if self.usable(i)]
        if len(found) > 1:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "{count} items are titled “{title}”: "
                                                              "give the item's id"),
                                  count=len(found), title=value)
        if not found:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "the library has no item with the id or "
                                                       "title “{value}”"), value=value)
        return found[0]

    def text_item(self, title: str, body: str) -> str | None:
        """A text bulletin with this title and text already in the library (not made twice)."""
        for (item_id,) in self.st.db.execute(
                "SELECT id FROM items WHERE kind = 'text' AND title = ? AND body = ?"
                " ORDER BY created_at", [nfc(title), nfc(body)]).fetchall():
            if self.usable(item_id):
                return str(item_id)
        return None

    def relay_download(self, relay_ref: str) -> str | None:
        """The item a relay was already downloaded as (another slot waits for the same)."""
        row = self.st.db.execute(
            "SELECT s.item_id FROM schedule_slots s JOIN items i ON i.id = s.item_id"
            " WHERE s.kind = 'relay' AND s.relay_ref = ? LIMIT 1", [nfc(relay_ref)]).fetchone()
        return None if row is None else str(row[0])

    def programme(self, value: str) -> str:
        if self.st.db.execute("SELECT 1 FROM programmes WHERE id = ?", [value]).fetchone() is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no programme with id {id}"), id=value)
        return value


# -- the week that is there already ----------------------------------------------------------------
def _existing(st: Station, monday: date, replace: bool) -> Schedule | None:
    """The draft to replace, if any (``replace``); refuses every other clash."""
    end = monday + timedelta(days=WEEK_DAYS)
    clashes = headers(st, "WHERE period_start < ? AND date(period_start, '+' || period_days"
                          " || ' days') > ?", [end.isoformat(), monday.isoformat()])
    if not clashes:
        return None
    newest = clashes[0]
    one_week = {(h.series_id, h.period_start, h.period_days) for h in clashes} == \
        {(newest.series_id, monday, WEEK_DAYS)}
    span = {"start": fmt_date(newest.period_start), "end": fmt_date(newest.period_end)}
    if one_week and newest.editable:
        if replace:
            return newest
        raise ScheduleExists(QT_TRANSLATE_NOOP("errors", "a draft schedule for {start} – {end} "
                                                         "exists already: replace it, or import "
                                                         "into another week"),
                             newest.id, True, **span)
    raise ScheduleExists(QT_TRANSLATE_NOOP("errors", "the schedule for {start} – {end} is "
                                                     "{status}: an import never replaces it"),
                         newest.id, False, status=newest.status, **span)


# -- writing ----------------------------------------------------------------------------------------------
def _counts(plan: _Plan) -> dict[str, Any]:
    return {"imported_from": plan.doc.source, "format": plan.doc.format,
            "sessions": len(plan.sessions), "slots": sum(len(x.slots) for x in plan.sessions)}


def _insert_schedule(st: Station, plan: _Plan) -> str:
    sched_id = uuid7()
    now = now_iso()
    st.db.execute(
        "INSERT INTO schedules (id, series_id, revision, period_start, period_days, title,"
        " status, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, ?, 1, ?, ?, ?, 'draft', ?, ?, ?, ?)",
        [sched_id, sched_id, plan.monday.isoformat(), WEEK_DAYS, nfc(plan.doc.title), now,
         st.actor, now, st.actor])
    st.audit("schedule.create", "schedule", sched_id, {
        "period_start": plan.monday.isoformat(), "days": WEEK_DAYS, "template": None,
        "copy_from": None, **_counts(plan)})
    return sched_id


def _clear_draft(st: Station, draft: Schedule, plan: _Plan) -> str:
    """Empty the draft being replaced (still a draft: checked in the same transaction)."""
    cur = st.db.execute(
        "UPDATE schedules SET version = version + 1, status = 'draft', updated_at = ?,"
        " updated_by = ?, title = CASE WHEN ? = '' THEN title ELSE ? END"
        " WHERE id = ? AND status IN ('draft', 'rejected')",
        [now_iso(), st.actor, nfc(plan.doc.title), nfc(plan.doc.title), draft.id])
    if cur.rowcount == 0:
        raise locked_error(load(st, draft.id).status)
    st.db.execute("DELETE FROM schedule_slots WHERE session_id IN"
                  " (SELECT id FROM schedule_sessions WHERE schedule_id = ?)", [draft.id])
    st.db.execute("DELETE FROM schedule_sessions WHERE schedule_id = ?", [draft.id])
    st.audit("schedule.edit", "schedule", draft.id,
             {"op": "import", "args": _counts(plan), "version": draft.version})
    return draft.id


def _write(st: Station, sched_id: str, plan: _Plan) -> list[str]:
    """Sessions, slots and the text bulletins they need; returns the new items' ids."""
    added: list[str] = []
    made: dict[tuple[str, str], str] = {}  # the same text twice in a file is one item
    for x in plan.sessions:
        row_id = insert_session(st, sched_id, x.key, x.starts, x.ends, x.title)
        for s in x.slots:
            slot = s.slot
            if s.text is not None:
                item_id = made.get(s.text)
                if item_id is None:
                    item = library.new_item(st, "text", s.text[0])
                    library.insert_item(st, item, s.text[1])
                    st.audit("item.create", "item", item.id,
                             {"title": item.title, "kind": "text", "schedule_id": sched_id})
                    item_id = made[s.text] = item.id
                    added.append(item.id)
                slot = Slot(slot.key, slot.position, slot.kind, item_id, slot.programme_id,
                            slot.priority, slot.title, slot.planned_s, slot.relay_ref,
                            slot.stream_url, slot.note, slot.relay_rule)
            insert_slot(st, row_id, slot)
    return added
