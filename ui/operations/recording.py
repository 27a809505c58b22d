"""Verbs for the Studio's recording tabs: takes from an input device (begun, finished or
failed on the 'db' pool while the capture thread writes the journal) and the rules of
unattended recordings. The recordings the rules start are ui.operations.recording_runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.recording import rules as rr
from station.recording import takes
from station.station import Station
from ui.operations import Op

if TYPE_CHECKING:
    from media.record import CaptureOutcome, CaptureSettings
    from media.take_journal import TakeJournal


def list_takes(parent: QObject | None, st: Station) -> Op[list[takes.Take]]:
    return Op(lambda _s: takes.list_takes(st), parent, "db")


def report_recovered(parent: QObject | None,
                     st: Station) -> Op[tuple[list[takes.Take], Changes]]:
    """The takes the start-up sweep recovered that the user was not told of, marked told."""

    def work(_s: TaskState) -> tuple[list[takes.Take], Changes]:
        found = takes.recovered_takes(st)
        return found, takes.mark_reported(st, [t.id for t in found])

    return Op(work, parent, "db")


def begin_take(parent: QObject | None, st: Station, settings: CaptureSettings, *,
               device_name: str, title: str | None,
               category: str) -> Op[tuple[TakeJournal, int]]:
    """The take's journal, and the bytes free on its disk (for the time left)."""

    def work(_s: TaskState) -> tuple[TakeJournal, int]:
        import shutil

        journal = takes.begin_take(st, settings, device_name=device_name, title=title,
                                   category=category)
        return journal, shutil.disk_usage(journal.folder).free

    return Op(work, parent, "db")


def fail_take(parent: QObject | None, st: Station, take_id: str,
              reason: Exception) -> Op[Changes]:
    return Op(lambda _s: takes.fail_take(st, take_id, reason), parent, "db")


def finish_take(parent: QObject | None, st: Station, take_id: str,
                outcome: CaptureOutcome) -> Op[tuple[Any, Changes]]:
    """The journal into a FLAC in the library, with the take's markers."""
    return Op(lambda s: takes.finish_take(st, take_id, outcome, state=s), parent, "db")


def recording_rules(parent: QObject | None, st: Station) -> Op[rr.Snapshot]:
    return Op(lambda _s: rr.snapshot(st), parent, "db")


def save_rule(parent: QObject | None, st: Station, rule_id: str | None,
              values: dict[str, Any]) -> Op[tuple[rr.Rule, Changes]]:
    """Add (``rule_id`` None) or update a rule; the core checks the fields."""

    def work(_s: TaskState) -> tuple[rr.Rule, Changes]:
        if rule_id is None:
            return rr.add_rule(st, **values)
        return rr.update_rule(st, rule_id, **values)

    return Op(work, parent, "db")


def delete_rule(parent: QObject | None, st: Station, rule_id: str) -> Op[Changes]:
    return Op(lambda _s: rr.delete_rule(st, rule_id), parent, "db")
