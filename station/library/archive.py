"""Archive care: verifying the media store, retention classes, and the purge.

Verify re-hashes every stored file and reports missing, damaged and orphan files (it never
deletes). Retention decides when an item may go: 'standard' items are kept a number of
months after their last airing (or after import when never aired), 'temporary' ones a
number of days, 'permanent' ones and items on legal hold never. The purge lists first
(:func:`purge_candidates`), then deletes only the ids the user confirmed that are still
candidates. It is crash-safe: item and asset rows go in one transaction that also records
each file to delete in ``store_intents``; the files go after the commit. A kill -9 at any
point leaves either the item with its file, or no item and a file the recovery sweep removes.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from media.taskstate import Cancelled, TaskState, null_state
from station import settings
from station.changes import Changes
from station.clock import fmt_date, iso_ms, now_iso, parse_iso, zone_named
from station.errors import QT_TRANSLATE_NOOP, DataDirError, ValidationError
from station.library.erase import (
    asset_users_elsewhere,
    drop_files,
    erase_items,
    referencing,
    used_elsewhere,
    write_transaction,
)
from station.outbox import note_many
from station.rights import Right
from station.station import Station
from station.store import relative_path
from station.text import nfc

READ_BLOCK = 8 << 20  # one read per 8 MiB: the hash, not Python, sets the pace
PAGE = 500  # rows per query when walking big tables (no read transaction held for long)
PURGE_BATCH = 200  # items per purge transaction (and per audit entry)
AUDIT_LIST_CAP = 200  # problems named in the verify audit entry; the counts are always exact

RETENTION_CLASSES = ("temporary", "standard", "permanent")  # from least to most protected
_STORE_NAME = re.compile(r"^([0-9a-f]{64})(?:\.([a-z0-9]+))?$")


# -- verify -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AssetProblem:
    sha256: str
    ext: str
    path: str  # relative to the media store
    problem: str  # 'missing', 'size', 'hash' or 'unreadable'
    template: str  # marked for translation (context "archive"); format with params
    params: dict[str, Any]
    expected_size: int
    actual_size: int | None = None
    actual_sha256: str | None = None
    items: tuple[tuple[str, str], ...] = ()  # (id, title) of the items that use the file

    @property
    def reason(self) -> str:
        return self.template.format(**self.params)

    def to_json_dict(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "ext": self.ext, "path": self.path,
                "problem": self.problem, "reason": self.reason,
                "expected_size": self.expected_size, "actual_size": self.actual_size,
                "actual_sha256": self.actual_sha256,
                "items": [{"id": i, "title": t} for i, t in self.items]}


@dataclass(frozen=True)
class VerifyReport:
    quick: bool
    assets: int  # asset rows checked
    bytes_checked: int
    missing: tuple[AssetProblem, ...]
    damaged: tuple[AssetProblem, ...]  # wrong size, wrong hash, or unreadable
    orphans: tuple[str, ...]  # store files no asset row owns (paths relative to the store)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.damaged or self.orphans)

    @property
    def ok_count(self) -> int:
        return self.assets - len(self.missing) - len(self.damaged)

    def to_json_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "quick": self.quick,
                "counts": {"assets": self.assets, "ok": self.ok_count,
                           "missing": len(self.missing), "damaged": len(self.damaged),
                           "orphans": len(self.orphans)},
                "bytes_checked": self.bytes_checked,
                "missing": [p.to_json_dict() for p in self.missing],
                "damaged": [p.to_json_dict() for p in self.damaged],
                "orphans": list(self.orphans)}


def verify(st: Station, state: TaskState | None = None, *, quick: bool = False) -> VerifyReport:
    """Re-hash every asset's file (``quick``: sizes only) and look for orphan files.

    Raises Cancelled if ``state`` is cancelled (nothing is audited then)."""
    st.require(Right.LIBRARY_VIEW, "verify the media store")
    state = state or null_state()
    db = st.db
    total_bytes = db.execute("SELECT coalesce(sum(size), 0) FROM assets").fetchone()[0]
    missing: list[AssetProblem] = []
    damaged: list[AssetProblem] = []
    done_bytes = checked = 0
    buffer = bytearray(READ_BLOCK)

    def report(done: int, text: str) -> None:
        # Files are 95% of the work; the orphan walk is the rest.
        state.progress(0.95 * min(done / total_bytes, 1.0) if total_bytes else 0.0, text)

    for sha256, ext, size, title in _assets(db):
        checked += 1
        label = title or sha256[:12]
        base = done_bytes
        report(base, label)
        problem = _check_file(st, sha256, ext, size, quick, buffer,
                              lambda n: report(base + n, label))  # noqa: B023 - called at once
        done_bytes += size
        if problem is None:
            continue
        if db.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone() is None:
            checked -= 1  # purged while we were looking: not a problem
            continue
        problem = _with_items(db, problem)
        (missing if problem.problem == "missing" else damaged).append(problem)
    state.progress(0.95, "")
    orphans = list(_orphans(st, state))
    result = VerifyReport(quick, checked, done_bytes, tuple(missing), tuple(damaged),
                          tuple(orphans))
    st.audit("store.verify", "store", "", {
        "ok": result.ok, "quick": quick, "assets": checked, "bytes": done_bytes,
        "missing": len(missing), "damaged": len(damaged), "orphans": len(orphans),
        "missing_sha256": [p.sha256 for p in missing[:AUDIT_LIST_CAP]],
        "damaged_sha256": [p.sha256 for p in damaged[:AUDIT_LIST_CAP]],
        "orphan_files": orphans[:AUDIT_LIST_CAP]})
    state.progress(1.0, "")
    return result


def _assets(db: sqlite_utils.Database) -> Iterator[tuple[str, str, int, str | None]]:
    """Every asset in sha256 order, a page at a time (no long read transaction)."""
    after = ""
    while True:
        rows = db.execute(
            "SELECT a.sha256, a.ext, a.size,"
            " (SELECT title FROM items WHERE asset_sha256 = a.sha256 LIMIT 1)"
            " FROM assets a WHERE a.sha256 > ? ORDER BY a.sha256 LIMIT ?", [after, PAGE]).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def _check_file(st: Station, sha256: str, ext: str, size: int, quick: bool, buffer: bytearray,
                progress: Callable[[int], None]) -> AssetProblem | None:
    path = st.store.path(sha256, ext)
    rel = relative_path(sha256, ext)
    try:
        actual_size = os.stat(path).st_size
    except FileNotFoundError:
        return AssetProblem(sha256, ext, rel, "missing",
                            QT_TRANSLATE_NOOP("archive", "the file is missing"), {}, size)
    except OSError as exc:
        return _unreadable(sha256, ext, rel, size, exc)
    if actual_size != size:
        return AssetProblem(sha256, ext, rel, "size",
                            QT_TRANSLATE_NOOP("archive", "the file has {actual} bytes instead of "
                                                         "{expected}"),
                            {"actual": actual_size, "expected": size}, size, actual_size)
    if quick:
        return None
    try:
        digest = hash_file(path, buffer, progress)
    except OSError as exc:
        return _unreadable(sha256, ext, rel, size, exc)
    if digest != sha256:
        return AssetProblem(sha256, ext, rel, "hash",
                            QT_TRANSLATE_NOOP("archive", "the file's content no longer matches its "
                                                         "SHA-256: it is damaged"),
                            {}, size, actual_size, digest)
    return None


def _unreadable(sha256: str, ext: str, rel: str, size: int, exc: OSError) -> AssetProblem:
    return AssetProblem(sha256, ext, rel, "unreadable",
                        QT_TRANSLATE_NOOP("archive", "the file cannot be read: {reason}"),
                        {"reason": exc.strerror or str(exc)}, size)


def hash_file(path: os.PathLike[str] | str, buffer: bytearray | None = None,
              progress: Callable[[int], None] | None = None) -> str:
    """SHA-256 of a file in large reads into one reused buffer (flat memory)."""
    buffer = buffer if buffer is not None else bytearray(READ_BLOCK)
    view = memoryview(buffer)
    digest = hashlib.sha256()
    done = 0
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
        with io.FileIO(fd, "rb", closefd=False) as fh:
            while n := fh.readinto(view):
                digest.update(view[:n])
                done += n
                if progress is not None:
                    progress(done)
        if hasattr(os, "posix_fadvise"):
            # A whole-store check must not push every other file out of the page cache.
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return digest.hexdigest()


def _with_items(db: sqlite_utils.Database, problem: AssetProblem) -> AssetProblem:
    rows = db.execute("SELECT id, title FROM items WHERE asset_sha256 = ? ORDER BY created_at"
                      " LIMIT 20", [problem.sha256]).fetchall()
    return AssetProblem(problem.sha256, problem.ext, problem.path, problem.problem,
                        problem.template, problem.params, problem.expected_size,
                        problem.actual_size, problem.actual_sha256,
                        tuple((r[0], r[1]) for r in rows))


def _orphans(st: Station, state: TaskState) -> Iterator[str]:
    """Files under media/sha256 that no asset row owns, one directory at a time (so memory
    stays flat whatever the size of the store). Files being placed right now are skipped."""
    base = st.store.root / "sha256"
    if not base.is_dir():
        return
    db = st.db
    pending = {r[0] for r in db.execute("SELECT DISTINCT sha256 FROM store_intents")}
    for top in _sorted_entries(base):
        state.check()
        if not top.is_dir(follow_symlinks=False):
            yield f"sha256/{top.name}"
            continue
        for sub in _sorted_entries(top.path):
            if not sub.is_dir(follow_symlinks=False):
                yield f"sha256/{top.name}/{sub.name}"
                continue
            prefix = top.name + sub.name
            owned = {(r[0], r[1]) for r in db.execute(
                "SELECT sha256, ext FROM assets WHERE sha256 >= ? AND sha256 < ?",
                [prefix, prefix + "g"])}  # every hex digit sorts before 'g'
            for entry in _sorted_entries(sub.path):
                rel = f"sha256/{top.name}/{sub.name}/{entry.name}"
                match = _STORE_NAME.match(entry.name)
                if match and match[1] in pending:
                    continue
                if entry.is_dir(follow_symlinks=False) or match is None or \
                        not match[1].startswith(prefix) or (match[1], match[2] or "") not in owned:
                    yield rel


def _sorted_entries(path: os.PathLike[str] | str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(path) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


# -- retention ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RetentionRules:
    aired_months: int
    unaired_months: int
    temporary_days: int
    timezone: str = "Asia/Ho_Chi_Minh"  # for the dates in the reasons

    @classmethod
    def of(cls, st: Station) -> RetentionRules:
        # A negative number (a typo) must not make the whole archive purgeable.
        def clamp(option: settings.Option[int]) -> int:
            value = option.get(st.db)
            return value if value >= 0 else option.default

        return cls(clamp(settings.RETENTION_AIRED_MONTHS),
                   clamp(settings.RETENTION_UNAIRED_MONTHS),
                   clamp(settings.RETENTION_TEMPORARY_DAYS), settings.TIMEZONE.get(st.db))


@dataclass(frozen=True)
class Candidate:
    """An item the retention rules allow to purge, and why."""

    id: str
    title: str
    kind: str
    retention: str
    reason_code: str  # 'aired', 'never_aired' or 'temporary'
    template: str  # marked for translation (context "archive"); format with params
    params: dict[str, Any]
    keep_until: str  # when it became purgeable (UTC ISO)
    created_at: str
    last_aired_at: str | None
    sha256: str | None
    bytes_freed: int  # bytes a purge of this item gives back (0 when the file is shared)

    @property
    def reason(self) -> str:
        return self.template.format(**self.params)

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "kind": self.kind,
                "retention": self.retention, "reason_code": self.reason_code,
                "reason": self.reason, "keep_until": self.keep_until,
                "created_at": self.created_at, "last_aired_at": self.last_aired_at,
                "sha256": self.sha256, "bytes_freed": self.bytes_freed}


def purge_candidates(st: Station, now: datetime | None = None) -> list[Candidate]:
    """Items whose retention has run out, oldest first. Lists only: nothing is deleted."""
    st.require(Right.LIBRARY_VIEW, "list purge candidates")
    return _candidates(st, _utc(now), None)


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def minus_months(when: datetime, months: int) -> datetime:
    return plus_months(when, -months)


def plus_months(when: datetime, months: int) -> datetime:
    """Calendar months: 31 August + 6 months is 28/29 February."""
    years, month0 = divmod(when.month - 1 + months, 12)
    year = when.year + years
    day = min(when.day, calendar.monthrange(year, month0 + 1)[1])
    return when.replace(year=year, month=month0 + 1, day=day)


def _candidates(st: Station, now: datetime, ids: Sequence[str] | None) -> list[Candidate]:
    db = st.db
    rules = RetentionRules.of(st)
    aired_cut = iso_ms(minus_months(now, rules.aired_months))
    unaired_cut = iso_ms(minus_months(now, rules.unaired_months))
    temp_cut = iso_ms(now - timedelta(days=rules.temporary_days))
    in_use = "".join(f' AND NOT EXISTS (SELECT 1 FROM "{t}" r WHERE r."{c}" = i.id)'
                     for t, c in referencing(db, "items"))
    sql = (
        "SELECT i.id, i.title, i.kind, i.retention, i.created_at, NULLIF(i.last_aired_at, ''),"
        " i.asset_sha256 FROM items i WHERE i.legal_hold = 0 AND ("
        " (i.retention = 'standard' AND NULLIF(i.last_aired_at, '') IS NOT NULL"
        "  AND i.last_aired_at < :aired)"
        " OR (i.retention = 'standard' AND NULLIF(i.last_aired_at, '') IS NULL"
        "  AND i.created_at < :unaired)"
        " OR (i.retention = 'temporary' AND i.created_at < :temp"
        "  AND coalesce(i.last_aired_at, '') < :temp))" + in_use)
    params: dict[str, Any] = {"aired": aired_cut, "unaired": unaired_cut, "temp": temp_cut}
    rows: list[tuple[Any, ...]] = []
    if ids is None:
        rows = db.execute(sql + " ORDER BY i.created_at, i.id", params).fetchall()
    else:
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), PAGE):
            chunk = unique[start:start + PAGE]
            marks = ", ".join(f":id{n}" for n in range(len(chunk)))
            rows += db.execute(sql + f" AND i.id IN ({marks}) ORDER BY i.created_at, i.id",
                               {**params, **{f"id{n}": v for n, v in enumerate(chunk)}}).fetchall()
    found: list[Candidate] = []
    for item_id, title, kind, retention, created_at, last_aired, sha256 in rows:
        why = _why(rules, now, retention, created_at, last_aired)
        if why is not None:
            code, template, params_, until = why
            found.append(Candidate(item_id, title, kind, retention, code, template, params_,
                                   until, created_at, last_aired, sha256, 0))
    return _with_bytes(db, found)


def _why(rules: RetentionRules, now: datetime, retention: str, created_at: str,
         last_aired: str | None) -> tuple[str, str, dict[str, Any], str] | None:
    """The exact check in Python (the SQL above compares text and may be a few hours off
    for odd time formats): the reason, or None when the item must still be kept."""
    try:
        created = _utc(parse_iso(created_at))
        aired = _utc(parse_iso(last_aired)) if last_aired else None
    except ValueError:
        return None  # a date we cannot read: keep the item
    if retention == "temporary":
        start = max(created, aired) if aired else created
        until = start + timedelta(days=rules.temporary_days)
        reason = ("temporary", QT_TRANSLATE_NOOP("archive", "temporary item from {date}, kept "
                                                            "{days} days"),
                  {"date": _day(start, rules.timezone), "days": rules.temporary_days})
    elif aired is not None:
        until = plus_months(aired, rules.aired_months)
        reason = ("aired", QT_TRANSLATE_NOOP("archive", "last aired on {date}, kept {months} "
                                                        "months after the last airing"),
                  {"date": _day(aired, rules.timezone), "months": rules.aired_months})
    else:
        until = plus_months(created, rules.unaired_months)
        reason = ("never_aired", QT_TRANSLATE_NOOP("archive", "never aired; imported on {date}, "
                                                              "kept {months} months"),
                  {"date": _day(created, rules.timezone), "months": rules.unaired_months})
    if until > now:
        return None
    return reason[0], reason[1], reason[2], iso_ms(until)


def _day(when: datetime, timezone: str) -> str:
    """dd/mm/yyyy in the station's time zone (DESIGN.md section 7)."""
    return fmt_date(when, zone_named(timezone))


