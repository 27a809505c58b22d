"""Watched import folders: stations drop files (the hourly news) into a folder; each file is
imported once it is complete, then moved into "Đã nhập" (imported) or, when refused, into
"Lỗi" (error) beside a "<name>.lỗi.txt" that tells the staff why, in their language.

A file is complete when two scans at least ``settle_seconds`` apart saw the same size and
modification time, or when it was last written more than ``stable_seconds`` ago. Hidden and
partial files (.part, .tmp, ~$...) are left alone. A scan with nothing new costs one stat of
the folder. The UI calls :meth:`WatchFolder.scan` every few seconds on a background thread.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from media.taskstate import Cancelled, TaskState, null_state
from station import settings
from station.changes import Changes
from station.clock import fmt_date_time, zone
from station.errors import (
    QT_TRANSLATE_NOOP,
    DataDirError,
    PermissionDenied,
    StationError,
    ValidationError,
)
from station.rights import Right
from station.station import Station
from station.text import nfc

log = logging.getLogger(__name__)

IMPORTED_DIR = "Đã nhập"
REFUSED_DIR = "Lỗi"
REASON_SUFFIX = ".lỗi.txt"
FULL_RESCAN_S = 60.0  # a folder on a share may not update its mtime: look anyway this often
ENVIRONMENT_BACKOFF_S = 30.0  # after a full disk or a missing ffmpeg, before trying again

_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download",
                     ".filepart", ".!ut", ".opdownload", ".swp", REASON_SUFFIX)
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_SHARING_VIOLATION = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION

Translate = Callable[[str, str], str]  # (context, text) -> text; the UI passes Qt's translate


def _identity(context: str, text: str) -> str:
    return text


@dataclass(frozen=True)
class WatchEvent:
    """What one scan did with one file (or with the folder)."""

    # 'imported', 'duplicate' (content already in the library), 'refused' (moved to Lỗi),
    # 'vanished', 'unavailable' (the folder), 'error' (the station cannot import now: full
    # disk...; the file stays), 'failed' (unexpected; the file stays until it changes)
    kind: str
    file: str  # the file's name in the folder ('' for the folder itself)
    folder: str
    item_id: str | None = None
    title: str | None = None
    template: str = ""  # the reason, marked for translation (context in ``context``)
    params: dict[str, Any] = field(default_factory=dict)
    context: str = "errors"
    moved_to: str | None = None  # the real path (on Linux it may hold undecodable bytes)

    @property
    def reason(self) -> str:
        if not self.template:
            return ""
        try:
            return self.template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return self.template

    def to_json_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "folder": _printable(self.folder),
                "item_id": self.item_id, "title": self.title, "reason": self.reason,
                "moved_to": _printable(self.moved_to) if self.moved_to else None}


def events_changes(events: list[WatchEvent]) -> Changes:
    """What a scan changed, for the UI's one refresh signal."""
    imported = any(e.kind == "imported" for e in events)
    audited = imported or any(e.kind in ("refused",) for e in events)
    return Changes(library=imported, audit=audited)


def is_ignored(name: str) -> bool:
    """Hidden, partial and system files: someone is still writing them, or they are not ours."""
    lower = name.lower()
    return (name.startswith((".", "~$")) or name.endswith("~") or lower in _IGNORED_NAMES
            or lower.endswith(_PARTIAL_SUFFIXES))


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    at: float  # monotonic time of the observation


