"""A lock file that keeps a second Station process off the same data dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from station.errors import QT_TRANSLATE_NOOP, InstanceLocked


class InstanceLock:
    """Held for the life of the process; the OS drops it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            fh.close()
            raise InstanceLocked(
                QT_TRANSLATE_NOOP("errors", "this station is already open in another Station window "
                              "(process {pid})"),
                pid=holder,
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            _unlock(self._fh)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def holder(path: Path) -> str | None:
    """Who holds the lock at ``path`` (the pid it wrote, '?' if unreadable), or None when it
    is free. Only looks: the file is neither created nor written."""
    try:
        fh = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, after the probe
    except FileNotFoundError:
        return None
    with fh:
        try:
            _lock(fh)
        except OSError:
            try:
                fh.seek(0)
                return fh.read().strip() or "?"
            except OSError:  # Windows: the holder's locked byte cannot be read
                return "?"
        _unlock(fh)
        return None
