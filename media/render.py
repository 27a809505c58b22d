"""Rendering an ffmpeg-python audio graph into a FLAC master (24-bit), with progress and cancel.

Without a loudness target the graph runs as ONE ffmpeg process that writes the FLAC itself;
``-progress`` on its stdout feeds the TaskState. With a target, loudness must be known before
the gain can be chosen, so the render is measure-then-apply (our own BS.1770 meter, not
ffmpeg's ``loudnorm``, whose dynamic mode changes the programme's dynamics and whose linear
mode silently falls back to dynamic):

1. ffmpeg renders the graph once to float PCM on a pipe; we meter the blocks (integrated
   loudness and 4x-oversampled true peak) while spooling them to a float RF64 temp file.
2. The gain is ``target - integrated``; gain is linear, so the result lands exactly on the
   target and its true peak moves by the same dB. Only if that peak would pass the limit
   does a limiter run, on a 4x oversampled signal (so it sees inter-sample peaks), and the
   result is measured again; the pre-gain is corrected until both hold (a few passes at most).

Either way the master is written next to ``out`` and renamed into place at the end, so a
failed or cancelled render leaves nothing behind. ``metadata`` becomes Vorbis comments.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media import ffmpeg as ffrun
from media.analysis import QT_TRANSLATE_NOOP, MediaError
from media.files import atomic_path
from media.taskstate import TaskState, null_state

LOUDNESS_TOLERANCE_LU = 0.5
_AIM_LU = 0.1  # how close the limiter loop aims, well inside the tolerance
_LIMITER_PASSES = 4
_BLOCK_FRAMES = 65536


class RenderError(MediaError):
    """ffmpeg could not render the graph, or the result missed its loudness target."""


@dataclass(frozen=True)
class Rendered:
    path: Path
    duration_s: float
    sample_rate: int
    channels: int
    frames: int
    integrated_lufs: float | None = None  # measured, when a loudness target was asked
    true_peak_dbtp: float | None = None
    gain_db: float = 0.0  # the gain applied to reach the target
    limited: bool = False  # whether the true-peak limiter had to run


def _master(stream: Any, sample_rate: int, channels: int, fmt: str) -> Any:
    layout = {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")
    # Even blocks for the encoder: FLAC refuses a first frame under 16 samples (a short clip).
    return stream.filter("aformat", sample_fmts=fmt, sample_rates=sample_rate,
                         channel_layouts=layout).filter("asetnsamples", n=4608, p=0)


def _flac_args(stream: Any, out: Path) -> list[str]:
    import ffmpeg

    # s32 carrying 24 significant bits: the FLAC encoder writes a 24-bit stream.
    node = ffmpeg.output(stream, str(out), acodec="flac", bits_per_raw_sample=24,
                         compression_level=5, f="flac")
    return ["-nostats", "-v", "error", "-progress", "pipe:1", *node.get_args(),
            "-y"]


def _failed(proc: ffrun.Process, what: str) -> RenderError:
    lines = [ln.strip() for ln in proc.stderr_text.splitlines() if ln.strip()]
    return RenderError(QT_TRANSLATE_NOOP("media", "the render failed ({what}): {reason}"),
                       what=what, reason=lines[-1] if lines else f"ffmpeg exited {proc.returncode}")


def _check(proc: ffrun.Process, what: str) -> None:
    """ffmpeg runs at ``-v error``: any line at all is a decoding error (a damaged source
    decodes "successfully" into a glitch), so it fails the render instead of passing."""
    if proc.returncode != 0 or proc.stderr_text.strip():
        raise _failed(proc, what)


_OUT_TIME = re.compile(rb"^out_time_us=(\d+)")


def _run_to_flac(stream: Any, out: Path, *, duration_s: float, state: TaskState,
                 sample_rate: int, channels: int, what: str) -> None:
    args = _flac_args(_master(stream, sample_rate, channels, "s32"), out)
    with ffrun.popen(args, state=state) as proc:
        assert proc.stdout is not None
        last = 0.0
        for line in proc.stdout:
            m = _OUT_TIME.match(line)
            now = time.monotonic()
            if m and duration_s > 0 and now - last > 0.1:
                last = now
                done = int(m.group(1)) / 1e6
                state.progress(min(done / duration_s, 0.999), f"{done:.0f} s rendered")
        proc.wait()
    _check(proc, what)


def _spool_and_measure(stream: Any, spool: Path, *, duration_s: float, state: TaskState,
                       sample_rate: int, channels: int) -> tuple[float | None, float, int]:
    """Render to float, metering and writing to ``spool``: (integrated, true peak, frames)."""
    import ffmpeg
    import soundfile as sf

    from media.analysis import _blocks, _grow_pipe
    from media.loudness import LoudnessMeter

    node = ffmpeg.output(_master(stream, sample_rate, channels, "flt"), "pipe:1",
                         f="f32le", acodec="pcm_f32le")
    args = ["-nostats", "-v", "error", *node.get_args()]
    meter = LoudnessMeter(sample_rate, channels)
    frames = 0
    last = 0.0
    with sf.SoundFile(spool, "w", sample_rate, channels, subtype="FLOAT", format="RF64") as sink, \
            ffrun.popen(args, state=state) as proc:
        _grow_pipe(proc.stdout)
        for block in _blocks(proc.stdout, channels, _BLOCK_FRAMES):
            meter.feed(block)
            sink.write(block)
            frames += len(block)
            now = time.monotonic()
            if duration_s > 0 and now - last > 0.1:
                last = now
                state.progress(min(frames / sample_rate / duration_s, 0.999),
                               f"{frames / sample_rate:.0f} s rendered")
        proc.wait()
    _check(proc, "render")
    loud = meter.result()
    return loud.integrated_lufs, loud.true_peak_dbtp, frames


def _measure(path: Path, state: TaskState) -> tuple[float | None, float]:
    from media.analysis import analyze_file

    a = analyze_file(path, state)
    return a.integrated_lufs, a.true_peak_dbtp


def _apply_gain(spool: Path, out: Path, *, gain_db: float, ceiling_dbtp: float | None,
                frames: int, state: TaskState, sample_rate: int, channels: int) -> None:
    import ffmpeg

    s = ffmpeg.input("file:" + str(spool), protocol_whitelist="file").audio
    s = s.filter("volume", volume=f"{gain_db:.6f}dB", precision="double")
    if ceiling_dbtp is not None:
        # The limiter works at 4x the rate so it catches the peaks between samples too.
        limit = 10 ** (ceiling_dbtp / 20)
        s = (s.filter("aresample", sample_rate * 4)
              .filter("alimiter", limit=f"{limit:.6f}", attack=5, release=50, level=0,
                      asc=1)
              .filter("aresample", sample_rate))
    _run_to_flac(s, out, duration_s=frames / sample_rate, state=state,
                 sample_rate=sample_rate, channels=channels, what="gain")


def _tag(path: Path, metadata: dict[str, str]) -> None:
    from mutagen.flac import FLAC

    flac = FLAC(str(path))
    for key, value in metadata.items():
        flac[key] = value
    flac.save()


def _target(stream: Any, part: Path, *, duration_s: float, state: TaskState,
            sample_rate: int, channels: int, target: float,
            peak_limit: float) -> tuple[float | None, float | None, float, bool]:
    spool = part.with_name(part.name + ".f32.wav")
    try:
        integrated, peak, frames = _spool_and_measure(
            stream, spool, duration_s=duration_s, state=state.child(0.0, 0.5),
            sample_rate=sample_rate, channels=channels)
        if integrated is None or not math.isfinite(integrated):
            # Silence (or too short to gate): there is no loudness to bring to the target.
            _apply_gain(spool, part, gain_db=0.0, ceiling_dbtp=None, frames=frames,
                        state=state.child(0.5, 0.5), sample_rate=sample_rate,
                        channels=channels)
            return integrated, peak, 0.0, False
        gain = target - integrated
        if not math.isfinite(peak) or peak + gain <= peak_limit:
            _apply_gain(spool, part, gain_db=gain, ceiling_dbtp=None, frames=frames,
                        state=state.child(0.5, 0.5), sample_rate=sample_rate,
                        channels=channels)
            return integrated + gain, peak + gain, gain, False
        ceiling = peak_limit - 0.2  # the limiter's own overshoot after resampling back
        step = 0.5 / _LIMITER_PASSES
        got_i: float | None = None
        got_p = peak
        for n in range(_LIMITER_PASSES):
            sub = state.child(0.5 + n * step, step)
            _apply_gain(spool, part, gain_db=gain, ceiling_dbtp=ceiling, frames=frames,
                        state=sub.child(0.0, 0.6), sample_rate=sample_rate, channels=channels)
            got_i, got_p = _measure(part, sub.child(0.6, 0.4))
            if got_i is None:
                break
            short = target - got_i
            over = got_p - peak_limit
            if abs(short) <= _AIM_LU and over <= 0:
                break
            gain += short
            if over > 0:
                ceiling -= over + 0.05
        if got_i is None or abs(target - got_i) > LOUDNESS_TOLERANCE_LU or got_p > peak_limit:
            raise RenderError(QT_TRANSLATE_NOOP(
                "media", "the render could not reach {target:.1f} LUFS with a true peak under "
                         "{limit:.1f} dBTP (got {got:.1f} LUFS, {peak:.1f} dBTP)"),
                target=target, limit=peak_limit, got=got_i if got_i is not None else -math.inf,
                peak=got_p)
        return got_i, got_p, gain, True
    finally:
        spool.unlink(missing_ok=True)


def render_graph(audio: Any, out: Path, *, duration_s: float, state: TaskState | None = None,
                 sample_rate: int = 48000, channels: int = 2,
                 loudness_target: float | None = None, true_peak_limit: float = -1.0,
                 metadata: dict[str, str] | None = None) -> Rendered:
    """Render the ffmpeg-python audio stream ``audio`` to a 24-bit FLAC at ``out``.

    ``duration_s`` is the expected length (for progress). Raises :class:`RenderError` when
    ffmpeg fails or the loudness target cannot be met, ``Cancelled`` when cancelled; in both
    cases nothing is left at ``out``.
    """
    import soundfile as sf

    state = state or null_state()
    out = Path(out)
    integrated = peak = None
    gain, limited = 0.0, False
    with atomic_path(out) as part:  # nothing is left at ``out`` on a failure or a cancel
        if loudness_target is None:
            _run_to_flac(audio, part, duration_s=duration_s, state=state,
                         sample_rate=sample_rate, channels=channels, what="render")
        else:
            integrated, peak, gain, limited = _target(
                audio, part, duration_s=duration_s, state=state, sample_rate=sample_rate,
                channels=channels, target=loudness_target, peak_limit=true_peak_limit)
        state.check()
        if metadata:
            _tag(part, metadata)
        info = sf.info(str(part))
    state.progress(1.0, "rendered")
    return Rendered(path=out, duration_s=info.frames / info.samplerate,
                    sample_rate=info.samplerate, channels=info.channels, frames=info.frames,
                    integrated_lufs=integrated, true_peak_dbtp=peak, gain_db=gain,
                    limited=limited)
