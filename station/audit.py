"""The hash-chained audit log: every change of state appends who, when, what, previous hash.

Each row's hash covers its own fields and the previous row's hash, so removing or editing a
row anywhere breaks every hash after it; :func:`verify` finds the first broken row.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from media.files import write_atomic
from station.changes import Changes
from station.clock import fmt_period, iso_ms, now_iso, zone
from station.errors import QT_TRANSLATE_NOOP
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


# -- reading the log as people read it --------------------------------------------------------

# Every action the core writes, in words (English source, translated in the "audit" context);
# an action not listed here is shown as its code.
ACTION_NAMES: dict[str, str] = {
    "access.denied": QT_TRANSLATE_NOOP("audit", "Access refused"),
    "archive.purge": QT_TRANSLATE_NOOP("audit", "Expired items purged"),
    "asrun.import": QT_TRANSLATE_NOOP("audit", "As-run log imported"),
    "asrun.record": QT_TRANSLATE_NOOP("audit", "Airing logged"),
    "audit.export": QT_TRANSLATE_NOOP("audit", "Audit trail exported"),
    "bin.empty": QT_TRANSLATE_NOOP("audit", "Recycle bin emptied"),
    "database.backup": QT_TRANSLATE_NOOP("audit", "Database backed up"),
    "edit.open": QT_TRANSLATE_NOOP("audit", "Edit opened"),
    "edit.step": QT_TRANSLATE_NOOP("audit", "Edit step"),
    "edit.undo": QT_TRANSLATE_NOOP("audit", "Edit undone"),
    "edit.redo": QT_TRANSLATE_NOOP("audit", "Edit redone"),
    "item.bulk_import": QT_TRANSLATE_NOOP("audit", "Catalogue imported"),
    "item.create": QT_TRANSLATE_NOOP("audit", "Item created"),
    "item.delete": QT_TRANSLATE_NOOP("audit", "Item deleted"),
    "item.edit": QT_TRANSLATE_NOOP("audit", "Item details changed"),
    "item.import": QT_TRANSLATE_NOOP("audit", "Item imported"),
    "item.import_refused": QT_TRANSLATE_NOOP("audit", "Import refused"),
    "item.legal_hold": QT_TRANSLATE_NOOP("audit", "Legal hold changed"),
    "item.retention": QT_TRANSLATE_NOOP("audit", "Retention changed"),
    "item.restore": QT_TRANSLATE_NOOP("audit", "Item restored"),
    "library.export": QT_TRANSLATE_NOOP("audit", "Library exported"),
    "playout.alarm": QT_TRANSLATE_NOOP("audit", "On-air alarm"),
    "playout.hold": QT_TRANSLATE_NOOP("audit", "Playout held"),
    "playout.insert": QT_TRANSLATE_NOOP("audit", "Inserted on air"),
    "playout.recover": QT_TRANSLATE_NOOP("audit", "Playout recovered"),
    "playout.release": QT_TRANSLATE_NOOP("audit", "Playout released"),
    "playout.skip": QT_TRANSLATE_NOOP("audit", "Skipped on air"),
    "playout.start": QT_TRANSLATE_NOOP("audit", "Playout started"),
    "playout.stop": QT_TRANSLATE_NOOP("audit", "Playout stopped"),
    "programme.create": QT_TRANSLATE_NOOP("audit", "Programme created"),
    "programme.delete": QT_TRANSLATE_NOOP("audit", "Programme deleted"),
    "programme.edit": QT_TRANSLATE_NOOP("audit", "Programme edited"),
    "programme.render": QT_TRANSLATE_NOOP("audit", "Programme rendered"),
    "programme_template.create": QT_TRANSLATE_NOOP("audit", "Programme template saved"),
    "recording_rule.add": QT_TRANSLATE_NOOP("audit", "Scheduled recording added"),
    "recording_rule.delete": QT_TRANSLATE_NOOP("audit", "Scheduled recording deleted"),
    "recording_rule.end": QT_TRANSLATE_NOOP("audit", "Scheduled recording ended"),
    "recording_rule.missed": QT_TRANSLATE_NOOP("audit", "Scheduled recording missed"),
    "recording_rule.start": QT_TRANSLATE_NOOP("audit", "Scheduled recording started"),
    "recording_rule.update": QT_TRANSLATE_NOOP("audit", "Scheduled recording changed"),
    "recovery.sweep": QT_TRANSLATE_NOOP("audit", "Recovery after a crash"),
    "render": QT_TRANSLATE_NOOP("audit", "Edit rendered"),
    "schedule.approve": QT_TRANSLATE_NOOP("audit", "Schedule approved"),
    "schedule.sign_failed": QT_TRANSLATE_NOOP("audit", "Approval not signed (wrong password)"),
    "relay.remove": QT_TRANSLATE_NOOP("audit", "Relay feed removed"),
    "relay.subscribe": QT_TRANSLATE_NOOP("audit", "Relay feed subscribed"),
    "schedule.create": QT_TRANSLATE_NOOP("audit", "Schedule created"),
    "schedule.delete": QT_TRANSLATE_NOOP("audit", "Schedule deleted"),
    "schedule.edit": QT_TRANSLATE_NOOP("audit", "Schedule edited"),
    "schedule.emergency": QT_TRANSLATE_NOOP("audit", "Emergency bulletin on air"),
    "schedule.emergency.confirm": QT_TRANSLATE_NOOP("audit", "Emergency bulletin confirmed"),
    "schedule.emergency.cancel": QT_TRANSLATE_NOOP("audit", "Emergency bulletin cancelled"),
    "schedule.export": QT_TRANSLATE_NOOP("audit", "Schedule package exported"),
    "schedule.print": QT_TRANSLATE_NOOP("audit", "Schedule printed"),
    "schedule.publish": QT_TRANSLATE_NOOP("audit", "Schedule published"),
    "schedule.reject": QT_TRANSLATE_NOOP("audit", "Schedule rejected"),
    "schedule.relay_attached": QT_TRANSLATE_NOOP("audit", "Relay attached to the schedule"),
    "schedule.revise": QT_TRANSLATE_NOOP("audit", "Schedule revision started"),
    "schedule.rule.add": QT_TRANSLATE_NOOP("audit", "Schedule rule added"),
    "schedule.submit": QT_TRANSLATE_NOOP("audit", "Schedule submitted"),
    "schedule.template.save": QT_TRANSLATE_NOOP("audit", "Schedule template saved"),
    "schedule.withdraw": QT_TRANSLATE_NOOP("audit", "Schedule withdrawn"),
    "search.delete_saved": QT_TRANSLATE_NOOP("audit", "Saved search deleted"),
    "search.reindex": QT_TRANSLATE_NOOP("audit", "Search index rebuilt"),
    "search.save": QT_TRANSLATE_NOOP("audit", "Search saved"),
    "settings.change": QT_TRANSLATE_NOOP("audit", "Setting changed"),
    "settings.playout": QT_TRANSLATE_NOOP("audit", "Playout settings changed"),
    "settings.sync_hub": QT_TRANSLATE_NOOP("audit", "Hub address changed"),
    "settings.sync_limits": QT_TRANSLATE_NOOP("audit", "Sync limits changed"),
    "settings.relay_max_enclosure": QT_TRANSLATE_NOOP("audit", "Relay size limit changed"),
    "settings.watch_folder": QT_TRANSLATE_NOOP("audit", "Watched folder changed"),
    "station.create": QT_TRANSLATE_NOOP("audit", "Station created"),
    "station.demo": QT_TRANSLATE_NOOP("audit", "Demo library added"),
    "station.rename": QT_TRANSLATE_NOOP("audit", "Station renamed"),
    "station.time_zone": QT_TRANSLATE_NOOP("audit", "Station time zone changed"),
    "store.verify": QT_TRANSLATE_NOOP("audit", "Media store verified"),
    "stream.record": QT_TRANSLATE_NOOP("audit", "Stream recorded"),
    "sync.bundle_export": QT_TRANSLATE_NOOP("audit", "USB bundle written"),
    "sync.bundle_import": QT_TRANSLATE_NOOP("audit", "USB bundle read"),
    "sync.conflict_resolved": QT_TRANSLATE_NOOP("audit", "Sync conflict resolved"),
    "sync.run": QT_TRANSLATE_NOOP("audit", "Synchronised"),
    "take.fail": QT_TRANSLATE_NOOP("audit", "Recording failed"),
    "take.finish": QT_TRANSLATE_NOOP("audit", "Recording finished"),
    "take.recover": QT_TRANSLATE_NOOP("audit", "Recording recovered"),
    "take.start": QT_TRANSLATE_NOOP("audit", "Recording started"),
    "user.activate": QT_TRANSLATE_NOOP("audit", "User enabled"),
    "user.create": QT_TRANSLATE_NOOP("audit", "User created"),
    "user.deactivate": QT_TRANSLATE_NOOP("audit", "User disabled"),
    "user.login": QT_TRANSLATE_NOOP("audit", "Logged in"),
    "user.key_create": QT_TRANSLATE_NOOP("audit", "Signing key made"),
    "user.login_failed": QT_TRANSLATE_NOOP("audit", "Failed login"),
    "user.logout": QT_TRANSLATE_NOOP("audit", "Logged out"),
    "user.password_change": QT_TRANSLATE_NOOP("audit", "Password changed"),
    "user.password_change_failed": QT_TRANSLATE_NOOP("audit", "Password change refused"),
    "user.password_reset": QT_TRANSLATE_NOOP("audit", "Password reset"),
    "user.role": QT_TRANSLATE_NOOP("audit", "Role changed"),
    "user.update": QT_TRANSLATE_NOOP("audit", "User details changed"),
}

# The rights a refusal names (entity "right"), in words.
RIGHT_NAMES: dict[str, str] = {
    Right.LIBRARY_VIEW: QT_TRANSLATE_NOOP("audit", "view the library"),
    Right.LIBRARY_IMPORT: QT_TRANSLATE_NOOP("audit", "import into the library"),
    Right.LIBRARY_EDIT: QT_TRANSLATE_NOOP("audit", "edit the library"),
    Right.LIBRARY_DELETE: QT_TRANSLATE_NOOP("audit", "delete from the library"),
    Right.ARCHIVE_PURGE: QT_TRANSLATE_NOOP("audit", "purge the archive"),
    Right.STUDIO_USE: QT_TRANSLATE_NOOP("audit", "use the studio"),
    Right.PLAYOUT_RUN: QT_TRANSLATE_NOOP("audit", "run playout"),
    Right.SCHEDULE_EDIT: QT_TRANSLATE_NOOP("audit", "edit schedules"),
    Right.SCHEDULE_SUBMIT: QT_TRANSLATE_NOOP("audit", "submit schedules"),
    Right.SCHEDULE_APPROVE: QT_TRANSLATE_NOOP("audit", "approve schedules"),
    Right.SYNC_RUN: QT_TRANSLATE_NOOP("audit", "run sync"),
    Right.AUDIT_VIEW: QT_TRANSLATE_NOOP("audit", "view the audit trail"),
    Right.USERS_MANAGE: QT_TRANSLATE_NOOP("audit", "manage users"),
    Right.SETTINGS_MANAGE: QT_TRANSLATE_NOOP("audit", "manage settings"),
}


@dataclass(frozen=True)
class Row:
    """One entry as a reader sees it: who by name, and what it is about by its title."""

    seq: int
    at: str  # UTC ISO, as stored
    actor: str  # the username
    actor_name: str  # full name, or the username when there is none (or 'system')
    action: str
    entity: str
    entity_id: str
    subject: str  # the title of what the entry is about, or entity_id when it has none
    revision: int | None  # a schedule's revision
    detail: dict[str, Any]  # readable: an edit's arguments flattened, items by title


# entity -> (table, the title column or expression) for a lookup by id
_TITLES: dict[str, tuple[str, str]] = {
    "item": ("items", "title"),
    "programme": ("programmes", "title"),
    "programme_template": ("programme_templates", "name"),
    "recording_rule": ("recording_rules", "title"),
    "take": ("takes", "title"),
    "edit_project": ("edit_projects", "title"),
    "saved_search": ("saved_searches", "name"),
    "schedule_emergency": ("schedule_emergencies", "title"),
    "schedule_template": ("schedule_templates", "name"),
    "user": ("users", "CASE WHEN full_name != '' THEN full_name ELSE username END"),
}


def _lookup(db: sqlite_utils.Database, sql: str, ids: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for start in range(0, len(ids), 500):  # SQLite's variable limit
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for key, *rest in db.execute(sql.replace("{ids}", marks), chunk):
            out[key] = rest[0] if len(rest) == 1 else tuple(rest)
    return out


def _subjects(db: sqlite_utils.Database, entries: list[Entry]) -> dict[tuple[str, str], Any]:
    wanted: dict[str, set[str]] = {}
    for e in entries:
        if e.entity_id:
            wanted.setdefault(e.entity, set()).add(e.entity_id)
    found: dict[tuple[str, str], Any] = {}
    for entity, ids in wanted.items():
        if entity in _TITLES:
            table, column = _TITLES[entity]
            got = _lookup(db, f"SELECT id, {column} FROM {table} WHERE id IN ({{ids}})",
                          sorted(ids))
        elif entity == "schedule":
            got = _lookup(db, "SELECT id, period_start, period_days, revision, title"
                              " FROM schedules WHERE id IN ({ids})", sorted(ids))
        elif entity == "recording_run":
            got = _lookup(db, "SELECT r.id, u.title FROM recording_runs r JOIN recording_rules"
                              " u ON u.id = r.rule_id WHERE r.id IN ({ids})", sorted(ids))
        else:
            continue
        found.update({(entity, k): v for k, v in got.items()})
    return found


# keys of an entry's detail that hold an item's id, named in the readable detail as "item"
_ITEM_KEYS = ("item", "item_id")


def _detail_items(entries: list[Entry]) -> set[str]:
    ids: set[str] = set()
    for e in entries:
        for part in (e.detail, e.detail.get("args")):
            if isinstance(part, dict):
                ids.update(str(part[k]) for k in _ITEM_KEYS if isinstance(part.get(k), str))
    return ids


def _readable(detail: dict[str, Any], titles: dict[str, Any]) -> dict[str, Any]:
    """An entry's detail as a reader wants it: an edit's arguments beside its name, items by
    their titles rather than their ids."""
    out: dict[str, Any] = {}
    for key, value in detail.items():
        if key == "args" and isinstance(value, dict):
            out.update({k: v for k, v in _readable(value, titles).items() if k not in out})
        elif key in _ITEM_KEYS and isinstance(value, str):
            out["item"] = titles.get(value, value)
        else:
            out[key] = value
    return out


def _row(e: Entry, names: dict[str, str], subjects: dict[tuple[str, str], Any],
         titles: dict[str, Any]) -> Row:
    got = subjects.get((e.entity, e.entity_id))
    revision: int | None = None
    if e.entity == "schedule" and got:
        start, days, revision, title = got
        first = date.fromisoformat(start)
        last = first + timedelta(days=max(int(days), 1) - 1)
        period = fmt_period(first, last)
        subject = f"{title} ({period})" if title else period
    elif got:
        subject = str(got)
    else:  # gone since (deleted, purged): what the entry itself remembers
        d = e.detail
        subject = str(d.get("title") or d.get("name") or d.get("username") or e.entity_id)
    return Row(e.seq, e.at, e.actor, names.get(e.actor, e.actor), e.action, e.entity,
               e.entity_id, subject, revision, _readable(e.detail, titles))


def _day_start_utc(day: date, tz: tzinfo) -> str:
    return iso_ms(datetime.combine(day, time(0), tz))


def entries(st: Reader, since: date | None = None, until: date | None = None,
            user: str | None = None, action: str | None = None,
            limit: int = 1000) -> list[Row]:
    """The entries from day ``since`` to day ``until`` (both included, station days), by
    ``user`` (a username), of ``action`` (a code, or a prefix ending in '.'), newest first,
    with people's names and subjects' titles; at most ``limit``."""
    st.require(Right.AUDIT_VIEW, "view audit log")
    db = st.db
    tz = zone(db)
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("at >= ?")
        params.append(_day_start_utc(since, tz))
    if until is not None:
        where.append("at < ?")
        params.append(_day_start_utc(until + timedelta(days=1), tz))
    if user:
        where.append("actor = ?")
        params.append(user)
    if action and action.endswith("."):
        where.append("substr(action, 1, ?) = ?")
        params.extend([len(action), action])
    elif action:
        where.append("action = ?")
        params.append(action)
    sql_where = ("WHERE " + " AND ".join(where)) if where else ""
    rows = db.execute(
        f"SELECT seq, at, actor, action, entity, entity_id, detail FROM audit {sql_where}"
        " ORDER BY seq DESC LIMIT ?", [*params, limit]).fetchall()
    found = [Entry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]
    names, subjects = _people(db), _subjects(db, found)
    titles = _lookup(db, "SELECT id, title FROM items WHERE id IN ({ids})",
                     sorted(_detail_items(found)))
    return [_row(e, names, subjects, titles) for e in found]


def _people(db: sqlite_utils.Database) -> dict[str, str]:
    return {u: (f or u) for u, f in db.execute("SELECT username, full_name FROM users")}


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the people and the actions the log holds."""

    users: list[tuple[str, str]]  # (username, name), by name
    actions: list[str]  # codes, sorted


def choices(st: Reader) -> Choices:
    st.require(Right.AUDIT_VIEW, "view audit log")
    db = st.db
    names = _people(db)
    actors = [r[0] for r in db.execute("SELECT DISTINCT actor FROM audit")]
    actions = sorted(r[0] for r in db.execute("SELECT DISTINCT action FROM audit"))
    people = sorted(((a, names.get(a, a)) for a in actors), key=lambda p: p[1].casefold())
    return Choices(people, actions)


class Writer(Reader, Protocol):
    def audit(self, action: str, entity: str = "", entity_id: str = "",
              detail: dict[str, Any] | None = None) -> str: ...


def save_export(st: Writer, path: Path, data: bytes, rows: int) -> Changes:
    """Write an export of the log (CSV or a printable page) whole or not at all, and record
    who took a copy."""
    st.require(Right.AUDIT_VIEW, "export audit log")
    write_atomic(path, data)
    st.audit("audit.export", "file", str(path), {"rows": rows})
    return Changes(audit=True)
