"""What the playout mixer reads from: a file or a live stream decoded ahead of time by
ffmpeg (the one runner, media/ffmpeg.py) to float PCM at the output rate.

Each source decodes in its own reader thread into a bounded buffer, so an item is ready
(pre-rolled) before its start and the output thread never waits on a disk or a network.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

import numpy as np

from media import ffmpeg as ffrun
from media.playout.output import CHANNELS, RATE

_FRAME_BYTES = 4 * CHANNELS
_BLOCK_FRAMES = 4800  # 100 ms per pipe read


def decode_args(url: str, offset_s: float = 0.0, *, live: bool = False) -> list[str]:
    """ffmpeg arguments that write float PCM at the output format to stdout."""
    import ffmpeg

    opts: dict[str, Any] = {}
    if offset_s > 0:
        opts["ss"] = f"{offset_s:.3f}"
    if live:
        # Give up on a dead server quickly (microseconds); the mixer plays the filler.
        opts.update(rw_timeout=str(5_000_000), reconnect=1, reconnect_streamed=1,
                    reconnect_delay_max=2)
        src = url
    else:
        src = "file:" + url
        opts["protocol_whitelist"] = "file"
    node = ffmpeg.input(src, **opts).audio.output("pipe:", format="f32le", ac=CHANNELS,
                                                  ar=RATE)
    return ["-nostats", "-v", "error", *node.get_args()]


class Source:
    """Decoded PCM of one file or stream, read by the mixer with :meth:`read`.

    ``failed`` is set when ffmpeg ends with an error (or a live stream stalls): the mixer
    then plays the fallback. ``ahead_s`` bounds memory: a one-hour item never sits in RAM."""

    def __init__(self, url: str, offset_s: float = 0.0, *, live: bool = False,
                 ahead_s: float | None = None, stall_s: float = 4.0) -> None:
        self.url = url
        self.live = live
        self.offset_s = offset_s
        self.failed: str | None = None
        self.eof = False
        self.frames_read = 0  # handed to the mixer
        # A live stream keeps little: what is buffered before its window is delay on air.
        self._max = int((ahead_s or (2.0 if live else 8.0)) * RATE)
        self._stall_s = stall_s
        self._chunks: list[np.ndarray] = []
        self._buffered = 0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._last_data = time.monotonic()
        self._thread = threading.Thread(target=self._pump, name="playout-decode", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            with ffrun.popen(decode_args(self.url, self.offset_s, live=self.live)) as proc:
                assert proc.stdout is not None
                rest = b""
                while not self._stop.is_set():
                    data = proc.stdout.read1(_BLOCK_FRAMES * _FRAME_BYTES)  # type: ignore[attr-defined]
                    if not data:
                        break
                    data = rest + data
                    usable = len(data) - len(data) % _FRAME_BYTES
                    rest = data[usable:]
                    block = np.frombuffer(data[:usable], "<f4").reshape(-1, CHANNELS)
                    self._put(block)
                if self._stop.is_set():
                    return
                proc.wait()
            if proc.returncode != 0:
                self.failed = ffrun._last_error(proc.stderr_text) or f"ffmpeg exited {proc.returncode}"
            elif self.live:
                self.failed = "the stream ended"
        except (ffrun.FfmpegError, OSError) as exc:
            self.failed = str(exc)
        finally:
            with self._cond:
                self.eof = True
                self._cond.notify_all()

    def _put(self, block: np.ndarray) -> None:
        with self._cond:
            self._last_data = time.monotonic()
            if self.live and self.frames_read == 0:
                # A stream not yet on air: keep only the newest audio, never fall behind.
                while self._buffered + len(block) > self._max and self._chunks:
                    self._buffered -= len(self._chunks.pop(0))
            else:
                while self._buffered >= self._max and not self._stop.is_set():
                    self._cond.wait(0.2)
            self._chunks.append(block)
            self._buffered += len(block)

    @property
    def buffered(self) -> int:
        return self._buffered

    @property
    def stalled(self) -> bool:
        """A live stream that has sent nothing for ``stall_s`` seconds."""
        return self.live and not self.eof and time.monotonic() - self._last_data > self._stall_s

    def read(self, n: int) -> np.ndarray:
        """Up to ``n`` frames (fewer when the decoder is behind or at the end)."""
        out: list[np.ndarray] = []
        got = 0
        with self._cond:
            while got < n and self._chunks:
                head = self._chunks[0]
                take = min(n - got, len(head))
                out.append(head[:take])
                if take == len(head):
                    self._chunks.pop(0)
                else:
                    self._chunks[0] = head[take:]
                got += take
            self._buffered -= got
            self.frames_read += got
            self._cond.notify_all()
        if not out:
            return np.zeros((0, CHANNELS), np.float32)
        return np.concatenate(out) if len(out) > 1 else out[0]

    @property
    def finished(self) -> bool:
        """Everything decoded was read and the decoder has ended."""
        return self.eof and self._buffered == 0

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        # The popen context kills ffmpeg when the reader leaves it; wait briefly for that.
        with contextlib.suppress(RuntimeError):
            self._thread.join(timeout=2)

