"""Station tokens revoked and rotated through the real `station hub` commands while the hub
runs, and the admin token kept out of the hub's log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sync.hub.process import HubProcess, free_port
from sync.hub.store import HubStore
from tests.support.cli import run_cli

HELLO = "/api/sync/v1/hello"


def hello(hub: HubProcess, token: str) -> httpx.Response:
    return httpx.get(f"{hub.url}{HELLO}", headers={"Authorization": f"Bearer {token}"},
                     timeout=10)


def hub_cli(hub: HubProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("hub", *args, "--data-dir", str(hub.data_dir))


def test_revoke_and_rotate_through_the_cli(hub: HubProcess) -> None:
    added = hub_cli(hub, "add-station", "Xã Yên Bình")
    assert added.returncode == 0, added.stderr
    first = added.stdout.strip().splitlines()[-1]
    assert hello(hub, first).json()["station"]["name"] == "Xã Yên Bình"
    twice = hub_cli(hub, "add-station", "Xã Yên Bình")
    assert twice.returncode != 0 and "already" in twice.stderr

    rotated = hub_cli(hub, "rotate-token", "Xã Yên Bình")
    assert rotated.returncode == 0, rotated.stderr
    second = rotated.stdout.strip().splitlines()[-1]
    assert second.startswith("st1_") and second != first
    old = hello(hub, first)  # at once, with the hub still running
    assert old.status_code == 401 and old.json()["error"] == "token_rotated"
    assert "replaced" in old.json()["message"]
    assert hello(hub, second).status_code == 200

    revoked = hub_cli(hub, "revoke-station", "Xã Yên Bình")
    assert revoked.returncode == 0, revoked.stderr
    refused = hello(hub, second)
    assert refused.status_code == 401 and refused.json()["error"] == "token_revoked"
    assert "revoked" in refused.json()["message"]

    # A rotation gives a revoked station a working token again; the hub keeps no token.
    third = hub_cli(hub, "rotate-token", "Xã Yên Bình").stdout.strip().splitlines()[-1]
    assert hello(hub, third).status_code == 200
    assert hello(hub, second).status_code == 401
    stored = (hub.data_dir / "hub.db").read_bytes()
    assert third.encode() not in stored and first.encode() not in stored

    unknown = hub_cli(hub, "revoke-station", "Xã Không Có")
    assert unknown.returncode != 0 and "knows no station" in unknown.stderr


def serve(data: Path, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "STATION_HUB_ADMIN_TOKEN"}
    exe = str(Path(sys.executable).with_name("station"))
    with open(log, "wb") as out:
        proc = subprocess.Popen([exe, "hub", "serve", "--data-dir", str(data), "--port",
                                 str(port), *extra], stdout=out, stderr=subprocess.STDOUT,
                                env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}{HELLO}", timeout=1)
            return proc
        except httpx.TransportError:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the hub did not start"
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def test_the_admin_token_is_in_a_private_file_not_in_the_log(tmp_path: Path) -> None:
    data, log, port = tmp_path / "hub", tmp_path / "hub.log", free_port()
    proc = serve(data, port, log)
    try:
        path = data / "admin-token"
        token = path.read_text(encoding="utf-8").strip()
        assert token.startswith("adm_") and path.stat().st_mode & 0o777 == 0o600
        page = httpx.get(f"http://127.0.0.1:{port}/admin", auth=("tinh", token), timeout=10)
        assert page.status_code == 200
    finally:
        stop(proc)
    text = log.read_text(encoding="utf-8")
    assert token not in text and str(path) in text

    # Given on the command line it works, with a warning that `ps` shows it.
    given = "adm_given-on-the-command-line"
    proc = serve(data, port, log, "--admin-token", given)
    try:
        page = httpx.get(f"http://127.0.0.1:{port}/admin", auth=("tinh", given), timeout=10)
        assert page.status_code == 200
    finally:
        stop(proc)
    assert "--admin-token-file" in log.read_text(encoding="utf-8")


def test_the_admin_page_revokes_and_rotates(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    admin = "adm_page-test"
    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", admin)
    store = HubStore(tmp_path / "hub")
    try:
        sid, first = store.add_station("Xã <Yên Bình>")
    finally:
        store.close()
    with HubProcess(tmp_path / "hub") as hub:
        page = httpx.get(f"{hub.url}/admin", auth=("tinh", admin), timeout=10).text
        assert f'<option value="{sid}">Xã &lt;Yên Bình&gt;</option>' in page
        url = f"{hub.url}/admin/station"
        forged = httpx.post(url, params={"action": "rotate", "id": sid}, auth=("tinh", admin))
        assert forged.status_code == 403 and hello(hub, first).status_code == 200
        done = httpx.post(url, params={"action": "rotate", "id": sid}, auth=("tinh", admin),
                          headers={"X-Hub-Admin": "1"})
        assert done.status_code == 200 and done.headers["cache-control"] == "no-store"
        second = done.json()["token"]
        assert hello(hub, first).status_code == 401 and hello(hub, second).status_code == 200
        assert httpx.post(url, params={"action": "revoke", "id": sid}, auth=("tinh", admin),
                          headers={"X-Hub-Admin": "1"}).status_code == 200
        assert hello(hub, second).json()["error"] == "token_revoked"
        unknown = httpx.post(url, params={"action": "revoke", "id": "nope"},
                             auth=("tinh", admin), headers={"X-Hub-Admin": "1"})
        assert unknown.status_code == 404
