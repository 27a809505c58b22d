"""Verbs for the unattended recordings the app makes while open (ui.services.recording).

A recording lasts minutes to hours, so it never runs on the 'db' pool (that would hold up
every view): a device rule records on the 'record' pool with that thread's own connection;
a stream is captured there too, and only its short bookkeeping (log the start, import, log
the end) runs on 'db'.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.recording import rules as rr
from station.station import Station
from ui.operations import Op

RECORD_POOL = "record"  # long captures: two threads, so two rules may overlap


def _service_records(st: Station) -> bool:
    """A station service runs the rules itself (armed ahead, on time): the window leaves
    them to it, and must not fail the runs it has under way."""
    from station.service.status import check

    return check(st.datadir).state == "running"


def recover_interrupted(parent: QObject | None, st: Station) -> Op[int]:
    """Fail the runs a crash left 'running', so their windows can start again."""
    return Op(lambda _s: 0 if _service_records(st) else rr.recover_interrupted(st), parent, "db")


def due_runs(parent: QObject | None, st: Station) -> Op[list[rr.DueRun]]:
    return Op(lambda _s: [] if _service_records(st) else rr.due(st), parent, "db")


def record_device_run(parent: QObject | None, st: Station, run: rr.DueRun,
                      state: TaskState) -> Op[Any]:
    """Record a device rule's run (it logs its own start and end); None if cancelled."""

    def work(_s: TaskState) -> Any:
        try:
            return rr.execute(st, run, state)
        except Cancelled:
            return None  # an Op drops a cancelled outcome; the service must hear it

    return Op(work, parent, RECORD_POOL)


def begin_stream_run(parent: QObject | None, st: Station,
                     run: rr.DueRun) -> Op[tuple[str, str, Path]]:
    """Log a stream run's start: its run id, the item's title, a work folder."""
    return Op(lambda _s: rr.begin_stream_run(st, run), parent, "db")


def capture_stream(parent: QObject | None, run: rr.DueRun, work: Path,
                   state: TaskState) -> Op[Any]:
    """Capture the stream into ``work``; returns the capture, or the Cancelled exception
    (an Op drops a cancelled outcome, and the run must still be logged)."""

    def capture(_s: TaskState) -> Any:
        try:
            return rr.capture_stream_run(run, work, state.child(0.0, 0.95))
        except Cancelled as exc:
            return exc

    return Op(capture, parent, RECORD_POOL)


def import_capture(parent: QObject | None, st: Station, run: rr.DueRun, run_id: str,
                   title: str, work: Path, captured: Any,
                   state: TaskState) -> Op[tuple[Any, Changes]]:
    """Import a captured stream into the library, remove the work folder, log the end."""
    return Op(lambda _s: rr.finish_stream_run(st, run, run_id, title, work, captured,
                                              state.child(0.95, 0.05)), parent, "db")


def log_failed_run(parent: QObject | None, st: Station, run_id: str,
                   reason: str) -> Op[Changes]:
    return Op(lambda _s: rr.end_run(st, run_id, "failed", error=reason), parent, "db")
