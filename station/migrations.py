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


@migration
def m0003_search(db: sqlite_utils.Database) -> None:
    """The library's search side (station/search/__init__.py explains the design and the figures).

    search_docs: one narrow row per item (doc = the FTS rowid, in insertion order) with what
    filters and sorts read; search_fts: a contentless FTS5 index over the folded text;
    saved_searches. Triggers on items keep both in step with every writer, in plain SQL:
    the tokenizer strips marks and folds case, the triggers fold the letters it keeps (đ).
    """

    def fold(expr: str) -> str:
        # Keep in step with station.text.LETTERS; changing it needs a reindex.
        for letter, plain in (("đ", "d"), ("Đ", "d"), ("Ð", "d"), ("ð", "d"), ("ß", "ss"),
                              ("ẞ", "ss")):
            expr = f"replace({expr}, '{letter}', '{plain}')"
        return expr

    def columns(row: str) -> str:
        title = fold(f"{row}.title")
        meta = fold(f"{row}.series || ' ' || {row}.speaker || ' ' || {row}.tags || ' ' || "
                    f"{row}.category || ' ' || {row}.source_name")
        text = fold(f"{row}.description || ' ' || coalesce({row}.body, '') || ' ' || {row}.notes")
        return f"{title}, {meta}, {text}"

    doc_columns = ("item_id, created_at, kind, category, language, duration_s, aired, retention,"
                   " recorded_on")

    def doc_values(row: str) -> str:
        return (f"{row}.id, {row}.created_at, {row}.kind, {row}.category, {row}.language, "
                f"{row}.duration_s, {row}.first_aired_at IS NOT NULL, {row}.retention, "
                f"{row}.recorded_on")

    indexed = "title, description, series, category, tags, speaker, source_name, body, notes"
    old_text = ", ".join(f"OLD.{c}" for c in indexed.split(", "))
    new_text = ", ".join(f"NEW.{c}" for c in indexed.split(", "))
    db.executescript(
        f"""
        CREATE TABLE search_docs (
            doc         INTEGER PRIMARY KEY,     -- the FTS rowid; insertion order
            item_id     TEXT NOT NULL UNIQUE,    -- items.id (items.rowid may change on VACUUM)
            created_at  TEXT NOT NULL,
            kind        TEXT NOT NULL,
            category    TEXT NOT NULL,
            language    TEXT NOT NULL,
            duration_s  REAL,
            aired       INTEGER NOT NULL,        -- items.first_aired_at IS NOT NULL
            retention   TEXT NOT NULL,
            recorded_on TEXT,
            title_key   TEXT                     -- folding.sort_key(title); NULL: not yet made
        );
        CREATE INDEX search_docs_created ON search_docs(created_at);
        CREATE INDEX search_docs_title ON search_docs(title_key);
        CREATE INDEX search_docs_duration ON search_docs(duration_s);
        CREATE VIRTUAL TABLE search_fts USING fts5(
            title, meta, text,
            content = '', columnsize = 0, detail = full,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TABLE saved_searches (
            id         TEXT PRIMARY KEY,         -- UUIDv7
            name       TEXT NOT NULL,
            name_key   TEXT NOT NULL UNIQUE,     -- folded: one 'Hoà Bình' per station
            query      TEXT NOT NULL DEFAULT '',
            filters    TEXT NOT NULL DEFAULT '{{}}',  -- JSON, search.SearchFilters
            sort       TEXT NOT NULL DEFAULT 'rank',
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TRIGGER search_item_insert AFTER INSERT ON items BEGIN
            INSERT INTO search_docs ({doc_columns}) VALUES ({doc_values("NEW")});
            INSERT INTO search_fts (rowid, title, meta, text)
                VALUES (last_insert_rowid(), {columns("NEW")});
        END;
        CREATE TRIGGER search_item_delete AFTER DELETE ON items BEGIN
            INSERT INTO search_fts (search_fts, rowid, title, meta, text)
                SELECT 'delete', doc, {columns("OLD")} FROM search_docs WHERE item_id = OLD.id;
            DELETE FROM search_docs WHERE item_id = OLD.id;
        END;
        CREATE TRIGGER search_item_text AFTER UPDATE OF {indexed} ON items
        WHEN ({old_text}) IS NOT ({new_text}) BEGIN
            INSERT INTO search_fts (search_fts, rowid, title, meta, text)
                SELECT 'delete', doc, {columns("OLD")} FROM search_docs WHERE item_id = OLD.id;
            INSERT INTO search_fts (rowid, title, meta, text)
                SELECT doc, {columns("NEW")} FROM search_docs WHERE item_id = OLD.id;
        END;
        CREATE TRIGGER search_item_facets AFTER UPDATE OF
            id, title, created_at, kind, category, language, duration_s, first_aired_at,
            retention, recorded_on ON items BEGIN
            UPDATE search_docs SET ({doc_columns}) = ({doc_values("NEW")}),
                title_key = CASE WHEN OLD.title IS NEW.title THEN title_key END
                WHERE item_id = OLD.id;
        END;

        INSERT INTO search_docs ({doc_columns}) SELECT {doc_values("items")} FROM items
            ORDER BY created_at, rowid;
        INSERT INTO search_fts (rowid, title, meta, text)
            SELECT d.doc, {columns("items")} FROM items JOIN search_docs d ON d.item_id = items.id;
        """
    )


