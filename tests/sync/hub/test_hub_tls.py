"""The hub's built-in TLS with a provincial CA made in the test: a station syncs over HTTPS
once it was given the CA (`station sync --ca-file`, remembered) and says clearly why not
before."""

from __future__ import annotations

from pathlib import Path

from station.paths import DataDir
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.support.cli import run_cli
from tests.support.tls import make_ca_and_server


def test_a_sync_over_tls_needs_the_provincial_ca_and_remembers_it(tmp_path: Path,
                                                                   datadir: DataDir) -> None:
    pki = make_ca_and_server(tmp_path / "pki")
    store = HubStore(tmp_path / "hub")
    try:
        token = store.add_station("Yên Bình")[1]
    finally:
        store.close()
    data = datadir.root
    with HubProcess(tmp_path / "hub", tls=(pki["server.pem"], pki["server.key"])) as hub:
        assert hub.url.startswith("https://")
        untrusted = run_cli("sync", "--hub", hub.url, "--token", token, data_dir=data)
        assert untrusted.returncode == 1
        assert "certificate is not trusted" in untrusted.stderr
        assert "--ca-file" in untrusted.stderr

        trusted = run_cli("sync", "--ca-file", str(pki["ca.pem"]), data_dir=data)
        assert trusted.returncode == 0, trusted.stderr
        assert trusted.stdout.startswith("sync done")

        again = run_cli("sync", data_dir=data)  # the CA was remembered
        assert again.returncode == 0, again.stderr

    missing = run_cli("sync", "--ca-file", str(tmp_path / "nope.pem"), data_dir=data)
    assert missing.returncode != 0
    assert "does not exist" in missing.stderr


def test_the_hub_refuses_a_key_that_does_not_match(tmp_path: Path) -> None:
    pki = make_ca_and_server(tmp_path / "pki")
    other = make_ca_and_server(tmp_path / "other")
    got = run_cli("hub", "serve", "--data-dir", str(tmp_path / "hub"), "--port", "1",
                  "--tls-cert", str(pki["server.pem"]), "--tls-key", str(other["server.key"]),
                  env={"STATION_HUB_ADMIN_TOKEN": "adm_x"}, timeout=60)
    assert got.returncode != 0
    assert "do not load together" in got.stderr