def _with_bytes(db: sqlite_utils.Database, found: list[Candidate]) -> list[Candidate]:
    """Credit each file's size to the first candidate using it, and only when every item
    using it is a candidate and nothing else refers to it."""
    by_sha: dict[str, int] = {}
    for c in found:
        if c.sha256:
            by_sha[c.sha256] = by_sha.get(c.sha256, 0) + 1
    other_users = asset_users_elsewhere(db)
    credited: set[str] = set()
    out = []
    for c in found:
        freed = 0
        if c.sha256 and c.sha256 not in credited:
            credited.add(c.sha256)
            users = db.execute("SELECT count(*) FROM items WHERE asset_sha256 = ?",
                               [c.sha256]).fetchone()[0]
            if users == by_sha[c.sha256] and not used_elsewhere(db, c.sha256, other_users):
                row = db.execute("SELECT size FROM assets WHERE sha256 = ?", [c.sha256]).fetchone()
                freed = int(row[0]) if row else 0
        out.append(Candidate(**{**c.__dict__, "bytes_freed": freed}))
    return out


def set_retention(st: Station, ids: Iterable[str], retention: str) -> Changes:
    """Change items' retention class. Lowering the protection (permanent -> standard ->
    temporary) needs the purge right; raising it, the edit right."""
    if retention not in RETENTION_CLASSES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown retention class: {retention}"),
                              retention=retention)
    ids = list(dict.fromkeys(ids))
    db = st.db
    rank = RETENTION_CLASSES.index
    current = _column_of(db, ids, "retention")
    lowering = any(rank(retention) < rank(v) if v in RETENTION_CLASSES else True
                   for v in current.values() if v != retention)
    st.require(Right.ARCHIVE_PURGE if lowering else Right.LIBRARY_EDIT, "set retention")
    changed = [i for i in ids if i in current and current[i] != retention]
    if not changed:
        return Changes()
    with db.atomic():
        now = now_iso()
        for item_id in changed:
            db.execute("UPDATE items SET retention = ?, updated_at = ? WHERE id = ?",
                       [retention, now, item_id])
        note_many(st, "item", changed)  # queued for the hub in this transaction
        st.audit("item.retention", "item", changed[0] if len(changed) == 1 else "",
                 {"retention": retention, "ids": changed,
                  "before": {i: current[i] for i in changed}})
    return Changes(library=True, audit=True)


