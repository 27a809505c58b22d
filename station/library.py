"""Library items and their files in the media store.

Adding a file is crash-safe in four steps: copy to a temp file (hashing as it goes); record
the intent to place it; rename it into the store; insert asset, item and audit entry in one
transaction that also clears the intent. The recovery sweep undoes any step left alone.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.station import Station

KINDS = ("audio", "video", "image", "text")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


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


def add_file(st: Station, source: Path, *, kind: str, title: str, description: str = "",
             category: str = "", duration_s: float | None = None,
             body: str | None = None) -> tuple[Item, Changes]:
    """Store ``source`` bit-exact (once per content) and add an item that points at it."""
    st.require(Right.LIBRARY_IMPORT, "import")
    if kind not in KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown item kind: {kind}"), kind=kind)
    title = nfc(title)
    if not title:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "an item needs a title"))
    ext = source.suffix.lower().lstrip(".")
    temp = st.store.new_temp()
    with open(source, "rb") as fh:
        sha256 = st.store.copy_in(fh, temp)
    size = temp.stat().st_size
    pid = os.getpid()
    db = st.db
    try:
        with db.atomic():
            db.execute("INSERT OR IGNORE INTO store_intents (sha256, ext, pid, created_at)"
                       " VALUES (?, ?, ?, ?)", [sha256, ext, pid, now_iso()])
        st.store.commit(temp, sha256, ext)
        now = now_iso()
        item = Item(uuid7(), kind, title, nfc(description), nfc(category), duration_s, sha256,
                    now, st.actor)
        with db.atomic():
            db.execute("INSERT OR IGNORE INTO assets (sha256, ext, size, kind, created_at)"
                       " VALUES (?, ?, ?, ?, ?)", [sha256, ext, size, kind, now])
            _insert_item(st, item, body)
            db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?", [sha256, pid])
            st.audit("item.import", "item", item.id,
                     {"sha256": sha256, "title": title, "source": source.name})
    finally:
        temp.unlink(missing_ok=True)
    return item, Changes(library=True, audit=True)


def add_text(st: Station, title: str, body: str, category: str = "") -> tuple[Item, Changes]:
    """A text bulletin: the text is the item (no file)."""
    st.require(Right.LIBRARY_IMPORT, "add text")
    title, body = nfc(title), nfc(body)
    if not title or not body:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a text bulletin needs a title and a text"))
    now = now_iso()
    item = Item(uuid7(), "text", title, "", nfc(category), None, None, now, st.actor)
    with st.db.atomic():
        _insert_item(st, item, body)
        st.audit("item.create", "item", item.id, {"title": title, "kind": "text"})
    return item, Changes(library=True, audit=True)


def _insert_item(st: Station, item: Item, body: str | None) -> None:
    st.db.execute(
        "INSERT INTO items (id, kind, title, description, category, asset_sha256, duration_s,"
        " body, created_at, created_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [item.id, item.kind, item.title, item.description, item.category, item.asset_sha256,
         item.duration_s, nfc(body) if body else None, item.created_at, item.created_by,
         item.created_at],
    )


def list_items(st: Station, limit: int = 100, offset: int = 0) -> list[Item]:
    """Items, newest first."""
    rows = st.db.execute(
        f"SELECT {_COLUMNS} FROM items ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    ).fetchall()
    return [Item(*r) for r in rows]


def count(st: Station) -> int:
    return int(st.db.execute("SELECT count(*) FROM items").fetchone()[0])


def file_path(st: Station, item: Item) -> Path | None:
    if item.asset_sha256 is None:
        return None
    row = st.db.execute("SELECT ext FROM assets WHERE sha256 = ?",
                        [item.asset_sha256]).fetchone()
    return st.store.path(item.asset_sha256, row[0]) if row else None
