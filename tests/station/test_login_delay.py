"""The login delay: after three failed logins in a row a name waits 2, 4, 8 ... s (up to a
minute) before its next attempt, counted from the last failure and kept in the database;
attempts during the wait are refused without a password check; a success ends it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from station import audit, users
from station.errors import AuthError
from station.paths import DataDir
from station.station import Station
from tests.conftest import ADMIN_PASSWORD


class Clock:
    """The login clock, moved by hand (the real delays would take minutes)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(users, "_utcnow", fake)
    yield fake


def _fail(st: Station, name: str = "bientap") -> AuthError:
    with pytest.raises(AuthError) as info:
        users.login(st, name, "wrong-password")
    return info.value


def test_the_delay_starts_after_three_failures_and_doubles_up_to_a_minute(
        station: Station, clock: Clock) -> None:
    for _ in range(2):
        assert _fail(station).params["retry_after"] == 0
        assert users.login_wait(station, "bientap") == 0
    waits = []
    for _ in range(7):
        error = _fail(station)
        assert not isinstance(error, users.LoginDelayed)  # the password was checked
        waits.append(error.params["retry_after"])
        assert users.login_wait(station, "bientap") == pytest.approx(waits[-1])
        clock.advance(waits[-1])
    assert waits == [2, 4, 8, 16, 32, 60, 60]
    # Every checked failure is audited as before; nothing else is.
    assert len(audit.recent(station.db, 20, action="user.login_failed")) == 9


def test_the_right_password_is_refused_unchecked_while_the_delay_runs(
        station: Station, clock: Clock) -> None:
    for _ in range(4):
        _fail(station)
        clock.advance(2)  # past the first wait, not the second (4 s)
    clock.advance(-2)
    failed_before = len(audit.recent(station.db, 50, action="user.login_failed"))
    clock.advance(1)
    with pytest.raises(users.LoginDelayed) as info:
        users.login(station, "bientap", "bientap-password")
    assert info.value.params["seconds"] == 3
    assert "try again in 3 seconds" in str(info.value)
    assert station.actor == "admin"  # not logged in as bientap
    # Refused unchecked: no new failure, and the wait did not grow.
    assert len(audit.recent(station.db, 50, action="user.login_failed")) == failed_before
    assert users.login_wait(station, "bientap") == pytest.approx(3)
    # Another name is not held up.
    assert users.login(station, "truongdai", "truongdai-password").username == "truongdai"
    clock.advance(3)
    assert users.login(station, "bientap", "bientap-password").username == "bientap"


def test_a_success_resets_the_count(station: Station, clock: Clock) -> None:
    for _ in range(3):
        _fail(station)
    clock.advance(2)
    users.login(station, "bientap", "bientap-password")
    assert users.login_wait(station, "bientap") == 0
    assert _fail(station).params["retry_after"] == 0  # one failure again, not four


def test_unknown_names_wait_like_known_ones(station: Station, clock: Clock) -> None:
    for _ in range(3):
        _fail(station, "khongco")
    with pytest.raises(users.LoginDelayed):
        users.login(station, "KHONGCO", "whatever-pass")  # the same name, folded


def test_the_delay_survives_reopening_the_station(datadir: DataDir, clock: Clock) -> None:
    st = Station.open(datadir)
    try:
        for _ in range(4):
            _fail(st, "admin")
    finally:
        st.close()
    st = Station.open(datadir)
    try:
        with pytest.raises(users.LoginDelayed):
            users.login(st, "admin", ADMIN_PASSWORD)
        clock.advance(4)
        assert users.login(st, "admin", ADMIN_PASSWORD).username == "admin"
    finally:
        st.close()


def test_failures_are_forgotten_after_a_day(station: Station, clock: Clock) -> None:
    for _ in range(5):
        _fail(station)
        clock.advance(60)
    clock.advance(24 * 3600)
    assert users.login_wait(station, "bientap") == 0
    assert _fail(station).params["retry_after"] == 0


def test_an_admin_reset_lifts_the_delay(station: Station, clock: Clock) -> None:
    for _ in range(4):
        _fail(station)
    users.login(station, "admin", ADMIN_PASSWORD)
    users.reset_password(station, "bientap", "tam-thoi-123")
    assert users.login(station, "bientap", "tam-thoi-123").username == "bientap"


def test_the_command_line_login_waits_too(datadir: DataDir) -> None:
    """`--user` logs in through the same core: after three failures even the right password
    is refused with the wait, in a separate process (so the delay was read from disk)."""
    from tests.support.cli import run_cli

    for attempt in range(3):
        failed = run_cli("schedule", "submit", "no-such-week", "--user", "bientap", data_dir=datadir.root,
                         env={"STATION_PASSWORD": f"wrong-{attempt}"})
        assert failed.returncode == 1 and "wrong user name or password" in failed.stderr
    held = run_cli("schedule", "submit", "no-such-week", "--user", "bientap", data_dir=datadir.root,
                   env={"STATION_PASSWORD": "bientap-password"})
    assert held.returncode == 1 and "try again in" in held.stderr
