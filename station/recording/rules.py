"""Unattended recordings at set times: rules, when they are due, and the log of their runs.

A rule records ``duration_s`` from a device or a stream URL, daily, on weekdays (Mon-Fri),
weekly (on the weekday of its first day) or once, starting at a wall-clock time in the
station's zone; a repeating rule may name the first day it runs. While the app is open the
recording service asks :func:`due` every few seconds; a window the app missed while it
was closed starts late for what is left of it, and windows already over are logged as
missed, once each. Runs land in the library with the rule's title (plus the day),
category and description.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from media.taskstate import TaskState, null_state
from station.changes import Changes
from station.clock import fmt_date, local_dt, now_iso, parse_clock, parse_day, parse_utc, utc_iso, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.library.ingest import ImportResult
from station.rights import Right
from station.station import Station
from station.text import nfc

REPEATS = ("daily", "weekdays", "weekly", "once")
LATE_AFTER_S = 60.0  # a run that starts later than this into its window is 'late'
RETRY_AFTER_S = 60.0  # a failed run is tried again this long after, while its window is open
MIN_RUN_S = 3.0  # less than this left of a window: not worth starting
LOOKBACK_DAYS = 7  # how far back missed windows are looked for
STREAM_GRACE_S = 30.0  # a stream capture may run this long past its window to make up gaps


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    source: str  # a device name or a stream URL
    repeat: str  # 'daily', 'weekdays', 'weekly', 'once'
    on_date: date | None  # the first day ('once', 'weekly': required)
    start: time  # station time
    duration_s: float
    category: str = ""
    description: str = ""
    enabled: bool = True
    created_at: str = ""
    updated_at: str = ""

    @property
    def is_stream(self) -> bool:
        return is_stream_source(self.source)

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source,
                "repeat": self.repeat, "on_date": self.on_date.isoformat() if self.on_date
                else None, "start": self.start.strftime("%H:%M:%S"),
                "duration_s": self.duration_s, "category": self.category,
                "description": self.description, "enabled": self.enabled}


@dataclass(frozen=True)
class DueRun:
    """A window to record now: ``seconds`` is what is left of it (all of it if on time)."""

    rule: Rule
    planned: datetime  # UTC, the window's start
    end: datetime  # UTC, the window's end
    seconds: float
    late: bool = False
    manual: bool = False  # 'record now', outside the rule's times


@dataclass(frozen=True)
class RunLog:
    id: str
    rule_id: str
    rule_title: str
    planned_start: str
    started_at: str | None
    ended_at: str | None
    item_id: str | None
    status: str  # running, done, partial, failed, missed
    error: str


def is_stream_source(source: str) -> bool:
    return "://" in source


# ------------------------------------------------------------------------------ the rules

_COLUMNS = ("id, title, source, repeat, on_date, start_time, duration_s, category, description,"
            " enabled, created_at, updated_at")


def _rule(row: Any) -> Rule:
    return Rule(row[0], row[1], row[2], row[3], date.fromisoformat(row[4]) if row[4] else None,
                time.fromisoformat(row[5]), float(row[6]), row[7], row[8], bool(row[9]),
                row[10], row[11])


def _clean(title: str, source: str, repeat: str, start: str | time, duration_s: float,
           on_date: str | date | None) -> tuple[str, str, str, time, float, date | None]:
    title = nfc(title)
    if not title:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a recording rule needs a title"))
    source = nfc(source)
    if not source:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a recording rule needs a source: an "
                                                          "input device or a stream address"))
    if is_stream_source(source) and not source.lower().startswith(
            ("http://", "https://", "rtmp://", "rtsp://", "srt://")):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a stream address (http://, "
                                                          "https://, rtmp://, rtsp://): {url}"),
                              url=source)
    if repeat not in REPEATS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a rule repeats daily, on weekdays, "
                                                          "weekly or once, not {value}"),
                              value=repeat)
    clock = parse_clock(start).replace(microsecond=0)
    if not (0 < float(duration_s) <= 86400):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a recording lasts between 1 second and "
                                                          "24 hours, not {seconds} s"),
                              seconds=duration_s)
    day = parse_day(on_date) if on_date else None
    if repeat == "once" and day is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a one-off recording needs its date "
                                                          "(dd/MM/yyyy)"))
    if repeat == "weekly" and day is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a weekly recording needs its first "
                                                          "date (dd/MM/yyyy)"))
    return title, source, repeat, clock, float(duration_s), day


def add_rule(st: Station, *, title: str, source: str, repeat: str, start: str | time,
             duration_s: float, on_date: str | date | None = None, category: str = "",
             description: str = "", enabled: bool = True) -> tuple[Rule, Changes]:
    st.require(Right.STUDIO_USE, "recording rule")
    title, source, repeat, clock, duration_s, day = _clean(title, source, repeat, start,
                                                           duration_s, on_date)
    now = now_iso()
    rule = Rule(uuid7(), title, source, repeat, day, clock, duration_s,
                nfc(category), nfc(description), enabled, now, now)
    db = st.db
    with db.atomic():
        db.execute(f"INSERT INTO recording_rules ({_COLUMNS}, created_by) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   [rule.id, rule.title, rule.source, rule.repeat,
                    day.isoformat() if day else None, clock.strftime("%H:%M:%S"), duration_s,
                    rule.category, rule.description, int(enabled), now, now, st.actor])
        st.audit("recording_rule.add", "recording_rule", rule.id, rule.to_json_dict())
    return rule, Changes(studio=True, audit=True)


def update_rule(st: Station, rule_id: str, **fields: Any) -> tuple[Rule, Changes]:
    """Change any of title, source, repeat, start, duration_s, on_date, category,
    description, enabled."""
    st.require(Right.STUDIO_USE, "recording rule")
    old = get_rule(st, rule_id)
    merged = {**old.to_json_dict(), **fields}
    title, source, repeat, clock, duration_s, day = _clean(
        merged["title"], merged["source"], merged["repeat"], merged["start"],
        merged["duration_s"], merged["on_date"])
    new = Rule(old.id, title, source, repeat, day, clock, duration_s,
               nfc(merged["category"]), nfc(merged["description"]),
               bool(merged["enabled"]), old.created_at, now_iso())
    db = st.db
    with db.atomic():
        db.execute("UPDATE recording_rules SET title=?, source=?, repeat=?, on_date=?,"
                   " start_time=?, duration_s=?, category=?, description=?, enabled=?,"
                   " updated_at=? WHERE id=?",
                   [new.title, new.source, new.repeat, day.isoformat() if day else None,
                    clock.strftime("%H:%M:%S"), duration_s, new.category, new.description,
                    int(new.enabled), new.updated_at, rule_id])
        changed = {k: v for k, v in new.to_json_dict().items() if old.to_json_dict()[k] != v}
        st.audit("recording_rule.update", "recording_rule", rule_id, changed)
    return new, Changes(studio=True, audit=True)


def delete_rule(st: Station, rule_id: str) -> Changes:
    st.require(Right.STUDIO_USE, "recording rule")
    rule = get_rule(st, rule_id)
    db = st.db
    with db.atomic():
        db.execute("DELETE FROM recording_rules WHERE id = ?", [rule_id])
        st.audit("recording_rule.delete", "recording_rule", rule_id, {"title": rule.title})
    return Changes(studio=True, audit=True)


def get_rule(st: Station, rule_id: str) -> Rule:
    row = st.db.execute(f"SELECT {_COLUMNS} FROM recording_rules WHERE id = ?",
                        [rule_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no such recording rule: {id}"), id=rule_id)
    return _rule(row)


def list_rules(st: Station) -> list[Rule]:
    rows = st.db.execute(f"SELECT {_COLUMNS} FROM recording_rules"
                         " ORDER BY start_time, title").fetchall()
    return [_rule(r) for r in rows]


# ------------------------------------------------------------------------------- windows

def window_on(rule: Rule, day: date, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """The rule's window (UTC start, end) that starts on local ``day``, if it has one."""
    if rule.repeat == "weekdays" and day.weekday() >= 5:
        return None
    if rule.repeat == "once" and day != rule.on_date:
        return None
    if rule.on_date is not None:
        if day < rule.on_date:
            return None  # a repeating rule's first day is still to come
        if rule.repeat == "weekly" and day.weekday() != rule.on_date.weekday():
            return None
    start = local_dt(day, rule.start, tz).astimezone(UTC)
    return start, start + timedelta(seconds=rule.duration_s)


