"""Archive care: verify finds missing, damaged and orphan files; retention decides what the
purge may take; the purge lists first, deletes only candidates, keeps shared files, audits,
and a kill -9 at any point of it leaves a consistent library after the next start."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from station import audit, settings, startup, users
from station.errors import PermissionDenied, ValidationError
from station.library import archive
from station.library import items as library
from station.paths import DataDir
from station.station import Station
from tests.conftest import ADMIN_PASSWORD
from tests.support.cli import run_cli
from tests.support.library import add_item


def iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def ago(days: float) -> str:
    return iso(datetime.now(UTC) - timedelta(days=days))


def store_files(st: Station) -> set[str]:
    base = st.store.root / "sha256"
    return {p.name.split(".")[0] for p in base.rglob("*") if p.is_file()} if base.exists() else set()


def entries(st: Station, action: str) -> list[audit.Entry]:
    return audit.recent(st.db, 50, action)


# -- verify ------------------------------------------------------------------------------------------
def test_verify_a_healthy_store(station: Station) -> None:
    add_item(station, "Bản tin sáng")
    add_item(station, "Bản tin chiều")
    report = archive.verify(station)
    assert report.ok and report.assets == 2 and report.ok_count == 2
    data = report.to_json_dict()
    assert data["ok"] is True and data["counts"] == {"assets": 2, "ok": 2, "missing": 0,
                                                     "damaged": 0, "orphans": 0}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_verify_finds_missing_damaged_and_orphan_files(station: Station) -> None:
    gone = add_item(station, "Tin đã mất")
    hurt = add_item(station, "Tin bị hỏng")
    fine = add_item(station, "Tin còn tốt")
    assert gone.asset_sha256 and hurt.asset_sha256 and fine.asset_sha256
    library.file_path(station, gone).unlink()  # type: ignore[union-attr]
    damaged_path = library.file_path(station, hurt)
    assert damaged_path is not None
    raw = bytearray(damaged_path.read_bytes())
    raw[1234] ^= 0x01  # one bit, same size
    damaged_path.write_bytes(bytes(raw))
    stray = hashlib.sha256(b"stray").hexdigest()
    orphan = station.store.path(stray, "mp3")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"stray")

    seen: list[float] = []
    from media.taskstate import TaskState

    report = archive.verify(station, TaskState(lambda f, _t: seen.append(f)))
    assert not report.ok
    assert [p.sha256 for p in report.missing] == [gone.asset_sha256]
    assert report.missing[0].items == ((gone.id, "Tin đã mất"),)
    assert [(p.sha256, p.problem) for p in report.damaged] == [(hurt.asset_sha256, "hash")]
    assert report.orphans == (f"sha256/{stray[:2]}/{stray[2:4]}/{stray}.mp3",)
    assert report.ok_count == 1
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    data = report.to_json_dict()
    assert data["counts"] == {"assets": 3, "ok": 1, "missing": 1, "damaged": 1, "orphans": 1}
    assert data["damaged"][0]["actual_sha256"] != hurt.asset_sha256
    assert orphan.exists()  # reported, never deleted

    logged = entries(station, "store.verify")
    assert len(logged) == 1 and logged[0].detail["ok"] is False
    assert logged[0].detail["missing_sha256"] == [gone.asset_sha256]

    quick = archive.verify(station, quick=True)  # sizes only: the flipped bit goes unseen
    assert [p.sha256 for p in quick.missing] == [gone.asset_sha256] and quick.damaged == ()

    damaged_path.write_bytes(bytes(raw[:-10]))  # a truncated file: caught by size alone
    quick = archive.verify(station, quick=True)
    assert [(p.problem, p.actual_size) for p in quick.damaged] == [("size", len(raw) - 10)]


# -- retention and purge ------------------------------------------------------------------------------
def library_of(st: Station) -> dict[str, str]:
    return dict(st.db.execute("SELECT id, title FROM items").fetchall())


def test_purge_lists_then_removes_only_candidates(station: Station) -> None:
    old_aired = add_item(station, "Thời sự tháng trước", last_aired_at=ago(250))
    recent = add_item(station, "Thời sự tuần này", last_aired_at=ago(20), created_at=ago(400))
    permanent = add_item(station, "Bài hát truyền thống", retention="permanent",
                         created_at=ago(3000))
    never = add_item(station, "Bản thu chưa phát", created_at=ago(800))
    young = add_item(station, "Bản thu mới", created_at=ago(100))
    temporary = add_item(station, "Thông báo cúp điện", retention="temporary",
                         created_at=ago(45))
    held = add_item(station, "Vụ việc đang xác minh", last_aired_at=ago(400))
    archive.set_legal_hold(station, [held.id], True, "Công an huyện yêu cầu giữ")
    assert recent.asset_sha256
    shared = add_item(station, "Bản sao của thời sự tuần này", share=recent.asset_sha256,
                      last_aired_at=ago(300))

    listed = archive.purge_candidates(station)
    assert {c.id for c in listed} == {old_aired.id, never.id, temporary.id, shared.id}
    reasons = {c.id: c.reason_code for c in listed}
    assert reasons == {old_aired.id: "aired", never.id: "never_aired",
                       temporary.id: "temporary", shared.id: "aired"}
    freed = {c.id: c.bytes_freed for c in listed}
    assert freed[shared.id] == 0 and freed[old_aired.id] > 0  # B still uses the shared file
    assert "6" in next(c.reason for c in listed if c.id == old_aired.id)
    assert len(library_of(station)) == 8  # listing deleted nothing

    before = store_files(station)
    report, changes = archive.purge(station, [c.id for c in listed] + [recent.id, permanent.id])
    assert changes.library and changes.audit
    assert {r.id for r in report.removed} == {old_aired.id, never.id, temporary.id, shared.id}
    assert set(report.skipped) == {recent.id, permanent.id}
    assert set(library_of(station)) == {recent.id, permanent.id, young.id, held.id}
    assert report.files_kept_shared == (recent.asset_sha256,)
    removed_files = {old_aired.asset_sha256, never.asset_sha256, temporary.asset_sha256}
    assert set(report.files_removed) == removed_files
    assert store_files(station) == before - removed_files
    assert recent.asset_sha256 in store_files(station)
    assert report.bytes_freed == sum(c.bytes_freed for c in listed)
    for sha in removed_files:
        for table in ("assets", "asset_peaks", "store_intents"):
            assert station.db.execute(f"SELECT count(*) FROM {table} WHERE sha256 = ?",
                                      [sha]).fetchone()[0] == 0

    logged = entries(station, "archive.purge")
    assert len(logged) == 1
    detail = logged[0].detail
    assert {(i["id"], i["title"], i["sha256"]) for i in detail["items"]} == {
        (old_aired.id, "Thời sự tháng trước", old_aired.asset_sha256),
        (never.id, "Bản thu chưa phát", never.asset_sha256),
        (temporary.id, "Thông báo cúp điện", temporary.asset_sha256),
        (shared.id, "Bản sao của thời sự tuần này", recent.asset_sha256)}
    assert set(detail["files_removed"]) == removed_files
    assert audit.verify(station.db).ok
    assert archive.verify(station).ok
    assert archive.purge_candidates(station) == []


def test_retention_follows_the_settings_and_the_purge_rechecks(station: Station) -> None:
    item = add_item(station, "Tin cũ", last_aired_at=ago(250))
    assert [c.id for c in archive.purge_candidates(station)] == [item.id]
    settings.RETENTION_AIRED_MONTHS.set(station.db, 12)
    assert archive.purge_candidates(station) == []
    settings.RETENTION_AIRED_MONTHS.set(station.db, 6)
    listed = archive.purge_candidates(station)
    # Aired again between the listing and the confirmation: the purge leaves it.
    station.db.execute("UPDATE items SET last_aired_at = ? WHERE id = ?", [ago(1), item.id])
    report, changes = archive.purge(station, [c.id for c in listed])
    assert report.removed == () and report.skipped == (item.id,) and not changes.any()
    assert item.id in library_of(station)
    # An item that another table still points at (a schedule slot, a programme) stays.
    station.db.execute("UPDATE items SET last_aired_at = ? WHERE id = ?", [ago(250), item.id])
    station.db.execute("CREATE TABLE slots (id INTEGER PRIMARY KEY,"
                       " item_id TEXT REFERENCES items(id))")
    station.db.execute("INSERT INTO slots (item_id) VALUES (?)", [item.id])
    assert archive.purge_candidates(station) == []
    station.db.execute("DELETE FROM slots")
    assert [c.id for c in archive.purge_candidates(station)] == [item.id]
    # And the calendar: months are calendar months, in the future as well.
    assert archive.plus_months(datetime(2026, 8, 31), 6) == datetime(2027, 2, 28)
    assert archive.minus_months(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)


def test_purge_needs_the_purge_right(station: Station) -> None:
    item = add_item(station, "Tin cũ", last_aired_at=ago(400))
    users.login(station, "bientap", "bientap-password")  # an editor
    with pytest.raises(PermissionDenied):
        archive.purge(station, [item.id])
    assert item.id in library_of(station)
    # An editor may raise protection, not lower it.
    archive.set_retention(station, [item.id], "permanent")
    with pytest.raises(PermissionDenied):
        archive.set_retention(station, [item.id], "temporary")
    with pytest.raises(PermissionDenied):
        archive.set_legal_hold(station, [item.id], True, "lý do")
    users.login(station, "luutru", "luutru-password")  # the archivist
    archive.set_retention(station, [item.id], "standard")
    with pytest.raises(ValidationError):
        archive.set_retention(station, [item.id], "forever")
    with pytest.raises(ValidationError):
        archive.set_legal_hold(station, [item.id], True, "  ")
    report, _ = archive.purge(station, [item.id])
    assert [r.id for r in report.removed] == [item.id]


# -- kill -9 in the middle of a purge -----------------------------------------------------------------
KILL_POINTS = {
    # name: (function, kill before or after it runs)
    "before_commit": ("station.audit.append", "before"),  # rows deleted, not committed
    "after_commit": ("station.store.MediaStore.remove", "before"),  # committed, no file gone
    "after_one_file": ("station.store.MediaStore.remove", "after"),  # one file gone of two
}

CHILD = """
import importlib, os, signal, sys
from station.paths import DataDir
from station.station import Station
from station import users
from station.library import archive

