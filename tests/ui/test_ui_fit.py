"""The window on a small screen (1280x720, the 1366x768 station laptop): it fits, every page
keeps every button reachable (on screen, or by scrolling), no page scrolls sideways, status
lines keep their place, and each user finds the window as they left it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QWidget,
)

from station.paths import DataDir
from tests.support.window import close_window_station, log_in, open_window, show_page
from ui.main_window import PAGES, MainWindow
from ui.pages.base import Page
from ui.pages.onair import OnAirPage
from ui.schedule.page import SchedulePage
from ui.studio.page import StudioPage
from ui.widgets.status_line import StatusLine

WAIT = 15000
# A 1280x720 screen less a title bar: the most a window can have there.
SMALL = QSize(1280, 720 - 40)
KEPT = QSize(780, 600)  # within the offscreen screen (800x800): Qt keeps a window on screen


def log_out(qtbot, win: MainWindow) -> None:
    win.logout_action.trigger()
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=WAIT)


@pytest.fixture
def small_window(qtbot, datadir: DataDir,
                 request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    """The main window in the language of the test's ``lang`` parameter, at 1280x680."""
    win = open_window(qtbot, datadir, language=request.param)
    win.resize(SMALL)
    yield win
    close_window_station(qtbot, win)


def settle(qtbot) -> None:
    """Let pending layouts and background loads land."""
    for _ in range(3):
        qtbot.wait(30)
        QApplication.processEvents()


def rect_in(widget: QWidget, win: QWidget) -> QRect:
    return QRect(widget.mapTo(win, QPoint(0, 0)), widget.size())


def unreachable(button: QAbstractButton, win: MainWindow) -> str:
    """'' when ``button`` can be seen whole, after scrolling the scroll areas around it;
    else what hides it."""
    areas: list[QScrollArea] = []
    w = button.parentWidget()
    while w is not None and w is not win:
        if isinstance(w, QAbstractItemView):
            return ""  # a cell's widget: reached by scrolling its table
        if isinstance(w, QScrollArea):
            areas.append(w)
        w = w.parentWidget()
    for area in areas:  # the innermost first, then the areas around it
        area.ensureWidgetVisible(button, 0, 0)
    QApplication.processEvents()
    box = rect_in(button, win)
    w = button.parentWidget()
    while w is not None and w is not win:
        if not rect_in(w, win).contains(box):
            return f"cut by {type(w).__name__} {w.objectName()!r}"
        w = w.parentWidget()
    return "" if win.rect().contains(box) else "outside the window"


def tab_states(page: Page) -> Iterator[str]:
    """Each tab of every tab widget of the page in turn (the page itself when it has none)."""
    tab_widgets = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]
    if not tab_widgets:
        yield ""
    for tabs in tab_widgets:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            yield tabs.tabText(i)


def check_page(qtbot, win: MainWindow, cls: type[Page]) -> list[str]:
    page = show_page(qtbot, win, cls)
    problems: list[str] = []
    seen = 0
    for tab in tab_states(page):
        settle(qtbot)
        buttons = [b for b in page.findChildren(QAbstractButton)
                   if isinstance(b, QPushButton | QToolButton) and b.isVisibleTo(win)
                   and b.isEnabled() and b.window() is win]
        for b in buttons:
            seen += 1
            why = unreachable(b, win)
            if why:
                problems.append(f"{cls.__name__}/{tab}: {b.text() or b.objectName()!r} {why}")
        bar = page.page_scroll.horizontalScrollBar()
        if bar.maximum() > 0:  # nobody scrolls a section sideways to find its buttons
            problems.append(f"{cls.__name__}/{tab}: scrolls sideways by {bar.maximum()} px "
                            f"(needs {page.scroll_body.minimumSizeHint().width()})")
    assert seen > 0, f"{cls.__name__}: no button found, the test looks in the wrong place"
    return problems


def fits(win: MainWindow) -> bool:
    hint, minimum = win.minimumSizeHint(), win.minimumSize()
    return (max(hint.width(), minimum.width()) <= SMALL.width()
            and max(hint.height(), minimum.height()) <= SMALL.height())


@pytest.mark.parametrize("small_window", ["vi", "en"], indirect=True)
def test_every_page_fits_a_small_screen_as_admin(qtbot, small_window: MainWindow) -> None:
    win = small_window
    log_in(qtbot, win, "admin")
    problems: list[str] = []
    for cls in PAGES:
        problems += check_page(qtbot, win, cls)
        assert fits(win), f"after {cls.__name__}: minimum {win.minimumSizeHint()} > {SMALL}"
    assert win.workspace is not None and len(win.workspace.pages) == len(PAGES)
    assert win.size() == SMALL  # nothing forced the window to grow
    assert win.statusBar().isVisible()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("small_window", ["vi", "en"], indirect=True)
def test_the_studio_fits_a_small_screen_as_editor(qtbot, small_window: MainWindow) -> None:
    win = small_window
    log_in(qtbot, win, "bientap")
    problems = check_page(qtbot, win, StudioPage)
    assert fits(win)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("small_window", ["vi"], indirect=True)
def test_the_studio_actions_named_in_the_walk_are_on_screen(qtbot,
                                                            small_window: MainWindow) -> None:
    """The walk found these off-screen on a 1366x768 laptop: now they show without scrolling."""
    win = small_window
    log_in(qtbot, win, "admin")
    studio = show_page(qtbot, win, StudioPage)
    assert isinstance(studio, StudioPage)
    for panel, buttons in ((studio.rules, (studio.rules.add,)),
                           (studio.tts, (studio.tts.listen, studio.tts.speak))):
        studio.tabs.setCurrentWidget(panel)
        settle(qtbot)
        assert studio.page_scroll.verticalScrollBar().maximum() == 0
        for b in buttons:
            assert b.isVisible() and win.rect().contains(rect_in(b, win)), b.text()


