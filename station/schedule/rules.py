"""Broadcast rules as data, per province and per station, and their evaluation.

A rule is a kind and JSON parameters. Province rules (``province`` set; they can come from
the provincial system) apply when settings.SCHEDULE_PROVINCE names that province; station
rules (``province`` empty) always apply. Kinds:

- ``max_session_minutes`` {"minutes": 15}: no session lasts longer (planned or back-timed).
- ``sessions_per_day`` {"max": 2, "min": 1}: sessions on a broadcast day (min: on days
  that have any).
- ``days_per_week`` {"max": 5}: broadcast days in each Monday-to-Sunday week.
- ``quiet_hours`` {"start": "22:00", "end": "05:00"}: no session in that window (it may
  cross midnight).
- ``must_air`` {"item_id" | "category" | "relay_ref": ..., "per": "day" | "week" |
  "session", "times": 1, "title": "Bản tin của tỉnh"}: a mandatory bulletin.

Every violation is an error: it blocks submit and approval.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from station import settings
from station.changes import Changes
from station.clock import fmt_date, fmt_time, local_dt, now_iso, parse_clock, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.model import Media, Problem, Schedule
from station.schedule.timing import SessionTiming
from station.station import Station
from station.text import name_key, nfc

KINDS = ("max_session_minutes", "sessions_per_day", "days_per_week", "quiet_hours", "must_air")
PER = ("day", "week", "session")
TOLERANCE_S = 1.0

# Example rule sets a station can install (schedule_rules.install_preset); a province's own
# system can send its rules instead.
PRESETS: dict[str, tuple[str, tuple[tuple[str, dict[str, Any], str], ...]]] = {
    "hanoi-ward": ("Hà Nội", (
        ("max_session_minutes", {"minutes": 15}, "Phường: mỗi buổi không quá 15 phút"),
        ("sessions_per_day", {"max": 2}, "Phường: ngày phát 2 buổi"),
        ("days_per_week", {"max": 5}, "Phường: phát 5 ngày mỗi tuần"),
    )),
}


@dataclass(frozen=True)
class Rule:
    id: str
    province: str
    kind: str
    params: dict[str, Any]
    note: str
    created_at: str
    created_by: str

    @property
    def scope(self) -> str:
        return "province" if self.province else "station"

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "province": self.province, "scope": self.scope,
                "kind": self.kind, "params": self.params, "note": self.note,
                "created_at": self.created_at, "created_by": self.created_by}


def _positive(params: dict[str, Any], name: str, *, zero: bool = False) -> float:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or \
            value < 0 or (value == 0 and not zero):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the rule needs a number {name}"),
                              name=name)
    return float(value)


def clean_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a rule, checked and normalised."""
    if kind == "max_session_minutes":
        return {"minutes": _positive(params, "minutes")}
    if kind == "sessions_per_day":
        out: dict[str, Any] = {k: int(_positive(params, k, zero=True)) for k in ("max", "min")
                               if k in params}
        if not out:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "the rule needs a number {name}"),
                                  name="max")
        return out
    if kind == "days_per_week":
        days = int(_positive(params, "max", zero=True))
        if days > 7:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "a week has 7 days"))
        return {"max": days}
    if kind == "quiet_hours":
        return {"start": parse_clock(params.get("start", "")).strftime("%H:%M"),
                "end": parse_clock(params.get("end", "")).strftime("%H:%M")}
    if kind == "must_air":
        target = {k: nfc(str(params[k])) for k in ("item_id", "category", "relay_ref")
                  if params.get(k)}
        if len(target) != 1:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "a mandatory bulletin rule names one "
                                                              "item, category or relay"))
        per = params.get("per", "week")
        if per not in PER:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "'per' is day, week or session"))
        return {**target, "per": per, "times": int(_positive(params, "times"))
                if "times" in params else 1, "title": nfc(params.get("title", ""))}
    raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown rule: {kind}"), kind=kind)


