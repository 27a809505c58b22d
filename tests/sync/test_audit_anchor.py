"""The audit log anchored at the hub (station/anchor.py, sync/anchor.py, sync/hub/anchors.py):
cut or rewritten entries are found by `station audit verify` through the real CLI, with the
real hub on loopback, and by the hub itself at the next sync."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from station import anchor, audit, settings
from station.station import Station
from sync import engine
from sync.token import save_token
from tests.support.cli import run_cli
from tests.support.hub import open_hub_store
from tests.support.sync import fast


def _synced(station: Station, hub: Any, token: str) -> int:
    """One sync with the hub remembered as `station sync` would; returns the anchored seq."""
    fast(station)
    settings.SYNC_HUB_URL.set(station.db, hub.url)
    save_token(station.datadir, hub.url, token)
    report = engine.run_once(station)
    assert report.ok, report.summary()
    acked = anchor.acknowledged(station.db)
    assert len(acked) == 1 and acked[0].hub == hub.url
    with open_hub_store(hub) as store:
        row = store.conn.execute("SELECT seq, hash FROM audit_anchors").fetchone()
    assert (acked[0].seq, acked[0].hash) == (row[0], row[1])
    assert anchor.hash_at(station.db, acked[0].seq) == acked[0].hash
    return acked[0].seq


def _verify(station: Station, *extra: str) -> Any:
    # As the local operator: reading writes nothing (a login would add an audit entry).
    return run_cli("audit", "verify", *extra, data_dir=station.datadir.root, timeout=60,
                   user=None)


def _rechain(station: Station, seq: int, actor: str) -> None:
    """What a forger with write access does: change one entry, then recompute every hash
    after it, so the chain alone says intact."""
    db = station.db
    with db.atomic():
        db.execute("UPDATE audit SET actor = ? WHERE seq = ?", [actor, seq])
        prev = db.execute("SELECT hash FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                          [seq]).fetchone()
        prev_hash = prev[0] if prev else audit.GENESIS
        for row in db.execute("SELECT seq, at, actor, action, entity, entity_id, detail FROM"
                              " audit WHERE seq >= ? ORDER BY seq", [seq]).fetchall():
            digest = audit._digest(prev_hash, *row[1:])
            db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                       [prev_hash, digest, row[0]])
            prev_hash = digest
    assert audit.verify(db).ok  # the chain alone no longer tells


def test_a_synced_log_verifies_against_the_hub(station: Station, hub: Any, token: str) -> None:
    seq = _synced(station, hub, token)
    done = _verify(station)
    assert done.returncode == 0, done.stderr
    assert f"the hub {hub.url} anchors it up to entry {seq}" in done.stdout
    # A second sync moves the anchor forward (the proof at the old seq holds).
    assert engine.run_once(station).ok
    assert anchor.acknowledged(station.db)[0].seq > seq


def test_cutting_the_newest_entries_after_a_sync_is_found(station: Station, hub: Any,
                                                          token: str) -> None:
    seq = _synced(station, hub, token)
    station.db.execute("DELETE FROM audit WHERE seq >= ?", [seq - 2])
    assert audit.verify(station.db).ok  # cut at the end: the chain alone cannot tell
    done = _verify(station)
    assert done.returncode == 1
    assert f"BROKEN at entry {seq}" in done.stderr and "were removed" in done.stderr
    # The hub flags it at the next sync, and keeps its anchor where it was.
    report = engine.run_once(station)
    assert any("audit log changed" in str(w) for w in report.warnings)
    with open_hub_store(hub) as store:
        kind, anchored = store.conn.execute(
            "SELECT f.kind, a.seq FROM audit_flags f JOIN audit_anchors a"
            " USING (station_id)").fetchone()
    assert (kind, anchored) == ("shorter", seq)
    assert _verify(station).returncode == 1  # still broken, sync after sync
    # The province knows why (a backup restored, say) and resets the anchor: the next sync
    # anchors the log as it is, and it verifies again.
    done = run_cli("hub", "reset-audit-anchor", "Yên Bình", "--data-dir", str(hub.data_dir))
    assert done.returncode == 0 and "cleared" in done.stdout, done.stderr
    report = engine.run_once(station)
    assert report.ok and not any("audit log" in str(w) for w in report.warnings)
    assert anchor.acknowledged(station.db)[0].seq < seq
    done = _verify(station)
    assert done.returncode == 0, done.stderr


def test_rewriting_an_anchored_entry_is_found(station: Station, hub: Any, token: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seq = _synced(station, hub, token)
    _rechain(station, seq - 3, "mallory")
    done = _verify(station, "--json")
    assert done.returncode == 1
    got = json.loads(done.stdout)
    assert got["ok"] is False and got["first_bad_seq"] == seq
    assert got["anchor_source"] == "hub" and "rewritten" in got["reason"]
    report = engine.run_once(station)
    assert any("rewritten" in str(w) for w in report.warnings)
    with open_hub_store(hub) as store:
        assert store.conn.execute("SELECT kind FROM audit_flags").fetchone()[0] == "rewritten"
    # The province sees it on the admin page.
    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", "adm_anchor-test-1")
    hub.stop()
    hub.start()
    page = httpx.get(f"{hub.url}/admin", auth=("province", "adm_anchor-test-1")).text
    assert "FLAGGED" in page and f"entry {seq} of the audit log of Yên Bình" in page


def test_offline_the_last_acknowledged_head_is_used(station: Station, hub: Any,
                                                    token: str) -> None:
    seq = _synced(station, hub, token)
    hub.stop()
    done = _verify(station)
    assert done.returncode == 0, done.stderr
    assert "acknowledged at" in done.stdout and f"entry {seq}" in done.stdout
    assert "could not be asked" in done.stdout
    station.db.execute("DELETE FROM audit WHERE seq >= ?", [seq])
    done = _verify(station, "--offline")
    assert done.returncode == 1 and f"BROKEN at entry {seq}" in done.stderr


def test_the_hub_refuses_a_malformed_head_and_a_false_proof(station: Station, hub: Any,
                                                            token: str) -> None:
    seq = _synced(station, hub, token)
    sid = station.db.execute("SELECT value FROM sync_state WHERE key = 'station_id'"
                             ).fetchone()[0]
    node = station.db.execute("SELECT value FROM sync_state WHERE key = 'node'").fetchone()[0]
    url = f"{hub.url}/api/sync/v1/stations/{sid}/audit-anchor?workstation={node}"
    auth = {"Authorization": f"Bearer {token}"}
    for body in ({"head": {"seq": "1", "hash": "x"}}, {"head": {"seq": 5}}, [1, 2]):
        assert httpx.post(url, json=body, headers=auth).status_code == 400
    assert httpx.post(url, content=b"{\"head\": NaN}", headers=auth).status_code == 400
    forged = {"head": {"seq": seq + 5, "hash": "a" * 64},
              "proof": {"seq": seq, "hash": "b" * 64}}
    answer = httpx.post(url, json=forged, headers=auth).json()
    assert answer["accepted"] is False and answer["flag"]["kind"] == "rewritten"
    assert answer["anchor"]["seq"] == seq  # not moved by a false proof
    got = httpx.get(url, headers=auth).json()
    assert got["anchor"]["seq"] == seq and got["flag"]["kind"] == "rewritten"


def test_each_workstation_has_its_own_anchor(station: Station, hub: Any, token: str) -> None:
    """A second workstation of the station keeps its own log: its head is never taken for the
    first one's log cut short."""
    seq = _synced(station, hub, token)
    sid = station.db.execute("SELECT value FROM sync_state WHERE key = 'station_id'"
                             ).fetchone()[0]
    url = f"{hub.url}/api/sync/v1/stations/{sid}/audit-anchor"
    auth = {"Authorization": f"Bearer {token}"}
    other = httpx.post(f"{url}?workstation=0123456789ab", headers=auth,
                       json={"head": {"seq": 1, "hash": "c" * 64}}).json()
    assert other["accepted"] is True and other["anchor"]["seq"] == 1 and other["flag"] is None
    node = station.db.execute("SELECT value FROM sync_state WHERE key = 'node'").fetchone()[0]
    mine = httpx.get(f"{url}?workstation={node}", headers=auth).json()
    assert mine["anchor"]["seq"] == seq and mine["flag"] is None
