"""The main window in a test: opened on a data folder as the app opens it, driven on the
database thread that owns its station, and closed so no connection or thread outlives it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt

from station.paths import DataDir
from station.station import Station
from tests.conftest import ADMIN_PASSWORD
from ui import i18n
from ui.main_window import MainWindow
from ui.operations import Op, wait_all
from ui.pages.base import Page

WAIT = 15000
T = TypeVar("T")
P = TypeVar("P", bound=Page)


def open_window(qtbot: Any, datadir: DataDir, language: str = "vi") -> MainWindow:
    """Show the main window in ``language`` and wait until it is ready for input."""
    i18n.install(language)
    win = MainWindow(datadir)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=WAIT)
    return win


def password_of(user: str) -> str:
    """The test stations' passwords: the admin's own, "<name>-password" for the others."""
    return ADMIN_PASSWORD if user == "admin" else f"{user}-password"


def submit_login(qtbot: Any, win: MainWindow, user: str, password: str | None = None) -> None:
    """Type a name and a password into the login panel and press its button; the outcome is
    the caller's to wait for."""
    win.login_panel.user.setCurrentText(user)
    win.login_panel.password.setText(password_of(user) if password is None else password)
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)


def log_in(qtbot: Any, win: MainWindow, user: str, password: str | None = None) -> None:
    """Log in as ``user`` once the login panel shows, and wait for the workspace."""
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                    timeout=WAIT)
    submit_login(qtbot, win, user, password)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)


def show_page(qtbot: Any, win: MainWindow, cls: type[P]) -> P:
    """Go to the page of class ``cls`` through the navigation list, as a user clicks it, and
    wait until it shows."""
    ws = win.workspace
    assert ws is not None
    page = ws.page(cls)
    assert isinstance(page, cls)
    row = ws.pages.index(page)
    assert ws.nav.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
    ws.nav.setCurrentRow(row)
    qtbot.waitUntil(page.isVisible, timeout=WAIT)
    return page


def close_window_station(qtbot: Any, win: MainWindow, timeout: int = 20000) -> None:
    """End a test window: stop its services, let its background work finish, then close
    the station's connections on the thread that owns them."""
    win._stop_watching()
    win.link.stop()
    wait_all()
    st = win.station
    if st is None:
        return
    done: list[object] = []
    Op(lambda _s: st.close(), None, "db").success(done.append).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=timeout)


def on_db(qtbot: Any, win: MainWindow, fn: Callable[[Station], T]) -> T:
    """Run ``fn`` on the thread that owns the station's connection, and wait for it."""
    st = win.station
    assert st is not None
    out: list[Any] = []
    Op(lambda _s: fn(st), None, "db").success(out.append).run_in_background()
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]
