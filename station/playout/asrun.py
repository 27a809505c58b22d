"""The as-run log: what actually aired (from playout, or imported from CSV/JSON), marked on
the items (first and last airing), and compared with the approved schedule: what aired,
what was missed, what was added.

CSV (with a header row) or JSON (a list of objects, or {"entries": [...]}) with the fields
``aired_at`` (ISO 8601; without an offset, or as dd/MM/yyyy HH:MM[:SS], in the station's
time zone), ``item_id`` and/or ``title``, ``duration_s`` (seconds, or [h:]mm:ss),
``source``, ``relay_ref``, ``stream_url``. Importing the same log twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from station import settings
from station.changes import Changes
from station.clock import iso_ms, local_dt, local_iso, now_iso, parse_duration, parse_iso, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.schedule.model import load, media
from station.schedule.timing import time_session
from station.station import Station
from station.text import name_key, nfc

MAX_BYTES = 50 << 20
_ALIASES = {"aired_at": ("aired_at", "start", "started_at", "time", "thoi_gian"),
            "duration_s": ("duration_s", "duration", "length", "thoi_luong"),
            "item_id": ("item_id", "item", "id"), "title": ("title", "tieu_de", "name"),
            "source": ("source", "nguon"), "relay_ref": ("relay_ref", "relay"),
            "stream_url": ("stream_url", "url")}
_LOCAL = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class Aired:
    """One airing, as playout reports it."""

    aired_at: datetime  # aware
    item_id: str | None = None
    title: str = ""
    duration_s: float | None = None
    source: str = "playout"
    relay_ref: str | None = None
    stream_url: str | None = None
    # What playout knows besides (station/playout/runner.py); imports leave them empty.
    id: str | None = None
    scheduled_at: datetime | None = None
    ended_at: datetime | None = None
    sha256: str | None = None
    kind: str = "scheduled"  # scheduled, added (by hand), emergency, filler
    schedule_id: str | None = None
    slot_key: str | None = None
    offset_s: float | None = None
    reason: str = ""  # why it went otherwise than planned: JSON {code, params, text}


@dataclass(frozen=True)
class AsRunEntry:
    id: str
    aired_at: datetime
    duration_s: float | None
    item_id: str | None
    title: str
    source: str
    relay_ref: str | None
    stream_url: str | None
    reason: str = ""  # JSON {code, params, text} or ''

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"id": self.id, "aired_at": local_iso(self.aired_at, tz),
                "duration_s": self.duration_s, "item_id": self.item_id, "title": self.title,
                "source": self.source, "relay_ref": self.relay_ref,
                "stream_url": self.stream_url,
                "reason": json.loads(self.reason) if self.reason else None}


# -- recording ------------------------------------------------------------------------------------
def _insert(st: Station, entries: list[Aired]) -> tuple[int, int]:
    """(added, items marked) inside the caller's transaction."""
    titles = {m.item_id: m.title for m in media(st, (e.item_id for e in entries)).values()}
    added = 0
    span: dict[str, tuple[str, str]] = {}
    for e in entries:
        at = iso_ms(e.aired_at)
        who = e.item_id or name_key(e.title) or e.relay_ref or e.stream_url or ""
        cur = st.db.execute(
            "INSERT OR IGNORE INTO asrun (id, aired_at, duration_s, item_id, title, source,"
            " relay_ref, stream_url, recorded_at, recorded_by, dedupe, scheduled_at, ended_at,"
            " sha256, kind, schedule_id, slot_key, offset_s, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.id or uuid7(), at, e.duration_s, e.item_id,
             nfc(e.title) or titles.get(e.item_id or "", ""), e.source, e.relay_ref,
             e.stream_url, now_iso(), st.actor, f"{at}|{who}",
             iso_ms(e.scheduled_at) if e.scheduled_at else None,
             iso_ms(e.ended_at) if e.ended_at else None, e.sha256, e.kind, e.schedule_id,
             e.slot_key, e.offset_s, e.reason])
        added += cur.rowcount
        if e.item_id in titles:
            first, last = span.get(e.item_id, (at, at))
            span[e.item_id] = (min(first, at), max(last, at))
    for item_id, (first, last) in span.items():
        st.db.execute(
            "UPDATE items SET first_aired_at = CASE WHEN first_aired_at IS NULL OR"
            " first_aired_at = '' OR first_aired_at > ? THEN ? ELSE first_aired_at END,"
            " last_aired_at = CASE WHEN last_aired_at IS NULL OR last_aired_at < ? THEN ?"
            " ELSE last_aired_at END WHERE id = ?", [first, first, last, last, item_id])
    return added, len(span)


