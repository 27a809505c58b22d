"""Editing projects: an edit list per project, each operation a stored step.

A project edits one source item (paste may bring in clips of others). Every operation stores
the edit list it produced as a step; ``position`` in ``edit_projects`` says how many steps are
applied. Undo and redo move that pointer, so they are exact, unlimited and survive a restart;
a new operation after an undo drops the steps past the pointer (the redo branch).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from media.editgraph import Clip, EditList
from station.changes import Changes
from station.clock import now_iso
from station.edits.sources import cached_peaks, source_media
from station.edits.timeline import EditRefused
from station.errors import QT_TRANSLATE_NOOP, NotFound
from station.ids import uuid7
from station.library import items as library
from station.rights import Right
from station.station import Station

if TYPE_CHECKING:
    from media.peaks import WaveformPeaks

@dataclass(frozen=True)
class Project:
    id: str
    item_id: str
    title: str
    sample_rate: int
    channels: int
    position: int  # steps applied
    steps: int  # steps stored (position < steps: redo is possible)
    created_at: str
    created_by: str
    updated_at: str

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_redo(self) -> bool:
        return self.position < self.steps


@dataclass(frozen=True)
class Step:
    seq: int
    op: str
    params: dict[str, object]
    at: str
    actor: str


_PROJECT = ("id, item_id, title, sample_rate, channels, position,"
            " (SELECT count(*) FROM edit_steps s WHERE s.project_id = p.id),"
            " created_at, created_by, updated_at")




def source_clip(st: Station, item_id: str) -> tuple[library.Item, Clip]:
    """A clip spanning the whole of an audio item."""
    item = library.get_item(st, item_id)
    if item is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
    row = st.db.execute("SELECT sample_rate, channels, duration_s FROM assets WHERE sha256 = ?",
                        [item.asset_sha256]).fetchone() if item.asset_sha256 else None
    if row is None or not row[0] or not row[1] or not row[2]:
        raise EditRefused(QT_TRANSLATE_NOOP("errors", "{title} has no audio to edit"),
                          title=item.title)
    rate, channels = int(row[0]), int(row[1])
    frames = _frames(st, item.asset_sha256 or "", rate, float(row[2]))
    return item, Clip(item.id, item.asset_sha256 or "", rate, channels, 0, frames)


def _frames(st: Station, sha256: str, rate: int, duration_s: float) -> int:
    """The exact frame count from the cached peaks; the duration (frames / rate) otherwise."""
    try:
        peaks = cached_peaks(st, sha256)
    except ValueError:
        peaks = None
    return peaks.frames if peaks is not None else round(duration_s * rate)


def open_project(st: Station, item_id: str, *, new: bool = False) -> tuple[Project, Changes]:
    """The latest editing project of ``item_id``, or a new one (always, with ``new``)."""
    st.require(Right.STUDIO_USE, "edit")
    if not new:
        row = st.db.execute("SELECT id FROM edit_projects WHERE item_id = ?"
                            " ORDER BY updated_at DESC, id DESC LIMIT 1", [item_id]).fetchone()
        if row is not None:
            return get_project(st, row[0]), Changes()
    item, clip = source_clip(st, item_id)
    edl = EditList(clip.rate, clip.channels, (clip,))
    pid, now = uuid7(), now_iso()
    with st.db.atomic():
        st.db.execute(
            "INSERT INTO edit_projects (id, item_id, title, sample_rate, channels, initial,"
            " position, created_at, created_by, updated_at) VALUES (?,?,?,?,?,?,0,?,?,?)",
            [pid, item.id, item.title, clip.rate, clip.channels, json.dumps(edl.to_json()),
             now, st.actor, now])
        st.audit("edit.open", "edit_project", pid, {"item": item.id})
    return get_project(st, pid), Changes(studio=True, audit=True)


def get_project(st: Station, project_id: str) -> Project:
    row = st.db.execute(f"SELECT {_PROJECT} FROM edit_projects p WHERE id = ?",
                        [project_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no editing project with id {id}"),
                       id=project_id)
    return Project(*row)


def edit_list(st: Station, project_id: str) -> EditList:
    """The edit list at the undo pointer."""
    p = get_project(st, project_id)
    if p.position == 0:
        row = st.db.execute("SELECT initial FROM edit_projects WHERE id = ?",
                            [project_id]).fetchone()
    else:
        row = st.db.execute("SELECT timeline FROM edit_steps WHERE project_id = ? AND seq = ?",
                            [project_id, p.position]).fetchone()
    return EditList.from_json(json.loads(row[0]))


def history(st: Station, project_id: str) -> list[Step]:
    rows = st.db.execute("SELECT seq, op, params, at, actor FROM edit_steps"
                         " WHERE project_id = ? ORDER BY seq", [project_id]).fetchall()
    return [Step(r[0], r[1], json.loads(r[2]), r[3], r[4]) for r in rows]


def record_step(st: Station, project_id: str, op: str, params: dict[str, object],
            edl: EditList) -> tuple[EditList, Changes]:
    with st.db.atomic():
        p = get_project(st, project_id)
        st.db.execute("DELETE FROM edit_steps WHERE project_id = ? AND seq > ?",
                      [project_id, p.position])
        now = now_iso()
        st.db.execute(
            "INSERT INTO edit_steps (project_id, seq, op, params, timeline, at, actor)"
            " VALUES (?,?,?,?,?,?,?)",
            [project_id, p.position + 1, op, json.dumps(params, ensure_ascii=False),
             json.dumps(edl.to_json()), now, st.actor])
        st.db.execute("UPDATE edit_projects SET position = ?, updated_at = ? WHERE id = ?",
                      [p.position + 1, now, project_id])
        st.audit("edit.step", "edit_project", project_id, {"op": op, **params})
    return edl, Changes(studio=True, audit=True)


def _move(st: Station, project_id: str, delta: int, what: str) -> tuple[EditList, Changes]:
    st.require(Right.STUDIO_USE, what)
    with st.db.atomic():
        p = get_project(st, project_id)
        target = p.position + delta
        if not 0 <= target <= p.steps:
            return edit_list(st, project_id), Changes()
        st.db.execute("UPDATE edit_projects SET position = ?, updated_at = ? WHERE id = ?",
                      [target, now_iso(), project_id])
        st.audit(f"edit.{what}", "edit_project", project_id, {"position": target})
    return edit_list(st, project_id), Changes(studio=True, audit=True)


def undo(st: Station, project_id: str) -> tuple[EditList, Changes]:
    return _move(st, project_id, -1, "undo")


def redo(st: Station, project_id: str) -> tuple[EditList, Changes]:
    return _move(st, project_id, +1, "redo")


# ------------------------------------------------------------------------ what the editor shows

def editable_items(st: Station, text: str,
                   limit: int = 50) -> list[tuple[str, str, float | None]]:
    """(id, title, duration) of audio and video items matching ``text`` (without it: the
    newest)."""
    from station.search.run import search

    if text:
        return [(h.id, h.title, h.duration_s) for h in search(st, text, limit=limit)
                if h.kind in ("audio", "video")]
    return [(i.id, i.title, i.duration_s) for i in library.list_items(st, limit)
            if i.kind in ("audio", "video")]


@dataclass(frozen=True)
class EditorView:
    """A project as the editor draws it: the edit list at the undo pointer, and the files
    and peaks of its sources that the editor did not have yet."""

    project: Project
    edl: EditList
    paths: dict[str, Path]
    peaks: dict[str, WaveformPeaks]
    title: str  # the source item's title now (the project keeps the one it was opened with)
    markers: dict[str, list[tuple[float, str]]]  # dropped while recording, by source item
    sources: list[str | None]  # titles of the items the open item was rendered from (None: deleted)


def editor_view(st: Station, project_id: str, known: Collection[str] = ()) -> EditorView:
    """The project, its edit list, the media of sources not in ``known``, its item's title,
    recording markers and lineage."""
    from station.edits import lineage
    from station.recording import takes as recordings

    project = get_project(st, project_id)
    edl = edit_list(st, project_id)
    paths, peaks = source_media(st, edl, known)
    item = library.get_item(st, project.item_id)
    ids = {c.item_id for c in (*edl.clips, *(b.clip for b in edl.beds)) if not c.silent}
    found = lineage.lineage(st, project.item_id)
    sources: list[str | None] = []
    for source in found.sources if found is not None else ():
        got = library.get_item(st, source)
        sources.append(got.title if got is not None else None)
    return EditorView(project, edl, paths, peaks, item.title if item else project.title,
                      {i: recordings.item_markers(st, i) for i in ids}, sources)
