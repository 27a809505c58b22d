"""The service's scheduled refresh of outside relay feeds (sync/service.py), with the real
`station service run` in a child process and a podcast host on loopback: it refreshes on the
sync interval even with no hub, brings a new episode by itself, and records each feed's last
result as `station relay refresh` does, so `station relay list` shows it."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from station import settings, users
from station.paths import DataDir
from station.station import Station
from sync import subscriptions
from tests.conftest import ADMIN_PASSWORD
from tests.support.cli import run_cli
from tests.support.feeds import Server, tone
from tests.support.service import NO_KEYRING, Service

INTERVAL_MIN = 0.1  # 6 s


def episode(srv: Server, tmp_path: Path, n: int) -> str:
    audio = tone(tmp_path / f"ky-{n}.wav", 0.5 + n / 10).read_bytes()
    srv.routes[f"/ky-{n}.wav"] = ("audio/wav", audio)
    return f"""<item><title>Kỳ {n}</title><guid>ky-{n}</guid>
<pubDate>0{n} Mar 2026 17:00:00 +0700</pubDate>
<enclosure url="{srv.url}/ky-{n}.wav" length="{len(audio)}" type="audio/wav"/></item>"""


def publish(srv: Server, items: list[str]) -> None:
    srv.routes["/feed.rss"] = ("application/rss+xml", (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Khuyến nông</title>" + "".join(items) + "</channel></rss>").encode())


def seen(datadir: DataDir) -> tuple[int, dict[str, Any]]:
    """(episodes imported, the feed's last result), read beside the running service."""
    db = sqlite3.connect(f"file:{datadir.db_path}?mode=ro", uri=True, timeout=10)
    try:
        imported = db.execute("SELECT count(*) FROM relay_entries WHERE status = 'imported'"
                              ).fetchone()[0]
        [(last,)] = db.execute("SELECT last_result FROM relay_feeds").fetchall()
    finally:
        db.close()
    return int(imported), json.loads(last or "{}")


def wait_for(datadir: DataDir, svc: Service, imported: int, timeout: float) -> dict[str, Any]:
    """The last result of the refresh that brought the ``imported``-th episode."""
    deadline = time.monotonic() + timeout
    while True:
        assert svc.proc.poll() is None, "the service exited"
        count, last = seen(datadir)
        if count == imported and last.get("added"):
            return last
        assert count <= imported and time.monotonic() < deadline, (count, last)
        time.sleep(0.05)


def test_the_service_refreshes_feeds_on_time_and_records_the_result(
        datadir: DataDir, tmp_path: Path) -> None:
    srv = Server({})
    items = [episode(srv, tmp_path, 1)]
    publish(srv, items)
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        settings.SYNC_INTERVAL_MIN.set(st.db, INTERVAL_MIN)  # no hub at all
        settings.PLAYOUT_ON_AIR.set(st.db, False)
        subscriptions.subscribe_feed(st, f"{srv.url}/feed.rss")
    finally:
        st.close()
    svc = Service(datadir)
    try:
        svc.wait_worker()
        first = wait_for(datadir, svc, 1, 60)
        result = first
        assert result["reached"] and result["error"] == "", result
        assert (result["new"], result["added"], result["resumed"], result["refused"]) == \
            (1, 1, 0, 0), result

        items.append(episode(srv, tmp_path, 2))  # a new episode; nobody asks for it
        publish(srv, items)
        published = time.monotonic()
        second = wait_for(datadir, svc, 2, 60)
        took = time.monotonic() - published
        assert took < INTERVAL_MIN * 60 + 10, took  # the next scheduled refresh brought it
        result = second
        assert result["at"] > first["at"]
        assert (result["new"], result["added"], result["refused"]) == (1, 1, 0), result
        # `station relay list` shows what the service's last refresh did (it may be a later
        # one that found nothing new by now).
        text = run_cli("relay", "list", data_dir=datadir.root, env=NO_KEYRING).stdout
        assert "last refresh " in text and " added, 0 resumed, 0 refused" in text, text
        assert "episodes: 0 pending, 2 imported, 0 failed" in text, text
        code, status = svc.status()
        assert code == 0 and status["last_sync"] is None  # no hub: no sync, feeds anyway
    finally:
        assert svc.stop() == 0
        srv.close()
