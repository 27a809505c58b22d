"""Database backups: consistent copies of the live database, kept private, pruned to the
newest few, and put back in place of a damaged database.

A backup is written as ``.station-...db.<pid>.partial`` and renamed to ``station-...db`` only
when complete, so a crash or a kill never leaves something that looks like a backup; the
partial files of dead processes are removed at the next backup and at every start.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlite_utils

from media.files import fsync_dir
from station import dbfile
from station.clock import fmt_date_time
from station.procs import pid_alive

log = logging.getLogger(__name__)

KEEP_BACKUPS = 7
PARTIAL = ".partial"


STEP_PAGES = 1024  # copied per step when progress is shown


def backup(db: sqlite_utils.Database, folder: Path, reason: str = "manual",
           progress: Callable[[int, int], object] | None = None) -> Path:
    """A consistent copy of a live database (SQLite's online backup), then prune old ones.
    ``progress(done_pages, total_pages)`` is called after each step."""
    folder.mkdir(parents=True, exist_ok=True, mode=dbfile.DIR_MODE)
    dbfile.make_private(folder)
    clean_partials(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"station-{stamp}-{reason}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"station-{stamp}-{reason}-{n}.db"
    partial = folder / f".{target.name}.{os.getpid()}{PARTIAL}"
    try:
        dbfile.create_private(partial)
        dest = sqlite3.connect(str(partial))
        try:
            # In one step unless someone watches: a step-wise copy starts again whenever
            # another connection writes, which a busy station could do for ever.
            db.conn.backup(dest, pages=STEP_PAGES if progress else -1,
                           progress=_pages(progress))
        finally:
            dest.close()
        partial.replace(target)
    except OSError as exc:
        _drop(partial)
        raise dbfile.from_os_error(exc, folder) from exc
    except sqlite3.Error as exc:
        _drop(partial)
        raise dbfile.classify(exc, partial) from exc
    fsync_dir(folder)
    prune_backups(folder)
    return target


def _pages(progress: Callable[[int, int], object] | None) -> Callable[[int, int, int], object] | None:
    if progress is None:
        return None
    return lambda _status, remaining, total: progress(total - remaining, total)


def _drop(partial: Path) -> None:
    for one in (partial, partial.with_name(partial.name + "-journal")):
        one.unlink(missing_ok=True)


def clean_partials(folder: Path) -> int:
    """Remove the unfinished backups of processes that died; returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    for found in folder.glob(f".station-*{PARTIAL}*"):
        name = found.name
        core = name[:name.index(PARTIAL)]  # .station-....db.<pid>
        pid_text = core.rsplit(".", 1)[-1]
        if pid_text.isdigit() and pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue  # another process is writing it right now
        try:
            found.unlink()
        except OSError as exc:
            log.warning("cannot remove the unfinished backup %s: %s", found, exc)
            continue
        removed += 1
    # Leftovers of versions that wrote "station-...db.partial" beside the backups.
    for found in folder.glob(f"station-*.db{PARTIAL}*"):
        found.unlink(missing_ok=True)
        removed += 1
    if removed:
        log.warning("removed %d unfinished backup file(s) in %s", removed, folder)
    return removed


def clean_restore_temps(folder: Path) -> int:
    """Remove the copies of a restore that a crash cut short (the database was never
    replaced: the rename is the last step)."""
    removed = 0
    for found in folder.glob(".*.restore-*.part"):
        pid_text = found.name.rsplit(".restore-", 1)[-1].removesuffix(".part")
        if pid_text.isdigit() and pid_alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        found.unlink(missing_ok=True)
        removed += 1
    return removed


def backup_if_due(db: sqlite_utils.Database, folder: Path,
                  max_age_s: float = 24 * 3600) -> Path | None:
    """The daily backup: made when the newest one is older than ``max_age_s``."""
    newest = list_backups(folder)[:1]
    if newest and time.time() - newest[0].stat().st_mtime < max_age_s:
        return None
    return backup(db, folder, reason="daily")


def list_backups(folder: Path) -> list[Path]:
    """Complete backups, newest first (never an unfinished one)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("station-*.db") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def prune_backups(folder: Path, keep: int = KEEP_BACKUPS) -> None:
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return aside


def set_aside(path: Path, *, keep_in_place: bool = False) -> Path:
    """Move a damaged database (and its WAL files) aside, never overwriting anything.
    ``keep_in_place``: the database file stays where it is too (a hard link), so that the
    caller can replace it in one atomic step and a crash never leaves no database at all."""
    aside = _aside_name(path)
    linked = False
    if keep_in_place:
        try:
            os.link(path, aside)
            linked = True
        except OSError:
            linked = False  # a file system without hard links: rename it
    if not linked:
        path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    return aside


def restore_backup(path: Path, backup_file: Path) -> Path | None:
    """Put ``backup_file`` in place of the database; the current file is set aside first.
    A full or read-only disk is refused before anything moves."""
    dbfile.check_file(backup_file)
    folder = path.parent
    if dbfile.read_only_fs(folder):
        raise dbfile.read_only_error(folder)
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if free is not None and free < backup_file.stat().st_size + dbfile.LOW_SPACE_BYTES:
        raise dbfile.full_error(folder)
    temp = path.with_name(f".{path.name}.restore-{os.getpid()}.part")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                     dbfile.FILE_MODE)
        with os.fdopen(fd, "wb") as out, open(backup_file, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        aside = set_aside(path, keep_in_place=True) if path.exists() else None
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM):
            raise dbfile.from_os_error(exc, folder) from exc
        raise
    fsync_dir(folder)
    return aside


def describe_backups(folder: Path, limit: int = 5) -> str:
    """The command-line advice when the database is damaged: how to restore, and from what."""
    found = list_backups(folder)
    if not found:
        return (f"no backup in {folder}: if you have a copy of station.db elsewhere, run "
                "'station restore FILE'")
    lines = [f"restore the newest backup with 'station restore', or one of these with "
             f"'station restore FILE' (in {folder}):"]
    for one in found[:limit]:
        info = one.stat()
        when = fmt_date_time(datetime.fromtimestamp(info.st_mtime))  # the machine's zone, as the file shows
        lines.append(f"  {one.name}  {when}  {info.st_size / 1e6:.1f} MB")
    if len(found) > limit:
        lines.append(f"  ... and {len(found) - limit} older")
    return "\n".join(lines)
