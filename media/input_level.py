"""The level of an input device while nothing records: the meters before a take, to set the
levels first (as a desk's PFL does). The same device, format and meter as media.record, in
a thread of its own, and no file: what is read is measured and dropped.
"""

from __future__ import annotations

import threading
import time
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtMultimedia import QAudioSource, QtAudio

from media.analysis import QT_TRANSLATE_NOOP
from media.meters import LevelMeter
from media.record import (
    _SCALE,
    LEVEL_EVERY_S,
    POLL_MS,
    CaptureSettings,
    DeviceBusy,
    audio_format,
    check_format,
    find_device,
)

STOP_WAIT_S = 2.0  # the loop notices a stop within one poll; the device may take longer


class InputLevel(QObject):
    """Meter ``settings``' device until ``stop()``. ``levels`` carries a MeterReading about
    15 times a second; ``failed`` an error (the device cannot be opened, or went away)."""

    levels = Signal(object)
    failed = Signal(object)

    def __init__(self, settings: CaptureSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.device = find_device(settings.device)
        check_format(self.device, settings)
        self.readings = 0  # how many were sent (tests wait on it)
        self._stop = threading.Event()
        self._thread = _LevelThread(self)
        # Deleted with its parent while it runs: the thread must end first (a QThread
        # destroyed while running aborts the process, and it would emit to a dead object).
        self.destroyed.connect(partial(_end, self._stop, self._thread))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop and close the device (waits for the thread: a poll, then the device)."""
        self._stop.set()
        self._thread.wait(int(STOP_WAIT_S * 1000))

    @property
    def running(self) -> bool:
        return self._thread.isRunning()


def _end(stop: threading.Event, thread: QThread, *_args: object) -> None:
    stop.set()
    thread.wait(int(STOP_WAIT_S * 1000))


class _LevelThread(QThread):
    def __init__(self, owner: InputLevel) -> None:
        super().__init__()
        self.o = owner

    def run(self) -> None:
        o, s = self.o, self.o.settings
        meter = LevelMeter(s.sample_rate, s.channels)
        dtype, scale = _SCALE[s.sample_format]
        frame_bytes = np.dtype(dtype).itemsize * s.channels
        source = QAudioSource(o.device, audio_format(s))
        source.setBufferSize(int(0.2 * s.sample_rate) * frame_bytes)
        io = source.start()
        if io is None or source.error() != QtAudio.Error.NoError:
            o.failed.emit(DeviceBusy(QT_TRANSLATE_NOOP(
                "media", "the audio input {device} cannot be opened (busy or refused by the "
                         "system)"), device=o.device.description()))
            return
        carry = b""
        last_level = 0.0
        timer = QTimer()

        def tick() -> None:
            nonlocal carry, last_level
            if o._stop.is_set():
                timer.stop()
                self.quit()
                return
            data = carry + bytes(io.readAll().data())
            whole = len(data) - len(data) % frame_bytes
            carry = data[whole:]
            if whole:
                block = np.frombuffer(data[:whole], dtype=dtype).reshape(-1, s.channels)
                meter.feed(block * scale)
            now = time.monotonic()
            if now - last_level >= LEVEL_EVERY_S:
                last_level = now
                o.readings += 1
                o.levels.emit(meter.reading())

        timer.timeout.connect(tick)
        timer.start(POLL_MS)
        self.exec()
        source.stop()
