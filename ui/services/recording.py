"""Unattended recordings while the app is open: every few seconds ask which rules are due,
and record them in the background.

A recording lasts minutes to hours, so it never runs on the 'db' pool (that would hold up
every view): a stream is captured on the 'record' pool and only its short bookkeeping
(log the start, import, log the end) runs on 'db'. A device rule records through
station.recording.takes on the 'record' pool with that thread's own connection, as the watched
folders do on theirs.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.recording import rules as rr
from station.station import Station
from ui.operations import Op

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 15000
RECORD_POOL = "record"  # long captures: two threads, so two rules may overlap


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
        st = station
        # Runs a crash left 'running' are failed first, so their windows can start again.
        Op(lambda _s: rr.recover_interrupted(st), None, "db") \
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
        st = self.station
        Op(lambda _s: rr.due(st), None, "db").success(self._start_due) \
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
        st = self.station
        if not run.rule.is_stream:
            def record(_s: TaskState) -> Any:
                try:
                    return rr.execute(st, run, state)  # logs its own start and end
                except Cancelled:
                    return None  # an Op drops a cancelled outcome; the service must hear it

            Op(record, None, RECORD_POOL) \
                .success(lambda out: self._done(rule_id, out[0]) if out is not None
                         else self._failed(rule_id, Cancelled())) \
                .failure(lambda exc: self._failed(rule_id, exc)) \
                .run_in_background()
            return

        def begin(_s: TaskState) -> tuple[str, str, Path]:
            from station.recording import streams as stream_recording
            from station.rights import Right

            st.require(Right.LIBRARY_IMPORT, "record stream")
            return rr.begin_run(st, run), rr.item_title(st, run), stream_recording.work_dir(st)

        Op(begin, None, "db").success(lambda begun: self._capture(run, state, *begun)) \
            .failure(lambda exc: self._failed(rule_id, exc)).run_in_background()

    def _capture(self, run: rr.DueRun, state: TaskState, run_id: str, title: str,
                 work: Path) -> None:
        from station.recording import streams as stream_recording

        rule_id = run.rule.id

        def capture(_s: TaskState) -> Any:
            try:
                return stream_recording.capture_stream(
                    run.rule.source, run.seconds, work,
                    deadline_s=run.seconds + rr.STREAM_GRACE_S, state=state.child(0.0, 0.95))
            except Cancelled as exc:
                return exc  # an Op drops a cancelled outcome; the run must still be logged

        def captured_or_cancelled(captured: Any) -> None:
            if isinstance(captured, Cancelled):
                failed(captured)
            else:
                self._import(run, state, run_id, title, work, captured)

        def failed(exc: BaseException) -> None:
            shutil.rmtree(work, ignore_errors=True)
            self._log_failure(run_id, exc)
            self._failed(rule_id, exc)

        Op(capture, None, RECORD_POOL) \
            .success(captured_or_cancelled).failure(failed).run_in_background()

    def _import(self, run: rr.DueRun, state: TaskState, run_id: str, title: str, work: Path,
                captured: Any) -> None:
        from station.recording import streams as stream_recording

        st = self.station
        rule_id = run.rule.id

        def work_fn(_s: TaskState) -> tuple[Any, Changes]:
            try:
                result, changes = stream_recording.import_capture(
                    st, captured, title=title, category=run.rule.category,
                    description=run.rule.description, state=state.child(0.95, 0.05))
            finally:
                shutil.rmtree(work, ignore_errors=True)
            status = "done" if captured.complete and not captured.gaps else "partial"
            changes |= rr.end_run(st, run_id, status, item_id=result.item.id,
                                  error="; ".join(result.warnings))
            return result, changes

        def failed(exc: BaseException) -> None:
            self._log_failure(run_id, exc)
            self._failed(rule_id, exc)

        Op(work_fn, None, "db").success(lambda out: self._done(rule_id, out[0])) \
            .failure(failed).run_in_background()

    def _log_failure(self, run_id: str, exc: BaseException) -> None:
        st = self.station
        reason = str(exc) or type(exc).__name__
        Op(lambda _s: rr.end_run(st, run_id, "failed", error=reason), None, "db") \
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

