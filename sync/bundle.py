"""The station's side of a folder bundle (sneakernet): ``station sync export-bundle DIR``
writes what waits to go up; ``station sync import-bundle DIR`` applies what the province
sent back. The outbox is not emptied by an export: the hub dedupes by mutation id, so the
same changes sent online later are answered with their first result."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from media.analysis import MediaError
from media.taskstate import TaskState, null_state
from station import settings
from station.changes import Changes
from station.clock import now_iso
from station.errors import StationError
from station.rights import Right
from station.station import Station
from sync import outbox
from sync.bundle_format import (
    BundleError,
    MediaEntry,
    copy_media,
    read_bundle,
    write_bundle,
)
from sync.errors import QT_TRANSLATE_NOOP, Problem, problem_of

log = logging.getLogger(__name__)


@dataclass
class BundleReport:
    mutations: int = 0
    changes: int = 0
    files: int = 0
    files_copied: int = 0
    bytes: int = 0
    imported: int = 0  # relay items that landed in the library
    # Typed lines (templates with params): the UI translates them, str() is English.
    warnings: list[StationError | MediaError] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        return {"mutations": self.mutations, "changes": self.changes, "files": self.files,
                "files_copied": self.files_copied, "bytes": self.bytes,
                "imported": self.imported, "warnings": [str(w) for w in self.warnings]}


class _Progress:
    """Byte-weighted progress for one pass over the files."""

    def __init__(self, state: TaskState, total: int, start: float, span: float) -> None:
        self.state, self.total, self.start, self.span = state, max(total, 1), start, span
        self.done = 0

    def step(self, n: int) -> None:
        self.done += n
        self.state.progress(self.start + self.span * min(self.done / self.total, 1.0))


def export_bundle(st: Station, folder: Path | str,
                  state: TaskState | None = None) -> BundleReport:
    """Write every waiting change and every file the hub lacks into ``folder``. Run again
    after a cut or a pulled drive: files already copied whole are kept."""
    from sync.engine import _add_bases, media_to_upload

    st.require(Right.SYNC_RUN, "export bundle")
    state = state or null_state()
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BundleError(QT_TRANSLATE_NOOP("sync", "cannot write the bundle to {folder}: "
                                            "{reason}"), folder=str(folder),
                          reason=exc.strerror or str(exc)) from exc
    db = st.db
    outbox.scan(st)
    rows = db.execute("SELECT id, entity, entity_id, op, fields, hlc FROM sync_outbox"
                      " ORDER BY seq").fetchall()
    mutations = [{"id": r[0], "entity": r[1], "entity_id": r[2], "op": r[3],
                  "fields": json.loads(r[4]), "hlc": r[5]} for r in rows]
    _add_bases(db, mutations)
    files = [MediaEntry(sha, size, ext) for sha, ext, size in media_to_upload(st)]
    report = BundleReport(mutations=len(mutations), files=len(files),
                          bytes=sum(f.size for f in files))
    progress = _Progress(state, report.bytes, 0.0, 0.98)
    try:
        for f in files:
            if copy_media(st.store.path(f.sha256, f.ext), folder, f, progress.step, state.check):
                report.files_copied += 1
        write_bundle(folder, "up", outbox.get_state(db, "station_id"),
                     settings.STATION_NAME.get(db), outbox.get_state(db, "cursor"), mutations,
                     files)
    except OSError as exc:
        raise BundleError(QT_TRANSLATE_NOOP("sync", "cannot write the bundle to {folder}: "
                                            "{reason}"), folder=str(folder),
                          reason=exc.strerror or str(exc)) from exc
    state.progress(1.0)
    st.audit("sync.bundle_export", "bundle", str(folder), report.to_json_dict())
    return report


def import_bundle(st: Station, folder: Path | str,
                  state: TaskState | None = None) -> tuple[BundleReport, Changes]:
    """Apply a bundle the hub exported for this station: checked whole first (hashes,
    station), then the files go into the store and the changes are applied with the new
    cursor in one transaction. Relay items with their file land in the library."""
    from sync.engine import SyncReport, apply_changes

    st.require(Right.SYNC_RUN, "import bundle")
    state = state or null_state()
    db = st.db
    folder = Path(folder)
    total = 0
    try:
        manifest = json.loads((folder / "station-bundle.json").read_bytes())
        total = sum(int(m.get("size", 0)) for m in manifest.get("media", []))
    except (OSError, ValueError, AttributeError, TypeError):
        pass  # read_bundle says what is wrong
    checking = _Progress(state, total, 0.0, 0.5)
    bundle = read_bundle(folder, "down", check=state.check, step=checking.step)
    own = outbox.get_state(db, "station_id")
    name = settings.STATION_NAME.get(db)
    if (own and bundle.station_id != own) or (not own and bundle.station_name != name):
        raise BundleError(QT_TRANSLATE_NOOP("sync", "this bundle is for the station "
                                            "\u201c{name}\u201d, not this one; nothing was "
                                            "applied"), name=bundle.station_name)
    report = BundleReport(changes=len(bundle.records), files=len(bundle.media),
                          bytes=bundle.media_bytes)
    placing = _Progress(state, bundle.media_bytes, 0.5, 0.3)
    with _placing(st, bundle.media) as new:
        fresh = {(m.sha256, m.ext) for m in new}
        for m in bundle.media:
            state.check()
            if (m.sha256, m.ext) in fresh and not st.store.has(m.sha256, m.ext):
                temp = st.store.new_temp()
                with open(bundle.media_path(m.sha256), "rb") as src:
                    got = st.store.copy_in(src, temp)
                if got != m.sha256:
                    temp.unlink(missing_ok=True)
                    raise BundleError(QT_TRANSLATE_NOOP("sync", "the file {name} of the bundle "
                                                        "is damaged (its SHA-256 differs); "
                                                        "nothing was applied"), name=m.sha256)
                st.store.commit(temp, m.sha256, m.ext)
                report.files_copied += 1
            placing.step(m.size)
        sync_report = SyncReport()
        mine = {r[0] for r in db.execute("SELECT id FROM sync_outbox")}
        with db.atomic():
            if not own:
                outbox.set_state(db, "station_id", bundle.station_id)
            apply_changes(st, bundle.records, sync_report, mine=mine)
            if bundle.cursor:
                outbox.set_state(db, "cursor", bundle.cursor)
            for m in bundle.media:  # these are here now: nothing to fetch, nothing to send
                db.execute("UPDATE sync_downloads SET status = 'done' WHERE sha256 = ?",
                           [m.sha256])
            st.audit("sync.bundle_import", "bundle", str(folder),
                     {"changes": report.changes, "files": report.files})
        report.warnings += sync_report.warnings
        report.imported = _import_relay_items(st, bundle.records, bundle.media, report, state)
    state.progress(1.0)
    return report, Changes(library=True, schedule=True, sync=True, audit=True)


@contextmanager
def _placing(st: Station, media: list[MediaEntry]) -> Iterator[list[MediaEntry]]:
    """The bundle's files that are not in the store yet, placed under store intents (the
    protocol of ``station.library.items.place_file``, for many files): when the import ends, a
    file that no asset row owns (the transaction failed, a relay file was refused) is
    removed; a crash leaves the intents, and the start-up recovery sweep does the same."""
    db = st.db
    pid = os.getpid()
    new = [m for m in media if not st.store.has(m.sha256, m.ext)]
    with db.atomic():
        db.conn.executemany("INSERT OR IGNORE INTO store_intents (sha256, ext, pid, created_at)"
                            " VALUES (?, ?, ?, ?)",
                            [(m.sha256, m.ext, pid, now_iso()) for m in new])
    try:
        yield new
    finally:
        with db.atomic():
            for m in new:
                owned = db.execute("SELECT 1 FROM assets WHERE sha256 = ? AND ext = ?",
                                   [m.sha256, m.ext]).fetchone()
                if owned is None:
                    st.store.remove(m.sha256, m.ext)
                db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?",
                           [m.sha256, pid])


def _import_relay_items(st: Station, records: list[dict[str, Any]], media: list[MediaEntry],
                        report: BundleReport, state: TaskState) -> int:
    """Relay items that came with their file land in the library like a feed download."""
    from station.library import ingest
    from sync import province_relay

    have = {m.sha256: m for m in media}
    count = 0
    for ch in records:
        data = ch.get("data") or {}
        sha = str(data.get("sha256", ""))
        if ch.get("entity") != "relay_item" or ch.get("op") == "delete" or sha not in have:
            continue
        guid = str(ch.get("entity_id") or "")
        known = st.db.execute("SELECT id FROM items WHERE asset_sha256 = ?", [sha]).fetchone()
        if known:  # the library has the file: it is still this feed's episode
            province_relay.mark_bundled(st, str(known[0]), data, guid)
            continue
        state.check()
        path = st.store.path(sha, have[sha].ext)
        try:
            result, _ = ingest.import_file(st, path, title=str(data.get("title") or "") or None,
                                           category=str(data.get("category") or ""),
                                           description=str(data.get("description") or ""))
            # Marked like a feed download (feed, guid, publication time): relay slots play it.
            province_relay.mark_bundled(st, result.item.id, data, guid)
            count += 1
        except Exception as exc:  # one bad relay file must not undo the others
            log.warning("relay item %s not imported: %s", ch.get("entity_id"), exc)
            report.warnings.append(Problem(QT_TRANSLATE_NOOP(
                "sync", "the relay item \u201c{title}\u201d was not imported: {reason}"),
                title=str(data.get("title") or ""), reason=problem_of(exc)))
    return count
