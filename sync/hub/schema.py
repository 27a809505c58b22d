"""The hub's schema: SQLite (created in place, with the upgrades older hub files need) and
PostgreSQL (numbered migrations, run at start under an advisory lock)."""

from __future__ import annotations

import sqlite3
from typing import Any

SQLITE_SCHEMA = """
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
    expires_at  REAL NOT NULL,
    received    INTEGER NOT NULL DEFAULT 0, -- bytes stored (S3 media; a folder's file tells)
    state       TEXT NOT NULL DEFAULT '{}'  -- JSON: the S3 multipart upload and its parts
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


def upgrade_sqlite(conn: sqlite3.Connection) -> None:
    """What a hub.db from an older hub lacks."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(uploads)")}
    if "received" not in cols:
        conn.execute("ALTER TABLE uploads ADD COLUMN received INTEGER NOT NULL DEFAULT 0")
        conn.execute("ALTER TABLE uploads ADD COLUMN state TEXT NOT NULL DEFAULT '{}'")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM meta WHERE key = 'asset_owners'").fetchone() is None:
            # Before per-station media, only the first uploader was recorded: it owns it.
            conn.execute("INSERT OR IGNORE INTO asset_owners (sha256, station_id, granted_at)"
                         " SELECT sha256, committed_by, committed_at FROM assets"
                         " WHERE committed_by != 'province'")
            # A station whose later upload of the same bytes was taken as done announced
            # the file in its feed: its other workstations still need it. (Before, every
            # station could read every file, so this exposes nothing new.)
            conn.execute("INSERT OR IGNORE INTO asset_owners (sha256, station_id, granted_at)"
                         " SELECT e.entity_id, e.scope, a.committed_at FROM entities e"
                         " JOIN assets a ON a.sha256 = e.entity_id WHERE e.entity = 'asset'"
                         " AND e.owner = 'station' AND e.deleted = 0 AND e.scope != '*'")
            conn.execute("INSERT INTO meta (key, value) VALUES ('asset_owners', '1')")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# PostgreSQL: each step runs once, in order, in its own transaction; the version reached is
# kept in hub_schema. Never edit a step that has shipped: add the next one.
PG_MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE stations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, expires_at TEXT, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE mutations (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, received_at TEXT NOT NULL,
    result TEXT NOT NULL);
CREATE TABLE entities (
    scope TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
    owner TEXT NOT NULL CHECK (owner IN ('station','province')),
    data TEXT NOT NULL, field_hlc TEXT NOT NULL, hlc TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, seq BIGINT NOT NULL,
    pos BIGINT GENERATED ALWAYS AS IDENTITY,  -- the order rows first appeared (snapshots)
    PRIMARY KEY (scope, entity, entity_id));
CREATE UNIQUE INDEX entities_pos ON entities (scope, pos);
-- xid: the writing transaction; the feed serves in (xid, seq) order below the oldest
-- transaction still running, so a change committed late is never skipped.
CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    scope TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX changes_feed ON changes (scope, xid, seq);
CREATE TABLE conflicts (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, scope TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
    kept_value TEXT, kept_hlc TEXT NOT NULL, lost_value TEXT, lost_hlc TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE assets (
    sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL,
    mime TEXT NOT NULL DEFAULT 'application/octet-stream',
    committed_at TEXT NOT NULL, committed_by TEXT NOT NULL);
CREATE TABLE uploads (
    id TEXT PRIMARY KEY, station_id TEXT NOT NULL, length BIGINT NOT NULL,
    sha256 TEXT NOT NULL DEFAULT '', metadata TEXT NOT NULL DEFAULT '{}',
    created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
    received BIGINT NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT '{}');
CREATE INDEX uploads_key ON uploads (station_id, sha256, length);
CREATE TABLE relay_feeds (
    slug TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL);
CREATE TABLE relay_items (
    id TEXT PRIMARY KEY, feed TEXT NOT NULL REFERENCES relay_feeds(slug),
    title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', sha256 TEXT NOT NULL,
    size BIGINT NOT NULL, mime TEXT NOT NULL, ext TEXT NOT NULL DEFAULT '',
    duration_s DOUBLE PRECISION, category TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'normal', published_at TEXT NOT NULL);
CREATE INDEX relay_items_feed ON relay_items (feed, published_at);
CREATE INDEX relay_items_sha ON relay_items (sha256);
CREATE TABLE asset_owners (
    sha256 TEXT NOT NULL, station_id TEXT NOT NULL, granted_at TEXT NOT NULL,
    PRIMARY KEY (sha256, station_id));
CREATE TABLE retired_tokens (
    token_hash TEXT PRIMARY KEY, station_id TEXT NOT NULL, retired_at TEXT NOT NULL);
CREATE TABLE audit_anchors (
    station_id TEXT NOT NULL, workstation TEXT NOT NULL DEFAULT '', seq BIGINT NOT NULL,
    hash TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (station_id, workstation));
CREATE TABLE audit_flags (
    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, station_id TEXT NOT NULL,
    workstation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('shorter','rewritten')),
    anchor_seq BIGINT NOT NULL, anchor_hash TEXT NOT NULL, reported_seq BIGINT NOT NULL,
    reported_hash TEXT NOT NULL, message TEXT NOT NULL, first_at TEXT NOT NULL,
    last_at TEXT NOT NULL, times INTEGER NOT NULL DEFAULT 1, cleared_at TEXT,
    UNIQUE (station_id, workstation, kind, anchor_seq, reported_seq, reported_hash));
"""),
]


def migrate_postgres(conn: Any, lock_key: int) -> int:
    """Bring the database to the last migration; returns the version it is at. The session
    lock makes a second process starting at the same time wait, then find nothing to do."""
    conn.execute("SELECT pg_advisory_lock(%s)", [lock_key])
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL,"
                     " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        row = conn.execute("SELECT coalesce(max(version), 0) FROM hub_schema").fetchone()
        version = int(row[0])
        for number, ddl in PG_MIGRATIONS:
            if number <= version:
                continue
            with conn.transaction():
                conn.execute(ddl)
                conn.execute("INSERT INTO hub_schema (version) VALUES (%s)", [number])
            version = number
        return version
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", [lock_key])
