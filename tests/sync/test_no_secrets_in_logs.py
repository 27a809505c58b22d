"""No log holds a secret (station/logs.py): a sync through the real CLI against the real hub
(`station hub serve`, its output kept as a service keeps it), with a password in the hub's
address, and logins with right and wrong passwords; then every log file is searched for each
secret."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from station.logs import RedactingFormatter, redact
from station.paths import DataDir
from sync.hub.process import free_port
from sync.hub.store import HubStore
from tests.support.cli import run_cli

URL_PASSWORD = "UrlPw-7731-secret"
ADMIN_TOKEN = "adm_LogProbe-admin-token-5512"
CHIEF_PASSWORD = "truongdai-password"  # the template station's chief
WRONG_PASSWORD = "Wrong-Guess-4242-secret"


def _serve_hub(folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    exe = Path(sys.executable).with_name("station")
    out = open(log, "wb")  # noqa: SIM115 - the child writes to it until it is stopped
    proc = subprocess.Popen([str(exe), "hub", "serve", "--data-dir", str(folder), "--port",
                             str(port)], stdout=out, stderr=subprocess.STDOUT,
                            env={**os.environ, "STATION_HUB_ADMIN_TOKEN": ADMIN_TOKEN})
    out.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/api/sync/v1/hello", timeout=1)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the hub did not start: " + log.read_text(errors="replace"))


def _log_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*")
            if p.is_file() and (".log" in p.name or p.parent.name == "logs")]


def test_a_sync_and_logins_leave_no_secret_in_any_log(datadir: DataDir,
                                                      tmp_path: Path) -> None:
    hub_dir = tmp_path / "hub"
    store = HubStore(hub_dir)
    try:
        token = store.add_station("Yên Bình")[1]
    finally:
        store.close()
    hub_log = tmp_path / "hub.log"
    proc, url = _serve_hub(hub_dir, hub_log)
    try:
        host = url.removeprefix("http://")
        synced = run_cli("sync", "--hub", f"http://agent:{URL_PASSWORD}@{host}",
                         data_dir=datadir.root, env={"STATION_SYNC_TOKEN": token})
        assert synced.returncode == 0, synced.stderr
        again = run_cli("sync", data_dir=datadir.root)  # the remembered address and token
        assert again.returncode == 0, again.stderr
        page = httpx.get(f"{url}/admin", auth=("province", ADMIN_TOKEN))
        assert page.status_code == 200
        httpx.get(f"{url}/api/sync/v1/hello", headers={"Authorization": f"Bearer {token}x"})
        for secret in (CHIEF_PASSWORD, WRONG_PASSWORD):
            run_cli("schedule", "approve", "no-such-schedule", "--user", "truongdai",
                    data_dir=datadir.root, env={"STATION_PASSWORD": secret})
        verified = run_cli("audit", "verify", data_dir=datadir.root)
        assert verified.returncode == 0, verified.stderr
    finally:
        proc.terminate()
        proc.wait(15)
    files = _log_files(datadir.root, hub_dir, tmp_path)
    assert datadir.logs / "station.log" in files and hub_log in files
    assert "/admin" in hub_log.read_text(encoding="utf-8")  # the hub logged the requests
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for secret in (token, URL_PASSWORD, ADMIN_TOKEN, CHIEF_PASSWORD, WRONG_PASSWORD):
            assert secret not in text, f"{secret[:6]}… found in {path.name}"
        assert "agent:" not in text


def test_the_formatter_hides_whatever_a_logger_is_given(tmp_path: Path) -> None:
    record = logging.LogRecord("sync", logging.WARNING, __file__, 1,
                               "request to %s with %s failed", (
                                   f"http://agent:{URL_PASSWORD}@hub.example:8765/api",
                                   {"Authorization": "Bearer st1_abcdefghijklmnop"}), None)
    line = RedactingFormatter("%(message)s").format(record)
    assert URL_PASSWORD not in line and "st1_abcdefghijklmnop" not in line
    assert "hub.example:8765/api" in line  # where it went stays readable
    assert redact("password=hunter2-abc&next=1") == "password=[redacted]&next=1"
    assert redact("Bản tin sáng: 12 mục, http://hub/x") == "Bản tin sáng: 12 mục, http://hub/x"
