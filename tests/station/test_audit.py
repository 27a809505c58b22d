"""The hash-chained audit log: appended on every change, and any tampering is found."""

from __future__ import annotations

from itertools import pairwise

from station import audit
from station.station import Station
from tests.support.cli import run_cli


def test_every_change_is_chained(station: Station) -> None:
    for n in range(5):
        station.audit("test.event", "thing", str(n), {"n": n, "text": "Hòa Bình"})
    result = audit.verify(station.db)
    assert result.ok and result.entries >= 5
    rows = station.db.execute("SELECT prev_hash, hash FROM audit ORDER BY seq").fetchall()
    for (_, prev_digest), (prev_link, _) in pairwise(rows):
        assert prev_link == prev_digest
    last = audit.recent(station.db, 1)[0]
    assert last.actor == "admin" and last.detail == {"n": 4, "text": "Hòa Bình"}


def test_an_altered_entry_is_found(station: Station) -> None:
    station.audit("schedule.approve", "schedule", "s1", {"by": "truongdai"})
    seq = station.db.execute("SELECT max(seq) FROM audit").fetchone()[0]
    station.audit("later.event")
    station.db.execute("UPDATE audit SET detail = '{\"by\":\"someone else\"}' WHERE seq = ?",
                       [seq])
    result = audit.verify(station.db)
    assert not result.ok and result.first_bad_seq == seq


def test_a_removed_entry_is_found(station: Station) -> None:
    for n in range(3):
        station.audit("test.event", entity_id=str(n))
    seq = station.db.execute("SELECT max(seq) FROM audit").fetchone()[0]
    station.db.execute("DELETE FROM audit WHERE seq = ?", [seq - 1])
    result = audit.verify(station.db)
    assert not result.ok and result.first_bad_seq == seq


def test_cli_verify_exit_codes(station: Station) -> None:
    ok = run_cli("audit", "verify", data_dir=station.datadir.root)
    assert ok.returncode == 0 and "intact" in ok.stdout
    station.db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 1")
    bad = run_cli("audit", "verify", "--json", data_dir=station.datadir.root)
    assert bad.returncode == 1 and '"first_bad_seq": 1' in bad.stdout
