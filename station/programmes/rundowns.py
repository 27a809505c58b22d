"""Programmes as rundowns: ordered segments, their segues, music beds, and back-timing.

A segment is a library item (trimmed in/out) or a TTS text spoken at render. Each segment
says how it follows the one before: ``butt`` (straight after), ``crossfade`` (both fade over
``segue_s``) or ``overlap`` (it starts ``segue_s`` before the previous one ends, no fades).
A music bed with ``bed_under`` = N plays alone for ``bed_lead_s``, then runs ducked by
``duck_db`` under the next N segments and fades out where the last of them ends.

Every edit bumps the rundown's ``version`` only if it is still the version the caller
loaded (optimistic concurrency, as for schedules): a stale save raises ProgrammeConflict
and writes nothing. media/assemble.py renders a rundown with the same timing as here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, StationError, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.model import SYLLABLES_PER_SECOND
from station.station import Station
from station.text import fold, nfc

SEGMENT_KINDS = ("jingle", "link", "news", "interview", "bed", "tts", "relay")
SEGUES = ("butt", "crossfade", "overlap")
MAX_PROGRAMME_S = 12 * 3600
BED_FADE_S = 1.0  # a bed fades out over this much at the end of what it runs under
TTS_VOICES = ("bac", "trung", "nam")

# Flags on a segment's timing
ESTIMATED = "estimated"  # a TTS text not spoken yet, or a slot still waiting for its item
NO_ITEM = "no_item"  # a slot of a template with no item chosen yet
MISSING_ITEM = "missing_item"  # the item was deleted behind the rundown's back
SEGUE_CLAMPED = "segue_clamped"  # the overlap was longer than a segment: shortened


class ProgrammeConflict(StationError):
    """Someone saved the rundown since it was loaded; nothing was written."""


@dataclass(frozen=True)
class Segment:
    id: str
    position: int
    kind: str
    title: str
    item_id: str | None
    planned_s: float | None
    trim_in_s: float
    trim_out_s: float | None
    segue: str
    segue_s: float
    bed_under: int
    bed_lead_s: float
    duck_db: float
    tts_text: str | None
    tts_voice: str
    tts_rate: float
    tts_pitch: float
    spoken_s: float | None

    @property
    def is_tts(self) -> bool:
        return self.kind == "tts" and bool(self.tts_text)

    @property
    def runs_under(self) -> bool:
        """A bed that runs under the segments after it (else it plays on its own)."""
        return self.kind == "bed" and self.bed_under > 0

    def to_json_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _SEGMENT_COLUMNS.split(", ")}


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    target_s: float | None
    notes: str
    template_id: str | None
    version: int
    rendered_item_id: str | None
    rendered_version: int | None
    rendered_at: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    segments: tuple[Segment, ...] = ()

    @property
    def render_stale(self) -> bool:
        """Rendered, but the rundown changed since."""
        return self.rendered_item_id is not None and self.rendered_version != self.version

    def segment(self, segment_id: str) -> Segment:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no segment {id} in this programme"),
                       id=segment_id)

    def to_json_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in _HEADER.split(", ")}
        out["segments"] = [s.to_json_dict() for s in self.segments]
        return out


_HEADER = ("id, title, target_s, notes, template_id, version, rendered_item_id,"
           " rendered_version, rendered_at, created_at, created_by, updated_at, updated_by")
_SEGMENT_COLUMNS = ("id, position, kind, title, item_id, planned_s, trim_in_s, trim_out_s,"
                    " segue, segue_s, bed_under, bed_lead_s, duck_db, tts_text, tts_voice,"
                    " tts_rate, tts_pitch, spoken_s")
_EDITABLE = ("kind", "title", "item_id", "planned_s", "trim_in_s", "trim_out_s", "segue",
             "segue_s", "bed_under", "bed_lead_s", "duck_db", "tts_text", "tts_voice",
             "tts_rate", "tts_pitch")


# -- reading --------------------------------------------------------------------------------------
def load(st: Station, programme_id: str) -> Programme:
    """One rundown with its segments (no rights check: callers check)."""
    row = st.db.execute(f"SELECT {_HEADER} FROM programmes WHERE id = ?",
                        [programme_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no programme with id {id}"), id=programme_id)
    segments = tuple(Segment(*r) for r in st.db.execute(
        f"SELECT {_SEGMENT_COLUMNS} FROM programme_segments WHERE programme_id = ?"
        " ORDER BY position", [programme_id]).fetchall())
    return replace(Programme(*row), segments=segments)


def get_programme(st: Station, programme_id: str) -> Programme:
    st.require(Right.STUDIO_USE, "view programme")
    return load(st, programme_id)


def list_programmes(st: Station, limit: int = 500) -> list[Programme]:
    """Rundowns without their segments, last changed first."""
    st.require(Right.STUDIO_USE, "list programmes")
    rows = st.db.execute(f"SELECT {_HEADER} FROM programmes ORDER BY updated_at DESC, id DESC"
                         " LIMIT ?", [limit]).fetchall()
    return [Programme(*r) for r in rows]


# -- checks ---------------------------------------------------------------------------------------
def _check_target(target_s: float | None) -> float | None:
    if target_s is None:
        return None
    value = float(target_s)
    if not (math.isfinite(value) and 0 < value <= MAX_PROGRAMME_S):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a programme's target length must be "
                                                          "more than 0 and at most {hours} hours"),
                              hours=MAX_PROGRAMME_S // 3600)
    return value


# One whole sentence per field, so the translation never mixes English words into Vietnamese.
_BAD_TRIM_IN = QT_TRANSLATE_NOOP("errors", "the trim in point must be a length in seconds, "
                                           "not {value}")
_BAD_TRIM_OUT = QT_TRANSLATE_NOOP("errors", "the trim out point must be a length in seconds, "
                                            "not {value}")
_BAD_PLANNED = QT_TRANSLATE_NOOP("errors", "a segment's planned length must be a length in "
                                           "seconds, not {value}")
_BAD_SEGUE = QT_TRANSLATE_NOOP("errors", "a transition's length must be a length in seconds, "
                                         "not {value}")
_BAD_BED_LEAD = QT_TRANSLATE_NOOP("errors", "a music bed's lead must be a length in seconds, "
                                            "not {value}")


def _seconds(value: Any, template: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not (math.isfinite(number) and 0 <= number <= MAX_PROGRAMME_S):
        raise ValidationError(template, value=value)
    return number


def _checked(st: Station, seg: Segment) -> Segment:
    """A segment with its fields checked and normalised; raises ValidationError."""
    if seg.kind not in SEGMENT_KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown segment kind: {kind}"),
                              kind=seg.kind)
    if seg.segue not in SEGUES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown transition: {segue}"),
                              segue=seg.segue)
    title = nfc(seg.title)
    text = nfc(seg.tts_text) or None
    item_title = ""
    if seg.item_id:
        row = st.db.execute("SELECT kind, title FROM items WHERE id = ?", [seg.item_id]).fetchone()
        if row is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=seg.item_id)
        if row[0] not in ("audio", "video"):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "“{title}” has no sound: a rundown "
                                                              "takes audio or video items"),
                                  title=row[1])
        item_title = row[1]
    if seg.kind == "tts" and text is None and not seg.item_id and seg.planned_s is None:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a TTS bulletin needs its text"))
    if text is not None and seg.kind != "tts":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only a TTS bulletin is spoken from "
                                                          "text"))
    if seg.tts_voice not in TTS_VOICES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown voice: {voice}"),
                              voice=seg.tts_voice)
    for value in (seg.tts_rate, seg.tts_pitch):
        if not (math.isfinite(float(value)) and 0.25 <= float(value) <= 4.0):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "speed and pitch run from 0.25 to "
                                                              "4 times the voice's own"))
    trim_in = _seconds(seg.trim_in_s, _BAD_TRIM_IN)
    trim_out = None if seg.trim_out_s is None else _seconds(seg.trim_out_s, _BAD_TRIM_OUT)
    if trim_out is not None and trim_out <= trim_in:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the out point must come after the in "
                                                          "point"))
    under = int(seg.bed_under)
    if under < 0 or (under and seg.kind != "bed"):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only a music bed runs under the "
                                                          "segments after it"))
    if not (math.isfinite(float(seg.duck_db)) and -60 <= float(seg.duck_db) <= 0):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a bed is ducked by 0 to -60 dB"))
    return replace(seg, title=title or (text or "")[:60] or item_title, tts_text=text,
                   planned_s=None if seg.planned_s is None else _seconds(seg.planned_s, _BAD_PLANNED),
                   trim_in_s=trim_in, trim_out_s=trim_out,
                   segue_s=0.0 if seg.segue == "butt" else _seconds(seg.segue_s, _BAD_SEGUE),
                   bed_under=under, bed_lead_s=_seconds(seg.bed_lead_s, _BAD_BED_LEAD),
                   duck_db=float(seg.duck_db), tts_rate=float(seg.tts_rate),
                   tts_pitch=float(seg.tts_pitch))


# -- writing --------------------------------------------------------------------------------------
def _bump(st: Station, programme_id: str, expected_version: int | None) -> int:
    """Take the write lock and the next version, or refuse (inside a transaction)."""
    cur = st.db.execute(
        "UPDATE programmes SET version = version + 1, updated_at = ?, updated_by = ?"
        " WHERE id = ? AND (? IS NULL OR version = ?)",
        [now_iso(), st.actor, programme_id, expected_version, expected_version])
    if cur.rowcount == 0:
        row = st.db.execute("SELECT version, updated_by FROM programmes WHERE id = ?",
                            [programme_id]).fetchone()
        if row is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no programme with id {id}"),
                           id=programme_id)
        raise ProgrammeConflict(QT_TRANSLATE_NOOP(
            "errors", "{user} changed this programme (version {found}, you had {expected}); "
                      "your change was not saved: reload it and apply yours again"),
            user=row[1], found=row[0], expected=expected_version)
    return int(st.db.execute("SELECT version FROM programmes WHERE id = ?",
                             [programme_id]).fetchone()[0])


def create_programme(st: Station, title: str, *, target_s: float | None = None,
                     notes: str = "", template_id: str | None = None) -> tuple[Programme, Changes]:
    st.require(Right.STUDIO_USE, "create programme")
    title = nfc(title)
    if not title:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a programme needs a title"))
    target = _check_target(target_s)
    pid, now = uuid7(), now_iso()
    with st.db.atomic():
        st.db.execute("INSERT INTO programmes (id, title, target_s, notes, template_id,"
                      " created_at, created_by, updated_at, updated_by)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [pid, title, target, nfc(notes), template_id, now, st.actor, now, st.actor])
        st.audit("programme.create", "programme", pid, {"title": title, "target_s": target})
    return load(st, pid), Changes(studio=True, audit=True)


def update_programme(st: Station, programme_id: str, *, title: str | None = None,
                     target_s: float | None = None, clear_target: bool = False,
                     notes: str | None = None,
                     expected_version: int | None = None) -> tuple[Programme, Changes]:
    """Rename, set the target length or the notes; what is not given stays."""
    st.require(Right.STUDIO_USE, "edit programme")
    old = load(st, programme_id)
    new_title = old.title if title is None else nfc(title)
    if not new_title:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a programme needs a title"))
    target = None if clear_target else _check_target(old.target_s if target_s is None
                                                     else target_s)
    with st.db.atomic():
        version = _bump(st, programme_id, expected_version)
        st.db.execute("UPDATE programmes SET title = ?, target_s = ?, notes = ? WHERE id = ?",
                      [new_title, target, old.notes if notes is None else nfc(notes),
                       programme_id])
        st.audit("programme.edit", "programme", programme_id,
                 {"title": new_title, "target_s": target, "version": version})
    return load(st, programme_id), Changes(studio=True, audit=True)


def delete_programme(st: Station, programme_id: str, *,
                     expected_version: int | None = None) -> Changes:
    """Delete a rundown (its rendered item stays in the library)."""
    st.require(Right.STUDIO_USE, "delete programme")
    with st.db.atomic():
        _bump(st, programme_id, expected_version)
        title = st.db.execute("SELECT title FROM programmes WHERE id = ?",
                              [programme_id]).fetchone()[0]
        st.db.execute("DELETE FROM programmes WHERE id = ?", [programme_id])
        st.audit("programme.delete", "programme", programme_id, {"title": title})
    return Changes(studio=True, audit=True)


def _order(st: Station, programme_id: str, ids: list[str]) -> None:
    for n, sid in enumerate(ids):
        st.db.execute("UPDATE programme_segments SET position = ? WHERE id = ? AND"
                      " programme_id = ?", [n, sid, programme_id])


def _insert(st: Station, programme_id: str, seg: Segment) -> None:
    names = _SEGMENT_COLUMNS.split(", ")
    st.db.execute(f"INSERT INTO programme_segments (programme_id, {_SEGMENT_COLUMNS})"
                  f" VALUES (?, {', '.join('?' for _ in names)})",
                  [programme_id, *(getattr(seg, n) for n in names)])


def new_segment(kind: str, *, title: str = "", item_id: str | None = None,
                planned_s: float | None = None, trim_in_s: float = 0.0,
                trim_out_s: float | None = None, segue: str = "butt", segue_s: float = 0.0,
                bed_under: int = 0, bed_lead_s: float = 0.0, duck_db: float = -15.0,
                tts_text: str | None = None, tts_voice: str = "bac", tts_rate: float = 1.0,
                tts_pitch: float = 1.0) -> Segment:
    """An unchecked segment value (add_segment checks it)."""
    return Segment(uuid7(), 0, kind, title, item_id, planned_s, trim_in_s, trim_out_s, segue,
                   segue_s, bed_under, bed_lead_s, duck_db, tts_text, tts_voice, tts_rate,
                   tts_pitch, None)


def add_segment(st: Station, programme_id: str, kind: str, *, position: int | None = None,
                expected_version: int | None = None,
                **fields: Any) -> tuple[Segment, Changes]:
    """Add a segment at ``position`` (default: the end). ``fields`` as for new_segment."""
    st.require(Right.STUDIO_USE, "edit programme")
    seg = _checked(st, new_segment(kind, **fields))
    with st.db.atomic():
        version = _bump(st, programme_id, expected_version)
        ids = [s.id for s in load(st, programme_id).segments]
        ids.insert(len(ids) if position is None else max(0, min(int(position), len(ids))), seg.id)
        _insert(st, programme_id, seg)
        _order(st, programme_id, ids)
        st.audit("programme.edit", "programme", programme_id,
                 {"op": "add_segment", "segment": seg.id, "kind": kind, "title": seg.title,
                  "item_id": seg.item_id, "version": version})
    return load(st, programme_id).segment(seg.id), Changes(studio=True, audit=True)


def update_segment(st: Station, programme_id: str, segment_id: str, *,
                   expected_version: int | None = None,
                   **fields: Any) -> tuple[Segment, Changes]:
    """Change a segment's fields (item, title, trims, transition, bed, TTS text...)."""
    st.require(Right.STUDIO_USE, "edit programme")
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a segment has no field {name}"),
                              name=", ".join(sorted(unknown)))
    old = load(st, programme_id).segment(segment_id)
    seg = _checked(st, replace(old, **fields))
    spoken_changed = any(getattr(seg, k) != getattr(old, k)
                         for k in ("tts_text", "tts_voice", "tts_rate", "tts_pitch"))
    if spoken_changed:
        seg = replace(seg, spoken_s=None)  # measured again at the next render
    with st.db.atomic():
        version = _bump(st, programme_id, expected_version)
        sets = ", ".join(f"{k} = ?" for k in (*_EDITABLE, "spoken_s"))
        st.db.execute(f"UPDATE programme_segments SET {sets} WHERE id = ? AND programme_id = ?",
                      [*(getattr(seg, k) for k in (*_EDITABLE, "spoken_s")), segment_id,
                       programme_id])
        st.audit("programme.edit", "programme", programme_id,
                 {"op": "update_segment", "segment": segment_id,
                  "fields": {k: getattr(seg, k) for k in fields}, "version": version})
    return load(st, programme_id).segment(segment_id), Changes(studio=True, audit=True)


