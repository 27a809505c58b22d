"""Helpers for the playout tests and bench: real tone items, a published schedule, and a
capture of what the null sink 'studio' really played, with each tone's onset in wall time.

The capture reads ``studio.monitor`` with parec in small blocks and notes when each block
arrives: the earliest (arrival time - samples so far / rate) bounds the render time of
sample 0 (ArrivalClock). The null sink renders audio one block (its configured latency)
before the block's play time and hands it to the monitor at once, so that is one block early:
the block is read from PulseAudio (``pactl list sinks``) in the same run and added back.
Then an onset at sample k was played at origin + k/rate (the bench checks the result with
a reference click).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from media.tones import sine, write_wav
from station.clock import now_iso, zone
from station.library import items as library
from station.library.items import Item
from station.schedule import approval as schedule_approval
from station.schedule import edits as schedule_edits
from station.schedule import periods as schedule
from station.station import Station
from tests.support.schedule import login

RATE = 48000
BLOCK = 480  # 10 ms reads keep the arrival times tight


def tone_item(st: Station, title: str, freq: float, seconds: float, *, level_dbfs: float = -12.0,
              gain_db: float = 0.0, silent: bool = False) -> Item:
    """A real WAV item (a sine at ``freq``, or silence) in the store with its facts."""
    samples = sine(freq, seconds, level_dbfs) * (0.0 if silent else 1.0)
    tmp = st.datadir.root / f"tone-{freq:g}-{time.monotonic_ns()}.wav"
    write_wav(tmp, samples, subtype="FLOAT")
    data = tmp.read_bytes()
    tmp.unlink()
    sha256 = hashlib.sha256(data).hexdigest()
    path = st.store.path(sha256, "wav")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    item = library.new_item(st, "audio", title, duration_s=seconds, asset_sha256=sha256)
    now = now_iso()
    with st.db.atomic():
        st.db.execute("INSERT OR IGNORE INTO assets (sha256, ext, size, kind, created_at,"
                      " duration_s, integrated_lufs, analyzed_at)"
                      " VALUES (?, 'wav', ?, 'audio', ?, ?, ?, ?)",
                      [sha256, len(data), now, seconds, level_dbfs - 3.0 + 0.7, now])
        library.insert_item(st, item, None, gain_db=gain_db)
    return item


@dataclass(frozen=True)
class Planned:
    title: str
    item_id: str | None
    freq: float
    seconds: float
    gain_db: float = 0.0


def make_schedule(st: Station, starts_at: datetime, slots: list[dict[str, object]], *,
                  minutes: float = 1.0, publish: bool = True, approve: bool = True) -> str:
    """A one-day schedule with one session at ``starts_at`` (seconds kept) holding ``slots``
    (add_slot keyword arguments), taken through the real workflow as far as asked."""
    tz = zone(st)
    local = starts_at.astimezone(tz)
    login(st, "bientap")
    sched, _ = schedule.create_schedule(st, local.date(), 1, empty=True,
                                        title=f"Phát sóng {local:%H%M%S}")
    session, _ = schedule_edits.add_session(st, sched.id, local.date(), local.time(),
                                            minutes=minutes, title="Buổi thử")
    for kw in slots:
        schedule_edits.add_slot(st, sched.id, session.key, **kw)  # type: ignore[arg-type]
    if approve:
        schedule_approval.submit(st, sched.id)
        login(st, "truongdai")
        schedule_approval.approve(st, sched.id, "ok")
        if publish:
            schedule_approval.publish(st, sched.id)
    login(st, "admin")
    return str(sched.id)


def soon(seconds: float) -> datetime:
    """A whole-second instant at least ``seconds`` from now (session clocks have seconds)."""
    return (datetime.now(UTC) + timedelta(seconds=seconds + 1)).replace(microsecond=0)


def sink_block_s(env: dict[str, str] | None, sink: str = "studio") -> float:
    """The configured latency of a PulseAudio sink (the null sink's render block)."""
    text = subprocess.run(["pactl", "list", "sinks"], env={**(env or os.environ), "LC_ALL": "C"},
                          capture_output=True, text=True, timeout=5).stdout
    for block in text.split("Sink #")[1:]:
        if f"Name: {sink}\n" not in block:
            continue
        for line in block.splitlines():
            if line.strip().startswith("Latency:") and "configured" in line:
                return float(line.split("configured")[1].split()[0]) / 1e6
    raise RuntimeError(f"no latency for sink {sink}")


class ArrivalClock:
    """Render time of capture samples from block arrivals. A block of samples cannot
    arrive before the sink rendered it, so (arrival - samples so far / rate) bounds the
    render time of sample 0 from above, and the smallest such bound is the estimate. It is taken locally
    (over the blocks within ``HORIZON_S`` after a sample): in a long capture the monitor now
    and then delivers a few ms more samples than were played (seen in 5-minute runs), which
    would put everything before it early by that much. Blocks in the first ``SETTLE_S``
    are left out (while parec starts, the sink renders further ahead than its block)."""

    SETTLE_S = 2.0
    HORIZON_S = 2.0

    def __init__(self) -> None:
        self.first: float | None = None
        self._frames: list[int] = []
        self._bounds: list[float] = []  # arrival - frames / RATE, per settled block

    def arrived(self, at: float, frames: int) -> None:
        if self.first is None:
            self.first = at
        if at - self.first >= self.SETTLE_S:
            self._frames.append(frames)
            self._bounds.append(at - frames / RATE)

    @property
    def origin(self) -> float:
        """The estimate over the whole capture (for short captures)."""
        return min(self._bounds, default=float("inf"))

    def origin_near(self, frame: int) -> float:
        """The wall time of sample 0 as seen from the blocks just after ``frame``."""
        frames = np.asarray(self._frames)
        lo = int(np.searchsorted(frames, frame))
        hi = int(np.searchsorted(frames, frame + self.HORIZON_S * RATE))
        near = self._bounds[lo:max(hi, lo + 1)]
        return min(near) if near else self.origin


class Capture:
    """Record studio.monitor (mono float) while it runs; :meth:`stop` returns the samples."""

    def __init__(self, env: dict[str, str] | None = None, source: str = "studio.monitor") -> None:
        self._env = env
        self._sink = source.removesuffix(".monitor")
        self.block_s = 0.0  # the sink's render block, read while capturing
        self._proc = subprocess.Popen(
            ["parec", "-d", source, "--raw", "--format=float32le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"], stdout=subprocess.PIPE, env=env)
        self._chunks: list[bytes] = []
        self._frames = 0
        self.clock = ArrivalClock()
        self.origin = float("inf")  # set by stop(); a window reads the clock itself
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while True:
            data = self._proc.stdout.read1(BLOCK * 4)  # type: ignore[attr-defined]
            if not data:
                return
            arrived = time.time()
            self._chunks.append(data)
            self._frames += len(data) // 4
            self.clock.arrived(arrived, self._frames)

    def wait_started(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self._frames < RATE // 20 and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> np.ndarray:
        if self._proc.poll() is None:
            self.block_s = sink_block_s(self._env, self._sink)
            self.origin = self.clock.origin + self.block_s
            self._proc.terminate()
            self._proc.wait(5)
        self._thread.join(5)
        return self.samples()

    def samples(self) -> np.ndarray:
        data = b"".join(self._chunks)
        return np.frombuffer(data[:len(data) - len(data) % 4], "<f4")

    def window(self) -> CaptureWindow:
        return CaptureWindow(self)


class CaptureWindow:
    """What a running capture records from now until :meth:`stop` (one parec serves a whole
    test module: it needs some 2 s to deliver its first block)."""

    def __init__(self, cap: Capture) -> None:
        self._cap = cap
        self._first = cap._frames
        self.origin = float("inf")

    def stop(self) -> np.ndarray:
        time.sleep(0.1)  # the blocks played just now are still on their way
        cap = self._cap
        if not cap.block_s:
            cap.block_s = sink_block_s(cap._env, cap._sink)
        self.origin = cap.clock.origin_near(self._first) + cap.block_s + self._first / RATE
        return cap.samples()[self._first:]


@dataclass(frozen=True)
class Onset:
    freq: float
    at: float  # wall time heard
    rms_db: float  # level of the tone's middle


def find_tones(samples: np.ndarray, origin: float, freqs: list[float], *,
               after: float = 0.0, floor_db: float = -45.0,
               max_gap_s: float = 0.3) -> dict[float, list[Onset]]:
    """Where each frequency starts sounding (5 ms resolution), every time it starts."""
    win, hop = 960, 240  # 20 ms windows every 5 ms: 50 Hz bins
    n = (len(samples) - win) // hop
    if n <= 0:
        return {f: [] for f in freqs}
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    frames = samples[idx] * np.hanning(win)[None, :]
    spectrum = np.abs(np.fft.rfft(frames, axis=1))
    bins = np.fft.rfftfreq(win, 1 / RATE)
    rms = 20 * np.log10(np.sqrt(np.mean(samples[idx] ** 2, axis=1)) + 1e-12)
    dominant = bins[np.argmax(spectrum, axis=1)]
    out: dict[float, list[Onset]] = {f: [] for f in freqs}
    for f in freqs:
        on = (np.abs(dominant - f) < 30) & (rms > floor_db)
        # A dropout of the loaded machine (under max_gap_s) does not make a second airing.
        gap_windows = int(max_gap_s * RATE / hop)
        idx_on = np.flatnonzero(on)
        for a, b in itertools.pairwise(idx_on):
            if 1 < b - a <= gap_windows:
                on[a:b] = True
        starts = np.flatnonzero(on & ~np.concatenate([[False], on[:-1]]))
        for s in starts:
            length = int(np.argmin(on[s:])) if not on[s:].all() else len(on) - s
            if length < 8:  # under 40 ms: a crossfade tail, not an item
                continue
            # Refine to the first sample of the window above the floor.
            seg = samples[s * hop: s * hop + win + hop]
            above = np.flatnonzero(np.abs(seg) > 10 ** (floor_db / 20))
            first = s * hop + (int(above[0]) if len(above) else 0)
            mid = samples[first + (length * hop) // 4: first + (length * hop * 3) // 4]
            level = 20 * np.log10(np.sqrt(np.mean(mid ** 2)) + 1e-12) if len(mid) else -120.0
            at = origin + first / RATE
            if at >= after:
                out[f].append(Onset(f, at, float(level)))
    return out


def write_tone(path: Path, freq: float, seconds: float, level_dbfs: float = -12.0) -> Path:
    return write_wav(path, sine(freq, seconds, level_dbfs), subtype="FLOAT")
