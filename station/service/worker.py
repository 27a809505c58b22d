"""The service's worker: opens the station, steps every job, writes the status file.

A job that raises is logged, stopped and started afresh on a later step (sooner the first
time, then backing off to 30 s); one that keeps failing is an alarm in the status. The worker
exits when its supervisor is gone, and stops its jobs cleanly on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from station.errors import QT_TRANSLATE_NOOP, AuthError, PermissionDenied, ValidationError
from station.paths import DataDir
from station.service.channel import PUSH_EVERY_S, Server
from station.service.jobs import Job, JobFactory, factories
from station.station import Station

log = logging.getLogger(__name__)

STEP_S = 0.05
STATUS_EVERY_S = 1.0
RECORDING_EVERY_S = 10.0  # the next recording changes only when the rules do
FAILING_AFTER = 3  # failures in a row that make an alarm
CALM_AFTER_S = 60.0  # a job that ran this long since its last failure starts counting again
MAX_RETRY_S = 30.0


def status_path(datadir: DataDir) -> Path:
    return datadir.root / "service" / "status.json"


def actor() -> str:
    """Who the service's work is audited as: the OS user it runs as."""
    return f"service:{getpass.getuser()}"


@dataclass
class _Guarded:
    job: Job
    failures: int = 0
    retry_at: float = 0.0
    failed_at: float = 0.0
    error: str = ""


class Worker:
    def __init__(self, st: Station, jobs: list[JobFactory], parent_pid: int | None) -> None:
        from station.clock import now_iso

        self.st = st
        self.parent_pid = parent_pid
        self.started_at = now_iso()
        self.jobs = [_Guarded(make()) for make in jobs]
        self.stopping = threading.Event()
        self.channel: Server | None = None
        self._wake = threading.Event()  # a request waits, or the worker must stop
        self._pushed_at = 0.0
        self._recording: dict[str, Any] | None = None
        self._recording_at = 0.0

    # -- the loop ---------------------------------------------------------------------------
    def run(self) -> None:
        self.write_status()
        self._open_channel()
        last_status = time.monotonic()
        try:
            while not self.stopping.is_set():
                if not self.parent_alive():
                    log.warning("service worker: the supervisor (pid %s) is gone; stopping",
                                self.parent_pid)
                    break
                for g in self.jobs:
                    self._step(g)
                if self.channel is not None:
                    self.channel.serve(self.command)
                    if self.channel.watched and time.monotonic() - self._pushed_at >= PUSH_EVERY_S:
                        self._pushed_at = time.monotonic()
                        self.channel.publish(self.live())
                if time.monotonic() - last_status >= STATUS_EVERY_S:
                    last_status = time.monotonic()
                    self.write_status()
                self._wake.wait(STEP_S)
                self._wake.clear()
        finally:
            if self.channel is not None:
                self.channel.close()
            for g in self.jobs:
                try:
                    g.job.stop(self.st)
                except Exception:
                    log.exception("service job %s did not stop cleanly", g.job.name)
            self.write_status(stopped=True)

    def stop(self) -> None:
        self.stopping.set()
        self._wake.set()

    # -- the channel to the clients -------------------------------------------------------------
    def _open_channel(self) -> None:
        channel = Server(self.st.datadir)
        channel.wake = self._wake  # a request wakes the loop at once
        try:
            channel.start()
        except OSError:  # playout goes on; the window falls back to the status file
            log.exception("the service channel cannot be opened")
            return
        self.channel = channel

    def command(self, op: str, user: str | None, args: dict[str, Any]) -> Any:
        """A client's request, run as ``user`` (checked and audited by the core as that user).
        ``state`` needs no user: it is what the status file holds."""
        if op == "state":
            return self.live()
        for g in self.jobs:
            handlers = getattr(g.job, "commands", None)
            handler = handlers().get(op) if handlers is not None else None
            if handler is not None:
                with acting(self.st, user):
                    result = handler(self.st, args)
                self._pushed_at = 0.0  # the clients see the effect at the next step
                return result
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the service does not know “{op}”"),
                              op=op)

    def live(self) -> dict[str, Any]:
        """What the clients are sent: the status, with playout in full."""
        found = self.status()
        for g in self.jobs:
            live = getattr(g.job, "live", None)
            if live is not None:
                try:
                    found[g.job.name] = live(self.st)
                except Exception:
                    log.exception("service job %s cannot say its state", g.job.name)
        return found

    def parent_alive(self) -> bool:
        from station.procs import pid_alive

        if self.parent_pid is None:
            return True
        if os.name != "nt" and os.getppid() != self.parent_pid:
            return False  # re-parented: the supervisor died (its pid may be reused)
        return pid_alive(self.parent_pid)

    def _step(self, g: _Guarded) -> None:
        now = time.monotonic()
        if now < g.retry_at:
            return
        try:
            g.job.step(self.st)
        except Exception as exc:
            g.failures += 1
            g.failed_at = now
            g.error = f"{type(exc).__name__}: {exc}"
            g.retry_at = now + min(0.5 * 2 ** (g.failures - 1), MAX_RETRY_S)
            log.exception("service job %s failed (%d in a row); restarting it in %.1f s",
                          g.job.name, g.failures, g.retry_at - now)
            try:
                g.job.stop(self.st)
            except Exception:
                log.exception("service job %s did not stop after its failure", g.job.name)
            return
        if g.failures and now - g.failed_at > CALM_AFTER_S:
            g.failures, g.error = 0, ""

    # -- the status file -------------------------------------------------------------------
    def status(self, *, stopped: bool = False) -> dict[str, Any]:
        from station import __version__
        from station.clock import now_iso

        found: dict[str, Any] = {
            "pid": os.getpid(), "supervisor_pid": self.parent_pid,
            "started_at": self.started_at, "heartbeat": now_iso(), "version": __version__,
            "stopped": stopped, "on_air": None, "next_event": None,
            "next_recording": self.next_recording(), "last_sync": None}
        alarms: list[dict[str, Any]] = []
        jobs: dict[str, Any] = {}
        for g in self.jobs:
            jobs[g.job.name] = {"failures": g.failures, "error": g.error}
            if g.failures >= FAILING_AFTER:
                alarms.append({"source": "service", "kind": "job_failing", "job": g.job.name,
                               "detail": g.error, "failures": g.failures})
            try:
                part = dict(g.job.status(self.st))
            except Exception:
                log.exception("service job %s cannot say its status", g.job.name)
                continue
            alarms += part.pop("alarms", [])
            found.update(part)
        found["alarms"] = alarms
        found["jobs"] = jobs
        return found

    def write_status(self, *, stopped: bool = False) -> None:
        from media.files import write_atomic

        path = status_path(self.st.datadir)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(self.status(stopped=stopped), ensure_ascii=False,
                                          indent=1).encode("utf-8"))
        except OSError:
            log.exception("cannot write the service status %s", path)

    def next_recording(self) -> dict[str, Any] | None:
        """The next window of a recording rule (cached: the rules change seldom)."""
        if time.monotonic() - self._recording_at < RECORDING_EVERY_S and self._recording_at:
            return self._recording
        self._recording_at = time.monotonic()
        try:
            from station.clock import local_iso, zone
            from station.recording import rules

            tz = zone(self.st)
            now = datetime.now(UTC)
            best: tuple[datetime, Any] | None = None
            for rule in rules.list_rules(self.st):
                at = rules.next_start(rule, tz, now)
                if at is not None and (best is None or at < best[0]):
                    best = (at, rule)
            self._recording = None if best is None else {
                "at": local_iso(best[0], tz), "title": best[1].title, "rule_id": best[1].id,
                "source": best[1].source, "seconds": best[1].duration_s}
        except Exception:  # the status must never fail for it
            log.exception("cannot compute the next recording")
            self._recording = None
        return self._recording


