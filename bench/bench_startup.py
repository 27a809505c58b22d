"""Start-up figures: `station --version`, and cold start to a usable main window.

Each figure is measured in fresh processes beside its baseline in the same run:
- `station --version` against a bare `python -c pass` (the interpreter's own start);
- cold start (process spawn to the login panel ready; then to the logged-in Library page
  showing its items) on an empty station and on the demo station, against a bare
  PySide6 window (`QApplication` + an empty `QMainWindow` shown).

    .venv/bin/python bench/bench_startup.py [--runs N]
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
PY = sys.executable
STATION = str(Path(PY).with_name("station"))
PASSWORD = "bench-password"

# Run in a fresh interpreter: the same steps as ui/app.py main(), then a login as a user
# would do it, timing each milestone from the moment the parent spawned the process.
DRIVER = r"""
import os, sys, time
t0 = float(sys.argv[1])
def mark(name): print(f"{name} {time.time() - t0:.4f}", flush=True)
from pathlib import Path
from PySide6.QtWidgets import QApplication
from station.paths import DataDir
from ui import crash, i18n
app = QApplication(sys.argv[:1])
crash.install(); i18n.install("vi")
from ui.main_window import MainWindow
from ui.library.page import LibraryPage
w = MainWindow(DataDir(sys.argv[2])); w.show(); w.start()
while not w.ready:
    app.processEvents(); time.sleep(0.001)
mark("login_ready")
w.login_panel.user.setCurrentText("admin"); w.login_panel.password.setText(sys.argv[3])
w.login_panel.button.click()
while w.workspace is None:
    app.processEvents(); time.sleep(0.001)
page = w.workspace.page(LibraryPage)
while not page.summary.text():
    app.processEvents(); time.sleep(0.001)
mark("library_shown")
from ui.operations import wait_all
wait_all(); os._exit(0)
"""

BARE = r"""
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1]); w = QMainWindow(); w.resize(1200, 760); w.show()
app.processEvents()
print(f"shown {time.time() - t0:.4f}", flush=True)
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def milestones(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "STATION_NO_CRASH_DIALOG": "1"}
    out = subprocess.run([PY, "-c", code, f"{time.time():.6f}", *args], check=True,
                         capture_output=True, text=True, env=env, cwd=ROOT).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines() if line.strip())}


def make_station(root: Path, demo: bool) -> Path:
    env = {**os.environ, "STATION_ADMIN_PASSWORD": PASSWORD}
    cmd = [STATION, "--data-dir", str(root), "init", "--station-name", "Đài thử", "--admin",
           "admin"] + (["--demo"] if demo else [])
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return root


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    n = args.runs
    version = [timed([STATION, "--version"]) for _ in range(n)]
    python = [timed([PY, "-c", "pass"]) for _ in range(n)]
    print(f"station --version        median {median(version) * 1000:7.1f} ms  "
          f"(python -c pass {median(python) * 1000:.1f} ms, ratio "
          f"{median(version) / median(python):.2f}x)  target < 300 ms")
    bare = [milestones(BARE)["shown"] for _ in range(n)]
    print(f"bare PySide6 window      median {median(bare) * 1000:7.1f} ms  (baseline)")
    with tempfile.TemporaryDirectory() as tmp:
        for label, demo in (("empty station", False), ("demo station", True)):
            data = make_station(Path(tmp) / label.replace(" ", "-"), demo)
            runs = [milestones(DRIVER, str(data), PASSWORD) for _ in range(n)]
            ready = median([r["login_ready"] for r in runs])
            shown = median([r["library_shown"] for r in runs])
            print(f"{label:<24} login panel ready {ready * 1000:7.1f} ms "
                  f"({ready / median(bare):.2f}x bare window); library shown after login "
                  f"{shown * 1000:7.1f} ms; target < 1500 ms")


if __name__ == "__main__":
    main()
