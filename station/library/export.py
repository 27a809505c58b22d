"""Exporting library items: each original file bit-exact, plus a JSON sidecar of its metadata.

Into a folder or one zip. File names come from the item titles, made safe for Windows and
Linux (any Unicode title, reserved names, length limits) and unique (case and normalisation
blind). Nothing half-written is ever visible: each file (or the whole zip) is written under a
temporary name and renamed when complete; on any failure or cancel everything this export
wrote is removed again, and the error says why (full disk, no permission, damaged store file).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import math
import os
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from media.files import atomic_file, fsync_dir
from media.taskstate import TaskState, null_state
from station import __version__
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, StationError
from station.rights import Right
from station.station import Station
from station.text import name_key

CHUNK = 4 << 20
MAX_STEM_BYTES = 150  # UTF-8 bytes; file systems allow 255, the rest is room for " (2).json"
SIDECAR_EXT = "json"
_SIDECAR_ESTIMATE = 64 << 10  # bytes per item for the free-space check
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')  # Windows refuses these; '/' splits paths everywhere
_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                       *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")})
_ALREADY_COMPRESSED = frozenset({"mp3", "m4a", "aac", "ogg", "opus", "flac", "wma", "mp4", "m4v",
                                 "mkv", "webm", "mov", "avi", "jpg", "jpeg", "png", "webp", "gif"})


class ExportError(StationError):
    """The export could not be written; nothing of it is left behind. The message says why."""


@dataclass(frozen=True)
class ExportedItem:
    id: str
    title: str
    files: tuple[str, ...]  # names in the folder or the zip: the original (or .txt), the sidecar


@dataclass(frozen=True)
class ExportReport:
    target: str  # the folder, or the zip file, written
    as_zip: bool
    items: tuple[ExportedItem, ...]
    not_found: tuple[str, ...] = ()  # ids that no longer exist
    bytes: int = 0
    files: tuple[str, ...] = field(default=())

    def to_json_dict(self) -> dict[str, Any]:
        return {"target": self.target, "zip": self.as_zip, "bytes": self.bytes,
                "items": [{"id": i.id, "title": i.title, "files": list(i.files)}
                          for i in self.items],
                "not_found": list(self.not_found)}


# -- names ----------------------------------------------------------------------------------------
def safe_stem(title: str, fallback: str = "item") -> str:
    """A file name stem from any title that Windows, macOS and Linux all accept."""
    text = unicodedata.normalize("NFC", title)
    text = _FORBIDDEN.sub("_", text)
    # Control, format (bidi overrides: a title must not spoof its extension) and surrogates.
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
                   for ch in text if unicodedata.category(ch) not in ("Cf", "Cs", "Co", "Cn"))
    text = " ".join(text.split()).strip(" .")  # Windows drops trailing dots and spaces
    text = _truncate_utf8(text, MAX_STEM_BYTES).rstrip(" .")
    if not text:
        text = fallback
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text
    return text


def _truncate_utf8(text: str, limit: int) -> str:
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", "ignore")
    while cut and unicodedata.category(cut[-1]).startswith("M"):
        cut = cut[:-1]  # never leave a mark without its letter
    return cut


class _Names:
    """Hands out unique stems: every file of one item shares its stem."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {name_key(n) for n in taken}

    def claim(self, title: str, fallback: str, extensions: Iterable[str]) -> str:
        base = safe_stem(title, fallback)
        exts = list(extensions)
        n = 1
        while True:
            stem = base if n == 1 else f"{base} ({n})"
            names = [f"{stem}.{e}" for e in exts]
            if not any(name_key(x) in self.taken for x in names):
                self.taken.update(name_key(x) for x in names)
                return stem
            n += 1


