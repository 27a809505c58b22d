"""The playout's sound output: a QAudioSink in its own thread, fed by a sample clock locked
to wall time.

The sink lives in a QThread with its own event loop, so the GUI never waits on audio. A
timer in that thread asks the mixer for exactly the frames that wall time says are due
(plus a constant pre-roll that keeps the device queue full), so frame ``n`` always leaves
the speaker at ``origin + n / rate + latency``. The latency (what is queued in Qt and the
sound server) is measured from the sink itself (written minus ``processedUSecs``) and
handed to the mixer, which starts each item that much early: the item is *heard* on time.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

RATE = 48000
CHANNELS = 2
TICK_MS = 10  # how often the output thread tops up the device queue
WARMUP_S = 1.5  # seconds of output before the queue depth is measured
PREROLL_S = 0.3  # how far ahead of the speaker the queue runs (covers a loaded machine)

# render(first_frame, n_frames, latency_s) -> float32 array (n, CHANNELS)
Render = Callable[[int, int, float], np.ndarray]


class OutputError(Exception):
    """The output device could not be opened or stopped working."""


@dataclass
class OutputStats:
    device: str = ""
    latency_s: float = PREROLL_S  # written but not yet heard: the mixer starts this early
    queue_s: float = 0.0  # what Qt reports as queued (information only)
    frames_written: int = 0
    underruns: int = 0  # ticks where the device had drained (the machine stalled)
    resyncs: int = 0  # jumps of the sample clock to catch up with wall time


def output_names() -> list[str]:
    """Descriptions of the audio outputs QtMultimedia sees (the names --device accepts)."""
    from PySide6.QtMultimedia import QMediaDevices

    _app()
    return [d.description() for d in QMediaDevices.audioOutputs()]


def _app() -> None:
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:  # headless use (CLI, bench): Qt needs one
        _app.held = QCoreApplication([])  # type: ignore[attr-defined]


class Output:
    """Start with :meth:`start`; ``render`` is called in the output thread for each block.

    ``origin`` is the wall time (time.time()) of frame 0; the mixer maps schedule times to
    frames with it. Stop with :meth:`stop` (from any thread)."""

    def __init__(self, render: Render, device: str = "") -> None:
        self._render = render
        self.device_wanted = device
        self.stats = OutputStats()
        self.origin = 0.0
        self.rate = RATE
        self._thread: Any = None  # a QThread running _run with its own event loop
        self._ready = threading.Event()
        self._error: str | None = None

    # -- control (any thread) ---------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> None:
        from PySide6.QtCore import QThread

        _app()

        class _Thread(QThread):
            def run(inner) -> None:  # noqa: N805 - the QThread calls back into the Output
                self._run(inner)

        self._thread = _Thread()
        self._thread.setObjectName("playout-output")
        self._thread.start(QThread.Priority.TimeCriticalPriority)
        if not self._ready.wait(timeout):
            raise OutputError("the audio output did not start")
        if self._error:
            raise OutputError(self._error)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()  # thread-safe: ends exec() in the output thread
            self._thread.wait(5000)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def frame_at(self, wall: float) -> int:
        return round((wall - self.origin) * self.rate)

    def wall_at(self, frame: int) -> float:
        return self.origin + frame / self.rate

    # -- the output thread --------------------------------------------------------------------
    def _run(self, thread: Any) -> None:
        # The sink and the timer are created here, so they belong to the output thread.
        from PySide6.QtCore import QTimer
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

        devices = QMediaDevices.audioOutputs()
        dev = QMediaDevices.defaultAudioOutput()
        if self.device_wanted:
            found = [d for d in devices if self.device_wanted in (d.description(),
                                                                   bytes(d.id().data()).decode())]
            if not found:
                self._error = f"no audio output named {self.device_wanted!r}"
                self._ready.set()
                return
            dev = found[0]
        if dev.isNull():
            self._error = "there is no audio output device"
            self._ready.set()
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(CHANNELS)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(dev, fmt)
        # A buffer hardly larger than the pre-roll: the sound server holds back playback until
        # the buffer is full, so a larger one would add its size to the delay on air.
        sink.setBufferSize(int(RATE * CHANNELS * 2 * PREROLL_S * 1.25))
        io = sink.start()
        if io is None or sink.error().name != "NoError":  # QAudio/QtAudio across Qt versions
            self._error = f"cannot open {dev.description()}: {sink.error().name}"
            self._ready.set()
            return
        self.stats.device = dev.description()
        bytes_per_frame = CHANNELS * 2
        preroll = int(PREROLL_S * RATE)
        self.origin = time.time() + 0.05  # frame 0 is due 50 ms from now
        written = 0
        samples: deque[float] = deque(maxlen=1000 // TICK_MS)

        def tick() -> None:
            nonlocal written
            now = time.time()
            due = self.frame_at(now) + preroll  # keep the queue PREROLL_S ahead of wall time
            if due - written > RATE:  # stalled a whole second (suspend, debugger): jump
                self.stats.resyncs += 1
                written = due - preroll
            room = sink.bytesFree() // bytes_per_frame
            n = min(due - written, room)
            if n <= 0:
                return
            if room * bytes_per_frame >= sink.bufferSize():
                self.stats.underruns += 1
            block = self._render(written, n, self.stats.latency_s)
            pcm = (np.clip(block, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
            done = io.write(pcm) // bytes_per_frame
            written += done
            self.stats.frames_written = written
            heard = sink.processedUSecs() / 1e6
            if heard > WARMUP_S:
                # Shown (and logged) as the queue Qt reports; not used to shift the timing:
                # measured against the captured audio it overstates the delay by 0.3-0.4 s
                # on PulseAudio, while the wall-time clock above already pins the real
                # queue at PREROLL_S (the tests and bench measure what is left: a few ms).
                samples.append(written / RATE - heard)
                self.stats.queue_s = float(np.median(samples))

        timer = QTimer()
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        timer.start()

        self._ready.set()
        thread.exec()
        timer.stop()
        sink.stop()
