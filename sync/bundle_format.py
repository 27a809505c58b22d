"""The USB/folder bundle ("station-bundle/1") for stations whose link is down for weeks.

A bundle is a folder::

    station-bundle.json         the manifest, written last (no manifest: an unfinished bundle)
    records.jsonl               one JSON object a line: mutations (up) or changes (down)
    media/ab/<sha256>           files, content-addressed, no extension

The manifest names the station, the direction, the change cursor, and the size and SHA-256 of
the records file and of every media file. Reading a bundle checks all of it before anything
is applied: every name is built from a hash (no path comes from the bundle), every file must
have its size and hash, the station must be the right one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from media.files import atomic_file, write_atomic
from station.clock import now_iso
from sync.errors import QT_TRANSLATE_NOOP, SyncError

FORMAT = "station-bundle/1"
MANIFEST = "station-bundle.json"
RECORDS = "records.jsonl"
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
EXT_RE = re.compile(r"^[a-z0-9]{0,10}$")
CHUNK = 1 << 20


class BundleError(SyncError):
    """A bundle cannot be written or read (params say why); nothing was applied. Its
    templates are in the "sync" translation context."""

    context = "sync"


def media_rel(sha256: str) -> str:
    return f"media/{sha256[:2]}/{sha256}"


@dataclass(frozen=True)
class MediaEntry:
    sha256: str
    size: int
    ext: str
    mime: str = ""


@dataclass
class Bundle:
    folder: Path
    direction: str  # 'up' (station to hub) or 'down'
    station_id: str
    station_name: str
    cursor: str
    records: list[dict[str, Any]]
    media: list[MediaEntry]
    created_at: str = ""

    def media_path(self, sha256: str) -> Path:
        return self.folder / media_rel(sha256)

    @property
    def media_bytes(self) -> int:
        return sum(m.size for m in self.media)


def hash_file(path: Path, check: Callable[[], None] | None = None,
              step: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            if step is not None:
                step(len(chunk))
            if check is not None:
                check()
    return digest.hexdigest()


def copy_media(source: Path | BinaryIO, folder: Path, entry: MediaEntry,
               step: Callable[[int], None], check: Callable[[], None]) -> bool:
    """Copy one file into the bundle unless a complete copy is there; returns whether it
    copied. A copy is written under a temporary name and renamed when whole, so a drive
    pulled out midway leaves no file that looks complete (and the next run copies it)."""
    final = folder / media_rel(entry.sha256)
    if final.is_file() and final.stat().st_size == entry.size:
        step(entry.size)
        return False
    final.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    opened = open(source, "rb") if isinstance(source, Path) else nullcontext(source)  # noqa: SIM115
    with opened as src, atomic_file(final) as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            step(len(chunk))
            check()
        if digest.hexdigest() != entry.sha256:
            raise BundleError(QT_TRANSLATE_NOOP("sync", "the file {sha256} changed while it "
                                                "was being copied; export again"),
                              sha256=entry.sha256)
    return True


def write_bundle(folder: Path, direction: str, station_id: str, station_name: str,
                 cursor: str, records: Iterable[dict[str, Any]],
                 media: list[MediaEntry]) -> Path:
    """Write the records file, then the manifest (media must already be copied)."""
    old = folder / MANIFEST
    old.unlink(missing_ok=True)  # a bundle being rewritten is unfinished until the end
    lines = b"".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                     for r in records)
    write_atomic(folder / RECORDS, lines)
    manifest = {
        "format": FORMAT, "direction": direction, "station_id": station_id,
        "station_name": station_name, "cursor": cursor, "created_at": now_iso(),
        "records": {"path": RECORDS, "size": len(lines), "count": lines.count(b"\n"),
                    "sha256": hashlib.sha256(lines).hexdigest()},
        "media": [{"sha256": m.sha256, "size": m.size, "ext": m.ext, "mime": m.mime}
                  for m in media],
    }
    write_atomic(old, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return old


def _refuse(template: str, **params: Any) -> BundleError:
    return BundleError(template, **params)


def _inside(folder: Path, rel: str) -> Path:
    """The file ``rel`` of the bundle; refused when it would lead out of the folder (a link
    planted on the drive, say)."""
    path = (folder / rel)
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise _refuse(QT_TRANSLATE_NOOP("sync", "the bundle names a file outside its folder "
                                        "({name}); nothing was applied"), name=rel)
    return path


def read_bundle(folder: Path | str, direction: str, *,
                check: Callable[[], None] | None = None,
                step: Callable[[int], None] | None = None) -> Bundle:
    """Read and check a whole bundle (every hash); raise BundleError with the reason."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise _refuse(QT_TRANSLATE_NOOP("sync", "{folder} holds no finished bundle (no "
                                        "{manifest}): export it again"),
                      folder=str(folder), manifest=MANIFEST)
    try:
        m = json.loads(manifest_path.read_bytes())
        assert isinstance(m, dict) and m.get("format") == FORMAT
        rec = m["records"]
        media_in = m["media"]
        assert isinstance(rec, dict) and isinstance(media_in, list)
    except (ValueError, KeyError, AssertionError, TypeError):
        raise _refuse(QT_TRANSLATE_NOOP("sync", "the bundle's manifest is damaged or of "
                                        "another kind")) from None
    if m.get("direction") != direction:
        # One whole sentence per case: a translator cannot fit "the hub" into another
        # language's sentence as a separate English word.
        raise _refuse(QT_TRANSLATE_NOOP("sync", "this bundle goes the other way (it was made "
                                        "for the hub); nothing was applied")
                      if m.get("direction") == "up" else
                      QT_TRANSLATE_NOOP("sync", "this bundle goes the other way (it was made "
                                        "for a station); nothing was applied"))
    if rec.get("path") != RECORDS:
        raise _refuse(QT_TRANSLATE_NOOP("sync", "the bundle names a file outside its folder "
                                        "({name}); nothing was applied"), name=str(rec.get("path")))
    records_path = _inside(folder, RECORDS)
    data = records_path.read_bytes() if records_path.is_file() else b""
    if len(data) != rec.get("size") or hashlib.sha256(data).hexdigest() != rec.get("sha256"):
        raise _refuse(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle is incomplete "
                                        "or damaged; copy the bundle again"), name=RECORDS)
    try:
        records = [json.loads(line) for line in data.splitlines() if line.strip()]
        assert all(isinstance(r, dict) for r in records)
    except (ValueError, AssertionError):
        raise _refuse(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle is incomplete "
                                        "or damaged; copy the bundle again"), name=RECORDS) from None
    media: list[MediaEntry] = []
    for entry in media_in:
        sha = str(entry.get("sha256", "")) if isinstance(entry, dict) else ""
        ext = str(entry.get("ext", "")) if isinstance(entry, dict) else ""
        if not SHA_RE.match(sha) or not EXT_RE.match(ext) or \
                ("path" in entry and entry["path"] != media_rel(sha)):
            raise _refuse(QT_TRANSLATE_NOOP("sync", "the bundle names a file outside its "
                                            "folder ({name}); nothing was applied"),
                          name=str(entry.get("path") if isinstance(entry, dict) else entry))
        size = int(entry.get("size", -1))
        path = _inside(folder, media_rel(sha))
        if not path.is_file() or path.stat().st_size != size:
            raise _refuse(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle is "
                                            "incomplete or missing; copy the bundle again"),
                          name=media_rel(sha))
        if hash_file(path, check, step) != sha:
            raise _refuse(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle is "
                                            "damaged (its SHA-256 differs); nothing was "
                                            "applied"), name=media_rel(sha))
        media.append(MediaEntry(sha, size, ext, str(entry.get("mime", ""))[:100]))
    return Bundle(folder, direction, str(m.get("station_id", "")),
                  str(m.get("station_name", "")), str(m.get("cursor", "")), records, media,
                  str(m.get("created_at", "")))


def batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