@migration
def m0004_schedule(db: sqlite_utils.Database) -> None:
    """Broadcast schedules (revisions of a period, their sessions and slots), the chief's
    reviews, week templates, rules, emergency bulletins and the as-run log.

    Slots point at items WITHOUT ON DELETE CASCADE: the purge keeps items a schedule uses.
    Times are UTC ISO text; local days and clock times are computed in the station's zone.
    """
    db.executescript(
        """
        CREATE TABLE schedules (
            id             TEXT PRIMARY KEY,    -- UUIDv7 of this revision
            series_id      TEXT NOT NULL,       -- the id of revision 1: one series per period
            revision       INTEGER NOT NULL,
            base_id        TEXT REFERENCES schedules(id),  -- the approved revision it revises
            period_start   TEXT NOT NULL,       -- local date yyyy-mm-dd (a Monday for a week)
            period_days    INTEGER NOT NULL,
            title          TEXT NOT NULL DEFAULT '',
            status         TEXT NOT NULL CHECK (status IN ('draft','submitted','approved',
                                                'rejected','published','superseded')),
            version        INTEGER NOT NULL DEFAULT 1,  -- optimistic concurrency
            created_at     TEXT NOT NULL,
            created_by     TEXT NOT NULL,
            updated_at     TEXT NOT NULL,
            updated_by     TEXT NOT NULL,
            submitted_at   TEXT,
            submitted_by   TEXT,
            decided_at     TEXT,
            decided_by     TEXT,
            comment        TEXT NOT NULL DEFAULT '',
            sealed_content TEXT,                -- canonical JSON of what was approved
            seal           TEXT,                -- SHA-256 of content, approver and time
            published_at   TEXT,
            published_by   TEXT,
            rev            INTEGER NOT NULL DEFAULT 0,
            hlc            TEXT NOT NULL DEFAULT '',
            UNIQUE (series_id, revision)
        );
        CREATE INDEX schedules_period ON schedules(period_start, status);
        CREATE TABLE schedule_sessions (
            id          TEXT PRIMARY KEY,
            schedule_id TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
            key         TEXT NOT NULL,          -- the same session across revisions
            starts_at   TEXT NOT NULL,          -- UTC ISO
            ends_at     TEXT NOT NULL,          -- UTC ISO; may be on the next local day
            title       TEXT NOT NULL DEFAULT '',
            UNIQUE (schedule_id, key)
        );
        CREATE INDEX schedule_sessions_time ON schedule_sessions(schedule_id, starts_at);
        CREATE TABLE schedule_slots (
            id           TEXT PRIMARY KEY,
            session_id   TEXT NOT NULL REFERENCES schedule_sessions(id) ON DELETE CASCADE,
            key          TEXT NOT NULL,         -- the same slot across revisions (diff)
            position     INTEGER NOT NULL,
            kind         TEXT NOT NULL CHECK (kind IN ('item','bulletin','programme','relay',
                                                       'live')),
            item_id      TEXT REFERENCES items(id),
            programme_id TEXT,
            priority     TEXT NOT NULL DEFAULT 'normal'
                         CHECK (priority IN ('normal','priority','emergency')),
            title        TEXT NOT NULL DEFAULT '',  -- as placed: kept if the item goes
            planned_s    REAL,                  -- fixed length: a live window, a capped slot
            relay_ref    TEXT,                  -- the relay feed item (guid or URL)
            stream_url   TEXT,                  -- a live stream window
            note         TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX schedule_slots_session ON schedule_slots(session_id, position);
        CREATE INDEX schedule_slots_item ON schedule_slots(item_id);
        CREATE INDEX schedule_slots_relay ON schedule_slots(relay_ref);
        CREATE TABLE schedule_reviews (
            id           TEXT PRIMARY KEY,
            schedule_id  TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
            submitted_at TEXT NOT NULL,
            submitted_by TEXT NOT NULL,
            decided_at   TEXT,
            decided_by   TEXT,
            decision     TEXT CHECK (decision IN ('approved','rejected','withdrawn')),
            comment      TEXT NOT NULL DEFAULT '',
            seal         TEXT
        );
        CREATE INDEX schedule_reviews_schedule ON schedule_reviews(schedule_id, submitted_at);
        CREATE INDEX schedule_reviews_decided ON schedule_reviews(decided_at);
        CREATE TABLE schedule_templates (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            name_key   TEXT NOT NULL UNIQUE,    -- NFC + casefold
            body       TEXT NOT NULL,           -- JSON: the week's clocks
            version    INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rev        INTEGER NOT NULL DEFAULT 0,
            hlc        TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE schedule_rules (
            id         TEXT PRIMARY KEY,
            province   TEXT NOT NULL DEFAULT '',  -- '' : the station's own rule
            kind       TEXT NOT NULL,
            params     TEXT NOT NULL DEFAULT '{}',  -- JSON
            note       TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            rev        INTEGER NOT NULL DEFAULT 0,
            hlc        TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX schedule_rules_province ON schedule_rules(province);
        CREATE TABLE schedule_emergencies (
            id           TEXT PRIMARY KEY,
            item_id      TEXT REFERENCES items(id),
            title        TEXT NOT NULL,
            reason       TEXT NOT NULL,
            started_at   TEXT NOT NULL,
            started_by   TEXT NOT NULL,
            status       TEXT NOT NULL CHECK (status IN ('pending','confirmed','cancelled')),
            confirmed_at TEXT,
            confirmed_by TEXT,
            rev          INTEGER NOT NULL DEFAULT 0,
            hlc          TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE asrun (
            id          TEXT PRIMARY KEY,
            aired_at    TEXT NOT NULL,          -- UTC ISO
            duration_s  REAL,
            item_id     TEXT,                   -- no foreign key: the log outlives a purge
            title       TEXT NOT NULL DEFAULT '',
            source      TEXT NOT NULL DEFAULT 'playout',
            relay_ref   TEXT,
            stream_url  TEXT,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            dedupe      TEXT NOT NULL UNIQUE,   -- the same log imported twice adds nothing
            rev         INTEGER NOT NULL DEFAULT 0,
            hlc         TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX asrun_time ON asrun(aired_at);
        CREATE INDEX asrun_item ON asrun(item_id);
        """
    )


