"""Benchmark: on-air playout timing and CPU, measured from the audio that really played.

    .venv/bin/python bench/bench_playout.py [--minutes 5] [--items 60] [--baseline-s 60]
                                            [--service [--window-cycles]]

Starts a private PulseAudio server with a null sink 'studio' (DESIGN.md section 8), makes a
station with ``--items`` tone items (each its own frequency) filling a published schedule of
``--minutes`` (the issue's figure: ``--minutes 60``), and runs the real
``station playout run`` while parec captures studio.monitor to a file. Each item's onset is
found in the capture near its planned time; the start-time error (p50, p99, max) is printed
absolute (the figure that counts) and with its median taken out (the jitter).

How the capture is put on the wall clock (nothing assumed, all measured in the run):
a block cannot reach parec before the sink rendered it, so (block arrival - samples so far
/ rate) bounds the render time of capture sample 0, and the smallest bound over the blocks
in the 2 s after an onset maps it (taken locally because a long capture now and then
carries a few ms more samples than were played: a global minimum put the first minutes up
to 50 ms early). The null sink renders each block one block ahead of its play time, so the
sink's configured latency, read with ``pactl list sinks``, is added (tests/support/playout.py
ArrivalClock, shared with the tests).
A reference checks the result: ``pacat --latency-msec=5`` bursts launched at
noted wall times must be heard a few ms after their launch (pacat's own start-up), never
before (``capture_reference_ms``). The player locks its frames to the speaker itself
(media/playout/output.py), so the item errors need no correction of their own.

``--service``: the station service plays instead (`station service run`, its supervisor and
worker in processes of their own); with ``--window-cycles`` the desktop window runs beside it
in another process (offscreen Qt) and logs in, shows On air and logs out again and again for
the whole run, as an operator would: the figures must not move.

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


from tests.support.playout import ArrivalClock  # noqa: E402 - after the path insert


class FileCapture:
    """parec of studio.monitor into a file; the wall time of sample 0 from block arrivals."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.path = path
        self.env = env
        self.block_s = 0.0
        self.clock = ArrivalClock()
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
            self.clock.arrived(arrived, self.frames)

    def origin_near(self, wall: float) -> float:
        """The wall time of sample 0 as seen from the blocks around ``wall``."""
        return self.clock.origin_near(int((wall - self.origin) * RATE)) + self.block_s

    def stop(self) -> np.ndarray:
        # The null sink hands each rendered block to the monitor a block before it plays:
        # the earliest-arrival origin is early by the sink's configured latency, read now.
        from tests.support.playout import sink_block_s

        self.block_s = sink_block_s(self.env)
        self.origin = self.clock.origin + self.block_s
        self._proc.terminate()
        self._proc.wait(5)
        self._thread.join(5)
        self._out.close()
        return np.memmap(self.path, dtype="<f4", mode="r")


def onset(samples: np.ndarray, origin: float, freq: float, near: float, span: float = 1.0,
          ramp_s: float = 0.0) -> float | None:
    """Wall time where ``freq`` starts sounding within ``span`` s of ``near``.

    The capture is demodulated at ``freq`` and averaged over 800 samples (1/60 s): every
    other item's tone is a multiple of 60 Hz away, so it averages to exactly zero and a
    gapless change from one item to the next shows as a clean rise of this envelope. The
    rise crosses half its final height when the window's centre is ``ramp_s / 2`` after the
    start of a linear fade-in of ``ramp_s`` (the engine's cut fade), which gives the start."""
    lo = max(0, int((near - span - origin) * RATE))
    seg = np.asarray(samples[lo:lo + int(2 * span * RATE)], dtype=np.float64)
    win = RATE // 60
    if len(seg) < 4 * win:
        return None
    z = seg * np.exp(-2j * np.pi * freq * (lo + np.arange(len(seg))) / RATE)
    csum = np.concatenate([[0], np.cumsum(z)])
    env = np.abs(csum[win:] - csum[:-win]) / win  # env[i]: window [i, i + win)
    full = float(np.percentile(env, 95))
    if full < 10 ** (-45 / 20) / 2:
        return None
    above = np.flatnonzero(env >= full / 2)
    if len(above) == 0:
        return None
    i = int(above[0])
    # Sub-sample crossing between i-1 and i, then window centre minus half the fade-in.
    prev = env[i - 1] if i > 0 else 0.0
    frac = (full / 2 - prev) / (env[i] - prev) if env[i] != prev else 0.0
    centre = (i - 1 + frac) + win / 2
    return origin + (lo + centre) / RATE - ramp_s / 2


class Reference:
    """A check of the capture path with a known time: ``pacat --latency-msec=5`` plays a
    2.7 kHz burst, launched at a noted wall time. Heard minus launched is pacat's start-up
    and buffering (a few ms, never negative) plus the capture's own error, so a capture
    that maps audio early or late by more than that shows here."""

    FREQ = 2700.0

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env = env
        self.click = folder / "reference.raw"
        n = RATE // 20
        (0.25 * np.sin(2 * np.pi * self.FREQ * np.arange(n) / RATE)).astype("<f4").tofile(
            self.click)
        self.launched: list[float] = []

    def run(self, clicks: int = 5, every_s: float = 0.6) -> None:
        for _ in range(clicks):
            self.launched.append(time.time())
            subprocess.run(["pacat", "--playback", "-d", "studio", "--raw",
                            "--format=float32le", f"--rate={RATE}", "--channels=1",
                            "--latency-msec=5", str(self.click)], env=self.env, check=True)
            time.sleep(every_s)


