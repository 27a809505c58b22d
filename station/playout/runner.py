"""On-air playout: what plays when (from published schedules only), and the runner that
feeds the audio engine (media/playout/engine.py), logs the as-run and survives a crash.

Only revisions with status 'published' play, and only while their seal holds: an approved
schedule that was not published, a draft, a submitted or a superseded revision never does.

Times are the schedule's: each slot starts at its back-timed instant (station/
schedule_timing.py) in the station's zone; with a segue (settings.PLAYOUT_SEGUE_S) each
item after the first of a session starts that much before the previous one ends.

Interruptions (an emergency bulletin, an item the operator inserts, a hold) play over the
clock; when they end the session rejoins the clock: the item the clock has reached resumes
at the point it has reached, so the rest of the session stays on its approved times. A
restart after a crash rejoins the same way (the airing cut by the crash is closed at the
last heartbeat and marked 'crash').

The runner's methods all run on the thread that owns the station's database connection
(the CLI's main thread, the UI's "db" pool); the engine mixes in its own output thread.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from media.playout.alert import AlertTone
from media.playout.engine import FILLER_ID, Cue, Engine, Report
from station import settings
from station.changes import Changes
from station.clock import fmt_time, iso_ms, local_iso, now_iso, parse_iso, zone
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.playout.asrun import Aired, end_airing, note_interruption, note_reason, start_airing
from station.playout.speech import Speaker, cache_key, cached
from station.province import PROVINCE_ACTOR
from station.rights import Right
from station.schedule.approval import verify_seal
from station.schedule.model import Media, Schedule, headers, load, media
from station.schedule.relay import NOT_DOWNLOADED
from station.schedule.relay import pick as relay_pick
from station.schedule.timing import slot_duration
from station.station import Station

PLAYING = ("published",)  # the statuses that go on air
JOIN_S = 1.5  # a rejoined item is decoded this far ahead of the moment it is heard
EMERGENCY_BY_PROVINCE = QT_TRANSLATE_NOOP("playout", "declared by the province, on air now")
EMERGENCY_BY_STATION = QT_TRANSLATE_NOOP("playout", "declared at the station, on air now")
EMERGENCY_MAX_AGE_S = 600  # a bulletin declared while playout was down still airs if newer
HEARTBEAT_S = 1.0
REPLAN_S = 2.0  # a schedule published while playout runs is on air this soon
STATE_KEY = "engine"
SPEAK_AHEAD_S = 3600.0  # text bulletins are spoken this far ahead of their time


@dataclass(frozen=True)
class Event:
    """One timed thing to play, from a slot of a published schedule."""

    schedule_id: str
    session_key: str
    slot_key: str
    kind: str  # item, bulletin, relay, live
    title: str
    starts_at: datetime  # aware
    duration_s: float | None
    length_s: float | None  # a window (live relay, capped slot) or None: the item's length
    gain_db: float
    segue_s: float
    item_id: str | None = None
    path: str | None = None
    sha256: str | None = None
    relay_ref: str | None = None
    stream_url: str | None = None
    problem: str = ""  # why it cannot play as planned (the filler plays; an alarm shows)
    text: str | None = None  # a text bulletin: spoken ahead of its time (playout_speech)
    reason: str = ""  # why, for the as-run (JSON: a stable code and its params)

    @property
    def cue_id(self) -> str:
        return f"{self.schedule_id}:{self.slot_key}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(seconds=self.length_s or self.duration_s or 0)

    def to_json_dict(self, tz: Any) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id, "session_key": self.session_key,
                "slot_key": self.slot_key, "kind": self.kind, "title": self.title,
                "starts_at": local_iso(self.starts_at, tz), "start": fmt_time(self.starts_at, tz),
                "duration_s": self.duration_s, "gain_db": self.gain_db, "segue_s": self.segue_s,
                "item_id": self.item_id, "sha256": self.sha256, "relay_ref": self.relay_ref,
                "stream_url": self.stream_url, "problem": self.problem}


@dataclass(frozen=True)
class Plan:
    events: tuple[Event, ...]
    windows: tuple[tuple[datetime, datetime], ...]  # the sessions: on air inside these
    schedule_ids: tuple[str, ...]


# -- what plays when ----------------------------------------------------------------------------
def published_schedules(st: Station, start: datetime, end: datetime) -> list[Schedule]:
    """The published revisions whose period meets [start, end), seals verified."""
    tz = zone(st)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    marks = ", ".join("?" for _ in PLAYING)
    found = []
    for h in headers(st, f"WHERE status IN ({marks}) AND period_start <= ?",
                     [*PLAYING, last.isoformat()], limit=50):
        if h.period_end >= first and verify_seal(st, h.id).ok:
            found.append(load(st, h.id))
    return found


def _file(st: Station, m: Media | None) -> str | None:
    if m is None or m.sha256 is None or m.is_text:
        return None
    return str(st.store.path(m.sha256, m.ext or ""))


def plan(st: Station, start: datetime, end: datetime) -> Plan:
    """Every slot of the published schedules in sessions that meet [start, end), timed."""
    st.require(Right.PLAYOUT_RUN, "plan playout")
    segue = max(0.0, settings.PLAYOUT_SEGUE_S.get(st.db))
    voice = settings.PLAYOUT_TTS_VOICE.get(st.db)
    scheds = published_schedules(st, start, end)
    # A relay slot plays the newest episode its rule accepts (schedule/relay.py), else says why.
    picks = {s.key: relay_pick(st, s.relay_ref, s.relay_rule, y.starts_at, y.ends_at) for x in scheds
             for y in x.sessions for s in y.slots if s.kind == "relay" and not s.item_id}
    relay_items = {k: p.item_id for k, p in picks.items()}
    facts = media(st, [s.item_id or relay_items.get(s.key) for x in scheds for y in x.sessions
                       for s in y.slots])
    events: list[Event] = []
    windows = []
    for sched in scheds:
        for x in sched.sessions:
            if x.ends_at <= start or x.starts_at >= end:
                continue
            windows.append((x.starts_at, x.ends_at))
            at = x.starts_at
            for i, slot in enumerate(x.slots):
                item_id = slot.item_id or relay_items.get(slot.key)
                m = facts.get(item_id or "")
                duration, _, _ = slot_duration(slot, m)
                problem = ""
                path = stream = sha = text = None
                gain = 0.0
                if slot.kind == "live":
                    stream = slot.stream_url
                    if not stream:
                        problem = QT_TRANSLATE_NOOP("playout", "no stream address")
                elif m is not None and m.is_text:  # a text bulletin: the station's voice
                    text = m.body or ""
                    spoken = cached(st.datadir.root, text, voice)
                    if spoken is None:
                        problem = QT_TRANSLATE_NOOP("playout", "the bulletin is not spoken yet")
                    else:
                        path, sha, gain = str(spoken.path), spoken.sha256, spoken.gain_db
                else:
                    # A programme slot's item is already its render (schedule_model.load:
                    # for an approved revision the newest render made before approval).
                    path = _file(st, m)
                    if path is None:
                        problem = ((picks[slot.key].problem if slot.key in picks else "")
                                   or NOT_DOWNLOADED if slot.kind == "relay" else
                                   QT_TRANSLATE_NOOP("playout", "the programme is not rendered")
                                   if slot.kind == "programme" else
                                   QT_TRANSLATE_NOOP("playout", "no media file"))
                    else:
                        sha, gain = m.sha256 if m else None, float((m.gain_db if m else None) or 0.0)
                seg = segue if i > 0 and slot.kind != "live" else 0.0
                at -= timedelta(seconds=seg)
                events.append(Event(
                    sched.id, x.key, slot.key, slot.kind, slot.title, at, duration,
                    slot.planned_s if slot.kind == "live" else None,
                    gain, seg, item_id, path, sha, slot.relay_ref, stream, problem, text,
                    picks[slot.key].reason_json() if problem and slot.key in picks else ""))
                at += timedelta(seconds=duration or 0)
    events.sort(key=lambda e: e.starts_at)
    return Plan(tuple(events), tuple(sorted(windows)), tuple(s.id for s in scheds))


def approved_items(st: Station, query: str = "", limit: int = 200) -> list[Media]:
    """Items the chief has approved for air (in a slot of an approved, published or since
    superseded revision): what the operator may insert by hand."""
    st.require(Right.PLAYOUT_RUN, "list approved items")
    like = f"%{query.strip()}%"
    rows = st.db.execute(
        "SELECT DISTINCT s.item_id FROM schedule_slots s"
        " JOIN schedule_sessions x ON x.id = s.session_id"
        " JOIN schedules h ON h.id = x.schedule_id"
        " JOIN items i ON i.id = s.item_id"
        " WHERE h.status IN ('approved', 'published', 'superseded') AND i.kind <> 'text'"
        " AND i.title LIKE ? ORDER BY i.title LIMIT ?", [like, limit]).fetchall()
    found = media(st, (r[0] for r in rows))
    return sorted(found.values(), key=lambda m: m.title)


# -- the persistent state -----------------------------------------------------------------------
def read_state(st: Station) -> dict[str, Any]:
    row = st.db.execute("SELECT value FROM playout_state WHERE key = ?", [STATE_KEY]).fetchone()
    return dict(json.loads(row[0])) if row else {}


def _write_state(st: Station, value: dict[str, Any]) -> None:
    st.db.execute("INSERT INTO playout_state (key, value, updated_at) VALUES (?, ?, ?)"
                  " ON CONFLICT(key) DO UPDATE SET value = excluded.value,"
                  " updated_at = excluded.updated_at",
                  [STATE_KEY, json.dumps(value, ensure_ascii=False), now_iso()])


def _epoch(when: datetime) -> float:
    return when.timestamp()


def _dt(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


@dataclass
class Alarm:
    kind: str  # dead_air, stream_failed, item_failed, schedule, emergency (on air, by whom)
    detail: str
    at: datetime
    cleared: bool = False
    reason: str = ""  # the plan's "playout" template saying why (then detail is the title)


@dataclass
class Snapshot:
    """What the On Air page shows (a copy: safe to hand to the GUI thread)."""

    running: bool
    device: str
    title: str
    kind: str
    elapsed_s: float
    remaining_s: float | None
    peak_db: tuple[float, float]
    rms_db: tuple[float, float]
    hold: bool
    session: str
    # (start, title, duration, the untranslated "playout" reason it cannot play or '')
    next_events: list[tuple[datetime, str, float | None, str]]
    alarms: list[Alarm] = field(default_factory=list)
    latency_s: float = 0.0
    alert_problem: str = ""  # why the audible alarm cannot sound ('' : it can, or is off)
    next_session: datetime | None = None  # when the next session begins (None: none planned)

    def to_json_dict(self) -> dict[str, Any]:
        """The snapshot as JSON (times in UTC ISO): what the service sends its clients."""
        return {"running": self.running, "device": self.device, "title": self.title,
                "kind": self.kind, "elapsed_s": self.elapsed_s, "remaining_s": self.remaining_s,
                "peak_db": list(self.peak_db), "rms_db": list(self.rms_db), "hold": self.hold,
                "session": self.session,
                "next_events": [[at.isoformat(), title, duration, problem]
                                for at, title, duration, problem in self.next_events],
                "alarms": [{"kind": a.kind, "detail": a.detail, "at": a.at.isoformat(),
                            "cleared": a.cleared, "reason": a.reason} for a in self.alarms],
                "latency_s": self.latency_s, "alert_problem": self.alert_problem,
                "next_session": self.next_session.isoformat() if self.next_session else None}

    @classmethod
    def from_json_dict(cls, d: dict[str, Any]) -> Snapshot:
        def pair(v: Any) -> tuple[float, float]:
            return (float(v[0]), float(v[1]))

        return cls(bool(d["running"]), str(d["device"]), str(d["title"]), str(d["kind"]),
                   float(d["elapsed_s"]),
                   None if d.get("remaining_s") is None else float(d["remaining_s"]),
                   pair(d["peak_db"]), pair(d["rms_db"]), bool(d["hold"]), str(d["session"]),
                   [(datetime.fromisoformat(at), str(title),
                     None if duration is None else float(duration), str(problem))
                    for at, title, duration, problem in d.get("next_events", [])],
                   [Alarm(str(a["kind"]), str(a["detail"]), datetime.fromisoformat(a["at"]),
                          bool(a.get("cleared")), str(a.get("reason", "")))
                    for a in d.get("alarms", [])],
                   float(d.get("latency_s", 0.0)), str(d.get("alert_problem", "")),
                   datetime.fromisoformat(d["next_session"]) if d.get("next_session") else None)


class Runner:
    """Plays the published schedule through ``engine`` and keeps the as-run and the state.

    Call :meth:`start`, then :meth:`tick` a few times a second, :meth:`stop` at the end."""

    def __init__(self, st: Station, engine: Engine, *, horizon_h: float = 26,
                 alarm_repeat_s: float | None = None) -> None:
        self.st = st
        self.engine = engine
        self.horizon_h = horizon_h
        self.alarm_repeat_s = alarm_repeat_s  # sound again until acknowledged (None: once)
        self.alert: AlertTone | None = None  # the audible alarm, on its own output
        self._sounded_at = 0.0
        self.alarms: list[Alarm] = []
        self._open: dict[str, str] = {}  # cue id -> as-run id while on air
        self._cues: dict[str, tuple[Cue, Event | None, dict[str, Any]]] = {}
        self._plan: Plan | None = None
        self._plan_sig: tuple[Any, ...] = ()
        self._planned_at = 0.0
        self._beat_at = 0.0
        self._emergencies_done: set[str] = set()
        self._why = ""  # why the filler is about to play (a relay with nothing to air)
        self._started = 0.0
        self.running = False
        self.speaker = Speaker(st.datadir.root, settings.LOUDNESS_TARGET_LUFS.get(st.db),
                               settings.TRUE_PEAK_LIMIT_DBTP.get(st.db))

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> Changes:
        self.st.require(Right.PLAYOUT_RUN, "run playout")
        recovered = self._recover()
        self._started = time.time()
        self.engine.start()
        self.running = True
        if settings.PLAYOUT_ALARM.get(self.st.db):
            self.alert = AlertTone(settings.PLAYOUT_ALERT_DEVICE.get(self.st.db),
                                   self.engine.output.stats.device_id)
        with self.st.db.atomic():
            self._write_beat()
            self.st.audit("playout.start", "playout", "",
                          {"device": self.engine.output.stats.device, "recovered": recovered})
        self._replan(force=True)
        return Changes(playout=True, audit=True)

    def stop(self) -> Changes:
        if not self.running:
            return Changes()
        self.engine.stop()
        self.speaker.stop()
        if self.alert is not None:
            self.alert.stop()
        self._log(self.engine.reports())
        now = datetime.now(UTC)
        for asrun_id in self._open.values():
            end_airing(self.st, asrun_id, now, "stopped")
        self._open.clear()
        self.running = False
        with self.st.db.atomic():
            _write_state(self.st, {"running": False, "stopped_at": now_iso()})
            self.st.audit("playout.stop", "playout", "", {})
        return Changes(playout=True, audit=True)

    def _recover(self) -> dict[str, Any] | None:
        """A previous run that did not stop cleanly: close what it had on air."""
        state = read_state(self.st)
        if not state.get("running"):
            return None
        beat = parse_iso(state.get("heartbeat") or now_iso())
        closed = 0
        for asrun_id in state.get("open", {}).values():
            end_airing(self.st, asrun_id, beat, "crash")
            closed += 1
        with self.st.db.atomic():
            _write_state(self.st, {"running": False, "recovered_at": now_iso()})
            self.st.audit("playout.recover", "playout", "",
                          {"heartbeat": state.get("heartbeat"), "pid": state.get("pid"),
                           "closed": closed})
        return {"heartbeat": state.get("heartbeat"), "closed": closed}

    def _write_beat(self) -> None:
        self._beat_at = time.time()
        _write_state(self.st, {"running": True, "pid": os.getpid(), "heartbeat": now_iso(),
                               "open": self._open,
                               "current": self.engine.status().cue_id})

    # -- the loop -----------------------------------------------------------------------------
    def tick(self) -> Changes:
        """Log what the engine did, pick up emergencies and schedule changes, beat."""
        if not self.running:
            return Changes()
        # Emergencies first: only reads, so a writer elsewhere holding the database cannot
        # delay the pre-emption (the as-run of it follows when the lock is free).
        changes = self._emergencies()
        changes |= self._log(self.engine.reports())
        now = time.time()
        if self.alarm_repeat_s and any(not a.cleared for a in self.alarms) and \
                now - self._sounded_at >= self.alarm_repeat_s:
            self._sound()
        if now - self._planned_at >= REPLAN_S or self.speaker.fresh.is_set():
            self.speaker.fresh.clear()
            self._replan()
        if changes.playout or now - self._beat_at >= HEARTBEAT_S:  # what is on air, at once
            with self.st.db.atomic():
                self._write_beat()
        return changes

    def _replan(self, force: bool = False) -> None:
        self._planned_at = time.time()
        now = datetime.now(UTC)
        p = plan(self.st, now - timedelta(hours=6), now + timedelta(hours=self.horizon_h))
        sig = tuple((e.cue_id, e.starts_at, e.path, e.stream_url, e.gain_db) for e in p.events)
        if not force and sig == self._plan_sig:
            return
        self._plan, self._plan_sig = p, sig
        now_s = time.time()
        voice = settings.PLAYOUT_TTS_VOICE.get(self.st.db)
        for e in p.events:  # text bulletins due soon are spoken now, in the speaker's thread
            if e.text is not None and e.path is None and \
                    _epoch(e.starts_at) - now_s < SPEAK_AHEAD_S and _epoch(e.ends_at) > now_s:
                self.speaker.request(e.text, voice)
        join = now_s + JOIN_S
        cues = []
        for e in p.events:
            start, end = _epoch(e.starts_at), _epoch(e.ends_at)
            if end <= join and e.duration_s is not None:
                continue  # over already
            offset = 0.0
            if start < now_s:  # on air now: rejoin it where the clock has got to
                offset = join - start
                start = join
            url = e.stream_url if e.kind == "live" else (e.path or "")
            length = e.length_s - offset if e.length_s else None
            cue = Cue(e.cue_id, e.title, url or "", start, length, offset if e.kind != "live" else 0.0,
                      e.gain_db, e.segue_s if offset == 0 else 0.0, e.kind == "live",
                      "scheduled", e.duration_s)
            meta = {"offset_s": offset or None}
            if e.cue_id not in self._open:
                self._cues[e.cue_id] = (cue, e, meta)
            cues.append(cue)
        self.engine.set_plan(cues, [(_epoch(a), _epoch(b)) for a, b in p.windows])

    def _emergencies(self) -> Changes:
        since = datetime.now(UTC) - timedelta(seconds=EMERGENCY_MAX_AGE_S)
        rows = self.st.db.execute(
            "SELECT e.id, e.item_id, e.title, e.status, e.started_by FROM schedule_emergencies e"
            " WHERE e.started_at >= ? AND NOT EXISTS (SELECT 1 FROM asrun a"
            " WHERE a.kind = 'emergency' AND a.slot_key = e.id)",
            [iso_ms(since)]).fetchall()
        changes = Changes()
        for eid, item_id, title, status, by in rows:
            if eid in self._emergencies_done or status == "cancelled":
                continue
            m = media(self.st, [item_id]).get(item_id or "")
            path, sha = _file(self.st, m), m.sha256 if m else None
            gain, duration = float((m.gain_db if m else None) or 0.0), m.duration_s if m else None
            if m is not None and m.is_text:  # a text bulletin (the province's): spoken first
                voice = settings.PLAYOUT_TTS_VOICE.get(self.st.db)
                spoken = cached(self.st.datadir.root, m.body or "", voice)
                if spoken is None and cache_key(m.body or "", voice) not in self.speaker.errors:
                    self.speaker.request(m.body or "", voice)  # a second or so: next ticks
                    continue
                if spoken is not None:
                    path, sha, gain = str(spoken.path), spoken.sha256, spoken.gain_db
                    duration = spoken.duration_s
            self._emergencies_done.add(eid)
            cue = Cue(f"emergency:{eid}", title, path or "", time.time(), None, 0.0, gain, 0.0,
                      False, "emergency", duration)
            self._cues[cue.id] = (cue, None, {"item_id": item_id, "slot_key": eid,
                                              "sha256": sha})
            self.engine.preempt(cue)
            # The operator sees (and hears on the alert output) that the clock was broken into.
            self.alarms.append(Alarm("emergency", title, datetime.now(UTC),
                                     reason=EMERGENCY_BY_PROVINCE if by == PROVINCE_ACTOR
                                     else EMERGENCY_BY_STATION))
            self._sound()
            changes |= Changes(playout=True)
        return changes

    # -- the operator ---------------------------------------------------------------------------
    def insert(self, item_id: str) -> Changes:
        """Play an approved item now, over the clock (logged as an addition)."""
        self.st.require(Right.PLAYOUT_RUN, "insert item on air")
        if not self.running:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "playout is not running"))
        m = media(self.st, [item_id]).get(item_id)
        if m is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
        if item_id not in {a.item_id for a in approved_items(self.st, "", 100000)}:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” is in no approved "
                                                              "schedule: it cannot go on air"),
                                  title=m.title)
        path = _file(self.st, m)
        if path is None:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” has no media file"),
                                  title=m.title)
        cue = Cue(f"added:{item_id}:{time.time():.3f}", m.title, path, time.time(), None, 0.0,
                  float(m.gain_db or 0.0), 0.0, False, "added", m.duration_s)
        self._cues[cue.id] = (cue, None, {"item_id": item_id, "sha256": m.sha256})
        with self.st.db.atomic():
            self.st.audit("playout.insert", "item", item_id, {"title": m.title})
        self.engine.insert(cue)
        return Changes(playout=True, audit=True)

    def skip(self) -> Changes:
        self.st.require(Right.PLAYOUT_RUN, "skip on air")
        current = self.engine.status()
        with self.st.db.atomic():
            self.st.audit("playout.skip", "playout", current.cue_id or "",
                          {"title": current.title})
        self.engine.skip()
        return Changes(playout=True, audit=True)

    def hold(self, on: bool) -> Changes:
        self.st.require(Right.PLAYOUT_RUN, "hold on air")
        with self.st.db.atomic():
            self.st.audit("playout.hold" if on else "playout.release", "playout", "", {})
        self.engine.hold(on)
        return Changes(playout=True, audit=True)

    def _sound(self) -> None:
        self._sounded_at = time.time()
        if self.alert is not None:
            self.alert.sound()

    def acknowledge(self) -> None:
        """The operator has seen the alarms: they stop sounding (they stay in the list)."""
        for a in self.alarms:
            a.cleared = True

    # -- logging --------------------------------------------------------------------------------
    def _log(self, reports: list[Report]) -> Changes:
        changes = Changes()
        for r in reports:
            when = _dt(r.wall)
            if r.kind == "alarm":
                _, e, _ = self._cues.get(r.cue_id, (None, None, {}))
                if e is not None and e.problem:  # the plan knew why: say that, translatable
                    self.alarms.append(Alarm(r.reason, e.title, when, reason=e.problem))
                    self._why = e.reason
                    if e.reason and FILLER_ID in self._open:  # the filler plays already
                        note_reason(self.st, self._open[FILLER_ID], e.reason)
                else:
                    self.alarms.append(Alarm(r.reason, r.detail, when))
                self._sound()
                with self.st.db.atomic():
                    self.st.audit("playout.alarm", "playout", r.cue_id,
                                  {"alarm": r.reason, "detail": r.detail})
                changes |= Changes(playout=True, audit=True)
            elif r.kind == "started":
                changes |= self._started_airing(r, when)
            elif r.kind == "ended":
                asrun_id = self._open.pop(r.cue_id, None)
                if asrun_id is not None:
                    note = None if r.reason in ("end", "cut") else r.reason
                    changes |= end_airing(self.st, asrun_id, when, note)
        return changes

    def _started_airing(self, r: Report, when: datetime) -> Changes:
        if r.cue_id == FILLER_ID:
            filler = settings.PLAYOUT_FILLER_ITEM.get(self.st.db)
            m = media(self.st, [filler]).get(filler)
            entry = Aired(when, filler or None, m.title if m else "filler", kind="filler",
                          sha256=m.sha256 if m else None, reason=self._why)
            self._why = ""
        else:
            cue, e, meta = self._cues.get(r.cue_id, (None, None, {}))
            if cue is None:
                return Changes()
            if cue.kind in ("emergency", "added"):  # what it interrupts carries a note
                for cid, asrun_id in self._open.items():
                    if cid != FILLER_ID:
                        note_interruption(self.st, asrun_id,
                                          f"{cue.kind}:{meta.get('slot_key') or meta.get('item_id')}"
                                          f"@{iso_ms(when)}")
            entry = Aired(
                when, (e.item_id if e else meta.get("item_id")), cue.title,
                source="relay" if e and e.kind in ("relay", "live") else "playout",
                relay_ref=e.relay_ref if e else None, stream_url=e.stream_url if e else None,
                scheduled_at=e.starts_at if e else None,
                sha256=(e.sha256 if e else meta.get("sha256")),
                kind=cue.kind, schedule_id=e.schedule_id if e else None,
                slot_key=e.slot_key if e else meta.get("slot_key"), offset_s=meta.get("offset_s"))
        self._open[r.cue_id] = start_airing(self.st, entry)
        return Changes(playout=True, schedule=True)

    # -- what the page shows -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        s = self.engine.status()
        now = datetime.now(UTC)
        nxt: list[tuple[datetime, str, float | None, str]] = []
        session = ""
        next_session = None
        if self._plan is not None:
            for a, b in self._plan.windows:
                if a <= now < b:
                    session = f"{fmt_time(a, zone(self.st))}–{fmt_time(b, zone(self.st))}"
            next_session = min((a for a, _b in self._plan.windows if a > now), default=None)
            nxt = [(e.starts_at, e.title, e.duration_s, e.problem) for e in self._plan.events
                   if e.starts_at > now][:8]
        return Snapshot(s.running, s.device, s.title, s.kind, s.elapsed_s, s.remaining_s,
                        s.peak_db, s.rms_db, s.hold, session, nxt,
                        [replace(a) for a in self.alarms], s.latency_s,
                        (self.alert.error or "") if self.alert else "", next_session)


def make_engine(st: Station, device: str | None = None) -> Engine:
    """An engine with the station's settings (device, dead-air time, filler item)."""
    filler_id = settings.PLAYOUT_FILLER_ITEM.get(st.db)
    filler = None
    if filler_id:
        m = media(st, [filler_id]).get(filler_id)
        path = _file(st, m)
        if m is not None and path is not None:
            filler = Cue(FILLER_ID, m.title, path, 0.0, None, 0.0, float(m.gain_db or 0.0),
                         kind="filler", duration_s=m.duration_s)
    return Engine(settings.PLAYOUT_DEVICE.get(st.db) if device is None else device,
                  dead_air_s=settings.PLAYOUT_DEAD_AIR_S.get(st.db), filler=filler)


