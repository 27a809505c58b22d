"""Verbs for the waveform editor: open a project, apply one edit, render.

Each edit runs on the 'db' pool and returns what the editor redraws from (the project as
``station.edits.projects.EditorView``, with the media of new sources only) and the Changes.
A render reads and saves on 'db' but runs ffmpeg on 'work', so other database work goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.edits import operations, projects, render
from station.edits.projects import EditorView
from station.station import Station
from ui.operations import Op

if TYPE_CHECKING:
    import numpy as np

    from media.editgraph import EditList
    from station.library.items import Item

Edited = tuple[EditorView, Changes]


def find_items(parent: QObject | None, st: Station,
               text: str) -> Op[list[tuple[str, str, float | None]]]:
    """(id, title, duration) of the audio and video items one may open."""
    return Op(lambda _s: projects.editable_items(st, text), parent, "db")


def open_project(parent: QObject | None, st: Station, item_id: str, *,
                 new: bool = False) -> Op[Edited]:
    """``item_id``'s latest editing project (a new one if it has none), ready to draw."""

    def work(_s: TaskState) -> Edited:
        project, changes = projects.open_project(st, item_id, new=new)
        return projects.editor_view(st, project.id), changes

    return Op(work, parent, "db")


def _edit(parent: QObject | None, st: Station, project_id: str, known: Collection[str],
          fn: Callable[[], tuple[Any, Changes]]) -> Op[Edited]:
    """Run one edit, then read back what the editor redraws from."""

    def work(_s: TaskState) -> Edited:
        changes = fn()[-1]
        return projects.editor_view(st, project_id, known), changes

    return Op(work, parent, "db")


def undo(parent: QObject | None, st: Station, pid: str, known: Collection[str]) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: projects.undo(st, pid))


def redo(parent: QObject | None, st: Station, pid: str, known: Collection[str]) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: projects.redo(st, pid))


def cut(parent: QObject | None, st: Station, pid: str, known: Collection[str], start: int,
        end: int) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.cut(st, pid, start, end))


def delete(parent: QObject | None, st: Station, pid: str, known: Collection[str], start: int,
           end: int) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.delete(st, pid, start, end))


def trim(parent: QObject | None, st: Station, pid: str, known: Collection[str], start: int,
         end: int) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.trim(st, pid, start, end))


def copy(parent: QObject | None, st: Station, pid: str, start: int, end: int) -> Op[Changes]:
    """Put the selection on the user's clipboard."""
    return Op(lambda _s: operations.copy(st, pid, start, end), parent, "db")


def paste(parent: QObject | None, st: Station, pid: str, known: Collection[str],
          at: int) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.paste(st, pid, at))


def insert_silence(parent: QObject | None, st: Station, pid: str, known: Collection[str],
                   at: int, length: int) -> Op[Edited]:
    return _edit(parent, st, pid, known,
                 lambda: operations.insert_silence(st, pid, at, length))


def fade_in(parent: QObject | None, st: Station, pid: str, known: Collection[str], start: int,
            end: int, curve: str) -> Op[Edited]:
    return _edit(parent, st, pid, known,
                 lambda: operations.fade_in(st, pid, start, end, curve))


def fade_out(parent: QObject | None, st: Station, pid: str, known: Collection[str],
             start: int, end: int, curve: str) -> Op[Edited]:
    return _edit(parent, st, pid, known,
                 lambda: operations.fade_out(st, pid, start, end, curve))


def crossfade(parent: QObject | None, st: Station, pid: str, known: Collection[str], at: int,
              length: int, curve: str) -> Op[Edited]:
    return _edit(parent, st, pid, known,
                 lambda: operations.crossfade(st, pid, at, length, curve))


def gain(parent: QObject | None, st: Station, pid: str, known: Collection[str], start: int,
         end: int, db: float) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.gain(st, pid, start, end, db))


def envelope(parent: QObject | None, st: Station, pid: str, known: Collection[str],
             points: list[tuple[int, float]]) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.envelope(st, pid, points))


def normalise(parent: QObject | None, st: Station, pid: str, known: Collection[str], *,
              on: bool) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.normalise(st, pid, on=on))


def truncate_silence(parent: QObject | None, st: Station, pid: str,
                     known: Collection[str]) -> Op[Edited]:
    return _edit(parent, st, pid, known, lambda: operations.truncate_silence(st, pid))


def voice_over(parent: QObject | None, st: Station, pid: str, known: Collection[str],
               music_item_id: str, at: int) -> Op[Edited]:
    return _edit(parent, st, pid, known,
                 lambda: operations.voice_over(st, pid, music_item_id, at))


def render_edit(parent: QObject | None, st: Station, pid: str,
                title: str) -> Op[tuple[Item, Changes] | None]:
    """Read on 'db', render on 'work', save on 'db'. None: cancelled (nothing was saved)."""

    def run(state: TaskState, job: render.RenderJob) -> render.RenderJob | None:
        try:
            return render.run_render(job, state.child(0.0, 0.8))
        except Cancelled:  # a cancel is an ending, not a failure: the buttons come back
            job.out.unlink(missing_ok=True)
            return None

    def save(state: TaskState, job: render.RenderJob | None) -> tuple[Item, Changes] | None:
        try:
            return None if job is None else render.save_rendered(st, job, state.child(0.8, 0.2))
        except Cancelled:
            return None

    return (Op(lambda _s: render.prepare_render(st, pid, title=title), parent, "db")
            .then(run, "work").then(save, "db"))


def read_samples(parent: QObject | None, edl: EditList, paths: dict[str, Path], first: int,
                 last: int) -> Op[np.ndarray]:
    """Decoded samples of the timeline (deep zoom), off the GUI thread; no database."""

    def work(_s: TaskState) -> np.ndarray:
        from ui.widgets.waveform_editor import read_timeline

        return read_timeline(edl, paths, first, last)

    return Op(work, parent, "work")
