"""Import of an hour of stereo 44.1 kHz MP3 (copy into the store, one-pass analysis, peaks,
database rows) against ffmpeg's own ebur128 pass over the same file, in the same run.

    .venv/bin/python bench/bench_import.py [--repeat 3]

Uses the MP3 that bench_analyze.py makes (bench/out/speech-music-60min.mp3; run that first).
Each import runs in a fresh `station import` process into a fresh station: interpreter,
imports and all. Target: at most 1.5x the ffmpeg pass.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATION = str(Path(sys.executable).with_name("station"))


def ffmpeg_pass(path: Path) -> float:
    from media.ffmpeg import ffmpeg_path

    start = time.perf_counter()
    subprocess.run([ffmpeg_path(), "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
                    "-af", "ebur128=peak=true", "-f", "null", "-"], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def station_import(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STATION_ADMIN_PASSWORD": "bench-password"}
        data = str(Path(tmp) / "data")
        subprocess.run([STATION, "--data-dir", data, "init", "--station-name", "Bench",
                        "--admin", "admin"], check=True, capture_output=True, env=env)
        start = time.perf_counter()
        subprocess.run([STATION, "--data-dir", data, "import", str(path)], check=True,
                       capture_output=True, env=env)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hour = ROOT / "bench" / "out" / "speech-music-60min.mp3"
    if not hour.exists():
        sys.exit("run bench/bench_analyze.py first: it makes bench/out/speech-music-60min.mp3")
    base, ours = [], []
    for _ in range(args.repeat):  # alternate, so both see the same machine
        base.append(ffmpeg_pass(hour))
        ours.append(station_import(hour))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"ffmpeg ebur128 pass  median {b:6.2f} s")
    print(f"station import       median {o:6.2f} s  ratio {o / b:.2f}x  (target <= 1.5x)")


if __name__ == "__main__":
    main()
