"""The database file itself: is it a sound Station database, what an SQLite or OS error on it
means (a full disk, a read-only folder and missing rights are not damage), and who may read it.

A full disk reported as "damaged" makes people restore backups over healthy data, so only
SQLite's own verdicts (NOTADB, CORRUPT, a failed integrity check, a file shorter than its
header says) ever become :class:`DatabaseCorrupt`.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import stat
from pathlib import Path

from station.errors import (
    QT_TRANSLATE_NOOP,
    DatabaseCorrupt,
    DataDirError,
    DiskFull,
    NoAccess,
    ReadOnlyFolder,
    StationError,
)

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
# Below this much free space an I/O error is the disk being full (SQLite needs room for its
# WAL index and journal even to read).
LOW_SPACE_BYTES = 1024 * 1024
POSIX = os.name == "posix"
DIR_MODE = 0o700
FILE_MODE = 0o600

# SQLite's primary result codes (the low byte of the extended code).
_PERM, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 8, 10, 11, 13, 14, 26
_BUSY, _LOCKED = 5, 6


# -- telling faults apart -------------------------------------------------------------------
def _existing(path: Path) -> Path:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe


def disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(_existing(path)).free < LOW_SPACE_BYTES
    except OSError:
        return False


def read_only_fs(path: Path) -> bool:
    if not POSIX:
        return False
    try:
        return bool(os.statvfs(_existing(path)).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _no_write_right(folder: Path) -> bool:
    probe = _existing(folder)
    return not os.access(probe, os.W_OK)


def full_error(folder: Path) -> DiskFull:
    return DiskFull(QT_TRANSLATE_NOOP("errors", "the disk holding {path} is full: free some "
                                      "space on it and try again"), path=str(folder))


def read_only_error(folder: Path) -> ReadOnlyFolder:
    return ReadOnlyFolder(QT_TRANSLATE_NOOP("errors", "the folder {path} is read-only: make it "
                                            "writable or choose another data folder"),
                          path=str(folder))


def no_access_error(folder: Path) -> NoAccess:
    return NoAccess(QT_TRANSLATE_NOOP("errors", "this user may not write in the folder {path}: "
                                      "give them the right to or choose another data folder"),
                    path=str(folder))


def from_os_error(exc: OSError, folder: Path) -> DataDirError:
    """An OS error on ``folder`` of the station (or a file in it), in words that say what
    to do."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return full_error(folder)
    if exc.errno == errno.EROFS or read_only_fs(folder):
        return read_only_error(folder)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return no_access_error(folder)
    return DataDirError(QT_TRANSLATE_NOOP("errors", "cannot write to the data folder {path}: "
                                          "{reason}"),
                        path=str(folder), reason=exc.strerror or str(exc))


def classify(exc: sqlite3.Error, path: Path) -> StationError:
    """What an SQLite error on the database at ``path`` means for the user."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    folder = path.parent
    reason = str(exc)
    if primary in (_NOTADB, _CORRUPT) or (primary is None and _says_damaged(reason)):
        return damaged(path, reason)
    if primary == _FULL or "full" in reason or disk_full(folder):
        return full_error(folder)
    if read_only_fs(folder):
        return read_only_error(folder)
    if primary in (_PERM, _READONLY, _CANTOPEN) and (_no_write_right(folder)
                                                     or _file_read_only(path)):
        return no_access_error(folder)
    if primary == _READONLY:
        return read_only_error(folder)
    if primary in (_BUSY, _LOCKED):
        return DataDirError(QT_TRANSLATE_NOOP("errors", "the database {path} is busy: another "
                                              "program holds it; try again"), path=str(path))
    if primary == _CANTOPEN:
        return DataDirError(QT_TRANSLATE_NOOP("errors", "cannot open the database {path}: "
                                              "{reason}"), path=str(path), reason=reason)
    if primary == _IOERR:
        return DataDirError(QT_TRANSLATE_NOOP(
            "errors", "cannot read or write the database {path}: {reason} (is the disk failing "
            "or disconnected?)"), path=str(path), reason=reason)
    return DataDirError(QT_TRANSLATE_NOOP("errors", "cannot use the database {path}: {reason}"),
                        path=str(path), reason=reason)


def _file_read_only(path: Path) -> bool:
    return path.exists() and not os.access(path, os.W_OK)


def _says_damaged(reason: str) -> bool:
    return "malformed" in reason or "not a database" in reason


def damaged(path: Path, reason: str) -> DatabaseCorrupt:
    return DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is damaged: {reason}"),
                           path=str(path), reason=reason)


def no_station(path: Path) -> DatabaseCorrupt:
    """A database file with no schema in it: what a wiped or swapped file looks like."""
    return DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} holds no station "
                                             "(schema 0): it was damaged, this is not a new "
                                             "station"), path=str(path))


# -- is it sound ----------------------------------------------------------------------------
def _expected_size(header: bytes) -> int | None:
    """The size the header promises (page size x page count), when the count is valid."""
    if len(header) < 100:
        return None
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(header[28:32], "big")
    # The count is only kept up to date when "version-valid-for" equals the change counter.
    if pages == 0 or header[92:96] != header[24:28]:
        return None
    return page * pages


def check_file(path: Path) -> None:
    """Raise DatabaseCorrupt when the file is empty, truncated, not an SQLite database or
    fails the integrity check; a disk or rights problem raises its own DataDirError."""
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise no_access_error(path.parent) from exc
        raise DataDirError(QT_TRANSLATE_NOOP("errors", "cannot read the database {path}: {reason}"),
                           path=str(path), reason=exc.strerror) from exc
    if size == 0:
        # A database is never empty once made (see startup: a creation cut short is undone).
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is empty (0 bytes): "
                                                "it was damaged, this is not a new station"),
                              path=str(path))
    if not header.startswith(SQLITE_HEADER) and not SQLITE_HEADER.startswith(header):
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "{path} is not a Station database"),
                              path=str(path))
    expected = _expected_size(header)
    if size < 512 or (expected is not None and size < expected):
        raise DatabaseCorrupt(QT_TRANSLATE_NOOP("errors", "the database {path} is truncated "
                                                "({size} bytes)"), path=str(path), size=size)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise damaged(path, problems[0])


# -- who may read it ------------------------------------------------------------------------
def make_private(path: Path) -> None:
    """Only this OS user may read ``path`` (0700 for a folder, 0600 for a file); nothing on
    Windows, where the user's profile folder is private already."""
    if not POSIX or not path.exists():
        return
    try:
        info = path.stat()
        want = DIR_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
        if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == os.getuid():
            os.chmod(path, stat.S_IMODE(info.st_mode) & want)
    except OSError as exc:  # a folder shared on purpose by its owner: say so, do not fail
        log.warning("cannot make %s private: %s", path, exc)


def private_root(root: Path) -> None:
    """Create the data folder as 0700 (or narrow an existing one)."""
    root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    make_private(root)


def create_private(path: Path) -> None:
    """Create an empty file as 0600 before SQLite opens it: SQLite gives its -wal, -shm and
    -journal files the mode of the database file."""
    if not POSIX or path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)


def private_database(path: Path) -> None:
    """The database and its -wal and -shm files, 0600."""
    for one in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        make_private(one)
