"""Removing library items for good, shared by the retention purge and the bin: the rows,
the files nothing uses any more (each with an intent, so a crash before its unlink is swept),
the tombstones for the hub, and the unlink once committed."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlite_utils

from station.clock import now_iso
from station.outbox import note_many
from station.station import Station

log = logging.getLogger(__name__)

# Tables that only hold derived data of an asset: they go with it.
_ASSET_DERIVED = frozenset({"asset_peaks", "asset_previews"})


def referencing(db: sqlite_utils.Database, table: str) -> list[tuple[str, str]]:
    """(table, column) pairs whose foreign key points at ``table``: an item a schedule or a
    programme still uses is never a candidate, whoever added that table."""
    found = []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite_%'").fetchall():
        for row in db.execute(f'PRAGMA foreign_key_list("{name}")').fetchall():
            if row[2] == table:
                found.append((name, row[3]))
    return found


def asset_users_elsewhere(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """The (table, column) pairs besides items and derived data that can keep a file."""
    return [(t, c) for t, c in referencing(db, "assets")
            if t not in _ASSET_DERIVED and t != "items"]


def used_elsewhere(db: sqlite_utils.Database, sha256: str, users: list[tuple[str, str]]) -> bool:
    """Whether one of ``users`` (from ``asset_users_elsewhere``) still refers to the file."""
    return any(db.execute(f'SELECT 1 FROM "{t}" WHERE "{c}" = ? LIMIT 1', [sha256]).fetchone()
               for t, c in users)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE: take the write lock before reading, so the re-check and the delete
    see the same data (a deferred transaction could also fail to upgrade under load)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


def erase_items(st: Station, item_ids: list[str], sha256s: Iterable[str | None]
                 ) -> tuple[list[tuple[str, str, int]], list[str]]:
    """In the caller's write transaction: delete the rows of ``item_ids``, and those of their
    files (``sha256s``) that nothing uses any more, each with an intent so a crash before the
    unlink is swept; with the tombstones for the hub. Returns the files to unlink once
    committed (sha256, ext, size; see ``drop_files``) and the hashes kept because still used."""
    db = st.db
    pid = os.getpid()
    marks = ", ".join("?" for _ in item_ids)
    db.execute(f"DELETE FROM items WHERE id IN ({marks})", item_ids)
    other_users = asset_users_elsewhere(db)
    gone: list[tuple[str, str, int]] = []
    kept: list[str] = []
    for sha256 in dict.fromkeys(h for h in sha256s if h):
        in_use = db.execute("SELECT 1 FROM items WHERE asset_sha256 = ? LIMIT 1",
                            [sha256]).fetchone() is not None
        row = db.execute("SELECT ext, size FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        if in_use or row is None or used_elsewhere(db, sha256, other_users):
            kept.append(sha256)
            continue
        db.execute("INSERT OR IGNORE INTO store_intents (sha256, ext, pid, created_at)"
                   " VALUES (?, ?, ?, ?)", [sha256, row[0], pid, now_iso()])
        for table in sorted(_ASSET_DERIVED):
            db.execute(f"DELETE FROM {table} WHERE sha256 = ?", [sha256])
        db.execute("DELETE FROM assets WHERE sha256 = ?", [sha256])
        gone.append((sha256, row[0], int(row[1])))
    # Tombstones for the hub, in the transaction of the delete: items, then their files.
    note_many(st, "item", item_ids)
    note_many(st, "asset", [g[0] for g in gone])
    return gone, kept


def drop_files(st: Station, gone: list[tuple[str, str, int]]) -> tuple[list[str], int, list[str]]:
    """Unlink the files ``erase_items`` released, once its transaction committed. Returns the
    hashes removed, the bytes freed and the hashes left for the recovery sweep."""
    removed: list[str] = []
    errors: list[str] = []
    freed = 0
    for sha256, ext, size in gone:
        if _drop_file(st, sha256, ext):
            removed.append(sha256)
            freed += size
        else:
            errors.append(sha256)
    return removed, freed, errors


def _drop_file(st: Station, sha256: str, ext: str) -> bool:
    """Delete a file whose asset row is gone, then clear its intent. Under the write lock,
    so an import of the same content cannot slip in between the check and the unlink; if one
    is under way (its own intent exists) the file stays for it."""
    db = st.db
    pid = os.getpid()
    with write_transaction(db):
        owned = db.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        placing = db.execute("SELECT 1 FROM store_intents WHERE sha256 = ? AND pid <> ?",
                             [sha256, pid]).fetchone()
        if owned is None and placing is None:
            try:
                st.store.remove(sha256, ext)
            except OSError as exc:
                log.warning("cannot delete %s now (%s); the recovery sweep will retry",
                            sha256, exc)
                return False
        db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?", [sha256, pid])
    return True
