"""The edit operations: each reads the edit list at the undo pointer, changes it on the
timeline and stores the result as a new step (cut, paste, trim, silence, fades, crossfades,
gain, envelopes, loudness, pauses, music under the voice). Positions are integer samples at
the project's rate, so every operation is sample-exact.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING

from media.editgraph import Bed, Clip, EditList
from station import settings
from station.changes import Changes
from station.clock import now_iso
from station.edits.projects import edit_list, record_step, source_clip
from station.edits.sources import cached_peaks
from station.edits.timeline import (
    EditRefused,
    check_curve,
    check_range,
    inserted,
    level_at,
    refuse,
    removed,
    selected_clips,
    shift_beds,
    split_at,
    split_range,
)
from station.errors import QT_TRANSLATE_NOOP
from station.rights import Right
from station.station import Station

if TYPE_CHECKING:
    from media.peaks import WaveformPeaks


def _begin(st: Station, project_id: str, what: str) -> EditList:
    st.require(Right.STUDIO_USE, what)
    return edit_list(st, project_id)


def copy(st: Station, project_id: str, start: int, end: int) -> Changes:
    """Put the selection on the user's clipboard (kept across projects and restarts)."""
    edl = _begin(st, project_id, "copy")
    check_range(edl, start, end)
    clips = selected_clips(edl, start, end)
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
    return record_step(st, project_id, "cut", {"start": start, "end": end},
                        removed(edl, start, end))


def delete(st: Station, project_id: str, start: int, end: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "delete")
    check_range(edl, start, end)
    return record_step(st, project_id, "delete", {"start": start, "end": end},
                        removed(edl, start, end))


def paste(st: Station, project_id: str, at: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "paste")
    clips = clipboard(st)
    if not clips:
        raise refuse(QT_TRANSLATE_NOOP("errors", "the clipboard is empty: copy or cut a "
                                                 "selection first"))
    if not 0 <= at <= edl.frames:
        raise refuse(QT_TRANSLATE_NOOP("errors", "the paste position is outside the edit"))
    return record_step(st, project_id, "paste", {"at": at, "clips": len(clips)},
                        inserted(edl, at, clips))


def trim(st: Station, project_id: str, start: int, end: int) -> tuple[EditList, Changes]:
    """Keep only the selection."""
    edl = _begin(st, project_id, "trim")
    check_range(edl, start, end)
    total = edl.frames
    out = replace(edl, beds=())
    out = removed(out, end, total) if end < total else out
    out = removed(out, 0, start) if start > 0 else out
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
    return record_step(st, project_id, "trim", {"start": start, "end": end},
                        replace(out, beds=tuple(beds)))


def insert_silence(st: Station, project_id: str, at: int,
                   length: int) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "insert silence")
    if length <= 0 or not 0 <= at <= edl.frames:
        raise refuse(QT_TRANSLATE_NOOP("errors", "silence needs a length and a position "
                                                 "inside the edit"))
    silence = Clip("", "", edl.rate, edl.channels, 0, length)
    return record_step(st, project_id, "silence", {"at": at, "length": length},
                        inserted(edl, at, (silence,)))


