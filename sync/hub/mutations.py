"""Applying pushed mutations on the hub: dedupe by id, per-field last-writer-wins by HLC,
tombstones, and the change feed entry each accepted mutation writes."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from sync.hub.store import PROVINCE, HubStore, now_iso

ENTITY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
HLC_RE = re.compile(r"^\d{13}-\d{5}-[0-9a-zA-Z_-]{1,40}$")
# Rows the province owns: a station reads them and never writes them.
PROVINCE_OWNED = frozenset({"relay_item", "bulletin", "review"})
MAX_BATCH = 1000
MAX_ID_LEN = 200


def _reject(mid: str, reason: str) -> dict[str, Any]:
    return {"id": mid, "status": "rejected", "reason": reason}


def _validate(m: Any) -> str:
    if not isinstance(m, dict):
        return "not an object"
    if not ENTITY_RE.match(str(m.get("entity", ""))):
        return "bad entity name"
    eid = m.get("entity_id")
    if not isinstance(eid, str) or not eid or len(eid) > MAX_ID_LEN:
        return "bad entity_id"
    if m.get("op") not in ("upsert", "delete"):
        return "op must be upsert or delete"
    if not isinstance(m.get("fields", {}), dict):
        return "fields must be an object"
    if not HLC_RE.match(str(m.get("hlc", ""))):
        return "bad hlc"
    if m["entity"] in PROVINCE_OWNED:
        return "province-owned entity: stations cannot change it"
    return ""


def apply_batch(store: HubStore, sid: str, batch: list[Any]) -> list[dict[str, Any]]:
    """Apply a batch in one transaction; each mutation's result is stored with its id, so a
    mutation delivered again gets its first answer back and changes nothing."""
    with store.tx() as c:
        return apply_in(store, c, sid, batch)


def apply_in(store: HubStore, c: sqlite3.Connection, sid: str,
             batch: list[Any]) -> list[dict[str, Any]]:
    """:func:`apply_batch` inside the caller's transaction (a bundle applies all at once)."""
    results: list[dict[str, Any]] = []
    for m in batch:
        mid = m.get("id") if isinstance(m, dict) else None
        if not isinstance(mid, str) or not (0 < len(mid) <= 64):
            results.append(_reject(str(mid), "a mutation needs an id"))
            continue
        row = c.execute("SELECT station_id, result FROM mutations WHERE id = ?",
                        [mid]).fetchone()
        if row is not None:
            results.append(json.loads(row[1]) if row[0] == sid else
                           _reject(mid, "id already used"))
            continue
        reason = _validate(m)
        result = _reject(mid, reason) if reason else _apply_one(store, c, sid, m)
        c.execute("INSERT INTO mutations (id, station_id, received_at, result)"
                  " VALUES (?, ?, ?, ?)", [mid, sid, now_iso(), json.dumps(result)])
        results.append(result)
    return results


def _apply_one(store: HubStore, c: sqlite3.Connection, sid: str,
               m: dict[str, Any]) -> dict[str, Any]:
    entity, eid, op, hlc = m["entity"], m["entity_id"], m["op"], m["hlc"]
    fields: dict[str, Any] = m.get("fields") or {}
    row = c.execute("SELECT data, field_hlc, hlc, deleted FROM entities"
                    " WHERE scope = ? AND entity = ? AND entity_id = ?",
                    [sid, entity, eid]).fetchone()
    data: dict[str, Any] = json.loads(row[0]) if row else {}
    fhlc: dict[str, str] = json.loads(row[1]) if row else {}
    row_hlc: str = row[2] if row else ""
    deleted = bool(row[3]) if row else False
    conflicts: list[dict[str, Any]] = []
    changed = False
    if op == "delete":
        newest = max([row_hlc, *fhlc.values()]) if row else ""
        if hlc > newest:
            changed = not deleted or row is None
            deleted = True
            row_hlc = hlc
        elif not deleted:
            conflicts.append({"field": "*deleted", "kept_value": False, "kept_hlc": newest,
                              "lost_value": True, "lost_hlc": hlc})
    else:
        if deleted and hlc > row_hlc:
            deleted, changed = False, True  # an edit after the delete brings the row back
        if deleted:
            conflicts.append({"field": "*deleted", "kept_value": True, "kept_hlc": row_hlc,
                              "lost_value": False, "lost_hlc": hlc})
        else:
            raw_base = m.get("base")
            base: dict[str, Any] = raw_base if isinstance(raw_base, dict) else {}
            for name, value in fields.items():
                current = fhlc.get(name, "")
                if hlc > current:
                    if data.get(name) != value or name not in data:
                        changed = True
                    if current and base.get(name, "") != current and name in data and \
                            data[name] != value:
                        # The writer had not seen this value: a clash it wins; keep the other.
                        conflicts.append({"field": name, "kept_value": value, "kept_hlc": hlc,
                                          "lost_value": data[name], "lost_hlc": current})
                    data[name] = value
                    fhlc[name] = hlc
                elif hlc < current and data.get(name) != value:
                    conflicts.append({"field": name, "kept_value": data.get(name),
                                      "kept_hlc": current, "lost_value": value, "lost_hlc": hlc})
            row_hlc = max(row_hlc, hlc)
    seq = None
    if changed or conflicts or row is None:
        body: dict[str, Any] = {
                "entity": entity, "entity_id": eid, "op": "delete" if deleted else "upsert",
                "owner": "station", "data": data, "field_hlc": fhlc, "hlc": row_hlc,
                "mutation": m["id"], "conflicts": conflicts}
        cur = c.execute("INSERT INTO changes (scope, entity, entity_id, body) VALUES (?,?,?,?)",
                        [sid, entity, eid, json.dumps(body, ensure_ascii=False)])
        seq = cur.lastrowid
        c.execute(
            "INSERT INTO entities (scope, entity, entity_id, owner, data, field_hlc, hlc,"
            " deleted, seq) VALUES (?, ?, ?, 'station', ?, ?, ?, ?, ?)"
            " ON CONFLICT(scope, entity, entity_id) DO UPDATE SET data = excluded.data,"
            " field_hlc = excluded.field_hlc, hlc = excluded.hlc, deleted = excluded.deleted,"
            " seq = excluded.seq",
            [sid, entity, eid, json.dumps(data, ensure_ascii=False), json.dumps(fhlc), row_hlc,
             int(deleted), seq])
        for k in conflicts:
            c.execute("INSERT INTO conflicts (scope, entity, entity_id, field, kept_value,"
                      " kept_hlc, lost_value, lost_hlc, at) VALUES (?,?,?,?,?,?,?,?,?)",
                      [sid, entity, eid, k["field"], json.dumps(k["kept_value"]), k["kept_hlc"],
                       json.dumps(k["lost_value"]), k["lost_hlc"], now_iso()])
    return {"id": m["id"], "status": "applied", "seq": seq, "deleted": deleted, "data": data,
            "field_hlc": fhlc, "conflicts": conflicts}