def move_segment(st: Station, programme_id: str, segment_id: str, position: int, *,
                 expected_version: int | None = None) -> tuple[Programme, Changes]:
    st.require(Right.STUDIO_USE, "edit programme")
    with st.db.atomic():
        version = _bump(st, programme_id, expected_version)
        prog = load(st, programme_id)
        prog.segment(segment_id)
        ids = [s.id for s in prog.segments if s.id != segment_id]
        ids.insert(max(0, min(int(position), len(ids))), segment_id)
        _order(st, programme_id, ids)
        st.audit("programme.edit", "programme", programme_id,
                 {"op": "move_segment", "segment": segment_id, "position": position,
                  "version": version})
    return load(st, programme_id), Changes(studio=True, audit=True)


def remove_segment(st: Station, programme_id: str, segment_id: str, *,
                   expected_version: int | None = None) -> tuple[Programme, Changes]:
    st.require(Right.STUDIO_USE, "edit programme")
    with st.db.atomic():
        version = _bump(st, programme_id, expected_version)
        prog = load(st, programme_id)
        seg = prog.segment(segment_id)
        st.db.execute("DELETE FROM programme_segments WHERE id = ?", [segment_id])
        _order(st, programme_id, [s.id for s in prog.segments if s.id != segment_id])
        st.audit("programme.edit", "programme", programme_id,
                 {"op": "remove_segment", "segment": segment_id, "title": seg.title,
                  "version": version})
    return load(st, programme_id), Changes(studio=True, audit=True)


