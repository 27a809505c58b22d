"""Benchmark: how soon a client of the station service sees a change (the window's state).

    .venv/bin/python bench/bench_service_link.py [--runs 20]

Starts a private PulseAudio server (DESIGN.md section 8), a fresh station and the real
`station service run`, playing a published schedule of one long tone. A client watches the
service's channel as the window does (station/service/channel.py ``Watch``); another sends
Hold and Release as the editor, in turn, ``--runs`` times (the engine holds at once, so the
time is the channel's and the worker's, not the audio device's). The figure: the time from
sending the command to the watcher seeing the change (p50, max; the issue's target: under
200 ms). The baseline is the service's status file, which a client without the channel
would poll: the time until a poller reading it every 100 ms sees the same change (the file
is rewritten once a second), measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_playout import make_station, start_pulse  # noqa: E402


def pct(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values), q))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    from station.paths import DataDir
    from station.service import channel, status

    work = Path(tempfile.mkdtemp(prefix="bench-link-"))
    env = start_pulse(work / "pulse")
    os.environ.update({k: env[k] for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH")})
    datadir = DataDir(work / "data")
    planned, _tones = make_station(datadir.root, 3.0, 1)  # one 3-minute tone in 25 s
    exe = Path(sys.executable).with_name("station")
    proc = subprocess.Popen([str(exe), "--data-dir", str(datadir.root), "service", "run"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    channel_ms: list[float] = []
    file_ms: list[float] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                channel.call(datadir, "state", timeout=5)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        seen: dict[str, float] = {}
        stop = threading.Event()

        def watch() -> None:
            with channel.Watch(datadir) as feed:
                last = None
                while not stop.is_set():
                    state = feed.next(0.5)
                    snap = ((state or {}).get("playout") or {}).get("snapshot") or {}
                    if snap.get("title") and snap.get("hold") != last:
                        last = snap.get("hold")
                        seen[f"channel:{last}"] = time.monotonic()

        def poll_file() -> None:
            last = None
            while not stop.is_set():
                on_air = (status.read(datadir) or {}).get("on_air") or {}
                if on_air and on_air.get("hold") != last:
                    last = on_air.get("hold")
                    seen[f"file:{last}"] = time.monotonic()
                time.sleep(0.1)

        threads = [threading.Thread(target=watch, daemon=True),
                   threading.Thread(target=poll_file, daemon=True)]
        for t in threads:
            t.start()
        while time.time() < planned[0][1] + 2.0:  # the tone is on air
            time.sleep(0.1)
        for k in range(args.runs):
            on = k % 2 == 0  # hold first, then release, in turn
            seen.pop(f"channel:{on}", None)
            seen.pop(f"file:{on}", None)
            sent = time.monotonic()
            channel.call(datadir, "playout.hold", "bientap", on=on)
            wait_until = time.monotonic() + 5
            while time.monotonic() < wait_until and not (
                    f"channel:{on}" in seen and f"file:{on}" in seen):
                time.sleep(0.005)
            if f"channel:{on}" in seen:
                channel_ms.append((seen[f"channel:{on}"] - sent) * 1000)
            if f"file:{on}" in seen:
                file_ms.append((seen[f"file:{on}"] - sent) * 1000)
        stop.set()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "runs": args.runs,
        "channel_ms": {"n": len(channel_ms), "p50": pct(channel_ms, 50),
                       "max": max(channel_ms)} if channel_ms else None,
        "status_file_poll_ms": {"n": len(file_ms), "p50": pct(file_ms, 50),
                                "max": max(file_ms)} if file_ms else None,
    }
    if channel_ms and file_ms:
        result["ratio_p50"] = pct(file_ms, 50) / pct(channel_ms, 50)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
