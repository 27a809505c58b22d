"""ITU-R BS.1770-4 / EBU R128 loudness, loudness range and true peak, fed block by block.

The meter keeps one weighted energy sum per 100 ms and a few filter states, never samples, so
memory is flat in duration (36 000 floats for an hour). scipy loads when a meter is made, not
when this module is imported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
LRA_RELATIVE_GATE_LU = -20.0
_LUFS_OFFSET = -0.691  # BS.1770: makes a 0 dBFS 997 Hz sine in one channel read -3.01 LUFS
_SURROUND = 1.41  # +1.5 dB for channels at 60..120 degrees azimuth (BS.1770-4 table 3)

# Channel order of ffmpeg's named layouts (the order raw PCM from ffmpeg arrives in).
_LAYOUTS: dict[str, tuple[str, ...]] = {
    "mono": ("FC",),
    "stereo": ("FL", "FR"),
    "2.1": ("FL", "FR", "LFE"),
    "3.0": ("FL", "FR", "FC"),
    "3.0(back)": ("FL", "FR", "BC"),
    "3.1": ("FL", "FR", "FC", "LFE"),
    "4.0": ("FL", "FR", "FC", "BC"),
    "quad": ("FL", "FR", "BL", "BR"),
    "quad(side)": ("FL", "FR", "SL", "SR"),
    "4.1": ("FL", "FR", "FC", "LFE", "BC"),
    "5.0": ("FL", "FR", "FC", "BL", "BR"),
    "5.0(side)": ("FL", "FR", "FC", "SL", "SR"),
    "5.1": ("FL", "FR", "FC", "LFE", "BL", "BR"),
    "5.1(side)": ("FL", "FR", "FC", "LFE", "SL", "SR"),
    "6.0": ("FL", "FR", "FC", "BC", "SL", "SR"),
    "6.1": ("FL", "FR", "FC", "LFE", "BC", "SL", "SR"),
    "7.0": ("FL", "FR", "FC", "BL", "BR", "SL", "SR"),
    "7.1": ("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"),
}
# A bare channel count means the usual layout for it (5 channels: L R C Ls Rs, as Tech 3341).
_DEFAULT_LAYOUT = {1: "mono", 2: "stereo", 3: "3.0", 4: "quad", 5: "5.0", 6: "5.1", 8: "7.1"}


def channel_weights(channels: int, layout: str | None = None) -> tuple[float, ...]:
    """BS.1770 weight of each channel: 0 for LFE, 1.41 for surrounds, 1 otherwise."""
    names = _LAYOUTS.get(layout or "") or _LAYOUTS.get(_DEFAULT_LAYOUT.get(channels, ""))
    if names is None or len(names) != channels:
        return (1.0,) * channels
    has_side = "SL" in names
    weights = []
    for name in names:
        if name == "LFE":
            weights.append(0.0)
        elif name in ("SL", "SR") or (name in ("BL", "BR") and not has_side):
            weights.append(_SURROUND)  # in 5.x the "back" pair is the +-110 degree surround
        else:
            weights.append(1.0)
    return tuple(weights)


def k_weighting_sos(sample_rate: float) -> np.ndarray:
    """The two K-weighting biquads (high shelf, then high-pass) as second-order sections.

    Derived from their analog prototypes by the bilinear transform (as libebur128 does), so
    any sample rate is weighted like the 48 kHz coefficient table of BS.1770.
    """
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sample_rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    ]
    k, q = _highpass_k(sample_rate), _HIGHPASS_Q
    a0 = 1.0 + k / q + k * k
    # BS.1770's unnormalised [1, -2, 1] gives this stage a pass-band gain of a0: +0.043 dB at
    # 48 kHz, absorbed by the -0.691 offset. Keep that gain at every rate; libebur128 lets it
    # grow as the rate falls (+0.094 dB at 22.05 kHz, +0.26 dB at 8 kHz).
    kr = _highpass_k(48000.0)
    g = (1.0 + kr / q + kr * kr) / a0
    highpass = [g, -2.0 * g, g, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]
    return np.array([shelf, highpass], dtype=np.float64)


_HIGHPASS_Q = 0.5003270373238773


def _highpass_k(sample_rate: float) -> float:
    return math.tan(math.pi * 38.13547087602444 / sample_rate)


@dataclass(frozen=True)
class Loudness:
    """Programme loudness; None where the measure is undefined (silence, or too short)."""

    integrated_lufs: float | None  # None: no 400 ms block above the gates
    lra_lu: float | None  # None: no 3 s window above the gates
    true_peak_dbtp: float  # -inf for digital silence
    sample_peak_dbfs: float  # -inf for digital silence
    max_momentary_lufs: float | None
    max_short_term_lufs: float | None


# True peak: 4x oversampling by a Kaiser-windowed sinc, 16 taps per phase. Phase 0 is the
# sample itself; the others are flat within 0.01 dB to fs/3 and -0.2 dB at 0.4 fs.
_TP_TAPS = 16
_TP_BETA = 6.0
_TP_SUB = 64  # frames per pruning sub-block: small enough to skip quiet stretches precisely


def _true_peak_phases() -> np.ndarray:
    """(3, taps) coefficients giving the signal at n + 1/4, n + 1/2, n + 3/4 from x[n-7 .. n+8]."""
    half = _TP_TAPS // 2
    j = np.arange(-half + 1, half + 1, dtype=np.float64)
    u = np.array([[0.25], [0.5], [0.75]]) - j
    window = np.i0(_TP_BETA * np.sqrt(1.0 - (u / half) ** 2)) / np.i0(_TP_BETA)
    h = np.sinc(u) * window
    return h / h.sum(axis=1, keepdims=True)  # unity gain at DC, like the sample phase


class TruePeakMeter:
    """Streaming 4x-oversampled peak, evaluated only where it can beat the peak found so far.

    Each interpolated value is sum(h[j] * x[n+j]), so it is at most max|x| over the filter
    span times max(sum|h|) (about 2.0). Sub-blocks whose span cannot reach the running peak
    are skipped exactly; the loudest are evaluated first so the running peak rises quickly.
    Frames whose look-ahead has not arrived yet wait in a buffer for the next block.
    """

    def __init__(self, channels: int) -> None:
        h = _true_peak_phases()
        self._taps = np.ascontiguousarray(h.T, dtype=np.float32)  # (taps, 3)
        self._bound = float(np.abs(h).sum(axis=1).max()) * (1.0 + 1e-5)  # + float32 rounding
        self.channels = channels
        # The signal is preceded by silence, as a filter starting from rest assumes.
        self._buf = np.zeros((4 * _TP_SUB, channels), dtype=np.float32)
        self._held = _TP_TAPS - 1
        self.peak = 0.0  # linear, over samples and interpolated points, all channels
        self.sample_peak = 0.0

    def feed(self, x: np.ndarray) -> None:
        n = len(x)
        if not n:
            return
        size = self._held + n
        if len(self._buf) < size + _TP_SUB:  # room for the zero padding of the last group
            grown = np.zeros((size + size // 2 + _TP_SUB, self.channels), dtype=np.float32)
            grown[: self._held] = self._buf[: self._held]
            self._buf = grown
        self._buf[self._held : size] = x
        done = self._scan(self._buf, size)
        self._buf[: size - done] = self._buf[done:size].copy()
        self._held = size - done

    def result(self) -> float:
        """Linear true peak, including the ringing after the last sample into silence."""
        # Enough silence after the end to evaluate every interval the signal reaches.
        size = self._held + _TP_TAPS // 2
        size += -(size - (_TP_TAPS - 1)) % _TP_SUB
        z = np.zeros((size + _TP_SUB, self.channels), dtype=np.float32)
        z[: self._held] = self._buf[: self._held]
        saved = self.peak
        self._scan(z, size)
        peak, self.peak = self.peak, saved
        return peak

    def _scan(self, z: np.ndarray, size: int) -> int:
        """Update the peak over whole sub-blocks of intervals in z[:size]; return frames used.

        Sub-block i holds the intervals after z[7 + 64 i .. 7 + 64 i + 63], which need
        z[64 i .. 64 i + 78]: inside groups i and i + 1 of 64 frames.
        """
        sub, ch = _TP_SUB, self.channels
        nsub = (size - (_TP_TAPS - 1)) // sub
        if nsub <= 0:
            return 0
        groups = nsub + 1
        z[size : groups * sub] = 0.0  # the partial last group: pad, never read as signal
        g = z[: groups * sub].reshape(groups, sub * ch)
        m = np.maximum(g.max(axis=1), -g.min(axis=1))
        self.sample_peak = max(self.sample_peak, float(m.max()))
        best = max(self.peak, self.sample_peak)
        reach = np.maximum(m[:-1], m[1:])
        cands = np.flatnonzero(reach * self._bound > best)
        if 3 * len(cands) > nsub:
            best = max(best, self._evaluate_all(z, nsub))
        elif len(cands):
            order = cands[np.argsort(-reach[cands], kind="stable")]
            pos, batch = 0, 1
            while pos < len(order):
                sel = order[pos : pos + batch]
                pos += batch
                if reach[sel[0]] * self._bound <= best:
                    break  # sorted loudest first: nothing later can beat the peak either
                best = max(best, self._evaluate(z, sel))
                batch *= 8
        self.peak = best
        return nsub * sub

    def _interpolate(self, rows: np.ndarray, windows: int) -> np.ndarray:
        """Interpolated values for windows starting at 0, 1, ... of each row: (16, rows, n/16, 3).

        Window starts s, s+16, s+32, ... of a row are a (k, 16) view, so each shift s is one
        matrix product with the (16, 3) phase taps; no (n, 16) copy is ever made.
        """
        taps = _TP_TAPS
        rows = rows.reshape(-1, rows.shape[-1])
        count = windows // taps
        out = np.empty((taps, len(rows), count, 3), dtype=np.float32)
        for r, row in enumerate(rows):
            for s in range(taps):
                np.matmul(row[s : s + taps * count].reshape(count, taps), self._taps, out=out[s, r])
        return out

    def _evaluate_all(self, z: np.ndarray, nsub: int) -> float:
        rows = np.ascontiguousarray(z[: nsub * _TP_SUB + _TP_TAPS].T)  # (channels, frames)
        y = self._interpolate(rows, nsub * _TP_SUB)
        return max(float(y.max()), -float(y.min()))

    def _evaluate(self, z: np.ndarray, sel: np.ndarray) -> float:
        width = _TP_SUB + _TP_TAPS  # the 79 frames a sub-block needs, and one spare
        frames = z[(sel * _TP_SUB)[:, None] + np.arange(width)]  # (k, width, channels)
        rows = np.ascontiguousarray(frames.transpose(2, 0, 1)).reshape(1, -1)
        flat = np.concatenate((rows[0], np.zeros(_TP_TAPS, np.float32)))
        y = self._interpolate(flat[None, :], rows.size)
        # A window starting at 64..79 of a row belongs to the next sub-block, not this one.
        y = y.reshape(_TP_TAPS, -1, width // _TP_TAPS, 3)[:, :, : _TP_SUB // _TP_TAPS]
        return max(float(y.max()), -float(y.min()))


class _KWeighting:
    """The K-weighting filter over (channels, n) float64 rows, in place, state kept."""

    def __init__(self, sample_rate: int, channels: int) -> None:
        from scipy import signal  # lazily: scipy costs a second at app start-up

        self._sos = k_weighting_sos(sample_rate)
        self._zi = np.zeros((channels, len(self._sos), 2))  # per channel, per section
        try:  # the kernel behind sosfilt works in place: no copy of every block
            from scipy.signal._sosfilt import _sosfilt

            self._kernel: Any = _sosfilt
        except ImportError:  # pragma: no cover - a scipy that moved it: the public API works
            self._kernel = None
        self._public = signal.sosfilt

    def __call__(self, y: np.ndarray) -> None:
        if self._kernel is not None:
            self._kernel(self._sos, y, self._zi)
            return
        out, zi = self._public(self._sos, y, axis=-1, zi=self._zi.transpose(1, 0, 2))
        y[...] = out
        self._zi = np.ascontiguousarray(zi.transpose(1, 0, 2))


# The same weighting and scale for live meters (media/meters.py), so they read as the analysis.
KWeighting = _KWeighting
LUFS_OFFSET = _LUFS_OFFSET


class LoudnessMeter:
    """BS.1770-4 meter: ``feed()`` float blocks of shape (frames, channels), then ``result()``.

    400 ms gating blocks with 75 % overlap, absolute gate -70 LUFS, relative gate -10 LU;
    loudness range per EBU Tech 3342 (3 s windows every 100 ms, -20 LU relative gate,
    10th to 95th percentile); true peak by 4x oversampling.
    """

    def __init__(
        self,
        sample_rate: int,
        channels: int,
        *,
        layout: str | None = None,
        weights: Sequence[float] | None = None,
    ) -> None:
        if sample_rate <= 0 or channels <= 0:
            raise ValueError(f"bad stream: {sample_rate} Hz, {channels} channels")
        self.sample_rate = sample_rate
        self.channels = channels
        w = tuple(weights) if weights is not None else channel_weights(channels, layout)
        if len(w) != channels:
            raise ValueError(f"{len(w)} weights for {channels} channels")
        self._active = np.array([i for i, g in enumerate(w) if g > 0.0], dtype=np.intp)
        self._weights = np.array([w[i] for i in self._active], dtype=np.float64)
        self._filter = _KWeighting(sample_rate, len(self._active))
        self._work = np.zeros(0)  # reused every block: fresh 1 MB arrays cost page faults
        self._step = max(1, round(sample_rate / 10))  # samples per 100 ms
        self._done: list[np.ndarray] = []  # weighted energy sums of whole 100 ms segments
        self._part_sum = 0.0
        self._part_len = 0
        self._tp = TruePeakMeter(channels)
        self.frames = 0

    def feed(self, block: np.ndarray) -> None:
        x = np.asarray(block, dtype=np.float32)
        if x.ndim == 1:
            x = x.reshape(-1, self.channels)
        if x.shape[1] != self.channels:
            raise ValueError(f"block has {x.shape[1]} channels, meter has {self.channels}")
        if not len(x):
            return
        self.frames += len(x)
        self._tp.feed(x)
        n, active = len(x), len(self._active)
        if self._work.size < (active + 1) * n:
            self._work = np.empty((active + 1) * (n + n // 2))
        y = self._work[: active * n].reshape(active, n)
        energy = self._work[active * n : (active + 1) * n]
        if not active:
            energy[:] = 0.0
        else:
            np.copyto(y, (x if active == self.channels else x[:, self._active]).T)
            self._filter(y)
            np.square(y, out=y)
            np.dot(self._weights, y, out=energy)
        self._add_energy(energy)

    def _add_energy(self, e: np.ndarray) -> None:
        step, pos, n = self._step, 0, len(e)
        if self._part_len:
            pos = min(step - self._part_len, n)
            self._part_sum += float(e[:pos].sum())
            self._part_len += pos
            if self._part_len < step:
                return
            self._done.append(np.array([self._part_sum]))
            self._part_sum, self._part_len = 0.0, 0
        whole = (n - pos) // step
        if whole:
            self._done.append(e[pos : pos + whole * step].reshape(whole, step).sum(axis=1))
            pos += whole * step
        if pos < n:
            self._part_sum, self._part_len = float(e[pos:].sum()), n - pos

    def _segments(self) -> np.ndarray:
        if len(self._done) > 1:
            self._done = [np.concatenate(self._done)]
        return self._done[0] if self._done else np.zeros(0)

    def _window_power(self, segments: int) -> np.ndarray:
        s = self._segments()
        if len(s) < segments:
            return np.zeros(0)
        return sliding_window_view(s, segments).sum(axis=1) / (segments * self._step)

    def momentary_lufs(self) -> np.ndarray:
        """Momentary loudness (400 ms) every 100 ms, from the first complete window."""
        return _lufs(self._window_power(4))

    def short_term_lufs(self) -> np.ndarray:
        """Short-term loudness (3 s) every 100 ms, from the first complete window."""
        return _lufs(self._window_power(30))

    def result(self) -> Loudness:
        blocks = self._window_power(4)
        short = self._window_power(30)
        tp = self._tp.result()
        return Loudness(
            integrated_lufs=_integrated(blocks),
            lra_lu=_loudness_range(short),
            true_peak_dbtp=_db(tp),
            sample_peak_dbfs=_db(self._tp.sample_peak),
            max_momentary_lufs=_max_lufs(blocks),
            max_short_term_lufs=_max_lufs(short),
        )


def _lufs(power: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return _LUFS_OFFSET + 10.0 * np.log10(power)


def _power(lufs: float) -> float:
    return 10.0 ** ((lufs - _LUFS_OFFSET) / 10.0)


def _db(linear: float) -> float:
    return 20.0 * math.log10(linear) if linear > 0.0 else -math.inf


def _max_lufs(power: np.ndarray) -> float | None:
    top = float(power.max()) if power.size else 0.0
    return float(_lufs(np.array(top))) if top > 0.0 else None


def _integrated(blocks: np.ndarray) -> float | None:
    gated = blocks[blocks > _power(ABSOLUTE_GATE_LUFS)]
    if not gated.size:
        return None
    gated = gated[gated > gated.mean() * 10.0 ** (RELATIVE_GATE_LU / 10.0)]
    return float(_lufs(np.array(gated.mean())))


def _loudness_range(short: np.ndarray) -> float | None:
    gated = short[short > _power(ABSOLUTE_GATE_LUFS)]
    if not gated.size:
        return None
    gated = gated[gated > gated.mean() * 10.0 ** (LRA_RELATIVE_GATE_LU / 10.0)]
    levels = np.sort(_lufs(gated))
    last = len(levels) - 1
    # Tech 3342's reference rounds the percentile index; floor(x + 0.5) avoids banker's rounding.
    low = levels[math.floor(last * 0.10 + 0.5)]
    high = levels[math.floor(last * 0.95 + 0.5)]
    return float(high - low)
