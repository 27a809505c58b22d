"""Non-destructive editing: an edit list per project, each operation a stored step.

A project edits one source item (paste may bring in clips of others). Every operation stores
the edit list it produced as a step; ``position`` in ``edit_projects`` says how many steps are
applied. Undo and redo move that pointer, so they are exact, unlimited and survive a restart;
a new operation after an undo drops the steps past the pointer (the redo branch).

Positions are integer samples on the timeline (the project's rate, the source item's own),
so cut, paste, trim and silence are sample-exact. Music beds (voice over music) sit at
absolute timeline positions; removing or inserting time before a bed moves it with the
audio after the edit point. The render builds one ffmpeg graph (media.editgraph) and saves
a new item with its lineage (station.edits.renders); the sources are never touched.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from pathlib import Path

from media.editgraph import CURVES, Bed, Clip, EditList
from media.taskstate import TaskState, null_state
from station import settings
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, StationError, ValidationError
from station.ids import uuid7
from station.library import items as library
from station.rights import Right
from station.station import Station


class EditRefused(ValidationError):
    """The operation does not fit the edit list (a range outside it, a fade over two clips)."""


class SourceUnavailable(StationError):
    """A source item's media file is missing or damaged: the render cannot start
    (params: title, item, reason)."""


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


# ------------------------------------------------------------------------------ projects

def _source_clip(st: Station, item_id: str) -> tuple[library.Item, Clip]:
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
    from media.peaks import WaveformPeaks

    row = st.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?", [sha256]).fetchone()
    if row is not None:
        try:
            return WaveformPeaks.from_bytes(row[0]).frames
        except ValueError:
            pass
    return round(duration_s * rate)


def open_project(st: Station, item_id: str, *, new: bool = False) -> tuple[Project, Changes]:
    """The latest editing project of ``item_id``, or a new one (always, with ``new``)."""
    st.require(Right.STUDIO_USE, "edit")
    if not new:
        row = st.db.execute("SELECT id FROM edit_projects WHERE item_id = ?"
                            " ORDER BY updated_at DESC, id DESC LIMIT 1", [item_id]).fetchone()
        if row is not None:
            return get_project(st, row[0]), Changes()
    item, clip = _source_clip(st, item_id)
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


def projects_for(st: Station, item_id: str) -> list[Project]:
    rows = st.db.execute(f"SELECT {_PROJECT} FROM edit_projects p WHERE item_id = ?"
                         " ORDER BY updated_at DESC", [item_id]).fetchall()
    return [Project(*r) for r in rows]


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


def _record(st: Station, project_id: str, op: str, params: dict[str, object],
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


# ------------------------------------------------------------------------- the timeline

def _refuse(template: str, **params: object) -> EditRefused:
    return EditRefused(template, **params)


def _check_range(edl: EditList, start: int, end: int) -> None:
    if not 0 <= start < end <= edl.frames:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the selection {start}-{end} is outside the "
                                                  "edit (0-{frames} samples)"),
                      start=start, end=end, frames=edl.frames)


def _check_curve(curve: str) -> None:
    if curve not in CURVES:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "unknown fade curve: {curve}"), curve=curve)


def _split_envelope(env: tuple[tuple[int, float], ...], at: int
                    ) -> tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]]:
    if not env:
        return (), ()
    pts = sorted(env)
    value = _env_value(pts, at)
    left = (*tuple(p for p in pts if p[0] < at), (at, value))
    right = ((0, value), *tuple((o - at, g) for o, g in pts if o > at))
    return left, right


def _env_value(pts: list[tuple[int, float]], at: int) -> float:
    if at <= pts[0][0]:
        return pts[0][1]
    for (a, ga), (b, gb) in itertools.pairwise(pts):
        if a <= at <= b:
            return ga + (gb - ga) * (at - a) / (b - a) if b > a else gb
    return pts[-1][1]


def _split(edl: EditList, pos: int) -> tuple[EditList, int]:
    """The edit list with a clip boundary at ``pos``; the index of the clip starting there.

    Samples, gain and envelope split exactly. A fade cut in two keeps its length on the side
    where it lies; the other side's share is cut short (afade cannot start mid-curve), which
    is why fades are best made after cutting."""
    starts = edl.starts()
    clips = list(edl.clips)
    for n, (clip, start) in enumerate(zip(clips, starts, strict=True)):
        length = clip.length(edl.rate)
        if pos == start and not (n and clip.crossfade):
            return edl, n
        if start < pos < start + length:
            if pos < start + (clip.crossfade if n else 0) or (
                    n + 1 < len(clips) and pos >= starts[n + 1]):
                raise _refuse(QT_TRANSLATE_NOOP("errors", "an edit point cannot fall inside a "
                                                          "crossfade; undo the crossfade first"))
            o = pos - start
            env_l, env_r = _split_envelope(clip.envelope, o)
            left = replace(clip, end=clip.to_source(o, edl.rate), envelope=env_l,
                           fade_in=min(clip.fade_in, o),
                           fade_out=max(0, clip.fade_out - (length - o)))
            right = replace(clip, start=clip.to_source(o, edl.rate), envelope=env_r,
                            fade_in=max(0, clip.fade_in - o),
                            fade_out=min(clip.fade_out, length - o), crossfade=0)
            clips[n:n + 1] = [left, right]
            return edl.with_clips(clips), n + 1
    return edl, len(clips)  # pos == the end


def _tidy(edl: EditList) -> EditList:
    """Drop empty clips and crossfades that no longer fit their neighbours."""
    clips = [c for c in edl.clips if c.end > c.start]
    out: list[Clip] = []
    for n, clip in enumerate(clips):
        if clip.crossfade and (n == 0 or clip.crossfade > min(
                clip.length(edl.rate), clips[n - 1].length(edl.rate))):
            clip = replace(clip, crossfade=0)
        out.append(clip)
    return edl.with_clips(out)


def _shift_beds(edl: EditList, at: int, delta: int) -> EditList:
    """Beds at or after ``at`` move by ``delta`` (with the audio after an edit point)."""
    return replace(edl, beds=tuple(replace(b, at=b.at + delta) if b.at >= at else b
                                   for b in edl.beds))


def _range(edl: EditList, start: int, end: int) -> tuple[EditList, int, int]:
    edl, _ = _split(edl, start)
    edl, j = _split(edl, end)
    _, i = _split(edl, start)
    return edl, i, j


def _removed(edl: EditList, start: int, end: int) -> EditList:
    edl, i, j = _range(edl, start, end)
    out = _tidy(edl.with_clips(edl.clips[:i] + edl.clips[j:]))
    return _shift_beds(out, end, -(end - start)) if out.beds else out


def _inserted(edl: EditList, at: int, clips: tuple[Clip, ...]) -> EditList:
    edl, i = _split(edl, at)
    clips = (replace(clips[0], crossfade=0), *clips[1:])
    out = _tidy(edl.with_clips(edl.clips[:i] + clips + edl.clips[i:]))
    length = sum(c.length(edl.rate) - (c.crossfade if n else 0) for n, c in enumerate(clips))
    return _shift_beds(out, at, length) if out.beds else out


def _selection(edl: EditList, start: int, end: int) -> tuple[Clip, ...]:
    edl, i, j = _range(edl, start, end)
    clips = edl.clips[i:j]
    return (replace(clips[0], crossfade=0), *clips[1:]) if clips else ()


# --------------------------------------------------------------------------- operations

def _begin(st: Station, project_id: str, what: str) -> EditList:
    st.require(Right.STUDIO_USE, what)
    return edit_list(st, project_id)


def copy(st: Station, project_id: str, start: int, end: int) -> Changes:
    """Put the selection on the user's clipboard (kept across projects and restarts)."""
    edl = _begin(st, project_id, "copy")
    _check_range(edl, start, end)
    clips = _selection(edl, start, end)
    with st.db.atomic():
        st.db.execute("INSERT OR REPLACE INTO edit_clipboard (actor, clips, at) VALUES (?,?,?)",
                      [st.actor, json.dumps([c.to_json() for c in clips]), now_iso()])
    return Changes(studio=True)


