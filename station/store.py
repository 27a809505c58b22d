"""The content-addressed media store: media/sha256/ab/cd/<hex>.<ext>, written once, never
overwritten. Files arrive through a temp file on the same disk and an atomic rename
(``media.files`` holds the project's one atomic file write)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from media.files import fsync_dir
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
