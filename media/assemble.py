"""Assembling a programme: many sound files placed on one timeline, rendered as one master.

The caller (station/programmes/render.py) has already back-timed the rundown; here each
:class:`Part` is a file with where it starts, what part of it plays, its air gain, its fades
and, for a music bed, where it ducks. One ffmpeg filter graph does it all: each part is
decoded, resampled, trimmed and padded to exactly its length in samples, given its gain and
fades. Parts are dealt onto a few tracks on which none overlaps; a track is its parts joined
end to end with silence padded between them in samples (concat), and the tracks are summed
(amix without normalisation, so levels stay as set) and cut to the programme's exact length:
summing a few tracks costs far less than summing every part over the whole programme. The
graph goes
to media.render.render_graph, which brings it to the loudness target and writes the FLAC
master with chapter markers as Vorbis comments. Nothing here knows the database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.render import Rendered, render_graph
from media.taskstate import TaskState

DUCK_RAMP_S = 0.5  # how long a bed takes to go down under the voice
FADE_CURVE = "qsin"  # a quarter sine each way: a crossfade keeps its power


@dataclass(frozen=True)
class Part:
    path: Path
    start_s: float  # where it starts in the programme
    length_s: float  # how much of it plays
    trim_in_s: float = 0.0  # where in the file it starts playing
    gain_db: float = 0.0  # its stored air gain, so every part sits at the same loudness
    fade_in_s: float = 0.0
    fade_out_s: float = 0.0
    duck_at_s: float | None = None  # a bed: seconds after its own start it ducks
    duck_db: float = 0.0


def chapter_tags(chapters: Sequence[tuple[float, str]]) -> dict[str, str]:
    """Vorbis comment chapters (CHAPTER001=00:01:02.345, CHAPTER001NAME=...)."""
    out: dict[str, str] = {}
    for n, (at, name) in enumerate(sorted(chapters, key=lambda c: c[0]), start=1):
        ms = round(at * 1000)
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, ms = divmod(rest, 1000)
        out[f"CHAPTER{n:03d}"] = f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
        out[f"CHAPTER{n:03d}NAME"] = name
    return out


def _samples(seconds: float, sample_rate: int) -> int:
    return max(0, round(seconds * sample_rate))


def _duck_expression(at: float, duck_db: float) -> str:
    gain = 10 ** (duck_db / 20)
    end = at + DUCK_RAMP_S
    return (f"if(lt(t,{at:.6f}),1,if(lt(t,{end:.6f}),"
            f"1+({gain:.6f}-1)*(t-{at:.6f})/{DUCK_RAMP_S},{gain:.6f}))")


def _sources(parts: Sequence[Part], sample_rate: int, channels: int) -> list[Any]:
    """One decoded stream per part; a file used twice (the jingle at both ends) is decoded
    once and split, since a graph may not read one node's output twice."""
    import ffmpeg

    layout = {1: "mono", 2: "stereo"}[channels]
    uses: dict[Path, list[int]] = {}
    for n, part in enumerate(parts):
        uses.setdefault(part.path, []).append(n)
    out: list[Any] = [None] * len(parts)
    for path, indexes in uses.items():
        s = ffmpeg.input("file:" + str(path), protocol_whitelist="file").audio
        # Resample first, so every cut after is counted in samples of the programme's rate.
        s = s.filter("aformat", sample_fmts="fltp", sample_rates=sample_rate,
                     channel_layouts=layout)
        if len(indexes) == 1:
            out[indexes[0]] = s
        else:
            split = s.filter_multi_output("asplit", len(indexes))
            for k, n in enumerate(indexes):
                out[n] = split.stream(k)
    return out


def _part_stream(part: Part, s: Any, sample_rate: int) -> Any:
    first = _samples(part.trim_in_s, sample_rate)
    length = _samples(part.length_s, sample_rate)
    s = s.filter("atrim", start_sample=first, end_sample=first + length)
    s = s.filter("asetpts", "N/SR/TB")
    # A file shorter than its stated length is padded with silence: the timeline never slips.
    s = s.filter("apad", whole_len=length).filter("atrim", end_sample=length)
    if part.gain_db:
        s = s.filter("volume", volume=f"{part.gain_db:.4f}dB", precision="double")
    if part.duck_at_s is not None and part.duck_db < 0:
        s = s.filter("volume", volume=_duck_expression(part.duck_at_s, part.duck_db),
                     eval="frame", precision="double")
    if part.fade_in_s > 0:
        s = s.filter("afade", t="in", ss=0, d=f"{part.fade_in_s:.6f}", curve=FADE_CURVE)
    if part.fade_out_s > 0:
        s = s.filter("afade", t="out", st=f"{max(0.0, part.length_s - part.fade_out_s):.6f}",
                     d=f"{part.fade_out_s:.6f}", curve=FADE_CURVE)
    return s


