"""Applying pushed mutations on the hub: dedupe by id, per-field last-writer-wins by HLC,
tombstones, and the change feed entry each accepted mutation writes."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from station.clock import now_iso
from sync.hub import approvals
from sync.hub.db import Conn, Position, placeholders
from sync.hub.store import PROVINCE, HubStore

ENTITY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
HLC_RE = re.compile(r"^\d{13}-\d{5}-[0-9a-zA-Z_-]{1,40}$")
# Rows the province owns: a station reads them and never writes them.
PROVINCE_OWNED = frozenset({"relay_item", "bulletin", "review"})
MAX_BATCH = 1000
MAX_ID_LEN = 200
# An HLC this far ahead of the hub's clock is forged or from a broken clock: accepted, it
# would win every later clash for its row. Stations correct their clocks by the hub's.
MAX_HLC_AHEAD_MS = 7 * 24 * 3600 * 1000


def _reject(mid: str, reason: str) -> str:
    return json.dumps({"id": mid, "status": "rejected", "reason": reason}, ensure_ascii=False)


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
    if int(m["hlc"][:13]) > time.time() * 1000 + MAX_HLC_AHEAD_MS:
        return "hlc more than 7 days ahead of the hub's clock"
    if m["entity"] in PROVINCE_OWNED:
        return "province-owned entity: stations cannot change it"
    return ""


def apply_batch(store: HubStore, sid: str, batch: list[Any]) -> list[dict[str, Any]]:
    """Apply a batch in one transaction; each mutation's result is stored with its id, so a
    mutation delivered again gets its first answer back and changes nothing."""
    return [json.loads(r) for r in apply_batch_json(store, sid, batch)]


def apply_batch_json(store: HubStore, sid: str, batch: list[Any]) -> list[str]:
    """:func:`apply_batch` answering with each result's JSON text, as it is stored (the
    HTTP answer is made of them without decoding and encoding them again)."""
    with store.tx(lock=sid) as c:
        return _apply(store, c, sid, batch)


def _json_object(**encoded: str) -> str:
    """A JSON object from values already encoded: an entity's data is encoded once however
    many rows and answers carry it (encoding was most of a batch's time)."""
    return "{" + ",".join(f'"{k}":{v}' for k, v in encoded.items()) + "}"


@dataclass
class _Entity:
    """An entity's stored state while a batch is applied (what the database holds)."""

    data: dict[str, Any]
    fhlc: dict[str, str]
    hlc: str
    deleted: bool
    exists: bool


@dataclass
class _Writes:
    """A batch's rows, written with one statement per table at the end."""

    seqs: list[int]  # numbers taken for this batch, used in turn
    changes: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    entities: dict[tuple[str, str], tuple[Any, ...]] = field(default_factory=dict)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)
    mutations: list[tuple[str, str, str, str]] = field(default_factory=list)


def apply_in(store: HubStore, c: Conn, sid: str,
             batch: list[Any]) -> list[dict[str, Any]]:
    """:func:`apply_batch` inside the caller's transaction (a bundle applies all at once;
    the caller took the station's lock)."""
    return [json.loads(r) for r in _apply(store, c, sid, batch)]


def _apply(store: HubStore, c: Conn, sid: str, batch: list[Any]) -> list[str]:
    """Known ids and the entities' states are read with one query each, and every row is
    written with one statement per table: a batch of 1000 costs a few statements, not
    thousands. Returns each result's JSON."""
    ids = [m.get("id") for m in batch if isinstance(m, dict) and isinstance(m.get("id"), str)]
    known: dict[str, tuple[str, str]] = {
        mid: (owner, result) for mid, owner, result in c.execute(
            f"SELECT id, station_id, result FROM mutations WHERE id IN"
            f" ({placeholders(len(ids))})", ids or [""])}
    states = _load_states(c, sid, batch)
    # Changes are numbered here (as many numbers as the batch could use): then they go in
    # with one statement like the rest.
    w = _Writes(seqs=store.db.take_seqs(c, len(batch)) if batch else [])
    now = now_iso()
    results: list[str] = []
    answered: dict[str, str] = {}  # ids met earlier in this same batch
    for m in batch:
        mid = m.get("id") if isinstance(m, dict) else None
        if not isinstance(mid, str) or not (0 < len(mid) <= 64):
            results.append(_reject(str(mid), "a mutation needs an id"))
            continue
        if mid in answered:
            results.append(answered[mid])
            continue
        if mid in known:
            owner, stored = known[mid]
            results.append(stored if owner == sid else _reject(mid, "id already used"))
            continue
        reason = _validate(m) or _approval_problem(c, sid, m, states)
        result = _reject(mid, reason) if reason else _apply_one(sid, m, states, w, now)
        w.mutations.append((mid, sid, now, result))
        answered[mid] = result
        results.append(result)
    _write(c, w)
    return results


