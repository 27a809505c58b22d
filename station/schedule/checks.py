"""Checks before submit and approval: overlaps, gaps, over-runs, missing or unanalysed media,
items longer than their slot, loudness off target, relays not downloaded
(or naming no known feed), and the rules.

Errors block submit and approval; warnings are shown to the editor and the chief. A slot
whose item was deleted is reported here, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from station import settings
from station.clock import fmt_date, fmt_duration, fmt_time, zone
from station.errors import QT_TRANSLATE_NOOP
from station.rights import Right
from station.schedule.model import Media, Problem, Schedule, Session, Slot, load, media
from station.schedule.relay import find_feed
from station.schedule.relay import pick as relay_pick
from station.schedule.rules import evaluate
from station.schedule.timing import SessionTiming, SlotTiming, time_session
from station.station import Station

GAP_WARNING_S = 30.0  # dead air at the end of a session worth a warning
RUN_TOLERANCE_S = 1.0
LONGER_TOLERANCE_S = 0.5


@dataclass(frozen=True)
class CheckReport:
    schedule_id: str
    version: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.blocking)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json_dict(self) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id, "version": self.version, "ok": self.ok,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "problems": [p.to_json_dict() for p in self.problems]}


def check(st: Station, schedule_id: str, *, now: datetime | None = None) -> CheckReport:
    """Every problem of the revision (rights: anyone who may view schedules)."""
    st.require(Right.LIBRARY_VIEW, "check schedule")
    return check_loaded(st, load(st, schedule_id), now=now)


def check_loaded(st: Station, sched: Schedule, *, now: datetime | None = None) -> CheckReport:
    now = now or datetime.now(UTC)
    tz = zone(st)
    facts = media(st, (s.item_id for x in sched.sessions for s in x.slots))
    timings = [time_session(x, facts) for x in sched.sessions]
    problems: list[Problem] = []
    problems += _overlaps(st, sched, tz)
    target = settings.LOUDNESS_TARGET_LUFS.get(st.db)
    tolerance = settings.SCHEDULE_LOUDNESS_TOLERANCE_LU.get(st.db)
    for x, t in zip(sched.sessions, timings, strict=True):
        where = {"day": fmt_date(x.starts_at, tz), "time": fmt_time(x.starts_at, tz)}
        problems += _session_problems(x, t, where)
        for slot, timing in zip(x.slots, t.slots, strict=True):
            problems += _slot_problems(st, x, slot, timing, facts.get(slot.item_id or ""),
                                       target, tolerance, now, tz)
    problems += evaluate(st, sched, timings, facts)
    return CheckReport(sched.id, sched.version, tuple(problems))


def _overlaps(st: Station, sched: Schedule, tz: Any) -> list[Problem]:
    """Sessions that overlap, in this schedule and across its edges with the neighbours."""
    from station.schedule.periods import current  # the neighbours' current revisions

    mine = [(x, True) for x in sched.sessions]
    for day in (sched.period_start - timedelta(days=1), sched.period_end + timedelta(days=1)):
        other = current(st, day)
        if other is not None and other.series_id != sched.series_id:
            mine += [(x, False) for x in other.sessions]
    mine.sort(key=lambda p: p[0].starts_at)
    out = []
    for i, (a, a_mine) in enumerate(mine):
        for b, b_mine in mine[i + 1:]:
            if b.starts_at >= a.ends_at:
                break
            if not (a_mine or b_mine):
                continue
            out.append(Problem("overlap", "error", QT_TRANSLATE_NOOP(
                "schedule", "the sessions of {day} at {first} and at {second} overlap"),
                {"day": fmt_date(a.starts_at, tz), "first": fmt_time(a.starts_at, tz),
                 "second": fmt_time(b.starts_at, tz)}, (b if b_mine else a).key))
    return out


def _session_problems(x: Session, t: SessionTiming, where: dict[str, str]) -> list[Problem]:
    if not x.slots:
        return [Problem("empty_session", "warning", QT_TRANSLATE_NOOP(
            "schedule", "the session of {day} at {time} is empty"), where, x.key)]
    if t.over_s > RUN_TOLERANCE_S:
        return [Problem("overrun", "error", QT_TRANSLATE_NOOP(
            "schedule", "the session of {day} at {time} over-runs by {over}"),
            {**where, "over": fmt_duration(t.over_s)}, x.key)]
    if -t.over_s > GAP_WARNING_S:
        return [Problem("gap", "warning", QT_TRANSLATE_NOOP(
            "schedule", "the session of {day} at {time} has {gap} of dead air at its end"),
            {**where, "gap": fmt_duration(-t.over_s)}, x.key)]
    return []


def _slot_problems(st: Station, x: Session, slot: Slot, timing: SlotTiming, m: Media | None,
                   target: float, tolerance: float, now: datetime, tz: Any) -> list[Problem]:
    out: list[Problem] = []
    params: dict[str, Any] = {"title": slot.title, "day": fmt_date(timing.starts_at, tz),
                              "time": fmt_time(timing.starts_at, tz)}

    def add(code: str, severity: str, template: str, **extra: Any) -> None:
        out.append(Problem(code, severity, template, {**params, **extra}, x.key, slot.key))

    if slot.kind == "relay":
        if m is None:
            _relay_problems(st, x, slot, timing.starts_at <= now, add)
            return out
    elif slot.kind in ("item", "bulletin") and m is None:
        add("missing_item", "error", QT_TRANSLATE_NOOP(
            "schedule", "“{title}” ({day} {time}): its library item was deleted"))
        return out
    elif slot.kind == "programme":
        # The slot plays the programme's render (schedule_model.load resolves it): with none,
        # there is nothing to air; otherwise it is checked below like any item.
        if m is None:
            add("programme_unrendered", "error", QT_TRANSLATE_NOOP(
                "schedule", "the programme “{title}” ({day} {time}) has not been rendered"))
            return out
        if _render_stale(st, slot.programme_id, m.item_id):
            add("programme_stale", "warning", QT_TRANSLATE_NOOP(
                "schedule", "the programme “{title}” changed after it was rendered: render it "
                            "again to air the changes"))
    if m is None:  # a live window
        return out
    if m.is_text:
        add("not_spoken", "warning", QT_TRANSLATE_NOOP(
            "schedule", "“{title}” is a text: it has no duration until it is spoken (about "
                        "{estimate})"), estimate=fmt_duration(m.spoken_estimate_s))
        return out
    if m.sha256 is None:
        add("no_media", "error", QT_TRANSLATE_NOOP(
            "schedule", "“{title}” ({day} {time}) has no media file"))
        return out
    path = st.store.path(m.sha256, m.ext or "")
    try:
        present = path.stat().st_size == m.size
    except OSError:
        present = False
    if not present:
        add("file_missing", "error", QT_TRANSLATE_NOOP(
            "schedule", "the media file of “{title}” is missing or damaged in the store: run "
                        "'station verify'"))
    if m.analyzed_at is None or m.duration_s is None:
        add("unanalysed", "warning", QT_TRANSLATE_NOOP(
            "schedule", "“{title}” has not been analysed: its duration and loudness are unknown"))
    if slot.planned_s is not None and m.duration_s is not None and \
            m.duration_s > slot.planned_s + LONGER_TOLERANCE_S:
        add("too_long", "error", QT_TRANSLATE_NOOP(
            "schedule", "“{title}” lasts {duration}, longer than its slot ({slot})"),
            duration=fmt_duration(m.duration_s), slot=fmt_duration(slot.planned_s))
    if m.integrated_lufs is not None:
        air = m.integrated_lufs + (m.gain_db or 0.0)
        if abs(air - target) > tolerance:
            add("loudness", "warning", QT_TRANSLATE_NOOP(
                "schedule", "“{title}” airs at {lufs} LUFS, outside {target} ± {tolerance} LU"),
                lufs=f"{air:.1f}", target=f"{target:g}", tolerance=f"{tolerance:g}")
    return out


def _relay_problems(st: Station, x: Session, slot: Slot, late: bool,
                    add: Callable[..., None]) -> None:
    """A relay slot that picks its episode at air time: is its feed known, and has an episode
    its rule accepts arrived (air time: the session's start, as playout picks)?"""
    if find_feed(st, slot.relay_ref) is None and not st.db.execute(
            "SELECT 1 FROM relay_entries WHERE guid = ? OR url = ?",
            [slot.relay_ref, slot.relay_ref]).fetchone():
        add("relay_unknown_feed", "warning", QT_TRANSLATE_NOOP(
            "schedule", "the relay “{title}” names “{ref}”: no feed or episode received here "
                        "has that name"), ref=slot.relay_ref or "")
    found = relay_pick(st, slot.relay_ref, slot.relay_rule, x.starts_at, x.ends_at)
    if found.item_id is not None:
        return
    feed = find_feed(st, slot.relay_ref)
    code, severity = ("relay_late", "error") if late else ("relay_pending", "warning")
    if slot.relay_rule and feed is not None:
        add(code, severity, QT_TRANSLATE_NOOP(
            "schedule", "no episode of {feed} matching “{rule}” has arrived for the relay "
                        "“{title}”; it was needed at {time} on {day}") if late else
            QT_TRANSLATE_NOOP("schedule", "no episode of {feed} matching “{rule}” has arrived "
                                          "yet for the relay “{title}”; it is needed by {time} "
                                          "on {day}"), feed=feed.name, rule=slot.relay_rule)
    else:
        add(code, severity, QT_TRANSLATE_NOOP(
            "schedule", "the relay “{title}” is not downloaded; it was needed at {time} on {day}")
            if late else
            QT_TRANSLATE_NOOP("schedule", "the relay “{title}” is not downloaded yet; it is needed "
                                          "by {time} on {day}"))


def _render_stale(st: Station, programme_id: str | None, item_id: str) -> bool:
    row = st.db.execute("SELECT rendered_item_id, rendered_version, version FROM programmes"
                        " WHERE id = ?", [programme_id]).fetchone()
    return row is not None and (row[0] != item_id or row[1] != row[2])
