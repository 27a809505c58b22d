"""What the service's worker runs: jobs. A job is stepped on the worker's main thread (the
owner of the station's main connection) every few tens of milliseconds; work that may take
long (an import, a sync) runs on the job's own thread so it never holds up playout's ticks.

The core's jobs are playout of the published schedule, scheduled recordings and the watched
folders. The layers above the core plug theirs in (sync, relay refresh) through
station/service/plugins.py, called by the composition root (ui/launch.py), so the core never
imports them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from station.service.plugins import providers

if TYPE_CHECKING:
    from media.taskstate import TaskState
    from station.playout.runner import Runner
    from station.station import Station

log = logging.getLogger(__name__)


class Job(Protocol):
    """One kind of unattended work. ``step`` starts the work when it is not running (so a job
    the worker stopped after a failure starts afresh on the next step); ``stop`` releases
    everything; ``status`` adds keys to the service's status file (``alarms`` is a list the
    worker joins)."""

    name: str

    def step(self, st: Station) -> None: ...

    def stop(self, st: Station) -> None: ...

    def status(self, st: Station) -> dict[str, Any]: ...


JobFactory = Callable[[], Job]


def factories() -> list[JobFactory]:
    """The core's jobs, then the plugged-in ones."""
    found: list[JobFactory] = [PlayoutJob, RecordingJob, WatchJob]
    for provider in providers():
        found += list(provider())
    return found


