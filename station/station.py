"""An open station: its data dir, database connections, media store and the acting user.
Opening it here runs no recovery: see station.startup for a real start.

Core functions take a Station; rights are checked here, not in the UI.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from station import audit, dbfile, settings
from station import db as dbmod
from station.errors import QT_TRANSLATE_NOOP, NotInitialized, PermissionDenied
from station.paths import DataDir
from station.rights import Right, Role, has_right
from station.store import MediaStore

log = logging.getLogger(__name__)

SYSTEM = "system"


@dataclass(frozen=True)
class User:
    id: str
    username: str
    full_name: str
    role: Role
    active: bool = True
    # Only these rights whatever the role (the command line's local operator reads only).
    only: frozenset[Right] | None = None

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


def ensure_writable(folder: Path) -> None:
    """Create ``folder`` if needed and prove we can write there (clear error otherwise)."""
    probe = folder / f".write-test-{os.getpid()}"
    try:
        dbfile.private_root(folder)
        with open(probe, "wb") as fh:
            fh.write(b"x" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        # A full disk, a read-only mount and missing rights each say so (never "damaged").
        raise dbfile.from_os_error(exc, folder) from exc
    finally:
        with contextlib.suppress(OSError):
            probe.unlink(missing_ok=True)


class Station:
    def __init__(self, datadir: DataDir, first: sqlite_utils.Database) -> None:
        self.datadir = datadir
        self.connections = dbmod.Connections(datadir.db_path, first)
        self.store = MediaStore(datadir.media, datadir.tmp / str(os.getpid()))
        self.user: User | None = None

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, datadir: DataDir, *, create: bool = False) -> Station:
        """Open (and migrate) an existing station; ``create`` allows an empty data dir.

        Open only: a real start goes through station.startup.open_station, which also runs
        the recovery sweep."""
        if not create and not datadir.exists():
            raise NotInitialized(QT_TRANSLATE_NOOP("errors", "no station in {path}: run 'station init' or "
                                               "start the app to create one"),
                                 path=str(datadir.root))
        ensure_writable(datadir.root)
        db = dbmod.open_database(datadir.db_path, datadir.backups,
                                 create=create and not datadir.exists())
        return cls(datadir, db)

    def close(self) -> None:
        self.connections.close_all()
        shutil.rmtree(self.store.tmp, ignore_errors=True)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection."""
        return self.connections.get()

    @property
    def name(self) -> str:
        return settings.STATION_NAME.get(self.db)

    # -- the acting user ---------------------------------------------------------------
    @property
    def actor(self) -> str:
        return self.user.username if self.user else SYSTEM

    def can(self, right: Right) -> bool:
        u = self.user
        return u is not None and u.active and has_right(u.role, right) and (
            u.only is None or right in u.only)

    def require(self, right: Right, what: str = "") -> None:
        """Refuse (and audit the refusal) unless the acting user has ``right``."""
        if self.can(right):
            return
        try:
            self.audit("access.denied", "right", right.value, {"what": what})
        except sqlite3.Error:  # pragma: no cover - the refusal must still be raised
            log.exception("could not audit a refusal")
        if self.user is not None and self.user.only is not None:
            raise PermissionDenied(QT_TRANSLATE_NOOP(
                "errors", "the command line reads only: to {what}, act as a station user with "
                          "--user NAME (the password from $STATION_PASSWORD or stdin)"),
                what=what or right.value)
        role = self.user.role.value if self.user else "-"
        raise PermissionDenied(QT_TRANSLATE_NOOP("errors", "your role ({role}) does not allow this: {right}"),
                               role=role, right=right.value)

    def audit(self, action: str, entity: str = "", entity_id: str = "",
              detail: dict[str, Any] | None = None) -> str:
        return audit.append(self.db, self.actor, action, entity, entity_id, detail)
