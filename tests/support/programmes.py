"""Helpers for the programme tests: real tone items imported through the real analysis, and
finding where a tone starts in a rendered file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from station.library import ingest
from station.library.items import Item
from station.station import Station

RATE = 44100


def tone_file(path: Path, freq: float, seconds: float, level_db: float = -18.0,
              rate: int = RATE) -> Path:
    t = np.arange(round(seconds * rate)) / rate
    soundfile.write(path, (10 ** (level_db / 20)) * np.sin(2 * np.pi * freq * t), rate,
                    subtype="PCM_24")
    return path


def tone_item(st: Station, folder: Path, freq: float, seconds: float, *, title: str = "",
              level_db: float = -18.0, category: str = "") -> Item:
    """A real library item: a sine tone written with soundfile and imported (analysed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = tone_file(folder / f"tone-{freq:g}-{seconds:g}-{level_db:g}.wav", freq, seconds,
                     level_db)
    result, _ = ingest.import_file(st, path, title=title or f"Âm {freq:g} Hz",
                                   category=category)
    return result.item


def band_level(samples: np.ndarray, rate: int, freq: float, hop_s: float = 0.005,
               window_s: float = 0.02) -> tuple[np.ndarray, np.ndarray]:
    """(frame start times, the level of ``freq`` in each frame) by single-bin DFT."""
    x = samples if samples.ndim == 1 else samples.mean(axis=1)
    size, hop = round(window_s * rate), round(hop_s * rate)
    starts = np.arange(0, len(x) - size, hop)
    frames = np.stack([x[s:s + size] for s in starts])
    probe = np.exp(-2j * np.pi * freq * np.arange(size) / rate) * np.hanning(size)
    return starts / rate, np.abs(frames @ probe)


def onset(samples: np.ndarray, rate: int, freq: float, after_s: float = 0.0) -> float:
    """When ``freq`` first reaches half its loudest amplitude (after ``after_s``). A tone that
    starts at full level is half inside a frame when the frame's centre is at its start."""
    pad = round(0.1 * rate)
    x = samples if samples.ndim == 1 else samples.mean(axis=1)
    times, level = band_level(np.concatenate([np.zeros(pad), x]), rate, freq, hop_s=0.001)
    times = times - pad / rate + 0.01  # the frame's centre, on the file's clock
    hits = np.nonzero((level >= 0.5 * level.max()) & (times >= after_s))[0]
    assert len(hits), f"{freq} Hz never sounds"
    return float(times[hits[0]])
