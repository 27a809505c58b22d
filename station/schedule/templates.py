"""Week templates (the station's clocks) and filling a new period: from a template, by
copying another period (last week), or with the default daily sessions (settings)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any

from station import settings
from station.changes import Changes
from station.clock import local_dt, now_iso, parse_clock, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.edits import MAX_SESSION_S, insert_session, insert_slot, slot_from
from station.schedule.model import Schedule, Slot, load
from station.station import Station
from station.text import name_key, nfc

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)  # ISO: Monday is 1
_SLOT_FIELDS = ("kind", "item_id", "programme_id", "priority", "title", "planned_s", "relay_ref",
                "stream_url", "note", "relay_rule")


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    sessions: tuple[dict[str, Any], ...]  # {"weekdays", "start", "minutes", "title", "slots"}
    version: int
    created_at: str
    created_by: str
    updated_at: str

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "sessions": list(self.sessions),
                "version": self.version, "created_at": self.created_at,
                "created_by": self.created_by, "updated_at": self.updated_at}


def _clean_session(st: Station, raw: dict[str, Any]) -> dict[str, Any]:
    days = sorted({int(d) for d in raw.get("weekdays", WEEKDAYS)})
    if not days or any(d not in WEEKDAYS for d in days):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "weekdays are 1 (Monday) to 7 (Sunday)"))
    minutes = float(raw.get("minutes", 0))
    if not 0 < minutes * 60 <= MAX_SESSION_S:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a session lasts more than 0 and at most "
                                                          "{hours} hours"), hours=MAX_SESSION_S // 3600)
    slots = []
    for s in raw.get("slots", []):
        slot = slot_from(st, "", 0, item_id=s.get("item_id"), kind=s.get("kind"),
                         priority=s.get("priority", "normal"), planned_s=s.get("planned_s"),
                         title=nfc(s.get("title")), relay_ref=s.get("relay_ref"),
                         stream_url=s.get("stream_url"), programme_id=s.get("programme_id"),
                         note=nfc(s.get("note")), relay_rule=nfc(s.get("relay_rule")))
        slots.append({f: getattr(slot, f) for f in _SLOT_FIELDS})
    return {"weekdays": days, "start": parse_clock(raw.get("start", "")).strftime("%H:%M:%S"),
            "minutes": minutes, "title": nfc(raw.get("title")), "slots": slots}


def save_template(st: Station, name: str, sessions: list[dict[str, Any]]
                  ) -> tuple[Template, Changes]:
    """Create the template ``name``, or replace its sessions. Each session:
    {"weekdays": [1..7], "start": "05:30", "minutes": 30, "title": ..., "slots": [...]}, a
    slot as schedule.add_slot takes it (item_id, kind, priority, planned_s, relay_ref, ...)."""
    st.require(Right.SCHEDULE_EDIT, "save schedule template")
    name = nfc(name)
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a template needs a name"))
    body = json.dumps({"sessions": [_clean_session(st, s) for s in sessions]}, ensure_ascii=False)
    now = now_iso()
    db = st.db
    with db.atomic():
        row = db.execute("SELECT id FROM schedule_templates WHERE name_key = ?",
                         [name_key(name)]).fetchone()
        if row:
            template_id = row[0]
            db.execute("UPDATE schedule_templates SET name = ?, body = ?, version = version + 1,"
                       " updated_at = ? WHERE id = ?", [name, body, now, template_id])
        else:
            template_id = uuid7()
            db.execute("INSERT INTO schedule_templates (id, name, name_key, body, created_at,"
                       " created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [template_id, name, name_key(name), body, now, st.actor, now])
        st.audit("schedule.template.save", "schedule_template", template_id,
                 {"name": name, "sessions": len(sessions)})
    return get_template(st, template_id), Changes(schedule=True, audit=True)


def template_from_schedule(st: Station, schedule_id: str, name: str) -> tuple[Template, Changes]:
    """A template from a schedule: sessions that repeat at the same time with the same slots
    on several weekdays become one clock for those weekdays."""
    st.require(Right.SCHEDULE_EDIT, "save schedule template")
    sched = load(st, schedule_id)
    tz = zone(st)
    alive = _existing_items(st, {s.item_id for x in sched.sessions for s in x.slots if s.item_id})
    groups: dict[str, dict[str, Any]] = {}
    for x in sched.sessions:
        local = x.starts_at.astimezone(tz)
        # A slot whose item is gone is left out; a relay keeps its reference, not its file.
        slots = [{**{f: getattr(s, f) for f in _SLOT_FIELDS},
                  "item_id": s.item_id if s.kind != "relay" and s.item_id in alive else None}
                 for s in x.slots if s.kind not in ("item", "bulletin") or s.item_id in alive]
        clock = {"start": local.strftime("%H:%M:%S"), "minutes": x.length_s / 60,
                 "title": x.title, "slots": slots}
        signature = json.dumps(clock, sort_keys=True, ensure_ascii=False)
        groups.setdefault(signature, {**clock, "weekdays": []})["weekdays"].append(
            local.isoweekday())
    return save_template(st, name, sorted(groups.values(), key=lambda c: (c["start"],
                                                                          c["weekdays"])))


def list_templates(st: Station) -> list[Template]:
    st.require(Right.LIBRARY_VIEW, "list schedule templates")
    return [_template(r) for r in st.db.execute(
        "SELECT id, name, body, version, created_at, created_by, updated_at"
        " FROM schedule_templates ORDER BY name_key").fetchall()]


def get_template(st: Station, template_id: str) -> Template:
    row = st.db.execute("SELECT id, name, body, version, created_at, created_by, updated_at"
                        " FROM schedule_templates WHERE id = ? OR name_key = ?",
                        [template_id, name_key(template_id)]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no schedule template {id}"), id=template_id)
    return _template(row)


def _template(row: tuple[Any, ...]) -> Template:
    body = json.loads(row[2])
    return Template(row[0], row[1], tuple(body.get("sessions", [])), *row[3:])


# -- filling a new period ---------------------------------------------------------------------------
def _days(start: date, days: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(days)]


def _existing_items(st: Station, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    return {r[0] for r in st.db.execute(f"SELECT id FROM items WHERE id IN ({marks})", list(ids))}


def _put_slots(st: Station, session_id: str, slots: list[dict[str, Any]], alive: set[str],
               keep_keys: bool) -> None:
    for n, s in enumerate(slots):
        item_id = s.get("item_id")
        # A template or an old week may name an item deleted since: the slot keeps its title
        # and the checks report it, rather than the copy failing.
        slot = Slot(s["key"] if keep_keys else uuid7(), n, s["kind"],
                    item_id if item_id in alive else None, s.get("programme_id"),
                    s.get("priority", "normal"), s.get("title", ""), s.get("planned_s"),
                    s.get("relay_ref"), s.get("stream_url"), s.get("note", ""),
                    s.get("relay_rule", "") if s["kind"] == "relay" else "")
        insert_slot(st, session_id, slot)


def fill_from_clocks(st: Station, sched_id: str, start: date, days: int,
                     clocks: list[dict[str, Any]], tz: tzinfo) -> int:
    """Sessions for every day of the period from clocks (template sessions or the default
    daily ones). Returns how many sessions were made. Call inside the creating transaction."""
    alive = _existing_items(st, {s["item_id"] for c in clocks for s in c.get("slots", [])
                                 if s.get("item_id")})
    made = 0
    for day in _days(start, days):
        for clock in clocks:
            if day.isoweekday() not in clock.get("weekdays", WEEKDAYS):
                continue
            starts = local_dt(day, parse_clock(clock["start"]), tz)
            ends = starts + timedelta(minutes=float(clock["minutes"]))
            session_id = insert_session(st, sched_id, uuid7(), starts, ends, clock.get("title", ""))
            _put_slots(st, session_id, [dict(s) for s in clock.get("slots", [])], alive, False)
            made += 1
    return made


def default_clocks(st: Station) -> list[dict[str, Any]]:
    return [{"weekdays": list(WEEKDAYS), "start": c.get("start", "05:30"),
             "minutes": c.get("minutes", 30), "title": c.get("title", ""), "slots": []}
            for c in settings.SCHEDULE_DEFAULT_SESSIONS.get(st.db)]


def copy_sessions(st: Station, source: Schedule, target_id: str, start: date, days: int,
                  tz: tzinfo, *, keep_keys: bool) -> int:
    """Copy ``source``'s sessions into a period starting ``start``, at the same wall-clock
    times, day for day (sessions whose day falls outside the new period are left out)."""
    shift = start - source.period_start
    alive = _existing_items(st, {s.item_id for x in source.sessions for s in x.slots
                                 if s.item_id})
    made = 0
    for x in source.sessions:
        local = x.starts_at.astimezone(tz)
        day = local.date() + shift
        if not start <= day < start + timedelta(days=days):
            continue
        starts = local_dt(day, local.time().replace(tzinfo=None), tz)
        ends = starts + (x.ends_at - x.starts_at)
        key = x.key if keep_keys else uuid7()
        session_id = insert_session(st, target_id, key, starts, ends, x.title)
        _put_slots(st, session_id, [{**s.to_json_dict()} for s in x.slots], alive, keep_keys)
        made += 1
    return made