@migration
def m0005_sync(db: sqlite_utils.Database) -> None:
    """Sync with the provincial hub (sync/): the outbox written with each change, the last
    state agreed with the hub per entity (to find edits not yet recorded and same-field
    clashes), uploads and downloads that resume, kept conflicts, and relay feeds."""
    db.executescript(
        """
        CREATE TABLE sync_outbox (
            seq        INTEGER PRIMARY KEY,
            id         TEXT NOT NULL UNIQUE,     -- the mutation's UUIDv7: the hub dedupes by it
            entity     TEXT NOT NULL,            -- 'item', 'asset', 'schedule', ...
            entity_id  TEXT NOT NULL,
            op         TEXT NOT NULL CHECK (op IN ('upsert','delete')),
            fields     TEXT NOT NULL DEFAULT '{}',  -- JSON: the changed fields and values
            hlc        TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sync_outbox_entity ON sync_outbox(entity, entity_id);
        -- What the hub and this station last agreed on, per entity: JSON of field values and
        -- of each field's HLC.
        CREATE TABLE sync_shadow (
            entity    TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            fields    TEXT NOT NULL,
            field_hlc TEXT NOT NULL DEFAULT '{}',
            deleted   INTEGER NOT NULL DEFAULT 0,
            rev       INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity, entity_id)
        );
        CREATE TABLE sync_state (
            key   TEXT PRIMARY KEY,              -- 'cursor', 'hlc', 'station_id', ...
            value TEXT NOT NULL
        );
        CREATE TABLE sync_uploads (
            sha256      TEXT PRIMARY KEY,
            size        INTEGER NOT NULL,
            upload_url  TEXT,                    -- stored before any byte is sent
            hub         TEXT NOT NULL DEFAULT '',
            status      TEXT NOT NULL CHECK (status IN ('pending','uploading','committed')),
            bytes_sent  INTEGER NOT NULL DEFAULT 0,  -- what crossed the link, all attempts
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            last_error  TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE sync_downloads (
            sha256     TEXT PRIMARY KEY,
            ext        TEXT NOT NULL,
            size       INTEGER NOT NULL,
            status     TEXT NOT NULL CHECK (status IN ('pending','done','failed')),
            attempts   INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT ''
        );
        -- Same-field clashes: the later value (by HLC) won; the other is kept to be shown.
        CREATE TABLE sync_conflicts (
            id          TEXT PRIMARY KEY,
            entity      TEXT NOT NULL,
            entity_id   TEXT NOT NULL,
            field       TEXT NOT NULL,
            kept_value  TEXT,                    -- JSON
            kept_hlc    TEXT NOT NULL,
            lost_value  TEXT,                    -- JSON
            lost_hlc    TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            resolved_at TEXT,
            UNIQUE (entity, entity_id, field, lost_hlc)
        );
        CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved_at, entity, entity_id);
        -- Province-owned rows that have no table of their own yet (reviews, bulletins...).
        CREATE TABLE sync_remote (
            entity    TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            data      TEXT NOT NULL,
            deleted   INTEGER NOT NULL DEFAULT 0,
            rev       INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity, entity_id)
        );
        CREATE TABLE relay_feeds (
            id              TEXT PRIMARY KEY,
            url             TEXT NOT NULL UNIQUE,
            title           TEXT NOT NULL DEFAULT '',
            category        TEXT NOT NULL DEFAULT '',
            etag            TEXT NOT NULL DEFAULT '',
            last_modified   TEXT NOT NULL DEFAULT '',
            last_checked_at TEXT,
            last_error      TEXT NOT NULL DEFAULT '',
            active          INTEGER NOT NULL DEFAULT 1,
            created_at      TEXT NOT NULL
        );
        CREATE TABLE relay_entries (
            feed_id      TEXT NOT NULL REFERENCES relay_feeds(id) ON DELETE CASCADE,
            guid         TEXT NOT NULL,
            title        TEXT NOT NULL DEFAULT '',
            summary      TEXT NOT NULL DEFAULT '',
            url          TEXT NOT NULL,           -- the enclosure
            mime         TEXT NOT NULL DEFAULT '',
            length       INTEGER,                 -- as the feed declares it
            sha256       TEXT,                    -- as the feed declares it, if it does
            published_at TEXT,
            status       TEXT NOT NULL CHECK (status IN ('pending','imported','failed')),
            item_id      TEXT,
            attempts     INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT NOT NULL DEFAULT '',
            created_at   TEXT NOT NULL,
            PRIMARY KEY (feed_id, guid)
        );
        CREATE INDEX relay_entries_status ON relay_entries(status);
        """
    )