def record_render(st: Station, programme_id: str, item_id: str, version: int,
                  spoken: dict[str, float]) -> Changes:
    """After a render: the rendered item, the version it was made from, and the measured
    length of each TTS segment (call inside the transaction that saved the item)."""
    st.db.execute("UPDATE programmes SET rendered_item_id = ?, rendered_version = ?,"
                  " rendered_at = ? WHERE id = ?", [item_id, version, now_iso(), programme_id])
    for segment_id, seconds in spoken.items():
        st.db.execute("UPDATE programme_segments SET spoken_s = ? WHERE id = ?",
                      [seconds, segment_id])
    st.audit("programme.render", "programme", programme_id,
             {"item_id": item_id, "version": version})
    return Changes(studio=True, library=True, audit=True)


# -- back-timing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemFacts:
    item_id: str
    title: str
    kind: str
    duration_s: float | None
    gain_db: float | None
    sha256: str | None
    ext: str | None
    integrated_lufs: float | None


def item_facts(st: Station, prog: Programme) -> dict[str, ItemFacts]:
    ids = sorted({s.item_id for s in prog.segments if s.item_id})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {r[0]: ItemFacts(*r) for r in st.db.execute(
        "SELECT i.id, i.title, i.kind, i.duration_s, i.gain_db, a.sha256, a.ext,"
        " a.integrated_lufs FROM items i LEFT JOIN assets a ON a.sha256 = i.asset_sha256"
        f" WHERE i.id IN ({marks})", ids).fetchall()}