def add_rule(st: Station, kind: str, params: dict[str, Any], *, province: str = "",
             note: str = "") -> tuple[Rule, Changes]:
    """A station rule, or a rule of ``province``."""
    st.require(Right.SETTINGS_MANAGE, "add schedule rule")
    clean = clean_params(kind, params)
    rule = Rule(uuid7(), nfc(province), kind, clean, nfc(note), now_iso(), st.actor)
    with st.db.atomic():
        st.db.execute("INSERT INTO schedule_rules (id, province, kind, params, note, created_at,"
                      " created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [rule.id, rule.province, kind, json.dumps(clean, ensure_ascii=False),
                       rule.note, rule.created_at, rule.created_by])
        st.audit("schedule.rule.add", "schedule_rule", rule.id, rule.to_json_dict())
    return rule, Changes(schedule=True, audit=True)


def list_rules(st: Station, *, applicable: bool = False) -> list[Rule]:
    """All rules, or (``applicable``) the station's and its province's."""
    sql = ("SELECT id, province, kind, params, note, created_at, created_by FROM schedule_rules")
    params: list[Any] = []
    if applicable:
        sql += " WHERE province = '' OR province = ?"
        params.append(nfc(settings.SCHEDULE_PROVINCE.get(st.db)))
    rows = st.db.execute(sql + " ORDER BY province, kind, created_at", params).fetchall()
    return [Rule(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6]) for r in rows]


def set_province(st: Station, province: str) -> Changes:
    """Which province's rules apply to this station."""
    st.require(Right.SETTINGS_MANAGE, "set province")
    with st.db.atomic():
        settings.SCHEDULE_PROVINCE.set(st.db, nfc(province))
        st.audit("settings.change", "setting", settings.SCHEDULE_PROVINCE.key,
                 {"value": nfc(province)})
    return Changes(settings=True, schedule=True, audit=True)


def install_preset(st: Station, preset: str) -> tuple[list[Rule], Changes]:
    """Add a preset's province rules (those not there already)."""
    st.require(Right.SETTINGS_MANAGE, "add schedule rule")
    if preset not in PRESETS:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no rule preset {name}"), name=preset)
    province, rules = PRESETS[preset]
    have = {(r.province, r.kind, json.dumps(r.params, sort_keys=True)) for r in list_rules(st)}
    added = []
    with st.db.atomic():
        for kind, params, note in rules:
            sig = (province, kind, json.dumps(clean_params(kind, params), sort_keys=True))
            if sig not in have:
                added.append(add_rule(st, kind, params, province=province, note=note)[0])
    return added, Changes(schedule=bool(added), audit=bool(added))


# -- evaluation ---------------------------------------------------------------------------------------
def _minutes(seconds: float) -> str:
    return f"{seconds / 60:g}" if seconds % 60 == 0 else f"{seconds / 60:.1f}"


def evaluate(st: Station, sched: Schedule, timings: list[SessionTiming], facts: dict[str, Media],
             rules: list[Rule] | None = None) -> list[Problem]:
    """Every rule violation of the schedule (``rules``: default the applicable ones)."""
    tz = zone(st)
    out: list[Problem] = []
    rules = list_rules(st, applicable=True) if rules is None else rules
    per_day = Counter(x.starts_at.astimezone(tz).date() for x in sched.sessions)
    for rule in rules:
        p = rule.params
        label = rule.note or rule.kind
        if rule.kind == "max_session_minutes":
            limit = p["minutes"] * 60
            for t in timings:
                length = max(t.length_s, t.total_s)
                if length > limit + TOLERANCE_S:
                    out.append(Problem("rule.max_session_minutes", "error", QT_TRANSLATE_NOOP(
                        "schedule", "the session of {day} at {time} lasts {minutes} minutes; the "
                                    "rule allows {limit} ({rule})"),
                        {"day": fmt_date(t.starts_at, tz), "time": fmt_time(t.starts_at, tz),
                         "minutes": _minutes(length), "limit": _minutes(limit), "rule": label},
                        t.key))
        elif rule.kind == "sessions_per_day":
            for day in sorted(per_day):
                n = per_day[day]
                if n > p.get("max", n) or n < p.get("min", 0):
                    out.append(Problem("rule.sessions_per_day", "error", QT_TRANSLATE_NOOP(
                        "schedule", "{day} has {count} sessions; the rule allows {min} to {max} "
                                    "({rule})"),
                        {"day": fmt_date(day), "count": n, "min": p.get("min", 0),
                         "max": p.get("max", "∞"), "rule": label}))
        elif rule.kind == "days_per_week":
            weeks = Counter(day - timedelta(days=day.weekday()) for day in per_day)
            for monday, n in sorted(weeks.items()):
                if n > p["max"]:
                    out.append(Problem("rule.days_per_week", "error", QT_TRANSLATE_NOOP(
                        "schedule", "the week of {day} has sessions on {count} days; the rule "
                                    "allows {max} ({rule})"),
                        {"day": fmt_date(monday), "count": n, "max": p["max"], "rule": label}))
        elif rule.kind == "quiet_hours":
            start, end = parse_clock(p["start"]), parse_clock(p["end"])
            for x in sched.sessions:
                if _in_quiet(x.starts_at, x.ends_at, start, end, tz):
                    out.append(Problem("rule.quiet_hours", "error", QT_TRANSLATE_NOOP(
                        "schedule", "the session of {day} at {time} falls in the quiet hours "
                                    "{start}–{end} ({rule})"),
                        {"day": fmt_date(x.starts_at, tz), "time": fmt_time(x.starts_at, tz),
                         "start": p["start"], "end": p["end"], "rule": label}, x.key))
        elif rule.kind == "must_air":
            out += _must_air(sched, rule, facts, tz)
    return out


