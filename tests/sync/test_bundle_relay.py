"""Relay audio brought on a USB bundle is marked like a feed download (the province's feed,
the hub's guid, its publication time), so a relay slot naming the feed plays it; the next
online sync neither downloads it again nor loses the mark. The real hub runs on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from media.tones import sine, write_wav
from station.clock import parse_iso
from station.schedule.relay import pick
from station.station import Station
from sync import bundle
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub import bundle as hub_bundle
from sync.hub.process import HubProcess
from sync.hub.serve import add_relay_item
from sync.hub.store import HubStore
from tests.support.sync import fast


def test_usb_relay_item_is_a_feed_episode_for_relay_slots(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy,
        tmp_path: Path) -> None:
    fast(station)
    assert run_once(station, proxy.url, token).ok  # known to the hub; then the link goes down
    wav = write_wav(tmp_path / "vov.wav", sine(440.0, 1.5, level_dbfs=-18.0))
    guid = add_relay_item(hub.data_dir, "vov1", wav, "Thời sự VOV trưa", category="Thời sự")
    usb = tmp_path / "usb" / "ve-dai"
    store = HubStore(hub.data_dir)
    try:
        assert hub_bundle.export_bundle(store, "Yên Bình", usb).files == 1
    finally:
        store.close()
    report, _ = bundle.import_bundle(station, usb)
    assert report.imported == 1, report.warnings

    row = station.db.execute(
        "SELECT f.province_feed, f.active, e.guid, e.status, e.item_id, e.published_at,"
        " e.title FROM relay_entries e JOIN relay_feeds f ON f.id = e.feed_id").fetchall()
    assert len(row) == 1
    feed, active, got_guid, status, item_id, published, title = row[0]
    assert (feed, got_guid, status, title) == ("vov1", guid, "imported", "Thời sự VOV trưa")
    assert active == 0  # no address for the feed until a sync reaches the hub
    assert abs(parse_iso(published) - datetime.now(UTC)) < timedelta(minutes=5)
    title_of = station.db.execute("SELECT title FROM items WHERE id = ?", [item_id]).fetchone()
    assert title_of == ("Thời sự VOV trưa",)
    # A relay slot naming the province's feed plays it, rule and all.
    now = datetime.now(UTC)
    assert pick(station, "vov1", "within 1h", now, now + timedelta(minutes=30)).item_id == item_id
    assert pick(station, "vov1", "title trua", now).item_id == item_id

    # The link comes back: the feed gets its address, and the episode is not fetched again.
    online = run_once(station, proxy.url, token)
    assert online.ok, [str(e) for e in online.errors]
    feeds = station.db.execute("SELECT url, active FROM relay_feeds").fetchall()
    assert len(feeds) == 1 and feeds[0][0].startswith(proxy.url) and feeds[0][1] == 1
    assert station.db.execute("SELECT count(*) FROM items WHERE title = ?",
                              ["Thời sự VOV trưa"]).fetchone()[0] == 1
    assert station.db.execute("SELECT count(*), min(item_id) FROM relay_entries").fetchone() == \
        (1, item_id)