@dataclass(frozen=True)
class SegmentTiming:
    segment_id: str
    title: str
    kind: str
    start_s: float  # where it starts in the programme
    length_s: float  # how long it holds the programme (a bed under others: its lead)
    audio_s: float  # how long its sound runs (a bed under others: lead + what it runs under)
    segue_s: float  # the overlap with the segment before, as used
    fade_in_s: float
    fade_out_s: float
    duck_at_s: float | None  # a bed: where (from its own start) it ducks under the voice
    flags: tuple[str, ...]

    @property
    def end_s(self) -> float:
        return self.start_s + self.length_s

    @property
    def estimated(self) -> bool:
        return bool({ESTIMATED, NO_ITEM, MISSING_ITEM} & set(self.flags))

    def to_json_dict(self) -> dict[str, Any]:
        return {"segment_id": self.segment_id, "title": self.title, "kind": self.kind,
                "start_s": self.start_s, "length_s": self.length_s, "audio_s": self.audio_s,
                "end_s": self.end_s, "segue_s": self.segue_s, "flags": list(self.flags)}


@dataclass(frozen=True)
class ProgrammeTiming:
    segments: tuple[SegmentTiming, ...]
    total_s: float
    target_s: float | None

    @property
    def over_s(self) -> float | None:
        """Positive: longer than the target by that much; negative: short of it."""
        return None if self.target_s is None else self.total_s - self.target_s

    @property
    def uncertain(self) -> bool:
        return any(s.estimated for s in self.segments)

    def chapters(self) -> list[tuple[float, str]]:
        """(start, title) of each segment that holds time: the rendered file's markers."""
        return [(s.start_s, s.title) for s in self.segments if s.length_s > 0]

    def to_json_dict(self) -> dict[str, Any]:
        return {"total_s": self.total_s, "target_s": self.target_s, "over_s": self.over_s,
                "uncertain": self.uncertain, "segments": [s.to_json_dict() for s in self.segments]}


