"""The library's bin: deleting an item moves it here (anyone who may edit the library may
do that, and restore it); only the archivist and the admin empty the bin, which removes the
items for good.

A binned item keeps its row and its file, with a row in ``item_bin``; it leaves the search
index (search_docs and search_fts), so every search, view and picker stops seeing it at once,
and restoring puts it back. Items in an approved or published schedule cannot be deleted
(the error names the schedule). Emptying follows the purge (station.library.archive): each
batch is one transaction with its audit entry and the hub's tombstones, files no remaining
item uses go after the commit, and an item something still refers to (a draft schedule, a
programme) stays in the bin, named in the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from media.taskstate import Cancelled, TaskState, null_state
from station.changes import Changes
from station.clock import fmt_period, now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.library.archive import (
    PURGE_BATCH,
    drop_files,
    erase_items,
    referencing,
    write_transaction,
)
from station.rights import Right
from station.search.index import DOC_COLUMNS, DOC_VALUES_SQL, FTS_COLUMNS_SQL
from station.station import Station

LOCKING_STATUSES = ("approved", "published")  # a schedule the chief signed: its items stay


@dataclass(frozen=True)
class Binned:
    id: str
    title: str
    kind: str
    duration_s: float | None
    binned_at: str  # UTC ISO
    binned_by: str

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class EmptyReport:
    removed: tuple[tuple[str, str], ...] = ()  # (id, title) gone for good
    kept: tuple[tuple[str, str, str], ...] = ()  # (id, title, table that still uses it)
    files_removed: tuple[str, ...] = ()  # sha256 of files deleted from the store
    bytes_freed: int = 0
    cancelled: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return {"removed": [{"id": i, "title": t} for i, t in self.removed],
                "kept": [{"id": i, "title": t, "used_by": u} for i, t, u in self.kept],
                "files_removed": list(self.files_removed), "bytes_freed": self.bytes_freed,
                "cancelled": self.cancelled}


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _binned_set(st: Station, ids: list[str]) -> set[str]:
    rows = st.db.execute("SELECT item_id FROM item_bin WHERE item_id IN"
                         " (SELECT value FROM json_each(?))", [json.dumps(ids)]).fetchall()
    return {r[0] for r in rows}


def is_binned(st: Station, item_id: str) -> bool:
    return st.db.execute("SELECT 1 FROM item_bin WHERE item_id = ?",
                         [item_id]).fetchone() is not None


def _period(start: str, days: int) -> str:
    first = date.fromisoformat(start)
    last = first + timedelta(days=max(days, 1) - 1)
    return fmt_period(first, last)


def _refuse_locked(st: Station, ids: list[str]) -> None:
    """Refuse when an approved or published schedule holds one of the items."""
    marks = ", ".join("?" for _ in LOCKING_STATUSES)
    row = st.db.execute(
        "SELECT i.title, s.title, s.status, s.period_start, s.period_days"
        " FROM schedule_slots sl JOIN schedule_sessions se ON se.id = sl.session_id"
        " JOIN schedules s ON s.id = se.schedule_id JOIN items i ON i.id = sl.item_id"
        " WHERE sl.item_id IN (SELECT value FROM json_each(?))"
        f" AND s.status IN ({marks}) ORDER BY s.period_start DESC LIMIT 1",
        [json.dumps(ids), *LOCKING_STATUSES]).fetchone()
    if row is None:
        return
    title, schedule_title, status, start, days = row
    period = _period(start, int(days))
    schedule = f"{schedule_title} ({period})" if schedule_title else period
    template = (QT_TRANSLATE_NOOP("errors", "“{title}” cannot be deleted: it is in the approved "
                                            "schedule {schedule}")
                if status == "approved" else
                QT_TRANSLATE_NOOP("errors", "“{title}” cannot be deleted: it is in the published "
                                            "schedule {schedule}"))
    raise ValidationError(template, title=title, schedule=schedule)


def _unindex(st: Station, item_id: str) -> None:
    st.db.execute("INSERT INTO search_fts (search_fts, rowid, title, meta, text)"
                  f" SELECT 'delete', d.doc, {FTS_COLUMNS_SQL} FROM search_docs d"
                  " JOIN items i ON i.id = d.item_id WHERE d.item_id = ?", [item_id])
    st.db.execute("DELETE FROM search_docs WHERE item_id = ?", [item_id])


def _reindex(st: Station, item_id: str) -> None:
    st.db.execute(f"INSERT OR IGNORE INTO search_docs ({DOC_COLUMNS}) SELECT {DOC_VALUES_SQL}"
                  " FROM items i WHERE i.id = ?", [item_id])
    st.db.execute(f"INSERT INTO search_fts (rowid, title, meta, text) SELECT d.doc,"
                  f" {FTS_COLUMNS_SQL} FROM search_docs d JOIN items i ON i.id = d.item_id"
                  " WHERE d.item_id = ?", [item_id])


def delete_items(st: Station, item_ids: Iterable[str]) -> Changes:
    """Move the items to the bin (all or none). Refused for the province's items and for
    items in an approved or published schedule."""
    st.require(Right.LIBRARY_EDIT, "delete items")  # recoverable: whoever edits may bin
    ids = _unique(item_ids)
    if not ids:
        return Changes()
    from station.province import ensure_local

    ensure_local(st, ids)
    db = st.db
    with db.atomic():
        titles = dict(db.execute("SELECT id, title FROM items WHERE id IN"
                                 " (SELECT value FROM json_each(?))",
                                 [json.dumps(ids)]).fetchall())
        missing = [i for i in ids if i not in titles]
        if missing:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=missing[0])
        already = _binned_set(st, ids)
        fresh = [i for i in ids if i not in already]
        _refuse_locked(st, fresh)
        now = now_iso()
        for item_id in fresh:
            db.execute("INSERT INTO item_bin (item_id, binned_at, binned_by) VALUES (?, ?, ?)",
                       [item_id, now, st.actor])
            _unindex(st, item_id)
            st.audit("item.delete", "item", item_id, {"title": titles[item_id], "to": "bin"})
    return Changes(library=True, audit=True) if fresh else Changes()


def restore_items(st: Station, item_ids: Iterable[str]) -> Changes:
    """Take the items out of the bin: they are in the library again, as they were."""
    st.require(Right.LIBRARY_EDIT, "restore items")
    return restore_quietly(st, item_ids)


def restore_quietly(st: Station, item_ids: Iterable[str], reason: str = "") -> Changes:
    """Restore without a rights check: for the core itself (an import of the same content
    brings its binned item back). Audited all the same."""
    ids = _unique(item_ids)
    db = st.db
    with db.atomic():
        held = _binned_set(st, ids)
        back = [i for i in ids if i in held]
        for item_id in back:
            db.execute("DELETE FROM item_bin WHERE item_id = ?", [item_id])
            _reindex(st, item_id)
            title = db.execute("SELECT title FROM items WHERE id = ?", [item_id]).fetchone()
            st.audit("item.restore", "item", item_id,
                     {"title": title[0] if title else "", **({"why": reason} if reason else {})})
    return Changes(library=True, audit=True) if back else Changes()


def binned(st: Station) -> list[Binned]:
    """What the bin holds, most recently deleted first."""
    st.require(Right.LIBRARY_VIEW, "list the bin")
    rows = st.db.execute(
        "SELECT i.id, i.title, i.kind, i.duration_s, b.binned_at, b.binned_by FROM item_bin b"
        " JOIN items i ON i.id = b.item_id ORDER BY b.binned_at DESC, i.id").fetchall()
    return [Binned(*r) for r in rows]


def empty_bin(st: Station, item_ids: Iterable[str] | None = None,
              state: TaskState | None = None) -> tuple[EmptyReport, Changes]:
    """Remove binned items for good (all of them, or those of ``item_ids`` in the bin),
    with the files no remaining item uses. Cancelling stops between batches."""
    st.require(Right.LIBRARY_DELETE, "empty the bin")  # for good: the archivist, the admin
    state = state or null_state()
    ids = [r[0] for r in st.db.execute("SELECT item_id FROM item_bin ORDER BY binned_at")]
    if item_ids is not None:
        wanted = set(item_ids)
        ids = [i for i in ids if i in wanted]
    removed: list[tuple[str, str]] = []
    kept: list[tuple[str, str, str]] = []
    files: list[str] = []
    freed = 0
    cancelled = False
    for start in range(0, len(ids), PURGE_BATCH):
        try:
            state.progress(start / len(ids), "")
        except Cancelled:
            cancelled = True
            break
        done, still_used, gone = _empty_batch(st, ids[start:start + PURGE_BATCH])
        removed += done
        kept += still_used
        dropped, size, _failed = drop_files(st, gone)  # committed: the files can go now
        files += dropped  # a file that cannot go yet is left to the recovery sweep
        freed += size
    if not cancelled:
        state.progress(1.0, "")
    report = EmptyReport(tuple(removed), tuple(kept), tuple(files), freed, cancelled)
    return report, Changes(library=bool(removed), audit=bool(removed))


def _empty_batch(st: Station, batch: list[str]) -> tuple[
        list[tuple[str, str]], list[tuple[str, str, str]], list[tuple[str, str, int]]]:
    db = st.db
    with write_transaction(db):
        rows = db.execute(
            "SELECT i.id, i.title, i.asset_sha256 FROM item_bin b JOIN items i"
            " ON i.id = b.item_id WHERE b.item_id IN (SELECT value FROM json_each(?))",
            [json.dumps(batch)]).fetchall()  # re-read under the write lock
        users = [(t, c) for t, c in referencing(db, "items") if t != "item_bin"]
        going: list[tuple[str, str, str | None]] = []
        kept: list[tuple[str, str, str]] = []
        for item_id, title, sha256 in rows:
            used = next((t for t, c in users if db.execute(
                f'SELECT 1 FROM "{t}" WHERE "{c}" = ? LIMIT 1', [item_id]).fetchone()), None)
            if used is None:
                going.append((item_id, title, sha256))
            else:
                kept.append((item_id, title, used))
        if not going:
            return [], kept, []
        chunk = [g[0] for g in going]
        gone, _shared = erase_items(st, chunk, [g[2] for g in going])
        st.audit("bin.empty", "item", chunk[0] if len(chunk) == 1 else "", {
            "items": [{"id": i, "title": t, "sha256": s} for i, t, s in going],
            "kept": [{"id": i, "used_by": u} for i, _t, u in kept],
            "files_removed": [g[0] for g in gone], "bytes_freed": sum(g[2] for g in gone)})
    return [(i, t) for i, t, _s in going], kept, gone