@migration
def m0006_recording(db: sqlite_utils.Database) -> None:
    """Recordings: takes, their markers, and unattended recording rules."""
    db.executescript(
        """
        CREATE TABLE takes (
            id            TEXT PRIMARY KEY,      -- UUIDv7, also the journal folder's name
            state         TEXT NOT NULL CHECK (state IN ('recording','finished','recovered',
                                                         'failed')),
            title         TEXT NOT NULL DEFAULT '',
            category      TEXT NOT NULL DEFAULT '',
            description   TEXT NOT NULL DEFAULT '',
            device        TEXT NOT NULL DEFAULT '',
            sample_rate   INTEGER NOT NULL,
            channels      INTEGER NOT NULL,
            sample_format TEXT NOT NULL,
            started_at    TEXT NOT NULL,         -- UTC, ISO 8601
            duration_s    REAL,                  -- what was kept
            journal_path  TEXT NOT NULL,
            item_id       TEXT REFERENCES items(id) ON DELETE SET NULL,
            ended_reason  TEXT NOT NULL DEFAULT '',  -- done, stopped, device_lost, disk_full...
            error         TEXT NOT NULL DEFAULT '',
            dropped_frames INTEGER NOT NULL DEFAULT 0,
            pid           INTEGER NOT NULL DEFAULT 0,  -- the recording process
            created_by    TEXT NOT NULL DEFAULT '',
            finished_at   TEXT,
            reported      INTEGER NOT NULL DEFAULT 0   -- a recovery the user has been told of
        );
        CREATE INDEX takes_state ON takes(state);
        CREATE INDEX takes_item ON takes(item_id);
        CREATE TABLE take_markers (
            id       INTEGER PRIMARY KEY,
            take_id  TEXT NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,             -- sample frames from the start of the take
            label    TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX take_markers_take ON take_markers(take_id, position);
        """
    )


