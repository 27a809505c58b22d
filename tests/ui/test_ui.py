"""The desktop app driven as a user would: first run, login, roles, problems, language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget

from station import db as dbmod
from station.paths import DataDir
from station.station import Station
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import close_window_station, open_window, submit_login
from ui import i18n
from ui.main_window import MainWindow
from ui.settings.page import SettingsPage

WAIT = 15000


@pytest.fixture
def window(qtbot, request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    datadir = request.getfixturevalue(getattr(request, "param", "datadir"))
    win = open_window(qtbot, datadir)
    yield win
    close_window_station(qtbot, win)


def nav_state(win: MainWindow) -> dict[str, bool]:
    assert win.workspace is not None
    nav: QListWidget = win.workspace.nav
    return {nav.item(i).text(): bool(nav.item(i).flags() & Qt.ItemFlag.ItemIsEnabled)
            for i in range(nav.count())}


@pytest.mark.parametrize("window", ["empty_datadir"], indirect=True)
def test_first_run_creates_the_station_and_enters(qtbot, window: MainWindow) -> None:
    assert window.central.currentWidget() is window.first_run
    form = window.first_run
    form.station_name.setText("Đài truyền thanh xã Hòa Bình")
    form.admin.setText("quantri")
    form.password.setText("mat-khau-1")
    form.confirm.setText("mat-khau-2")
    form.demo.setChecked(False)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert "khác nhau" in form.message.text()  # the two passwords differ, said in Vietnamese
    form.confirm.setText("mat-khau-1")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    assert window.central.currentWidget() is window.workspace
    qtbot.waitUntil(lambda: "Hòa Bình" in window.windowTitle(), timeout=WAIT)
    assert "Quản trị viên" in window.user_label.text()
    assert list(nav_state(window)) == ["Thư viện", "Phòng thu", "Lịch phát sóng", "Phê duyệt",
                                       "Phát sóng", "Đồng bộ", "Cài đặt"]


def test_wrong_password_is_refused_without_a_hint(qtbot, window: MainWindow) -> None:
    assert window.central.currentWidget() is window.login_panel
    assert window.login_panel.user.count() == 4
    submit_login(qtbot, window, "admin", "wrong-password")
    qtbot.waitUntil(lambda: window.login_panel.message.text() != "", timeout=WAIT)
    assert window.login_panel.message.text() == "Sai tên đăng nhập hoặc mật khẩu"
    assert window.workspace is None
    submit_login(qtbot, window, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)


@pytest.mark.parametrize(("user", "enabled"), [
    ("bientap", {"Thư viện": True, "Phòng thu": True, "Lịch phát sóng": True,
                 "Phê duyệt": False, "Phát sóng": True, "Đồng bộ": True, "Cài đặt": True}),
    ("truongdai", {"Thư viện": True, "Phòng thu": True, "Lịch phát sóng": True,
                   "Phê duyệt": True, "Phát sóng": True, "Đồng bộ": True, "Cài đặt": True}),
    ("luutru", {"Thư viện": True, "Phòng thu": False, "Lịch phát sóng": False,
                "Phê duyệt": True, "Phát sóng": False, "Đồng bộ": True, "Cài đặt": True}),
])
def test_the_role_decides_what_is_enabled(qtbot, window: MainWindow, user: str,
                                          enabled: dict[str, bool]) -> None:
    submit_login(qtbot, window, user, f"{user}-password")
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    assert nav_state(window) == enabled
    window.workspace.nav.setCurrentRow(6)  # Settings
    settings = window.workspace.page(SettingsPage)
    assert isinstance(settings, SettingsPage)
    assert not settings.users_box.isVisibleTo(window)  # only admins manage users


def test_admin_adds_a_user_and_the_table_follows(qtbot, window: MainWindow) -> None:
    submit_login(qtbot, window, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    window.workspace.nav.setCurrentRow(6)
    settings = window.workspace.page(SettingsPage)
    assert isinstance(settings, SettingsPage)
    qtbot.waitUntil(lambda: settings.users.rowCount() == 4, timeout=WAIT)
    settings.new_user.setText("phongvien")
    settings.new_full.setText("Đỗ Thị Phóng")
    settings.new_user_pw.setText("phong-vien-1")
    settings.users_box.new_pw.repeat.setText("phong-vien-1")
    qtbot.mouseClick(settings.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings.users.rowCount() == 5, timeout=WAIT)
    names = {settings.users.item(r, 0).text() for r in range(5)}
    assert "phongvien" in names


def test_damaged_database_offers_the_backup_and_keeps_the_file(qtbot, datadir: DataDir) -> None:
    st = Station.open(datadir)
    dbmod.backup(st.db, datadir.backups)
    st.close()
    datadir.db_path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8192)
    win = open_window(qtbot, datadir)
    assert win.central.currentWidget() is win.problem
    assert win.problem.restore.isVisibleTo(win)
    assert "hỏng" in win.problem.message.text()  # "damaged", in Vietnamese
    qtbot.mouseClick(win.problem.restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=WAIT)
    kept = list(datadir.root.glob("station.db.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"SQLite format 3\x00\x13")
    assert win.station is not None
    close_window_station(qtbot, win)


def test_switching_to_english_and_back(qtbot, window: MainWindow) -> None:
    submit_login(qtbot, window, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    window.workspace.nav.setCurrentRow(6)
    settings = window.workspace.page(SettingsPage)
    assert isinstance(settings, SettingsPage)
    settings.language.setCurrentIndex(list(i18n.LANGUAGES).index("en"))
    qtbot.waitUntil(lambda: "Library" in nav_state(window), timeout=WAIT)
    assert list(nav_state(window)) == ["Library", "Studio", "Broadcast schedule", "Approvals",
                                       "On air", "Sync", "Settings"]
    assert i18n.saved_language() == "en"
    settings = window.workspace.page(SettingsPage)
    assert isinstance(settings, SettingsPage)
    settings.language.setCurrentIndex(list(i18n.LANGUAGES).index("vi"))
    qtbot.waitUntil(lambda: "Thư viện" in nav_state(window), timeout=WAIT)
    assert i18n.saved_language() == "vi"


def test_dates_are_day_month_year() -> None:
    from PySide6.QtCore import QDate

    assert QApplication.instance() is not None or True
    assert i18n.format_date(QDate(2026, 9, 2)) == "02/09/2026"
    assert i18n.format_moment("2026-09-02T01:30:00.000Z", timezone(timedelta(hours=-3)),
                              with_time=False) == "01/09/2026"


def test_log_out_and_in_as_someone_else(qtbot, window: MainWindow) -> None:
    submit_login(qtbot, window, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    station = window.station
    window.logout_action.trigger()
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.login_panel, timeout=WAIT)
    assert window.workspace is None and window.watch is None and window.sync is None
    submit_login(qtbot, window, "bientap", "bientap-password")
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    assert window.station is station  # the same open station: nothing was reopened
    assert "Nguyễn Văn Biên" in window.user_label.text()
