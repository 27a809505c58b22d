"""Applying the hub's state to local rows, a page at a time.

A pushed batch's results and a pulled page name up to a thousand entities. Their shadows,
the outbox rows still waiting for them and their local rows are read with one query each
when the page starts, and the shadows are written with one statement when it ends; each
entity then costs one write at most (its row, with ``rev`` and ``hlc``), inside the caller's
transaction, so the page and its cursor are committed (and synced to disk) once.

Rules (the same for one entity as for a page): a state not newer than the one held is
skipped (a page delivered again changes nothing); fields with a newer local edit still
waiting to go up keep the local value; a local edit that loses is kept as a conflict.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from station import province
from station.clock import now_iso
from station.ids import uuid7
from station.outbox import (
    ENTITIES,
    EntityKind,
    Part,
    clock,
    columns,
    load,
    record,
    save_clock,
    table_columns,
    with_parts,
)
from station.station import Station
from sync.bundle_format import EXT_RE, SHA_RE

Key = tuple[str, str]  # (entity, entity_id)


@dataclass
class Applied:
    changed: bool = False
    conflicts: int = 0
    download: tuple[str, str, int] | None = None  # an asset whose file must be fetched
    error: str = ""


@dataclass
class _Shadow:
    fields: str  # JSON, decoded only when a state is applied over it
    rev: int


_MISSING = object()


class PageApply:
    """One page of hub states applied in the caller's transaction; call :meth:`finish`
    before committing."""

    def __init__(self, st: Station, keys: Iterable[Key]) -> None:
        self.st = st
        self.db: sqlite_utils.Database = st.db
        wanted = sorted(set(keys))
        self._cols: dict[str, list[str]] = {}
        self._stamped: dict[str, bool] = {}  # the table keeps each row's rev and hlc
        self._shadows: dict[Key, _Shadow] = {}
        self._outbox: dict[Key, list[tuple[str, str, str, str]]] = {}
        self._local: dict[Key, Any] = {}  # a row (without parts), None when absent
        self._gone: list[str] = []  # outbox rows to delete
        self._new_shadows: dict[Key, tuple[Any, ...]] = {}
        self._sent: dict[Key, list[tuple[str, str, str, str]]] = {}  # answered mutations
        if not wanted:
            return
        pairs = json.dumps(wanted)
        in_pairs = ("(entity, entity_id) IN (SELECT json_extract(value, '$[0]'),"
                    " json_extract(value, '$[1]') FROM json_each(?))")
        for entity, eid, fields, rev in self.db.execute(
                f"SELECT entity, entity_id, fields, rev FROM sync_shadow WHERE {in_pairs}",
                [pairs]):
            self._shadows[(entity, eid)] = _Shadow(fields, rev)
        for mid, entity, eid, op, fields, hlc in self.db.execute(
                "SELECT id, entity, entity_id, op, fields, hlc FROM sync_outbox"
                f" WHERE {in_pairs} ORDER BY seq", [pairs]):
            self._outbox.setdefault((entity, eid), []).append((mid, op, fields, hlc))
        by_kind: dict[str, list[str]] = {}
        for entity, eid in wanted:
            if entity in ENTITIES:
                by_kind.setdefault(entity, []).append(eid)
        for entity, ids in by_kind.items():
            kind = ENTITIES[entity]
            cols = self.columns(kind)
            for eid in ids:
                self._local[(entity, eid)] = None
            for row in self.db.execute(
                    f"SELECT {', '.join([kind.key, *cols])} FROM {kind.table}"
                    f" WHERE {kind.key} IN (SELECT value FROM json_each(?))",
                    [json.dumps(ids)]):
                self._local[(entity, row[0])] = dict(zip(cols, row[1:], strict=True))

    def columns(self, kind: EntityKind) -> list[str]:
        if kind.name not in self._cols:
            self._cols[kind.name] = columns(self.db, kind)
        return self._cols[kind.name]

    def _load(self, kind: EntityKind, eid: str) -> dict[str, Any] | None:
        row = self._local.get((kind.name, eid), _MISSING)
        if row is _MISSING:  # not read at the start, or written since: read it now
            return load(self.db, kind, eid)
        return None if row is None else with_parts(self.db, kind, eid, dict(row))

    def sent(self, mutation_id: str, entity: str, eid: str) -> None:
        """The hub answered this mutation: it leaves the outbox when the page finishes."""
        self._gone.append(mutation_id)
        rows = self._outbox.get((entity, eid))
        if rows:
            self._sent.setdefault((entity, eid), []).extend(r for r in rows if r[0] == mutation_id)
            self._outbox[(entity, eid)] = [r for r in rows if r[0] != mutation_id]

    def _sent_later(self, key: Key, mutation: str | None, f: str,
                    field_hlc: dict[str, str]) -> bool:
        """Whether the mutation this answers sent ``f`` with a stamp later than the hub's
        and the hub still kept another value: then it is not sent again (no ping-pong)."""
        for mid, op, fields, hlc in (*self._outbox.get(key, ()), *self._sent.get(key, ())):
            if mid == mutation and op == "upsert" and f in json.loads(fields):
                return hlc > field_hlc.get(f, "")
        return False

    def _queue(self, entity: str, eid: str, fields: dict[str, Any],
               field_hlc: dict[str, str]) -> None:
        """Send the merged values up with a stamp later than the hub's for those fields, so
        the hub takes them (it keeps the last writer)."""
        c = clock(self.db)
        for f in fields:
            c.observe(field_hlc.get(f, ""))
        stamp = c.now()
        mid = record(self.st, entity, eid, "upsert", fields, c=c, hlc=stamp)
        save_clock(self.db, c)
        self._outbox.setdefault((entity, eid), []).append(
            (mid, "upsert", json.dumps(fields, ensure_ascii=False), stamp))

    def finish(self) -> None:
        db = self.db
        if self._gone:
            db.conn.executemany("DELETE FROM sync_outbox WHERE id = ?",
                                [(mid,) for mid in self._gone])
        if self._new_shadows:
            db.conn.executemany(
                "INSERT INTO sync_shadow (entity, entity_id, fields, field_hlc, deleted, rev)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET"
                " fields = excluded.fields, field_hlc = excluded.field_hlc,"
                " deleted = excluded.deleted, rev = excluded.rev",
                list(self._new_shadows.values()))
        self._gone, self._new_shadows = [], {}

    def state(self, entity: str, eid: str, data: dict[str, Any], field_hlc: dict[str, str],
              deleted: bool, rev: int, hlc: str, conflicts: list[dict[str, Any]], *,
              skip_mutation: str | None = None) -> Applied:
        """Bring the local row to the hub's state, except fields with a newer local edit
        still waiting to go up; record clashes."""
        db = self.db
        out = Applied()
        for k in conflicts:
            if (entity, k.get("field")) in MERGED:
                continue  # both values are kept by the merge: nothing was lost
            out.conflicts += _keep_conflict(db, entity, eid, k)
        if entity == "asset" and not (SHA_RE.match(eid) and
                                      EXT_RE.match(str(data.get("ext") or ""))):
            # The id and ext make a path in the media store: a hub must not lead out of it.
            out.error = f"asset {eid!r} ({data.get('ext')!r}) is not named by its SHA-256"
            return out
        kind = ENTITIES.get(entity)
        applier = province.APPLIERS.get(entity)
        if applier is not None:
            out.changed, out.error = applier(db, eid, data, deleted, rev)
            return out
        if kind is None:
            db.execute("INSERT INTO sync_remote (entity, entity_id, data, deleted, rev)"
                       " VALUES (?, ?, ?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET"
                       " data = excluded.data, deleted = excluded.deleted, rev = excluded.rev",
                       [entity, eid, json.dumps(data, ensure_ascii=False), int(deleted), rev])
            return out
        key = (entity, eid)
        old = self._shadows.get(key)
        if old is not None and rev and old.rev >= rev:
            return out  # this state or a newer one is here already (a page delivered again)
        pend: dict[str, str] = {}  # field -> HLC of the newest local edit waiting
        for mid, op, fields, mhlc in self._outbox.get(key, ()):
            if mid == skip_mutation:
                continue
            for f in (["*deleted"] if op == "delete" else json.loads(fields)):
                pend[f] = mhlc
        cols = [*self.columns(kind), *(part.name for part in kind.parts)]
        local = self._load(kind, eid)
        if kind.name not in self._stamped:
            self._stamped[kind.name] = {"rev", "hlc"} <= set(table_columns(db, kind.table))
        stamp = {"rev": rev, "hlc": hlc} if self._stamped[kind.name] else {}
        if deleted:
            if local is not None and not pend:
                try:
                    with _savepoint(db):
                        _delete(db, kind, eid)
                    out.changed = True
                    self._local[key] = None
                except sqlite3.IntegrityError as exc:
                    out.error = f"{entity} {eid} is still in use here: {exc}"
        else:
            new = {}
            raise_again: dict[str, Any] = {}  # merged values the hub has yet to hear of
            for f in cols:
                if f not in data:
                    continue
                merge = MERGED.get((entity, f))
                if merge is not None and local is not None:
                    value = merge(local.get(f), data[f])
                    if value != data[f] and f not in pend and \
                            not self._sent_later(key, skip_mutation, f, field_hlc):
                        raise_again[f] = value
                    if local.get(f) != value:
                        new[f] = value
                    continue
                if local is not None and f in pend and pend[f] > field_hlc.get(f, ""):
                    continue  # our later edit goes up next and wins there
                if local is not None and f in pend and local.get(f) != data[f]:
                    out.conflicts += _keep_conflict(db, entity, eid, {
                        "field": f, "kept_value": data[f], "kept_hlc": field_hlc.get(f, ""),
                        "lost_value": local.get(f), "lost_hlc": pend[f]})
                if local is None or local.get(f) != data[f]:
                    new[f] = data[f]
            try:
                # A document is written in several statements: all of them or none. One
                # statement is atomic by itself and needs no savepoint.
                with _savepoint(db, bool(kind.parts)):
                    _write(db, kind, eid, new, stamp, own=self.columns(kind),
                           insert=local is None)
            except sqlite3.IntegrityError as exc:
                out.error = f"{entity} {eid} could not be stored: {exc}"
                return out
            out.changed = local is None or bool(new)
            if out.changed:
                self._local[key] = _MISSING  # read again if the page names it twice
            if raise_again:
                self._queue(entity, eid, raise_again, field_hlc)
            if entity == "asset":
                ext = str(data.get("ext") or "")
                if not self.st.store.has(eid, ext):
                    out.download = (eid, ext, int(data.get("size") or 0))
        shadow = json.loads(old.fields) if old is not None else {}
        fields_json = json.dumps({**shadow, **data}, ensure_ascii=False)
        self._shadows[key] = _Shadow(fields_json, rev)
        self._new_shadows[key] = (entity, eid, fields_json, json.dumps(field_hlc),
                                  int(deleted), rev)
        return out


@contextmanager
def _savepoint(db: sqlite_utils.Database, needed: bool = True) -> Iterator[None]:
    """SAVEPOINT ... RELEASE, rolled back on error; nothing when ``needed`` is false."""
    if not needed:
        yield
        return
    db.execute("SAVEPOINT sync_apply")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK TO sync_apply")
        raise
    finally:
        db.execute("RELEASE sync_apply")


def apply_state(st: Station, entity: str, eid: str, data: dict[str, Any],
                field_hlc: dict[str, str], deleted: bool, rev: int, hlc: str,
                conflicts: list[dict[str, Any]], *, skip_mutation: str | None = None) -> Applied:
    """One entity's state (a page of one); call inside a transaction."""
    page = PageApply(st, [(entity, eid)])
    got = page.state(entity, eid, data, field_hlc, deleted, rev, hlc, conflicts,
                     skip_mutation=skip_mutation)
    page.finish()
    return got


