"""Settings driven as an admin would: rename the station and change its time zone, edit,
deactivate and reset users (then log in as them), passwords typed twice, the admin's own
account kept; and the gate: a growing wait after failed logins, Enter on the first-run form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station import audit, clock, users
from station.paths import DataDir
from station.rights import Role
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import close_window_station, on_db, open_window, submit_login
from ui.main_window import MainWindow
from ui.settings.page import SettingsPage

WAIT = 15000


@pytest.fixture
def window(qtbot: Any, datadir: DataDir) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir, "en")
    yield win
    close_window_station(qtbot, win)


def _settings(qtbot: Any, win: MainWindow, user: str = "admin",
              password: str = ADMIN_PASSWORD) -> SettingsPage:
    submit_login(qtbot, win, user, password)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
    assert win.workspace is not None
    win.workspace.nav.setCurrentRow(6)
    page = win.workspace.page(SettingsPage)
    assert isinstance(page, SettingsPage)
    return page


def _log_out(qtbot: Any, win: MainWindow) -> None:
    win.logout_action.trigger()
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=WAIT)


def test_admin_renames_the_station_and_changes_its_zone(qtbot: Any,
                                                        window: MainWindow) -> None:
    page = _settings(qtbot, window)
    box = page.station_box
    assert box.isVisibleTo(window)
    qtbot.waitUntil(lambda: box.save_button.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: box.zone.count() > 300, timeout=WAIT)  # the IANA zones
    assert box.zone.itemText(0) == "Asia/Ho_Chi_Minh" == box.zone.currentText()
    assert "UTC+07:00" in box.time_now.text()
    box.name.setText("Đài truyền thanh xã Hòa Bình")
    box.zone.setCurrentIndex(box.zone.findText("Asia/Tokyo"))
    assert "UTC+09:00" in box.time_now.text()  # the time there, before saving
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Hòa Bình" in window.windowTitle(), timeout=WAIT)
    assert box.status.text() == "Saved."
    zone = on_db(qtbot, window, lambda st: str(clock.zone(st)))
    assert zone == "Asia/Tokyo"
    done = on_db(qtbot, window, lambda st: [e.action for e in audit.recent(st.db, 2)])
    assert set(done) == {"station.rename", "station.time_zone"}
    # A zone that does not exist is refused with a reason, and nothing changes.
    box.zone.setEditText("Asia/Atlantis")
    assert "not a known time zone" in box.time_now.text()
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Asia/Atlantis" in box.status.text(), timeout=WAIT)
    assert on_db(qtbot, window, lambda st: str(clock.zone(st))) == "Asia/Tokyo"


def test_only_admins_see_the_station_and_users(qtbot: Any, window: MainWindow) -> None:
    page = _settings(qtbot, window, "truongdai", "truongdai-password")
    assert not page.station_box.isVisibleTo(window)
    assert not page.users_box.isVisibleTo(window)
    assert page.new_pw_pair.repeat.isVisibleTo(window)


def test_admin_edits_deactivates_and_resets_users(qtbot: Any, window: MainWindow) -> None:
    page = _settings(qtbot, window)
    box = page.users_box
    qtbot.waitUntil(lambda: box.table.rowCount() == 4, timeout=WAIT)
    assert box.table.height() >= box.table.verticalHeader().defaultSectionSize() * 8
    assert box.table.width() > page.width() / 2  # the table has the room, not a third
    # Edit: full name and role.
    box.select_user("bientap")
    assert box.edit_name.text() == "bientap"
    box.edit_full.setText("Nguyễn Văn Biên Tập")
    box.edit_role.setCurrentIndex(box.edit_role.findData(Role.CHIEF.value))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.table.item(1, 2).text() == "Station chief", timeout=WAIT)
    assert box.table.item(1, 1).text() == "Nguyễn Văn Biên Tập"
    assert box.edit_name.text() == "bientap"  # still selected after the reload
    # Deactivate luutru.
    box.select_user("luutru")
    assert box.active_button.text() == "Deactivate"
    qtbot.mouseClick(box.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.table.item(2, 3).text() == "deactivated", timeout=WAIT)
    assert box.active_button.text() == "Reactivate"
    # Reset bientap's password: two different entries are refused before the core.
    box.select_user("bientap")
    box.reset_pw.first.setText("tam-thoi-123")
    box.reset_pw.repeat.setText("tam-thoi-124")
    qtbot.mouseClick(box.reset_button, Qt.MouseButton.LeftButton)
    assert box.status.text() == "The two passwords differ."
    box.reset_pw.repeat.setText("tam-thoi-123")
    qtbot.mouseClick(box.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Temporary password set" in box.status.text(), timeout=WAIT)
    actions = on_db(qtbot, window, lambda st: [e.action for e in audit.recent(st.db, 3)])
    assert actions == ["user.password_reset", "user.deactivate", "user.update"]
    # The deactivated user cannot log in; the reset password works.
    _log_out(qtbot, window)
    submit_login(qtbot, window, "luutru", "luutru-password")
    qtbot.waitUntil(lambda: "Wrong user name" in window.login_panel.message.text(),
                    timeout=WAIT)
    submit_login(qtbot, window, "bientap", "tam-thoi-123")
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.central.currentWidget() is window.workspace, timeout=WAIT)
    assert "Station chief" in window.user_label.text()


def test_the_admin_keeps_their_own_account(qtbot: Any, window: MainWindow) -> None:
    page = _settings(qtbot, window)
    box = page.users_box
    qtbot.waitUntil(lambda: box.table.rowCount() == 4, timeout=WAIT)
    box.select_user("admin")
    assert not box.active_button.isEnabled() and not box.edit_role.isEnabled()
    # The core refuses it even when asked directly: the station's last active admin.
    from ui.operations import users as user_ops

    errors: list[BaseException] = []
    user_ops.set_active(None, window.station, "admin", False).failure(errors.append) \
        .run_in_background()
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT)
    assert on_db(qtbot, window, lambda st: users.get(st, "admin").active)


def test_new_passwords_must_be_typed_twice_alike(qtbot: Any, window: MainWindow) -> None:
    page = _settings(qtbot, window)
    qtbot.waitUntil(lambda: page.users.rowCount() == 4, timeout=WAIT)
    # Adding a user.
    page.new_user.setText("phongvien")
    page.new_user_pw.setText("phong-vien-1")
    page.users_box.new_pw.repeat.setText("phong-vien-2")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.users_status.text() == "The two passwords differ."
    qtbot.wait(200)
    assert page.users.rowCount() == 4
    # Changing one's own.
    page.old_pw.setText(ADMIN_PASSWORD)
    page.new_pw.setText("mat-khau-moi-1")
    page.new_pw_pair.repeat.setText("mat-khau-moi-2")
    qtbot.mouseClick(page.pw_button, Qt.MouseButton.LeftButton)
    assert page.pw_status.text() == "The two passwords differ."
    page.new_pw_pair.repeat.setText("mat-khau-moi-1")
    qtbot.mouseClick(page.pw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.pw_status.text() == "Password changed.", timeout=WAIT)
    _log_out(qtbot, window)
    submit_login(qtbot, window, "admin", "mat-khau-moi-1")
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.workspace, timeout=WAIT)


def test_the_login_screen_counts_down_after_failed_attempts(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    # A wait of 6 s, not the real first 2 s: a loaded machine may spend 2 s between the third
    # failure and the refused attempt, which would then be checked (the delay test in
    # tests/station/test_login_delay.py checks the real delays).
    monkeypatch.setattr(users, "delay_after", lambda failures: 6.0 if failures >= 3 else 0.0)
    panel = window.login_panel
    for attempt in range(3):
        submit_login(qtbot, window, "bientap", f"wrong-{attempt}")
        qtbot.waitUntil(lambda: "Wrong user name" in panel.message.text(), timeout=WAIT)
        if attempt < 2:
            assert panel.countdown.text() == "" and panel.button.isEnabled()
    # The third failure starts the wait: said, and the button waits with it.
    assert panel.countdown.text().startswith("Try again in ")
    assert not panel.button.isEnabled()
    # Another name may try at once.
    panel.user.setCurrentText("truongdai")
    assert panel.button.isEnabled()
    panel.user.setCurrentText("bientap")
    # The right password during the wait is refused unchecked (the Enter key path).
    panel.password.setText("bientap-password")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Too many failed attempts" in panel.message.text(), timeout=WAIT)
    assert window.central.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.button.isEnabled(), timeout=9000)
    assert panel.countdown.text() == ""
    submit_login(qtbot, window, "bientap", "bientap-password")
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)


def test_enter_submits_the_first_run_form(qtbot: Any, empty_datadir: DataDir) -> None:
    win = open_window(qtbot, empty_datadir, "en")
    try:
        form = win.first_run
        assert win.central.currentWidget() is form
        form.station_name.setText("Đài truyền thanh xã Yên Bình")
        form.password.setText("mat-khau-1")
        form.confirm.setText("mat-khau-2")
        form.demo.setChecked(False)
        qtbot.keyClick(form.confirm, Qt.Key.Key_Return)
        assert form.message.text() == "The two passwords differ."
        form.confirm.setText("mat-khau-1")
        qtbot.keyClick(form.confirm, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: "Yên Bình" in win.windowTitle(), timeout=WAIT)
    finally:
        close_window_station(qtbot, win)


def test_the_page_fits_1280x720_and_nothing_is_clipped(qtbot: Any, window: MainWindow) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractSpinBox, QPushButton

    page = _settings(qtbot, window)
    window.showNormal()
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: page.playout_box.save_button.isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: page.users.rowCount() == 4, timeout=WAIT)
    assert window.width() <= 1280 and window.height() <= 720
    viewport = page.scroll_area.viewport()
    buttons = [b for b in page.findChildren(QPushButton) if b.isVisibleTo(page)]
    assert len(buttons) >= 8  # password, station, users (4), watch (2), playout
    for button in buttons:  # every action reachable by scrolling, wholly on screen
        page.scroll_area.ensureWidgetVisible(button)
        qtbot.wait(10)
        where = QRect(button.mapTo(viewport, button.rect().topLeft()), button.size())
        assert viewport.rect().contains(where), button.text()
    # The dead-air spin box ("10,0 s") gets its full height.
    spin = page.playout_box.dead_air
    assert isinstance(spin, QAbstractSpinBox)
    assert spin.height() >= spin.sizeHint().height()
