"""Rows the province owns, as this station holds them after a pull (DESIGN.md section 6):
mandatory bulletins and the province's reviews.

A bulletin becomes a text item with the hub's id, in :data:`BULLETIN_CATEGORY`, so the
library, the schedule and a ``must_air`` rule on that category see it like any item; its
priority and validity stay in ``province_bulletins``. One that arrives with emergency priority
(valid today) is declared at once as an emergency of the province: playout airs it, spoken,
pre-empting what plays. The province owns it: it never goes up
(``station.outbox.note`` and the outbox scan skip it) and :func:`ensure_local` refuses a
local edit. A delete at the hub removes the item, or retires it when a schedule still uses it.

The appliers run inside the caller's transaction (the page of the change feed); each keeps
the hub's seq (``rev``) and skips a state not newer than the one held, so a page applied
twice changes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from station import audit
from station.clock import now_iso, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.station import Station
from station.text import nfc

BULLETIN_CATEGORY = "Bản tin bắt buộc"  # NFC; a must_air rule names this category
PRIORITIES = ("normal", "priority", "emergency")
PROVINCE_ACTOR = "province"
EMERGENCY_REASON = "Bản tin khẩn cấp của tỉnh"  # stored like a chief's typed reason: NFC text


@dataclass(frozen=True)
class Bulletin:
    id: str  # also its item's id
    title: str
    body: str
    priority: str
    valid_from: str | None
    valid_to: str | None
    retired: bool

    def to_json_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Review:
    id: str
    target_entity: str
    target_id: str
    verdict: str
    comment: str
    reviewer: str
    reviewed_at: str

    def to_json_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


# -- ownership --------------------------------------------------------------------------
# A province relay item: downloaded from a relay feed the hub publishes (sync/province_relay).
_RELAY_ITEMS = ("SELECT e.item_id FROM relay_entries e JOIN relay_feeds f ON f.id = e.feed_id"
                " WHERE f.province_feed IS NOT NULL AND e.item_id IS NOT NULL")


def owned_items(db: sqlite_utils.Database) -> set[str]:
    """Ids of the items the province owns (its bulletins and its relay items)."""
    return {r[0] for r in db.execute(f"SELECT id FROM province_bulletins UNION {_RELAY_ITEMS}")}


def owned_assets(db: sqlite_utils.Database) -> set[str]:
    """SHA-256 of the files of the province's relay items (the hub has them already)."""
    return {r[0] for r in db.execute(f"SELECT asset_sha256 FROM items WHERE id IN ({_RELAY_ITEMS})"
                                     " AND asset_sha256 IS NOT NULL")}


def is_relay_item(db: sqlite_utils.Database, item_id: str) -> bool:
    """The item came down from one of the province's relay feeds."""
    return db.execute(f"{_RELAY_ITEMS} AND e.item_id = ? LIMIT 1",
                      [item_id]).fetchone() is not None


def is_owned(db: sqlite_utils.Database, entity: str, eid: str) -> bool:
    if entity == "asset":
        return eid in owned_assets(db)
    return entity == "item" and (db.execute(
        "SELECT 1 FROM province_bulletins WHERE id = ?", [eid]).fetchone() is not None
        or is_relay_item(db, eid))


def ensure_local(st: Station, item_ids: list[str]) -> None:
    """Refuse to edit items the province owns: the hub's next state would undo the edit."""
    for eid in item_ids:
        if is_relay_item(st.db, eid):
            raise ValidationError(QT_TRANSLATE_NOOP(
                "errors", "this relay item belongs to the province and cannot be changed here"))
        if is_owned(st.db, "item", eid):
            raise ValidationError(QT_TRANSLATE_NOOP(
                "errors", "this bulletin belongs to the province and cannot be changed here"))


# -- applying the hub's state -----------------------------------------------------------
def _held_rev(db: sqlite_utils.Database, table: str, eid: str) -> int | None:
    row = db.execute(f"SELECT rev FROM {table} WHERE id = ?", [eid]).fetchone()
    return None if row is None else int(row[0])


def _date(value: Any) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    date.fromisoformat(text[:10])  # a malformed date is refused, not stored
    return text[:10]


