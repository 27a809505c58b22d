"""The hub's store on a real PostgreSQL (tests/support/postgres.py): the same behaviour as on
SQLite, migrations that several processes may run at once, and a change feed that loses
nothing while a slow transaction is held open."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from sync.hub import mutations
from sync.hub.db import DatabaseError
from sync.hub.store import HubConfig, HubStore

HLC = "1765000000000-00000-ws1"


def _store(tmp_path: Path, url: str) -> HubStore:
    return HubStore(HubConfig(tmp_path / "hub", database=url))


def _m(mid: str, eid: str, hlc: str = HLC, **fields: Any) -> dict[str, Any]:
    return {"id": mid, "entity": "item", "entity_id": eid, "op": "upsert", "hlc": hlc,
            "fields": fields}


def _feed(store: HubStore, sid: str, cursor: str = "", limit: int = 1000
          ) -> tuple[list[dict[str, Any]], str]:
    after = store.read_cursor(cursor)
    assert after is not None
    page, last, _more = mutations.changes_page(store, sid, after, limit)
    return page, store.make_cursor(last)


def test_postgres_store_merges_serves_and_snapshots_like_sqlite(tmp_path: Path,
                                                                pg_url: str) -> None:
    store = _store(tmp_path, pg_url)
    try:
        sid, _token = store.add_station("Xã Tân Lập")
        first = mutations.apply_batch(store, sid, [_m("m1", "a", title="Bản tin"),
                                                   _m("m2", "b", title="Ca nhạc")])
        assert [r["status"] for r in first] == ["applied", "applied"]
        # Delivered again: the first answer, nothing written twice.
        assert mutations.apply_batch(store, sid, [_m("m1", "a", title="Bản tin")]) == first[:1]
        # An older write loses to the newer one, and the clash is kept.
        older = mutations.apply_batch(store, sid, [_m("m3", "a", "1764000000000-00000-ws2",
                                                      title="Cũ")])[0]
        assert older["data"]["title"] == "Bản tin" and older["conflicts"]
        mutations.publish_province(store, "bulletin", "bt1", {"title": "Phòng chống bão"},
                                   HLC)
        page, cursor = _feed(store, sid)
        assert [(c["entity"], c["entity_id"]) for c in page] == [
            ("item", "a"), ("item", "b"), ("item", "a"), ("bulletin", "bt1")]
        assert _feed(store, sid, cursor)[0] == []
        rows, _last, more = mutations.snapshot(store, sid)
        assert not more
        assert {(r["entity_id"], r["data"].get("title")) for r in rows} == {
            ("a", "Bản tin"), ("b", "Ca nhạc"), ("bt1", "Phòng chống bão")}
        # Another station sees the province's row and none of this one's.
        other, _ = store.add_station("Xã Hòa Bình")
        assert [c["entity_id"] for c in _feed(store, other)[0]] == ["bt1"]
    finally:
        store.close()


def test_two_hubs_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path,
                                                                 pg_url: str) -> None:
    stores: list[HubStore] = []
    errors: list[BaseException] = []

    def open_one(n: int) -> None:
        try:
            stores.append(HubStore(HubConfig(tmp_path / f"hub{n}", database=pg_url)))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors, errors
        assert len({s.epoch for s in stores}) == 1  # one epoch: cursors work on every process
        with psycopg.connect(pg_url) as conn:
            versions = [r[0] for r in conn.execute("SELECT version FROM hub_schema")]
        assert versions == [1]
    finally:
        for s in stores:
            s.close()


def test_a_feed_reader_skips_no_change_a_slow_transaction_commits_late(tmp_path: Path,
                                                                       pg_url: str) -> None:
    """A publisher takes change numbers, then stays open while others commit after it; a
    reader polling all along gets every change exactly once."""
    store = _store(tmp_path, pg_url)
    try:
        sid, _ = store.add_station("Xã Tân Lập")
        slow_started, release = threading.Event(), threading.Event()

        def slow_publisher() -> None:
            with store.tx(lock="slow-writer") as c:
                mutations.apply_in(store, c, sid, [_m("slow1", "slow-a", title="chậm 1"),
                                                   _m("slow2", "slow-b", title="chậm 2")])
                slow_started.set()
                release.wait(30)

        slow = threading.Thread(target=slow_publisher)
        slow.start()
        assert slow_started.wait(10)
        # Quick writers commit later-numbered changes while the slow one is open (the
        # slow one holds no station lock: this is a second writer of the same station).
        seen: list[str] = []
        cursor = ""
        for n in range(20):
            mutations.apply_batch(store, sid, [_m(f"q{n}", f"quick-{n}", title=f"nhanh {n}")])
            page, cursor = _feed(store, sid, cursor, limit=7)
            seen += [c["mutation"] for c in page]
        # Nothing past the open transaction is served yet: serving q0 now would move the
        # cursor past slow1's lower number, which would then never be served.
        assert seen == []
        release.set()
        slow.join(10)
        deadline = time.monotonic() + 10
        while len(seen) < 22 and time.monotonic() < deadline:
            page, cursor = _feed(store, sid, cursor, limit=7)
            seen += [c["mutation"] for c in page]
        assert sorted(seen) == sorted(["slow1", "slow2", *(f"q{n}" for n in range(20))])
        assert len(seen) == len(set(seen)) == 22
        with store.read() as c:
            seqs = dict(c.execute("SELECT entity_id, seq FROM changes").fetchall())
        assert seqs["slow-a"] < seqs["quick-0"]  # numbered first, committed last
    finally:
        store.close()


def test_concurrent_publishers_and_pullers_get_every_change_exactly_once(
        tmp_path: Path, pg_url: str) -> None:
    """Four writers on their own connections (as four hub processes would be) and three
    readers paging the feed at the same time, with one transaction held open midway."""
    store = _store(tmp_path, pg_url)
    try:
        sid, _ = store.add_station("Xã Tân Lập")
        writers_done = threading.Event()
        expected = {f"w{w}-{n}" for w in range(4) for n in range(40)}
        got: dict[int, list[str]] = {r: [] for r in range(3)}
        problems: list[BaseException] = []

        def writer(w: int) -> None:
            try:
                for n in range(40):
                    with store.tx(lock=f"writer-{w}") as c:  # not the station lock: real races
                        mutations.apply_in(store, c, sid, [_m(f"w{w}-{n}", f"e{w}-{n}")])
                        if w == 0 and n == 10:
                            time.sleep(0.5)  # held open while the others commit
            except BaseException as exc:
                problems.append(exc)

        def reader(r: int) -> None:
            cursor = ""
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                finished = writers_done.is_set()
                page, cursor = _feed(store, sid, cursor, limit=9)
                got[r] += [c["mutation"] for c in page]
                if finished and not page:
                    return

        readers = [threading.Thread(target=reader, args=(r,)) for r in range(3)]
        writers = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
        for t in readers + writers:
            t.start()
        for t in writers:
            t.join(60)
        writers_done.set()
        for t in readers:
            t.join(60)
        assert not problems, problems
        for r in range(3):
            assert len(got[r]) == len(set(got[r])), "a change was delivered twice"
            assert set(got[r]) == expected, f"reader {r} missed {expected - set(got[r])}"
    finally:
        store.close()


def test_a_database_that_does_not_answer_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as caught:
        HubStore(HubConfig(tmp_path / "hub",
                           database="postgresql://station:s3cret@127.0.0.1:1/hub"))
    message = str(caught.value)
    assert "does not answer" in message and "s3cret" not in message
    with pytest.raises(DatabaseError, match="postgresql://"):
        HubStore(HubConfig(tmp_path / "hub", database="mysql://x@y/z"))


def test_upload_locks_hold_across_processes_without_taking_the_pool(tmp_path: Path,
                                                                    pg_url: str) -> None:
    """More uploads at once than the pool has connections (10): each holds its lock, the
    database still answers, and another process finds a held upload busy, a free one free."""
    from contextlib import ExitStack

    one, other = _store(tmp_path, pg_url), HubStore(HubConfig(tmp_path / "b", database=pg_url))
    try:
        with ExitStack() as held:
            for n in range(12):
                assert held.enter_context(one.db.session_lock(f"upload:{n}", 1.0))
            assert one.add_station("Xã Tân Lập")[0]  # the pool is not tied up by the locks
            with other.db.session_lock("upload:3", 0.2) as got:
                assert got is False
            with other.db.session_lock("upload:99", 0.2) as got:
                assert got is True
        with other.db.session_lock("upload:3", 0.2) as got:  # released with the block
            assert got is True
    finally:
        one.close()
        other.close()
