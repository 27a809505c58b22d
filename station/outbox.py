"""The sync outbox as the core writes it: every change to a synced row is queued for the hub
in the transaction of the change itself (DESIGN.md section 6), stamped by this station's
hybrid logical clock.

The core calls :func:`note` (or :func:`note_many`) inside its transaction; it records the
fields that differ from what the hub and this station last agreed on (``sync_shadow``) plus
what already waits in the outbox, so calling it twice queues nothing new. ``sync.outbox``
builds the whole-table scan (the safety net for writes that bypass the core), and
``sync.apply`` the applying of the hub's state, on the same functions.

HLC stamps are ``<13-digit ms>-<5-digit counter>-<node>``, ordered as text. Wall time never
runs backwards in an HLC, and a clock that saw a later stamp (from the hub) moves past it, so
causally later edits always compare later. A station clock that is off by a day is corrected
by the offset measured against the hub's time (``sync_state.clock_offset_s``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from station import province
from station.clock import now_iso
from station.ids import uuid7
from station.station import Station

MAX_COUNTER = 99999


# -- hybrid logical clock -----------------------------------------------------------------
def format_hlc(ms: int, counter: int, node: str) -> str:
    return f"{ms:013d}-{counter:05d}-{node}"


def parse_hlc(text: str) -> tuple[int, int, str]:
    ms, counter, node = text.split("-", 2)
    return int(ms), int(counter), node


class Clock:
    def __init__(self, node: str, last: str = "", offset_s: float = 0.0,
                 wall: Callable[[], float] | None = None) -> None:
        self.node = node.replace("-", "")[:16] or "x"
        self.offset_s = offset_s
        self.wall = wall or (lambda: time.time())
        self._lock = threading.Lock()
        self._ms, self._counter = 0, 0
        if last:
            self.observe(last)

    def _physical_ms(self) -> int:
        return int((self.wall() + self.offset_s) * 1000)

    def now(self) -> str:
        with self._lock:
            physical = self._physical_ms()
            if physical > self._ms:
                self._ms, self._counter = physical, 0
            else:
                self._counter += 1
                if self._counter > MAX_COUNTER:
                    self._ms, self._counter = self._ms + 1, 0
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from elsewhere."""
        try:
            ms, counter, _ = parse_hlc(stamp)
        except ValueError:
            return
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter

    @property
    def last(self) -> str:
        return format_hlc(self._ms, self._counter, self.node)


def get_state(db: sqlite_utils.Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_state(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key)"
               " DO UPDATE SET value = excluded.value", [key, value])


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


# -- what syncs ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """Rows of a child table folded into their parent's document (a schedule's sessions,
    a session's slots): the list is one field, replaced whole."""

    name: str
    table: str
    parent_key: str
    order: str
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class EntityKind:
    name: str
    table: str
    key: str
    owner: str  # 'station' or 'province'
    skip: tuple[str, ...] = ("rev", "hlc")
    parts: tuple[Part, ...] = ()
    scanned: bool = True  # False: queued only by the core's note(), never found by a scan


SLOTS = Part("slots", "schedule_slots", "session_id", "position, key")
SESSIONS = Part("sessions", "schedule_sessions", "schedule_id", "starts_at, key", (SLOTS,))
REVIEWS = Part("reviews", "schedule_reviews", "schedule_id", "submitted_at, id")

# Order matters: an item refers to its asset, a schedule's slots to items.
ENTITIES: dict[str, EntityKind] = {
    "asset": EntityKind("asset", "assets", "sha256", "station"),
    "item": EntityKind("item", "items", "id", "station"),
    # Users' public signing keys, sent with the first approval each signs (and every change
    # after); the sealed private half never leaves the station.
    "user_key": EntityKind("user_key", "user_keys", "id", "station",
                           skip=("rev", "hlc", "sealed_private"), scanned=False),
    "schedule": EntityKind("schedule", "schedules", "id", "station", parts=(SESSIONS, REVIEWS)),
    # As-run rows are read from the table as it is (the playout owns its columns).
    "asrun": EntityKind("asrun", "asrun", "id", "station"),
}


_COLUMNS: dict[tuple[int, str], tuple[int, list[str]]] = {}


def table_columns(db: sqlite_utils.Database, table: str) -> list[str]:
    """The table's columns, remembered while the schema stays the same (a sync applies
    thousands of rows; reading the table's definition for each one doubled the time)."""
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    key = (id(db.conn), table)
    found = _COLUMNS.get(key)
    if found is None or found[0] != version:
        found = (version, [r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()])
        _COLUMNS[key] = found
    return list(found[1])


def columns(db: sqlite_utils.Database, kind: EntityKind) -> list[str]:
    return [c for c in table_columns(db, kind.table) if c != kind.key and c not in kind.skip]


