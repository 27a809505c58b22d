"""The outbox (what waits to go up) and the shadow (what the hub and this station last
agreed on), and applying the hub's state to local rows.

Core mutations queue their change in their own transaction (``station.outbox.note``). As a
safety net for writes that bypass the core (another helper's table, a database edited by
hand), :func:`scan` compares each synced table with the shadow and records what differs,
field by field, so a first sync pushes the whole library and no edit is lost.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from station.clock import now_iso, parse_iso
from station.ids import uuid7
from station.outbox import (
    ENTITIES,
    Clock,
    EntityKind,
    Part,
    clock,
    columns,
    differences,
    format_hlc,
    get_state,
    load,
    load_all,
    pending,
    record,
    save_clock,
    set_state,
    table_columns,
)
from station.station import Station

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
            if kind.owner != "station":
                continue
            shadow: dict[str, tuple[dict[str, Any], bool]] = {}
            field_hlc: dict[str, str] = {}
            for eid, f, d, fh in db.execute("SELECT entity_id, fields, deleted, field_hlc"
                                            " FROM sync_shadow WHERE entity = ?", [kind.name]):
                shadow[eid] = (json.loads(f), bool(d))
                field_hlc[eid] = max(json.loads(fh).values(), default="")
            waiting_now = pending(db, kind.name)
            seen: set[str] = set()
            for eid, current in load_all(db, kind):
                seen.add(eid)
                known, deleted = shadow.get(eid, ({}, False))
                diff = differences(current, known, deleted, waiting_now.get(eid, {}))
                if diff:
                    record(st, kind.name, eid, "upsert", diff, c=c,
                           hlc=_edit_stamp(c, current.get("updated_at"), field_hlc.get(eid)))
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


@dataclass
class Applied:
    changed: bool = False
    conflicts: int = 0
    download: tuple[str, str, int] | None = None  # an asset whose file must be fetched
    error: str = ""


def apply_state(st: Station, entity: str, eid: str, data: dict[str, Any],
                field_hlc: dict[str, str], deleted: bool, rev: int, hlc: str,
                conflicts: list[dict[str, Any]], *, skip_mutation: str | None = None) -> Applied:
    """Bring the local row to the hub's state, except fields with a newer local edit still
    waiting to go up; record clashes. Call inside a transaction."""
    db = st.db
    out = Applied()
    for k in conflicts:
        out.conflicts += _keep_conflict(db, entity, eid, k)
    kind = ENTITIES.get(entity)
    if kind is None:
        db.execute("INSERT INTO sync_remote (entity, entity_id, data, deleted, rev)"
                   " VALUES (?, ?, ?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET"
                   " data = excluded.data, deleted = excluded.deleted, rev = excluded.rev",
                   [entity, eid, json.dumps(data, ensure_ascii=False), int(deleted), rev])
        return out
    old = db.execute("SELECT fields, rev FROM sync_shadow WHERE entity = ? AND entity_id = ?",
                     [entity, eid]).fetchone()
    if old is not None and rev and old[1] > rev:
        return out  # an older state delivered again (a replayed page): nothing to do
    shadow: dict[str, Any] = json.loads(old[0]) if old else {}
    pend: dict[str, str] = {}  # field -> HLC of the newest local edit waiting
    for mid, op, fields, mhlc in db.execute(
            "SELECT id, op, fields, hlc FROM sync_outbox WHERE entity = ? AND entity_id = ?"
            " ORDER BY seq", [entity, eid]):
        if mid == skip_mutation:
            continue
        for f in (["*deleted"] if op == "delete" else json.loads(fields)):
            pend[f] = mhlc
    cols = [*columns(db, kind), *(part.name for part in kind.parts)]
    local = load(db, kind, eid)
    if deleted:
        if local is not None and "*deleted" not in pend and not pend:
            db.execute("SAVEPOINT sync_apply")
            try:
                _delete(db, kind, eid)
                out.changed = True
            except sqlite3.IntegrityError as exc:
                db.execute("ROLLBACK TO sync_apply")
                out.error = f"{entity} {eid} is still in use here: {exc}"
            db.execute("RELEASE sync_apply")
    else:
        new = {}
        for f in cols:
            if f not in data:
                continue
            if local is not None and f in pend and pend[f] > field_hlc.get(f, ""):
                continue  # our later edit goes up next and wins there
            if local is not None and f in pend and local.get(f) != data[f]:
                out.conflicts += _keep_conflict(db, entity, eid, {
                    "field": f, "kept_value": data[f], "kept_hlc": field_hlc.get(f, ""),
                    "lost_value": local.get(f), "lost_hlc": pend[f]})
            if local is None or local.get(f) != data[f]:
                new[f] = data[f]
        if local is None or new:
            # A document is written in several statements: all of them or none.
            db.execute("SAVEPOINT sync_apply")
            try:
                _write(db, kind, eid, new, insert=local is None)
            except sqlite3.IntegrityError as exc:
                db.execute("ROLLBACK TO sync_apply")
                db.execute("RELEASE sync_apply")
                out.error = f"{entity} {eid} could not be stored: {exc}"
                return out
            db.execute("RELEASE sync_apply")
            out.changed = True
        if {"rev", "hlc"} <= set(table_columns(db, kind.table)):
            db.execute(f"UPDATE {kind.table} SET rev = ?, hlc = ? WHERE {kind.key} = ?",
                       [rev, hlc, eid])
        if entity == "asset":
            ext = str(data.get("ext") or "")
            if not st.store.has(eid, ext):
                out.download = (eid, ext, int(data.get("size") or 0))
    db.execute("INSERT INTO sync_shadow (entity, entity_id, fields, field_hlc, deleted, rev)"
               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET"
               " fields = excluded.fields, field_hlc = excluded.field_hlc,"
               " deleted = excluded.deleted, rev = excluded.rev",
               [entity, eid, json.dumps({**shadow, **data}, ensure_ascii=False),
                json.dumps(field_hlc), int(deleted), rev])
    return out


def _write(db: sqlite_utils.Database, kind: EntityKind, eid: str, fields: dict[str, Any], *,
           insert: bool) -> None:
    """Store the hub's values: the row's own columns (those this database has: a newer
    workstation may send more), and each part replaced whole."""
    own = set(columns(db, kind))
    row = {f: v for f, v in fields.items() if f in own}
    if insert:
        names = ", ".join([kind.key, *row])
        marks = ", ".join("?" for _ in range(len(row) + 1))
        db.execute(f"INSERT INTO {kind.table} ({names}) VALUES ({marks})", [eid, *row.values()])
    elif row:
        sets = ", ".join(f"{f} = ?" for f in row)
        db.execute(f"UPDATE {kind.table} SET {sets} WHERE {kind.key} = ?", [*row.values(), eid])
    for part in kind.parts:
        if part.name in fields and isinstance(fields[part.name], list):
            _drop_part(db, part, eid)
            _put_part(db, part, eid, fields[part.name])


def _drop_part(db: sqlite_utils.Database, part: Part, parent_id: str) -> None:
    for child in part.parts:
        for (cid,) in db.execute(f"SELECT id FROM {part.table} WHERE {part.parent_key} = ?",
                                 [parent_id]).fetchall():
            _drop_part(db, child, cid)
    db.execute(f"DELETE FROM {part.table} WHERE {part.parent_key} = ?", [parent_id])


def _put_part(db: sqlite_utils.Database, part: Part, parent_id: str,
              rows: list[Any]) -> None:
    own = set(table_columns(db, part.table)) - {part.parent_key}
    for found in rows:
        if not isinstance(found, dict) or "id" not in found:
            continue
        row = {f: v for f, v in found.items() if f in own}
        names = ", ".join([part.parent_key, *row])
        marks = ", ".join("?" for _ in range(len(row) + 1))
        db.execute(f"INSERT INTO {part.table} ({names}) VALUES ({marks})",
                   [parent_id, *row.values()])
        for child in part.parts:
            if isinstance(found.get(child.name), list):
                _put_part(db, child, str(found["id"]), found[child.name])


def _delete(db: sqlite_utils.Database, kind: EntityKind, eid: str) -> None:
    for part in kind.parts:
        _drop_part(db, part, eid)
    db.execute(f"DELETE FROM {kind.table} WHERE {kind.key} = ?", [eid])


def _keep_conflict(db: sqlite_utils.Database, entity: str, eid: str, k: dict[str, Any]) -> int:
    cur = db.execute(
        "INSERT OR IGNORE INTO sync_conflicts (id, entity, entity_id, field, kept_value,"
        " kept_hlc, lost_value, lost_hlc, detected_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [uuid7(), entity, eid, k.get("field", ""),
         json.dumps(k.get("kept_value"), ensure_ascii=False), k.get("kept_hlc", ""),
         json.dumps(k.get("lost_value"), ensure_ascii=False), k.get("lost_hlc", ""), now_iso()])
    return cur.rowcount or 0


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


def resolve_conflict(st: Station, conflict_id: str) -> None:
    """The user has seen it (and perhaps re-entered the lost value as a new edit)."""
    st.db.execute("UPDATE sync_conflicts SET resolved_at = ? WHERE id = ?", [now_iso(), conflict_id])
