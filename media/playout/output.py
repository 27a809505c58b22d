"""The playout's sound output: a QAudioSink in its own QThread, fed by a sample clock locked
to wall time *at the speaker*.

The sink lives in a QThread with its own event loop, so the GUI never waits on audio. A
timer in that thread asks the mixer for the frames that wall time says are due (plus a
constant pre-roll that keeps the device queue full). Writing on time is not enough: the
device starts consuming when it is ready (on PulseAudio some 0.4-0.8 s after ``start()``;
measured against the captured audio, that alone made every item 0.75-0.85 s late) and it
pauses after an underrun, and all that is written after that is heard that much late. So
the output watches the device's own clock, ``processedUSecs`` (on PulseAudio the stream's
playback time, which already counts what the server holds: subtracting the latency
``pactl`` reports made items early by that much), and when the frame heard now differs from
the frame wall time says by more than ``LOCK_TOLERANCE_S`` at start (``RELOCK_TOLERANCE_S``
once locked; medians of many readings) it drops frames (late) or pads silence (early):
frame ``n`` is heard at
``origin + n / rate``. The mixer therefore places each item at the frame of its wall time.
:meth:`Output.start` returns once the clock is locked (the first correction is at start,
in silence); a later one (clock drift, a stall) drops or pads that much audio.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
PREROLL_S = 0.3  # how far ahead of the speaker the queue runs (covers a loaded machine)
SETTLE_S = 0.5  # after a start or a correction: let the device clock settle before judging
LOCK_WINDOW = 25  # ticks of device-clock readings whose median is compared with wall time
LOCK_TOLERANCE_S = 0.005  # at start, a heard-clock error above this is corrected
# Once locked, the reading of 25 ticks wanders by a few ms (correcting every 5 ms made the
# starts random-walk), while the sound card's clock may run off the wall clock (200 ppm
# measured here: 1 ms every 5 s), so the error is judged over a second and corrected at 10 ms.
RELOCK_WINDOW = 100
RELOCK_TOLERANCE_S = 0.010
SERVER_POLL_S = 3.0  # how often the sound server's own latency for this stream is read

# render(first_frame, n_frames, latency_s) -> float32 array (n, CHANNELS)
Render = Callable[[int, int, float], np.ndarray]


class OutputError(Exception):
    """The output device could not be opened or stopped working."""


@dataclass
class OutputStats:
    device: str = ""
    device_id: str = ""  # the backend's id (PulseAudio: the sink name)
    latency_s: float = PREROLL_S  # from a frame's write to when it is heard
    queue_s: float = 0.0  # what Qt holds (written minus processed)
    server_s: float = 0.0  # what the sound server holds after Qt (PulseAudio: via pactl)
    clock_error_s: float = 0.0  # heard frame minus wall-time frame at the last check
    frames_written: int = 0
    underruns: int = 0  # ticks where the device had drained (the machine stalled)
    resyncs: int = 0  # corrections of the heard clock (drops or pads)
    dropped_s: float = 0.0  # audio dropped to catch up with wall time (mostly at start)
    padded_s: float = 0.0  # silence added because the device ran early


def pulse_stream_latency_s(pid: int, rate: int = RATE, channels: int = CHANNELS) -> float | None:
    """Buffer + sink latency PulseAudio reports for this process's playout stream (the
    sink input with our pid and the playout's sample format), or None off PulseAudio."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return None
    try:
        text = subprocess.run([pactl, "list", "sink-inputs"], capture_output=True, text=True,
                              timeout=2, env={**os.environ, "LC_ALL": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    spec = f"{channels}ch {rate}Hz"
    for block in text.split("Sink Input #")[1:]:
        if f'application.process.id = "{pid}"' not in block or spec not in block:
            continue
        total = 0.0
        for line in block.splitlines():
            line = line.strip()
            if line.startswith(("Buffer Latency:", "Sink Latency:")):
                total += float(line.split(":")[1].split()[0]) / 1e6
        return total
    return None


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

    def __init__(self, render: Render, device: str = "", *, exclude_id: str = "",
                 watch_server: bool = True) -> None:
        self._render = render
        self._watch_server = watch_server  # read the sound server's latency (on-air only)
        self.device_wanted = device
        self.exclude_id = exclude_id  # a device this output must never open (the on-air one)
        self.stats = OutputStats()
        self.origin = 0.0
        self.rate = RATE
        self._thread: Any = None  # a QThread running _run with its own event loop
        self._ready = threading.Event()
        self._locked = threading.Event()  # the heard clock matches wall time
        self._error: str | None = None

    # -- control (any thread) ---------------------------------------------------------------
    def start(self, timeout: float = 10.0, lock_timeout: float = 5.0) -> None:
        """Open the device; return once what is written is heard on wall time (the device
        takes a moment to start), or after ``lock_timeout`` (stats.clock_error_s says)."""
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
        self._locked.wait(lock_timeout)

    @property
    def locked(self) -> bool:
        return self._locked.is_set()

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
        from PySide6.QtCore import Qt, QTimer
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
        dev_id = bytes(dev.id().data()).decode()
        if self.exclude_id and dev_id == self.exclude_id:
            self._error = f"{dev.description()} is the on-air output"
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
        self.stats.device_id = dev_id
        bytes_per_frame = CHANNELS * 2
        preroll = int(PREROLL_S * RATE)
        self.origin = time.time() + 0.05  # frame 0 is due 50 ms from now
        written = 0  # the mixer's frames handed out (dropped ones included)
        shift = 0  # mixer frame minus device frame for what is written now
        pad = 0  # frames of silence still to write before the mixer's next frame
        settle_until = time.monotonic() + SETTLE_S
        errors: deque[int] = deque(maxlen=RELOCK_WINDOW)
        if self._watch_server:
            threading.Thread(target=self._poll_server, name="playout-latency",
                             daemon=True).start()

        def tick() -> None:
            nonlocal written, shift, pad, settle_until
            now = time.time()
            # Where the listener is: the stream's playback position, in the mixer's frames.
            consumed = round(sink.processedUSecs() * RATE / 1e6)
            device_written = written - shift + pad
            self.stats.queue_s = (device_written - consumed) / RATE
            self.stats.latency_s = self.stats.queue_s + self.stats.server_s
            if time.monotonic() >= settle_until and consumed > 0:
                heard = consumed + shift
                errors.append(heard - self.frame_at(now))
                locked = self._locked.is_set()
                if len(errors) >= (RELOCK_WINDOW if locked else LOCK_WINDOW):
                    err = int(np.median(errors))
                    self.stats.clock_error_s = err / RATE
                    errors.clear()
                    tolerance = RELOCK_TOLERANCE_S if locked else LOCK_TOLERANCE_S
                    if abs(err) > tolerance * RATE:
                        if err < 0:  # heard late: skip the mixer ahead (dropped audio)
                            written += -err
                            shift += -err
                            self.stats.dropped_s += -err / RATE
                        else:  # heard early: the device waits on silence
                            pad += err
                            shift -= err
                            self.stats.padded_s += err / RATE
                        self.stats.resyncs += 1
                        settle_until = time.monotonic() + SETTLE_S
                    else:
                        self._locked.set()
            room = sink.bytesFree() // bytes_per_frame
            if room * bytes_per_frame >= sink.bufferSize() and written > preroll:
                self.stats.underruns += 1
            if pad > 0 and room > 0:
                k = min(pad, room)
                done = io.write(bytes(k * bytes_per_frame)) // bytes_per_frame
                pad -= done
                room -= done
            due = self.frame_at(now) + preroll  # keep the queue PREROLL_S ahead of wall time
            n = min(due - written, room) if pad == 0 else 0
            if n <= 0:
                return
            block = self._render(written, n, self.stats.latency_s)
            pcm = (np.clip(block, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
            done = io.write(pcm) // bytes_per_frame
            if done < n:  # the device took less: the rest is dropped, the clock goes on
                shift += n - done
            written += n
            self.stats.frames_written = written

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        timer.start()

        self._ready.set()
        thread.exec()
        timer.stop()
        sink.stop()

    def _poll_server(self) -> None:
        """The sound server's latency for our stream, read off the output thread (pactl
        takes tens of ms); where it cannot be read (not PulseAudio) it stays 0."""
        if shutil.which("pactl") is None:
            return
        pid = os.getpid()
        while self.running or not self._ready.is_set():
            found = pulse_stream_latency_s(pid)
            if found is not None:
                self.stats.server_s = found
            time.sleep(SERVER_POLL_S)
