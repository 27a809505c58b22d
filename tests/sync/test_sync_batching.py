"""Sync in pages: each page of pushed answers or pulled changes is read with a few queries and
written with one statement per row, in one transaction, and the hub applies a batch the
same way, numbering its changes itself; none of it may bend a protocol rule (dedupe by
mutation id, the later edit wins, no change skipped)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import users
from station.library import items as library
from station.library import metadata
from station.outbox import format_hlc
from station.paths import DataDir
from station.station import Station
from sync import outbox
from sync.engine import Limits, run_once
from sync.hub import mutations
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def other(tmp_path: Path, template_station: Path) -> Iterator[Station]:
    """A second workstation of the same station (a fresh copy of the template)."""
    shutil.copytree(template_station, tmp_path / "other")
    st = Station.open(DataDir(tmp_path / "other"))
    users.login(st, "admin", ADMIN_PASSWORD)
    yield st
    st.close()


def test_a_page_costs_one_statement_per_row(station: Station, other: Station, hub: HubProcess,
                                            token: str) -> None:
    n = 400
    with station.db.atomic():
        for i in range(n):
            library.insert_item(station, library.new_item(station, "text", f"Tin số {i}"),
                                f"Nội dung {i}")
    sent = run_once(station, hub.url, token)
    assert sent.ok and sent.pushed == n, sent.errors
    statements: list[str] = []
    other.db.conn.set_trace_callback(statements.append)
    try:
        got = run_once(other, hub.url, token)
    finally:
        other.db.conn.set_trace_callback(None)
    assert got.ok and got.pulled == n, got.errors
    titles = {r[0] for r in other.db.execute("SELECT title FROM items")}
    assert titles == {f"Tin số {i}" for i in range(n)}
    # One INSERT per new row, its rev and hlc included; the shadows, the outbox and the rows
    # already here are read with a few queries per page, not several per row (SQLite's
    # trace repeats a statement for each trigger it runs: count each once).
    own = [s for s in statements if not s.startswith("--")]
    top = [s for i, s in enumerate(own) if i == 0 or s != own[i - 1]]
    assert len([s for s in top if s.startswith("INSERT INTO items")]) == n
    assert not [s for s in top if s.startswith(("UPDATE items", "SAVEPOINT"))]
    assert len([s for s in top if s.startswith("SELECT")]) < 60
    # Each row carries the state it was given, and a page delivered again changes nothing.
    assert other.db.execute("SELECT count(*) FROM items WHERE rev > 0 AND hlc != ''"
                            ).fetchone()[0] == n
    outbox.set_state(other.db, "cursor", "")
    again = run_once(other, hub.url, token)
    assert again.ok and again.pulled == n and library.count(other) == n
    assert outbox.open_conflicts(other) == []


def test_one_batch_edits_an_item_many_times(station: Station, other: Station,
                                            hub: HubProcess, token: str) -> None:
    item, _ = library.add_text(station, "Bản tin", "Nội dung")
    for title in ("Bản tin sáng", "Bản tin trưa", "Bản tin chiều"):
        metadata.update_items(station, [item.id], {"title": title})
    assert len([r for r in station.db.execute(
        "SELECT 1 FROM sync_outbox WHERE entity_id = ?", [item.id])]) == 4
    sent = run_once(station, hub.url, token)  # the four go in one batch
    assert sent.ok and sent.pushed == 4 and sent.conflicts == 0, sent.errors
    assert outbox.waiting(station.db) == 0
    assert library.get_item(station, item.id).title == "Bản tin chiều"  # type: ignore[union-attr]
    got = run_once(other, hub.url, token)
    assert got.ok, got.errors
    assert library.get_item(other, item.id).title == "Bản tin chiều"  # type: ignore[union-attr]
    assert outbox.open_conflicts(station) == [] and outbox.open_conflicts(other) == []


def _mutation(mid: str, eid: str, title: str, ms: int) -> dict[str, object]:
    return {"id": mid, "entity": "item", "entity_id": eid, "op": "upsert",
            "fields": {"title": title}, "hlc": format_hlc(ms, 0, "a"), "base": {}}


def test_hub_batch_dedupes_and_numbers_changes_in_order(tmp_path: Path) -> None:
    store = HubStore(tmp_path / "hub")
    try:
        sid = store.add_station("Yên Bình")[0]
        mutations.publish_province(store, "relay_item", "r1", {"title": "VOV"},
                                   format_hlc(1, 0, "p"))
        first = _mutation("m1", "x", "Sáng", 1_000)
        batch = [first, _mutation("m2", "x", "Trưa", 2_000), first,
                 _mutation("m3", "y", "Chiều", 1_500), _mutation("m4", "x", "Cũ", 500)]
        results = mutations.apply_batch(store, sid, batch)
        assert results[2] == results[0]  # the same id twice in one batch: one answer
        assert [r["seq"] for r in results] == [2, 3, 2, 4, 5]
        assert results[1]["data"]["title"] == "Trưa" and results[1]["hlc"] == format_hlc(
            2_000, 0, "a")
        # The older edit loses and is kept as a clash; its answer has the winner.
        assert results[4]["data"]["title"] == "Trưa"
        assert results[4]["conflicts"] == [{"field": "title", "kept_value": "Trưa",
                                            "kept_hlc": format_hlc(2_000, 0, "a"),
                                            "lost_value": "Cũ",
                                            "lost_hlc": format_hlc(500, 0, "a")}]
        # Delivered again (a lost answer): the first answers, and nothing new in the feed.
        assert mutations.apply_batch(store, sid, batch) == results
        text, last, more = mutations.changes_page_json(store, sid, (0, 0), 100)
        page = json.loads(text)
        assert [c["seq"] for c in page] == [1, 2, 3, 4, 5] and last == (0, 5) and not more
        assert [c.get("mutation") for c in page] == [None, "m1", "m2", "m3", "m4"]
        assert page[2]["data"] == {"title": "Trưa"} and page[2]["owner"] == "station"
        # Later numbers follow on, whoever writes them.
        seq = mutations.publish_province(store, "relay_item", "r2", {}, format_hlc(2, 0, "p"))
        assert seq == 6
        assert mutations.apply_batch(store, sid, [_mutation("m5", "y", "Tối", 3_000)]
                                     )[0]["seq"] == 7
    finally:
        store.close()


def test_limits_follow_what_the_hub_advertises() -> None:
    assert Limits.from_hello({"limits": {"max_mutations_per_request": 200,
                                         "max_changes_per_page": 50}}) == Limits(200, 50, 50)
    ours = Limits()
    assert Limits.from_hello({"limits": {"max_mutations_per_request": 10**6,
                                         "max_changes_per_page": 10**6}}) == ours
    assert Limits.from_hello({"limits": {"max_mutations_per_request": "many"}}) == ours
    assert Limits.from_hello({}) == ours


def test_big_documents_go_fewer_a_batch(station: Station, other: Station, hub: HubProcess,
                                        token: str) -> None:
    from sync import engine

    body = "Bản tin dài. " * 8_000  # about 100 kB of text each
    with station.db.atomic():
        for i in range(30):
            library.insert_item(station, library.new_item(station, "text", f"Tin dài {i}"),
                                body)
    rows = station.db.execute("SELECT seq, id, entity, entity_id, op, fields, hlc"
                              " FROM sync_outbox ORDER BY seq").fetchall()
    first = engine._within_bytes(rows)
    assert 10 < len(first) < 30  # about 2 MB a request, not 3
    assert sum(len(r[5]) for r in first) <= engine.PUSH_MAX_BYTES
    assert engine._within_bytes(rows[:1]) == rows[:1]
    sent = run_once(station, hub.url, token)
    assert sent.ok and sent.pushed == 30, sent.errors
    got = run_once(other, hub.url, token)
    assert got.ok and got.pulled == 30 and library.count(other) == 30
    bodies = "SELECT id, body FROM items ORDER BY id"
    assert other.db.execute(bodies).fetchall() == station.db.execute(bodies).fetchall()
