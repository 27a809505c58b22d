"""The content-addressed media store: media/sha256/ab/cd/<hex>.<ext>, written once, never
overwritten. Files arrive through a temp file on the same disk and an atomic rename.

Also the one atomic file write (:func:`atomic_file`, :func:`write_atomic`) for the core and
sync; media/take_journal keeps its own, as media imports none of ours."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from station.errors import QT_TRANSLATE_NOOP, DataDirError

CHUNK = 1 << 20


def relative_path(sha256: str, ext: str) -> str:
    ext = ext.lower().lstrip(".")
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}" if ext else \
        f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class MediaStore:
    def __init__(self, root: Path, tmp: Path) -> None:
        self.root = root
        self.tmp = tmp

    def path(self, sha256: str, ext: str) -> Path:
        return self.root / relative_path(sha256, ext)

    def has(self, sha256: str, ext: str) -> bool:
        return self.path(sha256, ext).is_file()

    def new_temp(self, suffix: str = "") -> Path:
        """A fresh temp path beside the store (same file system, so rename is atomic). The
        folder belongs to this process; the recovery sweep clears those of dead ones."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        return self.tmp / f"{os.urandom(8).hex()}{suffix}"

    def copy_in(self, source: BinaryIO, temp: Path) -> str:
        """Copy a stream to ``temp`` with fsync and return its SHA-256."""
        digest = hashlib.sha256()
        try:
            with open(temp, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise DataDirError(QT_TRANSLATE_NOOP("errors", "cannot write to the media store: {reason}"),
                               reason=exc.strerror or str(exc)) from exc
        return digest.hexdigest()

    def commit(self, temp: Path, sha256: str, ext: str) -> Path:
        """Move a finished temp file into place; an existing identical file wins."""
        final = self.path(sha256, ext)
        if final.exists():
            temp.unlink(missing_ok=True)
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temp, final)
        fsync_dir(final.parent)
        return final

    def remove(self, sha256: str, ext: str) -> None:
        self.path(sha256, ext).unlink(missing_ok=True)

def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_file(path: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` whole or not at all, so that a crash leaves the
    old file or the new one, never a part: a hidden temp file beside it (a name of its own, so
    it never meets another writer or a user's file), fsynced, renamed into place, the folder
    fsynced. An error or a cancel inside the block removes the temp file. ``private``: only
    this OS user may read it (0600)."""
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.part")
    mode = 0o600 if private else 0o666
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if private:
            os.chmod(temp, mode)  # whatever the umask
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_file`)."""
    with atomic_file(path, private=private) as fh:
        fh.write(data)