def set_legal_hold(st: Station, ids: Iterable[str], hold: bool, reason: str = "") -> Changes:
    """Put items on legal hold (never purged, whatever their retention) or release them."""
    st.require(Right.ARCHIVE_PURGE, "legal hold")
    reason = nfc(reason)
    if hold and not reason:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a legal hold needs a reason"))
    ids = list(dict.fromkeys(ids))
    db = st.db
    current = _column_of(db, ids, "legal_hold")
    changed = [i for i in ids if i in current and bool(current[i]) != hold]
    if not changed:
        return Changes()
    with db.atomic():
        now = now_iso()
        for item_id in changed:
            db.execute("UPDATE items SET legal_hold = ?, legal_hold_reason = ?, updated_at = ?"
                       " WHERE id = ?", [int(hold), reason if hold else "", now, item_id])
        note_many(st, "item", changed)
        st.audit("item.legal_hold", "item", changed[0] if len(changed) == 1 else "",
                 {"hold": hold, "reason": reason, "ids": changed})
    return Changes(library=True, audit=True)


def _column_of(db: sqlite_utils.Database, ids: list[str], column: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for start in range(0, len(ids), PAGE):
        chunk = ids[start:start + PAGE]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.execute(f"SELECT id, {column} FROM items WHERE id IN ({marks})",
                                chunk).fetchall())
    return found


