"""Opening the station database: WAL, foreign keys, integrity check, migrations, backups.

sqlite connections must not cross threads: every thread gets its own through
:class:`Connections`. Writes of more than one row go inside ``db.atomic()``.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import sqlite_utils

from station.errors import QT_TRANSLATE_NOOP, DatabaseCorrupt, DataDirError, SchemaTooNew
from station.migrations import MIGRATIONS, SCHEMA_VERSION
from station.store import atomic_file

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
KEEP_BACKUPS = 7


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


def check_file(path: Path) -> None:
    """Raise DatabaseCorrupt when the file is not an SQLite database or fails the check."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DataDirError(QT_TRANSLATE_NOOP("errors", "cannot read the database {path}: {reason}"),
                           path=str(path), reason=exc.strerror) from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "{path} is not a Station database"), path=str(path))
    size = path.stat().st_size
    if size and size < 512:
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is truncated ({size} bytes)"),
                              path=str(path), size=size)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is damaged: {reason}"),
                              path=str(path), reason=str(exc)) from exc
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is damaged: {reason}"),
                              path=str(path), reason=problems[0])


def _write_failure(path: Path, exc: sqlite3.Error) -> DataDirError:
    """Say why SQLite could not write: a full disk is the common case on a station PC."""
    probe = path.parent
    try:
        full = shutil.disk_usage(probe).free < 1024 * 1024
    except OSError:
        full = False
    if full or "full" in str(exc):
        return DataDirError(QT_TRANSLATE_NOOP("errors", "the disk holding {path} is full"), path=str(probe))
    return DataDirError(QT_TRANSLATE_NOOP("errors", "cannot write the database {path}: {reason}"),
                        path=str(path), reason=str(exc))


def open_database(path: Path, backups: Path) -> sqlite_utils.Database:
    """Check, back up if it will migrate, migrate, and return a connection for this thread."""
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        check_file(path)
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
        if found < SCHEMA_VERSION:
            if existed and found > 0:
                backup(db, backups, reason=f"before-migration-v{found}")
            migrate(db)
    except sqlite3.DatabaseError as exc:
        if db is not None:
            db.close()
        if isinstance(exc, sqlite3.OperationalError):
            raise _write_failure(path, exc) from exc
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is damaged: {reason}"),
                              path=str(path), reason=str(exc)) from exc
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


def backup(db: sqlite_utils.Database, folder: Path, reason: str = "manual") -> Path:
    """A consistent copy of a live database (SQLite's online backup), then prune old ones."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"station-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"station-{stamp}-{reason}-{n}.db"
    partial = target.with_suffix(".db.partial")
    dest = sqlite3.connect(str(partial))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    partial.replace(target)
    prune_backups(folder)
    return target


def backup_if_due(db: sqlite_utils.Database, folder: Path,
                  max_age_s: float = 24 * 3600) -> Path | None:
    """The daily backup: made when the newest one is older than ``max_age_s``."""
    newest = list_backups(folder)[:1]
    if newest and time.time() - newest[0].stat().st_mtime < max_age_s:
        return None
    return backup(db, folder, reason="daily")


def list_backups(folder: Path) -> list[Path]:
    """Backups, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("station-*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def prune_backups(folder: Path, keep: int = KEEP_BACKUPS) -> None:
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)


def set_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL files) aside, never overwriting anything."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    return aside


def restore_backup(path: Path, backup_file: Path) -> Path | None:
    """Put ``backup_file`` in place of the database; the current file is set aside first."""
    check_file(backup_file)
    aside = set_aside(path) if path.exists() else None
    with open(backup_file, "rb") as src, atomic_file(path) as out:
        shutil.copyfileobj(src, out)
    return aside


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