def spoken_estimate_s(seg: Segment) -> float:
    """A TTS text's length before it is spoken: a reading pace, scaled by the speed."""
    return len((seg.tts_text or "").split()) / SYLLABLES_PER_SECOND / max(seg.tts_rate, 0.25)


def _natural(seg: Segment, facts: dict[str, ItemFacts],
             spoken: dict[str, float]) -> tuple[float, tuple[str, ...]]:
    """A segment's own length (after trims) and its flags."""
    if seg.is_tts and not seg.item_id:
        if seg.id in spoken:
            return spoken[seg.id], ()
        if seg.spoken_s is not None:
            return seg.spoken_s, ()
        return spoken_estimate_s(seg), (ESTIMATED,)
    if not seg.item_id:
        return seg.planned_s or 0.0, (NO_ITEM,)
    f = facts.get(seg.item_id)
    if f is None:
        return seg.planned_s or 0.0, (MISSING_ITEM,)
    if f.duration_s is None:
        return seg.planned_s or 0.0, (ESTIMATED,)
    end = f.duration_s if seg.trim_out_s is None else min(seg.trim_out_s, f.duration_s)
    return max(0.0, end - seg.trim_in_s), ()


def time_programme(prog: Programme, facts: dict[str, ItemFacts],
                   spoken: dict[str, float] | None = None) -> ProgrammeTiming:
    """Back-time a rundown: each segment's start, and the total against the target.

    ``spoken``: measured TTS lengths by segment id (a render in progress knows them)."""
    spoken = spoken or {}
    segs = prog.segments
    natural = [_natural(s, facts, spoken) for s in segs]
    holds = [min(s.bed_lead_s, n) if s.runs_under else n for s, (n, _f) in zip(segs, natural,
                                                                                strict=True)]
    starts: list[float] = []
    used: list[float] = []
    flags: list[tuple[str, ...]] = []
    end = 0.0
    for i, seg in enumerate(segs):
        extra = natural[i][1]
        overlap = 0.0
        if i and seg.segue != "butt" and seg.segue_s > 0:
            overlap = min(seg.segue_s, holds[i - 1], holds[i])
            if overlap < seg.segue_s:
                extra = (*extra, SEGUE_CLAMPED)
        start = max(0.0, end - overlap)
        starts.append(start)
        used.append(overlap)
        flags.append(extra)
        end = max(end, start + holds[i])
    out = []
    for i, seg in enumerate(segs):
        audio = holds[i]
        duck_at = None
        fade_out = 0.0
        if seg.runs_under:
            last = min(len(segs) - 1, i + seg.bed_under)
            span_end = max((starts[j] + holds[j] for j in range(i, last + 1)), default=starts[i])
            audio = min(natural[i][0], span_end - starts[i])
            duck_at = holds[i]
            fade_out = min(BED_FADE_S, audio)
        fade_in = used[i] if seg.segue == "crossfade" else 0.0
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        if nxt is not None and nxt.segue == "crossfade" and not seg.runs_under:
            fade_out = used[i + 1]
        out.append(SegmentTiming(seg.id, seg.title, seg.kind, starts[i], holds[i], audio,
                                 used[i], fade_in, fade_out, duck_at, flags[i]))
    return ProgrammeTiming(tuple(out), end, prog.target_s)


