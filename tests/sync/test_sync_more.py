"""Sync, continued: the outbox written with each change, schedules and as-run logs going up
and coming back to a new workstation, a paged snapshot, and upload hours / live sessions.
The real hub runs on loopback (a child process) behind the fault proxy."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from station import settings
from station.errors import NotFound
from station.library import archive, metadata
from station.library import catalogue as bulk
from station.library import items as library
from station.playout.asrun import Aired, record_aired
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.station import Station
from sync import engine, gate, outbox
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from tests.support.hub import hub_entity, hub_file
from tests.support.library import MB, add_media_item
from tests.support.schedule import MONDAY, audio_item, login
from tests.support.sync import fast, second_station


def queued(st: Station, entity: str, eid: str) -> list[tuple[str, dict]]:
    return [(op, json.loads(f)) for op, f in st.db.execute(
        "SELECT op, fields FROM sync_outbox WHERE entity = ? AND entity_id = ? ORDER BY seq",
        [entity, eid])]


# -- 1. the outbox is written in the transaction of each change -----------------------------
def test_core_mutations_queue_their_change(station: Station) -> None:
    item, _ = library.add_text(station, "Thông báo", "Lịch tiêm chủng")
    [(op, fields)] = queued(station, "item", item.id)
    assert op == "upsert" and fields["title"] == "Thông báo" and fields["body"] == "Lịch tiêm chủng"
    audio = audio_item(station, "Bản tin", 60)
    assert queued(station, "asset", audio.asset_sha256 or "")[0][0] == "upsert"
    # An edit queues just what changed (and when), in its own transaction.
    metadata.update_items(station, [item.id], {"title": "Thông báo mới"})
    op, fields = queued(station, "item", item.id)[-1]
    assert set(fields) == {"title", "updated_at"} and fields["title"] == "Thông báo mới"
    archive.set_legal_hold(station, [item.id], True, "Thanh tra")
    assert queued(station, "item", item.id)[-1][1]["legal_hold"] == 1
    count = bulk.import_metadata(station, [{"title": f"Băng cũ {n}"} for n in range(30)])
    assert count == 30
    assert station.db.execute("SELECT count(*) FROM sync_outbox o JOIN items i ON"
                              " i.id = o.entity_id WHERE i.title LIKE 'Băng cũ%'"
                              ).fetchone()[0] == 30
    # The scan, the safety net, finds nothing the core did not already queue.
    assert outbox.scan(station) == 0


def test_a_failed_change_queues_nothing(station: Station) -> None:
    item, _ = library.add_text(station, "Tin", "Nội dung")
    before = outbox.waiting(station.db)
    with pytest.raises(NotFound):
        metadata.update_items(station, [item.id, "no-such-item"], {"title": "Đổi"})
    assert outbox.waiting(station.db) == before
    assert library.get_item(station, item.id).title == "Tin"  # type: ignore[union-attr]


def test_purge_sends_tombstones(station: Station, hub: HubProcess, token: str,
                                proxy: FaultProxy) -> None:
    fast(station)
    item_id, sha = add_media_item(station, "Cũ", 64 * 1024)
    assert run_once(station, proxy.url, token).ok
    archive.set_retention(station, [item_id], "temporary")
    station.db.execute("UPDATE items SET created_at = '2001-01-01T00:00:00.000Z' WHERE id = ?",
                       [item_id])
    report, _ = archive.purge(station, [item_id])
    assert [r.id for r in report.removed] == [item_id]
    assert queued(station, "item", item_id)[-1][0] == "delete"
    assert queued(station, "asset", sha)[-1][0] == "delete"
    assert run_once(station, proxy.url, token).ok
    assert hub_entity(hub, "item", item_id)[1] is True  # type: ignore[index]
    assert hub_entity(hub, "asset", sha)[1] is True  # type: ignore[index]


# -- 2. schedules and as-run logs go up, and come back to a new workstation ------------------
def _published_week(st: Station) -> tuple[str, str, list[str]]:
    login(st, "bientap")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    morning, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=15, title="Sáng")
    items = [audio_item(st, f"Tin {n}", 120) for n in range(2)]
    for item in items:
        schedule.add_slot(st, sched.id, morning.key, item_id=item.id)
    schedule_approval.submit(st, sched.id)
    login(st, "truongdai")
    schedule_approval.approve(st, sched.id, "Đồng ý")
    login(st, "bientap")
    schedule_approval.publish(st, sched.id)
    login(st, "admin")
    return sched.id, morning.key, [i.id for i in items]


def test_schedule_and_asrun_reach_hub_and_new_workstation(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy, tmp_path: Path,
        template_station: Path) -> None:
    fast(station)
    sched_id, session_key, item_ids = _published_week(station)
    assert queued(station, "schedule", sched_id)[-1][1]["status"] == "published"
    aired = datetime(2031, 3, 3, 5, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    record_aired(station, [Aired(aired, item_ids[0], duration_s=120.0),
                           Aired(aired + timedelta(minutes=2), item_ids[1], duration_s=118.5)])
    report = run_once(station, proxy.url, token)
    assert report.ok, [str(e) for e in report.errors]
    at_hub = hub_entity(hub, "schedule", sched_id)
    assert at_hub is not None
    doc, deleted = at_hub
    assert not deleted and doc["status"] == "published" and doc["seal"]
    assert [s["key"] for s in doc["sessions"]] == [session_key]
    assert [s["item_id"] for s in doc["sessions"][0]["slots"]] == item_ids
    assert [r["decision"] for r in doc["reviews"]] == ["approved"]
    asrun_ids = [r[0] for r in station.db.execute("SELECT id FROM asrun ORDER BY aired_at")]
    assert len(asrun_ids) == 2
    assert hub_entity(hub, "asrun", asrun_ids[1])[0]["duration_s"] == 118.5  # type: ignore[index]

    other = second_station(tmp_path, template_station)
    try:
        got = run_once(other, proxy.url, token)
        assert got.ok, [str(e) for e in got.errors]
        copy = schedule.get_schedule(other, sched_id)
        assert copy.status == "published" and copy.seal
        # The seal still matches the restored content, approver and time; only the audit
        # entry is missing (each workstation keeps its own audit log).
        assert schedule_approval.verify_seal(other, sched_id).reasons == ("not_in_audit",)
        slots = [r[0] for r in other.db.execute(
            "SELECT sl.item_id FROM schedule_slots sl JOIN schedule_sessions se ON"
            " se.id = sl.session_id WHERE se.schedule_id = ? ORDER BY sl.position", [sched_id])]
        assert slots == item_ids
        rows = other.db.execute("SELECT id, duration_s, item_id FROM asrun ORDER BY aired_at"
                                ).fetchall()
        assert [r[0] for r in rows] == asrun_ids and rows[1][1] == 118.5
        # Nothing bounces back up from the copy.
        assert outbox.scan(other) == 0 and outbox.waiting(other.db) == 0
    finally:
        other.close()


# -- 7. the snapshot is paged ----------------------------------------------------------------
def test_snapshot_pages_and_resync(station: Station, hub: HubProcess, token: str,
                                   proxy: FaultProxy, tmp_path: Path, template_station: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fast(station)
    bulk.import_metadata(station, [{"title": f"Mục {n}"} for n in range(230)])
    assert run_once(station, proxy.url, token).ok
    sid = outbox.get_state(station.db, "station_id")
    # The endpoint itself: pages cover every entity once, each page says the same cursor.
    seen: list[str] = []
    cursors = set()
    page = ""
    with httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}) as c:
        while True:
            data = c.get(f"/api/sync/v1/stations/{sid}/snapshot",
                         params={"page": page, "limit": 100}).json()
            assert len(data["entities"]) <= 100
            seen += [e["entity_id"] for e in data["entities"]]
            cursors.add(data["cursor"])
            if not data["more"]:
                break
            page = data["next"]
    assert len(seen) == len(set(seen)) >= 230 and len(cursors) == 1
    # A workstation whose cursor the hub no longer knows resyncs through the pages.
    monkeypatch.setattr(engine, "SNAPSHOT_PAGE", 60)
    other = second_station(tmp_path, template_station)
    try:
        outbox.set_state(other.db, "station_id", sid)
        outbox.set_state(other.db, "hub", proxy.url)
        outbox.set_state(other.db, "cursor", "bm90LWEtY3Vyc29y")
        got = run_once(other, proxy.url, token)
        assert got.ok and got.resynced, [str(e) for e in got.errors]
        assert other.db.execute("SELECT count(*) FROM items WHERE title LIKE 'Mục %'"
                                ).fetchone()[0] == 230
        assert outbox.get_state(other.db, "snapshot_page") == ""
        assert outbox.get_state(other.db, "cursor") == next(iter(cursors))
    finally:
        other.close()


# -- 3. upload hours and live sessions -------------------------------------------------------
def test_media_waits_outside_upload_hours(station: Station, hub: HubProcess, token: str,
                                          proxy: FaultProxy) -> None:
    fast(station)
    item_id, sha = add_media_item(station, "Đêm", 1 * MB)
    zone = ZoneInfo(settings.TIMEZONE.get(station.db))
    later = datetime.now(zone) + timedelta(hours=3)
    window = f"{later:%H:%M}-{later + timedelta(hours=1):%H:%M}"
    settings.SYNC_UPLOAD_HOURS.set(station.db, [window])
    report = run_once(station, proxy.url, token)
    assert report.ok and report.uploaded == 0 and not hub_file(hub, sha).exists()
    assert report.held is not None and window in str(report.held)
    assert (report.media_waiting, report.media_waiting_bytes) == (1, 1 * MB)
    assert hub_entity(hub, "item", item_id) is not None  # metadata still went up
    settings.SYNC_UPLOAD_HOURS.set(station.db, [])
    again = run_once(station, proxy.url, token)
    assert again.ok and again.uploaded == 1 and again.held is None
    assert again.media_waiting == 0 and hub_file(hub, sha).is_file()


def test_no_media_upload_during_a_live_session(station: Station) -> None:
    _published_week(station)
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    on_air = datetime(2031, 3, 3, 5, 40, tzinfo=zone)
    held = gate.media_hold(station, on_air)
    assert held is not None and "Sáng" in str(held) and "05:45" in str(held)
    assert gate.media_hold(station, datetime(2031, 3, 3, 5, 46, tzinfo=zone)) is None
    assert gate.media_hold(station, on_air.astimezone(UTC) - timedelta(hours=1)) is None


def test_upload_windows() -> None:
    windows = gate.parse_windows(["22:00-05:00", "12:00-13:00", "bad"])
    at = datetime(2031, 1, 1, 23, 30).time()
    assert gate.in_windows(windows, at)
    assert gate.in_windows(windows, at.replace(hour=4))
    assert gate.in_windows(windows, at.replace(hour=12, minute=0))
    assert not gate.in_windows(windows, at.replace(hour=5, minute=0))
    assert not gate.in_windows(windows, at.replace(hour=9))
