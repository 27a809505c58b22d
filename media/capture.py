"""Capture of a live stream (Icecast MP3/Ogg/AAC over HTTP, HLS) into one FLAC.

ffmpeg (through the one runner, media.ffmpeg) decodes the stream and writes 16-bit PCM in
WAV segments of ``segment_s`` seconds; a killed or crashed ffmpeg loses at most the segment
it was writing. A watchdog restarts ffmpeg when no new bytes reach the disk for
``stall_s`` seconds, or when the server closes the stream, until the wanted duration is
covered or the deadline passes. Finished segments are appended to the FLAC block by block
as the capture goes and then deleted, so memory and temporary disk stay flat for a
day-long relay, and the join is sample-exact (the PCM is copied, never re-timed).

Before ffmpeg starts, a short HTTP request checks the address: a web page, an error
status or a refused connection is a typed error at once, not a silent empty recording.

The result also puts its frames on the wall clock (``marks``): on every poll the watchdog
notes how many frames of the current ffmpeg run are on disk and the time (``time.time()``).
A frame is on disk no earlier than it arrived, so ``wall - frame / rate`` over the polls
is an upper bound of when the run's first frame arrived, and its minimum (kept per
``MARK_EVERY_S`` of wall time, so a source clock that drifts is followed) is the estimate.
A server's burst on connect only lowers that minimum to the burst's true age. The error is
the polling interval's phase against ffmpeg's write flushes (tens of milliseconds once a
few seconds have been seen), plus whatever latency the encoder, the server and the network
add before the audio reaches us; see station.recording.on_time for the cut it serves.
"""

from __future__ import annotations

import contextlib
import logging
import re
import struct
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from media import ffmpeg as runner
from media.analysis import MediaError
from media.taskstate import Cancelled, TaskState, null_state

log = logging.getLogger(__name__)

SEGMENT_S = 30.0  # a crash loses at most this much
STALL_S = 15.0  # no new bytes for this long: the capture is stalled, restart it
PROBE_TIMEOUT_S = 10.0
_POLL_S = 0.1
_COPY_FRAMES = 1 << 16  # frames per block when joining: memory stays flat
_SAMPLE_BYTES = 2  # pcm_s16le
MARK_EVERY_S = 10.0  # one clock mark per run per this much wall time


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    return text


class CaptureError(MediaError):
    """A stream cannot be captured; the message says why (translated in context 'media')."""


class StreamUnreachable(CaptureError):
    """No connection: refused, unknown host, or the server sent nothing in time."""


class StreamRefused(CaptureError):
    """The server answered with an HTTP error status (404 no such mount, 403, ...)."""


class NotAStream(CaptureError):
    """The address answers, but with a web page or other data that is not audio."""


class NothingCaptured(CaptureError):
    """The stream stayed down until the deadline: not one second of audio arrived."""


@dataclass(frozen=True)
class Gap:
    """Audio missing from a capture: ``at_s`` into the result, about ``lost_s`` long
    (wall-clock time without data; a server's burst on reconnect may hide part of it)."""

    at_s: float
    lost_s: float

    def to_json_dict(self) -> dict[str, float]:
        return {"at_s": round(self.at_s, 3), "lost_s": round(self.lost_s, 3)}


@dataclass(frozen=True)
class ClockMark:
    """Frame ``frame`` of the result (the first of ffmpeg run ``run``'s stretch being
    ``run_start``) arrived at ``wall`` (seconds since the epoch), at the latest."""

    run: int
    run_start: int
    frame: int
    wall: float


@dataclass(frozen=True)
class CaptureResult:
    path: Path
    url: str
    name: str  # the stream's own name (icy-name) or ''
    started_at: datetime  # UTC, when the first audio arrived
    wanted_s: float
    frames: int
    sample_rate: int
    channels: int
    gaps: tuple[Gap, ...] = ()
    restarts: int = 0
    errors: tuple[str, ...] = field(default=(), repr=False)  # why each restart happened
    stopped: bool = False  # cancelled by the user: what came before is kept
    marks: tuple[ClockMark, ...] = field(default=(), repr=False)  # frames on the wall clock

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate

    @property
    def complete(self) -> bool:
        """The whole wanted duration was captured (gaps may still lie inside it)."""
        return self.frames >= round(self.wanted_s * self.sample_rate)

    def to_json_dict(self) -> dict[str, Any]:
        return {"url": self.url, "name": self.name,
                "started_at": self.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "wanted_s": self.wanted_s, "seconds": round(self.seconds, 3),
                "complete": self.complete, "sample_rate": self.sample_rate,
                "channels": self.channels, "restarts": self.restarts, "stopped": self.stopped,
                "gaps": [g.to_json_dict() for g in self.gaps]}


