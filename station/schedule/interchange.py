"""A week's schedule as stations write it in a spreadsheet: the exchange shape, read and written.

The shape (JSON; CSV and XLSX carry the same fields as columns, one row per slot)::

    {"week": "YYYY-MM-DD", "title": "...",
     "sessions": [{"date": "YYYY-MM-DD", "start": "HH:MM", "end": "HH:MM", "title": "...",
                   "slots": [{"item": ID} | {"title": T, "text": "..."} | {"relay": REF}
                             | {"live": URL, "planned_s": N} | {"programme": ID}]}]}

A slot may also say ``title`` (over an item's own), ``priority``, ``planned_s`` and ``note``;
a relay slot its ``relay_rule`` (station/schedule/relay.py: ``after 17:00``, ``within 6h``...).
Reading turns any of the three into :class:`Document` (every row keeps where it came from,
so a refusal names the row); :mod:`station.schedule.importing` checks and creates it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from station.clock import fmt_time
from station.errors import QT_TRANSLATE_NOOP, RowRefused, ValidationError
from station.schedule.model import Schedule
from station.text import fold, nfc

MAX_ROWS = 10_000  # a busy week is a few thousand slots; more is not a schedule
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 40

# Column names, by what they hold: English first (what export writes), then the Vietnamese
# an editor types; compared folded (no marks, no case, blanks and underscores as one space).
COLUMNS: dict[str, tuple[str, ...]] = {
    "week": ("week", "tuan"),
    "schedule": ("schedule", "schedule title", "lich", "ten lich"),
    "date": ("date", "day", "ngay", "ngay phat"),
    "start": ("start", "bat dau", "gio", "gio bat dau", "gio phat"),
    "end": ("end", "ket thuc", "gio ket thuc"),
    "minutes": ("minutes", "phut", "so phut"),
    "session": ("session", "session title", "buoi", "buoi phat", "ten buoi"),
    "item": ("item", "item id", "id", "muc", "ma muc"),
    "title": ("title", "slot title", "tieu de", "ten"),
    "text": ("text", "noi dung", "van ban"),
    "relay": ("relay", "tiep song"),
    "relay_rule": ("relay rule", "rule", "quy tac", "quy tac tiep song"),
    "live": ("live", "stream", "truc tiep"),
    "programme": ("programme", "program", "chuong trinh"),
    "priority": ("priority", "uu tien"),
    "planned_s": ("planned s", "length", "seconds", "do dai", "thoi luong", "so giay"),
    "note": ("note", "notes", "ghi chu"),
}
CSV_COLUMNS = ("date", "start", "end", "session", "item", "title", "text", "relay", "live",
               "programme", "priority", "planned_s", "note", "relay_rule", "week", "schedule")
SLOT_FIELDS = ("item", "title", "text", "relay", "live", "programme", "priority", "planned_s",
               "note", "relay_rule")


@dataclass(frozen=True)
class Where:
    """A place in the file: a sheet row (CSV, XLSX), or a session and slot (JSON), 1-based."""

    row: int | None = None
    session: int | None = None
    slot: int | None = None

    def refusal(self, reason: Exception) -> RowRefused:
        if self.row is not None:
            return RowRefused(QT_TRANSLATE_NOOP("errors", "row {row}: {reason}"),
                              row=self.row, reason=reason)
        if self.slot is not None:
            return RowRefused(QT_TRANSLATE_NOOP("errors", "session {session}, slot {slot}: "
                                                          "{reason}"),
                              session=self.session, slot=self.slot, reason=reason)
        return RowRefused(QT_TRANSLATE_NOOP("errors", "session {session}: {reason}"),
                          session=self.session, reason=reason)


@dataclass
class SlotRow:
    where: Where
    fields: dict[str, Any]  # of SLOT_FIELDS, as read (strings, numbers, None)


@dataclass
class SessionRow:
    where: Where
    date: Any
    start: Any
    end: Any = None
    minutes: Any = None
    title: str = ""
    slots: list[SlotRow] = field(default_factory=list)


@dataclass
class Document:
    source: str  # the file's name, for messages and the audit entry
    format: str  # json, csv, xlsx
    week: Any = None
    title: str = ""
    sessions: list[SessionRow] = field(default_factory=list)
    problems: list[RowRefused] = field(default_factory=list)  # rows unreadable as they stand


def _bad(template: str, **params: Any) -> ValidationError:
    return ValidationError(template, **params)


# -- reading ------------------------------------------------------------------------------------------
def read_file(path: Path) -> Document:
    """The document in ``path`` (.json, .csv or .xlsx, by its name; else by its first bytes)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _bad(QT_TRANSLATE_NOOP("errors", "cannot read {name}: {reason}"),
                   name=path.name, reason=exc.strerror or str(exc)) from exc
    if size > MAX_FILE_BYTES:
        raise _bad(QT_TRANSLATE_NOOP("errors", "{name} is too large for a week's schedule "
                                               "({size} MB; at most {max} MB)"),
                   name=path.name, size=size // (1024 * 1024), max=MAX_FILE_BYTES // (1024 * 1024))
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or data[:2] == b"PK":
        return read_xlsx(data, path.name)
    if suffix == ".json" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return read_json(data, path.name)
    return read_csv(data, path.name)


def read_json(data: bytes | str, name: str = "") -> Document:
    try:
        value = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(QT_TRANSLATE_NOOP("errors", "{name} is not a JSON schedule: {reason}"),
                   name=name, reason=str(exc)) from exc
    return from_json(value, name)


def from_json(value: Any, name: str = "") -> Document:
    """A document from the parsed JSON shape (also what `schedule show --json` prints)."""
    if not isinstance(value, dict) or not isinstance(value.get("sessions"), list):
        raise _bad(QT_TRANSLATE_NOOP("errors", "{name} is not a schedule: it needs “week” and a "
                                               "list of “sessions”"), name=name)
    week = value.get("week", value.get("period_start"))
    doc = Document(name, "json", week=week, title=_text(value.get("title")))
    for n, raw in enumerate(value["sessions"], start=1):
        where = Where(session=n)
        if not isinstance(raw, dict):
            doc.problems.append(where.refusal(_bad(QT_TRANSLATE_NOOP(
                "errors", "a session must be an object with date, start, title and slots"))))
            continue
        session = SessionRow(where, raw.get("date", raw.get("day")), raw.get("start"),
                             raw.get("end"), raw.get("minutes"), _text(raw.get("title")))
        slots = raw.get("slots") or []
        if not isinstance(slots, list):
            doc.problems.append(where.refusal(_bad(QT_TRANSLATE_NOOP(
                "errors", "“slots” must be a list"))))
            slots = []
        for m, slot in enumerate(slots, start=1):
            at = Where(session=n, slot=m)
            if not isinstance(slot, dict):
                doc.problems.append(at.refusal(_bad(QT_TRANSLATE_NOOP(
                    "errors", "a slot must be an object with “item”, with “title” and "
                              "“text”, or with “relay”"))))
                continue
            session.slots.append(SlotRow(at, {k: slot.get(k) for k in SLOT_FIELDS}))
        doc.sessions.append(session)
    return doc


def read_csv(data: bytes | str, name: str = "") -> Document:
    """UTF-8 with or without a BOM (else the Vietnamese Windows code page Excel may use);
    comma, semicolon (Excel in Vietnam) or tab between the cells."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    else:
        text = data.removeprefix("\ufeff")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=lambda d: _count_outside_quotes(first, d))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return from_rows(rows, name, "csv")


def _count_outside_quotes(line: str, char: str) -> int:
    return sum(part.count(char) for part in line.split('"')[::2])


def read_xlsx(data: bytes, name: str = "") -> Document:
    """The first sheet, values as Excel last computed them; no more than MAX_ROWS rows."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise _bad(QT_TRANSLATE_NOOP("errors", "{name} is not an Excel workbook (.xlsx): "
                                               "{reason}"), name=name, reason=str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return from_rows(rows, name, "xlsx")
    finally:
        book.close()


