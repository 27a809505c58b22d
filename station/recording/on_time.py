"""Scheduled recordings on time: plan the windows about to open, arm their captures ahead,
and cut each take to its window by the clock.

A stream rule is connected ``LEAD_S`` before its window and recorded ``TAIL_S`` past its
end; media.capture puts the captured frames on the wall clock (its ``marks``: the lower
envelope of "frames on disk" against ``time.time()``), and :func:`cut_to_window` keeps the
frames that arrived in [start, end). The start error is then the estimate's (tens of ms)
plus the source's own latency (encoder, server, network). A reconnect mid-take leaves a
hole the clock shows: the take keeps what arrived and its notes and run log name the gap.

Device rules start at their window's start (to the tick, not the old 15 s poll) and record
their duration as media.record counts samples; they are not armed ahead.

Threads: :func:`run_scheduler` owns the planning and the run log's "armed" row (its own
connection), each stream capture runs on a thread of its own without the database, and
one import thread brings the takes into the library in turn.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from media import capture as cap
from media.taskstate import TaskState
from station.clock import fmt_duration, parse_utc, utc_iso, zone
from station.errors import StationError
from station.library.ingest import ImportResult
from station.recording import rules as rr
from station.station import Station

log = logging.getLogger(__name__)

LEAD_S = 6.0  # a stream is connected this long before its window (the issue: at least 5 s)
TAIL_S = 1.5  # and recorded this long past its end, before the cut
MAX_BURST_S = 10.0  # a server may send this much old audio on connect
TICK_S = 0.25  # how often run_scheduler looks ahead
DEVICE_OPEN_S = 2.0  # a device rule opens its input this long before its window
DEVICE_TAIL_S = 0.5  # and records this long past its end, before the cut
REFUSED_RETRY_S = 60.0  # an arming refused (rights) is not retried sooner


# ----------------------------------------------------------------------------- planning

def upcoming(st: Station, now: datetime | None = None,
             horizon_s: float = LEAD_S) -> list[rr.DueRun]:
    """Runs to start now: windows that open within ``horizon_s`` of ``now`` and windows
    already open and unrecorded (late, as :func:`rules.due` says), none armed yet."""
    now = now or datetime.now(UTC)
    found = {(r.rule.id, r.planned): r for r in rr.due(st, now)}
    tz = zone(st)
    limit = now + timedelta(seconds=horizon_s)
    db = st.db
    for rule in rr.list_rules(st):
        if not rule.enabled:
            continue
        today = now.astimezone(tz).date()
        for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
            win = rr.window_on(rule, day, tz)
            if win is None or not (now < win[0] <= limit) or (rule.id, win[0]) in found:
                continue
            runs = db.execute("SELECT status, ended_at FROM recording_runs WHERE rule_id = ?"
                              " AND planned_start = ?", [rule.id, utc_iso(win[0])]).fetchall()
            if any(r[0] != "failed" or not r[1] or now - parse_utc(r[1]) < timedelta(
                    seconds=rr.RETRY_AFTER_S) for r in runs):
                continue  # armed, recorded, or failed a moment ago
            found[(rule.id, win[0])] = rr.DueRun(rule, win[0], win[1], rule.duration_s)
    return sorted(found.values(), key=lambda r: r.planned)


def arm(st: Station, run: rr.DueRun) -> tuple[str, str, Path | None]:
    """Log the run as started (so no one starts it twice); returns the run id, the item's
    title and, for a stream, a work folder. A refusal (rights) is audited and logs no run."""
    if run.rule.is_stream:
        return rr.begin_stream_run(st, run)
    return rr.begin_run(st, run), rr.item_title(st, run), None


# ------------------------------------------------------------------------------ the cut

@dataclass(frozen=True)
class Take:
    """A capture cut to its window: ``result`` is what to import; ``notes`` name what is
    missing (a late start, gaps, an early end)."""

    result: cap.CaptureResult
    notes: tuple[str, ...]
    late_s: float  # how much of the window's start is missing (0 when armed in time)


def _runs(result: cap.CaptureResult) -> list[list[cap.ClockMark]]:
    runs: dict[int, list[cap.ClockMark]] = {}
    for mark in result.marks:
        runs.setdefault(mark.run, []).append(mark)
    return [runs[k] for k in sorted(runs)]


def _span(marks: list[cap.ClockMark], nxt: int, rate: int) -> tuple[int, int, float, float]:
    """(first frame, end frame, wall time of each) of one ffmpeg run."""
    first, last = marks[0], marks[-1]
    begin = first.wall - (first.frame - first.run_start) / rate
    return first.run_start, nxt, begin, last.wall + (nxt - last.frame) / rate


def _frame_at(marks: list[cap.ClockMark], wall: float, rate: int) -> float:
    mark = min(marks, key=lambda m: abs(m.wall - wall))  # the nearest follows any drift
    return mark.frame + (wall - mark.wall) * rate


def cut_to_window(result: cap.CaptureResult, start: datetime, end: datetime,
                  out: Path) -> Take:
    """Keep the frames of ``result`` that arrived in [start, end) into the FLAC ``out``."""
    import soundfile as sf

    rate = result.sample_rate
    runs = _runs(result)
    if not runs or not rate:
        raise cap.NothingCaptured(cap.QT_TRANSLATE_NOOP("media", "no audio arrived from {url} "
                                                                 "before the deadline ({reason})"),
                                  url=result.url, reason="no clock marks")
    t0, t1 = start.timestamp(), end.timestamp()
    ends = [m[0].run_start for m in runs[1:]] + [result.frames]
    spans = [_span(m, e, rate) for m, e in zip(runs, ends, strict=True)]
    pieces: list[tuple[int, int]] = []
    notes: list[str] = []
    kept = 0
    for i, (marks, (f0, f1, w0, w1)) in enumerate(zip(runs, spans, strict=True)):
        if w1 <= t0 or w0 >= t1:
            continue
        a = f0 if w0 >= t0 else max(f0, round(_frame_at(marks, t0, rate)))
        b = f1 if w1 <= t1 else min(f1, round(_frame_at(marks, t1, rate)))
        if len(spans) == 1 and w0 < t0 and w1 > t1:
            b = min(f1, a + round((t1 - t0) * rate))  # one clean run: exactly the duration
        if i > 0 and w0 > t0:
            lost = w0 - max(spans[i - 1][3], t0)
            if lost > 0.05:
                notes.append(f"gap at {fmt_duration(kept / rate)} of about {lost:.1f} s")
        if b > a:
            pieces.append((a, b))
            kept += b - a
    late = max(0.0, spans[0][2] - t0)
    if late > 0.05:
        notes.insert(0, f"started {late:.1f} s late")
    short = t1 - max(spans[-1][3], t0)
    if short > 0.05:
        notes.append(f"ended {short:.1f} s early")
    with sf.SoundFile(str(result.path)) as src, \
            sf.SoundFile(str(out), "w", samplerate=rate, channels=result.channels,
                         format="FLAC", subtype="PCM_16") as dst:
        for a, b in pieces:
            src.seek(a)
            left = b - a
            while left > 0:
                block = src.read(min(left, 1 << 16), dtype="int16", always_2d=True)
                if not len(block):
                    break
                dst.write(block)
                left -= len(block)
    began = datetime.fromtimestamp(max(t0, spans[0][2]), UTC)
    cut = dataclasses.replace(result, path=out, frames=kept, started_at=began,
                              wanted_s=(end - start).total_seconds(), gaps=(), marks=())
    return Take(cut, tuple(notes), late)


# --------------------------------------------------------------------------- one capture

def capture_window(run: rr.DueRun, work: Path, state: TaskState,
                   lead_s: float = LEAD_S) -> Take:
    """Wait until ``lead_s`` before the window, capture through it, cut it (no database:
    runs on any thread). Cancelling ``state`` stops early with what was captured."""
    while time.time() < run.planned.timestamp() - lead_s and not state.cancelled:
        time.sleep(0.05)
    state.check()
    to_end = run.end.timestamp() - time.time()
    work.mkdir(parents=True, exist_ok=True)
    result = cap.capture(run.rule.source, to_end + TAIL_S + MAX_BURST_S,
                         work / "capture.flac", work / "segments",
                         deadline_s=to_end + TAIL_S, state=state)
    return cut_to_window(result, run.planned, run.end, work / "take.flac")


def import_take(st: Station, run: rr.DueRun, run_id: str, title: str,
                take: Take) -> ImportResult:
    """Bring a cut take into the library and close its run (done, or partial with notes)."""
    from station.recording import streams

    result, _ = streams.import_capture(st, take.result, title=title,
                                       category=run.rule.category,
                                       description=run.rule.description)
    notes = [n for n in take.notes if n not in result.warnings]
    status = "partial" if take.notes or take.result.stopped else "done"
    rr.end_run(st, run_id, status, item_id=result.item.id,
               error="; ".join([*notes, *result.warnings]))
    return result


# ---------------------------------------------------------------------------- the loop

@dataclass
class _Armed:
    run: rr.DueRun
    run_id: str
    title: str
    work: Path | None
    state: TaskState
    thread: threading.Thread | None = None


def run_scheduler(st: Station, stop: threading.Event, *, tick_s: float = TICK_S,
                  lead_s: float = LEAD_S,
                  on_done: Callable[[str, Any], None] | None = None) -> None:
    """Until ``stop`` is set: every ``tick_s`` arm the runs :func:`upcoming` names, each
    stream capture on its own thread, and import finished takes on one import thread.
    ``on_done(run_id, ImportResult or exception)`` is told of each end. On stop, captures
    under way are stopped and what they hold is imported (status partial)."""
    takes: queue.Queue[tuple[_Armed, Take | BaseException] | None] = queue.Queue()
    armed: dict[tuple[str, datetime], _Armed] = {}
    refused: dict[tuple[str, datetime], float] = {}

    def capture_thread(job: _Armed) -> None:
        assert job.work is not None
        try:
            outcome: Take | BaseException = capture_window(job.run, job.work, job.state, lead_s)
        except BaseException as exc:  # told to the import thread, which logs the failure
            outcome = exc
        takes.put((job, outcome))

    def device_thread(job: _Armed) -> None:
        from station.recording import takes as device_takes

        try:
            # Open the device ahead and cut the take to the window by the clock: opening a
            # device takes most of a second, which would be lost from the start.
            start, end = job.run.planned.timestamp(), job.run.end.timestamp()
            wait = start - DEVICE_OPEN_S - time.time()
            if wait > 0 and stop.wait(wait):
                raise StationError("stopped before the window")
            start = max(start, time.time())  # a late arming keeps what is left
            result, _ = device_takes.record_take(
                st, seconds=end - time.time() + DEVICE_TAIL_S, device=job.run.rule.source,
                title=job.title, category=job.run.rule.category,
                description=job.run.rule.description, state=job.state, window=(start, end))
            rr.end_run(st, job.run_id, "partial" if result.warnings else "done",
                       item_id=result.item.id, error="; ".join(result.warnings))
            outcome: Any = result
        except BaseException as exc:
            rr.end_run(st, job.run_id, "failed", error=str(exc) or type(exc).__name__)
            outcome = exc
        if on_done is not None:
            on_done(job.run_id, outcome)

    def import_thread() -> None:
        while (item := takes.get()) is not None:
            job, outcome = item
            try:
                if isinstance(outcome, BaseException):
                    raise outcome
                done: Any = import_take(st, job.run, job.run_id, job.title, outcome)
            except BaseException as exc:
                log.warning("recording %s failed: %s", job.title, exc)
                with contextlib.suppress(Exception):
                    rr.end_run(st, job.run_id, "failed", error=str(exc) or type(exc).__name__)
                done = exc
            finally:
                if job.work is not None:
                    shutil.rmtree(job.work, ignore_errors=True)
            if on_done is not None:
                on_done(job.run_id, done)

    importer = threading.Thread(target=import_thread, name="recording-import", daemon=True)
    importer.start()
    try:
        while not stop.is_set():
            now = datetime.now(UTC)
            try:
                due = upcoming(st, now, horizon_s=lead_s)
            except Exception:
                log.exception("recording rules could not be read")
                due = []
            for run in due:
                key = (run.rule.id, run.planned)
                if key in armed or refused.get(key, 0.0) > time.monotonic():
                    continue
                try:
                    run_id, title, work = arm(st, run)
                except StationError as exc:
                    log.warning("recording %s not armed: %s", run.rule.title, exc)
                    refused[key] = time.monotonic() + REFUSED_RETRY_S
                    continue
                job = _Armed(run, run_id, title, work, TaskState())
                target = capture_thread if work is not None else device_thread
                job.thread = threading.Thread(target=target, args=(job,), daemon=True,
                                              name=f"recording-{run_id[-6:]}")
                armed[key] = job
                job.thread.start()
            for key in [k for k, j in armed.items()
                        if j.thread is not None and not j.thread.is_alive()]:
                del armed[key]
            stop.wait(tick_s)
    finally:
        for job in armed.values():
            job.state.cancel()
        for job in armed.values():
            if job.thread is not None:
                job.thread.join(timeout=30)
        takes.put(None)
        importer.join(timeout=120)
