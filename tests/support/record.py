"""Helpers for the recording tests: play into the real null sink, find PulseAudio modules,
mount a small tmpfs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf


def play(pulse: dict[str, str], samples: np.ndarray, path: Path,
         rate: int = 48000) -> subprocess.Popen[bytes]:
    """Start playing ``samples`` into the null sink 'studio' (it arrives at studio_mic)."""
    sf.write(str(path), samples, rate, subtype="FLOAT")
    return subprocess.Popen(["paplay", "--device=studio", str(path)], env=pulse,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remap_module(pulse: dict[str, str]) -> str:
    out = subprocess.run(["pactl", "list", "short", "modules"], env=pulse, capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        if "module-remap-source" in line and "studio_mic" in line:
            return line.split("\t")[0]
    raise AssertionError("studio_mic is not loaded")


def restore_mic(pulse: dict[str, str]) -> None:
    """Put studio_mic back (the fixture is per session: later tests need it)."""
    out = subprocess.run(["pactl", "list", "short", "sources"], env=pulse, capture_output=True,
                         text=True).stdout
    if "studio_mic" not in out:
        subprocess.run(["pactl", "load-module", "module-remap-source", "master=studio.monitor",
                        "source_name=studio_mic"], env=pulse, check=True, capture_output=True)
    subprocess.run(["pactl", "set-default-source", "studio_mic"], env=pulse, check=True)


@contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` (root only; the test is skipped otherwise)."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr!r}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def dbfs(x: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64)))))
