"""The Schedule page's "Import from file…": a CSV becomes the week's draft and the page opens
it; a file with bad rows shows them in a list and creates nothing; a week with a draft asks
before replacing it. The file name is given where the native dialog would ask for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station.paths import DataDir
from station.schedule import periods as schedule
from tests.support.schedule import MONDAY, audio_item
from tests.support.window import WAIT, close_window_station, on_db, open_window, show_page
from ui.main_window import MainWindow
from ui.schedule.page import SchedulePage


@pytest.fixture
def window(qtbot: Any, datadir: DataDir) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir, language="en")
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                    timeout=WAIT)
    win.login_panel.user.setCurrentText("bientap")
    win.login_panel.password.setText("bientap-password")
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
    yield win
    close_window_station(qtbot, win, WAIT)


def _page(qtbot: Any, win: MainWindow) -> SchedulePage:
    page = show_page(qtbot, win, SchedulePage)
    page.go_to(MONDAY - timedelta(days=7))  # another week first: the import must open its own
    qtbot.waitUntil(lambda: page.state is not None and not page.busy, timeout=WAIT)
    return page


def _offer(page: SchedulePage, path: Path) -> None:
    page.importing.ask_path = lambda: str(path)  # type: ignore[method-assign]


def test_the_button_imports_a_csv_and_opens_its_week(qtbot: Any, window: MainWindow,
                                                      tmp_path: Path) -> None:
    news = on_db(qtbot, window, lambda st: audio_item(st, "Bản tin thời sự", 600.0))
    page = _page(qtbot, window)
    assert page.import_button.isVisibleTo(page) and page.import_button.objectName() == \
        "schedule_import"
    path = tmp_path / "tuần.csv"
    path.write_bytes(("\ufeffdate;start;end;session;item;title;text\r\n"
                      f"04/03/2031;05:30;06:00;Buổi sáng;{news.id};;\r\n"
                      ";;;;;Thông báo;Bà con chú ý.\r\n").encode())
    _offer(page, path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.state is not None and page.state.monday == MONDAY
                    and page.schedule is not None and not page.busy, timeout=WAIT)
    sched = page.schedule
    assert sched is not None and sched.status == "draft"
    assert [s.title for s in sched.sessions[0].slots] == ["Bản tin thời sự", "Thông báo"]
    assert "tuần.csv" in page.message.text() and "03/03/2031" in page.message.text()
    assert page.importing.refused is None

    # The same file again: the week has a draft now; declining the question changes nothing.
    asked: list[str] = []
    page.importing.ask_replace = lambda text: asked.append(text) or False  # type: ignore[method-assign]
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert "exists already" in asked[0]
    count = on_db(qtbot, window, lambda st: len(schedule.list_schedules(st)))
    assert count == 1


def test_refused_rows_are_listed_and_nothing_is_created(qtbot: Any, window: MainWindow,
                                                        tmp_path: Path) -> None:
    page = _page(qtbot, window)
    path = tmp_path / "sai.csv"
    path.write_text("date,start,end,session,item\n"
                    "2031-03-03,05:30,06:00,Sáng,khong-co\n"
                    "2031-03-04,29:00,06:00,Sáng,khong-co-nua\n", encoding="utf-8")
    _offer(page, path)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.importing.refused is not None, timeout=WAIT)
    dialog = page.importing.refused
    assert dialog is not None and dialog.isVisible()
    lines = [dialog.rows.item(n).text() for n in range(dialog.rows.count())]
    assert len(lines) == 3  # row 3 twice: its time and its item
    assert lines[0].startswith("Row 2:") and "khong-co" in lines[0]
    assert all(line.startswith(("Row 2:", "Row 3:")) for line in lines)
    assert "sai.csv" in page.message.text()
    dialog.close()
    assert on_db(qtbot, window, lambda st: schedule.list_schedules(st)) == []
