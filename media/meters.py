"""Live level meters for recording: sample peak with hold, RMS, momentary and short-term
loudness, and a clip flag, fed with float32 blocks as they arrive from the device.

The loudness uses the analysis' own K-weighting (media.loudness), so the live reading and the
measured take agree. Per block the cost is one filter pass and a few sums; the meter keeps 30
energies of 100 ms, never samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from media.loudness import LUFS_OFFSET, KWeighting, channel_weights

SEGMENT_S = 0.1  # loudness windows advance in 100 ms steps, as EBU Tech 3341 meters do
MOMENTARY_SEGMENTS = 4  # 400 ms
SHORT_TERM_SEGMENTS = 30  # 3 s
RMS_SEGMENTS = 3  # 300 ms: the integration time of a classic VU-style RMS meter


@dataclass(frozen=True)
class MeterReading:
    """One snapshot for the display. Levels in dBFS / LUFS; -inf for silence; loudness is
    None until its window has filled once."""

    peak_dbfs: tuple[float, ...]  # highest sample since the previous reading, per channel
    hold_dbfs: tuple[float, ...]  # peak hold (about 2 s), per channel
    rms_dbfs: tuple[float, ...]  # over the last 300 ms, per channel
    momentary_lufs: float | None
    short_term_lufs: float | None
    clipped: tuple[bool, ...]  # latched until reset_clip(), per channel
    frames: int  # frames fed so far


def _db(linear: float) -> float:
    return 20.0 * math.log10(linear) if linear > 0.0 else -math.inf


class LevelMeter:
    """Feed (frames, channels) float blocks; take a reading as often as the display wants.

    A clip is ``clip_run`` consecutive samples at or above ``clip_dbfs`` in one channel: the
    default (one sample at -0.1 dBFS) catches any overload; ``clip_dbfs=0, clip_run=3`` is the
    classic "three full-scale samples in a row" rule.
    """

    def __init__(self, sample_rate: int, channels: int, *, hold_s: float = 2.0,
                 clip_dbfs: float = -0.1, clip_run: int = 1) -> None:
        if sample_rate <= 0 or channels <= 0:
            raise ValueError(f"bad stream: {sample_rate} Hz, {channels} channels")
        self.sample_rate = sample_rate
        self.channels = channels
        self._weights = np.array(channel_weights(channels), dtype=np.float64)
        self._filter = KWeighting(sample_rate, channels)
        self._step = max(1, round(sample_rate * SEGMENT_S))
        self._hold_frames = round(hold_s * sample_rate)
        self._clip_level = 10.0 ** (clip_dbfs / 20.0) - 1e-7  # float32 rounding of the level
        self._clip_run = max(1, clip_run)
        self._run = np.zeros(channels, dtype=np.int64)  # clip run carried across blocks
        # Rings of the last 30 segments: K-weighted energy (all channels) and plain per channel.
        self._k_ring = np.zeros(SHORT_TERM_SEGMENTS)
        self._sq_ring = np.zeros((SHORT_TERM_SEGMENTS, channels))
        self._segments = 0
        self._part_k = 0.0
        self._part_sq = np.zeros(channels)
        self._part_len = 0
        self._peak = np.zeros(channels)  # since the last reading
        self._hold = np.zeros(channels)
        self._hold_at = np.zeros(channels, dtype=np.int64)  # frame where each hold was set
        self._clipped = np.zeros(channels, dtype=bool)
        self._work = np.zeros(0)
        self.frames = 0

    def feed(self, block: np.ndarray) -> None:
        x = np.asarray(block, dtype=np.float32)
        if x.ndim == 1:
            x = x.reshape(-1, self.channels)
        n = len(x)
        if not n:
            return
        mag = np.abs(x)
        block_peak = mag.max(axis=0).astype(np.float64)
        np.maximum(self._peak, block_peak, out=self._peak)
        end = self.frames + n
        renew = (block_peak >= self._hold) | (end - self._hold_at > self._hold_frames)
        self._hold[renew] = block_peak[renew]
        self._hold_at[renew] = end
        self._clips(mag)
        size = self.channels * n
        if self._work.size < size:  # reused: a fresh array per block costs page faults
            self._work = np.empty(size + size // 2)
        y = self._work[:size].reshape(self.channels, n)  # contiguous, as the filter needs
        np.copyto(y, x.T)
        sq = np.square(y).T  # plain squares for RMS, (n, channels)
        self._filter(y)
        np.square(y, out=y)
        k = self._weights @ y
        self._add(k, sq)
        self.frames = end

    def _clips(self, mag: np.ndarray) -> None:
        over = mag >= self._clip_level
        if self._clip_run == 1:
            self._clipped |= over.any(axis=0)
            return
        for c in range(self.channels):  # runs may straddle blocks: carry the open run
            col = over[:, c]
            if not col.any():
                self._run[c] = 0
                continue
            # lengths of runs of True, the first extended by the run carried in
            edges = np.flatnonzero(np.diff(np.concatenate(([0], col.astype(np.int8), [0]))))
            starts, stops = edges[::2], edges[1::2]
            lengths = stops - starts
            if starts[0] == 0:
                lengths[0] += self._run[c]
            if lengths.max() >= self._clip_run:
                self._clipped[c] = True
            self._run[c] = lengths[-1] if stops[-1] == len(col) else 0

    def _add(self, k: np.ndarray, sq: np.ndarray) -> None:
        pos, n = 0, len(k)
        while pos < n:
            take = min(self._step - self._part_len, n - pos)
            self._part_k += float(k[pos:pos + take].sum())
            self._part_sq += sq[pos:pos + take].sum(axis=0)
            self._part_len += take
            pos += take
            if self._part_len == self._step:
                slot = self._segments % SHORT_TERM_SEGMENTS
                self._k_ring[slot] = self._part_k
                self._sq_ring[slot] = self._part_sq
                self._segments += 1
                self._part_k, self._part_len = 0.0, 0
                self._part_sq = np.zeros(self.channels)

    def _recent(self, count: int) -> np.ndarray:
        """Indices of the last ``count`` whole segments in the rings (oldest first)."""
        last = self._segments
        return np.arange(last - count, last) % SHORT_TERM_SEGMENTS

    def _loudness(self, count: int) -> float | None:
        if self._segments < count:
            return None
        power = float(self._k_ring[self._recent(count)].sum()) / (count * self._step)
        return LUFS_OFFSET + 10.0 * math.log10(power) if power > 0.0 else -math.inf

    def reading(self) -> MeterReading:
        """The current levels; the peak restarts from here (so no peak between two
        readings is ever missed, however seldom the display asks)."""
        count = min(RMS_SEGMENTS, self._segments)
        if count:
            ms = self._sq_ring[self._recent(count)].sum(axis=0) / (count * self._step)
        else:
            ms = self._part_sq / max(1, self._part_len)
        out = MeterReading(
            peak_dbfs=tuple(_db(float(v)) for v in self._peak),
            hold_dbfs=tuple(_db(float(v)) for v in self._hold),
            rms_dbfs=tuple(_db(math.sqrt(float(v))) for v in ms),
            momentary_lufs=self._loudness(MOMENTARY_SEGMENTS),
            short_term_lufs=self._loudness(SHORT_TERM_SEGMENTS),
            clipped=tuple(bool(v) for v in self._clipped),
            frames=self.frames,
        )
        self._peak[:] = 0.0
        return out

    def reset_clip(self) -> None:
        self._clipped[:] = False
