"""Sync by itself while no station service does: at start, every few minutes while online,
and within seconds of the link coming back. One run at a time, on its own thread (a sync may
take long on a slow link)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from media.taskstate import TaskState
from station.changes import Changes
from station.station import Station
from ui.operations import bus
from ui.operations import sync as sync_ops

log = logging.getLogger(__name__)
# How often the link is probed (a TCP connect: cheap). A returning link is used within 5 s:
# one period, plus the probe and the start of the run on a loaded machine.
LINK_CHECK_MS = 2000


class SyncService(QObject):
    state_changed = Signal(dict)  # {'link': bool|None, 'running': bool, 'report': ...}
    transfer = Signal(object)  # sync.meter.Transfer while files move (speed, time left)
    waiting_changed = Signal(object)  # sync.engine.Waiting: what waits to go up, and why

    def __init__(self, station: Station, parent: QObject | None = None,
                 elsewhere: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.station = station
        self.elsewhere = elsewhere  # true while the station service syncs by itself
        self.hub_url = ""
        self.interval_s = 300.0
        self.paused = False
        self.running = False
        self.link: bool | None = None
        self.last_report: Any = None
        self.last_success: float | None = None
        self.waiting: Any = None
        self._last_run = 0.0
        self._task: TaskState | None = None
        self._checking = False
        self._again = False  # "sync now" (or Resume) came while a run was ending
        self.timer = QTimer(self)
        self.timer.setInterval(LINK_CHECK_MS)
        self.timer.timeout.connect(self._tick)
        bus.changed.connect(self._changed)
        self.reload_settings()
        self.refresh_waiting()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._task is not None:
            self._task.cancel()
        with contextlib.suppress(RuntimeError, TypeError):
            bus.changed.disconnect(self._changed)

    def reload_settings(self) -> None:
        sync_ops.sync_settings(self, self.station).success(self._settings).run_in_background()

    def _settings(self, found: tuple[str, float]) -> None:
        self.hub_url, minutes = found
        self.interval_s = max(minutes, 1) * 60.0
        self._emit()

    def _changed(self, changes: Changes) -> None:
        if changes.settings:
            self.reload_settings()
        if changes.any():
            self.refresh_waiting()

    def refresh_waiting(self) -> None:
        """Count what waits (changes, files, bytes) and whether media may go up now."""
        sync_ops.waiting(self, self.station).success(self._waiting).run_in_background()

    def _waiting(self, found: Any) -> None:
        self.waiting = found
        self.waiting_changed.emit(found)

    def set_paused(self, paused: bool) -> None:
        """Pause stops a run at once (what moved is kept: uploads and downloads resume);
        Resume syncs now when the link is up."""
        self.paused = paused
        if paused and self._task is not None:
            self._task.cancel()
        self._emit()
        if not paused and self.link:
            self.run_now()

    def _tick(self) -> None:
        if not self.hub_url or self._checking:
            return
        self._checking = True
        sync_ops.check_link(self, self.hub_url).success(self._link_checked).run_in_background()

    def _link_checked(self, up: bool) -> None:
        self._checking = False
        came_back = up and self.link is False
        first = up and self.link is None
        self.link = up
        self._emit()
        due = time.monotonic() - self._last_run >= self.interval_s
        if up and (came_back or first or due) and not self.elsewhere():
            self.run_now()

    def run_now(self) -> None:
        if self.running:
            self._again = True
            return
        if self.paused or not self.hub_url:
            return
        self.running = True
        self._last_run = time.monotonic()
        self._emit()
        # The meter reports from the worker thread; the signal queues it to the GUI.
        self._task = sync_ops.run_sync(self, self.station, self.transfer.emit) \
            .success(self._done).failure(self._failed).run_in_background()

    def _run_again(self) -> None:
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.run_now)

    def _done(self, report: Any) -> None:
        self.running = False
        self._task = None
        self._run_again()
        self.last_report = report
        if report.ok:
            self.last_success = time.time()
        if report.pulled or report.downloaded or report.conflicts:
            bus.changed.emit(Changes(library=True, schedule=True, sync=True))
        self._emit()
        self.refresh_waiting()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self._task = None
        self._run_again()
        log.warning("sync failed: %s", exc)
        self._emit()

    def _emit(self) -> None:
        self.state_changed.emit({"link": self.link, "running": self.running,
                                 "paused": self.paused, "report": self.last_report,
                                 "last_success": self.last_success, "hub": self.hub_url})
