"""Benchmark: assembling a programme (media.assemble) against one plain ffmpeg join.

    .venv/bin/python bench/bench_assemble.py [--minutes 10] [--segments 20] [--repeat 2]

Makes (once, in bench/out/) ``segments`` stereo 44.1 kHz WAV files that together last
``minutes``, then times, alternately:

  baseline  ffmpeg -i 1.wav ... -filter_complex concat=n=N:v=0:a=1 -> 24-bit FLAC
  ours      media.assemble.assemble: every segment trimmed, gained and placed in samples,
            half of the joins crossfaded (1 s), a bed under four segments, FLAC with chapters
  ours+lu   the same, brought to -23 LUFS (measure, then apply: a second pass)

and prints wall times and the ratios (target for the plain render: <= 1.3).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "assemble"
sys.path.insert(0, str(ROOT))

from media import ffmpeg  # noqa: E402
from media.assemble import Part, assemble  # noqa: E402


def make_segments(n: int, seconds: float) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = OUT / f"seg-{n}-{seconds:.0f}-{i}.wav"
        if not path.exists():
            ffmpeg.run(["-y", "-f", "lavfi", "-i",
                        f"anoisesrc=c=pink:r=44100:a=0.3:d={seconds}:seed={i}",
                        "-f", "lavfi", "-i", f"sine=f={200 + 37 * i}:r=44100:d={seconds}",
                        "-filter_complex", "[0][1]amerge=inputs=2,tremolo=f=4:d=0.7[o]",
                        "-map", "[o]", "-c:a", "pcm_s16le", str(path)], timeout=None)
        paths.append(path)
    return paths


def baseline(paths: list[Path], out: Path) -> float:
    args = ["-y"]
    for p in paths:
        args += ["-i", str(p)]
    inputs = "".join(f"[{i}:a]" for i in range(len(paths)))
    args += ["-filter_complex", f"{inputs}concat=n={len(paths)}:v=0:a=1[o]", "-map", "[o]",
             "-ar", "48000", "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24",
             str(out)]
    start = time.perf_counter()
    ffmpeg.run(args, timeout=None)
    return time.perf_counter() - start


def ours(paths: list[Path], seconds: float, out: Path, target: float | None) -> float:
    parts = []
    at = 0.0
    for i, p in enumerate(paths):
        fade = 1.0 if i % 2 else 0.0
        at -= fade
        parts.append(Part(p, at, seconds - 0.5, trim_in_s=0.5, gain_db=-1.5, fade_in_s=fade,
                          fade_out_s=1.0 if (i + 1) % 2 else 0.0))
        at += seconds - 0.5
    total = at
    parts.append(Part(paths[0], 10.0, 4 * (seconds - 0.5), duck_at_s=2.0, duck_db=-15))
    chapters = [(p.start_s, f"Đoạn {i + 1}") for i, p in enumerate(parts[:-1])]
    start = time.perf_counter()
    assemble(parts, out, total_s=total, chapters=chapters, loudness_target=target)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--segments", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    seconds = args.minutes * 60 / args.segments
    paths = make_segments(args.segments, seconds)
    times: dict[str, list[float]] = {"baseline": [], "ours": [], "ours+lu": []}
    for _ in range(args.repeat):
        times["baseline"].append(baseline(paths, OUT / "baseline.flac"))
        times["ours"].append(ours(paths, seconds, OUT / "ours.flac", None))
        times["ours+lu"].append(ours(paths, seconds, OUT / "ours-lu.flac", -23.0))
    base = statistics.median(times["baseline"])
    print(f"{args.segments} segments, {args.minutes:g} min of stereo 44.1 kHz WAV")
    for name, values in times.items():
        t = statistics.median(values)
        print(f"  {name:9s} {t:7.2f} s   ratio {t / base:5.2f}")


if __name__ == "__main__":
    main()
