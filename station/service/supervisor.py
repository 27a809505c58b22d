"""The service's supervisor: one per data dir (a lock file), it starts the worker process and
starts it again within a second whenever it exits, is killed or stops beating; a worker that
dies at once again and again is started with a growing pause. SIGTERM or Ctrl+C stops the
worker cleanly, then the supervisor exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from station.errors import QT_TRANSLATE_NOOP, InstanceLocked
from station.lock import InstanceLock
from station.paths import DataDir
from station.service.status import heartbeat_age, lock_path, read

log = logging.getLogger(__name__)

RESTART_S = 0.05  # the pause before starting a worker that died after a good run
QUICK_S = 10.0  # a worker that dies sooner than this after its start "died at once"
MAX_PAUSE_S = 60.0
STUCK_S = 30.0  # a worker whose heartbeat is this old is stuck (an audio device that hangs)
STOP_WAIT_S = 20.0  # a clean stop closes the airing and the device; then it is killed
WORKER_FLAG = "--worker-of"  # the hidden option of `service run` that makes a worker


def entry_argv() -> list[str]:
    """The station program, without arguments: the worker and the boot unit start the same
    program this process is (the app itself when frozen by PyInstaller); from another
    program (a test runner, a window started as a module) the `station` script installed
    beside Python, else the module that is its entry point."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.stem == "station" and script.is_file():
        return [sys.executable, str(script.absolute())]
    beside = Path(sys.executable).with_name("station.exe" if os.name == "nt" else "station")
    if beside.is_file():
        return [str(beside)]
    return [sys.executable, "-m", "ui.launch"]


def worker_argv(datadir: DataDir, entry: list[str] | None = None) -> list[str]:
    return [*(entry or entry_argv()), "--data-dir", str(datadir.root), "service", "run",
            WORKER_FLAG, str(os.getpid())]


def start_detached(datadir: DataDir) -> int:
    """Start `station service run` for ``datadir`` in a session of its own (it outlives the
    process that started it: the window offers this when no service runs); its pid. A
    second one refuses by itself (the lock) and exits."""
    argv = [*entry_argv(), "--data-dir", str(datadir.root), "service", "run"]
    if sys.platform == "win32":
        flags = (subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
                 | subprocess.CREATE_NO_WINDOW)
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, creationflags=flags)
    else:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    log.info("service started in the background (process %d) for %s", proc.pid, datadir.root)
    return proc.pid


def run(datadir: DataDir, argv: list[str], announce: Callable[[], None] | None = None) -> int:
    """Hold the service lock and keep a worker (started with ``argv``) alive until SIGTERM;
    ``announce`` is called once the lock is ours."""
    lock = InstanceLock(lock_path(datadir))
    try:
        lock.acquire()
    except InstanceLocked as exc:
        raise InstanceLocked(QT_TRANSLATE_NOOP(
            "errors", "a station service is already running for {path} (process {pid})"),
            path=str(datadir.root), pid=exc.params.get("pid", "?")) from None
    if announce is not None:
        announce()
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    log.info("service supervisor %d started for %s", os.getpid(), datadir.root)
    proc: subprocess.Popen[bytes] | None = None
    quick = 0
    try:
        while not stopping.is_set():
            started = time.monotonic()
            proc = _spawn(argv)
            log.info("service worker %d started", proc.pid)
            while proc.poll() is None and not stopping.wait(0.05):
                if time.monotonic() - started > STUCK_S and _stuck(datadir, proc.pid):
                    log.error("service worker %d has not beaten for %.0f s: killing it",
                              proc.pid, STUCK_S)
                    proc.kill()
            if stopping.is_set():
                break
            quick = quick + 1 if time.monotonic() - started < QUICK_S else 0
            pause = RESTART_S if quick <= 1 else min(2.0 ** (quick - 1), MAX_PAUSE_S)
            log.warning("service worker %d exited (code %s); starting another in %.1f s",
                        proc.pid, proc.returncode, pause)
            stopping.wait(pause)
    finally:
        if proc is not None and proc.poll() is None:
            _stop(proc)
        lock.release()
        log.info("service supervisor %d stopped", os.getpid())
    return 0


def _spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    if sys.platform == "win32":
        # Its own process group, so a CTRL_BREAK (the clean stop) reaches only the worker.
        flags = subprocess.CREATE_NEW_PROCESS_GROUP | subprocess.CREATE_NO_WINDOW
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, creationflags=flags)
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        if sys.platform == "win32":
            proc.send_signal(signal.CTRL_BREAK_EVENT)
        else:
            proc.terminate()
        proc.wait(STOP_WAIT_S)
    except subprocess.TimeoutExpired:
        log.error("service worker %d did not stop: killing it", proc.pid)
        proc.kill()
        proc.wait(5)


def _stuck(datadir: DataDir, pid: int) -> bool:
    found = read(datadir)
    if found is None or found.get("pid") != pid:
        return False  # not started yet (opening a big database, a migration)
    age = heartbeat_age(found)
    return age is not None and age > STUCK_S