# -- a job with a thread of its own -----------------------------------------------------------
class Periodic:
    """Runs :meth:`work` every ``every_s`` seconds on its own thread (with its own database
    connection). What the thread raised is raised again by the next :meth:`step`, so the
    worker counts the failure and starts the job afresh."""

    name = "periodic"
    every_s = 5.0

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._error: BaseException | None = None
        self._state: TaskState | None = None

    def work(self, st: Station, state: TaskState) -> None:
        raise NotImplementedError

    def step(self, st: Station) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self._thread is None or not self._thread.is_alive():
            from media.taskstate import TaskState

            self._stopping.clear()
            self._state = TaskState()
            self._thread = threading.Thread(target=self._loop, args=(st, self._state),
                                            name=f"service-{self.name}", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Run the work now rather than at the end of the current wait."""
        self._wake.set()

    def stop(self, st: Station, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._state is not None:
            self._state.cancel()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("service job %s did not stop within %.0f s", self.name, timeout)
        self._thread = None

    def _loop(self, st: Station, state: TaskState) -> None:
        try:
            while not self._stopping.is_set():
                self.work(st, state)
                self._wake.wait(self.every_s)
                self._wake.clear()
        except BaseException as exc:  # handed to the worker by the next step
            if not self._stopping.is_set():
                self._error = exc
        finally:
            st.db.close()  # this thread's connection; a restarted job opens a new one

    def status(self, st: Station) -> dict[str, Any]:
        return {}


# -- playout ----------------------------------------------------------------------------------
ALARM_REPEAT_S = 2.0  # an alarm sounds again this often until an operator has seen it
ON_AIR_CHECK_S = 2.0  # how often the stored Start/Stop is read again (the CLI may change it)


class PlayoutJob:
    """On-air playout of the published schedule: the runner of `station playout run`. A new
    runner after a crash or a failure rejoins the clock at the right offset (the runner
    closes the cut airing at its last heartbeat and plays the current item from where the
    clock has got to). It plays unless an operator pressed Stop (stored, so a restart keeps
    it stopped); the operators' commands come through the service's channel."""

    name = "playout"

    def __init__(self) -> None:
        self.runner: Runner | None = None
        self.on_air: bool | None = None
        self._checked_at = 0.0

    def _wanted(self, st: Station) -> bool:
        import time

        from station import settings

        if self.on_air is None or time.monotonic() - self._checked_at > ON_AIR_CHECK_S:
            self.on_air = bool(settings.PLAYOUT_ON_AIR.get(st.db))
            self._checked_at = time.monotonic()
        return self.on_air

    def step(self, st: Station) -> None:
        if not self._wanted(st):
            if self.runner is not None:
                self.stop(st)
            return
        if self.runner is None:
            self._start(st)
        assert self.runner is not None
        self.runner.tick()

    def _start(self, st: Station) -> None:
        from station import settings
        from station.playout.runner import Runner, make_engine

        self.runner = Runner(st, make_engine(st), alarm_repeat_s=ALARM_REPEAT_S)
        try:
            self.runner.start()
            # The voice loaded now: an emergency bulletin may come at any time.
            self.runner.speaker.start(settings.PLAYOUT_TTS_VOICE.get(st.db))
        except BaseException:
            runner, self.runner = self.runner, None
            with contextlib.suppress(Exception):  # a half-open device must not stay open
                runner.stop() if runner.running else runner.engine.stop()
            raise
        log.info("service playout started on %s", self.runner.engine.output.stats.device)

    def stop(self, st: Station) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.stop()

    # -- the operators' commands (run as the acting user, who must have the right) ----------
    def commands(self) -> dict[str, Callable[[Station, dict[str, Any]], Any]]:
        return {"playout.start": self._cmd_start, "playout.stop": self._cmd_stop,
                "playout.skip": lambda st, _a: self._running(st, "skip on air").skip(),
                "playout.hold": lambda st, a: self._running(st, "hold on air").hold(
                    bool(a.get("on", True))),
                "playout.insert": lambda st, a: self._running(st, "insert item on air").insert(
                    str(a["item_id"])),
                "playout.acknowledge": lambda st, _a: self._running(
                    st, "acknowledge alarms").acknowledge()}

    def _running(self, st: Station, what: str) -> Runner:
        from station.errors import QT_TRANSLATE_NOOP, ValidationError
        from station.rights import Right

        st.require(Right.PLAYOUT_RUN, what)
        if self.runner is None or not self.runner.running:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "playout is not running"))
        return self.runner

    def _cmd_start(self, st: Station, _args: dict[str, Any]) -> None:
        from station import settings
        from station.rights import Right

        st.require(Right.PLAYOUT_RUN, "run playout")
        settings.PLAYOUT_ON_AIR.set(st.db, True)
        self.on_air = True
        if self.runner is None:
            self._start(st)  # now, as the operator: the audit says who started it

    def _cmd_stop(self, st: Station, _args: dict[str, Any]) -> None:
        from station import settings
        from station.rights import Right

        st.require(Right.PLAYOUT_RUN, "stop playout")
        settings.PLAYOUT_ON_AIR.set(st.db, False)
        self.on_air = False
        self.stop(st)

    # -- what clients see ---------------------------------------------------------------------
    def live(self, st: Station) -> dict[str, Any]:
        """The full snapshot for the On Air page (the status file has a summary)."""
        snap = self.runner.snapshot() if self.runner is not None else None
        return {"on_air": bool(self.on_air),
                "snapshot": None if snap is None else snap.to_json_dict()}

    def status(self, st: Station) -> dict[str, Any]:
        from station.clock import local_iso, zone

        if self.runner is None:
            return {"playing": False, "on_air": None, "next_event": None}
        tz = zone(st)
        snap = self.runner.snapshot()
        now = datetime.now(UTC)
        on_air = None
        if snap.running and snap.title:
            ends = (local_iso(now + timedelta(seconds=snap.remaining_s), tz)
                    if snap.remaining_s is not None else None)
            on_air = {"title": snap.title, "kind": snap.kind,
                      "started": local_iso(now - timedelta(seconds=snap.elapsed_s), tz),
                      "ends": ends, "hold": snap.hold}
        next_event = None
        if snap.next_events:
            at, title, duration, problem = snap.next_events[0]
            next_event = {"at": local_iso(at, tz), "title": title, "duration_s": duration,
                          "problem": problem}
        alarms = [{"source": "playout", "kind": a.kind, "detail": a.detail,
                   "at": local_iso(a.at, tz), "reason": a.reason, "cleared": a.cleared}
                  for a in snap.alarms[-20:]]
        return {"playing": True, "on_air": on_air, "next_event": next_event, "alarms": alarms}


# -- watched folders --------------------------------------------------------------------------
class WatchJob(Periodic):
    """The watched import folders, scanned every few seconds on the job's thread; the folders
    are read again from the settings at each scan (a scan with nothing new is one stat)."""

    name = "watch"
    every_s = 5.0

    def __init__(self) -> None:
        super().__init__()
        self._folders: list[Any] = []
        self._watchers: list[Any] = []
        self.imported = 0
        self.last_scan: str | None = None

    def work(self, st: Station, state: TaskState) -> None:
        from station.clock import now_iso
        from station.library import watch

        folders = watch.watched_folders(st)
        if folders != self._folders:  # a folder added or removed since the last scan
            self._folders, self._watchers = folders, watch.watchers(st)
        for watcher in self._watchers:
            for event in watcher.scan(state):
                if event.kind == "imported":
                    self.imported += 1
                    log.info("watched folder: imported %s from %s", event.file, event.folder)
                elif event.kind in ("refused", "error", "unavailable", "failed"):
                    log.warning("watched folder: %s %s in %s: %s", event.kind, event.file,
                                event.folder, event.reason)
        self.last_scan = now_iso()

    def status(self, st: Station) -> dict[str, Any]:
        return {"watch": {"folders": len(self._folders), "imported": self.imported,
                          "last_scan": self.last_scan}}


# -- scheduled recordings ---------------------------------------------------------------------
class RecordingJob:
    """The unattended recording rules: armed ahead and cut to their window by the clock
    (station/recording/on_time.py), on a thread of their own so a long import never holds
    up playout. Runs a crash interrupted are closed once, at the job's start."""

    name = "recordings"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.done = 0
        self.failed = 0
        self.last_error: str | None = None

    def step(self, st: Station) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, args=(st,), name="recordings",
                                            daemon=True)
            self._thread.start()
        elif not self._thread.is_alive():
            raise RuntimeError(self.last_error or "the recording scheduler stopped")

    def _run(self, st: Station) -> None:
        from station.recording import on_time
        from station.recording import rules as rr

        try:
            rr.recover_interrupted(st)
            on_time.run_scheduler(st, self._stop, on_done=self._told)
        except Exception as exc:  # the worker restarts the job and raises the alarm
            log.exception("recording scheduler failed")
            self.last_error = str(exc)

    def _told(self, run_id: str, outcome: Any) -> None:
        if isinstance(outcome, BaseException):
            self.failed += 1
            self.last_error = str(outcome)
        else:
            self.done += 1
            self.last_error = None  # a good take since: the failure is no longer news

    def stop(self, st: Station) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def status(self, st: Station) -> dict[str, Any]:
        from station.recording import rules as rr

        return {"recordings": {"done": self.done, "failed": self.failed,
                               "last_error": self.last_error, "now": rr.under_way(st)}}