def _in_quiet(starts: datetime, ends: datetime, q_start: time, q_end: time, tz: Any) -> bool:
    """Does [starts, ends) meet the daily window q_start-q_end (which may cross midnight)?"""
    first = starts.astimezone(tz).date() - timedelta(days=1)
    last = ends.astimezone(tz).date()
    day = first
    while day <= last:
        w_start = local_dt(day, q_start, tz)
        w_end = local_dt(day if q_end > q_start else day + timedelta(days=1), q_end, tz)
        if starts < w_end and w_start < ends:
            return True
        day += timedelta(days=1)
    return False


def _must_air(sched: Schedule, rule: Rule, facts: dict[str, Media], tz: Any) -> list[Problem]:
    p = rule.params

    def matches(slot_item: str | None, relay: str | None) -> bool:
        if "item_id" in p:
            return slot_item == p["item_id"]
        if "relay_ref" in p:
            return relay == p["relay_ref"]
        m = facts.get(slot_item or "")
        return m is not None and name_key(m.category) == name_key(p["category"])

    name = p.get("title") or p.get("category") or p.get("item_id") or p.get("relay_ref")
    groups: dict[Any, int] = {}
    keys: dict[Any, str | None] = {}
    for x in sched.sessions:
        unit: Any = {"day": x.starts_at.astimezone(tz).date(), "week": "week",
                     "session": x.key}[p["per"]]
        keys[unit] = x.key if p["per"] == "session" else None
        groups[unit] = groups.get(unit, 0) + sum(1 for s in x.slots
                                                 if matches(s.item_id, s.relay_ref))
    if not sched.sessions:
        groups["week"] = 0
        keys["week"] = None
    templates = {
        "day": QT_TRANSLATE_NOOP("schedule", "“{name}” must air {times} time(s) each broadcast "
                                             "day; {where} has it {count} time(s)"),
        "week": QT_TRANSLATE_NOOP("schedule", "“{name}” must air {times} time(s) in the schedule "
                                              "from {where}; it has it {count} time(s)"),
        "session": QT_TRANSLATE_NOOP("schedule", "“{name}” must air {times} time(s) in each "
                                                 "session; the session of {where} has it {count} "
                                                 "time(s)"),
    }
    out = []
    for unit, n in groups.items():
        if n >= p["times"]:
            continue
        if p["per"] == "day":
            where = fmt_date(unit)
        elif p["per"] == "session":
            x = sched.session(unit)
            where = f"{fmt_date(x.starts_at, tz)} {fmt_time(x.starts_at, tz)}"
        else:
            where = fmt_date(sched.period_start)
        out.append(Problem("rule.must_air", "error", templates[p["per"]],
                           {"name": name, "times": p["times"], "where": where, "count": n},
                           keys[unit]))
    return out