def next_start(rule: Rule, tz: tzinfo, now: datetime) -> datetime | None:
    """The next window start at or after ``now`` (UTC), or None (disabled, one-off past)."""
    if not rule.enabled:
        return None
    today = now.astimezone(tz).date()
    if rule.on_date is not None:
        today = max(today, rule.on_date - timedelta(days=1))  # a window may span midnight
    for offset in range(0, 9):
        win = window_on(rule, today + timedelta(days=offset), tz)
        if win is not None and win[0] >= now:
            return win[0]
    return None


def _windows(rule: Rule, tz: tzinfo, now: datetime,
             since: datetime) -> list[tuple[datetime, datetime]]:
    """Windows that started in [since, now], oldest first (a window may span midnight)."""
    first = since.astimezone(tz).date() - timedelta(days=1)
    last = now.astimezone(tz).date()
    found = []
    day = first
    while day <= last:
        win = window_on(rule, day, tz)
        if win is not None and since <= win[0] <= now:
            found.append(win)
        day += timedelta(days=1)
    return found


def due(st: Station, now: datetime | None = None) -> list[DueRun]:
    """The runs that should be recording at ``now`` and are not; windows that closed
    unrecorded since the rule was last saved are logged as missed (once each)."""
    now = now or datetime.now(UTC)
    tz = zone(st)
    db = st.db
    result: list[DueRun] = []
    horizon = now - timedelta(days=LOOKBACK_DAYS)
    for rule in list_rules(st):
        if not rule.enabled:
            continue
        since = max(horizon, parse_utc(rule.updated_at) - timedelta(
            seconds=rule.duration_s))
        for start, end in _windows(rule, tz, now, since):
            planned = utc_iso(start)
            runs = db.execute("SELECT status, ended_at FROM recording_runs WHERE rule_id = ?"
                              " AND planned_start = ? ORDER BY started_at DESC, rowid DESC",
                              [rule.id, planned]).fetchall()
            if end <= now:
                if not runs and start >= parse_utc(rule.updated_at):
                    _log_missed(st, rule, planned)
                continue
            if any(r[0] in ("running", "done", "partial") for r in runs):
                continue
            if runs and runs[0][1] and now - parse_utc(runs[0][1]) < \
                    timedelta(seconds=RETRY_AFTER_S):
                continue
            left = (end - now).total_seconds()
            if left < MIN_RUN_S:
                continue
            result.append(DueRun(rule, start, end, left,
                                 late=(now - start).total_seconds() > LATE_AFTER_S))
    return result