def _key(header: Any) -> str:
    return " ".join(re.split(r"[\s_]+", fold(nfc(str(header or ""))))).strip(" :*")


def _columns(header: list[Any]) -> dict[str, int]:
    names = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for n, cell in enumerate(header):
        column = names.get(_key(cell))
        if column and column not in found:
            found[column] = n
    return found


def from_rows(rows: Any, name: str, fmt: str) -> Document:
    """One row per slot under a header row. A row with no date and no start goes on in the
    session above it (Excel users leave them blank); a row with no item, text or relay is a
    session with no slot yet."""
    doc = Document(name, fmt)
    header: dict[str, int] | None = None
    session: SessionRow | None = None
    for number, raw in enumerate(rows, start=1):
        if number > MAX_ROWS + 1:
            raise _bad(QT_TRANSLATE_NOOP("errors", "{name} has more than {max} rows: that is not "
                                                   "one week's schedule"), name=name, max=MAX_ROWS)
        cells = list(raw)[:MAX_COLUMNS]
        if not any(_text(c) for c in cells):
            continue
        if header is None:
            header = _columns(cells)
            if "date" not in header or "start" not in header:
                raise _bad(QT_TRANSLATE_NOOP("errors", "the first row of {name} must name the "
                                                       "columns: date, start, session, item, "
                                                       "title, text, relay"), name=name)
            continue
        values = {column: cells[i] if i < len(cells) else None for column, i in header.items()}
        where = Where(row=number)
        if _text(values.get("week")):
            doc.week = doc.week or values["week"]
        doc.title = doc.title or _text(values.get("schedule"))
        if _text(values.get("date")) or _text(values.get("start")):
            session_title = _text(values.get("session"))
            same = session is not None and _same_cell(session.date, values.get("date")) and \
                _same_cell(session.start, values.get("start")) and \
                session_title in ("", session.title)
            if not same:
                session = SessionRow(where, values.get("date"), values.get("start"),
                                     values.get("end"), values.get("minutes"), session_title)
                doc.sessions.append(session)
        elif session is None:
            doc.problems.append(where.refusal(_bad(QT_TRANSLATE_NOOP(
                "errors", "the first row needs a date and a start time"))))
            continue
        assert session is not None
        slot = {k: values.get(k) for k in SLOT_FIELDS}
        if any(_text(slot.get(k)) for k in ("item", "title", "text", "relay", "live",
                                             "programme")):
            session.slots.append(SlotRow(where, slot))
    if header is None:
        raise _bad(QT_TRANSLATE_NOOP("errors", "{name} is empty"), name=name)
    return doc