def record_aired(st: Station, entries: Iterable[Aired]) -> tuple[int, Changes]:
    """Log airings (playout calls this) and mark the items aired. Returns how many were new."""
    st.require(Right.SCHEDULE_EDIT, "record as-run")
    batch = list(entries)
    with st.db.atomic():
        added, marked = _insert(st, batch)
        if added:
            st.audit("asrun.record", "asrun", "", {"entries": added, "items_marked": marked})
    return added, Changes(schedule=bool(added), library=bool(marked), audit=bool(added))


def start_airing(st: Station, entry: Aired) -> str:
    """Playout: an airing began (its end comes with :func:`end_airing`). Returns its id."""
    st.require(Right.PLAYOUT_RUN, "record as-run")
    entry_id = entry.id or uuid7()
    with st.db.atomic():
        _insert(st, [replace(entry, id=entry_id)])
    return entry_id


def end_airing(st: Station, entry_id: str, ended_at: datetime,
               interruption: str | None = None) -> Changes:
    """Playout: the airing ended (``interruption`` says why, when it did not simply end)."""
    st.require(Right.PLAYOUT_RUN, "record as-run")
    row = st.db.execute("SELECT aired_at, interruptions FROM asrun WHERE id = ?",
                        [entry_id]).fetchone()
    if row is None:
        return Changes()
    notes = json.loads(row[1] or "[]")
    if interruption:
        notes.append(interruption)
    duration = max(0.0, (ended_at - parse_iso(row[0])).total_seconds())
    with st.db.atomic():
        st.db.execute("UPDATE asrun SET ended_at = ?, duration_s = ?, interruptions = ?"
                      " WHERE id = ?", [iso_ms(ended_at), round(duration, 3),
                                        json.dumps(notes, ensure_ascii=False), entry_id])
    return Changes(playout=True, schedule=True)


def note_interruption(st: Station, entry_id: str, note: str) -> None:
    """Playout: something interrupted the airing (an emergency, a hold) and it goes on."""
    st.require(Right.PLAYOUT_RUN, "record as-run")
    with st.db.atomic():
        row = st.db.execute("SELECT interruptions FROM asrun WHERE id = ?", [entry_id]).fetchone()
        if row is not None:
            notes = [*json.loads(row[0] or "[]"), note]
            st.db.execute("UPDATE asrun SET interruptions = ? WHERE id = ?",
                          [json.dumps(notes, ensure_ascii=False), entry_id])


def note_reason(st: Station, entry_id: str, reason: str) -> None:
    """Playout: why this airing is on (the filler standing in for a relay with nothing)."""
    st.require(Right.PLAYOUT_RUN, "record as-run")
    with st.db.atomic():
        st.db.execute("UPDATE asrun SET reason = ? WHERE id = ?", [reason, entry_id])


# -- importing -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Rejected:
    line: int  # 1-based: the CSV line, or the JSON entry's number
    template: str  # marked for translation in context "schedule"
    params: dict[str, Any]

    @property
    def message(self) -> str:
        return self.template.format(**self.params)


@dataclass(frozen=True)
class AsRunImport:
    path: str
    read: int
    added: int
    duplicates: int
    items_marked: int
    rejected: tuple[Rejected, ...]

    def to_json_dict(self) -> dict[str, Any]:
        return {"path": self.path, "read": self.read, "added": self.added,
                "duplicates": self.duplicates, "items_marked": self.items_marked,
                "rejected": [{"line": r.line, "reason": r.message} for r in self.rejected]}


