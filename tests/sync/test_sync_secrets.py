"""Secrets out of sight at the station: the token from a file or the environment (a warning
when it is on the command line, where `ps` shows it), and a hub address's password never in
settings, the audit log, the report or a log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station import settings
from station.paths import DataDir
from station.station import Station
from sync.credentials import clean_url
from sync.engine import run_once
from sync.hub.process import HubProcess
from sync.token import load_token, save_hub, save_token
from tests.support.cli import run_cli
from tests.support.service import NO_KEYRING

PASSWORD = "pw-s3cret-7731"


def leaked(root: Path, secret: str) -> list[str]:
    """Files under ``root`` (the database and its WAL, logs, settings) holding ``secret``."""
    return [str(p) for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_a_password_in_the_hub_address_stays_out_of_the_audit(datadir: DataDir,
                                                              hub: HubProcess, token: str,
                                                              tmp_path: Path) -> None:
    secret_file = tmp_path / "token.txt"
    secret_file.write_text(token + "\n", encoding="utf-8")
    address = hub.url.replace("http://", f"http://tinh:{PASSWORD}@")
    done = run_cli("sync", "--hub", address, "--token-file", str(secret_file), "--json",
                   data_dir=datadir.root, env=NO_KEYRING)
    assert done.returncode == 0, done.stdout + done.stderr
    assert PASSWORD not in done.stdout + done.stderr and "dropped" in done.stderr
    assert json.loads(done.stdout)["hub"] == hub.url
    st = Station.open(datadir)
    try:
        assert settings.SYNC_HUB_URL.get(st.db) == hub.url
        audited = st.db.execute("SELECT entity_id, detail FROM audit WHERE action ="
                                " 'sync.run'").fetchall()
        assert audited and all(PASSWORD not in f"{a}{b}" for a, b in audited)
    finally:
        st.close()
    assert leaked(datadir.root, PASSWORD) == []
    assert leaked(datadir.root, token) == [str(datadir.root / "sync" / "token.json")]

    # Remembered under the clean address; the token may come from the environment too.
    again = run_cli("sync", data_dir=datadir.root, env={**NO_KEYRING,
                                                        "STATION_SYNC_TOKEN": token})
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr
    on_argv = run_cli("sync", "--token", token, data_dir=datadir.root, env=NO_KEYRING)
    assert on_argv.returncode == 0 and "--token-file" in on_argv.stderr
    missing = run_cli("sync", "--token-file", str(tmp_path / "none"), data_dir=datadir.root,
                      env=NO_KEYRING)
    assert missing.returncode != 0 and "cannot be read" in missing.stderr


def test_the_sync_page_saves_the_address_without_its_password(station: Station) -> None:
    save_hub(station, f"https://tinh:{PASSWORD}@hub.example.vn:8443/", "")
    assert settings.SYNC_HUB_URL.get(station.db) == "https://hub.example.vn:8443"
    rows = station.db.execute("SELECT entity_id, detail FROM audit WHERE action ="
                              " 'settings.sync_hub'").fetchall()
    assert rows and all(PASSWORD not in f"{a}{b}" for a, b in rows)


def test_an_address_saved_with_a_password_is_cleaned_at_the_next_sync(
        station: Station, hub: HubProcess, token: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What an older version saved: the address with its password, the token under it."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    address = hub.url.replace("http://", f"http://tinh:{PASSWORD}@")
    settings.SYNC_HUB_URL.set(station.db, address)
    save_token(station.datadir, address, token)
    report = run_once(station)
    assert report.ok, report.errors
    assert report.hub == hub.url and settings.SYNC_HUB_URL.get(station.db) == hub.url
    assert load_token(station.datadir, hub.url) == token
    assert all(PASSWORD not in f"{a}{b}" for a, b in station.db.execute(
        "SELECT entity_id, detail FROM audit WHERE action = 'sync.run'"))


def test_clean_url() -> None:
    assert clean_url("http://u:p@10.0.0.2:8765/") == "http://10.0.0.2:8765"
    assert clean_url("https://a%40b:p%3Aw@[::1]:9/x") == "https://[::1]:9/x"
    assert clean_url(" http://hub.vn ") == "http://hub.vn"
