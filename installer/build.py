"""Build the Linux bundle, smoke-test it, pack it, and print the figures.

    nice -n 19 .venv/bin/python installer/build.py            # the whole thing (~3 min)
    .venv/bin/python installer/build.py --skip-build           # re-check and re-pack dist/station

Steps: PyInstaller with installer/station.spec into dist/station/ (onedir); every bundled
library's dependencies resolve (ldd); `dist/station/station selftest` offscreen; an
AppImage-style AppDir (AppRun, .desktop, icon, the bundle in usr/lib/station) and a tarball
of it; the tarball unpacked in a temporary folder runs its own selftest with a bare
environment (no venv, no PYTHONPATH, an empty HOME), starts the desktop app offscreen for a
few seconds, and uses librosa once (numba compiles, cold cache). Then the figures: bundle
size, build time, cold start of `station --version` and of the main window, and librosa's
first use (import plus a first numba-jitted call) with a cold and a warm numba cache, beside
the same measure in the dev install. The figures also go to dist/build-figures.json.

Windows builds use the same spec by hand, then Inno Setup: see docs/installing.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "station.spec"
LINUX_FILES = INSTALLER / "linux"
# Libraries a bundled binary may name without the bundle holding them: the C library and
# the graphics stack (PyInstaller leaves those to the system), libstdc++/libgcc_s (the spec
# leaves them out), and numba's optional TBB thread pool (numba uses OpenMP without it).
SYSTEM_LIBRARIES = re.compile(
    r"lib(c|m|dl|rt|pthread|util|resolv|nsl|crypt|anl|mvec|stdc\+\+|gcc_s|GL|GLX|EGL|OpenGL|"
    r"GLESv2|GLdispatch|drm|xcb|xcb-dri\d|wayland-\w+|tbb)\.so.*|ld-linux.*")


def _version() -> str:
    text = (ROOT / "station" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", text)
    return match.group(1) if match else "0"


def _du(path: Path) -> tuple[int, int]:
    """Bytes and files under ``path``, symlinks counted as links (as a tarball holds them)."""
    total = files = 0
    for p in path.rglob("*"):
        if p.is_symlink() or p.is_file():
            total += p.lstat().st_size
            files += 1
    return total, files


def _mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a station PC's user: no venv, no Python variables, an empty HOME."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "STATION_NO_CRASH_DIALOG": "1",
           "XDG_RUNTIME_DIR": str(home / "run")}
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    env.update(extra)
    return env


@dataclass
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 600,
        cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    return Run(time.perf_counter() - start, done.returncode, done.stdout, done.stderr)


@dataclass
class Figures:
    version: str
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def note(self, key: str, value: Any, shown: str | None = None) -> None:
        self.values[key] = value
        print(f"  {key:<34} {shown if shown is not None else value}")
        sys.stdout.flush()


# -- steps ------------------------------------------------------------------------------------
def pyinstaller(dist: Path, work: Path, figures: Figures) -> Path:
    print(f"building with PyInstaller into {dist} (log: {work / 'pyinstaller.log'})")
    work.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    done = run(cmd, timeout=3600, cwd=ROOT)
    (work / "pyinstaller.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"PyInstaller failed (exit {done.returncode})")
    figures.note("build_seconds", round(done.seconds, 1), f"{done.seconds:.0f} s")
    return dist / "station"


def check_libraries(bundle: Path, figures: Figures) -> None:
    """Every library a bundled binary needs is in the bundle or is a system one (ldd)."""
    internal = bundle / "_internal"
    elves = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink()
             and p.open("rb").read(4) == b"\x7fELF"]
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    missing: set[str] = set()
    system: set[str] = set()
    for path in [bundle / "station", *elves]:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        for name, where in re.findall(r"^\s*(\S+) => (.+?) \(0x", out, re.M):
            if not where.startswith(str(internal)):
                system.add(name)
        for name in re.findall(r"^\s*(\S+) => not found", out, re.M):
            if not SYSTEM_LIBRARIES.fullmatch(name):
                missing.add(f"{name} (for {path.relative_to(bundle)})")
    figures.note("elf_files_checked", len(elves) + 1)
    figures.note("from_the_system", sorted(system), ", ".join(sorted(system)))
    if missing:
        figures.problems.append("unresolved libraries: " + ", ".join(sorted(missing)))
        print("  UNRESOLVED: " + ", ".join(sorted(missing)))
    # The newest symbol versions the bundle needs say which Linux it runs on.
    if shutil.which("objdump"):
        newest: dict[str, tuple[int, ...]] = {}
        for path in [bundle / "station", *elves]:
            out = subprocess.run(["objdump", "-T", str(path)], capture_output=True,
                                 text=True).stdout
            for lib, ver in re.findall(r"\((GLIBC|GLIBCXX)_([\d.]+)\)", out):
                parsed = tuple(int(x) for x in ver.split("."))
                newest[lib] = max(newest.get(lib, parsed), parsed)
        needs = {lib: ".".join(map(str, v)) for lib, v in sorted(newest.items())}
        figures.note("needs_from_system", needs,
                     ", ".join(f"{k} >= {v}" for k, v in needs.items()))


def selftest(exe: list[str], env: dict[str, str], figures: Figures, key: str) -> None:
    done = run([*exe, "selftest"], env=env, timeout=300)
    for line in done.stdout.splitlines():
        print(f"    {line}")
    if done.returncode != 0:
        figures.problems.append(f"{key} failed: {done.stderr.strip()[-1500:]}")
        print(done.stderr, file=sys.stderr)
    figures.note(key, done.returncode == 0, f"{'passed' if done.returncode == 0 else 'FAILED'} "
                 f"in {done.seconds:.1f} s")


def make_appdir(bundle: Path, target: Path) -> Path:
    """An AppImage-style folder: AppRun, the .desktop file and icon at the top, the bundle in
    usr/lib/station. Files are hard-linked from dist/station when the file system allows."""
    if target.exists():
        shutil.rmtree(target)
    lib = target / "usr" / "lib" / "station"
    lib.parent.mkdir(parents=True)
    try:
        shutil.copytree(bundle, lib, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(lib, ignore_errors=True)
        shutil.copytree(bundle, lib, symlinks=True)
    for name in ("AppRun", "install-menu-entry.sh", "station.desktop"):
        shutil.copy2(LINUX_FILES / name, target / name)
    png = bundle / "_internal" / "station.png"  # rendered by the spec (installer/icons.py)
    shutil.copy2(png, target / "station.png")
    icons = target / "usr" / "share" / "icons" / "hicolor"
    (icons / "256x256" / "apps").mkdir(parents=True)
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(png, icons / "256x256" / "apps" / "station.png")
    shutil.copy2(INSTALLER / "station.svg", icons / "scalable" / "apps" / "station.svg")
    (target / ".DirIcon").symlink_to("station.png")
    return target


def make_tarball(appdir: Path, tarball: Path, figures: Figures) -> None:
    start = time.perf_counter()
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(appdir, arcname=appdir.name)
    seconds = time.perf_counter() - start
    size = tarball.stat().st_size
    figures.note("tarball_bytes", size, f"{_mb(size)} ({tarball.name}, packed in {seconds:.0f} s)")


def gui_start(exe: list[str], home: Path, figures: Figures, seconds: float = 6.0) -> None:
    """`station` with no command, as the menu entry starts it: it must still be running
    after the main window's start-up and its background warm-up (numpy/scipy, 1.5 s in),
    with nothing critical in its log."""
    proc = subprocess.Popen(exe, env=bare_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(10)
        alive = True
    else:
        alive = False
    logs = list(home.rglob("logs/*.log"))
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    ok = alive and "starting Station" in text and not re.search(r"CRITICAL|Traceback", text)
    if not ok:
        err = proc.stderr.read() if proc.stderr else ""
        figures.problems.append(f"the app did not keep running: {err[-800:]} {text[-800:]}")
    figures.note("gui_start", ok,
                 f"ran {seconds:.0f} s offscreen, log clean" if ok else "FAILED")


def _step_line(out: str, step: str) -> str:
    for line in out.splitlines():
        if line.startswith("[ok]") and f" {step}:" in line:
            return line
    return ""


def measure(exe: list[str], dev_exe: list[str], home: Path, figures: Figures) -> None:
    env = bare_env(home)
    # `station --version`: the first start of the unpacked copy, then the median of five.
    first = run([*exe, "--version"], env=env)
    again = [run([*exe, "--version"], env=env).seconds for _ in range(5)]
    figures.note("version_first_s", round(first.seconds, 3),
                 f"{first.seconds:.2f} s first start, {statistics.median(again):.2f} s median of 5")
    figures.values["version_median_s"] = round(statistics.median(again), 3)

    # The main window, offscreen, up to its first screen accepting input (a first run).
    window_env = {**env, "STATION_SELFTEST_STEPS": "window"}
    runs = [run([*exe, "selftest"], env=window_env) for _ in range(3)]
    ages = []
    for r in runs:
        m = re.search(r"([\d.]+) s after the process started", _step_line(r.stdout, "window"))
        if m:
            ages.append(float(m.group(1)))
    if ages:
        figures.note("window_ready_s", ages,
                     f"{ages[0]:.2f} s first, {statistics.median(ages):.2f} s median of 3 "
                     f"(process start to a ready window; whole run {runs[0].seconds:.2f} s)")
    else:
        figures.problems.append("window step failed: " + runs[0].stderr[-800:])

    # librosa's first use with a warm numba cache (main() made the cold run as a check).
    librosa_run(exe, home, figures, "frozen", "warm")
    for state in ("cold", "warm"):  # the same in the dev install, for comparison
        librosa_run(dev_exe, home, figures, "dev", state)


def librosa_run(exe: list[str], home: Path, figures: Figures, name: str, state: str) -> None:
    """librosa's first use (import + a first numba-jitted call) in a process of its own, with
    a numba cache in ``home`` that starts empty (cold) and is then reused (warm)."""
    env = bare_env(home, STATION_SELFTEST_STEPS="librosa",
                   NUMBA_CACHE_DIR=str(home / f"numba-{name}"))
    r = run([*exe, "selftest"], env=env, timeout=900)
    m = re.search(r"import ([\d.]+) s, first viterbi ([\d.]+) s", _step_line(r.stdout, "librosa"))
    if not m:
        figures.problems.append(f"librosa ({name}, {state} cache) failed: {r.stderr[-800:]}")
        figures.note(f"librosa_{name}_{state}_s", None, "FAILED")
        return
    imp, call = float(m.group(1)), float(m.group(2))
    figures.note(f"librosa_{name}_{state}_s",
                 {"import": imp, "first_call": call, "process": round(r.seconds, 2)},
                 f"import {imp:.2f} s + first jitted call {call:.2f} s "
                 f"(whole process {r.seconds:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--skip-build", action="store_true", help="use dist/station as it is")
    parser.add_argument("--no-figures", action="store_true",
                        help="build, check and pack only (saves ~40 s of measuring)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("installer/build.py builds the Linux bundle; on Windows see docs/installing.md",
              file=sys.stderr)
        return 2

    version = _version()
    figures = Figures(version)
    import PyInstaller
    import PySide6

    figures.values.update(python=platform.python_version(), pyside6=PySide6.__version__,
                          pyinstaller=PyInstaller.__version__, machine=platform.machine())
    dist, work = args.dist.resolve(), args.work.resolve()
    print(f"Station {version}: Python {platform.python_version()}, PySide6 "
          f"{PySide6.__version__}, PyInstaller {PyInstaller.__version__}")
    bundle = dist / "station" if args.skip_build else pyinstaller(dist, work, figures)
    if not (bundle / "station").exists():
        raise SystemExit(f"no bundle in {bundle}: build it first (without --skip-build)")
    size, files = _du(bundle)
    figures.note("bundle_bytes", size, f"{_mb(size)} in {files} files ({bundle})")
    internal = bundle / "_internal"
    parts = sorted(((_du(p)[0] if p.is_dir() else p.lstat().st_size, p.name)
                    for p in internal.iterdir()), reverse=True)[:8]
    figures.note("largest_parts", {n: s for s, n in parts},
                 ", ".join(f"{n} {_mb(s)}" for s, n in parts))
    check_libraries(bundle, figures)

    with tempfile.TemporaryDirectory(prefix="station-build-") as tmp_name:
        tmp = Path(tmp_name)
        print("selftest of dist/station, offscreen:")
        selftest([str(bundle / "station")], bare_env(tmp / "home-dist"), figures,
                 "selftest_dist")

        appdir = make_appdir(bundle, dist / f"station-{version}-x86_64")
        tarball = dist / f"station-{version}-linux-x86_64.tar.gz"
        make_tarball(appdir, tarball, figures)

        print("the tarball unpacked elsewhere, run through AppRun with a bare environment:")
        unpacked = tmp / "unpacked"
        with tarfile.open(tarball) as tar:
            tar.extractall(unpacked, filter="tar")
        apprun = [str(unpacked / appdir.name / "AppRun")]
        selftest(apprun, bare_env(tmp / "home-tar"), figures, "selftest_unpacked")
        gui_start(apprun, tmp / "home-gui", figures)
        # librosa is not in the default selftest (its first use compiles for many seconds),
        # but a part of it missing from the bundle shows only there: checked every build.
        librosa_run(apprun, tmp / "home-m", figures, "frozen", "cold")
        if not args.no_figures:
            print("figures (the unpacked copy; a first start reads files the page cache may "
                  "already hold, since they were just written):")
            measure(apprun, [str(Path(sys.executable).with_name("station"))], tmp / "home-m",
                    figures)

    out = dist / "build-figures.json"
    out.write_text(json.dumps({"version": version, **figures.values,
                               "problems": figures.problems}, indent=2), encoding="utf-8")
    print(f"figures written to {out}")
    if figures.problems:
        print("PROBLEMS:\n  " + "\n  ".join(figures.problems), file=sys.stderr)
        return 1
    print(f"OK: {appdir}\n    {tarball}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