def status_json(st: Station) -> dict[str, Any]:
    """The persistent state and the last airings (for `station playout status`)."""
    st.require(Right.LIBRARY_VIEW, "view playout")
    tz = zone(st)
    state = read_state(st)
    rows = st.db.execute(
        "SELECT aired_at, ended_at, scheduled_at, title, kind, sha256, interruptions, offset_s,"
        " reason FROM asrun WHERE source IN ('playout', 'relay') ORDER BY aired_at DESC LIMIT 20"
    ).fetchall()
    return {"state": state, "recent": [
        {"aired_at": local_iso(parse_iso(r[0]), tz),
         "ended_at": local_iso(parse_iso(r[1]), tz) if r[1] else None,
         "scheduled_at": local_iso(parse_iso(r[2]), tz) if r[2] else None,
         "title": r[3], "kind": r[4], "sha256": r[5], "interruptions": json.loads(r[6]),
         "offset_s": r[7], "reason": json.loads(r[8]) if r[8] else None} for r in rows]}


def _deadline(st: Station, until: str | None, minutes: float | None) -> float | None:
    if minutes is not None:
        return time.time() + minutes * 60
    if until:
        from station.clock import local_dt, parse_clock

        tz = zone(st)
        now = datetime.now(tz)
        end = local_dt(now.date(), parse_clock(until), tz)
        if end <= now:
            end += timedelta(days=1)
        return end.timestamp()
    return None


