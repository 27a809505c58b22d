"""The outbox (what waits to go up) and the shadow (what the hub and this station last
agreed on); applying the hub's state to local rows is in ``sync.apply``.

Core mutations queue their change in their own transaction (``station.outbox.note``). As a
safety net for writes that bypass the core (another helper's table, a database edited by
hand), :func:`scan` compares each synced table with the shadow and records what differs,
field by field, so a first sync pushes the whole library and no edit is lost.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from station import province
from station.changes import Changes
from station.clock import now_iso, parse_iso
from station.errors import NotFound, ValidationError
from station.outbox import (
    ENTITIES,
    Clock,
    EntityKind,
    clock,
    columns,
    differences,
    format_hlc,
    get_state,
    load_all,
    pending,
    record,
    save_clock,
    set_state,
)
from station.rights import Right
from station.station import Station
from sync.apply import MERGED, Applied, apply_state
from sync.errors import QT_TRANSLATE_NOOP

__all__ = ["ENTITIES", "Applied", "Conflict", "EntityKind", "apply_state", "clock", "columns",
           "get_state", "open_conflicts", "record", "resolve_conflict", "save_clock", "scan",
           "set_state", "waiting"]


def scan(st: Station) -> int:
    """Record every difference between the synced tables and the shadow that the outbox
    does not already hold; returns how many mutations were queued."""
    db = st.db
    queued = 0
    with db.atomic():
        c = clock(db)
        for kind in ENTITIES.values():
            if kind.owner != "station" or not kind.scanned:
                continue
            shadow: dict[str, tuple[dict[str, Any], bool]] = {}
            field_hlc: dict[str, str] = {}
            for eid, f, d, fh in db.execute("SELECT entity_id, fields, deleted, field_hlc"
                                            " FROM sync_shadow WHERE entity = ?", [kind.name]):
                shadow[eid] = (json.loads(f), bool(d))
                field_hlc[eid] = max(json.loads(fh).values(), default="")
            waiting_now = pending(db, kind.name)
            # The province's bulletins and relay items (and their files) never go up.
            seen: set[str] = (province.owned_items(db) if kind.name == "item" else
                              province.owned_assets(db) if kind.name == "asset" else set())
            for eid, current in load_all(db, kind):
                if eid in seen:
                    continue
                seen.add(eid)
                known, deleted = shadow.get(eid, ({}, False))
                diff = differences(current, known, deleted, waiting_now.get(eid, {}))
                # Merged facts (aired dates) are not edits with a time of their own: they go
                # up stamped now, so a hub that has not heard of an airing takes it.
                merged = {f: diff.pop(f) for f in list(diff) if (kind.name, f) in MERGED}
                if diff:
                    record(st, kind.name, eid, "upsert", diff, c=c,
                           hlc=_edit_stamp(c, current.get("updated_at"), field_hlc.get(eid)))
                    queued += 1
                if merged:
                    record(st, kind.name, eid, "upsert", merged, c=c)
                    queued += 1
            for eid, (_known, deleted) in shadow.items():
                if eid not in seen and not deleted and \
                        waiting_now.get(eid, {}).get("*deleted") is not True:
                    record(st, kind.name, eid, "delete", {}, c=c)
                    queued += 1
        save_clock(db, c)
    return queued


def _edit_stamp(c: Clock, updated_at: Any, agreed: str | None) -> str:
    """The HLC of an edit found by a scan: when the row says when it was edited (and that is
    after what was agreed), the edit's own time, so an older edit found later still loses a
    clash against a newer one; otherwise now."""
    if isinstance(updated_at, str) and updated_at:
        try:
            ms = int((parse_iso(updated_at).timestamp() + c.offset_s) * 1000)
        except ValueError:
            return c.now()
        stamp = format_hlc(ms, 0, c.node)
        if stamp > (agreed or ""):
            c.observe(stamp)
            return stamp
    return c.now()


def waiting(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])


@dataclass(frozen=True)
class Conflict:
    id: str
    entity: str
    entity_id: str
    field: str
    kept_value: Any
    lost_value: Any
    kept_hlc: str
    lost_hlc: str
    detected_at: str


def open_conflicts(st: Station, entity: str | None = None,
                   entity_id: str | None = None) -> list[Conflict]:
    """Clashes kept for the UI: the value that won and the one that lost."""
    where, params = "resolved_at IS NULL", []
    if entity:
        where += " AND entity = ?"
        params.append(entity)
    if entity_id:
        where += " AND entity_id = ?"
        params.append(entity_id)
    rows = st.db.execute(f"SELECT id, entity, entity_id, field, kept_value, lost_value, kept_hlc,"
                         f" lost_hlc, detected_at FROM sync_conflicts WHERE {where}"
                         f" ORDER BY detected_at", params).fetchall()
    return [Conflict(r[0], r[1], r[2], r[3], json.loads(r[4]) if r[4] else None,
                     json.loads(r[5]) if r[5] else None, r[6], r[7], r[8]) for r in rows]


def resolve_conflict(st: Station, conflict_id: str, *, use_lost: bool = False) -> Changes:
    """The user has seen a clash and picked: keep the value that won (the default), or put
    the other value back. That is a new edit made now (an item's editable field), so it
    goes up with a later HLC and wins everywhere; the clash is closed either way."""
    st.require(Right.SYNC_RUN, "resolve a sync conflict")
    found = [k for k in open_conflicts(st) if k.id == conflict_id]
    if not found:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no open sync conflict with id {id}"),
                       id=conflict_id)
    k = found[0]
    changes = Changes(sync=True, audit=True)
    with st.db.atomic():
        if use_lost and (k.entity, k.field) in MERGED:
            changes |= _put_back_merged(st, k)
        elif use_lost:
            from station.library import metadata

            if k.entity != "item" or k.field not in metadata.EDITABLE:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "errors", "the other value of {field} cannot be put back here: edit it "
                    "where it is made, or keep the current value"), field=k.field)
            changes |= metadata.update_items(st, [k.entity_id], {k.field: k.lost_value})
        st.db.execute("UPDATE sync_conflicts SET resolved_at = ? WHERE id = ?",
                      [now_iso(), conflict_id])
        st.audit("sync.conflict_resolved", k.entity, k.entity_id,
                 {"field": k.field, "kept": k.lost_value if use_lost else k.kept_value,
                  "dropped": k.kept_value if use_lost else k.lost_value})
    return changes


def _put_back_merged(st: Station, k: Conflict) -> Changes:
    """An aired date lost to a clash kept by an older version: merged back (the earliest
    first airing, the latest last one) and sent up; inside the caller's transaction."""
    from station.outbox import note

    kind = ENTITIES[k.entity]
    row = st.db.execute(f"SELECT {k.field} FROM {kind.table} WHERE {kind.key} = ?",
                        [k.entity_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no {entity} with id {id}"),
                       entity=k.entity, id=k.entity_id)
    value = MERGED[(k.entity, k.field)](row[0], k.lost_value, k.kept_value)
    if value == row[0]:
        return Changes()
    st.db.execute(f"UPDATE {kind.table} SET {k.field} = ? WHERE {kind.key} = ?",
                  [value, k.entity_id])
    note(st, k.entity, k.entity_id)
    return Changes(library=True)