@migration
def m0007_edits(db: sqlite_utils.Database) -> None:
    """Non-destructive edit lists with undo/redo, and the lineage of rendered assets."""
    db.executescript(
        """
        -- One editing project per source item being edited; 'position' is the undo pointer:
        -- the number of steps applied (steps past it are the redo branch).
        CREATE TABLE edit_projects (
            id          TEXT PRIMARY KEY,        -- UUIDv7
            item_id     TEXT NOT NULL,           -- the item this project edits
            title       TEXT NOT NULL DEFAULT '',
            sample_rate INTEGER NOT NULL,        -- positions are samples at this rate
            channels    INTEGER NOT NULL,
            initial     TEXT NOT NULL,           -- JSON: the edit list before any step
            position    INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        CREATE INDEX edit_projects_item ON edit_projects(item_id, updated_at);
        -- Each operation, with the timeline it produced (JSON clips): undo and redo move the
        -- pointer only, so they are exact and survive a restart.
        CREATE TABLE edit_steps (
            project_id TEXT NOT NULL REFERENCES edit_projects(id) ON DELETE CASCADE,
            seq        INTEGER NOT NULL,         -- 1, 2, ...
            op         TEXT NOT NULL,            -- 'cut', 'paste', 'fade_in', ...
            params     TEXT NOT NULL,            -- JSON
            timeline   TEXT NOT NULL,            -- JSON: the clips after this step
            at         TEXT NOT NULL,
            actor      TEXT NOT NULL,
            PRIMARY KEY (project_id, seq)
        );
        -- What each user's clipboard holds (copy/cut): paste works across projects and restarts.
        CREATE TABLE edit_clipboard (
            actor    TEXT PRIMARY KEY,
            clips    TEXT NOT NULL,              -- JSON clips
            at       TEXT NOT NULL
        );
        -- Lineage of rendered items: an edit or a programme, made from source items.
        CREATE TABLE renders (
            item_id      TEXT PRIMARY KEY,       -- the new item
            asset_sha256 TEXT NOT NULL,
            kind         TEXT NOT NULL CHECK (kind IN ('edit','programme')),
            origin_id    TEXT NOT NULL,          -- edit project or programme id
            chapters     TEXT NOT NULL DEFAULT '[]',  -- JSON [[seconds, name], ...]
            created_at   TEXT NOT NULL,
            created_by   TEXT NOT NULL
        );
        CREATE INDEX renders_origin ON renders(origin_id);
        CREATE TABLE render_sources (
            item_id        TEXT NOT NULL REFERENCES renders(item_id) ON DELETE CASCADE,
            position       INTEGER NOT NULL,
            source_item_id TEXT NOT NULL,
            PRIMARY KEY (item_id, position)
        );
        CREATE INDEX render_sources_source ON render_sources(source_item_id);
        """
    )


@migration
def m0008_programmes(db: sqlite_utils.Database) -> None:
    """Programme rundowns and their templates.

    Segments point at items WITHOUT ON DELETE CASCADE, like schedule slots: the purge keeps
    what a rundown uses. ``version`` is the optimistic-concurrency counter of the rundown;
    ``rendered_version`` the version that was rendered (different: the render is stale).
    """
    db.executescript(
        """
        CREATE TABLE programmes (
            id               TEXT PRIMARY KEY,    -- UUIDv7
            title            TEXT NOT NULL,
            target_s         REAL,                -- the length it must fill; NULL: none
            notes            TEXT NOT NULL DEFAULT '',
            template_id      TEXT,                -- the template it was made from, if any
            version          INTEGER NOT NULL DEFAULT 1,
            rendered_item_id TEXT REFERENCES items(id),
            rendered_version INTEGER,
            rendered_at      TEXT,
            created_at       TEXT NOT NULL,
            created_by       TEXT NOT NULL,
            updated_at       TEXT NOT NULL,
            updated_by       TEXT NOT NULL,
            rev              INTEGER NOT NULL DEFAULT 0,
            hlc              TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX programmes_updated ON programmes(updated_at);
        CREATE TABLE programme_segments (
            id           TEXT PRIMARY KEY,
            programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            kind         TEXT NOT NULL CHECK (kind IN ('jingle','link','news','interview','bed',
                                                       'tts','relay')),
            title        TEXT NOT NULL DEFAULT '',
            item_id      TEXT REFERENCES items(id),
            planned_s    REAL,                -- the slot's length before an item is chosen
            trim_in_s    REAL NOT NULL DEFAULT 0,
            trim_out_s   REAL,                -- NULL: to the end of the item
            segue        TEXT NOT NULL DEFAULT 'butt'
                         CHECK (segue IN ('butt','crossfade','overlap')),
            segue_s      REAL NOT NULL DEFAULT 0,  -- how this one overlaps the one before
            bed_under    INTEGER NOT NULL DEFAULT 0,  -- a bed: how many segments it runs under
            bed_lead_s   REAL NOT NULL DEFAULT 0,  -- a bed: seconds alone before the voice
            duck_db      REAL NOT NULL DEFAULT -15,
            tts_text     TEXT,                -- a TTS bulletin spoken at render
            tts_voice    TEXT NOT NULL DEFAULT 'bac',
            tts_rate     REAL NOT NULL DEFAULT 1.0,
            tts_pitch    REAL NOT NULL DEFAULT 1.0,
            spoken_s     REAL,                -- the TTS length measured at the last render
            rev          INTEGER NOT NULL DEFAULT 0,
            hlc          TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX programme_segments_order ON programme_segments(programme_id, position);
        CREATE INDEX programme_segments_item ON programme_segments(item_id);
        CREATE TABLE programme_templates (
            id         TEXT PRIMARY KEY,
            name       TEXT NOT NULL,
            name_key   TEXT NOT NULL UNIQUE,    -- NFC + casefold
            target_s   REAL,
            body       TEXT NOT NULL,           -- JSON: the slots
            version    INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rev        INTEGER NOT NULL DEFAULT 0,
            hlc        TEXT NOT NULL DEFAULT ''
        );
        """
    )


