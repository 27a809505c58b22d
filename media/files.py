"""Files that appear whole or not at all: the one atomic write of the project.

A crash or a power cut at any moment must leave the old file or the new one under a name,
never a part. Every writer goes through here: bytes in memory (:func:`write_atomic`), a stream
(:func:`atomic_file`), or a tool that wants a file name of its own, such as libsndfile or
ffmpeg (:func:`atomic_path`). It lives in ``media``, the bottom layer, so that recordings and
renders use it as the core, sync and the hub do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE_MODE = 0o600  # only this OS user: keys, tokens, markers


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut (POSIX; Windows cannot
    open a folder to fsync it, and its renames are durable)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_beside(path: Path) -> Path:
    """A hidden name of its own beside ``path``: it never meets another writer's temp file
    or a user's file."""
    return path.with_name(f".{path.name}.{os.urandom(6).hex()}.part")


def _publish(temp: Path, path: Path, private: bool) -> None:
    if private:
        os.chmod(temp, PRIVATE_MODE)  # whatever the umask
    os.replace(temp, path)
    fsync_dir(path.parent)


@contextmanager
def atomic_file(path: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """A file to write that appears at ``path`` whole or not at all: a temp file beside it,
    fsynced, renamed into place, the folder fsynced. An error or a cancel inside the block
    removes the temp file. ``private``: only this OS user may read it (0600)."""
    temp = _temp_beside(path)
    mode = PRIVATE_MODE if private else 0o666
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _publish(temp, path, private)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_file`)."""
    with atomic_file(path, private=private) as fh:
        fh.write(data)


@contextmanager
def atomic_path(path: Path, *, private: bool = False) -> Iterator[Path]:
    """A temp file name beside ``path`` for a writer that opens files itself (libsndfile,
    ffmpeg): what it wrote there is fsynced and renamed to ``path`` when the block ends, or
    removed on an error or a cancel."""
    temp = _temp_beside(path)
    try:
        yield temp
        with open(temp, "rb+") as fh:  # Windows fsyncs only a handle open for writing
            os.fsync(fh.fileno())
        _publish(temp, path, private)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
