"""Rendering a programme's rundown into one library item with chapter markers.

The steps: check every segment has sound (a missing item or file stops the render before
anything is written, naming the segments); speak the TTS segments (same code as the TTS
tab: media.tts with the segment's voice, speed and pitch) and measure them; back-time with
the spoken lengths; build the parts and render them (media.assemble) at the station's
loudness target; save the master as a new item with its lineage (station.edits.lineage); record
it on the programme. The temp files go whatever happens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.taskstate import TaskState, null_state
from station import settings
from station.changes import Changes
from station.errors import QT_TRANSLATE_NOOP, StationError
from station.library import items as library
from station.library.ingest import air_gain_db
from station.programmes import rundowns as programmes
from station.programmes.rundowns import ItemFacts, Programme, ProgrammeTiming, Segment
from station.rights import Right
from station.station import Station
from station.store import MediaStore

PROGRAMME_CATEGORY = "Chương trình"


class SegmentNotReady(StationError):
    """Why one segment cannot be rendered (params: position, segment); one of the
    ``problems`` of :class:`RundownNotReady`, each put into words on its own."""


class RundownNotReady(StationError):
    """The rundown cannot be rendered yet (params: title). ``problems`` names the segments
    and why; ``str()`` (the CLI, logs) says it all in one line."""

    def __init__(self, template: str, problems: tuple[SegmentNotReady, ...] = (),
                 **params: Any) -> None:
        super().__init__(template, **params)
        self.problems = problems
        if problems:
            self.args = (f"{self.args[0]}: " + "; ".join(str(p) for p in problems),)


@dataclass(frozen=True)
class RenderResult:
    programme_id: str
    item: library.Item
    timing: ProgrammeTiming
    integrated_lufs: float | None
    true_peak_dbtp: float | None

    def to_json_dict(self) -> dict[str, object]:
        return {"programme_id": self.programme_id, "item": self.item.to_json_dict(),
                "timing": self.timing.to_json_dict(), "integrated_lufs": self.integrated_lufs,
                "true_peak_dbtp": self.true_peak_dbtp}


def problems(st: Station, prog: Programme, facts: dict[str, ItemFacts]) -> list[SegmentNotReady]:
    """Why each segment cannot be rendered (empty: it can), one problem per segment."""
    out = []
    for n, seg in enumerate(prog.segments, start=1):
        if seg.is_tts and not seg.item_id:
            continue
        f = facts.get(seg.item_id) if seg.item_id else None
        if not seg.item_id:
            template = QT_TRANSLATE_NOOP("errors", "{position}. {segment}: no item chosen")
        elif f is None:
            template = QT_TRANSLATE_NOOP("errors", "{position}. {segment}: its library item "
                                                   "was deleted")
        elif f.sha256 is None or not st.store.has(f.sha256, f.ext or ""):
            template = QT_TRANSLATE_NOOP("errors", "{position}. {segment}: its media file is "
                                                   "missing from the store")
        elif f.duration_s is None:
            template = QT_TRANSLATE_NOOP("errors", "{position}. {segment}: its length is "
                                                   "unknown (not analysed)")
        else:
            continue
        out.append(SegmentNotReady(template, position=n, segment=seg.title or seg.kind))
    return out


# A render is three steps so that the UI's database thread waits only for its two ends:
# prepare_programme reads the database, run_programme speaks and assembles (no database: any
# thread), save_programme imports the master. ``render_programme`` runs the three in a row.

@dataclass(frozen=True)
class ProgrammeJob:
    prog: Programme
    facts: dict[str, ItemFacts]
    store: MediaStore  # for temp files beside it (no database)
    loudness_target: float
    true_peak_limit: float
    sample_rate: int


@dataclass(frozen=True)
class Assembled:
    """A rendered master waiting in a temp file for save_programme."""

    job: ProgrammeJob
    out: Path
    timing: ProgrammeTiming
    spoken: dict[str, float]  # measured TTS lengths by segment id
    integrated_lufs: float | None
    true_peak_dbtp: float | None


def _speak(job: ProgrammeJob, seg: Segment, state: TaskState) -> tuple[Path, float, float]:
    """Speak a TTS segment into a temp WAV: (path, seconds, air gain dB)."""
    import numpy as np
    import soundfile

    from media import tts
    from media.loudness import LoudnessMeter

    speech = tts.synthesize(seg.tts_text or "", seg.tts_voice, seg.tts_rate, seg.tts_pitch,
                            state)
    path = job.store.new_temp(".wav")
    soundfile.write(path, speech.samples, speech.sample_rate)
    meter = LoudnessMeter(speech.sample_rate, 1)
    meter.feed(np.asarray(speech.samples, dtype=np.float32).reshape(-1, 1) / 32768.0)
    loud = meter.result()
    gain = air_gain_db(loud.integrated_lufs, loud.true_peak_dbtp, job.loudness_target,
                       job.true_peak_limit)
    return path, speech.duration_s, gain or 0.0


def prepare_programme(st: Station, programme_id: str, *,
                      sample_rate: int = 48000) -> ProgrammeJob:
    """What the render needs from the database; refuses a rundown that is not ready."""
    st.require(Right.STUDIO_USE, "render programme")
    prog = programmes.load(st, programme_id)
    facts = programmes.item_facts(st, prog)
    if not prog.segments:
        raise RundownNotReady(QT_TRANSLATE_NOOP("errors", "“{title}” has no segments to "
                                                          "render"), title=prog.title)
    found = problems(st, prog, facts)
    if found:
        raise RundownNotReady(QT_TRANSLATE_NOOP("errors", "“{title}” cannot be rendered yet"),
                              tuple(found), title=prog.title)
    return ProgrammeJob(prog, facts, st.store, settings.LOUDNESS_TARGET_LUFS.get(st.db),
                        settings.TRUE_PEAK_LIMIT_DBTP.get(st.db), sample_rate)


def run_programme(job: ProgrammeJob, state: TaskState | None = None) -> Assembled:
    """Speak the TTS segments, back-time with their spoken lengths and render the master
    into a temp file (touches no database). On failure or cancel no temp file is left."""
    from media.assemble import Part, assemble

    state = state or null_state()
    prog, facts = job.prog, job.facts
    temps: list[Path] = []
    out = job.store.new_temp(".flac")
    try:
        spoken: dict[str, float] = {}
        files: dict[str, tuple[Path, float]] = {}  # segment id -> (file, gain)
        tts_segments = [s for s in prog.segments if s.is_tts and not s.item_id]
        for n, seg in enumerate(tts_segments):
            path, seconds, gain = _speak(job, seg, state.child(0.2 * n / len(tts_segments),
                                                               0.2 / len(tts_segments)))
            temps.append(path)
            spoken[seg.id] = seconds
            files[seg.id] = (path, gain)
        timing = programmes.time_programme(prog, facts, spoken)
        parts = []
        for seg, t in zip(prog.segments, timing.segments, strict=True):
            if seg.id in files:
                path, gain = files[seg.id]
                trim_in = 0.0
            else:
                f = facts[seg.item_id or ""]
                path = job.store.path(f.sha256 or "", f.ext or "")
                gain, trim_in = f.gain_db or 0.0, seg.trim_in_s
            parts.append(Part(path, t.start_s, t.audio_s, trim_in, gain, t.fade_in_s,
                              t.fade_out_s, t.duck_at_s, seg.duck_db))
        rendered = assemble(parts, out, total_s=timing.total_s, chapters=timing.chapters(),
                            loudness_target=job.loudness_target,
                            true_peak_limit=job.true_peak_limit,
                            sample_rate=job.sample_rate, state=state.child(0.2, 0.8))
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        for path in temps:
            path.unlink(missing_ok=True)
    lufs = rendered.integrated_lufs
    return Assembled(job, out, timing, spoken,
                     lufs if lufs is not None and math.isfinite(lufs) else None,
                     rendered.true_peak_dbtp)


def save_programme(st: Station, done: Assembled,
                   state: TaskState | None = None) -> tuple[RenderResult, Changes]:
    """Save the master as a new item with its lineage and record it on the programme; the
    temp file goes whatever happens (a cancel since the render included)."""
    from station.edits.lineage import save_render

    state = state or null_state()
    prog, timing = done.job.prog, done.timing
    try:
        state.check()
        item, changes = save_render(
            st, done.out, title=prog.title, kind="programme", origin_id=prog.id,
            sources=[s.item_id for s in prog.segments if s.item_id],
            category=PROGRAMME_CATEGORY, description=prog.notes,
            chapters=timing.chapters(), state=state)
        with st.db.atomic():
            changes |= programmes.record_render(st, prog.id, item.id, prog.version,
                                                done.spoken)
    finally:
        done.out.unlink(missing_ok=True)
    return (RenderResult(prog.id, item, timing, done.integrated_lufs, done.true_peak_dbtp),
            changes)


def render_programme(st: Station, programme_id: str, *, state: TaskState | None = None,
                     sample_rate: int = 48000) -> tuple[RenderResult, Changes]:
    """Render the rundown into a new library item and record it on the programme."""
    state = state or null_state()
    job = prepare_programme(st, programme_id, sample_rate=sample_rate)
    return save_programme(st, run_programme(job, state.child(0.0, 0.9)), state.child(0.9, 0.1))