def publish_province(store: HubStore, entity: str, eid: str, data: dict[str, Any],
                     hlc: str, *, delete: bool = False) -> int:
    """A province-owned row (relay item, bulletin, review) for every station's feed."""
    with store.tx() as c:
        body: dict[str, Any] = {
                "entity": entity, "entity_id": eid, "op": "delete" if delete else "upsert",
                "owner": "province", "data": data, "field_hlc": {}, "hlc": hlc,
                "mutation": None, "conflicts": []}
        cur = c.execute("INSERT INTO changes (scope, entity, entity_id, body) VALUES (?,?,?,?)",
                        [PROVINCE, entity, eid, json.dumps(body, ensure_ascii=False)])
        seq = int(cur.lastrowid or 0)
        c.execute(
            "INSERT INTO entities (scope, entity, entity_id, owner, data, field_hlc, hlc,"
            " deleted, seq) VALUES (?, ?, ?, 'province', ?, '{}', ?, ?, ?)"
            " ON CONFLICT(scope, entity, entity_id) DO UPDATE SET data = excluded.data,"
            " hlc = excluded.hlc, deleted = excluded.deleted, seq = excluded.seq",
            [PROVINCE, entity, eid, json.dumps(data, ensure_ascii=False), hlc, int(delete), seq])
    return seq


def changes_page(store: HubStore, sid: str, after: int, limit: int) -> tuple[list[dict[str, Any]],
                                                                            int, bool]:
    with store.read() as c:
        rows = c.execute("SELECT seq, body FROM changes WHERE scope IN (?, ?) AND seq > ?"
                         " ORDER BY seq LIMIT ?", [sid, PROVINCE, after, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    out = [{"seq": seq, **json.loads(body)} for seq, body in rows]
    last = rows[-1][0] if rows else after
    return out, last, more


def top_seq(store: HubStore) -> int:
    with store.read() as c:
        return int(c.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])


def snapshot(store: HubStore, sid: str, after: int = 0,
             limit: int = 1000) -> tuple[list[dict[str, Any]], int, bool]:
    """One page of the station's (and the province's) entities, in the order they first
    appeared (rowid: an entity keeps its row when it changes), so what a row refers to comes
    before it and a page boundary never moves while the client reads. Returns (page, the
    last rowid, more)."""
    with store.read() as c:
        rows = c.execute("SELECT rowid, entity, entity_id, owner, data, field_hlc, hlc, deleted,"
                         " seq FROM entities WHERE scope IN (?, ?) AND rowid > ?"
                         " ORDER BY rowid LIMIT ?", [sid, PROVINCE, after, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    out = [{"seq": r[8], "entity": r[1], "entity_id": r[2], "owner": r[3],
            "op": "delete" if r[7] else "upsert", "data": json.loads(r[4]),
            "field_hlc": json.loads(r[5]), "hlc": r[6], "conflicts": []} for r in rows]
    return out, (rows[-1][0] if rows else after), more