@migration
def m0009_playout(db: sqlite_utils.Database) -> None:
    """On-air playout: its persistent state, so a restart rejoins the schedule."""
    db.executescript(
        """
        -- What playout adds to each airing: the planned start, the end, the exact file
        -- (hash), where it came from and what interrupted it.
        ALTER TABLE asrun ADD COLUMN scheduled_at TEXT;   -- UTC ISO, the planned start
        ALTER TABLE asrun ADD COLUMN ended_at TEXT;       -- UTC ISO, NULL while on air
        ALTER TABLE asrun ADD COLUMN sha256 TEXT;         -- the file that played
        ALTER TABLE asrun ADD COLUMN kind TEXT NOT NULL DEFAULT 'scheduled';
                                                          -- scheduled, added, emergency, filler
        ALTER TABLE asrun ADD COLUMN schedule_id TEXT;
        ALTER TABLE asrun ADD COLUMN slot_key TEXT;       -- or the emergency bulletin's id
        ALTER TABLE asrun ADD COLUMN offset_s REAL;       -- joined this far in (after a restart)
        ALTER TABLE asrun ADD COLUMN interruptions TEXT NOT NULL DEFAULT '[]';  -- JSON list
        CREATE INDEX asrun_open ON asrun(ended_at) WHERE ended_at IS NULL;
        CREATE TABLE playout_state (
            key        TEXT PRIMARY KEY,                  -- 'engine'
            value      TEXT NOT NULL,                     -- JSON
            updated_at TEXT NOT NULL
        );
        """
    )


@migration
def m0010_sync_more(db: sqlite_utils.Database) -> None:
    """Sync of schedules and as-run logs, bundles for sneakernet."""


@migration
def m0011_recording_rules(db: sqlite_utils.Database) -> None:
    """Unattended recordings at set times from a device or a stream URL.

    Start times are wall-clock times in the station's zone (a rule for 06:00 stays at 06:00
    whatever the zone's offset); runs store UTC instants. A run row is written when a run
    starts or is found missed, so the log shows every window exactly once per attempt.
    """
    db.executescript(
        """
        CREATE TABLE recording_rules (
            id          TEXT PRIMARY KEY,      -- UUIDv7
            title       TEXT NOT NULL,
            source      TEXT NOT NULL,         -- an input device's name, or a stream URL
            repeat      TEXT NOT NULL CHECK (repeat IN ('daily','weekdays','once')),
            on_date     TEXT,                  -- yyyy-mm-dd, for 'once'
            start_time  TEXT NOT NULL,         -- HH:MM:SS, station time
            duration_s  REAL NOT NULL CHECK (duration_s > 0 AND duration_s <= 86400),
            category    TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            enabled     INTEGER NOT NULL DEFAULT 1,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            CHECK ((repeat = 'once') = (on_date IS NOT NULL))
        );
        CREATE TABLE recording_runs (
            id            TEXT PRIMARY KEY,    -- UUIDv7
            rule_id       TEXT NOT NULL REFERENCES recording_rules(id) ON DELETE CASCADE,
            planned_start TEXT NOT NULL,       -- UTC ISO: the window's start
            started_at    TEXT,                -- UTC ISO; later than planned when late
            ended_at      TEXT,
            item_id       TEXT,                -- no foreign key: the log outlives a purge
            status        TEXT NOT NULL CHECK (status IN ('running','done','partial',
                                                          'failed','missed')),
            error         TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX recording_runs_rule ON recording_runs(rule_id, planned_start);
        CREATE INDEX recording_runs_started ON recording_runs(started_at);
        """
    )