def clipboard(st: Station) -> tuple[Clip, ...]:
    row = st.db.execute("SELECT clips FROM edit_clipboard WHERE actor = ?",
                        [st.actor]).fetchone()
    return tuple(Clip.from_json(c) for c in json.loads(row[0])) if row else ()


def cut(st: Station, project_id: str, start: int, end: int) -> tuple[EditList, Changes]:
    copy(st, project_id, start, end)
    edl = edit_list(st, project_id)
    return _record(st, project_id, "cut", {"start": start, "end": end},
                   _removed(edl, start, end))


def delete(st: Station, project_id: str, start: int, end: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "delete")
    _check_range(edl, start, end)
    return _record(st, project_id, "delete", {"start": start, "end": end},
                   _removed(edl, start, end))


def paste(st: Station, project_id: str, at: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "paste")
    clips = clipboard(st)
    if not clips:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the clipboard is empty: copy or cut a "
                                                  "selection first"))
    if not 0 <= at <= edl.frames:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the paste position is outside the edit"))
    return _record(st, project_id, "paste", {"at": at, "clips": len(clips)},
                   _inserted(edl, at, clips))


def trim(st: Station, project_id: str, start: int, end: int) -> tuple[EditList, Changes]:
    """Keep only the selection."""
    edl = _begin(st, project_id, "trim")
    _check_range(edl, start, end)
    total = edl.frames
    out = replace(edl, beds=())
    out = _removed(out, end, total) if end < total else out
    out = _removed(out, 0, start) if start > 0 else out
    beds = []
    for bed in edl.beds:
        skip = start - bed.at
        if skip > 0:  # the bed began before the kept stretch: it plays on from there
            if skip >= bed.clip.length(edl.rate):
                continue
            bed = replace(bed, at=0, clip=replace(bed.clip,
                                                  start=bed.clip.to_source(skip, edl.rate)))
        else:
            bed = replace(bed, at=-skip)
        if bed.at < out.frames:
            beds.append(bed)
    return _record(st, project_id, "trim", {"start": start, "end": end},
                   replace(out, beds=tuple(beds)))


