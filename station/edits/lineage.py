"""Rendered items (edits and programmes) in the library, with their lineage.

A render is imported like any file (``station.library.ingest.import_file``: hashed, analysed, placed in
the store); then a ``renders`` row links the new item to the project or programme it came
from and, in order, the items it was made of. The sources are never touched.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from media.taskstate import TaskState
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.library import items as library
from station.rights import Right
from station.station import Station

KINDS = ("edit", "programme")


@dataclass(frozen=True)
class Lineage:
    item_id: str
    asset_sha256: str
    kind: str  # 'edit' or 'programme'
    origin_id: str  # the edit project or programme
    sources: tuple[str, ...]  # source item ids, in order of first use
    chapters: tuple[tuple[float, str], ...]
    created_at: str
    created_by: str


def save_render(st: Station, path: Path, *, title: str, kind: str, origin_id: str,
                sources: list[str], category: str = "", description: str = "",
                chapters: list[tuple[float, str]] | None = None,
                state: TaskState | None = None) -> tuple[library.Item, Changes]:
    """Import the rendered file at ``path`` as a new item and record where it came from.

    Rendering the same content again finds the item already there; its lineage is kept.
    """
    from station.library.ingest import import_file

    st.require(Right.STUDIO_USE, "render")
    if kind not in KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown render kind: {kind}"),
                              kind=kind)
    marks = [(float(at), str(name)) for at, name in (chapters or [])]
    if any(not math.isfinite(at) or at < 0 for at, _ in marks):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a chapter mark must be at a time "
                                                          "of 0 s or later"))
    result, _ = import_file(st, Path(path), title=title, category=category,
                            description=description, state=state)
    item = result.item
    order = list(dict.fromkeys(sources))
    with st.db.atomic():
        known = st.db.execute("SELECT 1 FROM renders WHERE item_id = ?", [item.id]).fetchone()
        if known is None and item.id not in order:  # a render identical to a source: no loop
            st.db.execute(
                "INSERT INTO renders (item_id, asset_sha256, kind, origin_id, chapters,"
                " created_at, created_by) VALUES (?,?,?,?,?,?,?)",
                [item.id, item.asset_sha256 or "", kind, origin_id,
                 json.dumps(marks, ensure_ascii=False), now_iso(), st.actor])
            st.db.conn.executemany(
                "INSERT INTO render_sources (item_id, position, source_item_id) VALUES (?,?,?)",
                [(item.id, n, source) for n, source in enumerate(order)])
        st.audit("render", "item", item.id,
                 {"kind": kind, "origin": origin_id, "sources": order,
                  "sha256": item.asset_sha256, "status": result.status})
    return item, Changes(library=True, studio=True, audit=True)


def lineage(st: Station, item_id: str) -> Lineage | None:
    """Where a rendered item came from; None for an item that was not rendered here."""
    row = st.db.execute(
        "SELECT item_id, asset_sha256, kind, origin_id, chapters, created_at, created_by"
        " FROM renders WHERE item_id = ?", [item_id]).fetchone()
    if row is None:
        return None
    sources = tuple(r[0] for r in st.db.execute(
        "SELECT source_item_id FROM render_sources WHERE item_id = ? ORDER BY position",
        [item_id]))
    chapters = tuple((float(at), str(name)) for at, name in json.loads(row[4]))
    return Lineage(row[0], row[1], row[2], row[3], sources, chapters, row[5], row[6])


def derived_from(st: Station, source_item_id: str) -> list[str]:
    """Items rendered from ``source_item_id``, oldest first."""
    return [r[0] for r in st.db.execute(
        "SELECT r.item_id FROM render_sources s JOIN renders r ON r.item_id = s.item_id"
        " WHERE s.source_item_id = ? ORDER BY r.created_at", [source_item_id])]