def parse_when(value: Any, tz: tzinfo) -> datetime:
    text = str(value or "").strip()
    m = _LOCAL.match(text)
    if m:
        day = datetime(int(m[3]), int(m[2]), int(m[1]))
        clock = datetime.strptime(f"{m[4]}:{m[5]}:{m[6] or 0}", "%H:%M:%S").time()
        return local_dt(day.date(), clock, tz)
    when = parse_iso(text)
    return when if when.tzinfo else when.replace(tzinfo=tz)


def _airing_length(value: Any) -> float | None:
    """An airing's length (station.clock.parse_duration), under a day."""
    seconds = parse_duration(value)
    if seconds is not None and seconds >= 86400:
        raise ValueError(value)
    return seconds


def _rows(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """The entries, and whether the file was JSON (else CSV)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "cannot read {path}: {reason}"),
                              path=str(path), reason=exc.strerror or str(exc)) from exc
    if len(data) > MAX_BYTES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{path} is too large for an as-run log"),
                              path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{path} is not UTF-8 text"),
                              path=str(path)) from None
    if text.lstrip().startswith(("[", "{")):
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "{path} is not valid JSON: {reason}"),
                                  path=str(path), reason=str(exc)) from exc
        rows = loaded.get("entries") if isinstance(loaded, dict) else loaded
        if not isinstance(rows, list):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "{path} holds no list of entries"),
                                  path=str(path))
        return [r if isinstance(r, dict) else {} for r in rows], True
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [dict(r) for r in reader], False


def _field(row: dict[str, Any], name: str) -> Any:
    lowered = {str(k).strip().casefold(): v for k, v in row.items() if k is not None}
    for alias in _ALIASES[name]:
        if lowered.get(alias) not in (None, ""):
            return lowered[alias]
    return None


def import_asrun(st: Station, path: Path | str) -> tuple[AsRunImport, Changes]:
    """Import an as-run log; bad lines are listed (with why) and the good ones kept."""
    st.require(Right.SCHEDULE_EDIT, "import as-run")
    path = Path(path)
    tz = zone(st)
    rows, is_json = _rows(path)
    good: list[Aired] = []
    rejected: list[Rejected] = []
    for n, row in enumerate(rows, start=1 if is_json else 2):  # CSV: line 1 is the header
        try:
            when = parse_when(_field(row, "aired_at"), tz)
        except (ValueError, TypeError):
            rejected.append(Rejected(n, QT_TRANSLATE_NOOP("schedule", "no readable time of airing: "
                                                                      "{value}"),
                                     {"value": str(_field(row, "aired_at") or "")}))
            continue
        try:
            duration = _airing_length(_field(row, "duration_s"))
        except (ValueError, TypeError):
            rejected.append(Rejected(n, QT_TRANSLATE_NOOP("schedule", "not a duration: {value}"),
                                     {"value": str(_field(row, "duration_s"))}))
            continue
        item_id, title = _field(row, "item_id"), nfc(str(_field(row, "title") or ""))
        relay, url = _field(row, "relay_ref"), _field(row, "stream_url")
        if not (item_id or title or relay or url):
            rejected.append(Rejected(n, QT_TRANSLATE_NOOP("schedule", "the line says nothing about "
                                                                      "what aired"), {}))
            continue
        good.append(Aired(when, str(item_id) if item_id else None, title, duration,
                          nfc(str(_field(row, "source") or "import")),
                          nfc(str(relay)) if relay else None, nfc(str(url)) if url else None))
    with st.db.atomic():
        added, marked = _insert(st, good)
        st.audit("asrun.import", "asrun", "", {"path": str(path), "read": len(rows),
                                               "added": added, "rejected": len(rejected)})
    report = AsRunImport(str(path), len(rows), added, len(good) - added, marked, tuple(rejected))
    return report, Changes(schedule=bool(added), library=bool(marked), audit=True)


def entries(st: Station, start: datetime, end: datetime) -> list[AsRunEntry]:
    """Airings from ``start`` (inclusive) to ``end`` (exclusive), in order."""
    st.require(Right.LIBRARY_VIEW, "view as-run log")
    return [AsRunEntry(r[0], parse_iso(r[1]), *r[2:]) for r in st.db.execute(
        "SELECT id, aired_at, duration_s, item_id, title, source, relay_ref, stream_url, reason"
        " FROM asrun WHERE aired_at >= ? AND aired_at < ? ORDER BY aired_at",
        [iso_ms(start), iso_ms(end)]).fetchall()]


# -- comparing ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Planned:
    session_key: str
    slot_key: str
    title: str
    planned_at: datetime
    aired_at: datetime | None = None  # when it aired (matched slots)
    entry_id: str | None = None

    @property
    def offset_s(self) -> float | None:
        return None if self.aired_at is None else (self.aired_at - self.planned_at).total_seconds()

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"session_key": self.session_key, "slot_key": self.slot_key, "title": self.title,
                "planned_at": local_iso(self.planned_at, tz),
                "aired_at": local_iso(self.aired_at, tz) if self.aired_at else None,
                "offset_s": self.offset_s, "entry_id": self.entry_id}


@dataclass(frozen=True)
class Comparison:
    schedule_id: str
    aired: tuple[Planned, ...]
    missed: tuple[Planned, ...]  # should have aired by now and did not
    pending: tuple[Planned, ...]  # still to come
    added: tuple[AsRunEntry, ...]  # aired in the period without a slot (emergencies, swaps)

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id,
                "aired": [p.to_json_dict(tz) for p in self.aired],
                "missed": [p.to_json_dict(tz) for p in self.missed],
                "pending": [p.to_json_dict(tz) for p in self.pending],
                "added": [e.to_json_dict(tz) for e in self.added]}


def _same(slot: Any, entry: AsRunEntry) -> bool:
    if slot.item_id and entry.item_id:
        return bool(slot.item_id == entry.item_id)
    if slot.relay_ref and entry.relay_ref:
        return bool(slot.relay_ref == entry.relay_ref)
    if slot.stream_url and entry.stream_url:
        return bool(slot.stream_url == entry.stream_url)
    return bool(entry.title) and name_key(entry.title) == name_key(slot.title)


def compare_asrun(st: Station, schedule_id: str, *, tolerance_s: float | None = None,
                  now: datetime | None = None) -> Comparison:
    """Match each slot with the airing of the same content nearest its back-timed start,
    within its session (widened by ``tolerance_s``, default the station setting)."""
    st.require(Right.LIBRARY_VIEW, "compare as-run")
    now = now or datetime.now(UTC)
    tol = timedelta(seconds=settings.SCHEDULE_ASRUN_TOLERANCE_S.get(st.db)
                    if tolerance_s is None else tolerance_s)
    tz = zone(st)
    sched = load(st, schedule_id)
    facts = media(st, (s.item_id for x in sched.sessions for s in x.slots))
    begin = local_dt(sched.period_start, datetime.min.time(), tz)
    end = begin + timedelta(days=sched.period_days)
    if sched.sessions:
        begin = min(begin, sched.sessions[0].starts_at - tol)
        end = max(end, max(x.ends_at for x in sched.sessions) + tol)
    log = entries(st, begin, end)
    used: set[str] = set()
    aired, missed, pending = [], [], []
    for x in sched.sessions:
        timing = time_session(x, facts)
        window = [e for e in log if x.starts_at - tol <= e.aired_at <= x.ends_at + tol]
        for slot, t in zip(x.slots, timing.slots, strict=True):
            found = [e for e in window if e.id not in used and _same(slot, e)]
            if found:
                best = min(found, key=lambda e: abs((e.aired_at - t.starts_at).total_seconds()))
                used.add(best.id)
                aired.append(Planned(x.key, slot.key, slot.title, t.starts_at, best.aired_at,
                                     best.id))
            elif t.ends_at + tol < now:
                missed.append(Planned(x.key, slot.key, slot.title, t.starts_at))
            else:
                pending.append(Planned(x.key, slot.key, slot.title, t.starts_at))
    added = [e for e in log if e.id not in used]
    return Comparison(schedule_id, tuple(aired), tuple(missed), tuple(pending), tuple(added))