point, kill_after = sys.argv[1], sys.argv[2] == "after"
module_name, _, attr = point.rpartition(".")
try:
    owner = importlib.import_module(module_name)
except ModuleNotFoundError:
    mod, _, cls = module_name.rpartition(".")
    owner = getattr(importlib.import_module(mod), cls)
real = getattr(owner, attr)

def killer(*args, **kwargs):
    if kill_after:
        real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

st = Station.open(DataDir(sys.argv[3]))
users.login(st, "admin", sys.argv[4])
setattr(owner, attr, killer)
archive.purge(st, sys.argv[5].split(","))
print("NOT KILLED")
"""


def assert_consistent(st: Station) -> None:
    """Every item's file is there and whole; no file without its row; nothing pending."""
    report = archive.verify(st)
    assert report.ok, report.to_json_dict()
    rows = st.db.execute("SELECT i.id FROM items i LEFT JOIN assets a"
                         " ON a.sha256 = i.asset_sha256 WHERE i.asset_sha256 IS NOT NULL"
                         " AND a.sha256 IS NULL").fetchall()
    assert rows == []
    assert st.db.execute("SELECT count(*) FROM store_intents").fetchone()[0] == 0
    assert st.db.execute("SELECT count(*) FROM assets").fetchone()[0] == len(store_files(st))
    assert audit.verify(st.db).ok


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_during_purge_leaves_a_consistent_library(datadir: DataDir, point: str) -> None:
    st = Station.open(datadir)
    users.login(st, "admin", ADMIN_PASSWORD)
    a = add_item(st, "Tin cũ một", last_aired_at=ago(300))
    b = add_item(st, "Tin cũ hai", last_aired_at=ago(300))
    keep = add_item(st, "Tin mới", last_aired_at=ago(3))
    shared = add_item(st, "Bản sao tin mới", share=keep.asset_sha256, last_aired_at=ago(300))
    st.close()

    target, when = KILL_POINTS[point]
    child = subprocess.run([sys.executable, "-c", CHILD, target, when, str(datadir.root),
                            ADMIN_PASSWORD, ",".join([a.id, b.id, shared.id])],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -9, child.stdout + child.stderr

    st = startup.open_station(datadir)  # the recovery sweep runs here
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        left = set(library_of(st))
        if point == "before_commit":
            assert left == {a.id, b.id, keep.id, shared.id}  # nothing happened
            assert entries(st, "archive.purge") == []
        else:
            assert left == {keep.id}  # all of the batch went, with its audit entry
            assert len(entries(st, "archive.purge")) == 1
            assert store_files(st) == {keep.asset_sha256}
        assert_consistent(st)
        # The purge can simply be run again.
        archive.purge(st, [a.id, b.id, shared.id])
        assert set(library_of(st)) == {keep.id}
        assert_consistent(st)
    finally:
        st.close()


def test_the_archivist_holds_and_releases_items_from_the_command_line(station: Station) -> None:
    held = add_item(station, "Vụ việc đang xác minh", last_aired_at=ago(400))
    root = station.datadir.root
    refused = run_cli("library", "hold", held.id, "--reason", "Công an xã yêu cầu giữ",
                      data_dir=root, user="bientap")  # an editor may not
    assert refused.returncode == 1 and "does not allow this" in refused.stderr
    done = run_cli("library", "hold", held.id, "--reason", "Công an xã yêu cầu giữ",
                   data_dir=root, user="luutru")
    assert done.returncode == 0, done.stderr
    assert held.id not in {c.id for c in archive.purge_candidates(station)}
    entry = audit.recent(station.db, 5, action="item.legal_hold")[0]
    assert entry.actor == "luutru" and entry.detail["reason"] == "Công an xã yêu cầu giữ"
    assert run_cli("library", "release", held.id, data_dir=root, user="luutru").returncode == 0
    assert held.id in {c.id for c in archive.purge_candidates(station)}
