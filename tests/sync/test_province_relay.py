"""The province's relay feeds over sync: `station hub add-relay` publishes a real MP3 on the
real hub (a child process on loopback); `station sync` alone (no service) subscribes to the
feed the hub announced, downloads the file (Range resume after a cut, SHA-256 verified) and
imports it as a read-only relay item of the province, which a relay slot naming the feed
then plays. A second sync adds and downloads nothing."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest

from media import ffmpeg
from station import province, users
from station.errors import ValidationError
from station.library import items as library
from station.library import metadata
from station.paths import DataDir
from station.playout.runner import plan
from station.station import Station
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from tests.conftest import ADMIN_PASSWORD
from tests.support.cli import run_cli
from tests.support.hub import hub_rows
from tests.support.playout import make_schedule, soon
from tests.support.service import NO_KEYRING
from tests.support.sync import fast

TITLE = "Thời sự tỉnh Hoà Bình: tin trưa"


def mp3(path: Path, seconds: float) -> Path:
    """A real MP3 (a 440 Hz tone, encoded by the bundled ffmpeg)."""
    ffmpeg.run(["-v", "error", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "-y", str(path)])
    return path


def add_relay(hub: HubProcess, feed: str, path: Path, title: str) -> str:
    done = run_cli("hub", "add-relay", feed, str(path), "--title", title,
                   "--data-dir", str(hub.data_dir))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(st: Station) -> list[tuple]:
    return st.db.execute(
        "SELECT f.province_feed, e.guid, e.title, e.status, e.item_id, e.published_at"
        " FROM relay_entries e JOIN relay_feeds f ON f.id = e.feed_id").fetchall()


def station_sync(datadir: DataDir, *args: str) -> dict:
    done = run_cli("sync", *args, "--json", data_dir=datadir.root, env=NO_KEYRING)
    assert done.returncode == 0, done.stdout + done.stderr
    return dict(json.loads(done.stdout))


def test_station_sync_brings_the_province_relay(datadir: DataDir, hub: HubProcess, token: str,
                                                tmp_path: Path) -> None:
    source = mp3(tmp_path / "tin-trua.mp3", 2.0)
    item_id = add_relay(hub, "thoi-su", source, TITLE)

    first = station_sync(datadir, "--hub", hub.url, "--token", token)
    assert first["relay_imported"] == 1 and first["errors"] == [], first

    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        [(feed, guid, title, status, got, published)] = entries(st)
        assert (feed, guid, title, status) == ("thoi-su", item_id, TITLE, "imported")
        assert published and published.endswith("Z") and "T" in published
        row = st.db.execute("SELECT url, title FROM relay_feeds").fetchone()
        assert row[0] == f"{hub.url}/api/sync/v1/relay/thoi-su.rss"
        item = library.get_item(st, got)
        assert item is not None and item.title == TITLE
        sha = st.db.execute("SELECT asset_sha256 FROM items WHERE id = ?", [got]).fetchone()[0]
        assert sha == sha256(source)
        ext = st.db.execute("SELECT ext FROM assets WHERE sha256 = ?", [sha]).fetchone()[0]
        assert st.store.path(sha, ext).read_bytes() == source.read_bytes()
        # The province's: read-only here and never sent back up.
        assert province.is_relay_item(st.db, got) and got in province.owned_items(st.db)
        with pytest.raises(ValidationError, match="relay item belongs to the province"):
            metadata.update_items(st, [got], {"title": "Sửa tại đài"})
        assert library.get_item(st, got).title == TITLE  # type: ignore[union-attr]
        count = library.count(st)
    finally:
        st.close()
    assert got not in hub_rows(hub, "item")

    again = station_sync(datadir)  # the hub and token are remembered
    assert again["relay_imported"] == 0 and again["downloaded"] == 0, again
    assert again["bytes_down"] < source.stat().st_size, again
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        assert library.count(st) == count and len(entries(st)) == 1

        # A relay slot naming the feed plays the newest download; one naming a feed that
        # brought nothing has no file, and the plan says why (the filler plays).
        start = soon(120)
        make_schedule(st, start, [{"relay_ref": "thoi-su", "title": "Tiếp sóng tỉnh"},
                                  {"relay_ref": "vov-khong-co", "title": "Tiếp sóng VOV"}],
                      minutes=5)
        events = plan(st, start - timedelta(minutes=1), start + timedelta(minutes=6)).events
        relayed, missing = events
        assert relayed.item_id == got and relayed.problem == ""
        assert relayed.path is not None and sha256(Path(relayed.path)) == sha256(source)
        assert missing.item_id is None and missing.path is None
        assert missing.problem == "the relay is not downloaded"
    finally:
        st.close()


def test_a_cut_download_resumes_with_range(station: Station, hub: HubProcess, token: str,
                                           tmp_path: Path) -> None:
    fast(station)
    source = mp3(tmp_path / "ban-tin.mp3", 12.0)  # about 190 kB
    size = source.stat().st_size
    add_relay(hub, "ban-tin", source, "Bản tin chiều")
    with FaultProxy(hub.port) as proxy:
        # The link is cut at every quarter of the file's size (the sync's own few kB of
        # changes come before the first cut; the feed and the download take the cuts).
        proxy.cut_every(size, 4, "down")
        report = run_once(station, proxy.url, token)
        cuts = proxy.cuts
    assert report.ok and report.relay_imported == 1, report.to_json_dict()
    assert cuts >= 2, cuts
    # Resumed with Range, not restarted: what the station received (the changes, the feed
    # and the file) is barely more than the file; a restart after each cut would refetch
    # everything already received.
    assert size < report.bytes_down < 1.1 * size, (report.bytes_down, size)
    [(_, _, title, status, got, _)] = entries(station)
    assert (title, status) == ("Bản tin chiều", "imported")
    sha = station.db.execute("SELECT asset_sha256 FROM items WHERE id = ?", [got]).fetchone()[0]
    assert sha == sha256(source)
