"""The hub's side of a folder bundle: ``station hub import-bundle DIR`` applies what a station
exported (every file re-hashed, mutations deduplicated by id, all in one transaction) and
``station hub export-bundle --station NAME DIR`` writes the station's change feed since the
cursor its last bundle carried, with the files it lacks (relay items, other workstations'
media)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.ids import uuid7
from sync.bundle_format import (
    BundleError,
    MediaEntry,
    copy_media,
    read_bundle,
    write_bundle,
)
from sync.errors import QT_TRANSLATE_NOOP
from sync.hub import mutations
from sync.hub.db import placeholders
from sync.hub.store import HubStore


@dataclass
class HubBundleReport:
    station: str
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    files: int = 0
    files_new: int = 0
    changes: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _station(store: HubStore, sid: str = "", name: str = "") -> tuple[str, str]:
    with store.read() as c:
        if sid:
            row = c.execute("SELECT id, name FROM stations WHERE id = ?", [sid]).fetchone()
        else:
            rows = c.execute("SELECT id, name FROM stations WHERE name = ?", [name]).fetchall()
            row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise BundleError(QT_TRANSLATE_NOOP("sync", "the hub knows no station "
                                            "\u201c{name}\u201d; nothing was applied"),
                          name=sid or name)
    return str(row[0]), str(row[1])


def import_bundle(store: HubStore, folder: Path | str, station: str = "") -> HubBundleReport:
    """Apply a station's bundle. ``station`` (a name) is needed only when the bundle does not
    carry the station's id (it never synced online); when both are there they must agree."""
    bundle = read_bundle(folder, "up")  # every hash checked before anything is applied
    if bundle.station_id:
        sid, name = _station(store, sid=bundle.station_id)
        if station and station != name:
            raise BundleError(QT_TRANSLATE_NOOP("sync", "this bundle is for the station "
                                                "\u201c{name}\u201d, not this one; nothing "
                                                "was applied"), name=name)
    else:
        sid, name = _station(store, name=station or bundle.station_name)
    report = HubBundleReport(name, files=len(bundle.media))
    for m in bundle.media:
        if store.owns(sid, m.sha256):
            continue
        temp = store.uploads / f"bundle-{uuid7()}"
        digest = hashlib.sha256()
        with open(bundle.media_path(m.sha256), "rb") as src, open(temp, "wb") as out:
            while chunk := src.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != m.sha256:  # re-hashed as it is placed, like a tus commit
            temp.unlink(missing_ok=True)
            raise BundleError(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle is "
                                                "damaged (its SHA-256 differs); nothing was "
                                                "applied"), name=m.sha256)
        store.place_media(temp, m.sha256, m.size, sid)  # the bytes came: the station owns it
        report.files_new += 1
    ids = [str(r.get("id")) for r in bundle.records]
    with store.tx(lock=sid) as c:
        known = {r[0] for r in c.execute(
            f"SELECT id FROM mutations WHERE station_id = ? AND id IN ({placeholders(len(ids))})",
            [sid, *(ids or [""])])}
        results = mutations.apply_in(store, c, sid, bundle.records)
        if bundle.cursor:
            c.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key)"
                      " DO UPDATE SET value = excluded.value",
                      [f"bundle_cursor:{sid}", bundle.cursor])
    for rec, res in zip(bundle.records, results, strict=True):
        if rec.get("id") in known:
            report.duplicates += 1
        elif res.get("status") == "applied":
            report.applied += 1
        else:
            report.rejected += 1
    return report


def export_bundle(store: HubStore, station: str, folder: Path | str) -> HubBundleReport:
    """Write the station's feed since the cursor of its last bundle (all of it when none)
    and the files it needs into ``folder``."""
    try:
        sid, name = _station(store, sid=station)
    except BundleError:
        sid, name = _station(store, name=station)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    after = store.read_cursor(store.meta(f"bundle_cursor:{sid}", "")) or (0, 0)
    changes: list[dict[str, Any]] = []
    while True:
        page, last, more = mutations.changes_page(store, sid, after, 1000)
        changes += page
        after = last
        if not more:
            break
    wanted: dict[str, str] = {}  # sha256 -> ext
    for ch in changes:
        data = ch.get("data") or {}
        if ch.get("op") == "delete":
            continue
        if ch.get("entity") == "relay_item" and data.get("sha256"):
            wanted[str(data["sha256"])] = str(data.get("ext") or "")
        elif ch.get("entity") == "asset":
            wanted[str(ch["entity_id"])] = str(data.get("ext") or "")
    files: list[MediaEntry] = []
    for sha, ext in wanted.items():
        # The station has its own files; another station's are not its to get.
        if store.owns(sid, sha) or not store.may_read(sid, sha):
            continue
        with store.read() as c:
            row = c.execute("SELECT size, mime FROM assets WHERE sha256 = ?", [sha]).fetchone()
        files.append(MediaEntry(sha, int(row[0]), ext, str(row[1])))
    for f in files:
        with store.media.open(f.sha256) as src:
            copy_media(src, folder, f, lambda _n: None, lambda: None)
    write_bundle(folder, "down", sid, name, store.make_cursor(after), changes, files)
    return HubBundleReport(name, files=len(files), files_new=len(files), changes=len(changes))