# -- the sidecar ----------------------------------------------------------------------------------
def _clean(value: Any) -> Any:
    """NFC text, and no NaN/Infinity (not JSON) anywhere."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, bytes):
        return None
    return value


def _row(st: Station, sql: str, key: str) -> dict[str, Any] | None:
    cursor = st.db.execute(sql, [key])
    row = cursor.fetchone()
    if row is None:
        return None
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


def sidecar(st: Station, item: dict[str, Any], asset: dict[str, Any] | None,
            file_name: str | None) -> dict[str, Any]:
    """Everything the station knows about an item, for the JSON beside its file."""
    asset = dict(asset) if asset else None
    tags: Any = {}
    if asset is not None:
        try:
            tags = json.loads(asset.pop("embedded_tags", "") or "{}")
        except ValueError:
            tags = {}
    loudness = None
    if asset is not None:
        loudness = {k: asset.get(k) for k in ("integrated_lufs", "lra_lu", "true_peak_dbtp",
                                              "sample_peak_dbfs")}
        loudness["air_gain_db"] = item.get("gain_db")
    return _clean({
        "format": "station-export", "version": 1, "app_version": __version__,
        "station": st.name, "exported_at": now_iso(), "exported_by": st.actor,
        "file": file_name,
        "item": item,
        "asset": asset,
        "loudness": loudness,
        "embedded_tags": tags,
    })


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


# -- errors -----------------------------------------------------------------------------------------
def _write_failure(exc: OSError, where: Path) -> ExportError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ExportError(QT_TRANSLATE_NOOP("errors", "the disk holding {path} is full; nothing "
                                                       "was exported"), path=str(where))
    return ExportError(QT_TRANSLATE_NOOP("errors", "cannot write to {path}: {reason}; nothing was "
                                                   "exported"),
                       path=str(where), reason=exc.strerror or str(exc))


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


# -- export -------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    id: str
    title: str
    item: dict[str, Any]
    asset: dict[str, Any] | None
    source: Path | None  # the store file, or None for a text bulletin
    ext: str


def export_items(st: Station, ids: Iterable[str], target: Path | str, *, as_zip: bool = False,
                 state: TaskState | None = None) -> ExportReport:
    """Copy each item's original and a JSON sidecar into the folder ``target`` (created if
    needed; existing files are never overwritten) or into the zip file ``target`` (an existing
    folder gets a new zip named after the station; an existing zip file is replaced only
    once the new one is complete). Raises ExportError, or Cancelled, leaving nothing behind."""
    st.require(Right.LIBRARY_VIEW, "export")
    state = state or null_state()
    target = Path(target).expanduser().absolute()
    if target.resolve().is_relative_to(st.datadir.root):
        raise ExportError(QT_TRANSLATE_NOOP("errors", "cannot export into the station's data "
                                                      "folder {path}"), path=str(st.datadir.root))
    plans, not_found = _plan(st, list(dict.fromkeys(ids)))
    if not plans:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "none of the selected items exists any more"))
    needed = sum(p.asset["size"] for p in plans if p.asset) + _SIDECAR_ESTIMATE * len(plans)
    if as_zip:
        if target.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = target / f"{safe_stem(st.name or 'station')} {stamp}.zip"
        written, total = _to_zip(st, plans, target, needed, state)
    else:
        written, total = _to_folder(st, plans, target, needed, state)
    st.audit("library.export", "item", plans[0].id if len(plans) == 1 else "", {
        "ids": [p.id for p in plans], "count": len(plans), "target": str(target),
        "zip": as_zip, "bytes": total, "not_found": not_found})
    state.progress(1.0, "")
    items = tuple(ExportedItem(p.id, p.title, names) for p, names in zip(plans, written, strict=True))
    return ExportReport(str(target), as_zip, items, tuple(not_found), total,
                        tuple(n for names in written for n in names))


def _plan(st: Station, ids: list[str]) -> tuple[list[_Plan], list[str]]:
    plans: list[_Plan] = []
    not_found: list[str] = []
    missing: list[str] = []
    for item_id in ids:
        item = _row(st, "SELECT * FROM items WHERE id = ?", item_id)
        if item is None:
            not_found.append(item_id)
            continue
        asset = _row(st, "SELECT * FROM assets WHERE sha256 = ?", item["asset_sha256"]) \
            if item.get("asset_sha256") else None
        source = None
        ext = "txt"
        if asset is not None:
            ext = asset["ext"] or "bin"
            source = st.store.path(asset["sha256"], asset["ext"])
            try:
                ok = source.stat().st_size == asset["size"]
            except OSError:
                ok = False
            if not ok:
                missing.append(item["title"])
                continue
        plans.append(_Plan(item_id, item["title"], item, asset, source, ext))
    if missing:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the stored file of {titles} is missing or "
                                                      "damaged: run 'station verify'; nothing was "
                                                      "exported"),
                          titles=", ".join(f"“{t}”" for t in missing[:5]) +
                          (" …" if len(missing) > 5 else ""))
    return plans, not_found


def _check_space(folder: Path, needed: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # cannot tell: the write itself will say if the disk fills
    if free < needed:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "not enough free space on {path}: the "
                                                      "export needs {needed}, {free} is free"),
                          path=str(folder), needed=_mb(needed), free=_mb(free))


def _copy(source: Path, out: IO[bytes], expected: str, title: str,
          progress: Callable[[int], None]) -> None:
    """Stream the stored file out, hashing it: what leaves the station is what was stored."""
    digest = hashlib.sha256()
    try:
        fh = open(source, "rb")  # noqa: SIM115 - read errors and write errors differ
    except OSError as exc:
        raise _read_failure(exc, title) from exc
    with fh:
        while True:
            try:
                chunk = fh.read(CHUNK)
            except OSError as exc:
                raise _read_failure(exc, title) from exc
            if not chunk:
                break
            digest.update(chunk)
            out.write(chunk)
            progress(len(chunk))
    if digest.hexdigest() != expected:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the stored file of “{title}” is damaged "
                                                      "(its SHA-256 does not match): run 'station "
                                                      "verify'; nothing was exported"), title=title)


def _read_failure(exc: OSError, title: str) -> ExportError:
    return ExportError(QT_TRANSLATE_NOOP("errors", "cannot read the stored file of “{title}”: "
                                                   "{reason}; nothing was exported"),
                       title=title, reason=exc.strerror or str(exc))


class _Progress:
    def __init__(self, state: TaskState, total: int) -> None:
        self.state, self.total, self.done, self.text = state, max(total, 1), 0, ""

    def add(self, n: int) -> None:
        self.done += n
        self.state.progress(min(self.done / self.total, 0.99), self.text)


def _names(plan: _Plan, stem: str) -> tuple[str, str, bytes | None]:
    """(file name, sidecar name, the text bulletin's bytes or None when a file is copied)."""
    text = None
    if plan.source is None:
        text = unicodedata.normalize("NFC", plan.item.get("body") or "").encode("utf-8")
    return f"{stem}.{plan.ext}", f"{stem}.{SIDECAR_EXT}", text


def _to_folder(st: Station, plans: list[_Plan], folder: Path, needed: int,
               state: TaskState) -> tuple[list[tuple[str, ...]], int]:
    if folder.exists() and not folder.is_dir():
        raise ExportError(QT_TRANSLATE_NOOP("errors", "{path} is not a folder"), path=str(folder))
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        existing = os.listdir(folder)
    except OSError as exc:
        raise _write_failure(exc, folder) from exc
    names = _Names(existing)
    finished: list[Path] = []
    progress = _Progress(state, needed)
    written: list[tuple[str, ...]] = []

    def put(name: str, data: bytes | None = None, plan: _Plan | None = None) -> None:
        final = folder / name
        with atomic_file(final) as out:
            if plan is not None:
                assert plan.source is not None and plan.asset is not None
                _copy(plan.source, out, plan.asset["sha256"], plan.title, progress.add)
            else:
                out.write(data or b"")
            if final.exists():  # appeared meanwhile: never overwrite someone's file
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(final))
        finished.append(final)

    try:
        _check_space(folder, needed)
        for plan in plans:
            state.check()
            progress.text = plan.title
            stem = names.claim(plan.title, plan.id, [plan.ext, SIDECAR_EXT])
            name, side, text = _names(plan, stem)
            if text is not None:
                put(name, data=text)
            else:
                put(name, plan=plan)
            put(side, data=_json_bytes(sidecar(st, plan.item, plan.asset, name)))
            written.append((name, side))
        fsync_dir(folder)
    except BaseException as exc:
        for path in finished:
            path.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise _write_failure(exc, folder) from exc
        raise
    return written, sum(p.stat().st_size for p in finished)