def _approval_problem(c: Conn, sid: str, m: dict[str, Any],
                      states: dict[tuple[str, str], _Entity]) -> str:
    """A pushed approval must carry the approver's good signature (sync/hub/approvals.py)."""
    fields: dict[str, Any] = m.get("fields") or {}
    if m["op"] != "upsert":
        return ""
    if m["entity"] == "user_key":
        return approvals.key_change(c, sid, m["entity_id"], fields)
    if m["entity"] != "schedule" or not approvals.APPROVAL_FIELDS & fields.keys():
        return ""
    before = states.get(("schedule", m["entity_id"]))
    data = {**(before.data if before else {}), **fields}
    batch_keys = {eid: s.data for (kind, eid), s in states.items() if kind == "user_key"}
    return approvals.check(c, sid, m["entity_id"], data, batch_keys)


def _load_states(c: Conn, sid: str, batch: list[Any]) -> dict[tuple[str, str], _Entity]:
    keys = sorted({(str(m.get("entity")), str(m.get("entity_id"))) for m in batch
                   if isinstance(m, dict)})
    states: dict[tuple[str, str], _Entity] = {}
    if not keys:
        return states
    pairs = ", ".join(["(?, ?)"] * len(keys))
    for entity, eid, data, fhlc, hlc, deleted in c.execute(
            "SELECT entity, entity_id, data, field_hlc, hlc, deleted FROM entities"
            f" WHERE scope = ? AND (entity, entity_id) IN (VALUES {pairs})",
            [sid, *(v for key in keys for v in key)]):
        states[(entity, eid)] = _Entity(json.loads(data), json.loads(fhlc), hlc,
                                        bool(deleted), True)
    return states


def _write(c: Conn, w: _Writes) -> None:
    c.executemany("INSERT INTO changes (seq, scope, entity, entity_id, body)"
                  " VALUES (?, ?, ?, ?, ?)", w.changes)
    c.executemany(
        "INSERT INTO entities (scope, entity, entity_id, owner, data, field_hlc, hlc,"
        " deleted, seq) VALUES (?, ?, ?, 'station', ?, ?, ?, ?, ?)"
        " ON CONFLICT(scope, entity, entity_id) DO UPDATE SET data = excluded.data,"
        " field_hlc = excluded.field_hlc, hlc = excluded.hlc, deleted = excluded.deleted,"
        " seq = excluded.seq", list(w.entities.values()))
    c.executemany("INSERT INTO conflicts (scope, entity, entity_id, field, kept_value,"
                  " kept_hlc, lost_value, lost_hlc, at) VALUES (?,?,?,?,?,?,?,?,?)",
                  w.conflicts)
    c.executemany("INSERT INTO mutations (id, station_id, received_at, result)"
                  " VALUES (?, ?, ?, ?)", w.mutations)


def _apply_one(sid: str, m: dict[str, Any], states: dict[tuple[str, str], _Entity],
               w: _Writes, now: str) -> str:
    entity, eid, op, hlc = m["entity"], m["entity_id"], m["op"], m["hlc"]
    fields: dict[str, Any] = m.get("fields") or {}
    before = states.get((entity, eid))
    exists = before is not None
    # Worked on copies: the stored state moves only when this mutation writes a change.
    data: dict[str, Any] = dict(before.data) if before else {}
    fhlc: dict[str, str] = dict(before.fhlc) if before else {}
    row_hlc: str = before.hlc if before else ""
    deleted = before.deleted if before else False
    conflicts: list[dict[str, Any]] = []
    changed = False
    if op == "delete":
        newest = max([row_hlc, *fhlc.values()]) if exists else ""
        if hlc > newest:
            changed = not deleted or not exists
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
    data_json = json.dumps(data, ensure_ascii=False)
    fhlc_json = json.dumps(fhlc)
    conflicts_json = json.dumps(conflicts, ensure_ascii=False)
    if changed or conflicts or not exists:
        seq = w.seqs.pop(0)
        body = _json_object(
            entity=json.dumps(entity), entity_id=json.dumps(eid),
            op='"delete"' if deleted else '"upsert"', owner='"station"', data=data_json,
            field_hlc=fhlc_json, hlc=json.dumps(row_hlc), mutation=json.dumps(m["id"]),
            conflicts=conflicts_json)
        w.changes.append((seq, sid, entity, eid, body))
        w.entities[(entity, eid)] = (sid, entity, eid, data_json, fhlc_json, row_hlc,
                                     int(deleted), seq)
        states[(entity, eid)] = _Entity(data, fhlc, row_hlc, deleted, True)
        w.conflicts += [(sid, entity, eid, k["field"], json.dumps(k["kept_value"]), k["kept_hlc"],
                         json.dumps(k["lost_value"]), k["lost_hlc"], now) for k in conflicts]
    return _json_object(
        id=json.dumps(m["id"]), status='"applied"', seq=json.dumps(seq),
        deleted=json.dumps(deleted), data=data_json, field_hlc=fhlc_json,
        hlc=json.dumps(row_hlc), conflicts=conflicts_json)