def insert_silence(st: Station, project_id: str, at: int,
                   length: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "insert silence")
    if length <= 0 or not 0 <= at <= edl.frames:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "silence needs a length and a position "
                                                  "inside the edit"))
    silence = Clip("", "", edl.rate, edl.channels, 0, length)
    return _record(st, project_id, "silence", {"at": at, "length": length},
                   _inserted(edl, at, (silence,)))


def _fade(st: Station, project_id: str, start: int, end: int, curve: str,
          side: str) -> tuple[EditList, Changes]:
    """A fade in ('in': from ``start``) or out ('out': to ``end``) within the clip there."""
    edl = _begin(st, project_id, f"fade {side}")
    _check_range(edl, start, end)
    _check_curve(curve)
    edl, i = _split(edl, start if side == "in" else end)
    i = i if side == "in" else i - 1
    clip = edl.clips[i]
    if end - start > clip.length(edl.rate):
        raise _refuse(QT_TRANSLATE_NOOP("errors", "a fade must lie within one clip: shorten "
                                                  "the selection to {seconds:.2f} s"),
                      seconds=clip.length(edl.rate) / edl.rate)
    clips = list(edl.clips)
    clips[i] = replace(clip, fade_in=end - start, fade_in_curve=curve) if side == "in" \
        else replace(clip, fade_out=end - start, fade_out_curve=curve)
    return _record(st, project_id, f"fade_{side}", {"start": start, "end": end,
                                                    "curve": curve}, edl.with_clips(clips))


def fade_in(st: Station, project_id: str, start: int, end: int,
            curve: str = "tri") -> tuple[EditList, Changes]:
    return _fade(st, project_id, start, end, curve, "in")


def fade_out(st: Station, project_id: str, start: int, end: int,
             curve: str = "tri") -> tuple[EditList, Changes]:
    return _fade(st, project_id, start, end, curve, "out")


