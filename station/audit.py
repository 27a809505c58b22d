"""The hash-chained audit log: every change of state appends who, when, what, previous hash.

Each row's hash covers its own fields and the previous row's hash, so removing or editing a
row anywhere breaks every hash after it; :func:`verify` finds the first broken row.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Protocol

import sqlite_utils

from station.clock import now_iso
from station.rights import Right

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, actor: str, action: str, entity: str, entity_id: str,
            detail: str) -> str:
    payload = json.dumps(
        [prev_hash, at, actor, action, entity, entity_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    detail: dict[str, Any] | None = None,
) -> str:
    """Append one entry and return its hash. Call inside the transaction of the change."""
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True,
                             separators=(",", ":"))
    with db.atomic():
        row = db.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        prev = row[0] if row else GENESIS
        at = now_iso()
        digest = _digest(prev, at, actor, action, entity, entity_id, detail_text)
        db.execute(
            "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, actor, action, entity, entity_id, detail_text, prev, digest),
        )
    return digest


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "reason": self.reason}


def verify(db: sqlite_utils.Database) -> VerifyResult:
    prev = GENESIS
    count = 0
    cursor = db.execute(
        "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash"
        " FROM audit ORDER BY seq"
    )
    for seq, at, actor, action, entity, entity_id, detail, prev_hash, digest in cursor:
        count += 1
        if prev_hash != prev:
            return VerifyResult(False, count, seq, "an entry before this one is missing or "
                                "was altered")
        if _digest(prev_hash, at, actor, action, entity, entity_id, detail) != digest:
            return VerifyResult(False, count, seq, "this entry was altered")
        prev = digest
    return VerifyResult(True, count)


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


def recent(db: sqlite_utils.Database, limit: int = 100, action: str | None = None) -> list[Entry]:
    where, params = ("WHERE action = ?", [action]) if action else ("", [])
    rows = db.execute(
        f"SELECT seq, at, actor, action, entity, entity_id, detail FROM audit {where}"
        " ORDER BY seq DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]


class Reader(Protocol):
    """Who reads the log: a Station (not imported here, since it imports this module)."""

    @property
    def db(self) -> sqlite_utils.Database: ...

    def require(self, right: Right, what: str = "") -> None: ...


def trail(st: Reader, limit: int = 100) -> list[Entry]:
    """The latest entries, for a user allowed to read the log (a refusal is audited)."""
    st.require(Right.AUDIT_VIEW, "view audit log")
    return recent(st.db, limit)
