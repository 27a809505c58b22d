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
        CREATE INDEX audit_entity ON audit(entity, entity_id);
        CREATE TABLE assets (
            sha256             TEXT PRIMARY KEY,
            ext                TEXT NOT NULL,
            size               INTEGER NOT NULL,
            kind               TEXT NOT NULL CHECK (kind IN ('audio','video','image','text')),
            created_at         TEXT NOT NULL,
            format             TEXT NOT NULL DEFAULT '',  -- container, as ffmpeg names it
            codec              TEXT NOT NULL DEFAULT '',
            duration_s         REAL,
            sample_rate        INTEGER,
            channels           INTEGER,
            width              INTEGER,
            height             INTEGER,
            integrated_lufs    REAL,
            lra_lu             REAL,
            true_peak_dbtp     REAL,
            sample_peak_dbfs   REAL,
            leading_silence_s  REAL,
            trailing_silence_s REAL,
            embedded_tags      TEXT NOT NULL DEFAULT '{}',  -- JSON: mutagen tags, BWF bext
            analyzed_at        TEXT
        );
        -- Waveform peaks and preview pictures, kept apart so listing assets stays light.
        CREATE TABLE asset_peaks (
            sha256 TEXT PRIMARY KEY REFERENCES assets(sha256) ON DELETE CASCADE,
            data   BLOB NOT NULL
        );
        CREATE TABLE asset_previews (
            sha256 TEXT PRIMARY KEY REFERENCES assets(sha256) ON DELETE CASCADE,
            mime   TEXT NOT NULL,
            data   BLOB NOT NULL                 -- a poster frame or thumbnail, JPEG/PNG
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
            id             TEXT PRIMARY KEY,   -- UUIDv7
            kind           TEXT NOT NULL CHECK (kind IN ('audio','video','image','text')),
            title          TEXT NOT NULL,
            description    TEXT NOT NULL DEFAULT '',
            series         TEXT NOT NULL DEFAULT '',   -- programme or series
            category       TEXT NOT NULL DEFAULT '',
            tags           TEXT NOT NULL DEFAULT '',   -- comma-separated, as typed
            language       TEXT NOT NULL DEFAULT 'vi', -- BCP 47: vi, and e.g. hmn, tay, km
            speaker        TEXT NOT NULL DEFAULT '',   -- speaker / author
            recorded_on    TEXT,                       -- date, yyyy-mm-dd
            first_aired_at TEXT,
            last_aired_at  TEXT,
            rights         TEXT NOT NULL DEFAULT '',
            retention      TEXT NOT NULL DEFAULT 'standard',
            notes          TEXT NOT NULL DEFAULT '',
            source_name    TEXT NOT NULL DEFAULT '',   -- the imported file's name
            asset_sha256   TEXT REFERENCES assets(sha256),
            duration_s     REAL,
            gain_db        REAL,                       -- loudness normalisation for air
            body           TEXT,                       -- text bulletins and TTS transcripts
            created_at     TEXT NOT NULL,
            created_by     TEXT NOT NULL,
            updated_at     TEXT NOT NULL,
            rev            INTEGER NOT NULL DEFAULT 0,
            hlc            TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX items_created ON items(created_at);
        CREATE INDEX items_asset ON items(asset_sha256);
        CREATE INDEX items_category ON items(category, created_at);
        """
    )


@migration
def m0002_archive_care(db: sqlite_utils.Database) -> None:
    """Legal hold on items (never purged while set) and an index for the retention sweep."""
    db.executescript(
        """
        ALTER TABLE items ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE items ADD COLUMN legal_hold_reason TEXT NOT NULL DEFAULT '';
        CREATE INDEX items_retention ON items(retention, last_aired_at, created_at);
        """
    )


SCHEMA_VERSION = len(MIGRATIONS)
