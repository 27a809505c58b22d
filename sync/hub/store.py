"""The hub's data: a database (sync/hub/db.py: SQLite in the data dir, or PostgreSQL) and a
content-addressed media store (sync/hub/media_store.py: a folder, or S3-compatible storage).

Layout of a hub data dir: ``hub.db`` (SQLite), ``media/sha256/ab/cd/<hex>`` (committed,
re-hashed files in the folder store), ``uploads/`` (tus uploads in progress in the folder
store, and scratch files). Nothing here lives only in this process's memory: several hub
processes may share one PostgreSQL database and one bucket.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.clock import now_iso
from sync.hub.db import MAX_SEQ, HubDb, Position, open_db
from sync.hub.media_store import FolderMedia, MediaStore, open_media

PROVINCE = "*"
PROVINCE_BY = "province"  # committed_by of files the province published
UPLOAD_TTL_S = 7 * 24 * 3600


class StationUnknown(ValueError):
    """The hub knows no such station, or the name fits several (the message says which)."""


class StationExists(ValueError):
    """A station of that name is registered already (names pick stations in commands)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StationRow:
    id: str
    name: str
    expired: bool
    revoked: bool


@dataclass(frozen=True)
class HubConfig:
    """Where a hub keeps its data: the data dir (SQLite, folders, the admin token), and
    optionally a PostgreSQL URL and an s3:// media location with its endpoint."""

    data_dir: Path
    database: str = ""
    media: str = ""
    s3_endpoint: str = ""

    @classmethod
    def from_env(cls, data_dir: Path | str, database: str | None = None,
                 media: str | None = None, s3_endpoint: str | None = None) -> HubConfig:
        """Options given win over $STATION_HUB_DATABASE, $STATION_HUB_MEDIA and
        $STATION_HUB_S3_ENDPOINT."""
        env = os.environ
        return cls(Path(data_dir).expanduser().resolve(),
                   database or env.get("STATION_HUB_DATABASE", ""),
                   media or env.get("STATION_HUB_MEDIA", ""),
                   s3_endpoint or env.get("STATION_HUB_S3_ENDPOINT", ""))


