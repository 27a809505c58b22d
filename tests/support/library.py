"""Library items made quickly for the tests: a real file in the store and the rows that
point at it, without ffmpeg (archive, export and sync do not look inside the bytes)."""

from __future__ import annotations

import hashlib
import os

from station.clock import now_iso
from station.library import items as library
from station.station import Station

MB = 1024 * 1024


def add_item(st: Station, title: str, data: bytes | None = None, *, ext: str = "wav",
             share: str | None = None, **fields: object) -> library.Item:
    """An item with a file in the store, without running ffmpeg (the archive does not care
    what the bytes are). ``share``: use that existing asset instead of a new file."""
    if share is not None:
        item = library.new_item(st, "audio", title, asset_sha256=share)
        with st.db.atomic():
            library.insert_item(st, item, None, **fields)
        return item
    data = data if data is not None else os.urandom(3000) + title.encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    temp = st.store.new_temp(f".{ext}")
    temp.write_bytes(data)
    item = library.new_item(st, "audio", title, asset_sha256=sha)

    def rows() -> None:
        st.db.execute("INSERT INTO assets (sha256, ext, size, kind, created_at) VALUES (?,?,?,?,?)",
                      [sha, ext, len(data), "audio", now_iso()])
        st.db.execute("INSERT INTO asset_peaks (sha256, data) VALUES (?, ?)", [sha, b"\0" * 8])
        library.insert_item(st, item, None, **fields)

    library.place_file(st, temp, sha, ext, rows)
    return item


def add_media_item(st: Station, title: str, size: int, seed: int = 0) -> tuple[str, str]:
    """A library item with a file of ``size`` random bytes (sync does not look inside)."""
    data = os.urandom(size) if seed == 0 else (bytes([seed % 256]) * size)
    sha = hashlib.sha256(data).hexdigest()
    temp = st.store.new_temp(".wav")
    temp.write_bytes(data)
    item = library.new_item(st, "audio", title, asset_sha256=sha, duration_s=1.0)

    def rows() -> None:
        st.db.execute("INSERT INTO assets (sha256, ext, size, kind, created_at) VALUES"
                      " (?, 'wav', ?, 'audio', ?)", [sha, size, now_iso()])
        library.insert_item(st, item)

    library.place_file(st, temp, sha, "wav", rows)
    return item.id, sha
