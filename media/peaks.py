"""Multi-resolution waveform peaks: min/max per bucket, built while decoding, drawn instantly.

Level 0 holds one (min, max) pair per channel for every 256 frames; each further level merges
4 buckets, up to the first level of at most 2048 buckets, so a 2-hour item is drawn from a few
thousand values whatever the zoom. Values are int8 (or int16) fractions of full scale, stored
after a small header; ``WaveformPeaks.from_bytes`` maps the arrays without copying.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

import numpy as np

BASE_FRAMES = 256
FACTOR = 4
TOP_BUCKETS = 2048
_MAGIC = b"STPK"
_VERSION = 1
# magic, version, bits, channels, sample rate, base frames, factor, level count, frames
_HEADER = struct.Struct("<4sBBHIIHHQ")


@dataclass(frozen=True, eq=False)
class WaveformPeaks:
    sample_rate: int
    channels: int
    frames: int
    base: int
    factor: int
    bits: int
    levels: tuple[np.ndarray, ...]  # level k: (buckets, channels, 2) ints: min, max

    @property
    def scale(self) -> int:
        return 127 if self.bits == 8 else 32767

    def bucket_frames(self, level: int) -> int:
        return self.base * self.factor**level

    def level_for(self, frames_per_pixel: float) -> int:
        """The coarsest level whose buckets are no wider than one pixel."""
        level = 0
        while level + 1 < len(self.levels) and self.bucket_frames(level + 1) <= frames_per_pixel:
            level += 1
        return level

    def read(self, level: int, start: int, stop: int) -> np.ndarray:
        """Buckets [start, stop) of ``level`` as float32 (n, channels, 2) in [-1, 1]."""
        data = self.levels[level][max(start, 0) : max(stop, 0)]
        return data.astype(np.float32) / self.scale

    def envelope(self, start_frame: int, stop_frame: int, width: int) -> np.ndarray:
        """Min/max per pixel column for frames [start_frame, stop_frame): (width, channels, 2).

        Columns past the end of the item are zero; zoomed in below one bucket per pixel, a
        bucket spans several columns.
        """
        out = np.zeros((max(width, 0), self.channels, 2), dtype=np.float32)
        if width <= 0 or stop_frame <= start_frame or not self.levels:
            return out
        fpp = (stop_frame - start_frame) / width
        level = self.level_for(fpp)
        data = self.levels[level]
        size = self.bucket_frames(level)
        edges = np.floor((start_frame + np.arange(width + 1) * fpp) / size).astype(np.int64)
        first = np.clip(edges[:-1], 0, len(data))
        last = np.clip(np.maximum(edges[1:], edges[:-1] + 1), 0, len(data))
        cols = np.flatnonzero(first < last)
        if not cols.size:
            return out
        chunk = data[: last[cols[-1]]]
        # reduceat merges [first[i], first[i+1]); a repeated start yields that single bucket.
        out[cols, :, 0] = np.minimum.reduceat(chunk[..., 0], first[cols], axis=0) / self.scale
        out[cols, :, 1] = np.maximum.reduceat(chunk[..., 1], first[cols], axis=0) / self.scale
        return out

    def to_bytes(self) -> bytes:
        head = _HEADER.pack(
            _MAGIC,
            _VERSION,
            self.bits,
            self.channels,
            self.sample_rate,
            self.base,
            self.factor,
            len(self.levels),
            self.frames,
        )
        counts = struct.pack(f"<{len(self.levels)}Q", *(len(level) for level in self.levels))
        dtype = _dtype(self.bits)
        # join() reads the arrays' buffers directly: one copy of the data, not two.
        arrays = [np.ascontiguousarray(level, dtype=dtype) for level in self.levels]
        return b"".join([head, counts, *(a.reshape(-1).view(np.uint8).data for a in arrays)])

    @classmethod
    def from_bytes(cls, data: bytes) -> WaveformPeaks:
        if len(data) < _HEADER.size or data[:4] != _MAGIC:
            raise ValueError("not a waveform peaks blob")
        _, version, bits, channels, rate, base, factor, nlevels, frames = _HEADER.unpack_from(data)
        if version != _VERSION or bits not in (8, 16) or not channels or factor < 2:
            raise ValueError(f"unsupported waveform peaks blob (version {version}, {bits} bits)")
        offset = _HEADER.size
        counts = struct.unpack_from(f"<{nlevels}Q", data, offset)
        offset += 8 * nlevels
        dtype = _dtype(bits)
        levels = []
        for count in counts:
            size = count * channels * 2
            if offset + size * dtype.itemsize > len(data):
                raise ValueError("waveform peaks blob is truncated")
            arr = np.frombuffer(data, dtype=dtype, count=size, offset=offset)
            levels.append(arr.reshape(count, channels, 2))
            offset += size * dtype.itemsize
        return cls(rate, channels, frames, base, factor, bits, tuple(levels))


def _dtype(bits: int) -> np.dtype:
    return np.dtype(np.int8) if bits == 8 else np.dtype("<i2")


class PeaksBuilder:
    """Feed float blocks of shape (frames, channels); ``finish()`` returns the peaks."""

    def __init__(self, sample_rate: int, channels: int, *, bits: int = 8) -> None:
        if bits not in (8, 16):
            raise ValueError("bits must be 8 or 16")
        self.sample_rate = sample_rate
        self.channels = channels
        self.bits = bits
        self._scale = 127 if bits == 8 else 32767
        self._carry = np.zeros((0, channels), dtype=np.float32)
        self._chunks: list[np.ndarray] = []
        self.frames = 0

    def feed(self, block: np.ndarray) -> None:
        x = np.asarray(block, dtype=np.float32).reshape(-1, self.channels)
        self.frames += len(x)
        if len(self._carry):
            x = np.concatenate((self._carry, x))
        whole = len(x) // BASE_FRAMES
        if whole:
            self._add(x[: whole * BASE_FRAMES], whole)
        self._carry = x[whole * BASE_FRAMES :].copy()

    def _add(self, x: np.ndarray, buckets: int) -> None:
        # Per channel, contiguous: reducing over a short trailing axis is many times slower.
        t = np.ascontiguousarray(x.T).reshape(self.channels, buckets, -1)
        pair = np.empty((buckets, self.channels, 2), dtype=_dtype(self.bits))
        scale, top = self._scale, self._scale
        # Round outwards, so the drawn envelope never hides a peak.
        pair[..., 0] = np.clip(np.floor(t.min(axis=2) * scale), -top, top).T
        pair[..., 1] = np.clip(np.ceil(t.max(axis=2) * scale), -top, top).T
        self._chunks.append(pair)

    def finish(self) -> WaveformPeaks:
        if len(self._carry):
            self._add(self._carry, 1)
            self._carry = self._carry[:0]
        level = (
            np.concatenate(self._chunks)
            if self._chunks
            else np.zeros((0, self.channels, 2), dtype=_dtype(self.bits))
        )
        self._chunks = [level]
        levels = [level]
        while len(levels[-1]) > TOP_BUCKETS:
            levels.append(_reduce(levels[-1], FACTOR))
        return WaveformPeaks(
            sample_rate=self.sample_rate,
            channels=self.channels,
            frames=self.frames,
            base=BASE_FRAMES,
            factor=FACTOR,
            bits=self.bits,
            levels=tuple(levels),
        )


def _reduce(level: np.ndarray, factor: int) -> np.ndarray:
    starts = np.arange(0, len(level), factor)
    out = np.empty((math.ceil(len(level) / factor), level.shape[1], 2), dtype=level.dtype)
    out[..., 0] = np.minimum.reduceat(level[..., 0], starts, axis=0)
    out[..., 1] = np.maximum.reduceat(level[..., 1], starts, axis=0)
    return out