def boundaries(edl: EditList) -> list[int]:
    """Timeline positions where one clip meets the next."""
    return edl.starts()[1:]


def crossfade(st: Station, project_id: str, at: int, length: int,
              curve: str = "tri") -> tuple[EditList, Changes]:
    """Overlap the two clips meeting nearest ``at`` by ``length`` samples (the edit gets
    shorter by that much)."""
    edl = _begin(st, project_id, "crossfade")
    _check_curve(curve)
    cuts = boundaries(edl)
    if not cuts:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "a crossfade needs two clips: cut or paste "
                                                  "first"))
    n = 1 + min(range(len(cuts)), key=lambda k: abs(cuts[k] - at))
    prev, clip = edl.clips[n - 1], edl.clips[n]
    if length <= 0 or length > min(prev.length(edl.rate), clip.length(edl.rate)):
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the crossfade is longer than the clips it "
                                                  "joins"))
    clips = list(edl.clips)
    clips[n] = replace(clip, crossfade=length, crossfade_curve=curve)
    out = edl.with_clips(clips)
    out = _shift_beds(out, cuts[n - 1], -length) if out.beds else out
    return _record(st, project_id, "crossfade",
                   {"at": cuts[n - 1], "length": length, "curve": curve}, out)


def gain(st: Station, project_id: str, start: int, end: int,
         db: float) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "gain")
    _check_range(edl, start, end)
    edl, i, j = _range(edl, start, end)
    clips = list(edl.clips)
    for k in range(i, j):
        clips[k] = replace(clips[k], gain_db=round(clips[k].gain_db + db, 4))
    return _record(st, project_id, "gain", {"start": start, "end": end, "db": db},
                   edl.with_clips(clips))


def envelope(st: Station, project_id: str,
             points: list[tuple[int, float]]) -> tuple[EditList, Changes]:
    """A volume envelope (piecewise linear in dB) from the first point to the last;
    outside it the level is unchanged."""
    edl = _begin(st, project_id, "envelope")
    pts = sorted((int(p), float(g)) for p, g in points)
    if len(pts) < 2 or pts[0][0] == pts[-1][0]:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "an envelope needs two points or more"))
    _check_range(edl, pts[0][0], pts[-1][0])
    edl, i, j = _range(edl, pts[0][0], pts[-1][0])
    starts = edl.starts()
    clips = list(edl.clips)
    for k in range(i, j):
        a, n = starts[k], clips[k].length(edl.rate)
        inner = [(p - a, g) for p, g in pts if a < p < a + n]
        env = ((0, _env_value(pts, a)), *inner, (n, _env_value(pts, a + n)))
        clips[k] = replace(clips[k], envelope=env)
    return _record(st, project_id, "envelope", {"points": [list(p) for p in pts]},
                   edl.with_clips(clips))


def normalise(st: Station, project_id: str, *, target: float | None = None,
              on: bool = True) -> tuple[EditList, Changes]:
    """Render at the loudness target (the station's, -23 LUFS by default), true peak at the
    station's limit; ``on=False`` renders at the clips' own levels again."""
    edl = _begin(st, project_id, "normalise")
    value = (target if target is not None else settings.LOUDNESS_TARGET_LUFS.get(st.db)) \
        if on else None
    return _record(st, project_id, "normalise", {"target": value},
                   replace(edl, loudness_target=value))


