"""Helpers for the schedule tests: real library items, quickly, and role switches."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import Any

from station import users
from station.clock import now_iso
from station.library import items as library
from station.library.items import Item
from station.station import Station

MONDAY = date(2031, 3, 3)  # a Monday comfortably in the future: relays are not late yet


def login(st: Station, name: str) -> None:
    users.login(st, name, "admin-password-1" if name == "admin" else f"{name}-password")


def audio_item(st: Station, title: str, seconds: float, *, lufs: float | None = -23.0,
               gain_db: float | None = 0.0, analyzed: bool = True, category: str = "",
               language: str = "vi") -> Item:
    """An audio item with a real file in the store and the facts the analysis would record
    (fast: no decoding). Use ingest.import_file where the real analysis matters."""
    data = os.urandom(1024) + title.encode("utf-8")
    sha256 = hashlib.sha256(data).hexdigest()
    path = st.store.path(sha256, "wav")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    item = library.new_item(st, "audio", title, category=category, duration_s=seconds,
                            asset_sha256=sha256)
    now = now_iso()
    with st.db.atomic():
        st.db.execute("INSERT INTO assets (sha256, ext, size, kind, created_at, duration_s,"
                      " integrated_lufs, analyzed_at) VALUES (?, 'wav', ?, 'audio', ?, ?, ?, ?)",
                      [sha256, len(data), now, seconds, lufs, now if analyzed else None])
        library.insert_item(st, item, None, gain_db=gain_db, language=language)
    return item


def text_item(st: Station, title: str, words: int = 100, category: str = "") -> Item:
    body = " ".join(["tin"] * words)
    item, _ = library.add_text(st, title, body, category=category)
    return item


def remove_item_behind_the_back(st: Station, item_id: str) -> None:
    """What another tool (or a sync from an older station) could do: foreign keys off."""
    st.db.execute("PRAGMA foreign_keys = OFF")
    try:
        st.db.execute("DELETE FROM items WHERE id = ?", [item_id])
    finally:
        st.db.execute("PRAGMA foreign_keys = ON")


def codes(report: Any) -> list[str]:
    return [p.code for p in report.problems]


def store_file(st: Station, item: Item) -> Path:
    path = library.file_path(st, item)
    assert path is not None
    return path
