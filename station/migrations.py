"""Numbered schema migrations. Each step runs in one transaction with its version bump.

Append new steps at the end; never edit a released one. ``PRAGMA user_version`` holds the
number of steps applied, so a database from a newer app is recognised and refused.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

Step = Callable[[sqlite_utils.Database], None]
MIGRATIONS: list[Step] = []


def migration(fn: Step) -> Step:
    MIGRATIONS.append(fn)
    return fn


@migration
def m0001_foundation(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL              -- JSON
        );
        CREATE TABLE users (
            id            TEXT PRIMARY KEY,  -- UUIDv7
            username      TEXT NOT NULL,
            username_key  TEXT NOT NULL UNIQUE,  -- NFC + casefold: 'HOÀ' and 'hoà' clash
            full_name     TEXT NOT NULL DEFAULT '',
            role          TEXT NOT NULL CHECK (role IN ('editor','chief','archivist','admin')),
            password_hash TEXT NOT NULL,
            active        INTEGER NOT NULL DEFAULT 1,
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE TABLE audit (
            seq       INTEGER PRIMARY KEY,   -- order of the chain
            at        TEXT NOT NULL,         -- UTC, ISO 8601
            actor     TEXT NOT NULL,         -- username or 'system'
            action    TEXT NOT NULL,         -- e.g. 'user.login', 'item.import'
            entity    TEXT NOT NULL DEFAULT '',
            entity_id TEXT NOT NULL DEFAULT '',
            detail    TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL UNIQUE,  -- UNIQUE: two writers can never fork the chain
            hash      TEXT NOT NULL
        );
        CREATE TABLE assets (
            sha256     TEXT PRIMARY KEY,
            ext        TEXT NOT NULL,
            size       INTEGER NOT NULL,
            kind       TEXT NOT NULL CHECK (kind IN ('audio','video','image','text')),
            created_at TEXT NOT NULL
        );
        -- A file being moved into the media store: committed before the move, removed with
        -- the asset row, so the recovery sweep finds files a crash left behind.
        CREATE TABLE store_intents (
            sha256     TEXT NOT NULL,
            ext        TEXT NOT NULL,
            pid        INTEGER NOT NULL,     -- the writer; a live one is left alone
            created_at TEXT NOT NULL,
            PRIMARY KEY (sha256, pid)
        );
        CREATE TABLE items (
            id           TEXT PRIMARY KEY,   -- UUIDv7
            kind         TEXT NOT NULL CHECK (kind IN ('audio','video','image','text')),
            title        TEXT NOT NULL,
            description  TEXT NOT NULL DEFAULT '',
            category     TEXT NOT NULL DEFAULT '',
            language     TEXT NOT NULL DEFAULT 'vi',
            asset_sha256 TEXT REFERENCES assets(sha256),
            duration_s   REAL,
            body         TEXT,               -- text bulletins and TTS transcripts
            created_at   TEXT NOT NULL,
            created_by   TEXT NOT NULL,
            updated_at   TEXT NOT NULL,
            rev          INTEGER NOT NULL DEFAULT 0,
            hlc          TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX items_created ON items(created_at);
        CREATE INDEX items_asset ON items(asset_sha256);
        """
    )


SCHEMA_VERSION = len(MIGRATIONS)
