"""scrypt at N=2^17 for new and changed passwords; older 2^14 hashes still verify and are
upgraded at the next login (station/passwords.py). The suite makes its own hashes at 2^14
(tests/conftest.py) to stay fast, so these tests set today's cost themselves."""

from __future__ import annotations

import time

import pytest

from station import passwords, users
from station.errors import AuthError
from station.station import Station


def _stored(st: Station, username: str) -> str:
    return str(st.db.execute("SELECT password_hash FROM users WHERE username = ?",
                             [username]).fetchone()[0])


def test_new_hashes_cost_2_17_and_verify(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "COST_N", 2**17)
    made = passwords.hash_password("mật-khẩu-dài-1")
    assert made.startswith("scrypt$131072$8$1$")  # 128 MiB: needs the raised maxmem
    assert passwords.check_password("mật-khẩu-dài-1", made)
    assert not passwords.check_password("mật-khẩu-dài-2", made)
    assert not passwords.needs_rehash(made)


def test_an_old_hash_verifies_and_is_upgraded_at_login(station: Station,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    old = _stored(station, "bientap")
    assert old.startswith("scrypt$16384$8$1$")  # as every station made them before
    monkeypatch.setattr(passwords, "COST_N", 2**17)
    with pytest.raises(AuthError):
        users.login(station, "bientap", "wrong-password")
    assert _stored(station, "bientap") == old  # a failed login changes nothing
    users.login(station, "bientap", "bientap-password")
    new = _stored(station, "bientap")
    assert new.startswith("scrypt$131072$8$1$") and new != old
    users.login(station, "bientap", "bientap-password")  # and it verifies from then on
    assert _stored(station, "bientap") == new


def test_a_changed_password_gets_the_new_cost(station: Station,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "COST_N", 2**17)
    users.change_password(station, "luutru", "mật-khẩu-mới-9")
    assert _stored(station, "luutru").startswith("scrypt$131072$")
    assert users.login(station, "luutru", "mật-khẩu-mới-9").username == "luutru"


def test_a_forged_cost_is_refused_at_once() -> None:
    good = passwords.hash_password("password-123")
    _, _n, r, p, salt, digest = good.split("$")
    start = time.perf_counter()
    for n in (2**30, 0, 3):  # a terabyte, nonsense, not a power of two
        assert not passwords.check_password("password-123", f"scrypt${n}${r}${p}${salt}${digest}")
    assert time.perf_counter() - start < 1
    assert not passwords.check_password("password-123", "md5$abc")
    assert passwords.needs_rehash("md5$abc")