def publish_province(store: HubStore, entity: str, eid: str, data: dict[str, Any],
                     hlc: str, *, delete: bool = False) -> int:
    """A province-owned row (relay item, bulletin, review) for every station's feed."""
    with store.tx(lock=PROVINCE) as c:
        body: dict[str, Any] = {
                "entity": entity, "entity_id": eid, "op": "delete" if delete else "upsert",
                "owner": "province", "data": data, "field_hlc": {}, "hlc": hlc,
                "mutation": None, "conflicts": []}
        seq = int(c.execute("INSERT INTO changes (scope, entity, entity_id, body)"
                            " VALUES (?,?,?,?) RETURNING seq",
                            [PROVINCE, entity, eid, json.dumps(body, ensure_ascii=False)]
                            ).fetchone()[0])
        c.execute(
            "INSERT INTO entities (scope, entity, entity_id, owner, data, field_hlc, hlc,"
            " deleted, seq) VALUES (?, ?, ?, 'province', ?, '{}', ?, ?, ?)"
            " ON CONFLICT(scope, entity, entity_id) DO UPDATE SET data = excluded.data,"
            " hlc = excluded.hlc, deleted = excluded.deleted, seq = excluded.seq",
            [PROVINCE, entity, eid, json.dumps(data, ensure_ascii=False), hlc, int(delete), seq])
    return seq


def changes_page(store: HubStore, sid: str, after: Position,
                 limit: int) -> tuple[list[dict[str, Any]], Position, bool]:
    text, last, more = changes_page_json(store, sid, after, limit)
    return json.loads(text), last, more


def changes_page_json(store: HubStore, sid: str, after: Position,
                      limit: int) -> tuple[str, Position, bool]:
    """A page of the feed as JSON text: each change is served as it was stored, with its
    seq put in front (no decoding and encoding again)."""
    with store.read() as c:
        rows = store.db.changes_after(c, (sid, PROVINCE), after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    # Every stored body is a JSON object with keys ('{"entity": ...'): splice seq in.
    text = "[" + ",".join(f'{{"seq":{pos[1]},{body[1:]}' for pos, body in rows) + "]"
    last = rows[-1][0] if rows else after
    return text, last, more


def top_position(store: HubStore) -> Position:
    """Where the feed goes on after a snapshot taken now."""
    with store.read() as c:
        return store.db.top(c)


def snapshot(store: HubStore, sid: str, after: int = 0,
             limit: int = 1000) -> tuple[list[dict[str, Any]], int, bool]:
    """One page of the station's (and the province's) entities, in the order they first
    appeared (an entity keeps its place when it changes), so what a row refers to comes
    before it and a page boundary never moves while the client reads. Returns (page, the
    last place, more)."""
    order = store.db.entity_order
    part = (f"SELECT * FROM (SELECT {order} AS place, entity, entity_id, owner, data,"
            f" field_hlc, hlc, deleted, seq FROM entities WHERE scope = ? AND {order} > ?"
            f" ORDER BY {order} LIMIT ?) AS part")
    with store.read() as c:
        rows = c.execute(f"{part} UNION ALL {part} ORDER BY 1 LIMIT ?",
                         [sid, after, limit + 1, PROVINCE, after, limit + 1, limit + 1]
                         ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    out = [{"seq": r[8], "entity": r[1], "entity_id": r[2], "owner": r[3],
            "op": "delete" if r[7] else "upsert", "data": json.loads(r[4]),
            "field_hlc": json.loads(r[5]), "hlc": r[6], "conflicts": []} for r in rows]
    return out, (int(rows[-1][0]) if rows else after), more