def _fade(st: Station, project_id: str, start: int, end: int, curve: str,
          side: str) -> tuple[EditList, Changes]:
    """A fade in ('in': from ``start``) or out ('out': to ``end``) over the selection: one
    curve across any cuts in it, each clip it covers playing its own piece of the curve."""
    edl = _begin(st, project_id, f"fade {side}")
    check_range(edl, start, end)
    check_curve(curve)
    edl, _ = split_at(edl, start if side == "in" else end)
    clips = list(edl.clips)
    for k, at in enumerate(edl.starts()):
        clip = clips[k]
        stop = at + clip.length(edl.rate)
        if side == "in" and start <= at < end:
            clips[k] = replace(clip, fade_in=end - at, fade_in_lead=at - start,
                               fade_in_curve=curve)
        elif side == "out" and at < end and stop > start:
            clips[k] = replace(clip, fade_out=stop - start, fade_out_tail=max(end - stop, 0),
                               fade_out_curve=curve)
    return record_step(st, project_id, f"fade_{side}", {"start": start, "end": end,
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
    check_curve(curve)
    cuts = boundaries(edl)
    if not cuts:
        raise refuse(QT_TRANSLATE_NOOP("errors", "a crossfade needs two clips: cut or paste "
                                                 "first"))
    n = 1 + min(range(len(cuts)), key=lambda k: abs(cuts[k] - at))
    prev, clip = edl.clips[n - 1], edl.clips[n]
    if length <= 0 or length > min(prev.length(edl.rate), clip.length(edl.rate)):
        raise refuse(QT_TRANSLATE_NOOP("errors", "the crossfade is longer than the clips it "
                                                 "joins"))
    clips = list(edl.clips)
    clips[n] = replace(clip, crossfade=length, crossfade_curve=curve)
    out = edl.with_clips(clips)
    out = shift_beds(out, cuts[n - 1], -length) if out.beds else out
    return record_step(st, project_id, "crossfade",
                        {"at": cuts[n - 1], "length": length, "curve": curve}, out)


def gain(st: Station, project_id: str, start: int, end: int,
         db: float) -> tuple[EditList, Changes]:
    edl = _begin(st, project_id, "gain")
    check_range(edl, start, end)
    edl, i, j = split_range(edl, start, end)
    clips = list(edl.clips)
    for k in range(i, j):
        clips[k] = replace(clips[k], gain_db=round(clips[k].gain_db + db, 4))
    return record_step(st, project_id, "gain", {"start": start, "end": end, "db": db},
                        edl.with_clips(clips))


def envelope(st: Station, project_id: str,
             points: list[tuple[int, float]]) -> tuple[EditList, Changes]:
    """A volume envelope (piecewise linear in dB) from the first point to the last;
    outside it the level is unchanged."""
    edl = _begin(st, project_id, "envelope")
    pts = sorted((int(p), float(g)) for p, g in points)
    if len(pts) < 2 or pts[0][0] == pts[-1][0]:
        raise refuse(QT_TRANSLATE_NOOP("errors", "an envelope needs two points or more"))
    check_range(edl, pts[0][0], pts[-1][0])
    edl, i, j = split_range(edl, pts[0][0], pts[-1][0])
    starts = edl.starts()
    clips = list(edl.clips)
    for k in range(i, j):
        a, n = starts[k], clips[k].length(edl.rate)
        inner = [(p - a, g) for p, g in pts if a < p < a + n]
        env = ((0, level_at(pts, a)), *inner, (n, level_at(pts, a + n)))
        clips[k] = replace(clips[k], envelope=env)
    return record_step(st, project_id, "envelope", {"points": [list(p) for p in pts]},
                        edl.with_clips(clips))


def normalise(st: Station, project_id: str, *, target: float | None = None,
              on: bool = True) -> tuple[EditList, Changes]:
    """Render at the loudness target (the station's, -23 LUFS by default), true peak at the
    station's limit; ``on=False`` renders at the clips' own levels again."""
    edl = _begin(st, project_id, "normalise")
    value = (target if target is not None else settings.LOUDNESS_TARGET_LUFS.get(st.db)) \
        if on else None
    return record_step(st, project_id, "normalise", {"target": value},
                        replace(edl, loudness_target=value))


def silences(st: Station, edl: EditList, *, threshold_db: float = -40.0,
             min_s: float = 1.0) -> list[tuple[int, int]]:
    """Stretches of the timeline quieter than ``threshold_db`` (sample peak) for at least
    ``min_s``, found in the cached peaks (no decoding)."""
    import numpy as np

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
            cache[clip.sha256] = cached_peaks(st, clip.sha256)
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
    dropped = 0
    for a, b in reversed(silences(st, edl, threshold_db=threshold_db, min_s=min_s)):
        cut_a, cut_b = a + keep // 2, b - (keep - keep // 2)
        if cut_b <= cut_a:
            continue
        try:
            edl = removed(edl, cut_a, cut_b)
        except EditRefused:
            continue  # a pause inside a crossfade stays
        dropped += cut_b - cut_a
    if not dropped:
        raise refuse(QT_TRANSLATE_NOOP("errors", "no pause longer than {seconds:.1f} s was "
                                                 "found"), seconds=min_s)
    return record_step(st, project_id, "truncate_silence",
                        {"threshold_db": threshold_db, "min_s": min_s, "keep_s": keep_s,
                         "removed": dropped}, edl)


def voice_over(st: Station, project_id: str, music_item_id: str, at: int, *,
               start: int = 0, end: int | None = None, gain_db: float = 0.0,
               duck_db: float = -15.0) -> tuple[EditList, Changes]:
    """Lay music (samples ``start``-``end`` of its item) under the edit from ``at``, ducked
    by ``duck_db`` while the voice speaks."""
    edl = _begin(st, project_id, "voice over")
    _, whole = source_clip(st, music_item_id)
    stop = whole.end if end is None else min(end, whole.end)
    if not 0 <= start < stop or not 0 <= at < edl.frames or duck_db > 0:
        raise refuse(QT_TRANSLATE_NOOP("errors", "the music must start inside the edit and "
                                                 "have a length"))
    bed = Bed(replace(whole, start=start, end=stop, gain_db=gain_db), at, duck_db)
    return record_step(st, project_id, "voice_over",
                        {"item": music_item_id, "at": at, "start": start, "end": stop,
                         "gain_db": gain_db, "duck_db": duck_db},
                        replace(edl, beds=(*edl.beds, bed)))
