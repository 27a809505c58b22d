"""An edit list (clips on a timeline, music beds under them) and the one ffmpeg filter graph
that renders it.

Positions are integers: samples at the timeline's rate for the timeline, samples at the
source's own rate for a clip's in and out points, so cut, paste, trim and silence are
sample-exact. Each clip reads its source through its own ``-ss`` input (whole seconds, so the
seek lands on an exact sample) and an ``atrim`` in samples: a 1-hour programme with twenty
edits decodes each stretch once, and concat never has to buffer one clip while it plays
another.

Ducking a music bed under the voice: the voice (the main track) keys a hard gate on a
constant signal, which gives a smooth 0..1 "voice present" control with the gate's attack
and release; the bed is multiplied by ``1 - control * (1 - duck)``. The depth is thus exactly
``duck_db`` wherever the voice speaks, whatever the voice's level (a compressor's depth would
follow the voice's level instead).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import ffmpeg

# ffmpeg's afade / acrossfade curve names, in the order the editor offers them.
CURVES = ("tri", "qsin", "hsin", "esin", "log", "ipar", "qua", "cub", "squ", "cbr", "par",
          "exp", "iqsin", "ihsin", "losi", "desi")

_EXACT_FORMATS = "s32|s32p|flt|fltp|dbl|dblp"
DUCK_THRESHOLD = 0.02  # RMS of the voice (about -34 dBFS) above which the bed ducks
DUCK_ATTACK_MS = 40.0
DUCK_RELEASE_MS = 400.0


@dataclass(frozen=True)
class Clip:
    """A stretch of a source item (or of silence, when ``item_id`` is empty)."""

    item_id: str
    sha256: str
    rate: int  # the source's sample rate: start and end count samples at this rate
    channels: int
    start: int
    end: int
    gain_db: float = 0.0
    fade_in: int = 0  # samples of the timeline from the clip's start (may run past its end)
    fade_in_curve: str = "tri"
    fade_out: int = 0  # samples of the timeline up to the clip's end (may begin before it)
    fade_out_curve: str = "tri"
    envelope: tuple[tuple[int, float], ...] = ()  # (timeline samples from clip start, dB)
    crossfade: int = 0  # overlap with the clip before it, in timeline samples
    crossfade_curve: str = "tri"
    # A fade across cuts is one curve in pieces: the samples of it that lie on the clips
    # before this one (fade in) or after it (fade out), so each piece plays its part.
    fade_in_lead: int = 0
    fade_out_tail: int = 0

    @property
    def silent(self) -> bool:
        return not self.item_id

    def length(self, rate: int) -> int:
        """Its length on a timeline running at ``rate``."""
        n = self.end - self.start
        return n if rate == self.rate else round(n * rate / self.rate)

    def to_source(self, offset: int, rate: int) -> int:
        """A timeline offset into this clip as a source position."""
        return self.start + (offset if rate == self.rate else round(offset * self.rate / rate))

    def to_json(self) -> dict[str, Any]:
        return {"item": self.item_id, "sha": self.sha256, "rate": self.rate,
                "ch": self.channels, "start": self.start, "end": self.end,
                "gain": self.gain_db, "fi": self.fade_in, "fic": self.fade_in_curve,
                "fo": self.fade_out, "foc": self.fade_out_curve,
                "env": [list(p) for p in self.envelope], "xf": self.crossfade,
                "xfc": self.crossfade_curve,
                **({"fil": self.fade_in_lead} if self.fade_in_lead else {}),
                **({"fot": self.fade_out_tail} if self.fade_out_tail else {})}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Clip:
        return cls(d["item"], d["sha"], int(d["rate"]), int(d["ch"]), int(d["start"]),
                   int(d["end"]), float(d.get("gain", 0.0)), int(d.get("fi", 0)),
                   d.get("fic", "tri"), int(d.get("fo", 0)), d.get("foc", "tri"),
                   tuple((int(a), float(b)) for a, b in d.get("env", ())),
                   int(d.get("xf", 0)), d.get("xfc", "tri"), int(d.get("fil", 0)),
                   int(d.get("fot", 0)))


@dataclass(frozen=True)
class Bed:
    """A music clip under the main track from timeline position ``at``, ducked by
    ``duck_db`` (0: not ducked) while the main track speaks."""

    clip: Clip
    at: int
    duck_db: float = -15.0

    def to_json(self) -> dict[str, Any]:
        return {"clip": self.clip.to_json(), "at": self.at, "duck": self.duck_db}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Bed:
        return cls(Clip.from_json(d["clip"]), int(d["at"]), float(d.get("duck", -15.0)))


@dataclass(frozen=True)
class EditList:
    rate: int
    channels: int
    clips: tuple[Clip, ...] = ()
    beds: tuple[Bed, ...] = ()
    loudness_target: float | None = None  # normalise at render when set

    def starts(self) -> list[int]:
        """Timeline position of each clip's first sample (crossfades overlap)."""
        out, pos = [], 0
        for n, clip in enumerate(self.clips):
            if n and clip.crossfade:
                pos -= clip.crossfade
            out.append(pos)
            pos += clip.length(self.rate)
        return out

    @property
    def frames(self) -> int:
        pos = 0
        for n, clip in enumerate(self.clips):
            pos += clip.length(self.rate) - (clip.crossfade if n else 0)
        return max(pos, 0)

    def sources(self) -> list[str]:
        """Source item ids, in order of first use (clips, then beds)."""
        ids = [c.item_id for c in self.clips] + [b.clip.item_id for b in self.beds]
        return list(dict.fromkeys(i for i in ids if i))

    def to_json(self) -> dict[str, Any]:
        return {"rate": self.rate, "channels": self.channels,
                "clips": [c.to_json() for c in self.clips],
                "beds": [b.to_json() for b in self.beds],
                "loudness_target": self.loudness_target}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> EditList:
        return cls(int(d["rate"]), int(d["channels"]),
                   tuple(Clip.from_json(c) for c in d.get("clips", ())),
                   tuple(Bed.from_json(b) for b in d.get("beds", ())),
                   d.get("loudness_target"))

    def with_clips(self, clips: list[Clip] | tuple[Clip, ...]) -> EditList:
        return replace(self, clips=tuple(clips))