@contextlib.contextmanager
def acting(st: Station, username: str | None) -> Iterator[None]:
    """Run a client's command as the user it names (an active account of this station)."""
    from station import users

    if not username:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "errors", "a command to the service must say which user sends it"))
    user = users.get(st, username)
    if not user.active:
        raise AuthError(QT_TRANSLATE_NOOP("errors", "the account {name} is disabled"),
                        name=user.username)
    service_user, st.user = st.user, user
    try:
        yield
    finally:
        st.user = service_user


def main(datadir: DataDir, parent_pid: int | None) -> int:
    """The worker process: run until SIGTERM, Ctrl+C or the supervisor's death."""
    from station import logs
    from station.errors import StationError
    from station.rights import Role
    from station.startup import open_station
    from station.station import User

    logs.setup(datadir.logs)
    try:
        st = open_station(datadir)
    except StationError as exc:  # damaged, full, read-only: the log says why it stops
        log.error("service worker cannot open the station: %s", exc)
        raise
    st.user = User(id="", username=actor(), full_name="", role=Role.ADMIN)
    worker = Worker(st, factories(), parent_pid)
    stops = [signal.SIGTERM, signal.SIGINT]
    if sys.platform == "win32":
        stops.append(signal.SIGBREAK)  # the supervisor's CTRL_BREAK
    for sig in stops:
        signal.signal(sig, lambda *_: worker.stop())
    log.info("service worker %d started for %s", os.getpid(), datadir.root)
    try:
        worker.run()
    finally:
        st.close()
    log.info("service worker %d stopped", os.getpid())
    return 0
