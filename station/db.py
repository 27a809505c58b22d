"""Opening the station database: WAL, foreign keys, integrity check, migrations, backups.

sqlite connections must not cross threads: every thread gets its own through
:class:`Connections`. Writes of more than one row go inside ``db.atomic()``.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import sqlite_utils

from station import dbfile
from station.backups import (  # noqa: F401 - their old home: callers import them from here
    KEEP_BACKUPS,
    backup,
    backup_if_due,
    list_backups,
    prune_backups,
    restore_backup,
    set_aside,
)
from station.dbfile import SQLITE_HEADER, check_file  # noqa: F401 - the same
from station.errors import QT_TRANSLATE_NOOP, DatabaseCorrupt, SchemaTooNew
from station.migrations import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL in WAL mode: a committed transaction survives a power cut (the mission says
    # nothing committed is lost); the cost is one fsync per commit.
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path) -> sqlite_utils.Database:
    """A configured connection for the calling thread (no checks, no migrations)."""
    # Each thread opens its own (Connections); check_same_thread is off only so that the
    # owner can close every connection at shutdown.
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
    _configure(conn)
    return sqlite_utils.Database(conn)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def open_database(path: Path, backups: Path, *, create: bool = False) -> sqlite_utils.Database:
    """Check, back up if it will migrate, migrate, and return a connection for this thread.

    Only ``create`` (a new station, no file yet) makes a database: an existing file that is
    empty, truncated or holds no schema is damage, never a new station."""
    existed = path.exists()
    if existed:
        check_file(path)
    elif not create:
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is missing"),
                              path=str(path))
    else:
        dbfile.create_private(path)
    dbfile.private_database(path)
    db: sqlite_utils.Database | None = None
    try:
        db = connect(path)
        db.execute("PRAGMA journal_mode = WAL")
        found = schema_version(db)
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(
                QT_TRANSLATE_NOOP("errors", "the database has schema version {found}, this app "
                                  "supports up to {supported}: install the newer version of Station"),
                found=found, supported=SCHEMA_VERSION)
        if existed and found == 0:
            raise dbfile.no_station(path)
        if found < SCHEMA_VERSION:
            if existed:
                backup(db, backups, reason=f"before-migration-v{found}")
            migrate(db)
        dbfile.private_database(path)  # the -wal and -shm SQLite has just made
    except sqlite3.Error as exc:
        if db is not None:
            db.close()
        raise dbfile.classify(exc, path) from exc
    except BaseException:
        if db is not None:
            db.close()
        raise
    return db


def migrate(db: sqlite_utils.Database) -> None:
    for number, step in enumerate(MIGRATIONS, start=1):
        if schema_version(db) >= number:
            continue
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        log.info("database migrated to schema %d (%s)", number, step.__name__)


class Connections:
    """One connection per thread to the same database file."""

    def __init__(self, path: Path, first: sqlite_utils.Database | None = None) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite_utils.Database] = []
        self._lock = threading.Lock()
        if first is not None:
            self._local.db = first
            self._all.append(first)

    def get(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.path)
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    def close_all(self) -> None:
        """At shutdown, when no other thread uses the database any more."""
        with self._lock:
            for db in self._all:
                db.close()
            self._all.clear()
        self._local = threading.local()
