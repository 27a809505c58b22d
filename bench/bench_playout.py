"""Benchmark: on-air playout timing and CPU, measured from the audio that really played.

    .venv/bin/python bench/bench_playout.py [--minutes 5] [--items 60] [--baseline-s 60]

Starts a private PulseAudio server with a null sink 'studio' (DESIGN.md section 8), makes a
station with ``--items`` tone items (each its own frequency) filling a published schedule of
``--minutes`` (the issue's figure: ``--minutes 60``), and runs the real
``station playout run`` while parec captures studio.monitor to a file. Each item's onset is
found in the capture near its planned time; the start-time error (p50, p99, max) is printed
both absolute and with the constant offset (the median) taken out.

CPU: the playout process and its ffmpeg decoders (user+system) over the run, as a
percentage of one core; the baseline is ffmpeg playing the same files (concat, -re) to the
same sink for ``--baseline-s`` seconds, measured the same way. Prints both and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RATE = 48000


def start_pulse(runtime: Path) -> dict[str, str]:
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)}
    subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "-n",
                    "--load=module-native-protocol-unix",
                    "--load=module-null-sink sink_name=studio",
                    "--load=module-always-sink"], env=env, check=True, capture_output=True)
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise SystemExit("PulseAudio did not start")
        time.sleep(0.1)
    return env


class FileCapture:
    """parec of studio.monitor into a file; the wall time of sample 0 from block arrivals."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path = path
        self.origin = float("inf")
        self.frames = 0
        self._out = path.open("wb")
        self._proc = subprocess.Popen(
            ["parec", "-d", "studio.monitor", "--raw", "--format=float32le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"], stdout=subprocess.PIPE, env=env)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while data := self._proc.stdout.read1(1920):  # type: ignore[attr-defined]
            arrived = time.time()
            self._out.write(data)
            self.frames += len(data) // 4
            self.origin = min(self.origin, arrived - self.frames / RATE)

    def stop(self) -> np.ndarray:
        self._proc.terminate()
        self._proc.wait(5)
        self._thread.join(5)
        self._out.close()
        return np.memmap(self.path, dtype="<f4", mode="r")


def onset(samples: np.ndarray, origin: float, freq: float, near: float,
          span: float = 1.0) -> float | None:
    """Wall time where ``freq`` starts sounding within ``span`` s of ``near`` (5 ms steps)."""
    lo = max(0, int((near - span - origin) * RATE))
    seg = np.asarray(samples[lo:lo + int(2 * span * RATE)], dtype=np.float32)
    win, hop = 960, 240
    n = (len(seg) - win) // hop
    if n <= 0:
        return None
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    frames = seg[idx]
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(win)[None, :], axis=1))
    dominant = np.fft.rfftfreq(win, 1 / RATE)[np.argmax(spectrum, axis=1)]
    loud = np.sqrt(np.mean(frames ** 2, axis=1)) > 10 ** (-45 / 20)
    hits = np.flatnonzero((np.abs(dominant - freq) < 25) & loud)
    if len(hits) == 0:
        return None
    first = hits[0] * hop
    above = np.flatnonzero(np.abs(seg[first:first + win + hop]) > 10 ** (-45 / 20))
    return origin + (lo + first + (int(above[0]) if len(above) else 0)) / RATE


