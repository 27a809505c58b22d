"""Helpers around the test PulseAudio server (the `pulse` fixture in tests/conftest.py): play
into its null sink 'studio', whose monitor feeds the source 'studio_mic', and put that source
back when a test has unloaded it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf


def play(pulse: dict[str, str], samples: np.ndarray, path: Path,
         rate: int = 48000) -> subprocess.Popen[bytes]:
    """Start playing ``samples`` into the null sink 'studio' (it arrives at studio_mic)."""
    sf.write(str(path), samples, rate, subtype="FLOAT")
    return subprocess.Popen(["paplay", "--device=studio", str(path)], env=pulse,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remap_module(pulse: dict[str, str]) -> str:
    """The id of the PulseAudio module that makes studio_mic (unloading it loses the input)."""
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
