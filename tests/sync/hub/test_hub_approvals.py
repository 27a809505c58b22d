"""The hub checks the approvals stations push: signed with the approver's key (sent up with
sync, public half only), over this schedule's content. A forged approval is refused."""

from __future__ import annotations

import time

from station import keys, users
from station.outbox import note
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.schedule.model import canonical_json, content_of, load, seal_of
from station.station import Station
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from tests.support.hub import hub_entity
from tests.support.schedule import MONDAY, audio_item, login
from tests.support.sync import fast


def _approved(st: Station) -> str:
    login(st, "bientap")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    session, _ = schedule.add_session(st, sched.id, MONDAY, "06:00", minutes=10, title="Sáng")
    schedule.add_slot(st, sched.id, session.key, item_id=audio_item(st, "Tin", 120).id)
    schedule_approval.submit(st, sched.id)
    login(st, "truongdai")
    schedule_approval.approve(st, sched.id)
    return sched.id


def test_the_hub_refuses_a_forged_approval(station: Station, hub: HubProcess, token: str,
                                           proxy: FaultProxy) -> None:
    fast(station)
    sched_id = _approved(station)
    report = run_once(station, proxy.url, token)
    assert report.ok, report.errors
    key = keys.active(station, users.get(station, "truongdai").id)
    assert key is not None
    found = hub_entity(hub, "user_key", key.id)
    assert found is not None
    assert found[0]["public_key"] == key.public_key and "sealed_private" not in found[0]
    signed = station.db.execute("SELECT signature, seal FROM schedules WHERE id = ?",
                                [sched_id]).fetchone()
    doc = hub_entity(hub, "schedule", sched_id)
    assert doc is not None and doc[0]["signature"] == signed[0]

    # Whoever can write station.db changes a slot and recomputes the plain seal.
    with station.db.atomic():
        station.db.execute("UPDATE schedule_slots SET title = 'Forged' WHERE session_id IN"
                           " (SELECT id FROM schedule_sessions WHERE schedule_id = ?)",
                           [sched_id])
        sched = load(station, sched_id)
        content = canonical_json(content_of(station, sched))
        station.db.execute("UPDATE schedules SET sealed_content = ?, seal = ? WHERE id = ?",
                           [content, seal_of(content, sched.decided_by or "",
                                             sched.decided_at or ""), sched_id])
        note(station, "schedule", sched_id)
    report = run_once(station, proxy.url, token)
    assert not report.ok
    assert any("not this schedule's approval" in str(e) for e in report.errors), report.errors
    doc = hub_entity(hub, "schedule", sched_id)
    assert doc is not None and doc[0]["seal"] == signed[1]  # the hub kept the signed one


def test_a_key_the_hub_holds_cannot_be_swapped(tmp_path) -> None:
    from sync.hub.mutations import apply_batch
    from sync.hub.store import HubStore

    store = HubStore(tmp_path / "hub")
    try:
        sid, _token = store.add_station("Yên Bình")

        def push(mid: str, public_key: str) -> dict:
            return apply_batch(store, sid, [{
                "id": mid, "entity": "user_key", "entity_id": "key-1", "op": "upsert",
                "hlc": f"{int(time.time() * 1000) + len(mid):013d}-00000-node",
                "fields": {"user_id": "u1", "version": 1, "public_key": public_key}}])[0]

        assert push("m1", "AAAA")["status"] == "applied"
        refused = push("m22", "BBBB")
        assert refused["status"] == "rejected" and "cannot change" in refused["reason"]
        assert push("m333", "AAAA")["status"] == "applied"  # the same key again is fine
    finally:
        store.close()