def _to_zip(st: Station, plans: list[_Plan], target: Path, needed: int,
            state: TaskState) -> tuple[list[tuple[str, ...]], int]:
    parent = target.parent
    if not parent.is_dir():
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the folder {path} does not exist"),
                          path=str(parent))
    names = _Names()
    progress = _Progress(state, needed)
    written: list[tuple[str, ...]] = []
    now = datetime.now()
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    try:
        _check_space(parent, needed)
        with atomic_file(target) as fh, zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
            for plan in plans:
                state.check()
                progress.text = plan.title
                stem = names.claim(plan.title, plan.id, [plan.ext, SIDECAR_EXT])
                name, side, text = _names(plan, stem)
                if text is not None:
                    _zip_bytes(zf, name, text, stamp)
                else:
                    assert plan.source is not None and plan.asset is not None
                    info = zipfile.ZipInfo(name, stamp)
                    info.compress_type = zipfile.ZIP_STORED if plan.ext in _ALREADY_COMPRESSED \
                        else zipfile.ZIP_DEFLATED
                    info.file_size = plan.asset["size"]  # lets zipfile choose zip64 when needed
                    with zf.open(info, "w") as out:
                        _copy(plan.source, out, plan.asset["sha256"], plan.title, progress.add)
                _zip_bytes(zf, side, _json_bytes(sidecar(st, plan.item, plan.asset, name)), stamp)
                written.append((name, side))
    except BaseException as exc:
        if isinstance(exc, OSError):
            raise _write_failure(exc, target) from exc
        raise
    return written, target.stat().st_size


def _zip_bytes(zf: zipfile.ZipFile, name: str, data: bytes,
               stamp: tuple[int, int, int, int, int, int]) -> None:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


