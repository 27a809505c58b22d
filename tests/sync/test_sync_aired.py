"""Aired dates are facts, not edits: the first sync keeps the airing of an item that aired
before it, records no conflict for it, and every workstation ends with the earliest first
airing and the latest last one (the real hub on loopback)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from station.ids import uuid7
from station.library import items as library
from station.outbox import format_hlc
from station.playout import asrun
from station.station import Station
from sync import outbox
from sync.engine import API, run_once
from sync.hub.process import HubProcess
from sync.transport import Hub
from tests.support.sync import fast


def _aired(st: Station, item_id: str) -> tuple[str | None, str | None]:
    row = st.db.execute("SELECT first_aired_at, last_aired_at FROM items WHERE id = ?",
                        [item_id]).fetchone()
    return row[0], row[1]


def _air(st: Station, item_id: str, *moments: datetime) -> None:
    asrun.record_aired(st, [asrun.Aired(aired_at=m, item_id=item_id, duration_s=60.0)
                            for m in moments])


def test_first_sync_keeps_an_airing_made_before_it(station: Station, hub: HubProcess,
                                                   token: str) -> None:
    fast(station)
    item, _ = library.add_text(station, "Thông báo tiêm chủng", "Lịch tiêm chủng tuần này")
    _air(station, item.id, datetime(2026, 12, 7, 1, 17, 19, tzinfo=UTC))
    before = _aired(station, item.id)
    assert before[0] == "2026-12-07T01:17:19.000Z"
    report = run_once(station, hub.url, token)
    assert report.ok, report.errors
    assert _aired(station, item.id) == before, "the first sync wiped the aired dates"
    assert report.conflicts == 0
    assert outbox.open_conflicts(station) == []
    assert outbox.waiting(station.db) == 0
    again = run_once(station, hub.url, token)
    assert again.ok and again.pushed == 0, "the merge ping-pongs with the hub"
    assert _aired(station, item.id) == before


def _hub_item(hub: HubProcess, token: str, sid: str, item_id: str) -> dict[str, Any]:
    """The item as the hub serves it to a new workstation (its change feed, last state)."""
    found: dict[str, Any] = {}
    data = Hub(hub.url, token).json("GET", f"{API}/stations/{sid}/changes",
                                    params={"cursor": "", "limit": 1000})
    for ch in data["changes"]:
        if ch["entity"] == "item" and ch["entity_id"] == item_id:
            found = {**found, **ch["data"]}
    return found


def test_workstations_end_with_the_earliest_and_latest_airing(
        station: Station, hub: HubProcess, token: str) -> None:
    fast(station)
    item, _ = library.add_text(station, "Bản tin nông nghiệp", "Giá lúa hôm nay")
    _air(station, item.id, datetime(2026, 12, 6, 0, 0, tzinfo=UTC),
         datetime(2026, 12, 7, 0, 0, tzinfo=UTC))
    report = run_once(station, hub.url, token)
    assert report.ok, report.errors
    # Another workstation of the station, which aired it earlier and knew of nothing else,
    # sends its dates with a later stamp: the hub (last writer wins) takes them whole.
    later = format_hlc(int(time.time() * 1000) + 60_000, 0, "otherws")
    Hub(hub.url, token).json("POST", f"{API}/stations/{report.station_id}/mutations", body={
        "mutations": [{"id": uuid7(), "entity": "item", "entity_id": item.id, "op": "upsert",
                       "fields": {"first_aired_at": "2026-12-05T00:00:00.000Z",
                                  "last_aired_at": "2026-12-05T00:00:00.000Z"},
                       "hlc": later, "base": {}}]})
    report = run_once(station, hub.url, token)
    assert report.ok, report.errors
    want = ("2026-12-05T00:00:00.000Z", "2026-12-07T00:00:00.000Z")
    assert _aired(station, item.id) == want
    assert outbox.open_conflicts(station) == [] and report.conflicts == 0
    assert outbox.waiting(station.db) == 0
    served = _hub_item(hub, token, report.station_id, item.id)
    assert (served["first_aired_at"], served["last_aired_at"]) == want
    assert run_once(station, hub.url, token).pushed == 0


def test_an_aired_date_lost_to_an_old_conflict_can_be_put_back(station: Station) -> None:
    """A clash kept by an older version (the hub's empty value won): "use the other value"
    merges the date back and queues it for the hub."""
    item, _ = library.add_text(station, "Thông báo", "Nội dung")
    station.db.execute(
        "INSERT INTO sync_conflicts (id, entity, entity_id, field, kept_value, kept_hlc,"
        " lost_value, lost_hlc, detected_at) VALUES ('k1', 'item', ?, 'first_aired_at',"
        " 'null', '', ?, '', '2026-12-07T08:18:00.000Z')",
        [item.id, json.dumps("2026-12-07T01:17:19.000Z")])
    outbox.resolve_conflict(station, "k1", use_lost=True)
    assert _aired(station, item.id)[0] == "2026-12-07T01:17:19.000Z"
    assert outbox.open_conflicts(station) == []
    waiting = outbox.waiting(station.db)
    assert waiting >= 1
    queued = station.db.execute("SELECT fields FROM sync_outbox ORDER BY seq DESC LIMIT 1"
                                ).fetchone()[0]
    assert json.loads(queued)["first_aired_at"] == "2026-12-07T01:17:19.000Z"