def _part_rows(db: sqlite_utils.Database, part: Part, parent_id: str) -> list[dict[str, Any]]:
    cur = db.execute(f"SELECT * FROM {part.table} WHERE {part.parent_key} = ?"
                     f" ORDER BY {part.order}", [parent_id])
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        found = dict(zip(names, row, strict=True))
        found.pop(part.parent_key, None)
        for child in part.parts:
            found[child.name] = _part_rows(db, child, str(found["id"]))
        out.append(found)
    return out


def with_parts(db: sqlite_utils.Database, kind: EntityKind, eid: str,
               fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` (a row's columns) with the entity's parts added as lists."""
    for part in kind.parts:
        fields[part.name] = _part_rows(db, part, eid)
    return fields


def load(db: sqlite_utils.Database, kind: EntityKind, eid: str) -> dict[str, Any] | None:
    """The entity as it syncs (its columns, and its parts as lists); None when it is gone."""
    cols = columns(db, kind)
    row = db.execute(f"SELECT {', '.join(cols)} FROM {kind.table} WHERE {kind.key} = ?",
                     [eid]).fetchone()
    if row is None:
        return None
    return with_parts(db, kind, eid, dict(zip(cols, row, strict=True)))


def load_all(db: sqlite_utils.Database, kind: EntityKind) -> Iterator[tuple[str, dict[str, Any]]]:
    cols = columns(db, kind)
    rows = db.execute(f"SELECT {', '.join([kind.key, *cols])} FROM {kind.table}").fetchall()
    for row in rows:
        yield row[0], with_parts(db, kind, row[0], dict(zip(cols, row[1:], strict=True)))


def pending(db: sqlite_utils.Database, entity: str,
            eid: str | None = None) -> dict[str, dict[str, Any]]:
    """entity_id -> fields still waiting in the outbox (later over earlier); a waiting
    delete shows as ``{'*deleted': True}``."""
    sql = "SELECT entity_id, op, fields FROM sync_outbox WHERE entity = ?"
    params = [entity]
    if eid is not None:
        sql += " AND entity_id = ?"
        params.append(eid)
    out: dict[str, dict[str, Any]] = {}
    for found, op, fields in db.execute(sql + " ORDER BY seq", params):
        if op == "delete":
            out[found] = {"*deleted": True}
        else:
            out.setdefault(found, {}).update(json.loads(fields))
            out[found].pop("*deleted", None)
    return out


def differences(current: dict[str, Any], known: dict[str, Any], known_deleted: bool,
                waiting: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``current`` that neither the agreed state nor the outbox holds."""
    expected = {**({} if known_deleted else known), **waiting}
    if expected.get("*deleted") is True:
        return dict(current)  # it came back after a delete still waiting: send it whole
    return {k: v for k, v in current.items() if k not in expected or expected[k] != v}


def _shadow(db: sqlite_utils.Database, entity: str,
            eid: str) -> tuple[dict[str, Any], bool, bool]:
    row = db.execute("SELECT fields, deleted FROM sync_shadow WHERE entity = ? AND"
                     " entity_id = ?", [entity, eid]).fetchone()
    return (json.loads(row[0]), bool(row[1]), True) if row else ({}, False, False)


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


def note(st: Station, entity: str, eid: str, *, c: Clock | None = None) -> str | None:
    """Queue what changed in one entity (an upsert of the differing fields, or a delete when
    the row is gone); inside the caller's transaction. Returns the mutation id, or None
    when the outbox already holds the change."""
    kind = ENTITIES[entity]
    db = st.db
    if province.is_owned(db, entity, eid):
        return None  # the province's row: it never goes up
    current = load(db, kind, eid)
    waiting = pending(db, entity, eid).get(eid, {})
    known, deleted, synced = _shadow(db, entity, eid)
    if current is None:
        if waiting.get("*deleted") is True or (deleted and not waiting) or \
                (not synced and not waiting):
            return None
        return record(st, entity, eid, "delete", {}, c=c)
    diff = differences(current, known, deleted, waiting)
    return record(st, entity, eid, "upsert", diff, c=c) if diff else None


def note_many(st: Station, entity: str, ids: Iterable[str]) -> int:
    """:func:`note` for many entities with one clock; returns how many were queued."""
    c = clock(st.db)
    queued = sum(note(st, entity, eid, c=c) is not None for eid in dict.fromkeys(ids))
    save_clock(st.db, c)
    return queued


def note_new_items(st: Station, ids: list[str]) -> None:
    """Queue freshly inserted items whole, in one statement per call (the bulk import adds
    tens of thousands at a time; nothing of them is in the shadow or the outbox yet)."""
    db = st.db
    kind = ENTITIES["item"]
    cols = columns(db, kind)
    fields = ", ".join(f"'{c}', {c}" for c in cols)
    c = clock(db)
    now = now_iso()
    db.conn.executemany(
        "INSERT INTO sync_outbox (id, entity, entity_id, op, fields, hlc, created_at)"
        f" SELECT ?, 'item', id, 'upsert', json_object({fields}), ?, ? FROM items WHERE id = ?",
        [(uuid7(), c.now(), now, eid) for eid in ids])
    save_clock(db, c)
