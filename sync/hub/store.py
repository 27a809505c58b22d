"""The hub's data: one SQLite database and a content-addressed media store in its data dir.

Layout of a hub data dir: ``hub.db``, ``media/sha256/ab/cd/<hex>`` (committed, re-hashed
files), ``uploads/<id>`` (tus uploads in progress). One connection guarded by a lock: the
hub's writes are small and short, and SQLite allows one writer anyway.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.store import fsync_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,       -- SHA-256 of the token: tokens are 256-bit random
    created_at  TEXT NOT NULL,
    expires_at  TEXT,                       -- NULL: does not expire
    revoked     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mutations (
    id          TEXT PRIMARY KEY,           -- the client's UUIDv7
    station_id  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    result      TEXT NOT NULL               -- JSON: what the first delivery answered
);
-- Current state of every entity; deleted rows stay as tombstones.
CREATE TABLE IF NOT EXISTS entities (
    scope      TEXT NOT NULL,               -- a station id, or '*' for province-owned rows
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    owner      TEXT NOT NULL CHECK (owner IN ('station','province')),
    data       TEXT NOT NULL,               -- JSON fields
    field_hlc  TEXT NOT NULL,               -- JSON: the HLC of each field's value
    hlc        TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    seq        INTEGER NOT NULL,            -- the change that wrote this state
    PRIMARY KEY (scope, entity, entity_id)
);
CREATE TABLE IF NOT EXISTS changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    scope      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    body       TEXT NOT NULL                -- JSON: the change as the feed serves it
);
CREATE INDEX IF NOT EXISTS changes_scope ON changes(scope, seq);
CREATE TABLE IF NOT EXISTS conflicts (
    id         INTEGER PRIMARY KEY,
    scope      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    kept_value TEXT, kept_hlc TEXT NOT NULL,
    lost_value TEXT, lost_hlc TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assets (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    mime         TEXT NOT NULL DEFAULT 'application/octet-stream',
    committed_at TEXT NOT NULL,
    committed_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
    id          TEXT PRIMARY KEY,
    station_id  TEXT NOT NULL,
    length      INTEGER NOT NULL,
    sha256      TEXT NOT NULL DEFAULT '',
    metadata    TEXT NOT NULL DEFAULT '{}',
    created_at  REAL NOT NULL,
    expires_at  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS uploads_key ON uploads(station_id, sha256, length);
CREATE TABLE IF NOT EXISTS relay_feeds (
    slug        TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS relay_items (
    id           TEXT PRIMARY KEY,
    feed         TEXT NOT NULL REFERENCES relay_feeds(slug),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    mime         TEXT NOT NULL,
    ext          TEXT NOT NULL DEFAULT '',
    duration_s   REAL,
    category     TEXT NOT NULL DEFAULT '',
    priority     TEXT NOT NULL DEFAULT 'normal',
    published_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_items_feed ON relay_items(feed, published_at);
"""

PROVINCE = "*"
UPLOAD_TTL_S = 7 * 24 * 3600


def now_iso() -> str:
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t * 1000) % 1000:03d}Z"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StationRow:
    id: str
    name: str
    expired: bool
    revoked: bool


class HubStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).expanduser().resolve()
        self.media = self.root / "media"
        self.uploads = self.root / "uploads"
        for folder in (self.root, self.media, self.uploads):
            folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(str(self.root / "hub.db"), isolation_level=None,
                                    check_same_thread=False, timeout=30)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.executescript(SCHEMA)
        with self.tx() as c:
            row = c.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
            if row is None:
                # A new epoch when the hub's database is new: cursors of another life get 410.
                c.execute("INSERT INTO meta (key, value) VALUES ('epoch', ?)",
                          [secrets.token_hex(8)])
        self.epoch = self.meta("epoch")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (the lock keeps threads of this process in turn)."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read (one snapshot across several statements)."""
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    def meta(self, key: str, default: str = "") -> str:
        with self._lock:
            row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as c:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key)"
                      " DO UPDATE SET value = excluded.value", [key, value])

    # -- stations and tokens -----------------------------------------------------------
    def add_station(self, name: str, expires_at: str | None = None) -> tuple[str, str]:
        """Register a station; returns (station id, token). Only the token's hash is kept."""
        from station.ids import uuid7

        sid = uuid7()
        token = "st1_" + secrets.token_urlsafe(32)
        with self.tx() as c:
            c.execute("INSERT INTO stations (id, name, token_hash, created_at, expires_at)"
                      " VALUES (?, ?, ?, ?, ?)", [sid, name, hash_token(token), now_iso(),
                                                  expires_at])
        return sid, token

    def station_for_token(self, token: str) -> StationRow | None:
        with self._lock:
            row = self.conn.execute(
                "SELECT id, name, expires_at, revoked FROM stations WHERE token_hash = ?",
                [hash_token(token)]).fetchone()
        if row is None:
            return None
        expired = row[2] is not None and row[2] <= now_iso()
        return StationRow(row[0], row[1], expired, bool(row[3]))

    # -- media -------------------------------------------------------------------------
    def media_path(self, sha256: str) -> Path:
        return self.media / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def has_asset(self, sha256: str) -> bool:
        with self._lock:
            row = self.conn.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        return row is not None and self.media_path(sha256).is_file()

    def place_media(self, temp: Path, sha256: str, size: int, mime: str, by: str) -> None:
        """Move a re-hashed file into the store and record it (an existing copy wins)."""
        final = self.media_path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.is_file():
            temp.unlink(missing_ok=True)
        else:
            os.replace(temp, final)
            fsync_dir(final.parent)
        with self.tx() as c:
            c.execute("INSERT OR IGNORE INTO assets (sha256, size, mime, committed_at,"
                      " committed_by) VALUES (?, ?, ?, ?, ?)", [sha256, size, mime, now_iso(), by])

    # -- cursors -----------------------------------------------------------------------
    def make_cursor(self, seq: int) -> str:
        raw = json.dumps({"e": self.epoch, "s": seq}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def make_page_token(self, top: int, after: int) -> str:
        raw = json.dumps({"e": self.epoch, "t": top, "r": after}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read_page_token(self, token: str) -> tuple[int, int] | None:
        """(the snapshot's change cursor, the rowid its next page starts after)."""
        try:
            pad = "=" * (-len(token) % 4)
            data: Any = json.loads(base64.urlsafe_b64decode(token + pad))
            if data.get("e") != self.epoch:
                return None
            return int(data["t"]), int(data["r"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def read_cursor(self, cursor: str) -> int | None:
        """The sequence number in ``cursor``; None when it belongs to another epoch or is
        not ours (the client must resync from a snapshot)."""
        if not cursor:
            return 0
        try:
            pad = "=" * (-len(cursor) % 4)
            data: Any = json.loads(base64.urlsafe_b64decode(cursor + pad))
            if data.get("e") != self.epoch:
                return None
            seq = int(data["s"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        horizon = int(self.meta("horizon", "0") or 0)  # changes before it were compacted
        if seq < horizon or seq < 0:
            return None
        return seq