def _layout(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")


class _Inputs:
    """Each clip gets its own input; identical clips differ in ``-t`` so that ffmpeg-python
    does not merge them into one input feeding two branches (which would buffer a clip)."""

    def __init__(self) -> None:
        self.seen: dict[tuple[object, ...], int] = {}

    def unique(self, key: tuple[object, ...]) -> int:
        k = self.seen.get(key, 0)
        self.seen[key] = k + 1
        return k


def _envelope_expr(points: tuple[tuple[int, float], ...], rate: int) -> str:
    """A piecewise-linear gain in dB over the clip's time ``t`` as a volume expression."""
    pts = sorted(points)
    expr = f"{pts[-1][1]:.4f}"
    for (a, ga), (b, gb) in reversed(list(itertools.pairwise(pts))):
        ta, tb = a / rate, b / rate
        slope = (gb - ga) / (tb - ta) if tb > ta else 0.0
        expr = f"if(lt(t,{tb:.6f}),{ga:.4f}+({slope:.6f})*(t-{ta:.6f}),{expr})"
    expr = f"if(lt(t,{pts[0][0] / rate:.6f}),{pts[0][1]:.4f},{expr})"
    return f"pow(10,({expr})/20)"


def _clip_stream(clip: Clip, sources: Mapping[str, Path], rate: int, channels: int,
                 inputs: _Inputs) -> Any:
    n = clip.length(rate)
    if clip.silent:
        k = inputs.unique(("silence", n))
        s = ffmpeg.input(f"anullsrc=r={rate}:cl={_layout(channels)}:nb_samples={1024 + k}",
                         f="lavfi").audio
        s = s.filter("atrim", end_sample=n)
    else:
        path = sources[clip.sha256]
        seek = max(0, clip.start // clip.rate - 1)
        base = seek * clip.rate
        k = inputs.unique((clip.sha256, clip.start, clip.end))
        span = math.ceil((clip.end - base) / clip.rate) + 1 + k
        s = ffmpeg.input("file:" + str(path), protocol_whitelist="file", ss=seek, t=span).audio
        s = s.filter("atrim", start_sample=clip.start - base, end_sample=clip.end - base)
        if clip.channels != channels:
            if channels == 1:
                mix = "+".join(f"{1 / clip.channels:.6f}*c{c}" for c in range(clip.channels))
                s = s.filter("pan", f"mono|c0={mix}")
            else:
                s = s.filter("pan", _layout(channels) + "|" + "|".join(
                    f"c{c}=c{min(c, clip.channels - 1)}" for c in range(channels)))
        if clip.rate != rate:
            s = s.filter("aresample", rate)
        s = s.filter("asetpts", "N/SR/TB")
    # Formats that hold 24 bits exactly: concat negotiates one format for all its inputs,
    # and silence alone (u8) would otherwise drag the whole edit down to 8 bits.
    s = s.filter("aformat", sample_fmts=_EXACT_FORMATS, sample_rates=rate,
                 channel_layouts=_layout(channels))
    if clip.gain_db:
        s = s.filter("volume", volume=f"{clip.gain_db:.4f}dB", precision="double")
    if clip.envelope:
        # Per sample (aeval), not per frame: volume's eval=frame would step the ramp once
        # every decoded frame (thousands of samples), audibly and off the drawn line.
        gain = _envelope_expr(clip.envelope, rate)
        s = s.filter("aeval", exprs="|".join(f"val({c})*{gain}" for c in range(channels)),
                     channel_layout="same")
        s = s.filter("aformat", sample_fmts=_EXACT_FORMATS, sample_rates=rate,
                     channel_layouts=_layout(channels))
    if clip.fade_in:
        s = _fade_piece(s, "in", clip.fade_in_lead, 0, clip.fade_in_lead + clip.fade_in,
                        clip.fade_in_curve)
    if clip.fade_out:
        skip = max(clip.fade_out - n, 0)  # the curve began on the clips before this one
        s = _fade_piece(s, "out", skip, n + skip - clip.fade_out,
                        clip.fade_out + clip.fade_out_tail, clip.fade_out_curve)
    return s


def _fade_piece(s: Any, kind: str, skip: int, start: int, length: int, curve: str) -> Any:
    """afade over the stream as if ``skip`` samples of it had played before (afade counts
    from the stream's time, so the time is moved on and then put back)."""
    if skip:
        s = s.filter("asetpts", f"(N+{skip})/SR/TB")
    s = s.filter("afade", type=kind, start_sample=start, nb_samples=length, curve=curve)
    return s.filter("asetpts", "N/SR/TB") if skip else s


def _concat(run: list[Any]) -> Any:
    return run[0] if len(run) == 1 else ffmpeg.concat(*run, v=0, a=1)


def _dc(value: float, frames: int, rate: int, channels: int) -> Any:
    level = "|".join(f"{value:g}" for _ in range(channels))
    return ffmpeg.input(f"aevalsrc={level}:s={rate}:d={frames / rate + 1:.6f}",
                        f="lavfi").audio


def _duck(bed: Any, voice: Any, duck_db: float, frames: int, rate: int, channels: int) -> Any:
    # The gate leaves its gain at 1 while the key is exact digital silence: a DC far below
    # the threshold (-80 dBFS) keeps it closed there.
    key = ffmpeg.filter([voice, _dc(1e-4, frames, rate, channels)], "amix", inputs=2,
                        duration="first", normalize=0)
    # amix takes no negative weight: gate a DC of -1, so the sum is 1 - depth * present.
    present = ffmpeg.filter([_dc(-1, frames, rate, channels), key], "sidechaingate",
                            threshold=DUCK_THRESHOLD, ratio=9000, range=0,
                            attack=DUCK_ATTACK_MS, release=DUCK_RELEASE_MS, knee=1,
                            detection="rms")
    depth = 1 - 10 ** (duck_db / 20)
    control = ffmpeg.filter([_dc(0.5, frames, rate, channels), present], "amix", inputs=2,
                            duration="first", normalize=0, weights=f"2 {depth:.6f}")
    return ffmpeg.filter([bed, control], "amultiply")


def build_graph(edl: EditList, sources: Mapping[str, Path]) -> Any:
    """The ffmpeg-python stream rendering ``edl``; ``sources`` maps asset sha256 to file."""
    if not edl.clips:
        raise ValueError("an empty edit list has nothing to render")
    rate, channels = edl.rate, edl.channels
    inputs = _Inputs()
    run: list[Any] = []
    for n, clip in enumerate(edl.clips):
        s = _clip_stream(clip, sources, rate, channels, inputs)
        if n and clip.crossfade:
            s = ffmpeg.filter([_concat(run), s], "acrossfade", nb_samples=clip.crossfade,
                              c1=clip.crossfade_curve, c2=clip.crossfade_curve)
            run = [s]
        else:
            run.append(s)
    main = _concat(run)
    if not edl.beds:
        return main
    frames = edl.frames
    ducked = [b for b in edl.beds if b.duck_db < 0]
    split = main.filter_multi_output("asplit", 1 + len(ducked))
    main, keys = split[0], [split[i + 1] for i in range(len(ducked))]
    layers = [main]
    for bed in edl.beds:
        s = _clip_stream(bed.clip, sources, rate, channels, inputs)
        s = s.filter("adelay", delays=f"{bed.at}S", all=1)
        s = s.filter("apad", whole_len=frames).filter("atrim", end_sample=frames)
        if bed.duck_db < 0:
            s = _duck(s, keys.pop(0), bed.duck_db, frames, rate, channels)
        layers.append(s)
    return ffmpeg.filter(layers, "amix", inputs=len(layers), duration="first", normalize=0,
                         dropout_transition=0)
