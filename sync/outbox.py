"""The outbox (what waits to go up) and the shadow (what the hub and this station last
agreed on), and applying the hub's state to local rows.

Core mutations call :func:`record` inside their own transaction. Until every mutation does,
:func:`scan` compares each synced table with the shadow and records what differs, field by
field, so a first sync pushes the whole library and edits made anywhere are never lost.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from station.clock import now_iso, parse_iso
from station.ids import uuid7
from station.station import Station
from sync.hlc import Clock, format_hlc


@dataclass(frozen=True)
class EntityKind:
    name: str
    table: str
    key: str
    owner: str  # 'station' or 'province'
    skip: tuple[str, ...] = ("rev", "hlc")


# Order matters: an item refers to its asset, so assets go (and arrive) first.
ENTITIES: dict[str, EntityKind] = {
    "asset": EntityKind("asset", "assets", "sha256", "station"),
    "item": EntityKind("item", "items", "id", "station"),
}
ASSET_SKIP_FIELDS = ()


def clock(db: sqlite_utils.Database) -> Clock:
    """This station's HLC, continuing from the last stamp it gave."""
    rows = dict(db.execute("SELECT key, value FROM sync_state WHERE key IN"
                           " ('hlc', 'node', 'clock_offset_s')").fetchall())
    node = rows.get("node")
    if not node:
        node = uuid7().replace("-", "")[-12:]
        db.execute("INSERT OR IGNORE INTO sync_state (key, value) VALUES ('node', ?)", [node])
    return Clock(node, rows.get("hlc", ""), float(rows.get("clock_offset_s", "0") or 0))


def save_clock(db: sqlite_utils.Database, c: Clock) -> None:
    set_state(db, "hlc", c.last)


def get_state(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_state(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key)"
               " DO UPDATE SET value = excluded.value", [key, value])


def columns(db: sqlite_utils.Database, kind: EntityKind) -> list[str]:
    cols = [r[1] for r in db.execute(f"PRAGMA table_info({kind.table})").fetchall()]
    return [c for c in cols if c != kind.key and c not in kind.skip]


def record(st: Station, entity: str, entity_id: str, op: str,
           payload: dict[str, Any] | None = None, *, c: Clock | None = None,
           hlc: str | None = None) -> str:
    """Queue one change for the hub; call it inside the transaction of the change itself.
    ``payload``: the changed fields and their new values (for 'upsert'). Returns the
    mutation id."""
    if op not in ("upsert", "delete"):
        raise ValueError(f"op must be upsert or delete, not {op!r}")
    db = st.db
    own = c is None
    c = c or clock(db)
    mid = uuid7()
    db.execute("INSERT INTO sync_outbox (id, entity, entity_id, op, fields, hlc, created_at)"
               " VALUES (?, ?, ?, ?, ?, ?, ?)",
               [mid, entity, entity_id, op, json.dumps(payload or {}, ensure_ascii=False),
                hlc or c.now(), now_iso()])
    if own:
        save_clock(db, c)
    return mid


def _pending(db: sqlite_utils.Database, entity: str) -> dict[str, dict[str, Any]]:
    """entity_id -> fields still waiting in the outbox (later ones over earlier ones)."""
    out: dict[str, dict[str, Any]] = {}
    for eid, op, fields in db.execute("SELECT entity_id, op, fields FROM sync_outbox"
                                      " WHERE entity = ? ORDER BY seq", [entity]):
        if op == "delete":
            out[eid] = {"*deleted": True}
        else:
            out.setdefault(eid, {}).update(json.loads(fields))
            out[eid].pop("*deleted", None)
    return out


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
            cols = columns(db, kind)
            shadow: dict[str, tuple[dict[str, Any], bool]] = {}
            field_hlc: dict[str, str] = {}
            for eid, f, d, fh in db.execute("SELECT entity_id, fields, deleted, field_hlc"
                                            " FROM sync_shadow WHERE entity = ?", [kind.name]):
                shadow[eid] = (json.loads(f), bool(d))
                field_hlc[eid] = max(json.loads(fh).values(), default="")
            pending = _pending(db, kind.name)
            seen: set[str] = set()
            select = ", ".join([kind.key, *cols])
            for row in db.execute(f"SELECT {select} FROM {kind.table}").fetchall():
                eid = row[0]
                seen.add(eid)
                current = dict(zip(cols, row[1:], strict=True))
                known, deleted = shadow.get(eid, ({}, False))
                expected = {**({} if deleted else known), **pending.get(eid, {})}
                diff = {k: v for k, v in current.items() if k not in expected or expected[k] != v}
                if diff:
                    record(st, kind.name, eid, "upsert", diff, c=c,
                           hlc=_edit_stamp(c, current.get("updated_at"), field_hlc.get(eid)))
                    queued += 1
            for eid, (_known, deleted) in shadow.items():
                if eid not in seen and not deleted and \
                        pending.get(eid, {}).get("*deleted") is not True:
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
    cols = columns(db, kind)
    cur = db.execute(f"SELECT {', '.join(cols)} FROM {kind.table} WHERE {kind.key} = ?", [eid])
    row = cur.fetchone()
    local = dict(zip(cols, row, strict=True)) if row else None
    if deleted:
        if local is not None and "*deleted" not in pend and not pend:
            try:
                db.execute(f"DELETE FROM {kind.table} WHERE {kind.key} = ?", [eid])
                out.changed = True
            except sqlite3.IntegrityError as exc:
                out.error = f"{entity} {eid} is still in use here: {exc}"
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
        if local is None:
            full = {f: data.get(f) for f in cols if f in data}
            names = ", ".join([kind.key, *full])
            marks = ", ".join("?" for _ in range(len(full) + 1))
            try:
                db.execute(f"INSERT INTO {kind.table} ({names}) VALUES ({marks})",
                           [eid, *full.values()])
                out.changed = True
            except sqlite3.IntegrityError as exc:
                out.error = f"{entity} {eid} could not be stored: {exc}"
                return out
        elif new:
            sets = ", ".join(f"{f} = ?" for f in new)
            db.execute(f"UPDATE {kind.table} SET {sets} WHERE {kind.key} = ?", [*new.values(), eid])
            out.changed = True
        if "rev" in kind.skip and entity == "item":
            db.execute("UPDATE items SET rev = ?, hlc = ? WHERE id = ?", [rev, hlc, eid])
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