def back_time(st: Station, programme_id: str) -> tuple[Programme, ProgrammeTiming]:
    st.require(Right.STUDIO_USE, "view programme")
    prog = load(st, programme_id)
    return prog, time_programme(prog, item_facts(st, prog))


# -- what the rundown editor shows and drops ------------------------------------------------------
@dataclass(frozen=True)
class RenderedMaster:
    """The programme's last render in the library, with its measured loudness."""

    title: str
    duration_s: float | None
    lufs: float | None
    peak: float | None


def rendered_master(st: Station, prog: Programme) -> RenderedMaster | None:
    if not prog.rendered_item_id:
        return None
    row = st.db.execute(
        "SELECT i.title, i.duration_s, a.integrated_lufs, a.true_peak_dbtp FROM items i"
        " LEFT JOIN assets a ON a.sha256 = i.asset_sha256 WHERE i.id = ?",
        [prog.rendered_item_id]).fetchone()
    return RenderedMaster(*row) if row is not None else None


def guess_kind(category: str) -> str:
    """The segment kind of a dropped item, from its library category."""
    folded = fold(category)
    if folded in (fold("Nhạc hiệu"), "jingle"):
        return "jingle"
    if folded in (fold("Âm nhạc"), "music"):
        return "bed"
    if folded == "tts":
        return "tts"
    return "news"


