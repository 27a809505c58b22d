"""Editing an item's metadata, one item or many at once; every change audited with its
before and after values, which is the item's edit history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from station import audit
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.library.archive import RETENTION_CLASSES
from station.outbox import note
from station.rights import Right
from station.station import Station
from station.text import nfc

EDITABLE = ("title", "description", "series", "category", "tags", "language", "speaker",
            "recorded_on", "rights", "retention", "notes")
# Vietnamese and the ethnic-minority languages stations broadcast in (ISO 639 codes).
LANGUAGES = {"vi": "Tiếng Việt", "tyz": "Tày", "blt": "Thái", "hmn": "H'Mông", "km": "Khmer",
             "mtq": "Mường", "nut": "Nùng", "ium": "Dao", "jra": "Gia Rai", "rad": "Ê Đê",
             "bdq": "Ba Na", "cjm": "Chăm", "sed": "Xơ Đăng", "kpm": "K'Ho", "en": "English"}


def _clean(field: str, value: Any) -> Any:
    if value is None:
        if field in ("recorded_on",):
            return None
        value = ""
    if not isinstance(value, str):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "{field} must be text"), field=field)
    value = nfc(value)
    if field == "title" and not value:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "an item needs a title"))
    if field == "recorded_on":
        if not value:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "a date must be a real day "
                                                    "(dd/MM/yyyy): {value}"), value=value)
    if field == "retention" and value not in RETENTION_CLASSES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown retention class: {value}"),
                              value=value)
    if field == "language" and value not in LANGUAGES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown language code: {value}"),
                              value=value)
    if field == "tags":
        value = ", ".join(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
    return value


def details(st: Station, item_id: str) -> dict[str, Any]:
    """Every column of the item and the technical data of its file."""
    st.require(Right.LIBRARY_VIEW, "view item")
    cur = st.db.execute("SELECT * FROM items WHERE id = ?", [item_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
    found = dict(zip([c[0] for c in cur.description], row, strict=True))
    if found.get("asset_sha256"):
        acur = st.db.execute("SELECT * FROM assets WHERE sha256 = ?", [found["asset_sha256"]])
        arow = acur.fetchone()
        if arow is not None:
            found["asset"] = dict(zip([c[0] for c in acur.description], arow, strict=True))
    return found


def update_items(st: Station, item_ids: Sequence[str],
                 fields: dict[str, Any]) -> Changes:
    """Set ``fields`` on every item in ``item_ids`` (one item, or a bulk edit) in one
    transaction; unchanged values are not written or audited."""
    st.require(Right.LIBRARY_EDIT, "edit metadata")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "these fields cannot be edited: "
                                                "{fields}"), fields=", ".join(sorted(unknown)))
    clean = {k: _clean(k, v) for k, v in fields.items()}
    if not clean or not item_ids:
        return Changes()
    from station.province import ensure_local

    ensure_local(st, list(item_ids))
    names = ", ".join(clean)
    if "retention" in clean:
        _require_retention_right(st, item_ids, clean["retention"])
    changed_any = False
    with st.db.atomic():
        for item_id in item_ids:
            row = st.db.execute(f"SELECT {names} FROM items WHERE id = ?", [item_id]).fetchone()
            if row is None:
                raise NotFound(QT_TRANSLATE_NOOP("errors", "no item with id {id}"), id=item_id)
            diff = {k: [old, new] for (k, new), old in zip(clean.items(), row, strict=True)
                    if old != new}
            if not diff:
                continue
            assignments = ", ".join(f"{k} = ?" for k in diff)
            st.db.execute(f"UPDATE items SET {assignments}, updated_at = ? WHERE id = ?",
                          [*(v[1] for v in diff.values()), now_iso(), item_id])
            st.audit("item.edit", "item", item_id, diff)
            note(st, "item", item_id)  # queued for the hub with the edit itself
            changed_any = True
    return Changes(library=True, audit=True) if changed_any else Changes()


def _require_retention_right(st: Station, item_ids: Sequence[str], retention: str) -> None:
    """Lowering an item's protection (permanent -> standard -> temporary) brings its purge
    nearer: that needs the purge right, as in archive.set_retention."""
    rank = RETENTION_CLASSES.index
    marks = ", ".join("?" for _ in item_ids)
    current = [r[0] for r in st.db.execute(
        f"SELECT retention FROM items WHERE id IN ({marks})", list(item_ids))]
    if any(rank(retention) < rank(v) for v in current if v in RETENTION_CLASSES):
        st.require(Right.ARCHIVE_PURGE, "lower retention")


def history(st: Station, item_id: str) -> list[audit.Entry]:
    """Who did what to the item, newest first (import, edits, renders, airings...)."""
    st.require(Right.LIBRARY_VIEW, "view item history")
    rows = st.db.execute(
        "SELECT seq, at, actor, action, entity, entity_id, detail FROM audit"
        " WHERE entity = 'item' AND entity_id = ? ORDER BY seq DESC", [item_id]).fetchall()
    import json

    return [audit.Entry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]
