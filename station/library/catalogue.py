"""Bulk metadata import: an old archive's catalogue into the library, a million rows at a time.

All rows go in one transaction, so an import is all or nothing: a bad row (the error names
it) or a cancel leaves the library as it was, and running the import again never makes
duplicates of a half-done one. One audit entry covers the whole import. `station
import-catalogue FILE` (station/cli/catalogue.py) feeds it the rows of a CSV or JSON file.

Speed (1,000,000 rows in about 70 s here, bench/bench_search.py): rows go to SQLite in
batches through ``executemany``; the search insert trigger is dropped for the transaction
and each batch is indexed by one INSERT ... SELECT (inside a trigger FTS5 flushes at every
row); into a library not much larger than the import, the secondary indexes are dropped
and built again at the end; a helper thread checks and folds the next batch while SQLite
indexes this one.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sized
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, tzinfo
from typing import Any

from media.taskstate import TaskState
from station.clock import iso_ms, now_iso, parse_duration, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.ids import uuid7
from station.outbox import note_new_items
from station.rights import Right
from station.search.index import DOC_COLUMNS, FTS_COLUMNS_SQL, optimize
from station.station import Station
from station.text import nfc, sort_key

KINDS = ("audio", "video", "image", "text")
TEXT_FIELDS = ("description", "category", "series", "speaker", "rights", "notes",
               "source_name")
FIELDS = frozenset({"title", "kind", "tags", "language", "recorded_on", "created_at",
                    "first_aired_at", "last_aired_at", "duration_s", "retention", "body",
                    *TEXT_FIELDS})
COLUMNS = ("id", "kind", "title", "description", "category", "series", "speaker", "rights",
           "notes", "source_name", "tags", "language", "recorded_on", "created_at",
           "first_aired_at", "last_aired_at", "duration_s", "retention", "body", "created_by",
           "updated_at")
_INSERT = (f"INSERT INTO items ({', '.join(COLUMNS)})"
           f" VALUES ({', '.join('?' * len(COLUMNS))})")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_CANONICAL_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class _Bad(Exception):
    """A field failed: the import turns it into a ValidationError naming the row."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


def _nfc(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: {field} must be text"), field=name)
    return nfc(value)


def _tags(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_nfc(v, "tags") for v in value) if t)
    return _nfc(value, "tags")


def _day(value: Any, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10 and text[2] == "/" and text[5] == "/":  # dd/mm/yyyy, as written here
                return date(int(text[6:]), int(text[3:5]), int(text[:2])).isoformat()
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: {field} is not a date (yyyy-mm-dd or "
                                 "dd/mm/yyyy): {value}"), field=name, value=str(value))


