"""A live stream that carries the wall clock in its sound, and the reading of it from a take.

A thread writes mono PCM into ffmpeg (MP3, to the test icecast2) paced by ``time.time()``:
every whole wall-clock second S starts a 60 ms beep at ``500 + 100 * (S % 10)`` Hz, the
rest is silence. Sample ``i`` is written no earlier than ``t0 + i / RATE``, so in a take a
beep's onset at ``p`` seconds, with the second ``S`` its pitch names, puts the take's first
sample at source time ``S - p``. That includes what the encoder, icecast and the decoder
add (tens of ms), which is what a relay of a broadcaster's clock would hear too.
"""

from __future__ import annotations

import contextlib
import math
import subprocess
import threading
import time
from dataclasses import dataclass

import numpy as np

from tests.support.icecast import SOURCE_PASSWORD, Icecast

RATE = 44100
BEEP_S = 0.06
CHUNK_S = 0.02
_HOP = 0.002  # onset resolution of the reading, seconds


def pitch(second: int) -> float:
    return 500.0 + 100.0 * (second % 10)


class MarkedFeed:
    """``with MarkedFeed(icecast, mount):`` a real-time time-marked MP3 source on ``mount``."""

    def __init__(self, icecast: Icecast, mount: str) -> None:
        self.icecast = icecast
        self.mount = mount
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> MarkedFeed:
        from media.ffmpeg import ffmpeg_path

        cmd = [ffmpeg_path(), "-nostdin", "-loglevel", "error", "-f", "s16le", "-ar",
               str(RATE), "-ac", "1", "-i", "pipe:0", "-ac", "2", "-c:a", "libmp3lame",
               "-b:a", "128k", "-f", "mp3", "-content_type", "audio/mpeg",
               f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{self.icecast.port}/{self.mount}"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self._thread = threading.Thread(target=self._pace, name="timemarks", daemon=True)
        self._thread.start()
        self.icecast.wait_mount(self.mount)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self.proc is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()  # type: ignore[union-attr]
            self.proc.kill()
            self.proc.wait(timeout=10)

    def _pace(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        t0 = math.ceil(time.time())
        n = round(CHUNK_S * RATE)
        i = 0
        while not self._stop.is_set():
            due = t0 + i / RATE
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            t = t0 + (i + np.arange(n)) / RATE
            sec = np.floor(t)
            frac = t - sec
            tone = np.sin(2 * np.pi * np.array([pitch(int(s)) for s in sec]) * frac)
            block = np.where(frac < BEEP_S, 0.5 * tone, 0.0)
            try:
                self.proc.stdin.write((block * 32767).astype("<i2").tobytes())
                self.proc.stdin.flush()
            except OSError:
                return
            i += n


@dataclass(frozen=True)
class Reading:
    start_error_s: float  # the take's first sample against the wanted instant (+ late)
    marks: int  # beeps that agreed
    spread_s: float  # max - min of the per-beep estimates


def read_start(samples: np.ndarray, rate: int, wanted: float,
               near: float | None = None) -> Reading:
    """Where the take in ``samples`` starts on the source's clock, against ``wanted``
    (seconds since the epoch), from every beep in it. ``near``: roughly when the take
    started (default ``wanted``); within 5 s, since the pitches name the second mod 10."""
    near = wanted if near is None else near
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    mono = mono.astype(np.float64)
    hop = max(1, round(_HOP * rate))
    frames = len(mono) // hop
    env = np.sqrt(np.mean(mono[:frames * hop].reshape(frames, hop) ** 2, axis=1))
    loud = env > 0.05
    estimates = []
    k = 1
    while k < frames:
        if loud[k] and not loud[k - 1]:
            onset = k * hop
            win = mono[onset + round(0.005 * rate): onset + round((BEEP_S - 0.005) * rate)]
            if len(win) > round(0.03 * rate):
                spectrum = np.abs(np.fft.rfft(win * np.hanning(len(win)), n=1 << 16))
                freq = float(np.argmax(spectrum)) * rate / (1 << 16)
                digit = round((freq - 500.0) / 100.0)
                if 0 <= digit <= 9 and abs(freq - pitch(digit)) < 40:
                    p = onset / rate
                    guess = near + p  # the second of this beep, within a few seconds
                    base = math.floor(guess) - (math.floor(guess) % 10) + digit
                    second = min((base - 10, base, base + 10), key=lambda s: abs(s - guess))
                    estimates.append(second - p - wanted)
            k += round(BEEP_S / _HOP)
        k += 1
    if not estimates:
        raise AssertionError("no time marks found in the take")
    arr = np.array(estimates)
    return Reading(float(np.median(arr)), len(arr), float(arr.max() - arr.min()))
