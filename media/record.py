"""Recording from an input device with QtMultimedia, in a thread of its own.

The capture thread owns the ``QAudioSource``, the take's journal and the level meter: every
buffer goes to disk and to the meter there, so the GUI thread never waits on a disk. A take
of N seconds counts samples, not wall time (Qt delivers the first buffer up to ~2 s after
``start()``, DESIGN.md section 9). The device vanishing, the disk filling or the caller
stopping all end the take the same way: what was recorded is synced and kept, and the
outcome says why it ended.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QProcess, QThread, QTimer, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QAudioSource, QMediaDevices, QtAudio

from media.analysis import QT_TRANSLATE_NOOP, MediaError
from media.meters import LevelMeter, MeterReading
from media.take_journal import DiskFull, JournalError, Marker, TakeJournal
from media.taskstate import Cancelled, TaskState, null_state

log = logging.getLogger(__name__)

BUFFER_S = 2.0  # Qt's capture buffer: rides out a slow fsync without losing a sample
POLL_MS = 50  # drain, stop and level checks (some backends signal readyRead sparingly)
LEVEL_EVERY_S = 0.066  # ~15 meter readings a second
DEVICE_CHECK_S = 0.5
FIRST_BUFFER_TIMEOUT_S = 10.0  # Qt takes ~2 s to deliver the first buffer; 10 s is dead
STALL_TIMEOUT_S = 5.0  # a device that stops delivering mid-take is gone

_QT_FORMATS = {
    "s16": QAudioFormat.SampleFormat.Int16,
    "s32": QAudioFormat.SampleFormat.Int32,
    "f32": QAudioFormat.SampleFormat.Float,
}
_SCALE = {"s16": (np.int16, 1.0 / 32768.0), "s32": (np.int32, 1.0 / 2147483648.0),
          "f32": (np.float32, 1.0)}


class RecordError(MediaError):
    """Recording cannot start or went wrong; the message says what and why."""


class DeviceNotFound(RecordError):
    """No input device of that name (params: device, available)."""


class DeviceBusy(RecordError):
    """The device exists but cannot be opened (in use, or refused by the system)."""


class FormatNotSupported(RecordError):
    """The device cannot record at that rate / channel count (params: device, rate, channels)."""


class DeviceLost(RecordError):
    """The device vanished mid-take; what was recorded is kept (params: device, seconds)."""


@dataclass(frozen=True)
class InputDevice:
    id: str
    name: str
    default: bool
    min_rate: int
    max_rate: int
    min_channels: int
    max_channels: int
    preferred_rate: int


@dataclass(frozen=True)
class CaptureSettings:
    device: str | None = None  # an id or a name (see find_device); None: the default input
    sample_rate: int = 48000
    channels: int = 2
    sample_format: str = "s16"
    monitor: str | None = None  # an output device to hear the input on; "" the default


@dataclass(frozen=True)
class CaptureOutcome:
    reason: str  # 'done' (the length was reached), 'stopped', 'device_lost', 'disk_full', 'error'
    frames: int
    sample_rate: int
    device: str
    dropped_frames: int = 0  # audio the device delivered that never reached the journal
    overruns: int = 0  # reads that found Qt's buffer nearly full: drops were close
    markers: tuple[Marker, ...] = ()
    error: Exception | None = None
    # The wall-clock time (time.time()) of the take's first frame, as closely as the reads
    # tell it (never earlier than the truth by more than a device period); None: no audio.
    origin: float | None = None

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate

    def frame_at(self, wall: float) -> int:
        """The frame recorded at wall-clock time ``wall`` (0 before the take began)."""
        if self.origin is None:
            return 0
        return max(0, round((wall - self.origin) * self.sample_rate))


_app: QCoreApplication | None = None


def ensure_app() -> None:
    """QtMultimedia needs an application object; the CLI and workers may have none."""
    global _app
    if QCoreApplication.instance() is None:
        _app = QCoreApplication([])


def _dev_id(dev: QAudioDevice) -> str:
    return bytes(dev.id().data()).decode("utf-8", "replace")


def input_devices() -> list[InputDevice]:
    ensure_app()
    default = _dev_id(QMediaDevices.defaultAudioInput())
    return [InputDevice(_dev_id(d), d.description(), _dev_id(d) == default,
                        d.minimumSampleRate(), d.maximumSampleRate(), d.minimumChannelCount(),
                        d.maximumChannelCount(), d.preferredFormat().sampleRate())
            for d in QMediaDevices.audioInputs()]


def find_device(name: str | None) -> QAudioDevice:
    """The input whose id or name is ``name`` (or, failing that, the only one whose name
    contains it, ignoring case); the default input for None."""
    ensure_app()
    inputs = QMediaDevices.audioInputs()
    if not name:
        dev = QMediaDevices.defaultAudioInput()
        if dev.isNull():
            raise DeviceNotFound(QT_TRANSLATE_NOOP("media", "there is no audio input on "
                                                   "this computer"), device="", available="")
        return dev
    for match in (lambda d: _dev_id(d) == name, lambda d: d.description() == name,
                  lambda d: name.casefold() in d.description().casefold()):
        found = [d for d in inputs if match(d)]
        if len(found) == 1:
            return found[0]
    available = ", ".join(f"{d.description()} ({_dev_id(d)})" for d in inputs) or "-"
    raise DeviceNotFound(QT_TRANSLATE_NOOP("media", "no audio input named '{device}'; "
                                           "available: {available}"),
                         device=name, available=available)


def _find_output(name: str) -> QAudioDevice:
    if not name:
        return QMediaDevices.defaultAudioOutput()
    for d in QMediaDevices.audioOutputs():
        if name in (_dev_id(d), d.description()):
            return d
    return QMediaDevices.defaultAudioOutput()


def audio_format(settings: CaptureSettings) -> QAudioFormat:
    fmt = QAudioFormat()
    fmt.setSampleRate(settings.sample_rate)
    fmt.setChannelCount(settings.channels)
    fmt.setSampleFormat(_QT_FORMATS[settings.sample_format])
    return fmt


def check_format(dev: QAudioDevice, settings: CaptureSettings) -> None:
    if settings.sample_format not in _QT_FORMATS:
        raise ValueError(f"unknown sample format {settings.sample_format!r}")
    if not dev.isFormatSupported(audio_format(settings)):
        raise FormatNotSupported(QT_TRANSLATE_NOOP(
            "media", "{device} cannot record {rate} Hz with {channels} channel(s) (it "
                      "offers {low}..{high} Hz, up to {most} channels)"),
            device=dev.description(), rate=settings.sample_rate, channels=settings.channels,
            low=dev.minimumSampleRate(), high=dev.maximumSampleRate(),
            most=dev.maximumChannelCount())


class _PulseWatch:
    """PulseAudio moves a stream to another source when its source goes away, and Qt (6.11)
    neither reports an error nor updates its device list; so on Linux we listen to the
    server's own events and check that our source is still there."""

    def __init__(self, source_name: str) -> None:
        self.source = source_name
        self.gone = False
        self._proc: QProcess | None = None
        pactl = shutil.which("pactl") if sys.platform.startswith("linux") else None
        if pactl is None or not self._present(pactl):
            return  # not a PulseAudio source (or no pactl): Qt's own signals must do
        self._pactl = pactl
        self._proc = QProcess()
        self._proc.setProgram(pactl)
        self._proc.setArguments(["subscribe"])
        self._proc.readyReadStandardOutput.connect(self._events)
        self._proc.start()

    def _present(self, pactl: str) -> bool:
        try:
            out = subprocess.run([pactl, "list", "short", "sources"], capture_output=True,
                                 text=True, timeout=3).stdout
        except (OSError, subprocess.SubprocessError):
            return True  # cannot tell: do not call a device lost on a guess
        return any(line.split("\t")[1:2] == [self.source] for line in out.splitlines())

    def _events(self) -> None:
        assert self._proc is not None
        text = bytes(self._proc.readAllStandardOutput().data()).decode("utf-8", "replace")
        if "'remove' on source" in text and not self._present(self._pactl):
            self.gone = True

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.waitForFinished(1000)
            self._proc = None