def _moment(value: Any, name: str, tz: tzinfo) -> str | None:
    """A stored time: UTC, ISO 8601 with milliseconds. Times without a zone are station time."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _CANONICAL_TIME.match(value):
        return value
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            with contextlib.suppress(_Bad):  # dd/mm/yyyy: the day's start
                moment = datetime.fromisoformat(_day(text, name) or "")
    if moment is None:
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: {field} is not a date and time: "
                                     "{value}"), field=name, value=str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return iso_ms(moment)


def _duration(value: Any) -> float | None:
    try:
        return parse_duration(value)  # seconds, or h:mm:ss as catalogues write durations
    except ValueError:
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: duration_s must be a number of "
                                     "seconds (or h:mm:ss): {value}"), value=str(value)) from None


def _row(raw: Mapping[str, Any], actor: str, now: str, tz: tzinfo) -> tuple[Any, ...]:
    unknown = raw.keys() - FIELDS
    if unknown:
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: unknown field {field}"),
                   field=sorted(unknown)[0])
    title = _nfc(raw.get("title"), "title")
    if not title:
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: a title is required"))
    kind = raw.get("kind") or "audio"
    if kind not in KINDS:
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: unknown kind {value}"), value=str(kind))
    language = raw.get("language") or "vi"
    language = language.strip().lower() if isinstance(language, str) else ""
    if not _LANGUAGE.match(language):
        raise _Bad(QT_TRANSLATE_NOOP("errors", "row {row}: language must be a code such as vi, "
                                     "tay or hmn: {value}"), value=str(raw.get("language")))
    created = _moment(raw.get("created_at"), "created_at", tz) or now
    body = _nfc(raw.get("body"), "body") or None
    return (
        uuid7(), kind, title,
        *(_nfc(raw.get(name), name) for name in TEXT_FIELDS),
        _tags(raw.get("tags")), language, _day(raw.get("recorded_on"), "recorded_on"),
        created, _moment(raw.get("first_aired_at"), "first_aired_at", tz),
        _moment(raw.get("last_aired_at"), "last_aired_at", tz), _duration(raw.get("duration_s")),
        _nfc(raw.get("retention"), "retention") or "standard", body, actor, now,
    )


Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]
_AT = {name: i for i, name in enumerate(COLUMNS)}
# search_docs columns (DOC_COLUMNS) up to aired, then aired, retention, recorded_on
# and title_key follow in _batches.
_DOC_SOURCES = ("id", "created_at", "kind", "category", "language", "duration_s")
assert DOC_COLUMNS.replace(" ", "").split(",") == [
    "item_id", "created_at", "kind", "category", "language", "duration_s", "aired",
    "retention", "recorded_on"], "bulk._batches builds search_docs rows in this order"
_DOCS_INSERT = (f"INSERT INTO search_docs ({DOC_COLUMNS}, title_key)"
                f" VALUES ({', '.join('?' * (DOC_COLUMNS.count(',') + 2))})")
_FTS_INSERT = (f"INSERT INTO search_fts (rowid, title, meta, text) SELECT d.doc, {FTS_COLUMNS_SQL}"
               " FROM search_docs d JOIN items i ON i.id = d.item_id WHERE d.doc > ?")


def _batches(rows: Iterable[Mapping[str, Any]], size: int, actor: str, now: str,
             tz: tzinfo) -> Iterator[Batch]:
    """Checked rows for items, and their search_docs rows (with the title sort key)."""
    items: list[tuple[Any, ...]] = []
    docs: list[tuple[Any, ...]] = []
    for number, raw in enumerate(rows, start=1):
        try:
            row = _row(raw, actor, now, tz)
        except _Bad as bad:
            raise ValidationError(bad.template, row=number, **bad.params) from None
        items.append(row)
        docs.append((*(row[_AT[c]] for c in _DOC_SOURCES), row[_AT["first_aired_at"]] is not None,
                     row[_AT["retention"]], row[_AT["recorded_on"]], sort_key(row[_AT["title"]])))
        if len(items) >= size:
            yield items, docs
            items, docs = [], []
    if items:
        yield items, docs


def import_metadata(st: Station, rows: Iterable[Mapping[str, Any]], *, batch: int = 50_000,
                    source: str = "", total: int | None = None,
                    state: TaskState | None = None) -> int:
    """Add one item per row (metadata only, no media files); returns how many.

    Fields: title (required), description, category, series, tags (text or a list),
    speaker, language (default vi), kind (default audio), recorded_on (yyyy-mm-dd or
    dd/mm/yyyy), created_at / first_aired_at / last_aired_at (ISO; without a zone they are
    station time; created_at defaults to now), duration_s (seconds or h:mm:ss), retention,
    rights, notes, source_name, body. Text is stored NFC. Raises ValidationError naming the
    first bad row (counted from 1); nothing is imported then. ``total`` (if known) gives
    ``state`` a fraction for its progress; ``state.cancel()`` undoes the import.
    """
    st.require(Right.LIBRARY_IMPORT, "bulk import")
    db = st.db
    now, tz = now_iso(), zone(st)
    imported = 0
    first_id = last_id = ""
    expected = total if total is not None else (len(rows) if isinstance(rows, Sized) else None)
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    # Index and FTS pages are written in random order: a large cache for the length of
    # the import keeps them in memory.
    db.execute("PRAGMA cache_size = -262144")
    batches = _batches(rows, max(1, batch), st.actor, now, tz)
    # One helper thread makes the next batch (Python: checks, NFC, ids, sort keys) while
    # SQLite, which lets go of the GIL, indexes this one: two cores share the import. The
    # two never run Python at the same time, so neither waits for the GIL.
    helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-import")
    try:
        with db.atomic():
            restore = [_pause_trigger(st), *_pause_indexes(st, expected)]
            with contextlib.suppress(sqlite3.OperationalError):  # FTS5 older than 3.35
                # Buffer a whole batch of postings in memory: one segment per batch.
                db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ?)",
                           [64 * 1024 * 1024])
            upcoming = helper.submit(next, batches, None)
            while (ready := upcoming.result()) is not None:
                items, docs = ready
                start = db.execute("SELECT coalesce(max(doc), 0) FROM search_docs").fetchone()[0]
                db.conn.executemany(_INSERT, items)
                db.conn.executemany(_DOCS_INSERT, docs)
                upcoming = helper.submit(next, batches, None)
                db.execute(_FTS_INSERT, [start])  # one statement: FTS5 flushes once per batch
                note_new_items(st, [row[0] for row in items])  # queued for the hub
                imported += len(items)
                first_id = first_id or items[0][0]
                last_id = items[-1][0]
                if state is not None:
                    state.progress(imported / total if total else 0.0, str(imported))
            for sql in restore:
                db.execute(sql)
            if imported:
                st.audit("item.bulk_import", "item", "",
                         {"items": imported, "first_id": first_id, "last_id": last_id,
                          "source": source})
    finally:
        helper.shutdown(wait=True, cancel_futures=True)
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    if imported >= batch:
        optimize(st)  # a big import leaves many segments: merge them once
    return imported


def _pause_indexes(st: Station, expected: int | None) -> list[str]:
    """Drop the secondary indexes of items and search_docs for this transaction when
    building them again at the end costs less than adding the rows to them one by one;
    returns the SQL that builds them.

    A 1,000,000-row import into an empty library: 24 + 18 s of index upkeep against 9.6
    + 4 + 11 s (the rebuild) without. Rebuilding costs in proportion to the whole table, so
    it pays only while the library is not much larger than the import.
    """
    existing = st.db.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    worth_it = existing == 0 if expected is None else existing <= 2 * expected
    if not worth_it:
        return []
    found = st.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND"
                          " sql IS NOT NULL AND tbl_name IN ('items', 'search_docs')").fetchall()
    for name, _ in found:
        st.db.execute(f'DROP INDEX "{name}"')
    return [str(sql) for _, sql in found]


def _pause_trigger(st: Station) -> str:
    """Drop the search insert trigger for this transaction; returns the SQL that restores it.

    Inside a trigger FTS5 flushes its buffer at every row; the import indexes whole batches
    in one statement instead (4x faster). DDL is transactional in SQLite: whatever happens,
    the commit restores the trigger or the rollback never dropped it, and no other writer
    can insert while the import holds the write lock.
    """
    row = st.db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                        " AND name = 'search_item_insert'").fetchone()
    if row is None:
        raise RuntimeError("the search_item_insert trigger is missing: run "
                           "station.search.index.reindex")
    st.db.execute("DROP TRIGGER search_item_insert")
    return str(row[0])
