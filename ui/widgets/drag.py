"""What a drag between the window's lists carries: library items (a JSON list of their ids,
``ITEM_IDS_MIME``: the library, the library panel, the schedule's sessions and the rundown
read it), or one row of a list owned by something: a slot of a schedule, a segment of a
programme (a JSON pair under a type of the list's own). Anything else, or a payload that is not
what it claims, reads as nothing."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, QMimeData

ITEM_IDS_MIME = "application/x-station-item-ids"


def items_mime(item_ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ITEM_IDS_MIME, QByteArray(json.dumps(item_ids).encode("utf-8")))
    return mime


def item_ids_of(mime: QMimeData) -> list[str]:
    """The library item ids a drag carries (empty if it carries none we understand)."""
    value = _payload(mime, ITEM_IDS_MIME)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v]


def row_mime(kind: str, owner_id: str, row_id: str) -> QMimeData:
    """One row of the list of ``owner_id`` (a schedule, a programme), as type ``kind``."""
    mime = QMimeData()
    mime.setData(kind, QByteArray(json.dumps({"owner": owner_id, "row": row_id})
                                  .encode("utf-8")))
    return mime


def row_of(kind: str, mime: QMimeData) -> tuple[str, str] | None:
    """(owner id, row id) of a dragged row of type ``kind``."""
    value = _payload(mime, kind)
    try:
        return str(value["owner"]), str(value["row"])  # type: ignore[index]
    except (KeyError, TypeError):
        return None


def _payload(mime: QMimeData, kind: str) -> object:
    if not mime.hasFormat(kind):
        return None
    try:
        return json.loads(bytes(mime.data(kind).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
