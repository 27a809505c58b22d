"""Approving in the window signs with the key the login's password unlocks; when it does not
(the password was reset meanwhile), the chief is asked for it once per click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from station import keys
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.station import Station
from tests.support.schedule import MONDAY, audio_item
from tests.support.schedule import login as core_login
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window
from ui.approvals.page import ApprovalsPage
from ui.operations import wait_all

APPROVALS_ROW = 3


def _submitted(st: Station) -> str:
    core_login(st, "bientap")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    session, _ = schedule.add_session(st, sched.id, MONDAY, "06:00", minutes=10, title="Sáng")
    schedule.add_slot(st, sched.id, session.key, item_id=audio_item(st, "Tin", 120).id)
    schedule_approval.submit(st, sched.id)
    return sched.id


def test_the_chief_is_asked_for_the_password_when_the_key_stays_locked(
        qtbot: Any, datadir: Any, monkeypatch: Any) -> None:
    win = open_window(qtbot, datadir, language="en")
    try:
        sched_id = on_db(qtbot, win, _submitted)  # before the login: the inbox shows it
        log_in(qtbot, win, "truongdai")
        on_db(qtbot, win, keys.forget)  # the session holds no password that opens the key
        answers = ["wrong-password", "truongdai-password"]
        asked: list[str] = []

        def ask(*_args: Any, **_kw: Any) -> tuple[str, bool]:
            asked.append(answers[len(asked)])
            return asked[-1], True

        monkeypatch.setattr(QInputDialog, "getText", ask)
        assert win.workspace is not None
        win.workspace.nav.setCurrentRow(APPROVALS_ROW)
        page = win.workspace.page(ApprovalsPage)
        assert isinstance(page, ApprovalsPage)
        qtbot.waitUntil(lambda: page.inbox.count() == 1, timeout=WAIT)
        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(asked) == 1 and not page.inbox_box.busy, timeout=WAIT)
        assert "does not unlock the signing key" in page.inbox_box.message.text()
        assert page.inbox.count() == 1  # nothing approved with a wrong password

        qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.sealed is not None, timeout=WAIT)
        assert len(asked) == 2
        wait_all()
        check = on_db(qtbot, win, lambda st: schedule_approval.verify_seal(st, sched_id))
        assert check.ok and check.signed_by == "truongdai"
    finally:
        close_window_station(qtbot, win, WAIT)
