"""The on-disk form of a take while it is being recorded: crash-safe by construction.

A take is a folder. ``take.json`` (written atomically before any audio) says what the bytes
are: rate, channels, sample format, start time, device, title, the recording process. Audio
is appended to ``audio.pcm`` as it arrives and fsynced at least once a second, markers to
``markers.jsonl``; so a crash or power cut loses at most the last second or so. ``finish()``
turns the journal into ``take.flac`` block by block; ``recover()`` does the same for takes
a dead process left behind. Nothing here ever holds more than one block of audio.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import soundfile as sf

from media.analysis import QT_TRANSLATE_NOOP, MediaError
from media.files import atomic_path, write_atomic
from media.taskstate import TaskState, null_state

log = logging.getLogger(__name__)

JOURNAL_VERSION = 1
HEADER = "take.json"
AUDIO = "audio.pcm"
MARKERS = "markers.jsonl"
FLAC = "take.flac"
SYNC_INTERVAL_S = 1.0  # fsync at least this often: bounds what a power cut can take
_BLOCK_FRAMES = 65536  # per read when finishing: flat memory whatever the take's length

# sample format -> (numpy dtype, FLAC subtype). Float input keeps 24 bits in FLAC (FLAC has
# no float); 16-bit input stays bit-exact.
SAMPLE_FORMATS: dict[str, tuple[type[np.generic], str]] = {
    "s16": (np.int16, "PCM_16"),
    "s32": (np.int32, "PCM_24"),
    "f32": (np.float32, "PCM_24"),
}


class JournalError(MediaError):
    """A take's journal cannot be written or read."""


class DiskFull(JournalError):
    """The disk filled during a take: it stopped cleanly; what was written is kept
    (params: seconds, path)."""


@dataclass(frozen=True)
class TakeHeader:
    take_id: str
    sample_rate: int
    channels: int
    sample_format: str  # a key of SAMPLE_FORMATS
    started_at: str  # UTC, ISO 8601
    device: str = ""
    title: str = ""
    pid: int = 0  # the recording process: a live one's take is never "recovered"
    version: int = JOURNAL_VERSION

    @property
    def frame_bytes(self) -> int:
        return np.dtype(SAMPLE_FORMATS[self.sample_format][0]).itemsize * self.channels


@dataclass(frozen=True)
class Marker:
    position: int  # in sample frames from the start of the take
    label: str = ""


@dataclass(frozen=True)
class FinishedTake:
    folder: Path
    header: TakeHeader
    flac: Path
    frames: int
    markers: tuple[Marker, ...]

    @property
    def seconds(self) -> float:
        return self.frames / self.header.sample_rate


def _full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _write_error(exc: OSError, folder: Path, seconds: float) -> JournalError:
    """A write into a take failed: a full disk stopped it (what was written is kept), any
    other failure is said as it is."""
    if _full(exc):
        return DiskFull(QT_TRANSLATE_NOOP("media", "the disk holding {path} is full: the take "
                                          "stopped after {seconds} s and what was recorded "
                                          "is kept"),
                        path=str(folder), seconds=f"{seconds:.1f}")
    return JournalError(QT_TRANSLATE_NOOP("media", "cannot write the take to {path}: {reason}"),
                        path=str(folder), reason=exc.strerror or str(exc))