# -- purge ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Removed:
    id: str
    title: str
    sha256: str | None
    reason: str


@dataclass(frozen=True)
class PurgeReport:
    removed: tuple[Removed, ...] = ()
    skipped: tuple[str, ...] = ()  # ids no longer candidates (aired again, held, missing...)
    files_removed: tuple[str, ...] = ()  # sha256 of files deleted from the store
    files_kept_shared: tuple[str, ...] = ()  # still used by another item: kept
    bytes_freed: int = 0
    cancelled: bool = False
    file_errors: tuple[str, ...] = field(default=())  # files the OS refused to delete now;
    # their rows are gone and the next start's recovery sweep retries them

    def to_json_dict(self) -> dict[str, Any]:
        return {"removed": [r.__dict__ for r in self.removed], "skipped": list(self.skipped),
                "files_removed": list(self.files_removed),
                "files_kept_shared": list(self.files_kept_shared),
                "bytes_freed": self.bytes_freed, "cancelled": self.cancelled,
                "file_errors": list(self.file_errors)}


def purge(st: Station, ids: Iterable[str], state: TaskState | None = None, *,
          now: datetime | None = None) -> tuple[PurgeReport, Changes]:
    """Delete the given items that are still purge candidates, and the files no remaining
    item uses. Each batch is one transaction with its audit entry (ids, titles, sha256s).
    Cancelling stops between batches and returns what was done (``cancelled=True``)."""
    st.require(Right.ARCHIVE_PURGE, "purge")
    state = state or null_state()
    when = _utc(now)
    wanted = list(dict.fromkeys(ids))
    removed: list[Removed] = []
    skipped: list[str] = []
    files: list[str] = []
    shared: list[str] = []
    errors: list[str] = []
    freed = 0
    cancelled = False
    for start in range(0, len(wanted), PURGE_BATCH):
        try:
            state.progress(start / len(wanted), "")
        except Cancelled:
            cancelled = True
            break
        batch = wanted[start:start + PURGE_BATCH]
        try:
            done, gone, kept = _purge_batch(st, batch, when)
        except sqlite3.OperationalError as exc:
            raise _db_failure(st, exc) from exc
        removed += done
        skipped += [i for i in batch if i not in {r.id for r in done}]
        shared += kept
        # The rows are committed: the files can go (a crash now leaves intents the sweep uses).
        dropped, size, failed = drop_files(st, gone)
        files += dropped
        freed += size
        errors += failed
    if not cancelled:
        state.progress(1.0, "")
    report = PurgeReport(tuple(removed), tuple(skipped), tuple(files), tuple(shared), freed,
                         cancelled, tuple(errors))
    return report, Changes(library=bool(removed), audit=bool(removed))


def _purge_batch(st: Station, batch: list[str], now: datetime
                 ) -> tuple[list[Removed], list[tuple[str, str, int]], list[str]]:
    db = st.db
    with write_transaction(db):
        still = _candidates(st, now, batch)  # re-checked under the write lock
        if not still:
            return [], [], []
        gone, kept = erase_items(st, [c.id for c in still], [c.sha256 for c in still])
        done = [Removed(c.id, c.title, c.sha256, c.reason) for c in still]
        st.audit("archive.purge", "item", done[0].id if len(done) == 1 else "", {
            "items": [{"id": r.id, "title": r.title, "sha256": r.sha256} for r in done],
            "files_removed": [g[0] for g in gone], "files_kept_shared": kept,
            "bytes_freed": sum(g[2] for g in gone)})
    return done, gone, kept


def _db_failure(st: Station, exc: sqlite3.OperationalError) -> DataDirError:
    if "full" in str(exc):
        return DataDirError(QT_TRANSLATE_NOOP("errors", "the disk holding {path} is full"),
                            path=str(st.datadir.root))
    return DataDirError(QT_TRANSLATE_NOOP("errors", "cannot write the database {path}: {reason}"),
                        path=str(st.datadir.db_path), reason=str(exc))
