"""Library items and their files in the media store.

Placing a file is crash-safe in four steps: copy to a temp file (hashing as it goes); record
the intent to place it; rename it into the store; insert asset, item and audit entry in one
transaction that also clears the intent. The recovery sweep undoes any step left alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.ids import uuid7
from station.outbox import note
from station.rights import Right
from station.station import Station
from station.text import nfc

KINDS = ("audio", "video", "image", "text")
# Items in the bin (station.library.bin) are out of every list and picker.
NOT_BINNED = "id NOT IN (SELECT item_id FROM item_bin)"


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    title: str
    description: str
    category: str
    duration_s: float | None
    asset_sha256: str | None
    created_at: str
    created_by: str

    def to_json_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title,
                "description": self.description, "category": self.category,
                "duration_s": self.duration_s, "sha256": self.asset_sha256,
                "created_at": self.created_at, "created_by": self.created_by}


_COLUMNS = ("id, kind, title, description, category, duration_s, asset_sha256, created_at,"
            " created_by")


def new_item(st: Station, kind: str, title: str, *, description: str = "", category: str = "",
             duration_s: float | None = None, asset_sha256: str | None = None) -> Item:
    if kind not in KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown item kind: {kind}"), kind=kind)
    title = nfc(title)
    if not title:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "an item needs a title"))
    return Item(uuid7(), kind, title, nfc(description), nfc(category), duration_s, asset_sha256,
                now_iso(), st.actor)


def insert_item(st: Station, item: Item, body: str | None = None,
                **fields: object) -> None:
    """Insert ``item`` and any further metadata columns (series, speaker, gain_db, ...)."""
    columns: dict[str, object] = {"id": item.id, "kind": item.kind, "title": item.title,
               "description": item.description, "category": item.category,
               "asset_sha256": item.asset_sha256, "duration_s": item.duration_s,
               "body": nfc(body) if body else None, "created_at": item.created_at,
               "created_by": item.created_by, "updated_at": item.created_at}
    columns.update({k: nfc(v) if isinstance(v, str) else v for k, v in fields.items()})
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    st.db.execute(f"INSERT INTO items ({names}) VALUES ({marks})", list(columns.values()))
    # Queued for the hub in the same transaction: the asset first, as the item refers to it.
    if item.asset_sha256:
        note(st, "asset", item.asset_sha256)
    note(st, "item", item.id)


def place_file(st: Station, temp: Path, sha256: str, ext: str,
               write_rows: Callable[[], None]) -> Path:
    """Move a finished temp file into the store and run ``write_rows`` (which inserts the
    asset row) in the same transaction that clears the intent. On failure nothing stays."""
    pid = os.getpid()
    db = st.db
    with db.atomic():
        db.execute("INSERT OR IGNORE INTO store_intents (sha256, ext, pid, created_at)"
                   " VALUES (?, ?, ?, ?)", [sha256, ext, pid, now_iso()])
    final = st.store.commit(temp, sha256, ext)
    try:
        with db.atomic():
            write_rows()
            db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?", [sha256, pid])
    except BaseException:
        owned = db.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        if owned is None:
            st.store.remove(sha256, ext)
        db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?", [sha256, pid])
        raise
    return final


def add_text(st: Station, title: str, body: str, category: str = "") -> tuple[Item, Changes]:
    """A text bulletin: the text is the item (no file)."""
    st.require(Right.LIBRARY_IMPORT, "add text")
    if not nfc(body):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a text bulletin needs a title and a text"))
    item = new_item(st, "text", title, category=category)
    with st.db.atomic():
        insert_item(st, item, body)
        st.audit("item.create", "item", item.id, {"title": item.title, "kind": "text"})
    return item, Changes(library=True, audit=True)


def list_items(st: Station, limit: int = 100, offset: int = 0) -> list[Item]:
    """Items, newest first (not those in the bin)."""
    rows = st.db.execute(
        f"SELECT {_COLUMNS} FROM items WHERE {NOT_BINNED}"
        " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    ).fetchall()
    return [Item(*r) for r in rows]


def get_item(st: Station, item_id: str) -> Item | None:
    row = st.db.execute(f"SELECT {_COLUMNS} FROM items WHERE id = ?", [item_id]).fetchone()
    return Item(*row) if row else None


def count(st: Station) -> int:
    return int(st.db.execute(f"SELECT count(*) FROM items WHERE {NOT_BINNED}").fetchone()[0])


def titles(st: Station, item_ids: list[str]) -> dict[str, str]:
    """Item id -> title for those of ``item_ids`` that exist (one query, any number)."""
    rows = st.db.execute("SELECT id, title FROM items WHERE id IN"
                         " (SELECT value FROM json_each(?))", [json.dumps(item_ids)]).fetchall()
    return {r[0]: r[1] for r in rows}


def cached_peaks(st: Station, sha256: str) -> bytes | None:
    """The waveform peaks computed at import (media.peaks.WaveformPeaks bytes), if any."""
    row = st.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?", [sha256]).fetchone()
    return bytes(row[0]) if row is not None else None


def cached_picture(st: Station, sha256: str) -> bytes | None:
    """The preview picture made at import (a still of a video, a scaled image), if any."""
    row = st.db.execute("SELECT data FROM asset_previews WHERE sha256 = ?",
                        [sha256]).fetchone()
    return bytes(row[0]) if row is not None else None


def asset_path(st: Station, sha256: str) -> Path | None:
    """Where the media store keeps the file of ``sha256`` (None: no such asset)."""
    row = st.db.execute("SELECT ext FROM assets WHERE sha256 = ?", [sha256]).fetchone()
    return st.store.path(sha256, row[0]) if row else None


def file_path(st: Station, item: Item) -> Path | None:
    """The item's media file (None for a text item)."""
    return asset_path(st, item.asset_sha256) if item.asset_sha256 else None