def run_headless(st: Station, *, device: str | None = None, until: str | None = None,
                 minutes: float | None = None, as_json: bool = False) -> int:
    """`station playout run`: play until the deadline (or SIGTERM / Ctrl+C), printing each
    airing and alarm as it happens."""
    import signal
    import sys

    deadline = _deadline(st, until, minutes)
    runner = Runner(st, make_engine(st, device))
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))

    def say(event: dict[str, Any]) -> None:
        if as_json:
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(" ".join(str(v) for v in event.values()) + "\n")
        sys.stdout.flush()

    runner.start()
    say({"event": "started", "device": runner.engine.output.stats.device,
         "latency_s": round(runner.engine.output.stats.latency_s, 3)})
    seen_alarms = 0
    seen_open: set[str] = set()
    try:
        while not stopping and (deadline is None or time.time() < deadline):
            runner.tick()
            for a in runner.alarms[seen_alarms:]:
                say({"event": "alarm", "alarm": a.kind, "detail": a.detail,
                     "at": iso_ms(a.at)})
            seen_alarms = len(runner.alarms)
            for cue_id in set(runner._open) - seen_open:
                say({"event": "on_air", "cue": cue_id, "asrun_id": runner._open[cue_id],
                     "latency_s": round(runner.engine.output.stats.latency_s, 3)})
            seen_open = set(runner._open)
            time.sleep(0.05)
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
        stats = runner.engine.output.stats
        say({"event": "stopped", "underruns": stats.underruns, "resyncs": stats.resyncs,
             "dropped_s": round(stats.dropped_s, 3), "padded_s": round(stats.padded_s, 3),
             "clock_error_s": round(stats.clock_error_s, 4),
             "server_latency_s": round(stats.server_s, 4)})
    return 0
