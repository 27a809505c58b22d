"""Test signals built from their specifications (EBU Tech 3341 / 3342) and a few realistic ones.

Levels are dBFS of the sine's peak, as in the EBU documents; every channel carries the same
signal unless a case says otherwise.
"""

from __future__ import annotations

import numpy as np


def sine(
    freq: float,
    seconds: float,
    level_dbfs: float,
    rate: int = 48000,
    channels: int = 2,
    phase_deg: float = 0.0,
    fade_s: float = 0.0,
) -> np.ndarray:
    """A cosine; ``fade_s`` ramps it in and out so the edges add no overshoot of their own."""
    n = round(seconds * rate)
    t = np.arange(n) / rate
    mono = 10 ** (level_dbfs / 20) * np.cos(2 * np.pi * freq * t + np.deg2rad(phase_deg))
    if fade_s:
        k = round(fade_s * rate)
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        mono[:k] *= ramp
        mono[n - k :] *= ramp[::-1]
    return np.repeat(mono[:, None], channels, axis=1).astype(np.float32)


def steps(parts: list[tuple[float, float]], rate: int = 48000, freq: float = 1000.0) -> np.ndarray:
    """Consecutive stereo sines of (level dBFS, seconds), one continuous phase throughout."""
    env = np.concatenate([np.full(round(seconds * rate), 10 ** (level / 20)) for level, seconds in parts])
    t = np.arange(len(env)) / rate
    mono = env * np.sin(2 * np.pi * freq * t)
    return np.repeat(mono[:, None], 2, axis=1).astype(np.float32)


def bursts(on: tuple[float, float], off: tuple[float, float], repeats: int, rate: int = 48000) -> np.ndarray:
    """``repeats`` times (on level dBFS, on seconds) then (off level, off seconds), 1 kHz stereo."""
    return steps([on, off] * repeats, rate)


def silence(seconds: float, rate: int = 48000, channels: int = 2) -> np.ndarray:
    return np.zeros((round(seconds * rate), channels), dtype=np.float32)


def band_limited_pulse(offset: float, rate: int = 48000, seconds: float = 1.0) -> np.ndarray:
    """A 0 dBTP pulse peaking ``offset`` of a sample after a sample instant.

    sinc^2 has a triangular spectrum, here reaching 0.4 fs: below Nyquist, so the samples
    describe exactly this continuous pulse and its true peak is exactly 1.0.
    """
    n = round(seconds * rate)
    centre = n // 2 + offset
    t = np.arange(n) - centre
    mono = np.sinc(0.4 * t) ** 2
    return np.repeat(mono[:, None], 2, axis=1).astype(np.float32)


def speech_like(seconds: float, rate: int = 48000, seed: int = 1, level_dbfs: float = -20.0) -> np.ndarray:
    """Noise shaped like speech: a 200-4000 Hz band, syllables at ~4 Hz, pauses between phrases."""
    from scipy import signal

    rng = np.random.default_rng(seed)
    n = round(seconds * rate)
    noise = rng.standard_normal(n)
    sos = signal.butter(4, [200, 4000], btype="bandpass", fs=rate, output="sos")
    voiced = signal.sosfilt(sos, noise)
    t = np.arange(n) / rate
    syllables = np.clip(np.sin(2 * np.pi * 4.1 * t + 3 * np.sin(2 * np.pi * 0.7 * t)), 0, None) ** 2
    phrase = (np.sin(2 * np.pi * 0.23 * t) > -0.4).astype(float)  # pauses a third of the time
    loud = 10 ** (rng.uniform(-6, 0, size=int(seconds) + 2) / 20)  # some phrases louder
    mono = voiced * syllables * phrase * np.repeat(loud, rate)[:n]
    mono *= 10 ** (level_dbfs / 20) / np.max(np.abs(mono))
    right = np.roll(mono, rate // 100) * 0.8  # a little width
    return np.stack([mono, right], axis=1).astype(np.float32)


def programme(seconds: float, rate: int, spread_db: float, seed: int = 2) -> np.ndarray:
    """Speech-like material whose level wanders slowly over ``spread_db`` (for LRA checks)."""
    x = speech_like(seconds, rate, seed=seed, level_dbfs=-12.0).astype(np.float64)
    t = np.arange(len(x)) / rate
    drift = spread_db / 2 * np.sin(2 * np.pi * t / (seconds / 1.5))
    return (x * 10 ** ((drift - spread_db / 2) / 20)[:, None]).astype(np.float32)


def dbfs(x: np.ndarray) -> float:
    """The RMS level of ``x`` in dBFS."""
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))