class Capture(QObject):
    """One take from one device into one journal. ``start()`` returns at once; the outcome
    arrives through ``ended`` (and ``outcome`` / ``wait()`` for callers without an event
    loop). ``stop()`` and ``mark()`` may be called from any thread."""

    levels = Signal(object)  # MeterReading, about 15 a second
    ended = Signal(object)  # CaptureOutcome

    def __init__(self, journal: TakeJournal, settings: CaptureSettings, *,
                 max_frames: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if journal.header.sample_rate != settings.sample_rate or \
                journal.header.channels != settings.channels or \
                journal.header.sample_format != settings.sample_format:
            raise ValueError("the journal's format differs from the capture settings")
        self.journal = journal
        self.settings = settings
        self.max_frames = max_frames
        self.device = find_device(settings.device)
        check_format(self.device, settings)
        self.device_name = self.device.description()
        self.frames = 0  # written so far; read from any thread (an int: atomic under the GIL)
        self.origin: float | None = None  # see CaptureOutcome.origin
        self.outcome: CaptureOutcome | None = None
        self.on_level: Callable[[MeterReading], None] | None = None
        # Queued signals to a thread with no event loop pile up unread (15 a second, for
        # hours): a blocking caller turns them off and polls instead.
        self.signals = True
        self._stop = threading.Event()
        self._started = threading.Event()
        self._done = threading.Event()
        self._start_error: Exception | None = None
        self._marks: list[tuple[int, str]] = []
        self._marks_lock = threading.Lock()
        self._thread = _CaptureThread(self)

    def start(self) -> None:
        self._thread.start()

    def wait_started(self, timeout: float = 10.0) -> None:
        """Block until the device is open; raise its error if it could not be."""
        self._started.wait(timeout)
        if self._start_error is not None:
            self._thread.wait()  # its run() has returned: let the QThread end before we drop it
            raise self._start_error

    def stop(self) -> None:
        self._stop.set()

    def mark(self, label: str = "") -> int:
        """Drop a marker at the current sample position; returns that position."""
        position = self.frames
        with self._marks_lock:
            self._marks.append((position, label))
        return position

    def wait(self, timeout: float | None = None) -> CaptureOutcome | None:
        self._done.wait(timeout)
        if self._done.is_set():
            self._thread.wait()
        return self.outcome

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    # -- called on the capture thread ------------------------------------------------------
    def _take_marks(self) -> list[tuple[int, str]]:
        with self._marks_lock:
            marks, self._marks = self._marks, []
        return marks

    def _finish(self, outcome: CaptureOutcome) -> None:
        self.outcome = outcome
        self._done.set()
        self._started.set()
        self.ended.emit(outcome)


class _CaptureThread(QThread):
    """Runs the capture's event loop; every Qt object of the take is made (and lives) here."""

    def __init__(self, capture: Capture) -> None:
        super().__init__()
        self.c = capture

    def run(self) -> None:
        c, s = self.c, self.c.settings
        journal = c.journal
        meter = LevelMeter(s.sample_rate, s.channels)
        dtype, scale = _SCALE[s.sample_format]
        frame_bytes = journal.header.frame_bytes
        source = QAudioSource(c.device, audio_format(s))
        source.setBufferSize(int(BUFFER_S * s.sample_rate) * frame_bytes)
        io = source.start()
        if io is None or source.error() != QtAudio.Error.NoError:
            c._start_error = DeviceBusy(QT_TRANSLATE_NOOP(
                "media", "the audio input {device} cannot be opened (busy or refused by the "
                          "system)"), device=c.device_name)
            journal.close()
            c._finish(CaptureOutcome("error", 0, s.sample_rate, c.device_name,
                                     error=c._start_error))
            return
        sink_io: Any = None
        sink: QAudioSink | None = None
        if s.monitor is not None:  # pass-through: best effort, never allowed to block us
            sink = QAudioSink(_find_output(s.monitor), audio_format(s))
            sink.setBufferSize(int(0.2 * s.sample_rate) * frame_bytes)
            sink_io = sink.start()
        watch = _PulseWatch(_dev_id(c.device))
        c._started.set()
        carry = b""
        received = 0  # frames read from Qt, kept or not
        overruns = 0
        buffer_bytes = source.bufferSize()
        opened = time.monotonic()
        last_data: float | None = None
        last_level = last_check = 0.0
        ended: list[tuple[str, Exception | None]] = []
        loop_timer = QTimer()

        def end(reason: str, error: Exception | None = None) -> None:
            if not ended:
                ended.append((reason, error))
                loop_timer.stop()
                self.quit()

        def drain() -> None:
            nonlocal carry, received, overruns, last_data
            if ended:
                return
            available = source.bytesAvailable()
            if buffer_bytes and available >= 0.9 * buffer_bytes:
                overruns += 1
            data = carry + bytes(io.readAll().data())
            if not data:
                return
            last_data = time.monotonic()
            whole = len(data) - len(data) % frame_bytes
            carry = data[whole:]
            n = whole // frame_bytes
            received += n
            if c.max_frames is not None:
                n = min(n, c.max_frames - c.frames)
            if n <= 0:
                end("done")
                return
            chunk = memoryview(data)[: n * frame_bytes]
            for position, label in c._take_marks():
                journal.add_marker(position, label)
            try:
                journal.append(chunk)
            except DiskFull as exc:
                c.frames = journal.frames
                end("disk_full", exc)
                return
            except JournalError as exc:
                c.frames = journal.frames
                end("error", exc)
                return
            c.frames += n
            # The frames just read were captured before now: the earliest estimate of the
            # first frame's time over all reads is the closest (a late read only adds).
            first = time.time() - c.frames / s.sample_rate
            c.origin = first if c.origin is None else min(c.origin, first)
            if sink_io is not None and sink is not None:
                # What fits is heard now; a late read must not silence the whole chunk.
                room = min(sink.bytesFree(), len(chunk))
                room -= room % frame_bytes
                if room > 0:
                    sink_io.write(bytes(chunk[len(chunk) - room:]))
            meter.feed(np.frombuffer(chunk, dtype=dtype).reshape(-1, s.channels) * scale)
            if c.max_frames is not None and c.frames >= c.max_frames:
                end("done")

        def tick() -> None:
            nonlocal last_level, last_check
            drain()
            if ended:
                return
            now = time.monotonic()
            if c._stop.is_set():
                drain()
                end("stopped")
                return
            if now - last_level >= LEVEL_EVERY_S:
                last_level = now
                reading = meter.reading()
                if c.signals:
                    c.levels.emit(reading)
                if c.on_level is not None:
                    c.on_level(reading)
            if now - last_check >= DEVICE_CHECK_S:
                last_check = now
                try:
                    journal.sync()
                except OSError as exc:
                    end("error", JournalError(QT_TRANSLATE_NOOP(
                        "media", "cannot write the take to {path}: {reason}"),
                        path=str(journal.folder), reason=exc.strerror or str(exc)))
                    return
                lost = watch.gone or source.error() not in (QtAudio.Error.NoError,
                                                            QtAudio.Error.UnderrunError)
                lost = lost or (source.state() == QtAudio.State.StoppedState)
                lost = lost or not any(d.id() == c.device.id()
                                       for d in QMediaDevices.audioInputs())
                waited = now - (last_data or opened)
                lost = lost or waited > (STALL_TIMEOUT_S if last_data else
                                         FIRST_BUFFER_TIMEOUT_S)
                if lost:
                    drain()
                    end("device_lost", DeviceLost(QT_TRANSLATE_NOOP(
                        "media", "the audio input {device} went away after {seconds} s; the "
                                  "take so far is kept"),
                        device=c.device_name, seconds=f"{c.frames / s.sample_rate:.1f}"))

        io.readyRead.connect(drain)
        loop_timer.timeout.connect(tick)
        loop_timer.start(POLL_MS)
        self.exec()
        processed = source.processedUSecs() * s.sample_rate // 1_000_000
        source.stop()
        watch.close()
        if sink is not None:
            sink.stop()
        for position, label in c._take_marks():
            journal.add_marker(position, label)
        markers = journal.markers
        try:
            journal.close()
        except OSError:
            log.exception("closing the journal of %s", journal.folder)
        reason, error = ended[0] if ended else ("stopped", None)
        # What Qt says it captured against what we read: a gap is audio lost on the way.
        # The stream is still running when the loop ends, so allow one poll of slack.
        slack = int(s.sample_rate * (POLL_MS / 1000.0 + 0.05))
        dropped = max(0, int(processed) - received - slack) if reason != "device_lost" else 0
        c._finish(CaptureOutcome(reason, journal.frames, s.sample_rate, c.device_name,
                                 dropped, overruns, markers, error, c.origin))


def record(journal: TakeJournal, settings: CaptureSettings, *, seconds: float | None,
           state: TaskState | None = None,
           on_capture: Callable[[Capture], None] | None = None) -> CaptureOutcome:
    """Record into ``journal`` until ``seconds`` of audio (counted in samples) have arrived,
    the state is cancelled (the take so far is kept), or the device or disk gives out.
    Blocks; needs no event loop in the calling thread. A device that cannot be opened
    raises; every other ending is in the outcome."""
    state = state or null_state()
    ensure_app()
    max_frames = None if seconds is None else max(1, round(seconds * settings.sample_rate))
    capture = Capture(journal, settings, max_frames=max_frames)
    capture.signals = False
    if on_capture is not None:
        on_capture(capture)
    capture.start()
    capture.wait_started()
    while capture.wait(0.1) is None:
        try:
            state.progress(capture.frames / max_frames if max_frames else 0.0)
        except Cancelled:
            capture.stop()  # the take so far is kept
    outcome = capture.outcome
    assert outcome is not None
    if outcome.reason == "error" and outcome.frames == 0 and outcome.error is not None:
        raise outcome.error
    return outcome

