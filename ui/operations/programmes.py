"""Verbs for programmes: rundowns of segments, templates, the render into the library.

Reads and edits run on the 'db' pool. The render reads the rundown there, speaks and runs
ffmpeg on 'work', and saves on 'db' again, so other database work goes on meanwhile.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QObject

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.programmes import rundowns, templates
from station.programmes.render import (
    Assembled,
    ProgrammeJob,
    RenderResult,
    prepare_programme,
    run_programme,
    save_programme,
)
from station.programmes.rundowns import (
    ItemFacts,
    Programme,
    ProgrammeTiming,
    RenderedMaster,
    Segment,
)
from station.programmes.templates import ProgrammeTemplate
from station.station import Station
from ui.operations import Op


class RundownView(NamedTuple):
    """The rundown, its back-timing, its items' facts, and what its render measured."""

    programme: Programme
    timing: ProgrammeTiming
    facts: dict[str, ItemFacts]
    rendered: RenderedMaster | None


def list_programmes(parent: QObject | None,
                    st: Station) -> Op[tuple[list[Programme], list[ProgrammeTemplate]]]:
    """The programmes and the templates a new one may start from."""
    return Op(lambda _s: (rundowns.list_programmes(st), templates.list_templates(st)),
              parent, "db")


def load_rundown(parent: QObject | None, st: Station, programme_id: str) -> Op[RundownView]:
    def work(_s: TaskState) -> RundownView:
        prog, timing = rundowns.back_time(st, programme_id)
        return RundownView(prog, timing, rundowns.item_facts(st, prog),
                           rundowns.rendered_master(st, prog))

    return Op(work, parent, "db")


def from_template(parent: QObject | None, st: Station,
                  template_id: str) -> Op[tuple[Programme, Changes]]:
    return Op(lambda _s: templates.programme_from_template(st, template_id), parent, "db")


def create_programme(parent: QObject | None, st: Station,
                     title: str) -> Op[tuple[Programme, Changes]]:
    return Op(lambda _s: rundowns.create_programme(st, title), parent, "db")


def delete_programme(parent: QObject | None, st: Station, programme_id: str,
                     version: int | None) -> Op[Changes]:
    return Op(lambda _s: rundowns.delete_programme(st, programme_id, expected_version=version),
              parent, "db")


def update_programme(parent: QObject | None, st: Station, programme_id: str,
                     version: int | None, **fields: Any) -> Op[tuple[Programme, Changes]]:
    """Rename or set the target (fields as rundowns.update_programme takes them)."""
    return Op(lambda _s: rundowns.update_programme(st, programme_id, expected_version=version,
                                                   **fields), parent, "db")


def drop_items(parent: QObject | None, st: Station, prog: Programme, ids: list[str],
               row: int) -> Op[Changes]:
    """Library items dropped at ``row`` (-1: the end); the first may fill an empty slot."""
    return Op(lambda _s: rundowns.drop_items(st, prog, ids, row), parent, "db")


def add_segment(parent: QObject | None, st: Station, programme_id: str, version: int | None,
                kind: str, position: int | None, **fields: Any) -> Op[tuple[Segment, Changes]]:
    return Op(lambda _s: rundowns.add_segment(st, programme_id, kind, position=position,
                                              expected_version=version, **fields),
              parent, "db")


def update_segment(parent: QObject | None, st: Station, programme_id: str, segment_id: str,
                   version: int | None, **fields: Any) -> Op[tuple[Segment, Changes]]:
    return Op(lambda _s: rundowns.update_segment(st, programme_id, segment_id,
                                                 expected_version=version, **fields),
              parent, "db")


def move_segment(parent: QObject | None, st: Station, programme_id: str, segment_id: str,
                 position: int, version: int | None) -> Op[tuple[Programme, Changes]]:
    return Op(lambda _s: rundowns.move_segment(st, programme_id, segment_id, position,
                                               expected_version=version), parent, "db")


def remove_segment(parent: QObject | None, st: Station, programme_id: str, segment_id: str,
                   version: int | None) -> Op[tuple[Programme, Changes]]:
    return Op(lambda _s: rundowns.remove_segment(st, programme_id, segment_id,
                                                 expected_version=version), parent, "db")


def restore_segment(parent: QObject | None, st: Station, programme_id: str,
                    version: int | None, seg: Segment,
                    position: int) -> Op[tuple[Segment, Changes]]:
    """Put a removed segment back at ``position`` (undo), through the core's add verb."""
    fields = {k: getattr(seg, k) for k in (
        "title", "item_id", "planned_s", "trim_in_s", "trim_out_s", "segue", "segue_s",
        "bed_under", "bed_lead_s", "duck_db", "tts_text", "tts_voice", "tts_rate", "tts_pitch")}
    return add_segment(parent, st, programme_id, version, seg.kind, position, **fields)


def save_as_template(parent: QObject | None, st: Station, programme_id: str,
                     name: str) -> Op[tuple[ProgrammeTemplate, Changes]]:
    return Op(lambda _s: templates.save_as_template(st, programme_id, name), parent, "db")


def render_programme(parent: QObject | None, st: Station,
                     programme_id: str) -> Op[tuple[RenderResult, Changes] | None]:
    """Read the rundown on the database pool, speak and render on the work pool, save on the
    database pool: other database work goes on during the long middle step. None: cancelled
    (the caller puts its buttons back)."""

    def run(state: TaskState, job: ProgrammeJob) -> Assembled | None:
        try:
            return run_programme(job, state.child(0.0, 0.9))
        except Cancelled:
            return None

    def save(state: TaskState, done: Assembled | None) -> tuple[RenderResult, Changes] | None:
        try:
            return None if done is None else save_programme(st, done, state.child(0.9, 0.1))
        except Cancelled:
            return None

    return (Op(lambda _s: prepare_programme(st, programme_id), parent, "db")
            .then(run, "work").then(save, "db"))