def make_station(root: Path, minutes: float, items: int) -> tuple[list[tuple[float, float]], Path]:
    """A station with a published schedule of ``items`` tones filling ``minutes``; returns
    [(freq, planned start)] and the folder of the tone files (for the baseline)."""
    from media.tones import sine, write_wav
    from station import users
    from station.clock import zone
    from station.paths import DataDir
    from station.rights import Role
    from station.schedule import approval as schedule_approval
    from station.schedule import edits as schedule_edits
    from station.schedule import periods as schedule
    from station.startup import create_station
    from tests.support.playout import tone_item

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


def window_child(data: str, seconds: float) -> None:
    """The desktop window beside the service: log in as the editor, show On air, log out,
    again and again for ``seconds``; prints how many times and what the page showed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from station.paths import DataDir
    from ui import i18n
    from ui.main_window import MainWindow
    from ui.pages.onair import OnAirPage

    app = QApplication([])
    i18n.install("vi")
    win = MainWindow(DataDir(data))
    win.show()
    win.start()
    done = {"logins": 0, "logouts": 0, "on_air_shown": 0}
    end = time.monotonic() + seconds

    def step() -> None:
        if time.monotonic() > end:
            win._closing = True
            win.close()
            app.quit()
            return
        if win.workspace is None and win.ready:
            win.login_panel.user.setCurrentText("bientap")
            win.login_panel.password.setText("bientap-password")
            win.login_panel.submitted.emit("bientap", "bientap-password")
            done["logins"] += 1
            QTimer.singleShot(6000, step)
            return
        if win.workspace is not None:
            page = win.workspace.page(OnAirPage)
            win.workspace.nav.setCurrentRow(win.workspace.pages.index(page))
            if page.now_title.text().startswith("▶"):
                done["on_air_shown"] += 1
            win.logout_action.trigger()
            done["logouts"] += 1
        QTimer.singleShot(2000, step)

    QTimer.singleShot(3000, step)
    app.exec()
    print(json.dumps(done))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--window-child":
        window_child(sys.argv[2], float(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--items", type=int, default=60)
    ap.add_argument("--baseline-s", type=float, default=60.0)
    ap.add_argument("--service", action="store_true",
                    help="the station service plays (station service run)")
    ap.add_argument("--window-cycles", action="store_true",
                    help="with --service: a window logs in and out during the run")
    args = ap.parse_args()
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        raise SystemExit("pulseaudio and parec are needed")
    from media.playout.engine import CUT_FADE_S

    work = Path(tempfile.mkdtemp(prefix="bench-playout-"))
    env = start_pulse(work / "pulse")
    os.environ.update({k: env[k] for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH")})
    try:
        planned, tones = make_station(work / "data", args.minutes, args.items)
        cap = FileCapture(work / "capture.f32", env)
        time.sleep(3.0)  # parec delivers its first block some 2 s after it starts
        ref = Reference(env, work)
        ref.run()
        exe = Path(sys.executable).with_name("station")
        run_s = planned[0][1] - time.time() + args.minutes * 60 + 2
        window = None
        if args.service and args.window_cycles:
            window = subprocess.Popen(
                [sys.executable, __file__, "--window-child", str(work / "data"),
                 f"{run_s:.1f}"], env={**env, "QT_QPA_PLATFORM": "offscreen"},
                stdout=subprocess.PIPE, stderr=(work / "window.log").open("w"), text=True)
        if args.service:
            cpu, wall = cpu_of_child([str(exe), "--data-dir", str(work / "data"), "service",
                                      "run"], env, run_s, work / "playout.log")
        else:
            cpu, wall = cpu_of_child([str(exe), "--data-dir", str(work / "data"), "playout",
                                      "run", "--minutes", f"{run_s / 60:.3f}", "--json"], env,
                                     None, work / "playout.log")
        cycles = None
        if window is not None:
            out, _ = window.communicate(timeout=120)
            if out.strip():
                cycles = json.loads(out.strip().splitlines()[-1])
            else:  # the window died: say how
                cycles = {"exit": window.returncode,
                          "log": (work / "window.log").read_text()[-2000:]}
        samples = cap.stop()
        reference = [f - w for w in ref.launched
                     if (f := onset(samples, cap.origin_near(w), Reference.FREQ, w + 0.1, 0.3))
                     is not None]
        errors = []
        missing = 0
        for freq, at in planned:
            found = onset(samples, cap.origin_near(at), freq, at, ramp_s=CUT_FADE_S)
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
        "mode": "service" if args.service else "playout run", "window": cycles,
        "start_error_ms": {"p50": pct(absolute, 50), "p99": pct(absolute, 99),
                           "max": max(absolute)} if errors else None,
        "start_error_minus_offset_ms": {"offset": offset * 1000, "p50": pct(rel, 50),
                                        "p99": pct(rel, 99), "max": max(rel)} if errors else None,
        "errors_ms": [round(e * 1000, 1) for e in errors],
        "capture_sink_block_ms": cap.block_s * 1000,
        "capture_reference_ms": [round(r * 1000, 1) for r in reference],
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
