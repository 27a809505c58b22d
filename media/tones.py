"""Test tones and chimes written as WAV files (for the demo station, fixtures and checks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf


def sine(
    freq: float, seconds: float, level_dbfs: float = -18.0, sample_rate: int = 48000, channels: int = 2
) -> np.ndarray:
    t = np.arange(round(seconds * sample_rate)) / sample_rate
    mono = (10 ** (level_dbfs / 20)) * np.sin(2 * np.pi * freq * t)
    return np.repeat(mono[:, None], channels, axis=1).astype(np.float32)


def chime(sample_rate: int = 48000, level_dbfs: float = -12.0) -> np.ndarray:
    """The four-note call that opens an announcement on a loudspeaker network."""
    notes = (659.25, 523.25, 587.33, 392.0)  # E5 C5 D5 G4
    parts = []
    for freq in notes:
        n = int(0.55 * sample_rate)
        t = np.arange(n) / sample_rate
        # A bell: the fundamental and a quieter octave, decaying exponentially.
        tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
        parts.append(tone * np.exp(-t * 4.0))
    signal = np.concatenate(parts)
    signal *= (10 ** (level_dbfs / 20)) / np.max(np.abs(signal))
    return np.repeat(signal[:, None], 2, axis=1).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int = 48000, subtype: str = "PCM_24") -> Path:
    sf.write(str(path), samples, sample_rate, subtype=subtype)
    return path