# ----------------------------------------------------------------------------- the check

def probe(url: str, timeout: float = PROBE_TIMEOUT_S) -> str:
    """Check that ``url`` answers with something ffmpeg may decode; return the stream's
    name (icy-name) or ''. Raises a CaptureError subclass otherwise. Non-HTTP addresses
    (rtmp, rtsp, files) are left to ffmpeg."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        if parts.scheme in ("rtmp", "rtsp", "rtp", "srt", "udp", "tcp"):
            return ""
        raise NotAStream(QT_TRANSLATE_NOOP("media", "not a stream address (http://, https://, "
                                                    "rtmp://, rtsp://): {url}"), url=url)
    import httpx

    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                          headers={"Icy-MetaData": "0"}) as client, \
                client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                cls = StreamUnreachable if resp.status_code >= 500 else StreamRefused
                raise cls(QT_TRANSLATE_NOOP("media", "the stream server answered HTTP {status} "
                                                     "({reason}) for {url}"),
                          status=resp.status_code, reason=resp.reason_phrase, url=url)
            head = b""
            for chunk in resp.iter_raw():
                head += chunk
                if len(head) >= 512:
                    break
            kind = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            name = resp.headers.get("icy-name", "")
    except httpx.ConnectError as exc:
        raise StreamUnreachable(QT_TRANSLATE_NOOP("media", "cannot connect to the stream "
                                                           "{url}: {reason}"),
                                url=url, reason=_reason(exc)) from None
    except httpx.TimeoutException:
        raise StreamUnreachable(QT_TRANSLATE_NOOP("media", "the stream {url} sent nothing for "
                                                           "{seconds} s"),
                                url=url, seconds=round(timeout)) from None
    except httpx.RemoteProtocolError:
        return ""  # SHOUTcast v1 answers 'ICY 200 OK', which ffmpeg reads and httpx does not
    except httpx.HTTPError as exc:
        raise StreamUnreachable(QT_TRANSLATE_NOOP("media", "cannot connect to the stream "
                                                           "{url}: {reason}"),
                                url=url, reason=_reason(exc)) from None
    if _is_page(kind, head):
        raise NotAStream(QT_TRANSLATE_NOOP("media", "{url} is a web page or text ({kind}), not "
                                                    "an audio stream"),
                         url=url, kind=kind or "?")
    if not head:
        raise StreamUnreachable(QT_TRANSLATE_NOOP("media", "the stream {url} sent nothing for "
                                                           "{seconds} s"),
                                url=url, seconds=round(timeout))
    return name.strip()


def _is_page(kind: str, head: bytes) -> bool:
    if head.lstrip().startswith(b"#EXTM3U"):
        return False  # an HLS playlist: ffmpeg follows it
    if kind in ("text/html", "application/xhtml+xml", "application/json", "text/plain"):
        return True
    start = head.lstrip()[:64].lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"{", b"<head", b"<body"))


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    m = re.search(r"\] (.+)$", text)  # '[Errno 111] Connection refused' -> the words
    return m.group(1) if m else text


# ---------------------------------------------------------------------------- capturing

@dataclass
class _Run:
    """One ffmpeg process: its segments, and when data first and last arrived."""

    index: int
    first_data: float | None = None
    last_data: float | None = None
    stalled: bool = False
    error: str = ""
    frames: int = 0  # what this run added to the result
    stderr: str = ""  # ffmpeg's last words, to tell garbage from a lost connection
    start: int = 0  # the result's frame where this run's audio begins
    marks: dict[int, tuple[int, float]] = field(default_factory=dict)  # bucket: (frame, wall)

    def observe(self, frames: int, rate: int, wall: float) -> None:
        """``frames`` of this run were on disk at ``wall``: keep the tightest bound."""
        if frames <= 0 or not rate:
            return
        bucket = int(wall // MARK_EVERY_S)
        old = self.marks.get(bucket)
        if old is None or wall - frames / rate < old[1] - old[0] / rate:
            self.marks[bucket] = (frames, wall)


class _Joiner:
    """Appends finished WAV segments to the FLAC in blocks, up to ``max_frames``."""

    def __init__(self, out: Path, max_frames_s: float) -> None:
        self.out = out
        self.max_s = max_frames_s
        self.frames = 0
        self.rate = 0
        self.channels = 0
        self._writer: Any = None

    @property
    def max_frames(self) -> int:
        return round(self.max_s * self.rate) if self.rate else 1 << 62

    def append(self, segment: Path) -> None:
        import numpy as np
        import soundfile as sf

        region = _pcm_region(segment)
        if region is None:
            segment.unlink(missing_ok=True)  # killed before its header was written: empty
            return
        rate, channels, offset, nbytes = region
        if self._writer is None:
            self.rate, self.channels = rate, channels
            self._writer = sf.SoundFile(str(self.out), "w", samplerate=rate, channels=channels,
                                        format="FLAC", subtype="PCM_16")
        elif (rate, channels) != (self.rate, self.channels):
            # Later runs are told the first run's format, so this means a broken segment.
            log.warning("segment %s is %d Hz/%d ch, not %d/%d: skipped", segment.name, rate,
                        channels, self.rate, self.channels)
            segment.unlink(missing_ok=True)
            return
        frame_bytes = channels * _SAMPLE_BYTES
        left = nbytes // frame_bytes
        with open(segment, "rb") as fh:
            fh.seek(offset)
            while left > 0 and self.frames < self.max_frames:
                n = min(left, _COPY_FRAMES, self.max_frames - self.frames)
                data = fh.read(n * frame_bytes)
                got = len(data) // frame_bytes
                if got == 0:
                    break
                block = np.frombuffer(data[:got * frame_bytes], dtype="<i2")
                self._writer.write(block.reshape(-1, channels))
                self.frames += got
                left -= got
        segment.unlink(missing_ok=True)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _pcm_region(path: Path) -> tuple[int, int, int, int] | None:
    """(rate, channels, data offset, data bytes) of an ffmpeg WAV segment. The data runs to
    the end of the file: a segment cut short by a kill has a header that still says 0."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        return None
    pos = 12
    rate = channels = 0
    while pos + 8 <= len(head):
        cid, clen = head[pos:pos + 4], struct.unpack("<I", head[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            channels, rate = struct.unpack("<HI", head[pos + 10:pos + 16])
        elif cid == b"data":
            if not rate:
                return None
            return rate, channels, pos + 8, max(0, size - pos - 8)
        pos += 8 + clen + (clen & 1)
    return None


def _frames_in(segs: list[Path]) -> int:
    """Frames written so far into segments not yet joined."""
    total = 0
    for seg in segs:
        region = _pcm_region(seg)
        if region is not None:
            total += region[3] // (region[1] * _SAMPLE_BYTES)
    return total


def _rate(segs: list[Path]) -> int:
    region = _pcm_region(segs[0]) if segs else None
    return region[0] if region is not None else 0


def _segments(work: Path, run: int) -> list[Path]:
    return sorted(work.glob(f"r{run:04d}-*.wav"))


def _bytes(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            total += p.stat().st_size
    return total


def _args(url: str, pattern: Path, seconds: float, segment_s: float, stall_s: float,
          rate: int, channels: int) -> list[str]:
    import ffmpeg as ffmpeg_python

    inp = ffmpeg_python.input(url, rw_timeout=int(stall_s * 2e6))
    extra: dict[str, Any] = {"ar": rate, "ac": channels} if rate else {}
    out = inp.output(str(pattern), f="segment", segment_time=segment_s, segment_format="wav",
                     acodec="pcm_s16le", map="0:a:0", vn=None, t=f"{seconds:.3f}",
                     map_metadata=-1, fflags="+bitexact", **extra)
    return list(out.global_args("-loglevel", "error", "-nostats").get_args())


def capture(url: str, seconds: float, out: Path, work: Path, *,
            segment_s: float = SEGMENT_S, stall_s: float = STALL_S,
            deadline_s: float | None = None, state: TaskState | None = None) -> CaptureResult:
    """Capture ``seconds`` of audio from ``url`` into the FLAC ``out``.

    ``work`` holds the segments meanwhile (created, emptied). ``deadline_s``: wall-clock
    seconds from now after which the capture stops with what it has (default: the wanted
    duration plus a tenth plus 30 s). Raises a CaptureError at once when the address is
    not a stream; a stream lost mid-way is reconnected and the holes reported as gaps.
    Cancelling ``state`` stops early and keeps what was captured (``stopped``), as a take
    does; with nothing captured yet it raises Cancelled. On error ``out`` is removed.
    """
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    state = state or null_state()
    work.mkdir(parents=True, exist_ok=True)
    begin = time.monotonic()
    deadline = begin + (deadline_s if deadline_s is not None else seconds * 1.1 + 30)
    name = probe(url, timeout=min(PROBE_TIMEOUT_S, max(1.0, stall_s)))
    joiner = _Joiner(out, seconds)
    runs: list[_Run] = []
    gaps: list[Gap] = []
    errors: list[str] = []
    stopped = False
    backoff = 0.5
    try:
        while True:
            if joiner.rate and joiner.frames >= joiner.max_frames:
                break
            if time.monotonic() >= deadline:
                break
            run = _Run(len(runs))
            runs.append(run)
            remaining = seconds - (joiner.frames / joiner.rate if joiner.rate else 0.0)
            try:
                _run_ffmpeg(url, work, run, joiner, remaining, segment_s, stall_s, deadline,
                            seconds, state)
            except Cancelled:
                for done in _segments(work, run.index):  # what the killed ffmpeg wrote
                    joiner.append(done)
                stopped = True
                break
            prev = next((r for r in reversed(runs[:-1]) if r.last_data is not None), None)
            if run.first_data is not None and prev is not None and prev.last_data is not None:
                lost = run.first_data - prev.last_data
                at = (joiner.frames - run.frames) / joiner.rate
                if lost > 0.05:
                    gaps.append(Gap(at, lost))
            if run.error:
                errors.append(run.error)
                if joiner.frames == 0 and len(runs) == 1 and not run.stalled:
                    # The first connection failed outright: say why now, keep nothing.
                    raise _classify(run.stderr or run.error, url)
            if joiner.rate and joiner.frames >= joiner.max_frames:
                break
            if run.first_data is not None:
                backoff = 0.5
            wait_until = min(deadline, time.monotonic() + backoff)
            while time.monotonic() < wait_until and not state.cancelled:
                time.sleep(_POLL_S)
            if state.cancelled:
                stopped = True
                break
            backoff = min(backoff * 2, max(1.0, stall_s))
        joiner.close()
        if stopped and joiner.frames == 0:
            raise Cancelled()
        first = min((r.first_data for r in runs if r.first_data is not None), default=None)
        started_at = datetime.now(UTC) - timedelta(
            seconds=time.monotonic() - first if first is not None else 0.0)
        if joiner.frames == 0:
            raise NothingCaptured(QT_TRANSLATE_NOOP("media", "no audio arrived from {url} before "
                                                             "the deadline ({reason})"),
                                  url=url, reason=errors[-1] if errors else "stalled")
        if joiner.frames < joiner.max_frames and not stopped:
            at = joiner.frames / joiner.rate  # the deadline came first: the end is missing
            gaps.append(Gap(at, seconds - at))
        if not stopped:
            state.progress(1.0)
        marks = tuple(ClockMark(r.index, r.start, r.start + f, w)
                      for r in runs for _b, (f, w) in sorted(r.marks.items()))
        return CaptureResult(out, url, name, started_at, seconds, joiner.frames, joiner.rate,
                             joiner.channels, tuple(gaps), len(runs) - 1, tuple(errors),
                             stopped, marks)
    except BaseException:
        joiner.close()
        out.unlink(missing_ok=True)
        raise
    finally:
        for p in work.glob("r*-*.wav"):
            p.unlink(missing_ok=True)


def _run_ffmpeg(url: str, work: Path, run: _Run, joiner: _Joiner, remaining: float,
                segment_s: float, stall_s: float, deadline: float, wanted: float,
                state: TaskState) -> None:
    """One ffmpeg process: start, watch for stalls, append finished segments, stop."""
    pattern = work / f"r{run.index:04d}-%06d.wav"
    args = _args(url, pattern, remaining + 0.5, segment_s, stall_s, joiner.rate,
                 joiner.channels)
    before = run.start = joiner.frames
    last_bytes = 0
    last_change = time.monotonic()
    with runner.popen(args, stdout=None, state=state) as proc:
        while proc.poll() is None:
            time.sleep(_POLL_S)
            now = time.monotonic()
            segs = _segments(work, run.index)
            size = _bytes(segs)
            on_disk = joiner.frames - before + _frames_in(segs)
            run.observe(on_disk, joiner.rate or _rate(segs), time.time())  # read, then time
            if size > last_bytes:
                if size > 4096 or len(segs) > 1:  # more than a header: audio is flowing
                    run.first_data = run.first_data or now
                    run.last_data = now
                last_bytes, last_change = size, now
            for done in segs[:-1]:  # every segment but the newest is finished
                joiner.append(done)
                last_bytes = _bytes(_segments(work, run.index))
            _report(state, joiner, segs[-1:] if segs else [], wanted)
            if now - last_change > stall_s:
                run.stalled = True
                run.error = f"no data for {stall_s:.0f} s"
                log.warning("capture of %s stalled; restarting ffmpeg", url)
                _stop(proc)
                break
            if now >= deadline:
                _stop(proc)
                break
    run.stderr = proc.stderr_text[-4000:]
    if not run.error and proc.returncode not in (0, None, -15, 255):
        run.error = _last_line(proc.stderr_text) or f"ffmpeg exited {proc.returncode}"
    for done in _segments(work, run.index):
        joiner.append(done)
    if run.first_data is None and joiner.frames > before:
        run.first_data = run.last_data = time.monotonic()
    if joiner.frames == before and not run.error:
        run.error = _last_line(proc.stderr_text) or "the stream ended"
    run.frames = joiner.frames - before


def _stop(proc: runner.Process) -> None:
    """Ask ffmpeg to finish its segment (SIGTERM), then kill it if it does not."""
    proc.terminate()
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:  # stuck in a read
        proc.kill()


def _report(state: TaskState, joiner: _Joiner, current: list[Path], wanted: float) -> None:
    done = joiner.frames / joiner.rate if joiner.rate else 0.0
    region = _pcm_region(current[0]) if current else None
    if region is not None:
        rate, channels, _off, nbytes = region
        done += nbytes / (rate * channels * _SAMPLE_BYTES)
    state.progress(min(done / wanted, 0.999), f"{done:.0f} / {wanted:.0f} s")


def _last_line(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


_GARBAGE = ("invalid data", "header missing", "could not find codec", "does not contain",
            "matches no streams", "decode error rate")


def _telling(stderr: str, words: tuple[str, ...]) -> str:
    """The first line of ffmpeg's output that holds one of ``words``, without its prefix."""
    for line in stderr.splitlines():
        if any(w in line.lower() for w in words):
            return re.sub(r"^(\[[^\]]*\]\s*)+", "", line.strip())
    return ""


def _classify(stderr: str, url: str) -> CaptureError:
    """ffmpeg's output on a first connection that failed, as a typed error."""
    low = stderr.lower()
    garbage = _telling(stderr, _GARBAGE)
    if garbage:
        return NotAStream(QT_TRANSLATE_NOOP("media", "{url} sends data that is not audio "
                                                     "({reason})"), url=url, reason=garbage)
    m = re.search(r"server returned (4\d\d)", low)
    if m:
        return StreamRefused(QT_TRANSLATE_NOOP("media", "the stream server answered HTTP "
                                                        "{status} ({reason}) for {url}"),
                             status=int(m.group(1)), reason=_telling(stderr, ("server",)),
                             url=url)
    return StreamUnreachable(QT_TRANSLATE_NOOP("media", "cannot connect to the stream {url}: "
                                                        "{reason}"),
                             url=url, reason=_last_line(stderr) or "no audio")
