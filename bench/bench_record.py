"""Benchmark: memory and dropped buffers while recording (target: 1 hour grows < 20 MB, no
dropped buffers).

    .venv/bin/python bench/bench_record.py [--minutes 2] [--synthetic-hours 1]

1. Real time: records ``--minutes`` from a PulseAudio null-sink source (its own server, as
   DESIGN.md section 8) through media.record (QtMultimedia, journal, meters) while a tone
   plays; samples RSS every 5 s and reports the growth per hour (least-squares slope after
   the first 20 s), dropped frames and overruns.
2. Full speed: one hour of 48 kHz stereo 16-bit blocks (1024 frames, as Qt delivers them)
   through the journal and the level meter, against the baseline of plain os.write of the
   same bytes; prints both times, the ratio and the RSS growth.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from media.meters import LevelMeter  # noqa: E402
from media.take_journal import TakeHeader, TakeJournal  # noqa: E402

RATE = 48000


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def start_pulse(runtime: Path) -> dict[str, str]:
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)}
    subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "-n",
                    "--load=module-native-protocol-unix",
                    "--load=module-null-sink sink_name=studio", "--load=module-always-sink"],
                   env=env, check=True, capture_output=True)
    for _ in range(100):
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    subprocess.run(["pactl", "load-module", "module-remap-source", "master=studio.monitor",
                    "source_name=studio_mic"], env=env, check=True, capture_output=True)
    subprocess.run(["pactl", "set-default-source", "studio_mic"], env=env, check=True)
    os.environ.update({"XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)})
    return env


def real_time(minutes: float, work: Path) -> None:
    from media import record

    env = start_pulse(work / "pulse")
    try:
        tone = work / "tone.raw"  # a -18 dBFS 1 kHz tone, looped by pacat for the whole run
        t = np.arange(RATE * 10) / RATE
        x = (10 ** (-18 / 20) * np.sin(2 * np.pi * 1000 * t) * 32767).astype(np.int16)
        tone.write_bytes(np.repeat(x[:, None], 2, axis=1).tobytes() * max(1, int(minutes * 6) + 2))
        player = subprocess.Popen(["pacat", "--playback", "--device=studio", "--format=s16le",
                                   "--rate=48000", "--channels=2", str(tone)], env=env)
        settings = record.CaptureSettings()
        header = TakeHeader("bench", RATE, 2, "s16", "2026-11-22T00:00:00Z", "studio_mic", "",
                            os.getpid())
        journal = TakeJournal.create(work / "take", header)
        samples: list[tuple[float, float]] = []
        done = threading.Event()

        def sample() -> None:
            t0 = time.monotonic()
            while not done.wait(5.0):
                samples.append((time.monotonic() - t0, rss_mb()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.monotonic()
        outcome = record.record(journal, settings, seconds=minutes * 60)
        wall = time.monotonic() - start
        done.set()
        player.kill()
        steady = [(s, m) for s, m in samples if s >= 20.0] or samples
        slope = float(np.polyfit([s for s, _ in steady], [m for _, m in steady], 1)[0]) \
            if len(steady) >= 2 else 0.0
        print(f"real time: {outcome.seconds:.1f} s recorded in {wall:.1f} s wall, "
              f"reason {outcome.reason}, dropped frames {outcome.dropped_frames}, "
              f"overruns {outcome.overruns}")
        print(f"real time: RSS {steady[0][1] if steady else 0:.1f} -> "
              f"{steady[-1][1] if steady else 0:.1f} MB; growth {slope * 3600:.1f} MB/hour "
              f"(target < 20)")
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True)


def synthetic(hours: float, work: Path) -> None:
    block = 1024
    t = np.arange(block * 47) / RATE  # ~1 s of a tone, reused: what matters is the path
    tone = (10 ** (-18 / 20) * np.sin(2 * np.pi * 997 * t) * 32767).astype(np.int16)
    blocks = [np.repeat(tone[i:i + block, None], 2, axis=1).tobytes()
              for i in range(0, len(tone), block)]
    total = int(hours * 3600 * RATE / block)

    # baseline: the bytes alone to a file, no meter, no fsync
    path = work / "baseline.pcm"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    t0 = time.perf_counter()
    for i in range(total):
        os.write(fd, blocks[i % len(blocks)])
    os.close(fd)
    base = time.perf_counter() - t0
    path.unlink()

    header = TakeHeader("synthetic", RATE, 2, "s16", "2026-11-22T00:00:00Z", "", "", os.getpid())
    journal = TakeJournal.create(work / "synthetic", header)
    meter = LevelMeter(RATE, 2)
    scale = 1.0 / 32768.0
    warm = min(total, 2000)
    rss0 = 0.0
    t0 = time.perf_counter()
    for i in range(total):
        data = blocks[i % len(blocks)]
        journal.append(data)
        meter.feed(np.frombuffer(data, dtype=np.int16).reshape(-1, 2) * scale)
        if i % 47 == 0:
            meter.reading()
        if i == warm:
            rss0 = rss_mb()
    journal.close()
    ours = time.perf_counter() - t0
    rss1 = rss_mb()
    seconds = total * block / RATE
    print(f"synthetic: {seconds / 3600:.2f} h of 48 kHz stereo: journal+meters {ours:.1f} s, "
          f"baseline os.write {base:.1f} s, ratio {ours / base:.1f}x; "
          f"{seconds / ours:.0f}x real time")
    print(f"synthetic: RSS {rss0:.1f} -> {rss1:.1f} MB, growth {rss1 - rss0:.1f} MB "
          f"(target < 20)")
    shutil.rmtree(work / "synthetic", ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=2.0)
    ap.add_argument("--synthetic-hours", type=float, default=1.0)
    ap.add_argument("--skip-real-time", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-record-") as tmp:
        work = Path(tmp)
        (work / "pulse").mkdir()
        synthetic(args.synthetic_hours, work)
        if not args.skip_real_time:
            if shutil.which("pulseaudio") is None:
                print("real time: skipped (pulseaudio is not installed)")
            else:
                real_time(args.minutes, work)


if __name__ == "__main__":
    main()