def read_header(folder: Path) -> TakeHeader:
    try:
        raw = json.loads((folder / HEADER).read_text("utf-8"))
        header = TakeHeader(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise JournalError(QT_TRANSLATE_NOOP("media", "the take in {path} has no readable "
                                             "header: {reason}"),
                           path=str(folder), reason=str(exc)) from exc
    if header.sample_format not in SAMPLE_FORMATS or header.channels <= 0 \
            or header.sample_rate <= 0:
        raise JournalError(QT_TRANSLATE_NOOP("media", "the take in {path} has a header this "
                                             "version cannot read"), path=str(folder))
    return header


def read_markers(folder: Path) -> tuple[Marker, ...]:
    """Markers in order; a line torn by a crash is skipped."""
    found: list[Marker] = []
    try:
        lines = (folder / MARKERS).read_text("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return ()
    for line in lines:
        try:
            row = json.loads(line)
            found.append(Marker(int(row["position"]), str(row.get("label", ""))))
        except (ValueError, KeyError, TypeError):
            continue
    return tuple(sorted(found, key=lambda m: m.position))


class TakeJournal:
    """The writer of one take. Not thread-safe: one recording thread owns it."""

    def __init__(self, folder: Path, header: TakeHeader, fd: int, frames: int) -> None:
        self.folder = folder
        self.header = header
        self._fd = fd
        self._frame_bytes = header.frame_bytes
        self._bytes = frames * self._frame_bytes
        self._dirty = False
        self._last_sync = time.monotonic()
        self._markers: list[Marker] = []
        self.closed = False

    @classmethod
    def create(cls, folder: Path, header: TakeHeader) -> TakeJournal:
        """Make the take's folder and header (atomically) before the first sample."""
        if header.sample_format not in SAMPLE_FORMATS:
            raise ValueError(f"unknown sample format {header.sample_format!r}")
        try:
            folder.mkdir(parents=True, exist_ok=False)
            write_atomic(folder / HEADER, json.dumps(asdict(header), ensure_ascii=False)
                         .encode("utf-8"))
            fd = os.open(folder / AUDIO, os.O_WRONLY | os.O_CREAT | os.O_APPEND
                         | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise _write_error(exc, folder, 0.0) from exc
        return cls(folder, header, fd, 0)

    @property
    def frames(self) -> int:
        return self._bytes // self._frame_bytes

    @property
    def seconds(self) -> float:
        return self.frames / self.header.sample_rate

    @property
    def markers(self) -> tuple[Marker, ...]:
        return tuple(self._markers)

    @property
    def bytes_per_second(self) -> int:
        return self._frame_bytes * self.header.sample_rate

    def append(self, data: bytes | memoryview) -> None:
        """Append whole frames; fsync when a second has passed. On a full disk the file is
        cut back to the last whole frame, synced, closed, and DiskFull is raised."""
        view = memoryview(data).cast("B")
        if len(view) % self._frame_bytes:
            raise ValueError("append() takes whole frames")
        done = 0
        try:
            while done < len(view):
                done += os.write(self._fd, view[done:])
        except OSError as exc:
            self._bytes += done
            if _full(exc):
                self._stop_full()
            raise _write_error(exc, self.folder, self.seconds) from exc
        self._bytes += done
        self._dirty = True
        if time.monotonic() - self._last_sync >= SYNC_INTERVAL_S:
            self.sync()

    def _stop_full(self) -> None:
        whole = self._bytes - self._bytes % self._frame_bytes
        try:
            os.ftruncate(self._fd, whole)  # a torn last frame would shift every channel
            os.fsync(self._fd)
        except OSError:
            pass  # the reader cuts to whole frames too
        self._bytes = whole
        self.close()

    def add_marker(self, position: int, label: str = "") -> None:
        line = json.dumps({"position": int(position), "label": label}, ensure_ascii=False)
        try:
            with open(self.folder / MARKERS, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:
            if _full(exc):  # the audio matters more than a marker: keep recording
                return
            raise
        self._markers.append(Marker(int(position), label))
        self._dirty = True

    def sync(self) -> None:
        """Make what was appended durable (the recorder also calls this on a timer, so a
        quiet device still syncs)."""
        if self.closed or not self._dirty:
            self._last_sync = time.monotonic()
            return
        os.fsync(self._fd)
        markers = self.folder / MARKERS
        if self._markers and markers.exists():
            fd = os.open(markers, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        self._dirty = False
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._dirty:
                os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self.closed = True

    def finish(self, state: TaskState | None = None) -> FinishedTake:
        self.close()
        return finish_folder(self.folder, state)


def _blocks(path: Path, header: TakeHeader) -> Iterator[np.ndarray]:
    dtype = SAMPLE_FORMATS[header.sample_format][0]
    size = _BLOCK_FRAMES * header.frame_bytes
    buf = bytearray(size)
    carry = b""
    with open(path, "rb") as fh:
        while True:
            n = fh.readinto(buf)
            if not n:
                return
            data = carry + bytes(buf[:n]) if carry else memoryview(buf)[:n]
            whole = len(data) - len(data) % header.frame_bytes
            carry = bytes(data[whole:])
            if whole:
                yield np.frombuffer(data[:whole], dtype=dtype).reshape(-1, header.channels)


def finish_folder(folder: Path, state: TaskState | None = None, *,
                  into: Path | None = None,
                  keep: tuple[int, int] | None = None) -> FinishedTake:
    """Turn a take's journal into ``take.flac`` (written aside, then renamed). A FLAC
    already there is a finish that completed before a crash: it is kept as it is.
    ``into``: write the FLAC there instead (a disk with room, when the take filled its own);
    the journal is left as it is. ``keep``: (first frame, frames) of the journal that go
    into the FLAC (a take opened early and cut to its window by the clock); markers move
    with it."""
    state = state or null_state()
    header = read_header(folder)
    flac = folder / FLAC
    markers = read_markers(folder)
    if flac.exists():
        with sf.SoundFile(str(flac)) as done:
            return FinishedTake(folder, header, flac, done.frames, markers)
    flac = into or flac
    audio = folder / AUDIO
    total = audio.stat().st_size // header.frame_bytes if audio.exists() else 0
    first, last = (0, total) if keep is None else (keep[0], min(total, keep[0] + keep[1]))
    if keep is not None:
        markers = tuple(replace(m, position=m.position - first) for m in markers
                        if first <= m.position < last)
    subtype = SAMPLE_FORMATS[header.sample_format][1]
    frames = 0
    try:
        with atomic_path(flac) as part, sf.SoundFile(
                str(part), "w", samplerate=header.sample_rate, channels=header.channels,
                format="FLAC", subtype=subtype) as out:
            at = 0  # the journal's frame at the start of the block
            if last > first:
                for block in _blocks(audio, header):
                    part_of = block[max(0, first - at):max(0, last - at)]
                    at += len(block)
                    if not len(part_of):
                        if at >= last:
                            break
                        continue
                    if part_of.dtype == np.float32:  # libsndfile wraps, not clips, past 1.0
                        part_of = np.clip(part_of, -1.0, 1.0 - 2.0 ** -23)
                    out.write(part_of)
                    frames += len(part_of)
                    state.progress(frames / (last - first))
    except (OSError, sf.SoundFileRuntimeError) as exc:
        # libsndfile says only "System error": a disk with less than a block left is full.
        full = _full(exc) if isinstance(exc, OSError) else \
            shutil.disk_usage(flac.parent).free < _BLOCK_FRAMES * header.frame_bytes
        if full:
            raise DiskFull(QT_TRANSLATE_NOOP("media", "the disk holding {path} is full: "
                                             "there is no room to save the take of {seconds} "
                                             "s; its recording is kept"),
                           path=str(flac.parent),
                           seconds=f"{total / header.sample_rate:.1f}") from exc
        raise JournalError(QT_TRANSLATE_NOOP("media", "cannot write the take to {path}: "
                                             "{reason}"),
                           path=str(flac.parent),
                           reason=getattr(exc, "strerror", None) or str(exc)) from exc
    return FinishedTake(folder, header, flac, frames, markers)


def unfinished(root: Path, in_use: Callable[[TakeHeader], bool] | None = None
               ) -> list[tuple[Path, TakeHeader]]:
    """Take folders under ``root`` that nobody is recording any more, oldest first.
    ``in_use`` says whether a take's process still records it (the caller knows how to ask)."""
    found: list[tuple[Path, TakeHeader]] = []
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        if not (folder / HEADER).is_file():
            continue
        try:
            header = read_header(folder)
        except JournalError:
            continue
        if in_use is not None and in_use(header):
            continue
        found.append((folder, header))
    return found


def recover(root: Path, in_use: Callable[[TakeHeader], bool] | None = None,
            state: TaskState | None = None) -> list[FinishedTake]:
    """Finish every abandoned take under ``root`` into a FLAC; each result says how long
    it is. A take that cannot be finished (disk full again) is left for the next start."""
    done = []
    for folder, _header in unfinished(root, in_use):
        try:
            done.append(finish_folder(folder, state))
        except JournalError as exc:
            log.warning("take in %s not recovered yet: %s", folder, exc)
    return done