def _log_missed(st: Station, rule: Rule, planned: str) -> None:
    db = st.db
    with db.atomic():
        db.execute("INSERT INTO recording_runs (id, rule_id, planned_start, status, error)"
                   " VALUES (?, ?, ?, 'missed', ?)",
                   [uuid7(), rule.id, planned, "the app was not running"])
        st.audit("recording_rule.missed", "recording_rule", rule.id, {"planned": planned})


def record_now(rule: Rule, now: datetime | None = None) -> DueRun:
    """A run of ``rule`` started by hand, for its whole duration."""
    now = now or datetime.now(UTC)
    return DueRun(rule, now.replace(microsecond=0), now + timedelta(seconds=rule.duration_s),
                  rule.duration_s, manual=True)


# ----------------------------------------------------------------------------- the runs

def begin_run(st: Station, run: DueRun) -> str:
    """Log the run as started; returns its id."""
    run_id = uuid7()
    db = st.db
    with db.atomic():
        db.execute("INSERT INTO recording_runs (id, rule_id, planned_start, started_at, status)"
                   " VALUES (?, ?, ?, ?, 'running')",
                   [run_id, run.rule.id, utc_iso(run.planned), now_iso()])
        st.audit("recording_rule.start", "recording_rule", run.rule.id,
                 {"run": run_id, "seconds": round(run.seconds, 1), "late": run.late,
                  "manual": run.manual})
    return run_id


def begin_stream_run(st: Station, run: DueRun) -> tuple[str, str, Path]:
    """For a stream rule captured off this thread: check the right (a refusal is audited and
    logs no run), log the start; returns the run id, the item's title and a work folder."""
    from station.recording import streams as stream_recording

    st.require(Right.LIBRARY_IMPORT, "record stream")
    return begin_run(st, run), item_title(st, run), stream_recording.work_dir(st)


def end_run(st: Station, run_id: str, status: str, *, item_id: str | None = None,
            error: str = "") -> Changes:
    db = st.db
    with db.atomic():
        db.execute("UPDATE recording_runs SET status = ?, ended_at = ?, item_id = ?, error = ?"
                   " WHERE id = ?", [status, now_iso(), item_id, error, run_id])
        st.audit("recording_rule.end", "recording_run", run_id,
                 {"status": status, "item_id": item_id, "error": error})
    return Changes(studio=True, audit=True)


def recover_interrupted(st: Station) -> int:
    """Runs left 'running' by an app that closed or crashed mid-recording: failed. (One app
    per data folder holds the lock, so nothing else can be running them.)"""
    db = st.db
    with db.atomic():
        cur = db.execute("UPDATE recording_runs SET status = 'failed', ended_at = ?, error = ?"
                         " WHERE status = 'running'",
                         [now_iso(), "interrupted: the app closed during the recording"])
    return cur.rowcount


