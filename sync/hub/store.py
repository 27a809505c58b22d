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
CREATE INDEX IF NOT EXISTS relay_items_sha ON relay_items(sha256);
-- Which station may read a file: the ones that uploaded it (deduplicated on disk). Relay
-- files are readable by every station through relay_items.
CREATE TABLE IF NOT EXISTS asset_owners (
    sha256      TEXT NOT NULL,
    station_id  TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (sha256, station_id)
) WITHOUT ROWID;
-- Tokens replaced by rotate-token: their use gets a clear 401, not "unknown".
CREATE TABLE IF NOT EXISTS retired_tokens (
    token_hash  TEXT PRIMARY KEY,
    station_id  TEXT NOT NULL,
    retired_at  TEXT NOT NULL
);
-- Each station's audit chain head, and the times it went back or changed (sync/hub/anchors.py).
CREATE TABLE IF NOT EXISTS audit_anchors (
    station_id  TEXT NOT NULL,
    workstation TEXT NOT NULL DEFAULT '',  -- each workstation keeps its own audit log
    seq         INTEGER NOT NULL,          -- the highest head the workstation proved
    hash        TEXT NOT NULL,
    at          TEXT NOT NULL,
    PRIMARY KEY (station_id, workstation)
);
CREATE TABLE IF NOT EXISTS audit_flags (
    id            INTEGER PRIMARY KEY,
    station_id    TEXT NOT NULL,
    workstation   TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL CHECK (kind IN ('shorter','rewritten')),
    anchor_seq    INTEGER NOT NULL,
    anchor_hash   TEXT NOT NULL,
    reported_seq  INTEGER NOT NULL,
    reported_hash TEXT NOT NULL,
    message       TEXT NOT NULL,
    first_at      TEXT NOT NULL,
    last_at       TEXT NOT NULL,
    times         INTEGER NOT NULL DEFAULT 1,
    cleared_at    TEXT,                     -- set by `station hub reset-audit-anchor`
    UNIQUE (station_id, workstation, kind, anchor_seq, reported_seq, reported_hash)
);
"""

PROVINCE = "*"
PROVINCE_BY = "province"  # committed_by of files the province published
UPLOAD_TTL_S = 7 * 24 * 3600
MAX_SEQ = 2**62  # cursors and page tokens past it are forged (SQLite stops at 2**63)


class StationUnknown(ValueError):
    """The hub knows no such station, or the name fits several (the message says which)."""


class StationExists(ValueError):
    """A station of that name is registered already (names pick stations in commands)."""


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
            if c.execute("SELECT 1 FROM meta WHERE key = 'asset_owners'").fetchone() is None:
                # Before per-station media, only the first uploader was recorded: it owns it.
                c.execute("INSERT OR IGNORE INTO asset_owners (sha256, station_id, granted_at)"
                          " SELECT sha256, committed_by, committed_at FROM assets"
                          " WHERE committed_by != 'province'")
                # A station whose later upload of the same bytes was taken as done announced
                # the file in its feed: its other workstations still need it. (Before, every
                # station could read every file, so this exposes nothing new.)
                c.execute("INSERT OR IGNORE INTO asset_owners (sha256, station_id, granted_at)"
                          " SELECT e.entity_id, e.scope, a.committed_at FROM entities e"
                          " JOIN assets a ON a.sha256 = e.entity_id WHERE e.entity = 'asset'"
                          " AND e.owner = 'station' AND e.deleted = 0 AND e.scope != '*'")
                c.execute("INSERT INTO meta (key, value) VALUES ('asset_owners', '1')")
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
        from station.text import nfc

        name = nfc(name).strip()
        if not name:
            raise StationExists("a station needs a name")
        sid = uuid7()
        token = "st1_" + secrets.token_urlsafe(32)
        with self.tx() as c:
            if c.execute("SELECT 1 FROM stations WHERE name = ?", [name]).fetchone():
                raise StationExists(f"a station called \u201c{name}\u201d is registered "
                                    "already: give a new one another name, or use "
                                    "rotate-token for a new token")
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

    def token_retired(self, token: str) -> bool:
        """Was ``token`` replaced by rotate-token?"""
        with self._lock:
            row = self.conn.execute("SELECT 1 FROM retired_tokens WHERE token_hash = ?",
                                    [hash_token(token)]).fetchone()
        return row is not None

    def find_station(self, which: str) -> tuple[str, str]:
        """(id, name) of the station whose id or name is ``which``; StationUnknown when none
        or several fit."""
        from station.text import nfc

        with self._lock:
            rows = self.conn.execute("SELECT id, name FROM stations WHERE id = ?",
                                     [which]).fetchall() or self.conn.execute(
                "SELECT id, name FROM stations WHERE name = ?", [nfc(which)]).fetchall()
        if not rows:
            raise StationUnknown(f"the hub knows no station \u201c{which}\u201d")
        if len(rows) > 1:
            ids = ", ".join(r[0] for r in rows)
            raise StationUnknown(f"several stations are called \u201c{which}\u201d: name one"
                                 f" by its id ({ids})")
        return str(rows[0][0]), str(rows[0][1])

    def revoke_station(self, which: str) -> tuple[str, str]:
        """Stop the station's token at once (every request gets 401 token_revoked);
        returns (id, name). rotate_token gives the station a working token again."""
        sid, name = self.find_station(which)
        with self.tx() as c:
            c.execute("UPDATE stations SET revoked = 1 WHERE id = ?", [sid])
        return sid, name

    def rotate_token(self, which: str) -> tuple[str, str]:
        """A new token for the station (the old one stops at once; a revoked station works
        again with the new one); returns (id, token). Only the new token's hash is kept."""
        sid, _name = self.find_station(which)
        token = "st1_" + secrets.token_urlsafe(32)
        with self.tx() as c:
            old = c.execute("SELECT token_hash FROM stations WHERE id = ?", [sid]).fetchone()[0]
            c.execute("INSERT OR REPLACE INTO retired_tokens (token_hash, station_id, retired_at)"
                      " VALUES (?, ?, ?)", [old, sid, now_iso()])
            c.execute("UPDATE stations SET token_hash = ?, revoked = 0 WHERE id = ?",
                      [hash_token(token), sid])
        return sid, token

    # -- media -------------------------------------------------------------------------
    def media_path(self, sha256: str) -> Path:
        return self.media / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def has_asset(self, sha256: str) -> bool:
        with self._lock:
            row = self.conn.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        return row is not None and self.media_path(sha256).is_file()

    def owns(self, sid: str, sha256: str) -> bool:
        """Did station ``sid`` upload (and the hub verify) this file itself?"""
        with self._lock:
            row = self.conn.execute("SELECT 1 FROM asset_owners WHERE sha256 = ? AND"
                                    " station_id = ?", [sha256, sid]).fetchone()
        return row is not None and self.has_asset(sha256)

    def may_read(self, sid: str, sha256: str) -> bool:
        """A station reads the files it uploaded and those the province published to every
        station (relay items); any other file is, for it, not there."""
        with self._lock:
            row = self.conn.execute(
                "SELECT 1 FROM asset_owners WHERE sha256 = ? AND station_id = ? UNION ALL"
                " SELECT 1 FROM relay_items WHERE sha256 = ? LIMIT 1",
                [sha256, sid, sha256]).fetchone()
        return row is not None and self.has_asset(sha256)

    def asset_mime(self, sha256: str) -> str:
        """The stored type, corrected from the bytes when it is not what they are (rows
        written before the hub derived types kept what the client said)."""
        from sync.hub.mediatype import media_type

        with self._lock:
            row = self.conn.execute("SELECT mime FROM assets WHERE sha256 = ?",
                                    [sha256]).fetchone()
        found = media_type(self.media_path(sha256))
        if row is None or row[0] != found:
            with self.tx() as c:
                c.execute("UPDATE assets SET mime = ? WHERE sha256 = ?", [found, sha256])
        return found

    def place_media(self, temp: Path, sha256: str, size: int, by: str) -> None:
        """Move a re-hashed file into the store and record it (an existing copy wins); its
        type comes from its bytes. ``by``, a station, owns it from now on."""
        from sync.hub.mediatype import media_type

        mime = media_type(temp)
        final = self.media_path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.is_file():
            temp.unlink(missing_ok=True)
        else:
            os.replace(temp, final)
            fsync_dir(final.parent)
        with self.tx() as c:
            c.execute("INSERT INTO assets (sha256, size, mime, committed_at, committed_by)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET"
                      " mime = excluded.mime", [sha256, size, mime, now_iso(), by])
            if by != PROVINCE_BY:
                c.execute("INSERT OR IGNORE INTO asset_owners (sha256, station_id, granted_at)"
                          " VALUES (?, ?, ?)", [sha256, by, now_iso()])

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
            top, after = int(data["t"]), int(data["r"])
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            return None  # OverflowError: Infinity in a forged token
        return (top, after) if 0 <= top < MAX_SEQ and 0 <= after < MAX_SEQ else None

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
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            return None  # OverflowError: Infinity in a forged cursor
        if seq >= MAX_SEQ:  # SQLite integers stop at 2**63
            return None
        horizon = int(self.meta("horizon", "0") or 0)  # changes before it were compacted
        if seq < horizon or seq < 0:
            return None
        return seq