@migration
def m0012_province_reviews(db: sqlite_utils.Database) -> None:
    """Rows the province owns, pulled from the hub (station/province.py): mandatory
    bulletins (each one a text item with the same id, which never goes up) and the
    province's reviews of this station's schedules and items."""
    db.executescript(
        """
        CREATE TABLE province_bulletins (
            id         TEXT PRIMARY KEY,       -- the hub's id, and the id of its text item
            priority   TEXT NOT NULL DEFAULT 'normal'
                       CHECK (priority IN ('normal','priority','emergency')),
            valid_from TEXT,                   -- yyyy-mm-dd, station date; NULL: open
            valid_to   TEXT,
            retired    INTEGER NOT NULL DEFAULT 0,  -- deleted at the hub
            rev        INTEGER NOT NULL DEFAULT 0,  -- the hub's seq of the state held
            updated_at TEXT NOT NULL
        );
        CREATE TABLE province_reviews (
            id            TEXT PRIMARY KEY,
            target_entity TEXT NOT NULL,       -- 'schedule', 'item', ...
            target_id     TEXT NOT NULL,
            verdict       TEXT NOT NULL,       -- 'approved', 'changes_requested', 'note'
            comment       TEXT NOT NULL DEFAULT '',
            reviewer      TEXT NOT NULL DEFAULT '',
            reviewed_at   TEXT NOT NULL,
            deleted       INTEGER NOT NULL DEFAULT 0,
            rev           INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX province_reviews_target ON province_reviews(target_entity, target_id);
        """
    )


@migration
def m0013_weekly_recording_rules(db: sqlite_utils.Database) -> None:
    """Recording rules may repeat weekly, and any rule may name its first day (the day of
    its first window; for 'weekly' also its weekday). A CHECK cannot be altered, so both
    tables are rebuilt; the runs table first points at the new rules table, so dropping
    the old one cascades to nothing (foreign keys stay on inside the transaction)."""
    db.executescript(
        """
        CREATE TABLE recording_rules_new (
            id          TEXT PRIMARY KEY,      -- UUIDv7
            title       TEXT NOT NULL,
            source      TEXT NOT NULL,         -- an input device's name, or a stream URL
            repeat      TEXT NOT NULL CHECK (repeat IN ('daily','weekdays','weekly','once')),
            on_date     TEXT,                  -- yyyy-mm-dd: the first day (required for
                                               -- 'once' and 'weekly')
            start_time  TEXT NOT NULL,         -- HH:MM:SS, station time
            duration_s  REAL NOT NULL CHECK (duration_s > 0 AND duration_s <= 86400),
            category    TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            enabled     INTEGER NOT NULL DEFAULT 1,
            created_at  TEXT NOT NULL,
            created_by  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            CHECK (repeat IN ('daily','weekdays') OR on_date IS NOT NULL)
        );
        INSERT INTO recording_rules_new SELECT id, title, source, repeat, on_date, start_time,
            duration_s, category, description, enabled, created_at, created_by, updated_at
            FROM recording_rules;
        CREATE TABLE recording_runs_new (
            id            TEXT PRIMARY KEY,    -- UUIDv7
            rule_id       TEXT NOT NULL REFERENCES recording_rules_new(id) ON DELETE CASCADE,
            planned_start TEXT NOT NULL,       -- UTC ISO: the window's start
            started_at    TEXT,                -- UTC ISO; later than planned when late,
                                               -- earlier when armed ahead
            ended_at      TEXT,
            item_id       TEXT,                -- no foreign key: the log outlives a purge
            status        TEXT NOT NULL CHECK (status IN ('running','done','partial',
                                                          'failed','missed')),
            error         TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO recording_runs_new SELECT id, rule_id, planned_start, started_at,
            ended_at, item_id, status, error FROM recording_runs;
        DROP TABLE recording_runs;
        DROP TABLE recording_rules;
        ALTER TABLE recording_rules_new RENAME TO recording_rules;
        ALTER TABLE recording_runs_new RENAME TO recording_runs;
        CREATE INDEX recording_runs_rule ON recording_runs(rule_id, planned_start);
        CREATE INDEX recording_runs_started ON recording_runs(started_at);
        """
    )


@migration
def m0014_item_bin(db: sqlite_utils.Database) -> None:
    """The library's bin (station/library/bin.py): a deleted item waits here, out of search
    and pickers, until it is restored or the bin is emptied. Its row goes with the item."""
    db.executescript(
        """
        CREATE TABLE item_bin (
            item_id    TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            binned_at  TEXT NOT NULL,         -- UTC ISO
            binned_by  TEXT NOT NULL
        );
        CREATE INDEX item_bin_at ON item_bin(binned_at);
        """
    )


@migration
def m0015_login_delay(db: sqlite_utils.Database) -> None:
    """Failed logins in a row per name typed (station/users.py): the delay survives a
    restart."""
    db.executescript(
        """
        CREATE TABLE login_failures (
            username_key TEXT PRIMARY KEY,  -- folded as users.username_key; any name typed
            failures     INTEGER NOT NULL,  -- in a row since the last success
            last_at      TEXT NOT NULL      -- UTC ISO: the last failure
        );
        """
    )