def make_station(root: Path, minutes: float, items: int) -> tuple[list[tuple[float, float]], Path]:
    """A station with a published schedule of ``items`` tones filling ``minutes``; returns
    [(freq, planned start)] and the folder of the tone files (for the baseline)."""
    from media.tones import sine, write_wav
    from station import schedule, schedule_approval, schedule_edits, users
    from station.create import create_station
    from station.paths import DataDir
    from station.rights import Role
    from station.schedule_time import zone
    from tests.playout_support import tone_item

    st = create_station(DataDir(root), "Bench", "admin", "admin-password-1", "Admin")
    users.create_user(st, "bientap", "bientap-password", Role.EDITOR, "Biên tập")
    users.create_user(st, "truongdai", "truongdai-password", Role.CHIEF, "Trưởng đài")
    seconds = minutes * 60 / items
    freqs = [300.0 + 60.0 * k for k in range(items)]
    made = [tone_item(st, f"Mục {k + 1:02d}", f, seconds) for k, f in enumerate(freqs)]
    tones = root / "tones"
    tones.mkdir()
    for k, f in enumerate(freqs):
        write_wav(tones / f"{k:02d}.wav", sine(f, seconds, -12.0), subtype="FLOAT")
    start = (datetime.now(UTC) + timedelta(seconds=25)).replace(microsecond=0)
    local = start.astimezone(zone(st))
    users.login(st, "bientap", "bientap-password")
    sched, _ = schedule.create_schedule(st, local.date(), 1, empty=True)
    session, _ = schedule_edits.add_session(st, sched.id, local.date(), local.time(),
                                            minutes=minutes + 1, title="Bench")
    for it in made:
        schedule_edits.add_slot(st, sched.id, session.key, item_id=it.id)
    schedule_approval.submit(st, sched.id)
    users.login(st, "truongdai", "truongdai-password")
    schedule_approval.approve(st, sched.id, "bench")
    schedule_approval.publish(st, sched.id)
    st.close()
    return [(f, start.timestamp() + k * seconds) for k, f in enumerate(freqs)], tones


def cpu_of_child(cmd: list[str], env: dict[str, str], seconds: float | None,
                 log: Path | None = None) -> tuple[float, float]:
    """(cpu seconds of the child and its waited-for children, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
    if seconds is not None:
        time.sleep(seconds)
        proc.terminate()
    proc.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, time.time() - t0


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--items", type=int, default=60)
    ap.add_argument("--baseline-s", type=float, default=60.0)
    args = ap.parse_args()
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        raise SystemExit("pulseaudio and parec are needed")
    work = Path(tempfile.mkdtemp(prefix="bench-playout-"))
    env = start_pulse(work / "pulse")
    os.environ.update({k: env[k] for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH")})
    try:
        planned, tones = make_station(work / "data", args.minutes, args.items)
        cap = FileCapture(work / "capture.f32", env)
        exe = Path(sys.executable).with_name("station")
        run_s = planned[0][1] - time.time() + args.minutes * 60 + 2
        cpu, wall = cpu_of_child([str(exe), "--data-dir", str(work / "data"), "playout", "run",
                                  "--minutes", f"{run_s / 60:.3f}", "--json"], env, None,
                                 work / "playout.log")
        samples = cap.stop()
        errors = []
        missing = 0
        for freq, at in planned:
            found = onset(samples, cap.origin, freq, at)
            if found is None:
                missing += 1
            else:
                errors.append(found - at)
        # Baseline: ffmpeg playing the same files in order to the same sink, in real time.
        listing = work / "concat.txt"
        listing.write_text("".join(f"file '{p}'\n" for p in sorted(tones.glob("*.wav"))))
        from media.ffmpeg import ffmpeg_path

        base_cpu, base_wall = cpu_of_child(
            [ffmpeg_path(), "-nostdin", "-v", "error", "-re", "-f", "concat", "-safe", "0",
             "-i", str(listing), "-f", "pulse", "-device", "studio", "playout-baseline"],
            env, args.baseline_s)
    finally:
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True)
    ours_pct = 100 * cpu / wall
    base_pct = 100 * base_cpu / base_wall
    offset = statistics.median(errors) if errors else 0.0
    rel = [abs(e - offset) * 1000 for e in errors]
    absolute = [abs(e) * 1000 for e in errors]
    result = {
        "minutes": args.minutes, "items": args.items, "found": len(errors), "missing": missing,
        "start_error_ms": {"p50": pct(absolute, 50), "p99": pct(absolute, 99),
                           "max": max(absolute)} if errors else None,
        "start_error_minus_offset_ms": {"offset": offset * 1000, "p50": pct(rel, 50),
                                        "p99": pct(rel, 99), "max": max(rel)} if errors else None,
        "cpu_percent": {"playout": ours_pct, "ffmpeg_baseline": base_pct,
                        "ratio": ours_pct / base_pct if base_pct else None},
    }
    print(json.dumps(result, indent=2))
    if os.environ.get("BENCH_KEEP"):
        print("kept", work)
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
