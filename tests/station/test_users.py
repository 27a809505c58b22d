"""Users, passwords and rights: checked in the core, refusals audited, no hints."""

from __future__ import annotations

import time

import pytest

from station import audit, users
from station.errors import AuthError, PermissionDenied, ValidationError
from station.rights import Right, Role
from station.station import Station
from tests.conftest import ADMIN_PASSWORD


def test_login_sets_the_actor_and_is_audited(station: Station) -> None:
    user = users.login(station, "bientap", "bientap-password")
    assert user.role is Role.EDITOR and station.actor == "bientap"
    assert audit.recent(station.db, 1)[0].action == "user.login"


def test_wrong_password_and_unknown_user_look_the_same(station: Station) -> None:
    messages = []
    timings = []
    for name, pw in (("bientap", "wrong-password"), ("nobody", "wrong-password")):
        start = time.perf_counter()
        with pytest.raises(AuthError) as info:
            users.login(station, name, pw)
        timings.append(time.perf_counter() - start)
        messages.append(str(info.value))
    assert messages[0] == messages[1] == "wrong user name or password"
    # Both paths run one scrypt check, so neither answers in a tell-tale instant.
    assert min(timings) > 0.01
    failed = audit.recent(station.db, 2, action="user.login_failed")
    assert [e.detail["username"] for e in failed] == ["nobody", "bientap"]


def test_user_names_are_case_insensitive_and_nfc(station: Station) -> None:
    users.create_user(station, "Hoà", "password-123", Role.EDITOR, "Nguyễn Thị Hoà")
    with pytest.raises(ValidationError):
        users.create_user(station, "HOÀ", "password-123", Role.EDITOR)
    nfd = "Hoa\u0300"  # the same name typed with a combining grave accent
    assert users.login(station, nfd, "password-123").username == "Hoà"


def test_rights_are_checked_in_the_core_and_refusals_audited(station: Station) -> None:
    users.login(station, "bientap", "bientap-password")
    with pytest.raises(PermissionDenied):
        users.create_user(station, "newbie", "password-123", Role.EDITOR)
    entry = audit.recent(station.db, 1)[0]
    assert entry.action == "access.denied" and entry.entity_id == Right.USERS_MANAGE.value
    assert users.count(station) == 4


def test_role_matrix() -> None:
    from station.rights import has_right

    assert has_right(Role.CHIEF, Right.SCHEDULE_APPROVE)
    assert not has_right(Role.EDITOR, Right.SCHEDULE_APPROVE)
    assert not has_right(Role.ADMIN, Right.SCHEDULE_APPROVE)  # separation of duties
    assert has_right(Role.ARCHIVIST, Right.ARCHIVE_PURGE)
    assert not has_right(Role.EDITOR, Right.ARCHIVE_PURGE)


def test_deactivated_user_cannot_log_in(station: Station) -> None:
    users.set_active(station, "luutru", False)
    with pytest.raises(AuthError):
        users.login(station, "luutru", "luutru-password")


def test_change_own_password_needs_the_old_one(station: Station) -> None:
    users.login(station, "bientap", "bientap-password")
    with pytest.raises(AuthError):
        users.change_password(station, "bientap", "new-password-1", "not-the-old-one")
    users.change_password(station, "bientap", "new-password-1", "bientap-password")
    assert users.login(station, "bientap", "new-password-1").username == "bientap"
    with pytest.raises(PermissionDenied):
        users.change_password(station, "admin", "hijacked-pass", None)
    users.login(station, "admin", ADMIN_PASSWORD)


def test_short_password_refused(station: Station) -> None:
    with pytest.raises(ValidationError):
        users.create_user(station, "ngan", "short", Role.EDITOR)


def test_an_admin_edits_a_user_and_it_is_audited(station: Station) -> None:
    users.update_user(station, "bientap", full_name="Nguyễn Văn Biên Tập", role=Role.CHIEF)
    user = users.get(station, "bientap")
    assert (user.full_name, user.role) == ("Nguyễn Văn Biên Tập", Role.CHIEF)
    entry = audit.recent(station.db, 1)[0]
    assert entry.action == "user.update" and entry.detail["role"] == ["editor", "chief"]
    assert not users.update_user(station, "bientap", full_name="Nguyễn Văn Biên Tập").any()
    users.login(station, "bientap", "bientap-password")
    with pytest.raises(PermissionDenied):
        users.update_user(station, "luutru", role=Role.ADMIN)


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(station: Station) -> None:
    with pytest.raises(ValidationError):  # oneself, whoever else there is
        users.set_active(station, "admin", False)
    with pytest.raises(ValidationError):
        users.update_user(station, "admin", role=Role.EDITOR)
    users.create_user(station, "quantri2", "quantri2-password", Role.ADMIN)
    users.login(station, "quantri2", "quantri2-password")
    users.set_active(station, "admin", False)  # another admin remains: quantri2
    with pytest.raises(ValidationError) as info:
        users.set_role(station, "quantri2", Role.EDITOR)
    assert "own" in str(info.value)
    users.set_active(station, "admin", True)
    users.update_user(station, "admin", role=Role.EDITOR)
    assert users.get(station, "admin").role is Role.EDITOR
    # quantri2 is now the only admin: the CLI operator (not a station user) is refused too.
    users.logout(station)
    from station.station import User

    station.user = User(id="", username="cli:test", full_name="", role=Role.ADMIN)
    with pytest.raises(ValidationError) as info:
        users.set_active(station, "quantri2", False)
    assert "last active administrator" in str(info.value)


def test_a_reset_password_works_and_the_old_one_does_not(station: Station) -> None:
    users.reset_password(station, "luutru", "tam-thoi-123")
    assert audit.recent(station.db, 1)[0].action == "user.password_reset"
    with pytest.raises(AuthError):
        users.login(station, "luutru", "luutru-password")
    assert users.login(station, "luutru", "tam-thoi-123").username == "luutru"
    with pytest.raises(PermissionDenied):
        users.reset_password(station, "bientap", "hijack-pass-1")
    users.login(station, "admin", ADMIN_PASSWORD)
    with pytest.raises(ValidationError):
        users.reset_password(station, "luutru", "short")