def _item_rows(st: Station, ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, title, category) of the given items, in the given order (unknown ids skipped)."""
    found = {r[0]: r for r in st.db.execute(
        f"SELECT id, title, category FROM items WHERE id IN ({', '.join('?' for _ in ids)})",
        ids).fetchall()} if ids else {}
    return [found[i] for i in ids if i in found]


def drop_items(st: Station, prog: Programme, ids: list[str], row: int) -> Changes:
    """Items dropped at ``row``: the first fills an empty slot there, the rest are inserted."""
    changes = Changes()
    rows = _item_rows(st, ids)
    position = len(prog.segments) if row < 0 else row
    target = prog.segments[row] if 0 <= row < len(prog.segments) else None
    version: int | None = prog.version
    if target is not None and target.item_id is None and not target.is_tts and rows:
        item_id, _title, _category = rows.pop(0)
        _, changes = update_segment(st, prog.id, target.id, item_id=item_id,
                                    expected_version=version)
        version, position = None, position + 1  # our own change: no conflict with it
    for n, (item_id, _title, category) in enumerate(rows):
        kind = guess_kind(category)
        kind = "news" if kind == "tts" else kind  # a spoken file plays like any news item
        _, more = add_segment(st, prog.id, kind, item_id=item_id, position=position + n,
                              expected_version=version)
        version = None
        changes |= more
    return changes