class HubStore:
    def __init__(self, root: Path | str | HubConfig) -> None:
        config = root if isinstance(root, HubConfig) else HubConfig.from_env(root)
        self.config = config
        self.root = config.data_dir
        self.uploads = self.root / "uploads"  # tus uploads of the folder store; scratch files
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.media: MediaStore = open_media(config.media or None, self.root,
                                            config.s3_endpoint or None)
        self.db: HubDb = open_db(config.database or None, self.root)
        with self.tx() as c:
            # A new epoch when the hub's database is new: cursors of another life get 410.
            c.execute("INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT(key)"
                      " DO NOTHING", [secrets.token_hex(8)])
        self.epoch = self.meta("epoch")

    @property
    def conn(self) -> sqlite3.Connection:
        """The SQLite connection (tests and tools of the embedded hub only)."""
        return self.db.conn  # type: ignore[attr-defined]

    def close(self) -> None:
        self.db.close()

    def tx(self, lock: str = "") -> Any:
        """One write transaction; ``lock`` (a station id) keeps that station's writers in
        turn across processes."""
        return self.db.tx(lock)

    def read(self) -> Any:
        """A consistent read (one snapshot across several statements)."""
        return self.db.read()

    def meta(self, key: str, default: str = "") -> str:
        with self.read() as c:
            row = c.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.tx() as c:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key)"
                      " DO UPDATE SET value = excluded.value", [key, value])

    def new_epoch(self) -> str:
        """Start the feed's life again (`station hub new-epoch`, after a restore): every
        cursor and snapshot page of before gets 410, and each station resyncs from a
        snapshot, so none skips a change numbered below where its cursor stood."""
        self.epoch = secrets.token_hex(8)
        self.set_meta("epoch", self.epoch)
        return self.epoch

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
        with self.read() as c:
            row = c.execute(
                "SELECT id, name, expires_at, revoked FROM stations WHERE token_hash = ?",
                [hash_token(token)]).fetchone()
        if row is None:
            return None
        expired = row[2] is not None and row[2] <= now_iso()
        return StationRow(row[0], row[1], expired, bool(row[3]))

    def token_retired(self, token: str) -> bool:
        """Was ``token`` replaced by rotate-token?"""
        with self.read() as c:
            row = c.execute("SELECT 1 FROM retired_tokens WHERE token_hash = ?",
                            [hash_token(token)]).fetchone()
        return row is not None

    def find_station(self, which: str) -> tuple[str, str]:
        """(id, name) of the station whose id or name is ``which``; StationUnknown when none
        or several fit."""
        from station.text import nfc

        with self.read() as c:
            rows = c.execute("SELECT id, name FROM stations WHERE id = ?",
                             [which]).fetchall() or c.execute(
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
            c.execute("INSERT INTO retired_tokens (token_hash, station_id, retired_at)"
                      " VALUES (?, ?, ?) ON CONFLICT(token_hash) DO UPDATE SET"
                      " station_id = excluded.station_id, retired_at = excluded.retired_at",
                      [old, sid, now_iso()])
            c.execute("UPDATE stations SET token_hash = ?, revoked = 0 WHERE id = ?",
                      [hash_token(token), sid])
        return sid, token

    # -- media -------------------------------------------------------------------------
    def _stored(self, sha256: str) -> bool:
        """The file is in the media store. A folder is asked (a file removed by hand is
        gone); an object store is trusted, since its row is written only after the put."""
        return not isinstance(self.media, FolderMedia) or self.media.has(sha256)

    def has_asset(self, sha256: str) -> bool:
        with self.read() as c:
            row = c.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        return row is not None and self._stored(sha256)

    def owns(self, sid: str, sha256: str) -> bool:
        """Did station ``sid`` upload (and the hub verify) this file itself?"""
        with self.read() as c:
            row = c.execute("SELECT 1 FROM asset_owners WHERE sha256 = ? AND station_id = ?",
                            [sha256, sid]).fetchone()
        return row is not None and self.has_asset(sha256)

    def may_read(self, sid: str, sha256: str) -> bool:
        """A station reads the files it uploaded and those the province published to every
        station (relay items); any other file is, for it, not there."""
        with self.read() as c:
            row = c.execute(
                "SELECT 1 FROM asset_owners WHERE sha256 = ? AND station_id = ? UNION ALL"
                " SELECT 1 FROM relay_items WHERE sha256 = ? LIMIT 1",
                [sha256, sid, sha256]).fetchone()
        return row is not None and self.has_asset(sha256)

    def asset_mime(self, sha256: str) -> str:
        """The stored type. Rows written before the hub derived types kept what the client
        said (a CRLF, say): a type the hub would not give is derived from the bytes again and
        stored. Every other read is one query, with no look at the media store."""
        from sync.hub.mediatype import KNOWN_TYPES, OCTET, media_type_of

        with self.read() as c:
            row = c.execute("SELECT mime FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        if row is not None and row[0] in KNOWN_TYPES:
            return str(row[0])
        try:
            found = media_type_of(self.media.head(sha256))
        except FileNotFoundError:  # gone from the store: the answer will say so
            return OCTET
        with self.tx() as c:
            c.execute("UPDATE assets SET mime = ? WHERE sha256 = ?", [found, sha256])
        return found

    def place_media(self, temp: Path, sha256: str, size: int, by: str) -> None:
        """Move a re-hashed file into the store and record it (an existing copy wins); its
        type comes from its bytes. ``by``, a station, owns it from now on."""
        from sync.hub.mediatype import media_type

        mime = media_type(temp)
        self.media.put(temp, sha256)
        self.record_media(sha256, size, mime, by)

    def record_media(self, sha256: str, size: int, mime: str, by: str) -> None:
        """The row of a file now in the media store; ``by``, a station, owns it."""
        with self.tx() as c:
            c.execute("INSERT INTO assets (sha256, size, mime, committed_at, committed_by)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET"
                      " mime = excluded.mime", [sha256, size, mime, now_iso(), by])
            if by != PROVINCE_BY:
                c.execute("INSERT INTO asset_owners (sha256, station_id, granted_at)"
                          " VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [sha256, by, now_iso()])

    # -- cursors -----------------------------------------------------------------------
    def _encode(self, data: dict[str, Any]) -> str:
        raw = json.dumps({"e": self.epoch, **data}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, token: str) -> dict[str, Any] | None:
        try:
            pad = "=" * (-len(token) % 4)
            data: Any = json.loads(base64.urlsafe_b64decode(token + pad))
        except ValueError:
            return None
        return data if isinstance(data, dict) and data.get("e") == self.epoch else None

    def make_cursor(self, pos: Position) -> str:
        """The client's cursor for feed position ``pos`` (opaque to it)."""
        return self._encode({"x": pos[0], "s": pos[1]} if pos[0] else {"s": pos[1]})

    def make_page_token(self, top: Position, after: int) -> str:
        return self._encode({"x": top[0], "t": top[1], "r": after})

    def read_page_token(self, token: str) -> tuple[Position, int] | None:
        """(the snapshot's feed position, the entity its next page starts after)."""
        data = self._decode(token)
        try:
            assert data is not None
            top, after = (int(data.get("x", 0)), int(data["t"])), int(data["r"])
        except (AssertionError, ValueError, KeyError, TypeError, OverflowError):
            return None  # OverflowError: Infinity in a forged token
        ok = all(0 <= v < MAX_SEQ for v in (*top, after))
        return (top, after) if ok else None

    def read_cursor(self, cursor: str) -> Position | None:
        """The feed position in ``cursor``; None when it belongs to another epoch or is
        not ours (the client must resync from a snapshot)."""
        if not cursor:
            return 0, 0
        data = self._decode(cursor)
        try:
            assert data is not None
            pos = int(data.get("x", 0)), int(data["s"])
        except (AssertionError, ValueError, KeyError, TypeError, OverflowError):
            return None  # OverflowError: Infinity in a forged cursor
        if not all(0 <= v < MAX_SEQ for v in pos):
            return None
        horizon = int(self.meta("horizon", "0") or 0)  # changes before it were compacted
        return None if pos[1] < horizon else pos