def apply_bulletin(db: sqlite_utils.Database, eid: str, data: dict[str, Any], deleted: bool,
                   rev: int) -> tuple[bool, str]:
    """Bring the bulletin (and its item) to the hub's state; returns (changed, error)."""
    held = _held_rev(db, "province_bulletins", eid)
    if held is not None and rev and held >= rev:
        return False, ""
    now = now_iso()
    if deleted:
        if held is None:
            return False, ""
        try:
            db.execute("SAVEPOINT province_bulletin")
            try:
                db.execute("DELETE FROM items WHERE id = ?", [eid])
            except sqlite3.IntegrityError:
                # A schedule still names it: the item stays, retired.
                db.execute("ROLLBACK TO province_bulletin")
        finally:
            db.execute("RELEASE province_bulletin")
        db.execute("UPDATE province_bulletins SET retired = 1, rev = ?, updated_at = ?"
                   " WHERE id = ?", [rev, now, eid])
        return True, ""
    title, body = nfc(str(data.get("title") or "")), nfc(str(data.get("text") or ""))
    priority = str(data.get("priority") or "normal")
    try:
        valid_from, valid_to = _date(data.get("valid_from")), _date(data.get("valid_to"))
    except ValueError:
        return False, f"bulletin {eid}: a validity date is not yyyy-mm-dd"
    if not title or not body or priority not in PRIORITIES:
        return False, f"bulletin {eid}: no title, no text or an unknown priority"
    category = nfc(str(data.get("category") or "")) or BULLETIN_CATEGORY
    was = db.execute("SELECT priority, retired FROM province_bulletins WHERE id = ?",
                     [eid]).fetchone()
    if db.execute("SELECT 1 FROM items WHERE id = ?", [eid]).fetchone() is None:
        db.execute("INSERT INTO items (id, kind, title, category, body, created_at, created_by,"
                   " updated_at, rev, hlc) VALUES (?, 'text', ?, ?, ?, ?, ?, ?, ?, '')",
                   [eid, title, category, body, now, PROVINCE_ACTOR, now, rev])
    else:
        db.execute("UPDATE items SET title = ?, category = ?, body = ?, updated_at = ?, rev = ?"
                   " WHERE id = ?", [title, category, body, now, rev, eid])
    db.execute("INSERT INTO province_bulletins (id, priority, valid_from, valid_to, retired, rev,"
               " updated_at) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT(id) DO UPDATE SET"
               " priority = excluded.priority, valid_from = excluded.valid_from,"
               " valid_to = excluded.valid_to, retired = 0, rev = excluded.rev,"
               " updated_at = excluded.updated_at",
               [eid, priority, valid_from, valid_to, rev, now])
    today = datetime.now(zone(db)).date().isoformat()  # the station's day
    if priority == "emergency" and (was is None or was[0] != "emergency" or was[1]) and \
            (valid_from or today) <= today <= (valid_to or today):
        _declare(db, eid, title, now)
    return True, ""


def _declare(db: sqlite_utils.Database, item_id: str, title: str, now: str) -> None:
    """The province declared an emergency: playout airs it at once (station.playout.runner
    picks up the row), with the province's authority: nothing waits for the chief."""
    eid = uuid7()
    db.execute("INSERT INTO schedule_emergencies (id, item_id, title, reason, started_at,"
               " started_by, status, confirmed_at, confirmed_by) VALUES"
               " (?, ?, ?, ?, ?, ?, 'confirmed', ?, ?)",
               [eid, item_id, title, EMERGENCY_REASON, now, PROVINCE_ACTOR, now,
                PROVINCE_ACTOR])
    audit.append(db, PROVINCE_ACTOR, "schedule.emergency", "schedule_emergency", eid,
                 {"item_id": item_id, "title": title, "reason": EMERGENCY_REASON})


def apply_review(db: sqlite_utils.Database, eid: str, data: dict[str, Any], deleted: bool,
                 rev: int) -> tuple[bool, str]:
    """Bring the review to the hub's state; returns (changed, error)."""
    held = _held_rev(db, "province_reviews", eid)
    if held is not None and rev and held >= rev:
        return False, ""
    if deleted:
        if held is None:
            return False, ""
        db.execute("UPDATE province_reviews SET deleted = 1, rev = ? WHERE id = ?", [rev, eid])
        return True, ""
    target_entity = str(data.get("target_entity") or "")
    target_id = str(data.get("target_id") or "")
    verdict = str(data.get("verdict") or "")
    if not target_entity or not target_id or not verdict:
        return False, f"review {eid}: no target or verdict"
    db.execute("INSERT INTO province_reviews (id, target_entity, target_id, verdict, comment,"
               " reviewer, reviewed_at, deleted, rev) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)"
               " ON CONFLICT(id) DO UPDATE SET target_entity = excluded.target_entity,"
               " target_id = excluded.target_id, verdict = excluded.verdict,"
               " comment = excluded.comment, reviewer = excluded.reviewer,"
               " reviewed_at = excluded.reviewed_at, deleted = 0, rev = excluded.rev",
               [eid, target_entity, target_id, verdict, nfc(str(data.get("comment") or "")),
                nfc(str(data.get("reviewer") or "")),
                str(data.get("reviewed_at") or now_iso()), rev])
    return True, ""


APPLIERS = {"bulletin": apply_bulletin, "review": apply_review}


# -- reading ----------------------------------------------------------------------------
def bulletins(st: Station, *, on: date | None = None,
              include_retired: bool = False) -> list[Bulletin]:
    """The province's bulletins, newest first; ``on``: only those valid that day."""
    st.require(Right.LIBRARY_VIEW, "list province bulletins")
    sql = ("SELECT b.id, i.title, coalesce(i.body, ''), b.priority, b.valid_from, b.valid_to,"
           " b.retired FROM province_bulletins b JOIN items i ON i.id = b.id WHERE 1 = 1")
    params: list[Any] = []
    if not include_retired:
        sql += " AND b.retired = 0"
    if on is not None:
        sql += (" AND (b.valid_from IS NULL OR b.valid_from <= ?)"
                " AND (b.valid_to IS NULL OR b.valid_to >= ?)")
        params += [on.isoformat(), on.isoformat()]
    rows = st.db.execute(sql + " ORDER BY b.id DESC", params).fetchall()
    return [Bulletin(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]


def reviews(st: Station, target_entity: str | None = None,
            target_id: str | None = None) -> list[Review]:
    """The province's reviews (of one target when named), oldest first."""
    st.require(Right.LIBRARY_VIEW, "list province reviews")
    sql = ("SELECT id, target_entity, target_id, verdict, comment, reviewer, reviewed_at"
           " FROM province_reviews WHERE deleted = 0")
    params: list[Any] = []
    if target_entity is not None:
        sql += " AND target_entity = ?"
        params.append(target_entity)
    if target_id is not None:
        sql += " AND target_id = ?"
        params.append(target_id)
    rows = st.db.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
    return [Review(*r) for r in rows]
