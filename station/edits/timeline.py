"""The timeline arithmetic of an edit list: splitting clips at a sample, removing and
inserting stretches, moving music beds with the audio after an edit point. Pure functions
over ``media.editgraph.EditList``: no database, so every operation is sample-exact and
testable alone.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from media.editgraph import CURVES, Clip, EditList
from station.errors import QT_TRANSLATE_NOOP, ValidationError


class EditRefused(ValidationError):
    """The operation does not fit the edit list (a range outside it, a cut in a crossfade)."""



def refuse(template: str, **params: object) -> EditRefused:
    return EditRefused(template, **params)


def check_range(edl: EditList, start: int, end: int) -> None:
    if not 0 <= start < end <= edl.frames:
        raise refuse(QT_TRANSLATE_NOOP("errors", "the selection {start}-{end} is outside the "
                                                 "edit (0-{frames} samples)"),
                     start=start, end=end, frames=edl.frames)


def check_curve(curve: str) -> None:
    if curve not in CURVES:
        raise refuse(QT_TRANSLATE_NOOP("errors", "unknown fade curve: {curve}"), curve=curve)


def _split_envelope(env: tuple[tuple[int, float], ...], at: int
                    ) -> tuple[tuple[tuple[int, float], ...], tuple[tuple[int, float], ...]]:
    if not env:
        return (), ()
    pts = sorted(env)
    value = level_at(pts, at)
    left = (*tuple(p for p in pts if p[0] < at), (at, value))
    right = ((0, value), *tuple((o - at, g) for o, g in pts if o > at))
    return left, right


def level_at(pts: list[tuple[int, float]], at: int) -> float:
    if at <= pts[0][0]:
        return pts[0][1]
    for (a, ga), (b, gb) in itertools.pairwise(pts):
        if a <= at <= b:
            return ga + (gb - ga) * (at - a) / (b - a) if b > a else gb
    return pts[-1][1]


def split_at(edl: EditList, pos: int) -> tuple[EditList, int]:
    """The edit list with a clip boundary at ``pos``; the index of the clip starting there.

    Samples, gain, envelope and fades split exactly: a fade cut in two becomes two pieces of
    one curve (the right piece's lead, the left piece's tail say how much lies beyond)."""
    starts = edl.starts()
    clips = list(edl.clips)
    for n, (clip, start) in enumerate(zip(clips, starts, strict=True)):
        length = clip.length(edl.rate)
        if pos == start and not (n and clip.crossfade):
            return edl, n
        if start < pos < start + length:
            if pos < start + (clip.crossfade if n else 0) or (
                    n + 1 < len(clips) and pos >= starts[n + 1]):
                raise refuse(QT_TRANSLATE_NOOP("errors", "an edit point cannot fall inside a "
                                                         "crossfade; undo the crossfade first"))
            o = pos - start
            env_l, env_r = _split_envelope(clip.envelope, o)
            out_l = max(0, clip.fade_out - (length - o))
            in_r = max(0, clip.fade_in - o)
            left = replace(clip, end=clip.to_source(o, edl.rate), envelope=env_l,
                           fade_out=out_l,
                           fade_out_tail=clip.fade_out_tail + (length - o) if out_l else 0)
            right = replace(clip, start=clip.to_source(o, edl.rate), envelope=env_r,
                            fade_in=in_r, fade_in_lead=clip.fade_in_lead + o if in_r else 0,
                            crossfade=0)
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


def shift_beds(edl: EditList, at: int, delta: int) -> EditList:
    """Beds at or after ``at`` move by ``delta`` (with the audio after an edit point)."""
    return replace(edl, beds=tuple(replace(b, at=b.at + delta) if b.at >= at else b
                                   for b in edl.beds))


def split_range(edl: EditList, start: int, end: int) -> tuple[EditList, int, int]:
    edl, _ = split_at(edl, start)
    edl, j = split_at(edl, end)
    _, i = split_at(edl, start)
    return edl, i, j


def removed(edl: EditList, start: int, end: int) -> EditList:
    edl, i, j = split_range(edl, start, end)
    out = _tidy(edl.with_clips(edl.clips[:i] + edl.clips[j:]))
    return shift_beds(out, end, -(end - start)) if out.beds else out


def inserted(edl: EditList, at: int, clips: tuple[Clip, ...]) -> EditList:
    edl, i = split_at(edl, at)
    clips = (replace(clips[0], crossfade=0), *clips[1:])
    out = _tidy(edl.with_clips(edl.clips[:i] + clips + edl.clips[i:]))
    length = sum(c.length(edl.rate) - (c.crossfade if n else 0) for n, c in enumerate(clips))
    return shift_beds(out, at, length) if out.beds else out


def selected_clips(edl: EditList, start: int, end: int) -> tuple[Clip, ...]:
    edl, i, j = split_range(edl, start, end)
    clips = edl.clips[i:j]
    return (replace(clips[0], crossfade=0), *clips[1:]) if clips else ()

