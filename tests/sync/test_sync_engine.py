"""Sync against the real hub on loopback (a child process), through a fault proxy."""

from __future__ import annotations

from pathlib import Path

from station.library import items as library
from station.paths import DataDir
from station.station import Station
from sync import outbox
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from tests.support.hub import hub_file
from tests.support.library import MB, add_media_item
from tests.support.sync import fast


def test_first_sync_pushes_library_and_files(station: Station, hub: HubProcess, token: str,
                                             proxy: FaultProxy) -> None:
    fast(station)
    _item_id, sha = add_media_item(station, "Bản tin sáng", 2 * MB)
    _text, _ = library.add_text(station, "Thông báo", "Lịch tiêm chủng")
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert report.pushed >= 3 and report.uploaded == 1
    assert hub_file(hub, sha).read_bytes() == station.store.path(sha, "wav").read_bytes()
    # Nothing waits, a second run sends nothing new.
    again = run_once(station, proxy.url, token)
    assert again.ok and again.pushed == 0 and again.uploaded == 0
    assert outbox.waiting(station.db) == 0


def test_upload_cut_at_every_tenth(station: Station, hub: HubProcess, token: str,
                                   proxy: FaultProxy) -> None:
    fast(station)
    size = 4 * MB
    _, sha = add_media_item(station, "Phóng sự", size)
    proxy.cut_every(size, 10, "up")
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert proxy.cuts >= 9
    assert hub_file(hub, sha).read_bytes() == station.store.path(sha, "wav").read_bytes()
    # Each cut wastes at most what was in flight (the proxy's and the hub's buffers).
    assert proxy.bytes_up - size <= proxy.cuts * 128 * 1024 + 64 * 1024


def test_new_workstation_gets_everything(station: Station, hub: HubProcess, token: str,
                                         proxy: FaultProxy, tmp_path: Path,
                                         template_station: Path) -> None:
    import shutil

    from station import users
    from tests.conftest import ADMIN_PASSWORD

    fast(station)
    item_id, sha = add_media_item(station, "Ca nhạc", 3 * MB)
    assert run_once(station, proxy.url, token).ok
    other_dir = tmp_path / "other"
    shutil.copytree(template_station, other_dir)
    other = Station.open(DataDir(other_dir))
    try:
        users.login(other, "admin", ADMIN_PASSWORD)
        fast(other)
        proxy.cut_every(3 * MB, 10, "down")
        down_before = proxy.bytes_down
        report = run_once(other, proxy.url, token)
        assert report.ok, report.errors
        assert report.downloaded == 1
        # Cut at every tenth of the download, resumed with Range each time (not started over).
        assert proxy.cuts >= 9
        assert proxy.bytes_down - down_before < 3 * MB + proxy.cuts * 128 * 1024 + 256 * 1024
        got = library.get_item(other, item_id)
        assert got is not None and got.title == "Ca nhạc"
        assert other.store.path(sha, "wav").read_bytes() == \
            station.store.path(sha, "wav").read_bytes()
    finally:
        other.close()