def _write(db: sqlite_utils.Database, kind: EntityKind, eid: str, fields: dict[str, Any],
           stamp: dict[str, Any], *, own: list[str], insert: bool) -> None:
    """Store the hub's values: the row's own columns (those this database has: a newer
    workstation may send more) with the state's rev and hlc, and each part replaced
    whole."""
    mine = set(own)
    row = {**{f: v for f, v in fields.items() if f in mine}, **stamp}
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


def earliest(*values: Any) -> Any:
    """The earliest date that is set (ISO text in UTC orders as time); None when none is."""
    found = [v for v in values if isinstance(v, str) and v]
    return min(found) if found else None


def latest(*values: Any) -> Any:
    found = [v for v in values if isinstance(v, str) and v]
    return max(found) if found else None


# Fields that are facts gathered from everywhere, not choices: they merge (an airing is
# never lost to a row that had not heard of it yet) and never make a conflict.
MERGED = {("item", "first_aired_at"): earliest, ("item", "last_aired_at"): latest}


# When a row was last edited is bookkeeping, not a value anyone picks: a clash on it is
# not kept (the fields that clashed with it are).
NOT_KEPT = frozenset({"updated_at"})


def _keep_conflict(db: sqlite_utils.Database, entity: str, eid: str, k: dict[str, Any]) -> int:
    if k.get("field") in NOT_KEPT:
        return 0
    cur = db.execute(
        "INSERT OR IGNORE INTO sync_conflicts (id, entity, entity_id, field, kept_value,"
        " kept_hlc, lost_value, lost_hlc, detected_at) VALUES (?,?,?,?,?,?,?,?,?)",
        [uuid7(), entity, eid, k.get("field", ""),
         json.dumps(k.get("kept_value"), ensure_ascii=False), k.get("kept_hlc", ""),
         json.dumps(k.get("lost_value"), ensure_ascii=False), k.get("lost_hlc", ""), now_iso()])
    return cur.rowcount or 0
