"""Province-owned rows coming down: mandatory bulletins become library items that never go
back up, reviews land in their table; updates, deletes and a page applied twice. The real
hub runs on loopback (a child process); the bulletin is published with the real CLI."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from station import province
from station.errors import ValidationError
from station.library import items as library
from station.library import metadata
from station.station import Station
from sync import outbox
from sync.engine import SyncReport, apply_changes, run_once
from sync.hub import province as hub_province
from sync.hub.mutations import changes_page
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.support.cli import run_cli
from tests.support.hub import hub_rows
from tests.support.sync import fast

TEXT = unicodedata.normalize("NFD", "Thông báo: cắt điện xã Mường Lay từ 7 giờ đến 11 giờ.")


def hub_store(hub: HubProcess) -> HubStore:
    return HubStore(hub.data_dir)


def item_row(st: Station, eid: str) -> dict | None:
    row = st.db.execute("SELECT title, body, category, kind, created_by FROM items WHERE id = ?",
                        [eid]).fetchone()
    return None if row is None else dict(zip(("title", "body", "category", "kind", "by"), row,
                                             strict=True))


def test_bulletin_comes_down_and_never_goes_up(station: Station, hub: HubProcess, token: str,
                                               tmp_path: Path) -> None:
    fast(station)
    text_file = tmp_path / "bulletin.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    done = run_cli("hub", "add-bulletin", "--data-dir", str(hub.data_dir),
                   "--title", "Lịch cắt điện", "--text-file", str(text_file),
                   "--priority", "priority", "--valid-from", "2026-11-20",
                   "--valid-to", "2026-11-30")
    assert done.returncode == 0, done.stderr
    bid = done.stdout.strip().splitlines()[-1]
    bad = run_cli("hub", "add-bulletin", "--data-dir", str(hub.data_dir), "--title", "X",
                  "--text-file", str(text_file), "--valid-from", "30/11/2026")
    assert bad.returncode != 0 and "valid-from" in bad.stderr

    assert run_once(station, hub.url, token).ok
    row = item_row(station, bid)
    assert row == {"title": "Lịch cắt điện", "body": unicodedata.normalize("NFC", TEXT),
                   "category": province.BULLETIN_CATEGORY, "kind": "text", "by": "province"}
    [b] = province.bulletins(station, on=date(2026, 11, 25))
    assert (b.id, b.priority, b.valid_from, b.valid_to) == (bid, "priority", "2026-11-20",
                                                            "2026-11-30")
    assert province.bulletins(station, on=date(2026, 12, 1)) == []
    # The library shows it like any item; it is not queued, and not pushed by the next sync.
    assert library.get_item(station, bid) is not None
    assert outbox.scan(station) == 0
    assert run_once(station, hub.url, token).ok
    assert bid not in hub_rows(hub, "item")
    # A local edit is refused, and one that bypasses the core still stays here.
    with pytest.raises(ValidationError, match="belongs to the province"):
        metadata.update_items(station, [bid], {"title": "Sửa tại đài"})
    assert library.get_item(station, bid).title != "Sửa tại đài"
    station.db.execute("UPDATE items SET body = 'sửa tay' WHERE id = ?", [bid])
    assert outbox.scan(station) == 0
    assert station.db.execute("SELECT count(*) FROM sync_outbox WHERE entity_id = ?",
                              [bid]).fetchone()[0] == 0
    assert run_once(station, hub.url, token).ok
    assert bid not in hub_rows(hub, "item")

    # An update at the hub replaces the station's copy; a delete removes it.
    store = hub_store(hub)
    try:
        hub_province.publish_bulletin(store, "Lịch cắt điện (sửa)", "Hoãn đến thứ Hai.",
                                      "emergency", bulletin_id=bid)
    finally:
        store.close()
    assert run_once(station, hub.url, token).ok
    row = item_row(station, bid)
    assert row is not None and (row["title"], row["body"]) == ("Lịch cắt điện (sửa)",
                                                               "Hoãn đến thứ Hai.")
    [b] = province.bulletins(station)
    assert (b.priority, b.valid_from, b.valid_to) == ("emergency", None, None)
    store = hub_store(hub)
    try:
        hub_province.withdraw(store, "bulletin", bid)
    finally:
        store.close()
    assert run_once(station, hub.url, token).ok
    # It became an emergency above, which the station declared (and would have aired): the
    # record of that keeps the item, retired; nothing offers it any more.
    assert station.db.execute("SELECT item_id FROM schedule_emergencies").fetchall() == [(bid,)]
    assert item_row(station, bid) is not None
    assert province.bulletins(station) == []
    assert [x.id for x in province.bulletins(station, include_retired=True)] == [bid]


def test_review_arrives_and_replay_changes_nothing(station: Station, hub: HubProcess,
                                                   token: str) -> None:
    fast(station)
    item, _ = library.add_text(station, "Thông báo của xã", "Họp dân lúc 8 giờ")
    assert run_once(station, hub.url, token).ok
    done = run_cli("hub", "add-review", "item", item.id, "--verdict", "changes_requested",
                   "--comment", "Ghi rõ địa điểm họp", "--reviewer", "Sở TTTT",
                   "--data-dir", str(hub.data_dir))
    assert done.returncode == 0, done.stderr
    rid = done.stdout.strip().splitlines()[-1]
    store = hub_store(hub)
    try:
        bid = hub_province.publish_bulletin(store, "Phòng chống bão", "Bão số 9 sắp đổ bộ.")
    finally:
        store.close()
    assert run_once(station, hub.url, token).ok
    [r] = province.reviews(station, "item", item.id)
    assert (r.id, r.verdict, r.comment, r.reviewer) == (rid, "changes_requested",
                                                        "Ghi rõ địa điểm họp", "Sở TTTT")
    assert province.reviews(station, "schedule") == []

    # The whole feed delivered again (a lost answer, a bundle imported twice): nothing moves.
    store = hub_store(hub)
    try:
        sid = station.db.execute("SELECT value FROM sync_state WHERE key = 'station_id'"
                                 ).fetchone()[0]
        page, _, _ = changes_page(store, sid, (0, 0), 1000)
    finally:
        store.close()

    def snapshot() -> list:
        return [station.db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("items", "province_bulletins", "province_reviews", "sync_outbox")]

    before = snapshot()
    for _ in range(2):
        report = SyncReport()
        with station.db.atomic():
            apply_changes(station, json.loads(json.dumps(page)), report)
        assert report.warnings == []
        assert snapshot() == before

    # Withdrawn at the hub: gone here; the bulletin that came with it stays.
    store = hub_store(hub)
    try:
        hub_province.withdraw(store, "review", rid)
        with pytest.raises(hub_province.PublishError):
            hub_province.withdraw(store, "review", rid)
    finally:
        store.close()
    assert run_once(station, hub.url, token).ok
    assert province.reviews(station) == []
    assert item_row(station, bid) is not None


def test_admin_page_publishes_a_bulletin(station: Station, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", "adm_province-42")
    fast(station)
    with HubProcess(tmp_path / "hub") as hub:
        store = hub_store(hub)
        try:
            _sid, token = store.add_station("Xã Yên Bình")
        finally:
            store.close()
        auth, head = ("p", "adm_province-42"), {"X-Hub-Admin": "1"}
        assert "Publish a mandatory bulletin" in httpx.get(f"{hub.url}/admin", auth=auth).text
        body = {"title": "Tiêm chủng", "text": "Sáng thứ Bảy tại trạm y tế xã.",
                "priority": "normal", "valid_from": "2026-11-20", "valid_to": ""}
        assert httpx.post(f"{hub.url}/admin/bulletin", json=body, auth=auth).status_code == 403
        bad = httpx.post(f"{hub.url}/admin/bulletin", json={**body, "priority": "urgent"},
                         auth=auth, headers=head)
        assert bad.status_code == 400 and "priority" in bad.json()["message"]
        ok = httpx.post(f"{hub.url}/admin/bulletin", json=body, auth=auth, headers=head)
        assert ok.status_code == 200, ok.text
        assert run_once(station, hub.url, token).ok
        [b] = province.bulletins(station)
        assert (b.id, b.title, b.valid_from, b.valid_to) == (ok.json()["id"], "Tiêm chủng",
                                                             "2026-11-20", None)


def test_schedule_rule_requires_the_bulletin_and_a_used_one_is_retired(
        station: Station, hub: HubProcess, token: str) -> None:
    from station.schedule import periods as schedule
    from station.schedule import rules as schedule_rules
    from station.schedule.checks import check
    from tests.support.schedule import MONDAY

    fast(station)
    schedule_rules.add_rule(station, "must_air", {"category": province.BULLETIN_CATEGORY,
                                                  "per": "week", "title": "Bản tin của tỉnh"})
    week, _ = schedule.create_week(station, MONDAY, empty=True)
    session, _ = schedule.add_session(station, week.id, MONDAY, "05:00", end="05:30")

    def must_air() -> int:
        return sum(p.code == "rule.must_air" for p in check(station, week.id).problems)

    assert must_air() == 1
    store = hub_store(hub)
    try:
        bid = hub_province.publish_bulletin(store, "Bản tin tỉnh", "Tuần này tiêm phòng dại.")
    finally:
        store.close()
    assert run_once(station, hub.url, token).ok
    schedule.add_slot(station, week.id, session.key, item_id=bid)
    assert must_air() == 0
    # Withdrawn at the hub while the schedule uses it: the item stays, retired.
    store = hub_store(hub)
    try:
        hub_province.withdraw(store, "bulletin", bid)
    finally:
        store.close()
    report = run_once(station, hub.url, token)
    assert report.ok and report.warnings == []
    assert item_row(station, bid) is not None
    assert province.bulletins(station) == []
    assert [b.id for b in province.bulletins(station, include_retired=True)] == [bid]
