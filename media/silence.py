"""Leading and trailing silence, found while decoding: the edges to trim or segue over.

A frame is sound when any channel's sample reaches the threshold (-50 dBFS by default); the
edges are sample-exact. Silence shorter than ``min_silence_s`` is reported as none, so the few
milliseconds of an encoder's start-up do not count as dead air.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD_DBFS = -50.0
DEFAULT_MIN_SILENCE_S = 0.1
_TAIL_PROBE = 4096  # values checked first at a block's end: loud blocks end loud


@dataclass(frozen=True)
class SilenceEdges:
    leading_s: float  # the whole duration when nothing reaches the threshold
    trailing_s: float
    sound_start_frame: int | None  # first frame at or above the threshold, None if none
    sound_end_frame: int | None  # one past the last such frame


class SilenceDetector:
    """Feed float blocks of shape (frames, channels); ``result()`` gives the silent edges."""

    def __init__(
        self,
        sample_rate: int,
        channels: int,
        *,
        threshold_dbfs: float = DEFAULT_THRESHOLD_DBFS,
        min_silence_s: float = DEFAULT_MIN_SILENCE_S,
    ) -> None:
        self.sample_rate = sample_rate
        self.channels = channels
        self.threshold = 10.0 ** (threshold_dbfs / 20.0)
        self.min_silence_s = min_silence_s
        self.frames = 0
        self._first: int | None = None
        self._end: int | None = None

    def feed(self, block: np.ndarray) -> None:
        flat = np.asarray(block, dtype=np.float32).reshape(-1)
        n = len(flat) // self.channels
        base, self.frames = self.frames, self.frames + n
        if not n or (flat.max() < self.threshold and flat.min() > -self.threshold):
            return
        if self._first is None:
            self._first = base + int(np.argmax(self._loud(flat))) // self.channels
        tail = flat[-_TAIL_PROBE:]
        loud = self._loud(tail)
        if loud.any():
            index = len(flat) - len(tail) + len(loud) - 1 - int(np.argmax(loud[::-1]))
        else:
            loud = self._loud(flat)
            index = len(loud) - 1 - int(np.argmax(loud[::-1]))
        self._end = base + index // self.channels + 1

    def _loud(self, values: np.ndarray) -> np.ndarray:
        return np.abs(values) >= self.threshold

    def result(self) -> SilenceEdges:
        duration = self.frames / self.sample_rate
        if self._first is None or self._end is None:
            return SilenceEdges(duration, duration, None, None)
        leading = self._first / self.sample_rate
        trailing = (self.frames - self._end) / self.sample_rate
        return SilenceEdges(
            leading if leading >= self.min_silence_s else 0.0,
            trailing if trailing >= self.min_silence_s else 0.0,
            self._first,
            self._end,
        )
