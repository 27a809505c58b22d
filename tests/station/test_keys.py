"""Users' signing keys: made with the user, sealed by the password, re-sealed when it changes,
replaced (and the old public key kept) when an admin resets it."""

from __future__ import annotations

import json

from station import audit, keys, users
from station.rights import Role
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from tests.support.schedule import MONDAY, audio_item, login


def _approve_a_week(st, monday, chief_password: str = "truongdai-password"):
    login(st, "bientap")
    sched, _ = schedule.create_week(st, monday, empty=True)
    session, _ = schedule.add_session(st, sched.id, monday, "06:00", minutes=10, title="Sáng")
    schedule.add_slot(st, sched.id, session.key, item_id=audio_item(st, "Tin", 120).id)
    schedule_approval.submit(st, sched.id)
    users.login(st, "truongdai", chief_password)
    schedule_approval.approve(st, sched.id)
    return sched.id


def test_a_new_user_has_a_sealed_key(station) -> None:
    user, _ = users.create_user(station, "phongvien", "phongvien-pw", Role.EDITOR)
    key = keys.active(station, user.id)
    assert key is not None and key.version == 1 and key.reason == "created"
    sealed = station.db.execute("SELECT sealed_private FROM user_keys WHERE id = ?",
                                [key.id]).fetchone()[0]
    box = json.loads(sealed)
    assert box["kdf"] == "scrypt" and box["aead"] == "chacha20poly1305"
    assert keys.unlock(station, user.id, "phongvien-pw")[0] == key


def test_an_older_account_gets_its_key_at_login(station) -> None:
    chief = users.get(station, "truongdai")
    station.db.execute("DELETE FROM user_keys WHERE user_id = ?", [chief.id])
    assert keys.active(station, chief.id) is None
    login(station, "truongdai")
    made = keys.active(station, chief.id)
    assert made is not None and made.reason == "first_login"
    assert any(e.action == "user.key_create" and e.detail["key_id"] == made.id
               for e in audit.recent(station.db, 5))


def test_a_password_change_keeps_the_key(station) -> None:
    chief = users.get(station, "truongdai")
    before = keys.active(station, chief.id)
    login(station, "truongdai")
    users.change_password(station, "truongdai", "new-chief-password", "truongdai-password")
    assert keys.active(station, chief.id) == before
    sched_id = _approve_a_week(station, MONDAY, "new-chief-password")
    check = schedule_approval.verify_seal(station, sched_id)
    assert check.ok and check.signed_by == "truongdai"
    assert keys.history(station, chief.id) == [before]


def test_an_admin_reset_makes_a_new_key(station) -> None:
    chief = users.get(station, "truongdai")
    first = _approve_a_week(station, MONDAY)
    old = keys.active(station, chief.id)
    login(station, "admin")
    users.reset_password(station, "truongdai", "temporary-pw")
    entry = audit.recent(station.db, 1)[0]
    new = keys.active(station, chief.id)
    assert entry.action == "user.password_reset" and entry.detail["new_signing_key"] == new.id
    assert new.version == 2 and new.public_key != old.public_key
    # The old key can sign no more, but what it signed still verifies with its public key.
    retired = keys.by_id(station, old.id)
    assert retired.retired_at is not None and retired.public_key == old.public_key
    assert station.db.execute("SELECT sealed_private FROM user_keys WHERE id = ?",
                              [old.id]).fetchone()[0] is None
    assert schedule_approval.verify_seal(station, first).ok
    second = _approve_a_week(station, MONDAY.replace(day=10), "temporary-pw")
    check = schedule_approval.verify_seal(station, second)
    assert check.ok and check.signed_by == "truongdai"
    sig = station.db.execute("SELECT signing_key_id FROM schedules WHERE id = ?",
                             [second]).fetchone()[0]
    assert sig == new.id and schedule_approval.verify_seal(station, first).ok


def test_a_key_sealed_at_an_older_cost_is_resealed_at_login(station, monkeypatch) -> None:
    from station import passwords

    chief = users.get(station, "truongdai")
    key = keys.active(station, chief.id)

    def cost() -> int:
        return json.loads(station.db.execute("SELECT sealed_private FROM user_keys WHERE id = ?",
                                             [key.id]).fetchone()[0])["n"]

    old = cost()
    monkeypatch.setattr(passwords, "COST_N", old * 2)
    login(station, "truongdai")
    assert cost() == old * 2 and keys.active(station, chief.id) == key
    assert keys.unlock(station, chief.id, "truongdai-password")[0] == key