def item_title(st: Station, run: DueRun) -> str:
    """The rule's title and the day of the window, dd/MM/yyyy."""
    return f"{run.rule.title} {fmt_date(run.planned, zone(st))}"


def capture_stream_run(run: DueRun, work: Path, state: TaskState | None = None) -> Any:
    """Capture a stream rule's window into ``work`` (the clock's grace included); the
    capture, as :func:`station.recording.streams.capture_stream` gives it."""
    from station.recording import streams as stream_recording

    return stream_recording.capture_stream(
        run.rule.source, run.seconds, work, deadline_s=run.seconds + STREAM_GRACE_S,
        state=state)


def finish_stream_run(st: Station, run: DueRun, run_id: str, title: str, work: Path,
                      captured: Any,
                      state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """Import a captured stream into the library, remove its work folder and log the run's
    end: done, or partial when the capture was cut short or has gaps."""
    from station.recording import streams as stream_recording

    try:
        result, changes = stream_recording.import_capture(
            st, captured, title=title, category=run.rule.category,
            description=run.rule.description, state=state)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    status = "done" if captured.complete and not captured.gaps else "partial"
    return result, changes | end_run(st, run_id, status, item_id=result.item.id,
                                     error="; ".join(result.warnings))


def execute(st: Station, run: DueRun,
            state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """Record ``run`` now on this thread (stream or device) and log it; raises what the
    recording raised, after logging the failure."""
    from station.recording import streams as stream_recording

    state = state or null_state()
    run_id = begin_run(st, run)
    title = item_title(st, run)
    try:
        if run.rule.is_stream:
            st.require(Right.LIBRARY_IMPORT, "record stream")
            work = stream_recording.work_dir(st)
            try:
                captured = capture_stream_run(run, work, state.child(0.0, 0.9))
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
            return finish_stream_run(st, run, run_id, title, work, captured,
                                     state.child(0.9, 0.1))
        from station.recording import (
            takes as recordings,  # written alongside; loaded only for device rules
        )

        result, changes = recordings.record_take(
            st, seconds=run.seconds, device=run.rule.source, title=title,
            category=run.rule.category, description=run.rule.description, state=state)
    except BaseException as exc:
        end_run(st, run_id, "failed", error=str(exc) or type(exc).__name__)
        raise
    status = "partial" if result.warnings else "done"
    return result, changes | end_run(st, run_id, status, item_id=result.item.id,
                                     error="; ".join(result.warnings))


def run_log(st: Station, rule_id: str | None = None, limit: int = 200) -> list[RunLog]:
    where = "WHERE r.rule_id = ?" if rule_id else ""
    rows = st.db.execute(
        "SELECT r.id, r.rule_id, coalesce(u.title, ''), r.planned_start, r.started_at,"
        " r.ended_at, r.item_id, r.status, r.error FROM recording_runs r"
        " LEFT JOIN recording_rules u ON u.id = r.rule_id "
        f"{where} ORDER BY coalesce(r.started_at, r.planned_start) DESC, r.rowid DESC LIMIT ?",
        [rule_id, limit] if rule_id else [limit]).fetchall()
    return [RunLog(*r) for r in rows]


def under_way(st: Station) -> list[dict[str, Any]]:
    """The recordings running now (title, window start, length, when the take began)."""
    rows = st.db.execute(
        "SELECT r.id, coalesce(u.title, ''), r.planned_start, coalesce(u.duration_s, 0),"
        " r.started_at, u.source FROM recording_runs r"
        " LEFT JOIN recording_rules u ON u.id = r.rule_id"
        " WHERE r.status = 'running' ORDER BY r.planned_start").fetchall()
    return [{"run_id": r[0], "title": r[1], "planned_start": r[2], "seconds": r[3],
             "started_at": r[4], "source": r[5]} for r in rows]


@dataclass(frozen=True)
class Snapshot:
    """What the scheduled recordings tab shows, read at once."""

    rules: list[Rule]
    next_runs: dict[str, datetime | None]
    log: list[RunLog]
    tz: tzinfo
    categories: list[str]


def snapshot(st: Station) -> Snapshot:
    """The rules with their next start, the latest runs, the station's zone and categories."""
    from station import settings

    tz = zone(st)
    now = datetime.now(UTC)
    rules = list_rules(st)
    return Snapshot(rules, {r.id: next_start(r, tz, now) for r in rules},
                    run_log(st, limit=200), tz, settings.CATEGORIES.get(st.db))