@migration
def m0016_province_relay_feeds(db: sqlite_utils.Database) -> None:
    """A relay feed the province's hub publishes (sync/province_relay.py) keeps the hub's
    name for it: such a feed is the province's, shown as such and not removable here."""
    db.executescript(
        """
        ALTER TABLE relay_feeds ADD COLUMN province_feed TEXT;  -- the hub's slug, or NULL
        CREATE UNIQUE INDEX relay_feeds_province ON relay_feeds(province_feed)
            WHERE province_feed IS NOT NULL;
        """
    )


@migration
def m0017_relay_feed_rules(db: sqlite_utils.Database) -> None:
    """Outside relay feeds (sync/feeds.py): how many of the newest episodes a feed keeps, the
    last refresh's result, and each episode's Podcasting 2.0 transcript."""
    db.executescript(
        """
        ALTER TABLE relay_feeds ADD COLUMN keep INTEGER NOT NULL DEFAULT 10;
        ALTER TABLE relay_feeds ADD COLUMN last_result TEXT NOT NULL DEFAULT '{}';  -- JSON
        ALTER TABLE relay_entries ADD COLUMN transcript_url TEXT NOT NULL DEFAULT '';
        ALTER TABLE relay_entries ADD COLUMN transcript_type TEXT NOT NULL DEFAULT '';
        CREATE INDEX relay_entries_url ON relay_entries(feed_id, url);
        """
    )


@migration
def m0018_relay_rules(db: sqlite_utils.Database) -> None:
    """A relay slot's rule for which episode of its feed plays (station/schedule/relay.py),
    and why an airing went otherwise than planned (a relay that had nothing to play)."""
    db.executescript(
        """
        ALTER TABLE schedule_slots ADD COLUMN relay_rule TEXT NOT NULL DEFAULT '';
        ALTER TABLE asrun ADD COLUMN reason TEXT NOT NULL DEFAULT '';  -- JSON {code, params}
        """
    )


@migration
def m0019_signing_keys(db: sqlite_utils.Database) -> None:
    """Signed approvals (station/keys.py, station/schedule/signing.py): every user's Ed25519
    keys, kept by id and version (a retired key's public half still verifies old approvals),
    and each approval's signature over the exact bytes it signed."""
    db.executescript(
        """
        CREATE TABLE user_keys (
            id             TEXT PRIMARY KEY,      -- UUIDv7
            user_id        TEXT NOT NULL REFERENCES users(id),
            version        INTEGER NOT NULL,      -- 1, 2, ... per user
            public_key     TEXT NOT NULL,         -- base64, raw Ed25519 (32 bytes)
            sealed_private TEXT,                  -- JSON (scrypt + ChaCha20-Poly1305); NULL once retired
            created_at     TEXT NOT NULL,
            retired_at     TEXT,
            reason         TEXT NOT NULL,         -- created, first_login, reset
            UNIQUE (user_id, version)
        );
        ALTER TABLE schedules ADD COLUMN signature TEXT;        -- base64, raw Ed25519
        ALTER TABLE schedules ADD COLUMN signed_payload TEXT;   -- base64 of the exact bytes signed
        ALTER TABLE schedules ADD COLUMN signing_key_id TEXT;   -- user_keys.id
        """
    )
    import json

    from station.clock import now_iso

    # Approvals sealed before signing existed stay valid unsigned (told apart by this time).
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('signing_since', ?)",
               [json.dumps(now_iso())])


@migration
def m0020_audit_anchor(db: sqlite_utils.Database) -> None:
    """The last head of the audit chain each hub acknowledged (station/anchor.py): the log
    is held against it when the hub cannot be asked."""
    db.executescript(
        """
        CREATE TABLE audit_anchor (
            hub        TEXT PRIMARY KEY,         -- the hub's address, no user name or password
            station_id TEXT NOT NULL,            -- who the hub knows us as
            seq        INTEGER NOT NULL,         -- the anchored entry
            hash       TEXT NOT NULL,            -- its hash
            acked_at   TEXT NOT NULL
        );
        """
    )


@migration
def m0021_relay_typed_reasons(db: sqlite_utils.Database) -> None:
    """Why an episode or a feed was refused, typed (template and params, sync/errors.py
    typed_json) beside the English sentence, so the window words it in its own language."""
    db.executescript(
        """
        ALTER TABLE relay_entries ADD COLUMN last_error_typed TEXT NOT NULL DEFAULT '';
        ALTER TABLE relay_feeds ADD COLUMN last_error_typed TEXT NOT NULL DEFAULT '';
        """
    )


SCHEMA_VERSION = len(MIGRATIONS)
