"""pytest-qt helpers for the Studio panels: a station opened, used and closed on the UI's
database thread (as the app does), without starting the whole main window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from station.paths import DataDir
from station.station import Station
from ui.operations import Op, wait_all

WAIT = 20000
T = TypeVar("T")


def on_db(qtbot: Any, st: Station | None, fn: Callable[[Any], T]) -> T:
    """Run ``fn(st)`` on the thread that owns the station's connections, and wait for it."""
    out: list[Any] = []
    failed: list[BaseException] = []
    Op(lambda _s: fn(st), None, "db").success(out.append).failure(failed.append) \
        .run_in_background()
    qtbot.waitUntil(lambda: bool(out or failed), timeout=WAIT)
    if failed:
        raise failed[0]
    return out[0]  # type: ignore[no-any-return]


@pytest.fixture
def ui_station(qtbot: Any, datadir: DataDir) -> Iterator[Station]:
    """The template station, opened on the database thread, the editor 'bientap' logged in."""

    def open_(_: Any) -> Station:
        from station import users

        st = Station.open(datadir)
        users.login(st, "bientap", "bientap-password")
        return st

    st = on_db(qtbot, None, open_)
    yield st
    wait_all()
    on_db(qtbot, st, lambda s: s.close())
