"""Benchmark: one-pass analysis against ffmpeg's own ebur128 meter on the same files.

    .venv/bin/python bench/bench_analyze.py [--repeat 3] [--minutes 60 10]

Makes (once, in bench/out/) a speech-and-music-like stereo 44.1 kHz MP3 of an hour and its
first ten minutes, then alternately runs, each in a fresh child process:

  baseline  ffmpeg -i FILE -af ebur128=peak=true -f null -
  ours      media.analysis.analyze_file(FILE)

and prints wall times, their ratio (target <= 1.3) and peak memory (max RSS; target < 250 MB
and flat in duration). Our time is the whole child: interpreter, imports and all.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from media import ffmpeg  # noqa: E402

# Speech: pink noise in the voice band with syllable (4.3 Hz) and phrase (0.27 Hz) rhythm.
# Music: two tones with a slow swell. Mixed differently into left and right.
SOURCE = (
    "[0]highpass=f=200,lowpass=f=4000,tremolo=f=4.3:d=0.9,tremolo=f=0.27:d=0.8[sp];"
    "[1][2]amix=inputs=2,tremolo=f=0.5:d=0.5,volume=0.6[mu];"
    "[sp][mu]amerge=inputs=2,pan=stereo|c0=c0+0.6*c1|c1=0.8*c0+c1[out]"
)


def make_hour(path: Path) -> None:
    secs = "3600"
    print(f"making {path.name} (about a minute, once) ...", flush=True)
    ffmpeg.run(
        ["-y",
         "-f", "lavfi", "-i", f"anoisesrc=c=pink:r=44100:a=0.9:d={secs}:seed=42",
         "-f", "lavfi", "-i", f"sine=f=220:r=44100:d={secs}",
         "-f", "lavfi", "-i", f"sine=f=331:r=44100:d={secs}",
         "-filter_complex", SOURCE, "-map", "[out]",
         "-c:a", "libmp3lame", "-b:a", "128k", str(path)],
        timeout=None,
    )  # fmt: skip


def make_cut(hour: Path, path: Path, minutes: int) -> None:
    ffmpeg.run(["-y", "-i", str(hour), "-t", str(minutes * 60), "-c", "copy", str(path)])


def watch_ffmpeg_memory() -> list[float]:
    """Record each ffmpeg's own peak RSS (VmHWM) while it runs.

    RUSAGE_CHILDREN cannot tell: a child forked from a Python that has loaded scipy is
    charged that Python's 100 MB before it execs ffmpeg.
    """
    import media.analysis

    peaks: list[float] = []
    real = ffmpeg.popen

    @contextmanager
    def spy(*args: Any, **kw: Any) -> Iterator[Any]:
        with real(*args, **kw) as proc:
            done = threading.Event()
            seen = [0.0]

            def sample() -> None:
                status = Path(f"/proc/{proc.pid}/status")
                while not done.wait(0.02):
                    try:
                        text = status.read_text()
                    except OSError:
                        return
                    m = re.search(r"VmHWM:\s+(\d+) kB", text)
                    if m:
                        seen[0] = max(seen[0], int(m.group(1)) / 1024)

            t = threading.Thread(target=sample, daemon=True)
            t.start()
            try:
                yield proc
            finally:
                done.set()
                t.join()
                peaks.append(seen[0])

    media.analysis.ffmpeg.popen = spy
    return peaks


def child(kind: str, path: str) -> None:
    """Runs in the child process: do one measurement, print it as JSON."""
    start = time.perf_counter()
    extra: dict[str, object] = {}
    if kind == "baseline":
        ffmpeg.run(["-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"], timeout=None)
        extra["ffmpeg_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        from media.analysis import analyze_file

        ffmpeg_mb = watch_ffmpeg_memory()
        inner = time.perf_counter()
        a = analyze_file(path)
        extra = {
            "analyze_s": time.perf_counter() - inner,
            "ffmpeg_mb": max(ffmpeg_mb),
            "integrated_lufs": a.integrated_lufs,
            "lra_lu": a.lra_lu,
            "true_peak_dbtp": a.true_peak_dbtp,
            "duration_s": a.duration_s,
            "peaks_bytes": len(a.peaks),
        }
    wall = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if kind == "ours":  # a second call: what a worker that has imported scipy already pays
        warm = time.perf_counter()
        analyze_file(path)
        extra["warm_s"] = time.perf_counter() - warm
    print(json.dumps({"wall_s": wall, "self_mb": me, **extra}))


def measure(kind: str, path: Path) -> dict[str, float]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # Start-up, imports and the first analysis; not the warm second call made afterwards.
    result["process_s"] = time.perf_counter() - start - result.get("warm_s", 0.0)
    return result


def spread(runs: list[dict[str, float]], key: str) -> tuple[float, str]:
    values = sorted(r[key] for r in runs)
    return statistics.median(values), " ".join(f"{v:.2f}" for v in values)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--minutes", type=int, nargs="+", default=[60, 10])
    p.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(*args.child)
        return

    OUT.mkdir(parents=True, exist_ok=True)
    hour = OUT / "speech-music-60min.mp3"
    if not hour.exists():
        make_hour(hour)
    files = {}
    for minutes in args.minutes:
        path = hour if minutes == 60 else OUT / f"speech-music-{minutes}min.mp3"
        if not path.exists():
            make_cut(hour, path, minutes)
        files[minutes] = path

    print(f"ffmpeg {ffmpeg.ffmpeg_version()}, python {sys.version.split()[0]}")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    summary = {}
    for minutes, path in files.items():
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "ours": []}
        for _ in range(args.repeat):
            for kind in runs:  # alternate, so drift in machine load hits both alike
                runs[kind].append(measure(kind, path))

        base, base_all = spread(runs["baseline"], "process_s")
        ours, ours_all = spread(runs["ours"], "process_s")
        inner, _ = spread(runs["ours"], "analyze_s")
        warm, warm_all = spread(runs["ours"], "warm_s")
        mem = max(r["self_mb"] for r in runs["ours"])
        ff_mem = max(r["ffmpeg_mb"] for r in runs["ours"])
        base_mem = max(r["ffmpeg_mb"] for r in runs["baseline"])
        last = runs["ours"][-1]
        summary[minutes] = mem
        size = path.stat().st_size / 1e6
        print(f"\n{minutes} min ({path.name}, {size:.0f} MB), median of {args.repeat}:")
        print(f"  ffmpeg ebur128=peak=true   : {base:6.2f} s  ({base_all})  max RSS {base_mem:.0f} MB")
        print(
            f"  analyze_file, whole process: {ours:6.2f} s  ({ours_all})  max RSS {mem:.0f} MB"
            f" python + {ff_mem:.0f} MB ffmpeg decoder"
        )
        print(f"  analyze_file call, cold    : {inner:6.2f} s  (first call imports scipy)")
        print(f"  analyze_file call, warm    : {warm:6.2f} s  ({warm_all})")
        print(f"  ratio, whole process       : {ours / base:6.2f}   (target <= 1.3)")
        print(f"  ratio, warm call           : {warm / base:6.2f}")
        print(
            f"  result: I {last['integrated_lufs']:.2f} LUFS, LRA {last['lra_lu']:.2f} LU, "
            f"TP {last['true_peak_dbtp']:.2f} dBTP, {last['duration_s']:.1f} s, "
            f"peaks {last['peaks_bytes'] / 1e6:.1f} MB"
        )
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    if len(summary) > 1:
        lo, hi = min(summary), max(summary)
        print(
            f"\npeak memory {hi} min vs {lo} min: {summary[hi]:.0f} MB vs {summary[lo]:.0f} MB "
            f"(x{summary[hi] / summary[lo]:.2f} for x{hi / lo:.0f} the duration; target < 250 MB)"
        )


if __name__ == "__main__":
    main()
