"""The broadcast schedule as values: revisions, sessions, slots, problems; canonical content.

A schedule covers a period (a week by default, Monday first) and has revisions: each row of
``schedules`` is one revision of a series (``series_id``). Sessions and slots carry a ``key``
that stays the same across revisions, so a new draft can be compared with the approved one.
Instants are stored as UTC ISO text; days and clock times are computed in the station's
time zone (settings.TIMEZONE) by station.clock, never in the machine's own zone.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from station.clock import fmt_date, fmt_time, local_iso, parse_utc, utc_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, StationError
from station.station import Station
from station.text import nfc

STATUSES = ("draft", "submitted", "approved", "rejected", "published", "superseded")
EDITABLE = ("draft", "rejected")  # a rejected revision becomes a draft again when edited
LOCKED = ("approved", "published", "superseded")
SLOT_KINDS = ("item", "bulletin", "programme", "relay", "live")
PRIORITIES = ("normal", "priority", "emergency")  # Thông tư 39/2020/TT-BTTTT
TTS_CATEGORY = "TTS"
CONTENT_FORMAT = "station-schedule"
# A text bulletin has no duration until it is spoken: back-timing estimates it at the pace of
# a loudspeaker reading (about 200 syllables a minute; Vietnamese writes one per word).
SYLLABLES_PER_SECOND = 200 / 60


# -- errors ------------------------------------------------------------------------------------
class ScheduleLocked(StationError):
    """The revision cannot be edited in its state (submitted, approved, published)."""


class ScheduleBlocked(StationError):
    """Submit or approval refused: the checks found errors (``problems`` lists them all)."""

    def __init__(self, template: str, problems: Iterable[Any] = (), **params: Any) -> None:
        super().__init__(template, **params)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Edit:
    """One change to a draft, kept so that a change that lost a race can be applied again."""

    op: str
    schedule_id: str
    args: dict[str, Any] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return {"op": self.op, "schedule_id": self.schedule_id, "args": self.args}


class ConflictError(StationError):
    """Someone else saved the draft since it was loaded. Nothing was written; ``edit`` is the
    refused change: ``schedule.reapply(st, error)`` applies it to the current version."""

    def __init__(self, template: str, edit: Edit | None = None, **params: Any) -> None:
        super().__init__(template, **params)
        self.edit = edit


# -- values -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Slot:
    key: str
    position: int
    kind: str
    item_id: str | None
    programme_id: str | None
    priority: str
    title: str
    planned_s: float | None
    relay_ref: str | None
    stream_url: str | None
    note: str
    relay_rule: str = ""  # which episode of the feed a relay slot plays (schedule/relay.py)

    def to_json_dict(self) -> dict[str, Any]:
        return {"key": self.key, "position": self.position, "kind": self.kind,
                "item_id": self.item_id, "programme_id": self.programme_id,
                "priority": self.priority, "title": self.title, "planned_s": self.planned_s,
                "relay_ref": self.relay_ref, "stream_url": self.stream_url, "note": self.note,
                "relay_rule": self.relay_rule}


@dataclass(frozen=True)
class Session:
    key: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    title: str
    slots: tuple[Slot, ...] = ()

    @property
    def length_s(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds()

    def local_day(self, tz: tzinfo) -> date:
        return self.starts_at.astimezone(tz).date()

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"key": self.key, "title": self.title,
                "starts_at": local_iso(self.starts_at, tz), "ends_at": local_iso(self.ends_at, tz),
                "day": fmt_date(self.starts_at, tz), "start": fmt_time(self.starts_at, tz),
                "end": fmt_time(self.ends_at, tz), "length_s": self.length_s,
                "slots": [s.to_json_dict() for s in self.slots]}


@dataclass(frozen=True)
class Schedule:
    id: str
    series_id: str
    revision: int
    base_id: str | None
    period_start: date
    period_days: int
    title: str
    status: str
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    submitted_at: str | None
    submitted_by: str | None
    decided_at: str | None
    decided_by: str | None
    comment: str
    seal: str | None
    published_at: str | None
    published_by: str | None
    sessions: tuple[Session, ...] = ()
    session_count: int = 0
    slot_count: int = 0

    @property
    def period_end(self) -> date:
        """The last day (inclusive)."""
        return self.period_start + timedelta(days=self.period_days - 1)

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def locked(self) -> bool:
        return self.status in LOCKED

    def session(self, key: str) -> Session:
        for s in self.sessions:
            if s.key == key:
                return s
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no session {key} in this schedule"), key=key)

    def find_slot(self, key: str) -> tuple[Session, Slot]:
        for s in self.sessions:
            for slot in s.slots:
                if slot.key == key:
                    return s, slot
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no slot {key} in this schedule"), key=key)

    def to_json_dict(self, tz: tzinfo, *, sessions: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "series_id": self.series_id, "revision": self.revision,
            "base_id": self.base_id, "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(), "period_days": self.period_days,
            "title": self.title, "status": self.status, "version": self.version,
            "created_at": self.created_at, "created_by": self.created_by,
            "updated_at": self.updated_at, "updated_by": self.updated_by,
            "submitted_at": self.submitted_at, "submitted_by": self.submitted_by,
            "decided_at": self.decided_at, "decided_by": self.decided_by,
            "comment": self.comment, "seal": self.seal, "published_at": self.published_at,
            "published_by": self.published_by, "session_count": self.session_count,
            "slot_count": self.slot_count}
        if sessions:
            out["sessions"] = [s.to_json_dict(tz) for s in self.sessions]
        return out


_HEADER = ("id, series_id, revision, base_id, period_start, period_days, title, status, version,"
           " created_at, created_by, updated_at, updated_by, submitted_at, submitted_by,"
           " decided_at, decided_by, comment, seal, published_at, published_by")
# A programme slot plays its programme's render: the newest one for a draft; for an approved
# revision the newest made by its approval, so a later re-render never changes what was sealed.
_PROGRAMME_ITEM = ("CASE WHEN s.kind = 'programme' THEN coalesce((SELECT r.item_id FROM renders r"
                   " WHERE r.kind = 'programme' AND r.origin_id = s.programme_id"
                   " AND (:cutoff IS NULL OR r.created_at <= :cutoff)"
                   " AND EXISTS (SELECT 1 FROM items i WHERE i.id = r.item_id)"
                   " ORDER BY r.created_at DESC LIMIT 1), s.item_id) ELSE s.item_id END")
_SLOT_COLUMNS = ("key, position, kind, item_id, programme_id, priority, title, planned_s,"
                 " relay_ref, stream_url, note, relay_rule")


def _header(row: tuple[Any, ...], sessions: tuple[Session, ...], n_sessions: int,
            n_slots: int) -> Schedule:
    values: dict[str, Any] = dict(zip(_HEADER.split(", "), row, strict=True))
    values["period_start"] = date.fromisoformat(values["period_start"])
    return Schedule(**values, sessions=sessions, session_count=n_sessions, slot_count=n_slots)


def load(st: Station, schedule_id: str) -> Schedule:
    """One revision with its sessions and slots (no rights check: callers check)."""
    db = st.db
    row = db.execute(f"SELECT {_HEADER} FROM schedules WHERE id = ?", [schedule_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no schedule with id {id}"), id=schedule_id)
    slots: dict[str, list[Slot]] = {}
    columns = ", ".join(_PROGRAMME_ITEM if c == "item_id" else "s." + c
                        for c in _SLOT_COLUMNS.split(", "))
    values: dict[str, Any] = dict(zip(_HEADER.split(", "), row, strict=True))
    cutoff = values["decided_at"] if values["status"] in LOCKED else None
    for r in db.execute(f"SELECT s.session_id, {columns}"
                        " FROM schedule_slots s JOIN schedule_sessions x ON x.id = s.session_id"
                        " WHERE x.schedule_id = :schedule ORDER BY s.session_id, s.position",
                        {"schedule": schedule_id, "cutoff": cutoff}).fetchall():
        slots.setdefault(r[0], []).append(Slot(*r[1:]))
    sessions = tuple(
        Session(key, parse_utc(start), parse_utc(end), title, tuple(slots.get(sid, ())))
        for sid, key, start, end, title in db.execute(
            "SELECT id, key, starts_at, ends_at, title FROM schedule_sessions"
            " WHERE schedule_id = ? ORDER BY starts_at, key", [schedule_id]).fetchall())
    return _header(row, sessions, len(sessions), sum(len(s.slots) for s in sessions))


def headers(st: Station, where: str = "", params: Iterable[Any] = (),
            limit: int = 200) -> list[Schedule]:
    """Revisions without their sessions (with counts), newest period first."""
    rows = st.db.execute(
        f"SELECT {_HEADER},"
        " (SELECT count(*) FROM schedule_sessions x WHERE x.schedule_id = schedules.id),"
        " (SELECT count(*) FROM schedule_slots s JOIN schedule_sessions x ON x.id = s.session_id"
        "  WHERE x.schedule_id = schedules.id)"
        f" FROM schedules {where} ORDER BY period_start DESC, revision DESC LIMIT ?",
        [*params, limit]).fetchall()
    return [_header(r[:-2], (), r[-2], r[-1]) for r in rows]


# -- what the library knows about a slot's item ---------------------------------------------------
@dataclass(frozen=True)
class Media:
    item_id: str
    title: str
    kind: str
    category: str
    language: str
    duration_s: float | None
    body: str | None
    gain_db: float | None
    sha256: str | None
    ext: str | None
    size: int | None
    analyzed_at: str | None
    integrated_lufs: float | None

    @property
    def is_text(self) -> bool:
        return self.kind == "text"

    @property
    def spoken_estimate_s(self) -> float:
        return len((self.body or "").split()) / SYLLABLES_PER_SECOND


def media(st: Station, item_ids: Iterable[str | None]) -> dict[str, Media]:
    """Library facts for the given item ids; a deleted item is simply absent."""
    wanted = sorted({i for i in item_ids if i})
    found: dict[str, Media] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for r in st.db.execute(
                "SELECT i.id, i.title, i.kind, i.category, i.language, i.duration_s, i.body,"
                " i.gain_db, a.sha256, a.ext, a.size, a.analyzed_at, a.integrated_lufs"
                " FROM items i LEFT JOIN assets a ON a.sha256 = i.asset_sha256"
                f" WHERE i.id IN ({marks})", chunk).fetchall():
            found[r[0]] = Media(*r)
    return found


# -- canonical content (the seal and the diff) ------------------------------------------------------
def content_of(st: Station, sched: Schedule) -> dict[str, Any]:
    """What the chief approves: every session and slot, with the hash of each item's file.

    A relay slot is sealed by its feed reference and rule, not by the file downloaded for it
    later. (The rule is in the content only when set: seals made before rules stay valid.)"""
    facts = media(st, (s.item_id for x in sched.sessions for s in x.slots))
    sessions = []
    for x in sched.sessions:
        slots = []
        for s in x.slots:
            m = facts.get(s.item_id or "")
            relay = s.kind == "relay"
            slots.append({"key": s.key, "kind": s.kind,
                          "item_id": None if relay else s.item_id,
                          "sha256": None if relay or m is None else m.sha256,
                          "programme_id": s.programme_id, "priority": s.priority,
                          "title": nfc(s.title), "planned_s": s.planned_s,
                          "relay_ref": s.relay_ref, "stream_url": s.stream_url,
                          "note": nfc(s.note),
                          **({"relay_rule": s.relay_rule} if s.relay_rule else {})})
        sessions.append({"key": x.key, "title": nfc(x.title), "starts_at": utc_iso(x.starts_at),
                         "ends_at": utc_iso(x.ends_at), "slots": slots})
    return {"format": CONTENT_FORMAT, "version": 1, "series_id": sched.series_id,
            "revision": sched.revision, "period_start": sched.period_start.isoformat(),
            "period_days": sched.period_days, "title": nfc(sched.title), "sessions": sessions}


def canonical_json(value: Any) -> str:
    """One text for one value: sorted keys, no spaces, UTF-8 as is, NFC strings."""
    return json.dumps(_nfc_all(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def _nfc_all(value: Any) -> Any:
    if isinstance(value, str):  # ASCII is NFC already: most keys and values (a week: 25 ms)
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc_all(k): _nfc_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc_all(v) for v in value]
    return value


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_of(content_json: str, approved_by: str, approved_at: str) -> str:
    """SHA-256 over the approved content, the approver and the time of approval."""
    return sha256_text(canonical_json({"content_sha256": sha256_text(content_json),
                                       "approved_by": approved_by, "approved_at": approved_at}))


# -- problems (checks and rules) ----------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """Something the checks or the rules found. Errors block submit and approval.

    ``template`` is marked for translation in context "schedule"; format it with ``params``."""

    code: str
    severity: str  # 'error' or 'warning'
    template: str
    params: dict[str, Any]
    session_key: str | None = None
    slot_key: str | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == "error"

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def to_json_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "params": self.params, "session_key": self.session_key,
                "slot_key": self.slot_key}