@pytest.mark.parametrize("small_window", ["vi"], indirect=True)
def test_status_lines_do_not_move_the_buttons(qtbot, small_window: MainWindow) -> None:
    win = small_window
    log_in(qtbot, win, "admin")
    studio = show_page(qtbot, win, StudioPage)
    assert isinstance(studio, StudioPage)
    rundown, tts, rules = studio.rundown, studio.tts, studio.rules
    for panel, status, button in ((rundown, rundown.status, rundown.remove),
                                  (tts, tts.status, tts.listen),
                                  (rules, rules.status, rules.add)):
        studio.tabs.setCurrentWidget(panel)
        settle(qtbot)
        assert isinstance(status, StatusLine)
        before = rect_in(button, win)
        status.setText("Không kết xuất được: " + "tệp nguồn bị thiếu hoặc hỏng. " * 12)
        settle(qtbot)
        assert rect_in(button, win) == before
        assert status.text().startswith("Không kết xuất được")  # the whole text is kept
        status.setText("")
        settle(qtbot)
        assert rect_in(button, win) == before


@pytest.mark.parametrize("small_window", ["vi"], indirect=True)
def test_the_navigation_narrows_to_icons(qtbot, small_window: MainWindow) -> None:
    win = small_window
    log_in(qtbot, win, "admin")
    ws = win.workspace
    assert ws is not None
    wide = ws.nav_panel.width()
    page_width = ws.stack.width()
    qtbot.mouseClick(ws.nav_panel.toggle, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert ws.nav_panel.compact and ws.nav_panel.width() < wide / 2
    assert ws.stack.width() > page_width  # the section got the room
    assert ws.nav.item(0).text() == "Thư viện"  # the name stays, in the tooltip
    assert "Thư viện" in ws.nav.item(0).toolTip()
    ws.nav.setCurrentRow(2)  # still works as a list
    assert ws.stack.currentIndex() == 2


def splitter(win: MainWindow, name: str) -> QSplitter:
    assert win.workspace is not None
    found = win.workspace.findChild(QSplitter, name)
    assert isinstance(found, QSplitter), name
    return found


@pytest.mark.parametrize("small_window", ["vi"], indirect=True)
def test_each_user_finds_the_window_as_they_left_it(qtbot, small_window: MainWindow,
                                                    datadir: DataDir) -> None:
    win = small_window
    log_in(qtbot, win, "admin")
    ws = win.workspace
    assert ws is not None
    win.resize(KEPT)
    show_page(qtbot, win, PAGES[0])  # the Library
    settle(qtbot)
    library_split = splitter(win, "library_split")
    total = sum(library_split.sizes())
    library_split.setSizes([total - 300, 300])
    settle(qtbot)
    kept_sizes = library_split.sizes()
    studio = show_page(qtbot, win, StudioPage)
    assert isinstance(studio, StudioPage)
    studio.tabs.setCurrentWidget(studio.tts)
    ws.nav_panel.set_compact(True)
    log_out(qtbot, win)

    log_in(qtbot, win, "bientap")  # another user: the defaults, not the admin's choices
    assert win.workspace is not None
    assert not win.workspace.nav_panel.compact
    assert win.workspace.nav.currentRow() == 0
    win.resize(SMALL)
    log_out(qtbot, win)

    log_in(qtbot, win, "admin")
    ws = win.workspace
    assert ws is not None
    assert win.size() == KEPT
    assert ws.nav_panel.compact
    assert ws.nav.currentRow() == PAGES.index(StudioPage)
    studio = ws.page(StudioPage)
    assert isinstance(studio, StudioPage)
    assert studio.tabs.currentWidget() is studio.tts
    show_page(qtbot, win, PAGES[0])
    settle(qtbot)
    assert splitter(win, "library_split").sizes() == kept_sizes

    # and in the next session on this PC: a new window on the same data folder
    win.save_layout()
    again = open_window(qtbot, datadir)
    again.place_on_screen()
    assert again.size() == KEPT  # the login screen opens where it was left
    close_window_station(qtbot, again)


@pytest.mark.parametrize("small_window", ["vi"], indirect=True)
def test_messages_on_air_and_in_the_schedule_do_not_move_the_controls(
        qtbot, small_window: MainWindow) -> None:
    win = small_window
    log_in(qtbot, win, "admin")
    onair = show_page(qtbot, win, OnAirPage)
    assert isinstance(onair, OnAirPage)
    settle(qtbot)
    before = rect_in(onair.start_button, win)
    onair._failed(RuntimeError("Không mở được thiết bị âm thanh"))  # the red banner
    settle(qtbot)
    assert onair.alarm.isVisible()
    assert rect_in(onair.start_button, win) == before
    onair.alarm.hide()  # as "Alarm seen" does (its command needs a running service)
    onair.ack.hide()
    settle(qtbot)
    assert not onair.alarm.isVisible()
    assert rect_in(onair.start_button, win) == before

    schedule = show_page(qtbot, win, SchedulePage)
    assert isinstance(schedule, SchedulePage)
    settle(qtbot)
    before = rect_in(schedule.remove_slot_button, win)
    schedule.current.say("Đã gỡ mục khỏi buổi phát. " * 3)
    settle(qtbot)
    assert rect_in(schedule.remove_slot_button, win) == before
    schedule.current.say("")
    settle(qtbot)
    assert rect_in(schedule.remove_slot_button, win) == before
