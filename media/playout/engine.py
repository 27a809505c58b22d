"""The playout audio engine: a timeline of cues mixed sample-exactly onto the output.

Two layers. The *clock* layer plays the schedule: each cue starts at the frame that makes it
heard at its wall time (the output locks its frames to the speaker), a later cue cuts the
earlier one (or crossfades with it over its segue), gaps are silence. The *over* layer
holds what interrupts the clock: an emergency bulletin, an item the operator inserts, a
held item. While it sounds, the clock layer keeps running muted underneath, so when it ends
the schedule rejoins the clock exactly where it would have been: the interrupted item
resumes at the point the clock has reached (the part under the interruption is lost, the
rest of the session stays on time); a crash restart rejoins the same way.

Failures never leave dead air: a file that cannot be decoded, a live stream that fails or
stalls, or silence on the output longer than ``dead_air_s`` inside a session raise an alarm
(reported to the controller, which makes it visible and audible) and play the filler until
the next cue.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from media.playout.output import CHANNELS, RATE, Output
from media.playout.sources import Source

PRELOAD_S = 10.0  # decode this far ahead of a cue's start
CUT_FADE_S = 0.008  # a hard cut still ramps, or it clicks
SILENCE_DBFS = -50.0  # quieter than this is silence for the dead-air detector
FILLER_ID = "filler"


@dataclass(frozen=True)
class Cue:
    """One thing to play. ``start`` is wall time (time.time()) when it must be heard."""

    id: str
    title: str
    url: str  # a file path, or a stream URL when ``live``
    start: float
    length_s: float | None = None  # play at most this long (a window); None: to its end
    offset_s: float = 0.0  # start this far into the file (rejoining after a restart)
    gain_db: float = 0.0
    segue_s: float = 0.0  # crossfade with what plays before it; 0: cut (gapless)
    live: bool = False
    kind: str = "scheduled"  # scheduled, added, emergency, filler
    duration_s: float | None = None  # the item's whole length, for the remaining time


@dataclass(frozen=True)
class Report:
    """What happened, for the as-run log and the alarms (drained by the controller)."""

    kind: str  # started, ended, alarm, alarm_cleared
    cue_id: str
    wall: float  # when it was (will be) heard
    reason: str = ""  # ended: end, cut, skipped, interrupted, dead_air, failed, stopped
    detail: str = ""
    played_s: float = 0.0


@dataclass
class Voice:
    cue: Cue
    source: Source | None
    start_frame: int
    end_frame: int | None  # the window's end (None: the item's own end)
    gain: float
    fade_in: int
    fade_out_at: int | None = None
    fade_out_len: int = 0
    frames: int = 0  # frames mixed so far
    muted_gain: float = 1.0  # the clock layer is muted under the over layer
    reason: str = "end"
    started: bool = False


@dataclass
class Status:
    running: bool = False
    device: str = ""
    latency_s: float = 0.0
    cue_id: str | None = None
    title: str = ""
    kind: str = ""
    elapsed_s: float = 0.0
    remaining_s: float | None = None
    peak_db: tuple[float, float] = (-120.0, -120.0)
    rms_db: tuple[float, float] = (-120.0, -120.0)
    hold: bool = False
    alarms: dict[str, str] = field(default_factory=dict)
    underruns: int = 0


def db_to_gain(db: float) -> float:
    return float(10 ** (db / 20))


def level_db(value: float) -> float:
    return 20 * math.log10(value) if value > 1e-6 else -120.0


class Engine:
    """Start it, give it the plan (:meth:`set_plan`), drain :meth:`reports`.

    Control methods may be called from any thread; the mixing runs in the output thread."""

    def __init__(self, device: str = "", *, dead_air_s: float = 10.0,
                 filler: Cue | None = None) -> None:
        self.output = Output(self._render, device)
        self.dead_air_s = dead_air_s
        self.filler = filler
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._reports: queue.SimpleQueue[Report] = queue.SimpleQueue()
        self._cues: list[Cue] = []  # the clock's future, by start
        self._windows: list[tuple[float, float]] = []  # sessions: dead air counts inside
        self._prepared: dict[str, Source] = {}
        self._prep_lock = threading.Lock()
        self._clock: list[Voice] = []
        self._over: deque[Voice] = deque()
        self._over_pending: deque[tuple[Cue, Source]] = deque()
        self._filler: Voice | None = None
        self._hold = False
        self._silent_frames = 0
        self._alarms: dict[str, str] = {}
        self._status = Status()
        self._status_lock = threading.Lock()
        self._levels: deque[tuple[int, tuple[float, float], tuple[float, float]]] = deque(
            maxlen=64)
        self._stop = threading.Event()
        self._preloader: threading.Thread | None = None

    # -- control (any thread) ---------------------------------------------------------------
    def start(self) -> None:
        self.output.start()
        self._preloader = threading.Thread(target=self._preload_loop, name="playout-preload",
                                           daemon=True)
        self._preloader.start()

    def stop(self) -> None:
        self._stop.set()
        self.output.stop()
        now = time.time()
        for v in [*self._clock, *self._over]:
            if v.started:
                self._report("ended", v.cue.id, now, "stopped", played_s=v.frames / RATE)
        for v in [*self._clock, *self._over, *([self._filler] if self._filler else [])]:
            if v.source:
                v.source.close()
        with self._prep_lock:
            for s in self._prepared.values():
                s.close()
            self._prepared.clear()
        if self._preloader:
            self._preloader.join(timeout=3)

    def set_plan(self, cues: Iterable[Cue], windows: Iterable[tuple[float, float]] = ()) -> None:
        """Replace the clock's future (cues already playing keep playing if still planned)."""
        plan = sorted(cues, key=lambda c: c.start)
        wins = sorted(windows)
        self._commands.put(lambda: self._apply_plan(plan, wins))

    def preempt(self, cue: Cue) -> None:
        """Play ``cue`` at once over the clock (an emergency), cutting any other insert."""
        src = Source(cue.url, cue.offset_s, live=cue.live)
        self._commands.put(lambda: self._start_over(cue, src, preempt=True))

    def insert(self, cue: Cue) -> None:
        """Play ``cue`` at once over the clock (the operator's addition), after any other
        insert still playing."""
        src = Source(cue.url, cue.offset_s, live=cue.live)
        self._commands.put(lambda: self._start_over(cue, src, preempt=False))

    def skip(self) -> None:
        """End what is heard now; the clock carries on (the next item at its time)."""
        self._commands.put(self._skip)

    def hold(self, on: bool) -> None:
        """Hold: the item heard now plays to its end even past the next start; release (or
        its end) rejoins the clock."""
        self._commands.put(lambda: self._set_hold(on))

    def reports(self) -> list[Report]:
        out = []
        while True:
            try:
                out.append(self._reports.get_nowait())
            except queue.Empty:
                return out

    def status(self) -> Status:
        with self._status_lock:
            s = Status(**self._status.__dict__)
            s.alarms = dict(self._status.alarms)
        now_frame = self.output.frame_at(time.time())  # the output's clock is the heard one
        for frame, peak, rms in reversed(self._levels):  # the level of what is heard now
            if frame <= now_frame:
                s.peak_db, s.rms_db = peak, rms
                break
        s.running = self.output.running
        s.device = self.output.stats.device
        s.latency_s = self.output.stats.latency_s
        s.underruns = self.output.stats.underruns
        return s

    # -- preloading (its own thread: starting ffmpeg never delays the output) -------------------
    def _preload_loop(self) -> None:
        while not self._stop.wait(0.25):
            horizon = time.time() + PRELOAD_S
            for cue in list(self._cues):
                if cue.start > horizon:
                    break
                with self._prep_lock:
                    if cue.id in self._prepared:
                        continue
                src = Source(cue.url, cue.offset_s, live=cue.live)
                with self._prep_lock:
                    self._prepared[cue.id] = src
            if self.filler is not None and self._filler is None and FILLER_ID not in self._prepared:
                src = Source(self.filler.url, 0.0)
                with self._prep_lock:
                    self._prepared[FILLER_ID] = src

    def _take_source(self, cue: Cue) -> Source:
        with self._prep_lock:
            src = self._prepared.pop(cue.id, None)
        return src if src is not None else Source(cue.url, cue.offset_s, live=cue.live)

    # -- the output thread --------------------------------------------------------------------
    def _report(self, kind: str, cue_id: str, wall: float, reason: str = "", detail: str = "",
                played_s: float = 0.0) -> None:
        self._reports.put(Report(kind, cue_id, wall, reason, detail, played_s))

    def _heard(self, frame: int) -> float:
        return self.output.wall_at(frame)  # the output locks frames to the speaker

    def _frame_for(self, wall: float) -> int:
        return self.output.frame_at(wall)

    def _alarm(self, kind: str, detail: str, frame: int, cue_id: str = "") -> None:
        if self._alarms.get(kind) != detail:
            self._alarms[kind] = detail
            self._report("alarm", cue_id, self._heard(frame), kind, detail)

    def _clear_alarm(self, kind: str, frame: int) -> None:
        if self._alarms.pop(kind, None) is not None:
            self._report("alarm_cleared", "", self._heard(frame), kind)

    def _apply_plan(self, plan: list[Cue], windows: list[tuple[float, float]]) -> None:
        playing = {v.cue.id for v in self._clock}
        keep = {c.id for c in plan}
        self._cues = [c for c in plan if c.id not in playing]
        self._windows = windows
        for v in self._clock:  # withdrawn from the plan (a new revision): fade out now
            if v.cue.id not in keep and v.fade_out_at is None:
                v.fade_out_at, v.fade_out_len, v.reason = -1, int(0.5 * RATE), "cut"
        with self._prep_lock:
            for cid in [k for k in self._prepared if k not in keep and k != FILLER_ID]:
                self._prepared.pop(cid).close()

    def _start_over(self, cue: Cue, src: Source, *, preempt: bool) -> None:
        v = Voice(cue, src, -1, None, db_to_gain(cue.gain_db), int(CUT_FADE_S * RATE))
        if cue.length_s:
            v.end_frame = -int(cue.length_s * RATE)  # resolved against the start frame
        if preempt:
            for o in self._over:
                if o.fade_out_at is None:
                    o.fade_out_at, o.fade_out_len, o.reason = -1, int(CUT_FADE_S * RATE), \
                        "interrupted"
            self._over.append(v)
        else:
            self._over_pending.append((cue, src))

    def _skip(self) -> None:
        target = next((v for v in reversed(self._over) if v.fade_out_at is None), None)
        if target is None:
            audible = [v for v in self._clock if v.started and v.fade_out_at is None]
            target = audible[-1] if audible else self._filler
        if target is not None:
            target.fade_out_at, target.fade_out_len, target.reason = -1, int(0.05 * RATE), \
                "skipped"

    def _set_hold(self, on: bool) -> None:
        self._hold = on
        if on and not self._over:
            audible = [v for v in self._clock if v.started and v.fade_out_at is None]
            if audible:  # the held item leaves the clock: later starts no longer cut it
                v = audible[-1]
                self._clock.remove(v)
                v.reason = "held"
                self._over.append(v)
        elif not on:
            clock_on = any(c.started and c.fade_out_at is None for c in self._clock)
            for v in list(self._over):
                if v.reason != "held" or v.fade_out_at is not None:
                    continue
                if clock_on:  # the schedule has moved on underneath: it is heard again
                    v.fade_out_at, v.fade_out_len, v.reason = -1, int(0.05 * RATE), "cut"
                else:  # its own time still runs: back on the clock; the next start cuts it
                    self._over.remove(v)
                    v.reason = "end"
                    self._clock.append(v)

    def _in_window(self, wall: float) -> bool:
        return any(a <= wall < b for a, b in self._windows)

    def _render(self, first: int, n: int, _latency: float) -> np.ndarray:
        while True:
            try:
                self._commands.get_nowait()()
            except queue.Empty:
                break
        end = first + n
        out = np.zeros((n, CHANNELS), np.float32)
        # Start the cues that fall in this block, at their exact frame.
        while self._cues and self._frame_for(self._cues[0].start) < end:
            cue = self._cues.pop(0)
            f = max(self._frame_for(cue.start), first)
            src = self._take_source(cue)
            v = Voice(cue, src, f, None, db_to_gain(cue.gain_db),
                      int(max(cue.segue_s, CUT_FADE_S) * RATE))
            if cue.length_s:
                v.end_frame = f + int(cue.length_s * RATE)
            for old in self._clock:  # the new item cuts (or crossfades) what plays before it
                if old.fade_out_at is None or old.fade_out_at > f:
                    old.fade_out_at = f
                    old.fade_out_len = int(max(cue.segue_s, CUT_FADE_S) * RATE)
                    old.reason = "cut"
            if self._filler is not None and self._filler.fade_out_at is None:
                self._filler.fade_out_at, self._filler.fade_out_len = f, int(CUT_FADE_S * RATE)
                self._filler.reason = "end"
            self._clock.append(v)
        # The over layer: pending inserts start when nothing else is over the clock.
        if self._over_pending and not [v for v in self._over if v.fade_out_at is None]:
            cue, src = self._over_pending.popleft()
            v = Voice(cue, src, first, None, db_to_gain(cue.gain_db), int(CUT_FADE_S * RATE))
            if cue.length_s:
                v.end_frame = first + int(cue.length_s * RATE)
            self._over.append(v)
        for v in self._over:
            if v.start_frame < 0:
                v.start_frame = first
                if v.end_frame is not None and v.end_frame < 0:
                    v.end_frame = first - v.end_frame
        # The clock is muted once the interruption has sound to play (not while it decodes).
        over_active = any((v.fade_out_at is None or v.fade_out_at >= first) and
                          (v.started or (v.source is not None and v.source.buffered > 0))
                          for v in self._over)
        clock_gain = 0.0 if over_active else 1.0
        for v in self._clock:
            self._mix(v, out, first, n, clock_gain)
        if self._filler is not None:
            self._mix(self._filler, out, first, n, clock_gain)
        for v in self._over:
            self._mix(v, out, first, n, 1.0)
        self._retire(first, end)
        self._watch(out, first, end)
        return out

    def _mix(self, v: Voice, out: np.ndarray, first: int, n: int, layer_gain: float) -> None:
        end = first + n
        if v.start_frame >= end or v.source is None:
            return
        if v.fade_out_at == -1:  # asked from the control side: from this block on
            v.fade_out_at = first
        lo = max(v.start_frame, first)
        hi = end
        if v.end_frame is not None:
            hi = min(hi, v.end_frame)
        if v.fade_out_at is not None:
            hi = min(hi, v.fade_out_at + v.fade_out_len)
        if hi <= lo:
            return
        block = v.source.read(hi - lo)
        if len(block) == 0:
            if not v.started and v.cue.kind != "scheduled":  # an insert starts with its sound
                v.start_frame = end
            return
        if not v.started:
            v.started = True
            if v.cue.id != FILLER_ID:
                self._report("started", v.cue.id, self._heard(lo), detail=v.cue.kind)
        frames = np.arange(lo, lo + len(block))
        env = np.full(len(block), v.gain, np.float32)
        if v.fade_in and v.frames < v.fade_in:
            env *= np.clip((frames - v.start_frame + 1) / v.fade_in, 0, 1).astype(np.float32)
        if v.fade_out_at is not None:
            env *= np.clip(1 - (frames - v.fade_out_at) / max(v.fade_out_len, 1), 0, 1).astype(
                np.float32)
        # The clock layer ramps (not jumps) under and out from the over layer.
        step = 1.0 / (CUT_FADE_S * RATE)
        target = layer_gain
        ramp = v.muted_gain + np.clip(np.arange(1, len(block) + 1) * step, 0, abs(target - v.muted_gain)) * (
            1 if target >= v.muted_gain else -1)
        v.muted_gain = float(ramp[-1])
        env *= ramp.astype(np.float32)
        out[lo - first:lo - first + len(block)] += block * env[:, None]
        v.frames += len(block)

    def _retire(self, first: int, end: int) -> None:
        for layer in (self._clock, self._over):
            for v in list(layer):
                done_window = v.end_frame is not None and 0 <= v.end_frame <= end
                faded = v.fade_out_at is not None and v.fade_out_at >= 0 and \
                    v.fade_out_at + v.fade_out_len <= end
                src = v.source
                failed = src is not None and (src.failed is not None or src.stalled) and \
                    src.finished
                stalled = src is not None and src.stalled
                ended = src is not None and src.finished and src.failed is None
                if not (done_window or faded or failed or stalled or ended):
                    continue
                reason = v.reason if faded else "end"
                if failed or stalled:
                    reason = "failed"
                    why = (src.failed if src and src.failed else "the stream stalled")
                    self._alarm("stream_failed" if v.cue.live else "item_failed",
                                f"{v.cue.title}: {why}", first, v.cue.id)
                    self._start_filler(first + (end - first))
                layer.remove(v)
                if src is not None:
                    src.close()
                if v.started:
                    self._report("ended", v.cue.id, self._heard(v.start_frame + v.frames),
                                 reason, played_s=v.frames / RATE)
                elif reason == "failed":
                    self._report("ended", v.cue.id, self._heard(first), reason)
        if self._filler is not None:
            f = self._filler
            if f.fade_out_at is not None and f.fade_out_at >= 0 and \
                    f.fade_out_at + f.fade_out_len <= end:
                if f.source:
                    f.source.close()
                self._report("ended", FILLER_ID, self._heard(f.start_frame + f.frames), "end",
                             played_s=f.frames / RATE)
                self._filler = None
            elif f.source is not None and f.source.finished:  # loop the filler
                f.source.close()
                assert self.filler is not None
                f.source = Source(self.filler.url)

    def _start_filler(self, frame: int) -> None:
        if self.filler is None or self._filler is not None:
            return
        with self._prep_lock:
            src = self._prepared.pop(FILLER_ID, None)
        if src is None:
            src = Source(self.filler.url)
        cue = self.filler
        self._filler = Voice(cue, src, frame, None, db_to_gain(cue.gain_db),
                             int(0.05 * RATE))
        self._report("started", FILLER_ID, self._heard(frame), detail="filler")
        self._filler.started = True
        nxt = self._cues[0] if self._cues else None
        if nxt is not None:  # the filler gives way to the next cue at its exact frame
            self._filler.fade_out_at = self._frame_for(nxt.start)
            self._filler.fade_out_len = int(CUT_FADE_S * RATE)

    def _watch(self, out: np.ndarray, first: int, end: int) -> None:
        peak = np.abs(out).max(axis=0) if len(out) else np.zeros(CHANNELS)
        rms = np.sqrt(np.mean(out.astype(np.float64) ** 2, axis=0)) if len(out) else peak
        self._levels.append((first, (level_db(float(peak[0])), level_db(float(peak[1]))),
                             (level_db(float(rms[0])), level_db(float(rms[1])))))
        wall = self._heard(first)
        if self._in_window(wall) and level_db(float(peak.max())) < SILENCE_DBFS:
            self._silent_frames += end - first
        else:
            self._silent_frames = 0
            if "dead_air" in self._alarms and level_db(float(peak.max())) >= SILENCE_DBFS:
                self._clear_alarm("dead_air", first)
        if self._silent_frames >= self.dead_air_s * RATE and "dead_air" not in self._alarms:
            self._alarm("dead_air", f"{self._silent_frames / RATE:.0f} s", first)
            for v in self._clock:  # a silent item gives way to the filler
                if v.started and v.fade_out_at is None:
                    v.fade_out_at, v.fade_out_len, v.reason = first, int(CUT_FADE_S * RATE), \
                        "dead_air"
            self._start_filler(end)
        # What the UI shows as running: the newest audible voice.
        audible = [v for v in self._over if v.started] or \
            [v for v in self._clock if v.started and v.fade_out_at is None] or \
            ([self._filler] if self._filler else [])
        with self._status_lock:
            s = self._status
            s.hold = self._hold
            s.alarms = dict(self._alarms)
            if audible:
                v = audible[-1]
                s.cue_id, s.title, s.kind = v.cue.id, v.cue.title, v.cue.kind
                s.elapsed_s = v.cue.offset_s + v.frames / RATE
                total = v.cue.length_s or v.cue.duration_s
                s.remaining_s = max(0.0, total - s.elapsed_s) if total else None
            else:
                s.cue_id, s.title, s.kind, s.elapsed_s, s.remaining_s = None, "", "", 0.0, None
