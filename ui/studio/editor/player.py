"""Playback of an edit list: decoded ahead on a reader thread, fed to the sound card from
the GUI thread by a short timer (QtMultimedia), so the window never waits on decoding."""

from __future__ import annotations

import contextlib
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from ui.widgets.waveform_editor import read_timeline

if TYPE_CHECKING:
    from media.editgraph import EditList


class EditPlayer(QObject):
    """Plays the edit (gain applied; fades are heard in the render) from a position, once
    or looping a range, through QtMultimedia. A reader thread decodes ahead into a small
    queue; a 20 ms timer on the GUI thread hands what is ready to the sound card."""

    position = Signal(int)
    stopped = Signal()
    BLOCK = 4096

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink: Any = None
        self._device: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self._pending = b""
        self._start = 0
        self._rate = 48000
        self._loop: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._pump)
        self._done_reading = False

    @property
    def playing(self) -> bool:
        return self._sink is not None

    def play(self, edl: EditList, paths: dict[str, Path], frame: int, *,
             end: int | None = None, loop: tuple[int, int] | None = None) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

        self.stop()
        fmt = QAudioFormat()
        fmt.setSampleRate(edl.rate)
        fmt.setChannelCount(edl.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._sink = QAudioSink(QMediaDevices.defaultAudioOutput(), fmt, self)
        self._rate, self._start, self._loop = edl.rate, frame, loop
        self._stop = threading.Event()
        self._queue = queue.Queue(maxsize=16)
        self._pending = b""
        self._done_reading = False
        stop_at = end if end is not None else edl.frames
        self._thread = threading.Thread(
            target=self._read, args=(edl, dict(paths), frame, stop_at, loop, self._stop,
                                     self._queue), name="edit-player", daemon=True)
        self._thread.start()
        self._device = self._sink.start()
        self._timer.start()

    def _read(self, edl: EditList, paths: dict[str, Path], frame: int, end: int,
              loop: tuple[int, int] | None, stop: threading.Event,
              out: queue.Queue[bytes | None]) -> None:
        pos = frame
        limit = loop[1] if loop else end
        try:
            while not stop.is_set():
                if pos >= limit:
                    if loop is None:
                        break
                    pos = loop[0]
                n = min(self.BLOCK, limit - pos)
                data = read_timeline(edl, paths, pos, pos + n)
                pcm = (np.clip(data, -1, 1) * 32767).astype("<i2").tobytes()
                pos += n
                while not stop.is_set():
                    try:
                        out.put(pcm, timeout=0.1)
                        break
                    except queue.Full:
                        continue
        finally:
            with contextlib.suppress(queue.Full):
                out.put(None, timeout=0.5)

    def _pump(self) -> None:
        if self._sink is None or self._device is None:
            return
        free = self._sink.bytesFree()
        while len(self._pending) < free and not self._done_reading:
            try:
                chunk = self._queue.get_nowait()
            except queue.Empty:
                break
            if chunk is None:
                self._done_reading = True
                break
            self._pending += chunk
        if self._pending and free:
            written = self._device.write(self._pending[:free])
            self._pending = self._pending[max(written, 0):]
        played = int(self._sink.processedUSecs() * self._rate / 1_000_000)
        if self._loop is not None:
            span = max(self._loop[1] - self._loop[0], 1)
            first = max(self._loop[0] - self._start, 0)
            where = self._start + played if played < first else \
                self._loop[0] + (played - first) % span
        else:
            where = self._start + played
        self.position.emit(where)
        idle = self._sink.bytesFree() >= self._sink.bufferSize()
        if self._done_reading and not self._pending and idle:
            self.stop()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
            self._device = None
            self.stopped.emit()
