"""`station selftest`: a headless check that this install works end to end.

Decodes a generated WAV with ffmpeg, creates and opens a station database in a temporary
folder, and constructs the main window offscreen. Exit 0 when everything works.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _decode_wav(tmp: Path) -> str:
    import numpy as np

    from media import ffmpeg, tones

    wav = tones.write_wav(tmp / "tone.wav", tones.sine(1000.0, 1.0, -6.0, 48000, 1), 48000,
                          "PCM_16")
    out = ffmpeg.run(["-i", str(wav), "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
                     timeout=30).stdout
    samples = np.frombuffer(out, dtype="<i2")
    if len(samples) != 48000:
        raise RuntimeError(f"decoded {len(samples)} samples, expected 48000")
    peak = 20 * np.log10(np.max(np.abs(samples)) / 32768)
    if abs(peak + 6.0) > 0.1:
        raise RuntimeError(f"decoded peak {peak:.2f} dBFS, expected -6.00")
    return f"ffmpeg {ffmpeg.ffmpeg_version()} decoded 1 s at {peak:.2f} dBFS"


def _database(tmp: Path) -> str:
    from station import audit, users
    from station.create import create_station
    from station.paths import DataDir

    st = create_station(DataDir(tmp / "data"), "Selftest", "admin", "selftest-password")
    try:
        users.login(st, "admin", "selftest-password")
        result = audit.verify(st.db)
        if not result.ok:
            raise RuntimeError(f"audit chain broken: {result.reason}")
    finally:
        st.close()
    return f"database created, audit chain of {result.entries} entries intact"


def _main_window(tmp: Path) -> str:
    from PySide6.QtWidgets import QApplication

    from station.paths import DataDir
    from ui.main_window import MainWindow

    _app = QApplication.instance() or QApplication([])
    window = MainWindow(DataDir(tmp / "window"))
    window.show()
    size = window.size()
    window.close()
    return f"main window built ({size.width()}x{size.height()})"


def main(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    steps: list[tuple[str, Callable[[Path], str]]] = [
        ("ffmpeg", _decode_wav), ("database", _database), ("main window", _main_window)]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="station-selftest-") as tmp:
        for name, step in steps:
            start = time.perf_counter()
            try:
                detail = step(Path(tmp))
            except Exception as exc:
                failed += 1
                print(f"[FAIL] {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            else:
                print(f"[ok]   {name}: {detail} ({time.perf_counter() - start:.2f} s)")
    print("selftest passed" if not failed else f"selftest FAILED ({failed} step(s))")
    return 0 if not failed else 1
