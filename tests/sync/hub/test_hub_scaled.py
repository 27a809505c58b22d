"""The hub scaled out: several processes on one real PostgreSQL and one real S3 bucket
(SeaweedFS), stations syncing through any of them, a tus upload that survives kill -9 of the
process serving it, health endpoints, workers and structured logs."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from station.library import items as library
from station.library.metadata import update_items
from station.station import Station
from sync.engine import run_once
from sync.hub.process import HubProcess
from sync.hub.store import HubConfig, HubStore
from sync.hub.tus_s3 import MIN_PART, PART_SIZE
from tests.support.library import MB, add_media_item
from tests.support.sync import fast, second_station

BASE = "/api/sync/v1"
MiB = 1024 * 1024


def _config(tmp_path: Path, name: str, pg_url: str, bucket: Any) -> HubConfig:
    return HubConfig(tmp_path / name, database=pg_url, media=bucket.url,
                     s3_endpoint=bucket.endpoint)


def _hub(tmp_path: Path, name: str, pg_url: str, bucket: Any, **kw: Any) -> HubProcess:
    env = {k: os.environ[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    return HubProcess(tmp_path / name, database=pg_url, media=bucket.url,
                      s3_endpoint=bucket.endpoint, env=env, **kw)


@pytest.fixture
def two_hubs(tmp_path: Path, pg_url: str, s3_bucket: Any) -> Iterator[tuple[HubProcess,
                                                                             HubProcess]]:
    a = _hub(tmp_path, "hub-a", pg_url, s3_bucket).start()
    b = _hub(tmp_path, "hub-b", pg_url, s3_bucket).start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()


def _add_station(tmp_path: Path, pg_url: str, bucket: Any, name: str) -> tuple[str, str]:
    store = HubStore(_config(tmp_path, "cli", pg_url, bucket))
    try:
        return store.add_station(name)
    finally:
        store.close()


def test_stations_sync_through_either_process(station: Station, two_hubs: tuple[HubProcess,
                                                                                HubProcess],
                                              tmp_path: Path, template_station: Path,
                                              pg_url: str, s3_bucket: Any) -> None:
    a, b = two_hubs
    _sid, token = _add_station(tmp_path, pg_url, s3_bucket, "Xã Tân Lập")
    fast(station)
    item_id, sha = add_media_item(station, "Bản tin sáng", 6 * MB)
    pushed = run_once(station, a.url, token)
    assert pushed.ok and pushed.uploaded == 1, pushed.errors
    # Another workstation of the station, through the other process: the row and the file.
    other = second_station(tmp_path, template_station)
    try:
        pulled = run_once(other, b.url, token)
        assert pulled.ok and pulled.downloaded == 1, pulled.errors
        got = library.get_item(other, item_id)
        assert got is not None and got.title == "Bản tin sáng"
        assert other.store.path(sha, "wav").read_bytes() == \
            station.store.path(sha, "wav").read_bytes()
        # And back: an edit pushed through B reaches the first workstation through A.
        update_items(other, [item_id], {"title": "Bản tin sáng (sửa)"})
        assert run_once(other, b.url, token).ok
        assert run_once(station, a.url, token).ok
        again = library.get_item(station, item_id)
        assert again is not None and again.title == "Bản tin sáng (sửa)"
    finally:
        other.close()
    # The file is in the bucket at its content address, not in either data dir.
    assert not any((tmp_path / "hub-a" / "media").rglob(sha))
    import boto3

    s3 = boto3.client("s3", endpoint_url=s3_bucket.endpoint, region_name="us-east-1")
    key = f"sha256/{sha[:2]}/{sha[2:4]}/{sha}"
    assert s3.head_object(Bucket=s3_bucket.name, Key=key)["ContentLength"] == 6 * MB


def _tus(url: str, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}


def _offset(hub: HubProcess, location: str, token: str) -> int:
    got = httpx.head(hub.url + location, headers=_tus(hub.url, token), timeout=10)
    assert got.status_code == 200, got.text
    return int(got.headers["Upload-Offset"])


def _patch(hub: HubProcess, location: str, token: str, offset: int, data: bytes) -> int:
    got = httpx.patch(hub.url + location, content=data, timeout=60, headers={
        **_tus(hub.url, token), "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream"})
    assert got.status_code == 204, got.text
    return int(got.headers["Upload-Offset"])


def test_an_upload_cut_by_kill_9_resumes_through_the_other_process(
        two_hubs: tuple[HubProcess, HubProcess], tmp_path: Path, pg_url: str,
        s3_bucket: Any) -> None:
    a, b = two_hubs
    sid, token = _add_station(tmp_path, pg_url, s3_bucket, "Xã Tân Lập")
    data = os.urandom(27 * MiB + 12345)
    sha = hashlib.sha256(data).hexdigest()
    made = httpx.post(f"{a.url}{BASE}/files", timeout=10, headers={
        **_tus(a.url, token), "Upload-Length": str(len(data)),
        "Upload-Metadata": "sha256 " + base64.b64encode(sha.encode()).decode()})
    assert made.status_code == 201
    location = made.headers["Location"]

    def body() -> Iterator[bytes]:
        for start in range(0, 20 * MiB, MiB):
            yield data[start:start + MiB]
        a.kill()  # kill -9 while the PATCH is still open
        yield data[20 * MiB:21 * MiB]

    with pytest.raises(httpx.TransportError):
        httpx.patch(a.url + location, content=body(), timeout=30, headers={
            **_tus(a.url, token), "Upload-Offset": "0",
            "Content-Type": "application/offset+octet-stream"})
    # What the killed process had stored in whole parts is kept; the rest was in flight.
    offset = _offset(b, location, token)
    assert PART_SIZE <= offset <= 20 * MiB
    # A short PATCH through B: kept aside as the tail (S3 parts are 5 MiB at least).
    offset = _patch(b, location, token, offset, data[offset:offset + 3 * MiB])
    store = HubStore(_config(tmp_path, "cli", pg_url, s3_bucket))
    try:
        with store.read() as c:
            state = json.loads(c.execute("SELECT state FROM uploads").fetchone()[0])
        assert state["tail"] == 3 * MiB
        parts = store.media.client.list_parts(Bucket=s3_bucket.name,
                                              Key=store.media.key(location.rsplit("/")[-1]
                                                                  .join(["uploads/", ""])),
                                              UploadId=state["mpu"])["Parts"]
        assert parts and all(p["Size"] >= MIN_PART for p in parts)
    finally:
        store.close()
    # The first process comes back; the rest goes through it, and it commits.
    a.start()
    assert _offset(a, location, token) == offset
    assert _patch(a, location, token, offset, data[offset:]) == len(data)
    done = httpx.post(f"{a.url}{BASE}/stations/{sid}/assets/{sha}:commit", timeout=60,
                      headers={"Authorization": f"Bearer {token}"},
                      json={"upload_url": location})
    assert done.status_code == 200, done.text
    # Byte-identical through the other process, Range included.
    got = httpx.get(f"{b.url}{BASE}/media/{sha}", timeout=60,
                    headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200 and got.content == data
    part = httpx.get(f"{b.url}{BASE}/media/{sha}", timeout=60, headers={
        "Authorization": f"Bearer {token}", "Range": "bytes=1000-1999"})
    assert part.status_code == 206 and part.content == data[1000:2000]


def test_workers_health_and_logs(tmp_path: Path, pg_url: str, s3_bucket: Any) -> None:
    sid, token = _add_station(tmp_path, pg_url, s3_bucket, "Xã Hòa Bình")
    with _hub(tmp_path, "hub", pg_url, s3_bucket, workers=2, log_level="info") as hub:
        pids = {httpx.get(f"{hub.url}/healthz", timeout=5).json()["pid"] for _ in range(40)}
        assert len(pids) == 2  # two processes answer on the one port
        ready = httpx.get(f"{hub.url}/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["database"] == "postgres"
        hello = httpx.get(f"{hub.url}{BASE}/hello?x=secret-cursor", timeout=5,
                          headers={"Authorization": f"Bearer {token}"})
        assert hello.json()["station"]["id"] == sid
        # The bucket goes away: not ready, with the reason; still alive.
        import boto3

        boto3.resource("s3", endpoint_url=s3_bucket.endpoint,
                       region_name="us-east-1").Bucket(s3_bucket.name).delete()
        unready = httpx.get(f"{hub.url}/readyz", timeout=30)
        assert unready.status_code == 503 and s3_bucket.name in unready.json()["reason"]
        assert httpx.get(f"{hub.url}/healthz", timeout=5).status_code == 200
    lines = [json.loads(line) for line in hub.log_path.read_text().splitlines()
             if line.startswith("{")]
    mine = [r for r in lines if r.get("path") == f"{BASE}/hello"]
    assert mine and mine[-1]["station"] == sid and mine[-1]["status"] == 200
    assert "secret-cursor" not in hub.log_path.read_text()
    assert token not in hub.log_path.read_text()


def test_workers_need_postgres(tmp_path: Path) -> None:
    from tests.support.cli import run_cli

    done = run_cli("hub", "serve", "--data-dir", str(tmp_path / "hub"), "--workers", "2",
                   "--port", "0", user=None)
    assert done.returncode != 0 and "--workers needs --database" in done.stderr


def test_hub_commands_take_the_database_from_options_or_the_environment(
        tmp_path: Path, pg_url: str, s3_bucket: Any) -> None:
    from tests.support.cli import run_cli

    keys = {k: os.environ[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    added = run_cli("hub", "add-station", "Xã Tân Lập", "--data-dir", str(tmp_path / "a"),
                    "--database", pg_url, "--media", s3_bucket.url, "--s3-endpoint",
                    s3_bucket.endpoint, user=None, env=keys)
    assert added.returncode == 0, added.stderr
    store = HubStore(_config(tmp_path, "b", pg_url, s3_bucket))
    try:
        before = store.epoch
        old_cursor = store.make_cursor((0, 1))
        assert store.read_cursor(old_cursor) == (0, 1)
        assert store.find_station("Xã Tân Lập")[1] == "Xã Tân Lập"
    finally:
        store.close()
    # The same database through the environment, from another data dir: a new epoch.
    env = {**keys, "STATION_HUB_DATABASE": pg_url, "STATION_HUB_MEDIA": s3_bucket.url,
           "STATION_HUB_S3_ENDPOINT": s3_bucket.endpoint}
    renewed = run_cli("hub", "new-epoch", "--data-dir", str(tmp_path / "c"), user=None, env=env)
    assert renewed.returncode == 0, renewed.stderr
    store = HubStore(_config(tmp_path, "b", pg_url, s3_bucket))
    try:
        assert store.epoch != before
        assert store.read_cursor(old_cursor) is None  # the station is told to resync
    finally:
        store.close()
    # A database that is not there: a sentence, not a traceback, and no password shown.
    refused = run_cli("hub", "add-station", "X", "--data-dir", str(tmp_path / "d"),
                      "--database", "postgresql://hub:pw-42@127.0.0.1:1/hub", user=None)
    assert refused.returncode != 0 and "does not answer" in refused.stderr
    assert "pw-42" not in refused.stderr and "Traceback" not in refused.stderr