def _same_cell(a: Any, b: Any) -> bool:
    return _text(a) == _text(b)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


# -- cell values ------------------------------------------------------------------------------------------
def cell_day(value: Any) -> date | str:
    """A day from a cell: a date, an Excel date, or text (parsed by station.clock later)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _text(value)


def cell_clock(value: Any) -> time | str:
    """A clock time from a cell: a time, an Excel time (a fraction of a day), or text."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    return _text(value)


def cell_seconds(value: Any) -> float | None:
    """Seconds from a cell: 90, 90,5 (decimal comma), 1:30 or 0:01:30; empty gives None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, timedelta):
        return value.total_seconds()
    text = _text(value)
    if not text:
        return None
    parts = text.replace(",", ".").split(":")
    try:
        if 1 <= len(parts) <= 3:
            total = 0.0
            for part in parts:
                total = total * 60 + float(part)
            return total
    except ValueError:
        pass
    raise _bad(QT_TRANSLATE_NOOP("errors", "not a length in seconds or m:ss: {value}"),
               value=text)


def cell_text(value: Any) -> str:
    return _text(value)


# -- writing ----------------------------------------------------------------------------------------------
def slot_fields(slot: Any) -> dict[str, Any]:
    """The exchange fields of one slot (model.Slot)."""
    out: dict[str, Any] = {}
    if slot.kind == "relay":
        out["relay"] = slot.relay_ref
        if slot.relay_rule:
            out["relay_rule"] = slot.relay_rule
    elif slot.kind == "live":
        out["live"] = slot.stream_url
    elif slot.kind == "programme":
        out["programme"] = slot.programme_id
    else:
        out["item"] = slot.item_id
    out.update({"title": slot.title, "priority": slot.priority, "planned_s": slot.planned_s,
                "note": slot.note})
    return out


def session_fields(session: Any, tz: tzinfo) -> dict[str, Any]:
    """The exchange fields of one session (model.Session), its slots left out."""
    return {"date": session.starts_at.astimezone(tz).date().isoformat(),
            "start": fmt_time(session.starts_at, tz), "end": fmt_time(session.ends_at, tz),
            "title": session.title}


def document(sched: Schedule, tz: tzinfo) -> dict[str, Any]:
    """The exchange shape of a loaded schedule (what `schedule import` takes back)."""
    return {"week": sched.period_start.isoformat(), "title": sched.title,
            "sessions": [{**session_fields(x, tz), "slots": [slot_fields(s) for s in x.slots]}
                         for x in sched.sessions]}


def to_csv(doc: dict[str, Any], delimiter: str = ",") -> str:
    """One row per slot (a session with no slot: one row with its date and time only)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    week = {"week": doc["week"], "schedule": doc["title"]}  # on the first row only
    for x in doc["sessions"]:
        head = [x["date"], x["start"], x["end"], x["title"]]
        for slot in x["slots"] or [{}]:
            length = slot.get("planned_s")
            values = {**slot, **week, "planned_s": "" if length is None else f"{length:g}"}
            writer.writerow(head + ["" if values.get(k) is None else values[k]
                                    for k in CSV_COLUMNS[4:]])
            week = {}
    return out.getvalue()
