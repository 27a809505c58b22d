"""Rendering an edit list into a new library item (FLAC master) with its lineage.

A render is three steps so that the UI's database thread waits only for its two ends:
prepare_render reads the database, run_render drives ffmpeg (no database: any thread),
save_rendered imports the result. ``render`` runs the three in a row (CLI, tests). The
render builds one ffmpeg graph (media.editgraph) and saves through station.edits.lineage;
the sources are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from media.editgraph import EditList
from media.taskstate import TaskState, null_state
from station import settings
from station.changes import Changes
from station.edits.projects import edit_list, get_project
from station.edits.timeline import refuse
from station.errors import QT_TRANSLATE_NOOP, StationError
from station.library import items as library
from station.rights import Right
from station.station import Station
from station.text import nfc


class SourceUnavailable(StationError):
    """A source item's media file is missing or damaged: the render cannot start
    (params: title, item, reason)."""


@dataclass(frozen=True)
class SourceFile:
    """A source's file as the database knows it, read before the render."""

    path: Path | None  # None: the store has no row for it
    size: int
    item_id: str
    title: str


@dataclass(frozen=True)
class RenderJob:
    project_id: str
    edl: EditList
    sources: dict[str, SourceFile]  # by sha256
    title: str
    category: str
    true_peak_limit: float
    out: Path  # a temp path beside the store; nothing is there until run_render


def _unusable(source: SourceFile, reason: str) -> SourceUnavailable:
    return SourceUnavailable(
        QT_TRANSLATE_NOOP("errors", "cannot render: the source \"{title}\" ({item}) "
                                    "is unusable: {reason}"),
        title=source.title, item=source.item_id, reason=reason)


def _locate(st: Station, edl: EditList) -> dict[str, SourceFile]:
    """Where each source's file is and how big it should be (database only)."""
    found: dict[str, SourceFile] = {}
    for clip in [*edl.clips, *(b.clip for b in edl.beds)]:
        if clip.silent or clip.sha256 in found:
            continue
        item = library.get_item(st, clip.item_id)
        row = st.db.execute("SELECT ext, size FROM assets WHERE sha256 = ?",
                            [clip.sha256]).fetchone()
        found[clip.sha256] = SourceFile(st.store.path(clip.sha256, row[0]) if row else None,
                                        row[1] if row else 0, clip.item_id,
                                        item.title if item else clip.item_id)
    return found


def _check_sources(edl: EditList, sources: dict[str, SourceFile],
                   state: TaskState) -> dict[str, Path]:
    """Each source's file, checked: missing or unreadable names the item, before any work."""
    from media import analysis

    rates = {c.sha256: c.rate for c in [*edl.clips, *(b.clip for b in edl.beds)]}
    paths: dict[str, Path] = {}
    for sha, source in sources.items():
        path = source.path
        if path is None or not path.is_file():
            raise _unusable(source, QT_TRANSLATE_NOOP("errors", "its file is missing from "
                                                                "the media store"))
        if path.stat().st_size != source.size:
            raise _unusable(source, QT_TRANSLATE_NOOP("errors", "its file is damaged (the "
                                                                "size changed)"))
        try:
            info = analysis.probe(path, state)
        except analysis.MediaError as exc:
            raise _unusable(source, str(exc)) from exc
        if info.sample_rate != rates[sha]:
            raise _unusable(source, QT_TRANSLATE_NOOP("errors", "its file is damaged (the "
                                                                "sample rate changed)"))
        paths[sha] = path
    return paths


def _sources(st: Station, edl: EditList, state: TaskState) -> dict[str, Path]:
    """Each source's file, located and checked (one thread: the CLI and the bench)."""
    return _check_sources(edl, _locate(st, edl), state)


def _name_damaged(sources: dict[str, SourceFile], state: TaskState) -> None:
    """After a failed render: the source whose bytes no longer match its hash, named."""
    from station.library.archive import hash_file

    for sha, source in sources.items():
        state.check()
        if source.path is not None and hash_file(source.path) != sha:
            raise _unusable(source, QT_TRANSLATE_NOOP(
                "errors", "its file is damaged (its content no longer matches its checksum)"))


def prepare_render(st: Station, project_id: str, *,
                   title: str | None = None) -> RenderJob:
    """What the render needs from the database; refuses an empty edit list."""
    st.require(Right.STUDIO_USE, "render")
    project = get_project(st, project_id)
    edl = edit_list(st, project_id)
    if not edl.clips or edl.frames <= 0:
        raise refuse(QT_TRANSLATE_NOOP("errors", "the edit is empty: nothing to render"))
    source = library.get_item(st, project.item_id)
    return RenderJob(project_id, edl, _locate(st, edl),
                     nfc(title or (source.title if source else project.title)),
                     source.category if source else "",
                     settings.TRUE_PEAK_LIMIT_DBTP.get(st.db), st.store.new_temp(".flac"))


def run_render(job: RenderJob, state: TaskState | None = None) -> RenderJob:
    """Render the edit list to ``job.out`` with one ffmpeg graph; touches no database.
    A failure or cancel leaves nothing at ``job.out``."""
    from media.editgraph import build_graph
    from media.render import RenderError, render_graph

    state = state or null_state()
    edl = job.edl
    paths = _check_sources(edl, job.sources, state)
    try:
        render_graph(build_graph(edl, paths), job.out, duration_s=edl.frames / edl.rate,
                     state=state, sample_rate=edl.rate, channels=edl.channels,
                     loudness_target=edl.loudness_target,
                     true_peak_limit=job.true_peak_limit, metadata={"TITLE": job.title})
    except RenderError:
        _name_damaged(job.sources, state)
        raise
    return job


def save_rendered(st: Station, job: RenderJob,
                  state: TaskState | None = None) -> tuple[library.Item, Changes]:
    """Import the rendered file as a new item linked to its sources; the temp file goes
    whatever happens (a cancel since the render included)."""
    from station.edits.lineage import save_render

    state = state or null_state()
    try:
        state.check()
        item, changes = save_render(st, job.out, title=job.title, kind="edit",
                                    origin_id=job.project_id, sources=job.edl.sources(),
                                    category=job.category, state=state)
    finally:
        job.out.unlink(missing_ok=True)
    return item, changes | Changes(studio=True)


def render(st: Station, project_id: str, *, title: str | None = None,
           state: TaskState | None = None) -> tuple[library.Item, Changes]:
    """Render the edit list to a new item (FLAC master) linked to its sources."""
    state = state or null_state()
    job = prepare_render(st, project_id, title=title)
    try:
        run_render(job, state.child(0.0, 0.8))
    except BaseException:
        job.out.unlink(missing_ok=True)
        raise
    return save_rendered(st, job, state.child(0.8, 0.2))
