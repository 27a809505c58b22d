"""The approval workflow with real role switches, the seal, the diff and emergencies."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest

from station import audit, settings
from station.errors import PermissionDenied, ValidationError
from station.schedule import approval as schedule_approval
from station.schedule import bulletins as schedule_bulletins
from station.schedule import periods as schedule
from station.schedule.diff import diff
from station.schedule.model import ScheduleBlocked, ScheduleLocked
from tests.support.schedule import MONDAY, audio_item, login, remove_item_behind_the_back


def _week(st):
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    morning, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=15, title="Sáng")
    evening, _ = schedule.add_session(st, sched.id, MONDAY, "17:00", minutes=15, title="Chiều")
    items = [audio_item(st, f"Tin {n}", 300) for n in range(4)]
    slots = []
    for n, item in enumerate(items):
        slot, _ = schedule.add_slot(st, sched.id, (morning if n < 3 else evening).key,
                                    item_id=item.id)
        slots.append(slot)
    return schedule.get_schedule(st, sched.id), morning, evening, items, slots


def _denials(st) -> int:
    return len([e for e in audit.recent(st.db, 500) if e.action == "access.denied"])


def test_the_whole_workflow(station) -> None:
    login(station, "bientap")
    sched, morning, _evening, items, slots = _week(station)
    report, changes = schedule_approval.submit(station, sched.id)
    assert report.ok and changes.schedule
    assert schedule.get_schedule(station, sched.id).status == "submitted"
    with pytest.raises(ScheduleLocked):
        schedule.add_slot(station, sched.id, morning.key, item_id=items[0].id)

    for who in ("bientap", "admin", "luutru"):  # the editor, the admin: not theirs to approve
        login(station, who)
        before = _denials(station)
        with pytest.raises(PermissionDenied):
            schedule_approval.approve(station, sched.id)
        assert _denials(station) == before + 1
    assert schedule.get_schedule(station, sched.id).status == "submitted"

    login(station, "truongdai")
    decision, _ = schedule_approval.approve(station, sched.id, "Đồng ý")
    approved = schedule.get_schedule(station, sched.id)
    assert approved.status == "approved" and approved.decided_by == "truongdai"
    assert decision.seal == approved.seal and len(approved.seal or "") == 64
    check = schedule_approval.verify_seal(station, sched.id)
    assert check.ok and check.audit_seq is not None
    entry = next(e for e in audit.recent(station.db, 50) if e.action == "schedule.approve")
    assert entry.actor == "truongdai" and entry.detail["seal"] == approved.seal

    # The seal is SHA-256 over the canonical content, the approver and the time.
    sealed = station.db.execute("SELECT sealed_content FROM schedules WHERE id = ?",
                                [sched.id]).fetchone()[0]
    content = json.loads(sealed)
    assert next(s["sha256"] for x in content["sessions"] for s in x["slots"]) == \
        station.db.execute("SELECT asset_sha256 FROM items WHERE id = ?", [items[0].id]).fetchone()[0]
    expect = hashlib.sha256(json.dumps(
        {"approved_at": approved.decided_at, "approved_by": "truongdai",
         "content_sha256": hashlib.sha256(sealed.encode()).hexdigest()},
        ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert expect == approved.seal

    # Any change makes a new draft revision; the chief sees the diff.
    login(station, "bientap")
    with pytest.raises(ScheduleLocked):
        schedule.remove_slot(station, sched.id, slots[0].key)
    draft, _ = schedule.revise(station, sched.id)
    assert draft.revision == 2 and draft.status == "draft"
    extra = audio_item(station, "Tin mới", 60)
    schedule.add_slot(station, draft.id, morning.key, item_id=extra.id)
    schedule.remove_slot(station, draft.id, slots[1].key)
    schedule.move_slot(station, draft.id, slots[3].key, 0, session_key=morning.key)
    schedule.replace_slot(station, draft.id, slots[2].key, audio_item(station, "Tin khác", 200).id)
    schedule_approval.submit(station, draft.id)

    login(station, "truongdai")
    [entry_] = schedule_approval.inbox(station)
    assert entry_.schedule.id == draft.id and entry_.base_id == sched.id
    assert entry_.diff is not None
    kinds = sorted((c.change, c.title) for c in entry_.diff.changes)
    assert kinds == [("added", "Tin mới"), ("moved", "Tin 3"), ("removed", "Tin 1"),
                     ("replaced", "Tin khác")]
    with pytest.raises(ValidationError):
        schedule_approval.reject(station, draft.id, "  ")
    decision, _ = schedule_approval.reject(station, draft.id, "Bỏ tin mới")
    assert decision.decision == "rejected"
    assert schedule.get_schedule(station, draft.id).comment == "Bỏ tin mới"

    login(station, "bientap")
    new_slot = next(c for c in entry_.diff.changes if c.change == "added").key
    schedule.remove_slot(station, draft.id, new_slot)
    assert schedule.get_schedule(station, draft.id).status == "draft"
    schedule_approval.submit(station, draft.id)
    login(station, "truongdai")
    schedule_approval.decide(station, draft.id, True)
    assert schedule.get_schedule(station, sched.id).status == "superseded"
    history = schedule_approval.reviews(station, draft.id)
    assert [r.decision for r in history] == ["approved", "rejected", "approved"]

    login(station, "bientap")
    schedule_approval.publish(station, draft.id)
    assert schedule.get_schedule(station, draft.id).status == "published"
    assert audit.verify(station.db).ok


def test_tampering_breaks_the_seal(station) -> None:
    login(station, "bientap")
    sched, _morning, *_ = _week(station)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    station.db.execute("UPDATE schedule_slots SET title = 'Đã sửa lén' WHERE key IN"
                       " (SELECT key FROM schedule_slots LIMIT 1)")
    result = schedule_approval.verify_seal(station, sched.id)
    assert not result.ok and result.reasons == ("content_changed",)
    with pytest.raises(schedule_approval.SealBroken):
        schedule_approval.publish(station, sched.id)
    station.db.execute("UPDATE schedules SET decided_by = 'ai-do' WHERE id = ?", [sched.id])
    assert "seal_mismatch" in schedule_approval.verify_seal(station, sched.id).reasons


def test_submit_is_blocked_by_errors(station) -> None:
    login(station, "bientap")
    sched, _morning, _evening, items, _slots = _week(station)
    remove_item_behind_the_back(station, items[0].id)
    with pytest.raises(ScheduleBlocked) as caught:
        schedule_approval.submit(station, sched.id)
    assert [p.code for p in caught.value.problems] == ["missing_item"]
    assert "Tin 0" in str(caught.value)
    assert schedule.get_schedule(station, sched.id).status == "draft"


def test_decisions_respect_the_version(station) -> None:
    login(station, "bientap")
    sched, *_ = _week(station)
    loaded = schedule.get_schedule(station, sched.id)
    schedule_approval.submit(station, sched.id, expected_version=loaded.version)
    schedule_approval.withdraw(station, sched.id)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    from station.schedule.model import ConflictError

    with pytest.raises(ConflictError):
        schedule_approval.approve(station, sched.id, expected_version=loaded.version)
    current = schedule.get_schedule(station, sched.id)
    schedule_approval.approve(station, sched.id, expected_version=current.version)


def test_priority_bulletin_goes_first_in_the_next_session(station) -> None:
    login(station, "bientap")
    sched, _morning, evening, _items, _slots = _week(station)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    login(station, "bientap")
    urgent = audio_item(station, "Thông báo ưu tiên", 60)
    noon = datetime(2031, 3, 3, 5, 0, tzinfo=UTC)  # 12:00 in Vietnam: the evening is next
    placed, changes = schedule_bulletins.place_priority(station, urgent.id, now=noon)
    assert placed.schedule_id != sched.id and changes.schedule  # a new revision to approve
    assert placed.session_key == evening.key
    draft = schedule.get_schedule(station, placed.schedule_id)
    assert draft.session(evening.key).slots[0].key == placed.slot.key
    assert placed.slot.priority == "priority"
    changes_ = diff(station, sched.id, draft.id).changes
    assert [(c.change, c.title) for c in changes_] == [("added", "Thông báo ưu tiên")]


def test_emergency_needs_a_confirmation(station) -> None:
    login(station, "bientap")
    item = audio_item(station, "Cảnh báo lũ", 90)
    emergency, _ = schedule_bulletins.declare_emergency(station, item.id, "Lũ quét ở thôn 3")
    assert emergency.status == "pending"
    with pytest.raises(PermissionDenied):
        schedule_bulletins.confirm_emergency(station, emergency.id)
    login(station, "admin")
    settings.SCHEDULE_EMERGENCY_CONFIRMERS.set(station.db, ["bientap"])
    login(station, "bientap")  # now authorised
    confirmed, _ = schedule_bulletins.confirm_emergency(station, emergency.id)
    assert confirmed.status == "confirmed" and confirmed.confirmed_by == "bientap"
    actions = [e.action for e in audit.recent(station.db, 20)]
    assert "schedule.emergency" in actions and "schedule.emergency.confirm" in actions
    second, _ = schedule_bulletins.declare_emergency(station, item.id, "Lũ lần hai")
    login(station, "truongdai")
    schedule_bulletins.confirm_emergency(station, second.id)
    assert schedule_bulletins.list_emergencies(station, pending_only=True) == []
    with pytest.raises(ValidationError):
        schedule_bulletins.confirm_emergency(station, second.id)



def test_diff_cases(station) -> None:
    login(station, "bientap")
    sched, _morning, evening, _items, slots = _week(station)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    draft, _ = schedule.revise(station, sched.id)
    assert diff(station, sched.id, draft.id).empty  # a fresh revision changes nothing
    # Moving the last slot to the top moves one slot, not three.
    schedule.move_slot(station, draft.id, slots[2].key, 0)
    schedule.set_slot(station, draft.id, slots[0].key, note="đọc chậm")
    schedule.update_session(station, draft.id, evening.key, start="17:30")
    night, _ = schedule.add_session(station, draft.id, MONDAY, "20:00", minutes=10)
    result = diff(station, sched.id, draft.id)
    got = sorted((c.change, c.what, c.title) for c in result.changes)
    assert got == [("added", "session", ""), ("changed", "slot", "Tin 0"),
                   ("moved", "slot", "Tin 2"), ("retimed", "session", "Chiều")]
    retimed = result.of("retimed")[0]
    assert retimed.before and retimed.after
    assert retimed.before["starts_at"] == "2031-03-03T10:00:00Z"
    assert retimed.after["starts_at"] == "2031-03-03T10:30:00Z"
    schedule.remove_session(station, draft.id, evening.key)
    removed = diff(station, sched.id, draft.id).of("removed")
    assert sorted((c.what, c.title) for c in removed) == [("session", "Chiều"), ("slot", "Tin 3")]
    assert night.key in {c.key for c in diff(station, sched.id, draft.id).of("added")}