def silences(st: Station, edl: EditList, *, threshold_db: float = -40.0,
             min_s: float = 1.0) -> list[tuple[int, int]]:
    """Stretches of the timeline quieter than ``threshold_db`` (sample peak) for at least
    ``min_s``, found in the cached peaks (no decoding)."""
    import numpy as np

    from media.peaks import WaveformPeaks

    runs: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        if runs and runs[-1][1] >= a:
            runs[-1] = (runs[-1][0], max(b, runs[-1][1]))
        else:
            runs.append((a, b))

    cache: dict[str, WaveformPeaks | None] = {}
    for clip, start in zip(edl.clips, edl.starts(), strict=True):
        n = clip.length(edl.rate)
        skip = clip.crossfade  # the overlap is never silence worth cutting
        if clip.silent:
            add(start + skip, start + n)
            continue
        if clip.sha256 not in cache:
            row = st.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?",
                                [clip.sha256]).fetchone()
            cache[clip.sha256] = WaveformPeaks.from_bytes(row[0]) if row else None
        peaks = cache[clip.sha256]
        if peaks is None or not peaks.levels:
            continue
        size = peaks.base
        first, last = clip.start // size, -(-clip.end // size)
        data = peaks.levels[0][first:last].astype(np.int32)
        level = np.abs(data).max(axis=(1, 2)) / peaks.scale
        # The clip's gain counts; int8 peaks cannot tell apart levels under one step (-42 dB).
        quiet = level <= max(10 ** ((threshold_db - clip.gain_db) / 20), 1.0 / peaks.scale)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], quiet.astype(np.int8), [0]))))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            src_a = max((first + int(a)) * size, clip.start)
            src_b = min((first + int(b)) * size, clip.end)
            ta = start + round((src_a - clip.start) * edl.rate / clip.rate)
            tb = start + round((src_b - clip.start) * edl.rate / clip.rate)
            if tb > start + skip:
                add(max(ta, start + skip), tb)
    need = round(min_s * edl.rate)
    return [(a, b) for a, b in runs if b - a >= need]


def truncate_silence(st: Station, project_id: str, *, threshold_db: float = -40.0,
                     min_s: float = 1.0, keep_s: float = 0.3) -> tuple[EditList, Changes]:
    """Shorten every pause longer than ``min_s`` to ``keep_s`` (half kept at each side)."""
    edl = _begin(st, project_id, "truncate silence")
    keep = round(keep_s * edl.rate)
    removed = 0
    for a, b in reversed(silences(st, edl, threshold_db=threshold_db, min_s=min_s)):
        cut_a, cut_b = a + keep // 2, b - (keep - keep // 2)
        if cut_b <= cut_a:
            continue
        try:
            edl = _removed(edl, cut_a, cut_b)
        except EditRefused:
            continue  # a pause inside a crossfade stays
        removed += cut_b - cut_a
    if not removed:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "no pause longer than {seconds:.1f} s was "
                                                  "found"), seconds=min_s)
    return _record(st, project_id, "truncate_silence",
                   {"threshold_db": threshold_db, "min_s": min_s, "keep_s": keep_s,
                    "removed": removed}, edl)


def voice_over(st: Station, project_id: str, music_item_id: str, at: int, *,
               start: int = 0, end: int | None = None, gain_db: float = 0.0,
               duck_db: float = -15.0) -> tuple[EditList, Changes]:
    """Lay music (samples ``start``-``end`` of its item) under the edit from ``at``, ducked
    by ``duck_db`` while the voice speaks."""
    edl = _begin(st, project_id, "voice over")
    _, whole = _source_clip(st, music_item_id)
    stop = whole.end if end is None else min(end, whole.end)
    if not 0 <= start < stop or not 0 <= at < edl.frames or duck_db > 0:
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the music must start inside the edit and "
                                                  "have a length"))
    bed = Bed(replace(whole, start=start, end=stop, gain_db=gain_db), at, duck_db)
    return _record(st, project_id, "voice_over",
                   {"item": music_item_id, "at": at, "start": start, "end": stop,
                    "gain_db": gain_db, "duck_db": duck_db},
                   replace(edl, beds=(*edl.beds, bed)))


# ------------------------------------------------------------------------------- render
# A render is three steps so that the UI's database thread waits only for its two ends:
# prepare_render reads the database, run_render drives ffmpeg (no database: any thread),
# save_rendered imports the result. ``render`` runs the three in a row (CLI, tests).

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
        raise _refuse(QT_TRANSLATE_NOOP("errors", "the edit is empty: nothing to render"))
    source = library.get_item(st, project.item_id)
    return RenderJob(project_id, edl, _locate(st, edl),
                     library.nfc(title or (source.title if source else project.title)),
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
    from station.edits.renders import save_render

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
