"""Unattended recordings while the app is open: every few seconds ask which rules are due,
and record them in the background (the verbs of ui.operations.recording_runs say on which
thread each step runs, and why)."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from media.taskstate import Cancelled, TaskState
from station.recording import rules as rr
from station.station import Station
from ui.operations import recording_runs as runs_ops

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 15000


@dataclass
class Active:
    """A recording under way: its rule, its state (cancel), and its progress."""

    run: rr.DueRun
    state: TaskState
    fraction: float = 0.0
    text: str = ""


class RecordingService(QObject):
    started = Signal(str)  # rule id
    progressed = Signal(str, float, str)  # rule id, fraction, text
    finished = Signal(str, object)  # rule id, ImportResult
    failed = Signal(str, str)  # rule id, the reason in the UI language
    message = Signal(str)  # a line for the status bar

    def __init__(self, station: Station, parent: QObject | None = None,
                 interval_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.station = station
        self.active: dict[str, Active] = {}
        self._checking = False
        self._stopped = False
        self.progressed.connect(self._note_progress)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        # Runs a crash left 'running' are failed first, so their windows can start again.
        runs_ops.recover_interrupted(None, station) \
            .success(lambda _n: self.check()) \
            .failure(lambda exc: log.warning("recording rules unavailable: %s", exc)) \
            .run_in_background()
        self.timer.start()

    def stop(self) -> None:
        """Stop checking and cancel what is recording (the app is closing or logging out)."""
        self._stopped = True
        self.timer.stop()
        for active in self.active.values():
            active.state.cancel()

    def check(self) -> None:
        if self._checking or self._stopped:
            return
        self._checking = True
        runs_ops.due_runs(None, self.station).success(self._start_due) \
            .failure(self._check_failed).run_in_background()

    def _check_failed(self, exc: BaseException) -> None:
        self._checking = False
        log.warning("recording rules check failed: %s", exc)

    def _start_due(self, runs: list[rr.DueRun]) -> None:
        self._checking = False
        for run in runs:
            if run.rule.id not in self.active:
                self.start(run)

    def record_now(self, rule: rr.Rule) -> bool:
        """Record ``rule`` now for its whole duration; False if it is already recording."""
        if rule.id in self.active or self._stopped:
            return False
        self.start(rr.record_now(rule))
        return True

    def cancel(self, rule_id: str) -> None:
        active = self.active.get(rule_id)
        if active is not None:
            active.state.cancel()

    # -- one run ---------------------------------------------------------------------
    def start(self, run: rr.DueRun) -> None:
        rule_id = run.rule.id
        state = TaskState(lambda f, t: self.progressed.emit(rule_id, f, t))
        self.active[rule_id] = Active(run, state)
        self.started.emit(rule_id)
        self.message.emit(QCoreApplication.translate("recording", "Recording started: %1")
                          .replace("%1", run.rule.title))
        if not run.rule.is_stream:
            runs_ops.record_device_run(None, self.station, run, state) \
                .success(lambda out: self._done(rule_id, out[0]) if out is not None
                         else self._failed(rule_id, Cancelled())) \
                .failure(lambda exc: self._failed(rule_id, exc)) \
                .run_in_background()
            return
        runs_ops.begin_stream_run(None, self.station, run) \
            .success(lambda begun: self._capture(run, state, *begun)) \
            .failure(lambda exc: self._failed(rule_id, exc)).run_in_background()

    def _capture(self, run: rr.DueRun, state: TaskState, run_id: str, title: str,
                 work: Path) -> None:
        rule_id = run.rule.id

        def captured_or_cancelled(captured: Any) -> None:
            if isinstance(captured, Cancelled):
                failed(captured)
            else:
                self._import(run, state, run_id, title, work, captured)

        def failed(exc: BaseException) -> None:
            shutil.rmtree(work, ignore_errors=True)
            self._log_failure(run_id, exc)
            self._failed(rule_id, exc)

        runs_ops.capture_stream(None, run, work, state) \
            .success(captured_or_cancelled).failure(failed).run_in_background()

    def _import(self, run: rr.DueRun, state: TaskState, run_id: str, title: str, work: Path,
                captured: Any) -> None:
        rule_id = run.rule.id

        def failed(exc: BaseException) -> None:
            self._log_failure(run_id, exc)
            self._failed(rule_id, exc)

        runs_ops.import_capture(None, self.station, run, run_id, title, work, captured, state) \
            .success(lambda out: self._done(rule_id, out[0])).failure(failed).run_in_background()

    def _log_failure(self, run_id: str, exc: BaseException) -> None:
        reason = str(exc) or type(exc).__name__
        runs_ops.log_failed_run(None, self.station, run_id, reason) \
            .failure(lambda e: log.warning("could not log a failed recording: %s", e)) \
            .run_in_background()

    def _done(self, rule_id: str, result: Any) -> None:
        active = self.active.pop(rule_id, None)
        self.finished.emit(rule_id, result)
        title = active.run.rule.title if active else result.item.title
        self.message.emit(QCoreApplication.translate("recording", "Recording saved to the "
                                                     "library: %1").replace("%1", title))

    def _failed(self, rule_id: str, exc: BaseException) -> None:
        from ui.errors import describe

        active = self.active.pop(rule_id, None)
        reason = QCoreApplication.translate("recording", "cancelled") \
            if isinstance(exc, Cancelled) else describe(exc)
        if not isinstance(exc, Cancelled):
            log.warning("recording failed: %s", getattr(exc, "__traceback_text__", exc))
        self.failed.emit(rule_id, reason)
        title = active.run.rule.title if active else ""
        self.message.emit(QCoreApplication.translate("recording", "Recording failed: %1 (%2)")
                          .replace("%1", title).replace("%2", reason))

    def _note_progress(self, rule_id: str, fraction: float, text: str) -> None:
        active = self.active.get(rule_id)
        if active is not None:
            active.fraction, active.text = fraction, text

