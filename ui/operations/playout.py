"""Verbs for playout: start, stop and drive the runner on its own thread; what the On Air
page offers to insert; the Settings › On air values and the outputs to choose from.

Every call into the runner goes to the one-thread "playout" pool, alive as long as the
app (the runner's database connection stays with that thread), so a long job on the shared
"db" thread never delays an emergency.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.clock import zone
from station.playout.runner import Runner, Snapshot, approved_items, make_engine
from station.station import Station
from ui.operations import Op, pool

POOL = "playout"


def playout_pool_name() -> str:
    """One thread, in order: every call into the runner runs there."""
    p = pool(POOL)
    p.setMaxThreadCount(1)
    return POOL


def start(parent: QObject | None, st: Station, device: str | None,
          alarm_repeat_s: float) -> Op[tuple[Runner, Changes]]:
    def work(_s: TaskState) -> tuple[Runner, Changes]:
        runner = Runner(st, make_engine(st, device), alarm_repeat_s=alarm_repeat_s)
        return runner, runner.start()

    return Op(work, parent, playout_pool_name())


def stop(parent: QObject | None, runner: Runner) -> Op[Any]:
    return Op(lambda _s: runner.stop(), parent, playout_pool_name())


def command(parent: QObject | None, runner: Runner, fn: Callable[[Runner], Any]) -> Op[Any]:
    """An operator's command (skip, hold, insert, acknowledge) on the runner's thread."""
    return Op(lambda _s: fn(runner), parent, playout_pool_name())


def tick(parent: QObject | None, runner: Runner) -> Op[tuple[Snapshot, Changes]]:
    """Pick up emergencies, log what the engine did; returns what the On Air page shows."""

    def work(_s: TaskState) -> tuple[Snapshot, Changes]:
        changes = runner.tick()
        return runner.snapshot(), changes

    return Op(work, parent, playout_pool_name())


def insertable(parent: QObject | None, st: Station) -> Op[tuple[tzinfo, list[tuple[str, str]]]]:
    """The station's time zone and the approved items an operator may insert (id, title)."""
    return Op(lambda _s: (zone(st), [(m.item_id, m.title) for m in approved_items(st)]),
              parent, "db")


# -- Settings › On air --------------------------------------------------------------------------
def read_settings(parent: QObject | None,
                  st: Station) -> Op[tuple[Any, list[Any], list[tuple[str, str]]]]:
    """The stored values, the filler items to choose from and the voices (id, name)."""

    def work(_s: TaskState) -> tuple[Any, list[Any], list[tuple[str, str]]]:
        from media.tts import ESPEAK_VOICES
        from station.playout import settings as playout_settings

        return (playout_settings.read(st), playout_settings.filler_choices(st),
                [(v.id, v.name) for v in ESPEAK_VOICES])

    return Op(work, parent, "db")


def output_names(parent: QObject | None) -> Op[list[str]]:
    """The outputs QtMultimedia lists: ~200 ms to load, so on the work pool."""

    def work(_s: TaskState) -> list[str]:
        from media.playout.output import output_names

        return output_names()

    return Op(work, parent, "work")


def filler_choices(parent: QObject | None, st: Station, query: str) -> Op[list[Any]]:
    def work(_s: TaskState) -> list[Any]:
        from station.playout import settings as playout_settings

        return playout_settings.filler_choices(st, query)

    return Op(work, parent, "db")


def save_settings(parent: QObject | None, st: Station, value: Any) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from station.playout import settings as playout_settings

        return playout_settings.save(st, value)

    return Op(work, parent, "db")