def _tracks(parts: Sequence[Part], sample_rate: int) -> list[list[int]]:
    """Parts dealt onto as few tracks as possible, none overlapping on its track (a crossfade
    puts its two parts on two tracks, a bed gets one to itself): mixing a few tracks costs
    far less than mixing every part over the whole programme."""
    tracks: list[list[int]] = []
    ends: list[int] = []
    order = sorted(range(len(parts)), key=lambda n: _samples(parts[n].start_s, sample_rate))
    for n in order:
        start = _samples(parts[n].start_s, sample_rate)
        end = start + _samples(parts[n].length_s, sample_rate)
        for t, last in enumerate(ends):
            if last <= start:
                tracks[t].append(n)
                ends[t] = end
                break
        else:
            tracks.append([n])
            ends.append(end)
    return tracks


def _track_stream(parts: Sequence[Part], streams: Sequence[Any], order: list[int],
                  sample_rate: int) -> Any:
    """One track: its first part delayed to its start, each part padded with silence up to
    the next one's start, all joined end to end (concat)."""
    import ffmpeg

    pieces = []
    for k, n in enumerate(order):
        s = streams[n]
        if k == 0:
            delay = _samples(parts[n].start_s, sample_rate)
            if delay:
                s = s.filter("adelay", delays=f"{delay}S", all=1)
        if k + 1 < len(order):
            end = _samples(parts[n].start_s, sample_rate) + _samples(parts[n].length_s,
                                                                      sample_rate)
            gap = _samples(parts[order[k + 1]].start_s, sample_rate) - end
            if gap > 0:
                s = s.filter("apad", pad_len=gap)
        pieces.append(s)
    if len(pieces) == 1:
        return pieces[0]
    return ffmpeg.concat(*pieces, v=0, a=1)


def build_graph(parts: Sequence[Part], total_s: float, *, sample_rate: int = 48000,
                channels: int = 2) -> Any:
    """One ffmpeg-python stream: every part in place, summed, exactly ``total_s`` long."""
    import ffmpeg

    total = _samples(total_s, sample_rate)
    playing = [p for p in parts if _samples(p.length_s, sample_rate) > 0]
    streams = [_part_stream(p, s, sample_rate)
               for p, s in zip(playing, _sources(playing, sample_rate, channels), strict=True)]
    placed = [_track_stream(playing, streams, order, sample_rate)
              for order in _tracks(playing, sample_rate)]
    if not placed:
        layout = {1: "mono", 2: "stereo"}[channels]
        mixed = ffmpeg.input(f"anullsrc=r={sample_rate}:cl={layout}", f="lavfi").audio
    elif len(placed) == 1:
        mixed = placed[0]
    else:
        # normalize=0: amix would otherwise divide every input by the number of inputs.
        mixed = ffmpeg.filter(placed, "amix", inputs=len(placed), duration="longest",
                              dropout_transition=0, normalize=0)
    return mixed.filter("apad", whole_len=total).filter("atrim", end_sample=total)


def assemble(parts: Sequence[Part], out: Path, *, total_s: float,
             chapters: Sequence[tuple[float, str]] = (), loudness_target: float | None = None,
             true_peak_limit: float = -1.0, sample_rate: int = 48000, channels: int = 2,
             state: TaskState | None = None) -> Rendered:
    """Render the parts into a FLAC master at ``out`` (nothing is left there on failure)."""
    if not (math.isfinite(total_s) and total_s > 0):
        raise ValueError(f"a programme must last more than 0 s, not {total_s}")
    graph = build_graph(parts, total_s, sample_rate=sample_rate, channels=channels)
    return render_graph(graph, out, duration_s=total_s, state=state, sample_rate=sample_rate,
                        channels=channels, loudness_target=loudness_target,
                        true_peak_limit=true_peak_limit, metadata=chapter_tags(chapters))