class WatchFolder:
    """One watched folder. Not for two threads at once: a scan that finds another running
    returns at once with no events."""

    def __init__(self, st: Station, folder: Path | str, category: str = "", *,
                 stable_seconds: float = 10.0, settle_seconds: float = 4.0,
                 translate: Translate | None = None) -> None:
        self.st = st
        self.folder = Path(folder)
        self.category = category
        self.stable_seconds = stable_seconds
        self.settle_seconds = settle_seconds
        self.translate = translate or _identity
        self._lock = threading.Lock()
        self._seen: dict[str, _Seen] = {}  # files waiting to be complete
        self._skip: dict[str, tuple[int, int]] = {}  # handled but still here: skip until changed
        self._dir_mtime: int | None = None
        self._last_full = 0.0
        self._backoff_until = 0.0
        self._available = True

    # -- the scan -----------------------------------------------------------------------------
    @property
    def waiting(self) -> int:
        """Files seen but not yet complete: a later scan will take them."""
        return len(self._seen)

    def scan(self, state: TaskState | None = None) -> list[WatchEvent]:
        if not self._lock.acquire(blocking=False):
            return []
        try:
            return self._scan(state or null_state())
        finally:
            self._lock.release()

    def _scan(self, state: TaskState) -> list[WatchEvent]:
        self.st.require(Right.LIBRARY_IMPORT, "watch folder import")
        now = time.monotonic()
        if now < self._backoff_until:
            return []
        try:
            dir_mtime = os.stat(self.folder).st_mtime_ns
        except OSError:
            return self._unavailable()
        if not self._available:
            self._available = True
        if dir_mtime == self._dir_mtime and not self._seen and \
                now - self._last_full < FULL_RESCAN_S:
            return []  # nothing added, renamed or removed, and nothing waiting
        ready = self._list(now)
        if ready is None:
            return self._unavailable()
        self._dir_mtime = dir_mtime
        self._last_full = now
        events: list[WatchEvent] = []
        for n, (name, seen) in enumerate(ready):
            try:
                state.progress(n / len(ready), name)
            except Cancelled:
                break
            event = self._import_one(name, seen, _Share(state, n, len(ready)))
            if event is None:
                continue
            events.append(event)
            if event.kind == "error":  # the station's problem, not the file's: stop for now
                self._backoff_until = time.monotonic() + ENVIRONMENT_BACKOFF_S
                self._dir_mtime = None
                break
        return events

    def _unavailable(self) -> list[WatchEvent]:
        self._dir_mtime = None
        if not self._available:
            return []  # said once; say again when it comes back and goes again
        self._available = False
        return [WatchEvent("unavailable", "", str(self.folder),
                           template=QT_TRANSLATE_NOOP("errors", "the watched folder {path} is not "
                                                                "available"),
                           params={"path": str(self.folder)})]

    def _list(self, now: float) -> list[tuple[str, _Seen]] | None:
        """The files that are complete, oldest first; remembers the others for next time."""
        try:
            with os.scandir(self.folder) as it:
                entries = list(it)
        except OSError:
            return None
        wall = time.time()
        present: set[str] = set()
        ready: list[tuple[str, _Seen]] = []
        for entry in entries:
            name = entry.name
            if is_ignored(name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished since the listing
            if not stat.S_ISREG(info.st_mode) or _hidden(info):
                continue
            present.add(name)
            sig = (info.st_size, info.st_mtime_ns)
            if self._skip.get(name) == sig:
                continue
            self._skip.pop(name, None)
            before = self._seen.get(name)
            if before is not None and (before.size, before.mtime_ns) == sig:
                settled = now - before.at >= self.settle_seconds
            else:
                self._seen[name] = before = _Seen(sig[0], sig[1], now)
                settled = False
            # ctime too: a copy that restores an old mtime is still being written meanwhile.
            age = wall - max(info.st_mtime, info.st_ctime)
            if settled or age >= self.stable_seconds:
                ready.append((name, before))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        for gone in set(self._skip) - present:
            del self._skip[gone]
        ready.sort(key=lambda r: (r[1].mtime_ns, r[0]))
        return ready

    # -- one file -----------------------------------------------------------------------------
    def _import_one(self, name: str, seen: _Seen, state: TaskState) -> WatchEvent | None:
        from media.analysis import MediaError
        from media.ffmpeg import FfmpegError, FfmpegMissing
        from station.library import ingest

        path = self.folder / name
        sig = (seen.size, seen.mtime_ns)
        now_sig = _signature(path)
        if now_sig is None:
            self._seen.pop(name, None)
            return self._event("vanished", name)
        if now_sig != sig:
            self._seen[name] = _Seen(now_sig[0], now_sig[1], time.monotonic())
            return None  # still growing
        if not _valid_unicode(name):
            return self._refuse(name, sig, QT_TRANSLATE_NOOP(
                "errors", "the file name is not valid text (it was written by a system with "
                          "another character set); rename the file and put it back"), {},
                "errors")
        try:
            result, _ = ingest.import_file(self.st, path, category=self.category, state=state)
        except Cancelled:
            raise
        except PermissionDenied:
            raise
        except (DataDirError, FfmpegMissing) as exc:
            # The station cannot import anything now (full disk...): the file stays put.
            template, params, context = _reason(exc)
            return self._event("error", name, template=template, params=params, context=context)
        except (StationError, MediaError, FfmpegError, ValueError, OSError) as exc:
            return self._failed(name, sig, exc)
        except Exception as exc:  # a bug must not make us retry the same file every scan
            log.exception("watch folder: importing %s failed", _printable(name))
            self._skip[name] = sig
            template, params, context = _reason(exc)
            return self._event("failed", name, template=template, params=params,
                               context=context)
        self._seen.pop(name, None)
        kind = "imported" if result.status == "imported" else "duplicate"
        if _signature(path) != sig:
            # Written to again after a pause longer than the settle time: leave it, so the
            # complete file is imported (as new content) once it is stable.
            log.warning("watch folder: %s changed right after its import", _printable(name))
            return self._event(kind, name, item_id=result.item.id, title=result.item.title)
        moved = self._move(name, IMPORTED_DIR, sig)
        return self._event(kind, name, item_id=result.item.id, title=result.item.title,
                           moved_to=moved)

    def _failed(self, name: str, sig: tuple[int, int], exc: Exception) -> WatchEvent | None:
        """After a refusal: a file that vanished or changed meanwhile is not at fault."""
        path = self.folder / name
        after = _signature(path)
        if after is None:
            self._seen.pop(name, None)
            return self._event("vanished", name)
        if after != sig:  # changed while we read it: not finished yet, try again later
            self._seen[name] = _Seen(after[0], after[1], time.monotonic())
            return None
        if isinstance(exc, OSError) and (getattr(exc, "winerror", None) in _SHARING_VIOLATION
                                          or exc.errno == errno.EBUSY):
            # Windows: its writer still holds it open. Try again once it settles again.
            self._seen[name] = _Seen(sig[0], sig[1], time.monotonic())
            return None
        template, params, context = _reason(exc)
        return self._refuse(name, sig, template, params, context)

    def _refuse(self, name: str, sig: tuple[int, int], template: str, params: dict[str, Any],
                context: str) -> WatchEvent:
        self._seen.pop(name, None)
        moved = self._move(name, REFUSED_DIR, sig)
        if moved is not None:
            self._write_reason(Path(moved), template, params, context)
        self.st.audit("item.import_refused", "file", "", {
            "folder": str(self.folder), "file": _printable(name),
            "reason": _format(template, params),
            "moved_to": _printable(moved) if moved else None})
        return self._event("refused", name, template=template, params=params, context=context,
                           moved_to=moved)

    def _event(self, kind: str, name: str, **kw: Any) -> WatchEvent:
        return WatchEvent(kind, _printable(name), str(self.folder), **kw)

    def _move(self, name: str, subfolder: str, sig: tuple[int, int]) -> str | None:
        """Move the file into ``subfolder``, never over another file. If the folder is
        read-only the file stays and is skipped until it changes, so it is not imported twice."""
        source = self.folder / name
        target_dir = self.folder / subfolder
        try:
            target_dir.mkdir(exist_ok=True)
            target = _free_name(target_dir, name)
            os.rename(source, target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cannot move %s into %s: %s", _printable(name), subfolder, exc)
            self._skip[name] = sig
            return None
        return str(target)

    def _write_reason(self, moved: Path, template: str, params: dict[str, Any],
                      context: str) -> None:
        def say(ctx: str, text: str, **values: Any) -> str:
            return _format(self.translate(ctx, text), values)

        reason = say(context, template, **params) or _format(template, params)
        lines = [
            say("watchfolder", _NOTE_FILE, name=_printable(moved.name)),
            say("watchfolder", _NOTE_REASON, reason=reason),
            say("watchfolder", _NOTE_TIME, time=_local_now(self.st)),
            "",
            say("watchfolder", _NOTE_AGAIN, folder=_printable(str(self.folder))),
        ]
        english = _format(template, params)
        if english != reason:
            lines += ["", f"({english})"]
        note = moved.with_name(moved.name + REASON_SUFFIX)
        try:
            # UTF-8 with a BOM and CRLF: Notepad on an old Windows shows the Vietnamese right.
            with open(note, "w", encoding="utf-8-sig", errors="replace", newline="\r\n") as fh:
                fh.write("\n".join(lines) + "\n")
        except OSError as exc:
            log.warning("cannot write %s: %s", note, exc)


# The lines of a "<name>.lỗi.txt" note, read by the station's staff.
_NOTE_FILE = QT_TRANSLATE_NOOP("watchfolder", "The file {name} was not imported.")
_NOTE_REASON = QT_TRANSLATE_NOOP("watchfolder", "Reason: {reason}")
_NOTE_TIME = QT_TRANSLATE_NOOP("watchfolder", "Time: {time}")
_NOTE_AGAIN = QT_TRANSLATE_NOOP("watchfolder", "Fix the file, then put it back in the folder "
                                               "{folder} to import it again.")


class _Share(TaskState):
    """The state of file n of count: its progress fills that file's share of the scan's, and
    it is cancelled when the scan is (ffmpeg polls ``cancelled``)."""

    def __init__(self, parent: TaskState, n: int, count: int) -> None:
        super().__init__(lambda f, t: parent.progress((n + f) / count, t))
        self.parent = parent

    def cancel(self) -> None:
        self.parent.cancel()

    @property
    def cancelled(self) -> bool:
        return self.parent.cancelled

    def check(self) -> None:
        self.parent.check()


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _hidden(info: os.stat_result) -> bool:
    attributes = getattr(info, "st_file_attributes", 0)  # Windows only
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _valid_unicode(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False  # undecodable bytes (os.fsdecode's surrogate escapes)
    return True


def _printable(name: str) -> str:
    return unicodedata.normalize("NFC", name.encode("utf-8", "replace").decode("utf-8"))


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists() and not target.with_name(name + REASON_SUFFIX).exists():
        return target
    stem, dot, ext = name.rpartition(".")
    if not stem:
        stem, dot, ext = name, "", ""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        candidate = f"{stem} {stamp}{f' ({n})' if n > 1 else ''}{dot}{ext}"
        target = folder / candidate
        if not target.exists() and not target.with_name(candidate + REASON_SUFFIX).exists():
            return target
        n += 1


def _reason(exc: BaseException) -> tuple[str, dict[str, Any], str]:
    from media.analysis import MediaError

    if isinstance(exc, StationError):
        return exc.template, dict(exc.params), "errors"
    if isinstance(exc, MediaError):
        return exc.template, dict(exc.params), "media"
    if isinstance(exc, OSError):
        return (QT_TRANSLATE_NOOP("errors", "file error: {reason}"),
                {"reason": exc.strerror or str(exc)}, "errors")
    return str(exc) or type(exc).__name__, {}, "errors"


def _format(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template


def _local_now(st: Station) -> str:
    return fmt_date_time(datetime.now(UTC), zone(st), seconds=True)


# -- the folders a station watches -------------------------------------------------------------------
@dataclass(frozen=True)
class WatchedFolder:
    path: str
    category: str = ""


def watched_folders(st: Station) -> list[WatchedFolder]:
    """The folders in the settings, in the order they were added."""
    found = []
    for entry in settings.WATCH_FOLDERS.get(st.db):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str) and entry["path"]:
            category = entry.get("category")
            found.append(WatchedFolder(entry["path"],
                                       category if isinstance(category, str) else ""))
    return found


def _same_folder(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def add_watched_folder(st: Station, folder: Path | str, category: str = "") -> Changes:
    """Watch ``folder`` (imports get ``category``); adding a watched folder again updates its
    category."""
    st.require(Right.SETTINGS_MANAGE, "watch folder")
    path = str(Path(folder).expanduser().absolute())
    category = nfc(category)
    if not Path(path).is_dir():
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{path} is not a folder"), path=path)
    if Path(path).resolve().is_relative_to(st.datadir.root):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a watched folder cannot be inside the "
                                                          "station's data folder"))
    entries = [{"path": f.path, "category": f.category} for f in watched_folders(st)
               if not _same_folder(f.path, path)]
    entries.append({"path": path, "category": category})
    with st.db.atomic():
        settings.WATCH_FOLDERS.set(st.db, entries)
        st.audit("settings.watch_folder", "setting", settings.WATCH_FOLDERS.key,
                 {"added": path, "category": category})
    return Changes(settings=True, audit=True)


def remove_watched_folder(st: Station, folder: Path | str) -> Changes:
    st.require(Right.SETTINGS_MANAGE, "watch folder")
    path = str(Path(folder).expanduser().absolute())
    current = watched_folders(st)
    entries = [{"path": f.path, "category": f.category} for f in current
               if not _same_folder(f.path, path)]
    if len(entries) == len(current):
        return Changes()
    with st.db.atomic():
        settings.WATCH_FOLDERS.set(st.db, entries)
        st.audit("settings.watch_folder", "setting", settings.WATCH_FOLDERS.key,
                 {"removed": path})
    return Changes(settings=True, audit=True)


def watchers(st: Station, translate: Translate | None = None) -> list[WatchFolder]:
    """One WatchFolder per folder in the settings; keep them between scans (they remember
    which files are still being written)."""
    return [WatchFolder(st, f.path, f.category, translate=translate) for f in watched_folders(st)]
