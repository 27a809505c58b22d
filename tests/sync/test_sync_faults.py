"""Faults with real parts: the hub in a child process, a fault proxy, a killed station."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from station import startup, users
from station.library import items as library
from station.library import metadata
from station.paths import DataDir
from station.station import Station
from sync import outbox
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.conftest import ADMIN_PASSWORD, ROOT
from tests.support.feeds import Server
from tests.support.hub import hub_count, same_file
from tests.support.library import MB, add_media_item
from tests.support.sync import fast, second_station

pytest_plugins: list[str] = []


def when(cond: object, action: object, timeout: float = 30) -> threading.Thread:
    """Run ``action`` once ``cond()`` is true (in a thread)."""
    def loop() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():  # type: ignore[operator]
                action()  # type: ignore[operator]
                return
            time.sleep(0.005)
    t = threading.Thread(target=loop, daemon=True)
    t.start()
    return t


def test_stall_then_resume(station: Station, hub: HubProcess, token: str,
                           proxy: FaultProxy) -> None:
    from station import settings

    settings.SYNC_STALL_TIMEOUT_S.set(station.db, 0.5)
    size = 3 * MB
    _, sha = add_media_item(station, "Stall", size)
    when(lambda: proxy.bytes_up > size // 3, proxy.stalled.set)
    when(lambda: proxy.stalled.is_set(), lambda: (time.sleep(1.5), proxy.stalled.clear()))
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert same_file(station, hub, sha)


def test_reset_mid_upload(station: Station, hub: HubProcess, token: str,
                          proxy: FaultProxy) -> None:
    fast(station)
    size = 4 * MB
    _, sha = add_media_item(station, "Reset", size)
    # Paced like a real link, so socket buffers hold what a real link would (an RST drops them).
    proxy.rate_bps = 16 * MB
    when(lambda: proxy.bytes_up > size // 2, proxy.reset_all)
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert same_file(station, hub, sha)
    assert proxy.bytes_up < size * 1.1


def test_hub_restarted_mid_upload(station: Station, hub: HubProcess, token: str,
                                  proxy: FaultProxy) -> None:
    fast(station)
    size = 4 * MB
    proxy.rate_bps = 8 * MB  # slow enough to restart the hub halfway
    _, sha = add_media_item(station, "Restart", size)
    when(lambda: proxy.bytes_up > size // 2, hub.restart)
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert same_file(station, hub, sha)
    assert proxy.bytes_up < size * 1.1  # resumed, not sent again


def test_station_killed_mid_sync_resumes(station: Station, hub: HubProcess, token: str,
                                         proxy: FaultProxy, datadir: DataDir) -> None:
    fast(station)
    size = 4 * MB
    _, sha = add_media_item(station, "Kill", size)
    library.add_text(station, "Tin", "Nội dung")
    station.close()
    proxy.rate_bps = 4 * MB
    code = (
        "import sys; from station.paths import DataDir; from station.station import Station;"
        "from station import users; from sync.engine import run_once;"
        f"st = Station.open(DataDir({str(datadir.root)!r})); "
        f"users.login(st, 'admin', {ADMIN_PASSWORD!r}); "
        f"run_once(st, {proxy.url!r}, {token!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 30
    while proxy.bytes_up < size // 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    st = startup.open_station(datadir)  # a restart after the kill, with its recovery sweep
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        url = st.db.execute("SELECT upload_url FROM sync_uploads WHERE sha256 = ?",
                            [sha]).fetchone()
        assert url and url[0], "the upload URL was stored before the data was sent"
        proxy.rate_bps = 0
        report = run_once(st, proxy.url, token)
        assert report.ok, report.errors
        assert same_file(st, hub, sha)
        assert proxy.bytes_up < size * 1.15
        assert hub_count(hub, "SELECT count(*) FROM entities WHERE entity = 'item'") == 2
    finally:
        st.close()


def test_duplicate_delivery_changes_nothing(station: Station, hub: HubProcess, token: str,
                                            proxy: FaultProxy) -> None:
    fast(station)
    item, _ = library.add_text(station, "Một", "Nội dung")
    sid = run_once(station, proxy.url, token).station_id
    batch = {"mutations": [{"id": "01900000-0000-7000-8000-000000000001", "entity": "item",
                            "entity_id": item.id, "op": "upsert",
                            "fields": {"title": "Hai"},
                            # later than the station's edit (the hub refuses one days ahead)
                            "hlc": f"{int(time.time() * 1000) + 3_600_000:013d}-00000-x"}]}
    url = f"{hub.url}/api/sync/v1/stations/{sid}/mutations"
    auth = {"Authorization": f"Bearer {token}"}
    first = httpx.post(url, json=batch, headers=auth).json()
    changes = hub_count(hub, "SELECT count(*) FROM changes")
    second = httpx.post(url, json=batch, headers=auth).json()
    assert first["results"] == second["results"]
    assert hub_count(hub, "SELECT count(*) FROM changes") == changes
    # The same change page applied twice (an answer delivered twice) adds nothing either.
    cursor = outbox.get_state(station.db, "cursor")
    assert run_once(station, proxy.url, token).ok
    outbox.set_state(station.db, "cursor", cursor)
    assert run_once(station, proxy.url, token).ok
    assert library.count(station) == 1
    assert library.get_item(station, item.id).title == "Hai"  # type: ignore[union-attr]


def test_response_lost_then_retried(station: Station, hub: HubProcess, token: str,
                                    proxy: FaultProxy) -> None:
    """The hub applied the batch but the answer was cut: the blind retry is deduped."""
    fast(station)
    for i in range(20):
        library.add_text(station, f"Tin {i}", "Nội dung")
    proxy.cut_down_at = [proxy.bytes_down + 400, proxy.bytes_down + 1200]
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    assert hub_count(hub, "SELECT count(*) FROM entities WHERE entity = 'item'") == 20
    assert hub_count(hub, "SELECT count(*) FROM mutations") == 20


def test_same_field_clash_later_wins_other_kept(station: Station, hub: HubProcess,
                                                token: str, proxy: FaultProxy,
                                                tmp_path: Path,
                                                template_station: Path) -> None:
    fast(station)
    item, _ = library.add_text(station, "Gốc", "Nội dung")
    assert run_once(station, proxy.url, token).ok
    other = second_station(tmp_path, template_station)
    try:
        assert run_once(other, proxy.url, token).ok
        metadata.update_items(station, [item.id], {"title": "Sửa ở máy A"})
        time.sleep(0.01)
        metadata.update_items(other, [item.id], {"title": "Sửa ở máy B"})  # later
        assert run_once(other, proxy.url, token).ok
        assert run_once(station, proxy.url, token).ok  # A's older edit loses
        assert run_once(other, proxy.url, token).ok
        for st in (station, other):
            assert library.get_item(st, item.id).title == "Sửa ở máy B"  # type: ignore[union-attr]
            kept = outbox.open_conflicts(st, "item", item.id)
            assert any(k.lost_value == "Sửa ở máy A" and k.kept_value == "Sửa ở máy B"
                       for k in kept), kept
        # Only the value clashed, not the bookkeeping of when it was edited.
        assert [k.field for k in outbox.open_conflicts(station)] == ["title"]
        # "Keep the value now": the clash closes, the title stays, the choice is audited.
        [clash] = outbox.open_conflicts(station)
        assert outbox.resolve_conflict(station, clash.id).sync
        assert outbox.open_conflicts(station) == []
        assert library.get_item(station, item.id).title == "Sửa ở máy B"  # type: ignore[union-attr]
        assert station.db.execute("SELECT count(*) FROM audit WHERE action ="
                                  " 'sync.conflict_resolved'").fetchone()[0] == 1
        # No lost edit: a different field edited on A survives.
        metadata.update_items(station, [item.id], {"speaker": "Phát thanh viên"})
        assert run_once(station, proxy.url, token).ok
        assert run_once(other, proxy.url, token).ok
        assert metadata.details(other, item.id)["speaker"] == "Phát thanh viên"
    finally:
        other.close()


def test_clock_a_day_ahead_warns_and_does_not_win(station: Station, hub: HubProcess,
                                                  token: str, proxy: FaultProxy,
                                                  tmp_path: Path, template_station: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fast(station)
    item, _ = library.add_text(station, "Gốc", "Nội dung")
    other = second_station(tmp_path, template_station)
    try:
        assert run_once(station, proxy.url, token).ok
        assert run_once(other, proxy.url, token).ok
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + 86400)
        skewed = run_once(station, proxy.url, token)  # learns its offset from /hello
        assert skewed.ok and any("clock" in str(w) for w in skewed.warnings)
        metadata.update_items(station, [item.id], {"title": "Máy lệch giờ"})
        assert run_once(station, proxy.url, token).ok
        monkeypatch.setattr(time, "time", real)
        time.sleep(0.01)
        metadata.update_items(other, [item.id], {"title": "Sửa sau, giờ đúng"})
        assert run_once(other, proxy.url, token).ok
        assert library.get_item(other, item.id).title == "Sửa sau, giờ đúng"  # type: ignore[union-attr]
    finally:
        other.close()


def test_wrong_or_expired_token_sends_nothing(station: Station, hub: HubProcess,
                                              proxy: FaultProxy) -> None:
    fast(station)
    add_media_item(station, "Bí mật", 1 * MB)
    report = run_once(station, proxy.url, "st1_wrong")
    assert not report.ok and "refused this station's token" in str(report.errors[0])
    store = HubStore(hub.data_dir)
    _, expired = store.add_station("Cũ", expires_at="2020-01-01T00:00:00.000Z")
    store.close()
    report = run_once(station, proxy.url, expired)
    assert not report.ok and "expired" in str(report.errors[0])
    assert hub_count(hub, "SELECT count(*) FROM mutations") == 0
    assert hub_count(hub, "SELECT count(*) FROM uploads") == 0
    assert proxy.bytes_up < 4096  # only the two hellos


def test_garbage_or_html_hub(station: Station, tmp_path: Path) -> None:
    # A captive portal: every path answers with its login page.
    server = Server({}, fallback=("text/html",
                                  b"<!DOCTYPE html><html><body>Wi-Fi login</body></html>"))
    try:
        fast(station)
        library.add_text(station, "Tin", "Nội dung")
        report = run_once(station, server.url, "t")
        assert not report.ok
        assert "did not answer as a sync hub (it sent an HTML page)" in str(report.errors[0])
        # The edit was queued when it was made, and still waits for the next try.
        assert outbox.waiting(station.db) == 1 and outbox.scan(station) == 0
    finally:
        server.close()


def test_changes_feed_pages_and_410(station: Station, hub: HubProcess, token: str,
                                    proxy: FaultProxy, tmp_path: Path,
                                    template_station: Path) -> None:
    fast(station)
    for i in range(1200):  # more than two pages
        library.add_text(station, f"Tin {i}", "Nội dung")
    assert run_once(station, proxy.url, token).ok
    other = second_station(tmp_path, template_station)
    try:
        assert run_once(other, proxy.url, token).ok
        other.db.execute("DELETE FROM items")
        other.db.execute("DELETE FROM sync_shadow")
        outbox.set_state(other.db, "cursor", "bm90LWEtY3Vyc29y")  # not the hub's: 410
        report = run_once(other, proxy.url, token)
        assert report.ok and report.resynced
        assert library.count(other) == 1200
        # The cursor never skips: the hub's newest change is the one we hold.
        state = json.loads(__import__("base64").urlsafe_b64decode(
            outbox.get_state(other.db, "cursor") + "=="))
        assert state["s"] == hub_count(hub, "SELECT max(seq) FROM changes")
    finally:
        other.close()
