"""The Approvals page and the audit trail as the chief and an inspector read them, and one
clock on every screen: the machine runs in UTC, the station in Vietnam (UTC+7), and every
time shown is station time."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from station import audit
from station.clock import parse_utc
from station.paths import DataDir
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.station import Station
from tests.support.schedule import MONDAY, audio_item
from tests.support.schedule import login as core_login
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window, show_page
from ui.approvals.audit import action_name
from ui.approvals.page import ApprovalsPage
from ui.library.page import LibraryPage
from ui.main_window import PAGES, MainWindow
from ui.operations import wait_all
from ui.pages.sync import SyncPage

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def utc_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The PC's own zone is UTC (the walk-through's machine); the station's is Vietnam."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def window(qtbot: Any, datadir: DataDir, utc_machine: None) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir)
    yield win
    close_window_station(qtbot, win, WAIT)


def submitted_week(st: Station) -> str:
    core_login(st, "bientap")
    sched, _ = schedule.create_schedule(st, MONDAY)
    schedule_approval.submit(st, sched.id)
    return sched.id


def approvals(qtbot: Any, win: MainWindow) -> ApprovalsPage:
    page = show_page(qtbot, win, ApprovalsPage)
    qtbot.waitUntil(lambda: page.audit_box.view is not None and not page.audit_box.busy,
                    timeout=WAIT)
    return page


def table_rows(page: ApprovalsPage) -> list[list[str]]:
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def reloaded(qtbot: Any, page: ApprovalsPage) -> None:
    page.audit_box.reload()
    qtbot.waitUntil(lambda: not page.audit_box.busy, timeout=WAIT)


def test_the_seal_and_its_audit_row_show_the_same_station_time(qtbot: Any,
                                                              window: MainWindow) -> None:
    assert time.localtime().tm_gmtoff == 0  # the machine really is in UTC
    sched_id = on_db(qtbot, window, submitted_week)
    log_in(qtbot, window, "truongdai")
    window.resize(1600, 1000)  # the walk-through's screen
    page = approvals(qtbot, window)
    qtbot.waitUntil(lambda: page.inbox.count() == 1, timeout=WAIT)
    page.comment.setText("Đồng ý, phát đúng giờ")
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.sealed is not None and page.sealed.id == sched_id, timeout=WAIT)
    assert page.sealed is not None and page.sealed.decided_at
    decided = parse_utc(page.sealed.decided_at)
    station_hm = decided.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    utc_hm = decided.astimezone(UTC).strftime("%d/%m/%Y %H:%M")
    assert station_hm != utc_hm
    assert station_hm in page.seal_label.text()
    assert "Đồng ý, phát đúng giờ" in page.seal_label.text()  # the comment goes with the seal

    name = action_name("schedule.approve")
    qtbot.waitUntil(lambda: any(r[2] == name for r in table_rows(page)), timeout=WAIT)
    row = next(r for r in table_rows(page) if r[2] == name)
    assert row[0].startswith(station_hm + ":")  # dd/MM/yyyy HH:mm:ss, station time
    assert row[1] == "Trần Thị Trưởng"  # the person, not the username
    assert row[3].startswith(MONDAY.strftime("%d/%m/%Y"))  # the week, not its id
    assert sched_id not in " ".join(row)
    assert "Đồng ý, phát đúng giờ" in row[4]
    # Many rows fit: the trail is not a three-line strip.
    assert page.table.viewport().height() >= 12 * page.table.verticalHeader().defaultSectionSize()
    assert page.split.objectName() == "approvals_split"


def test_the_decision_history_shows_the_chiefs_comment(qtbot: Any, window: MainWindow) -> None:
    on_db(qtbot, window, submitted_week)
    log_in(qtbot, window, "truongdai")
    page = approvals(qtbot, window)
    qtbot.waitUntil(lambda: page.inbox.count() == 1, timeout=WAIT)
    page.comment.setText("Thiếu bản tin thời tiết buổi sáng")
    qtbot.mouseClick(page.reject_button, Qt.MouseButton.LeftButton)
    decided = page.inbox_box.decided
    qtbot.waitUntil(lambda: decided.count() == 1 and not page.busy, timeout=WAIT)
    assert "Thiếu bản tin thời tiết buổi sáng" in decided.item(0).text()


def test_filters_narrow_the_trail_and_the_csv_holds_what_is_shown(
        qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    on_db(qtbot, window, lambda st: (core_login(st, "luutru"), core_login(st, "bientap")))
    log_in(qtbot, window, "admin")
    page = approvals(qtbot, window)
    box = page.audit_box
    everyone = table_rows(page)
    who = box.user.findData("luutru")
    assert who > 0 and box.user.itemText(who) == "Lê Văn Lưu"
    box.user.setCurrentIndex(who)
    reloaded(qtbot, page)
    mine = table_rows(page)
    assert mine and len(mine) < len(everyone) and {r[1] for r in mine} == {"Lê Văn Lưu"}
    box.user.setCurrentIndex(0)
    box.action.setCurrentIndex(box.action.findData("user.login"))
    reloaded(qtbot, page)
    logins = table_rows(page)
    assert len(logins) >= 3 and {r[2] for r in logins} == {action_name("user.login")}
    assert action_name("user.login") == QCoreApplication.translate("audit", "Logged in")
    assert action_name("user.login") != "user.login"

    target = tmp_path / "nhat-ky.csv"
    box.export_csv(target)
    qtbot.waitUntil(lambda: box.exported == target, timeout=WAIT)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == box.headers() and lines[1:] == logins
    assert "Lê Văn Lưu" in {line[1] for line in lines[1:]}

    printable = tmp_path / "nhat-ky.html"
    box.export_html(printable)
    qtbot.waitUntil(lambda: box.exported == printable, timeout=WAIT)
    text = printable.read_text(encoding="utf-8")
    assert "Lê Văn Lưu" in text and action_name("user.login") in text
    assert text.count("<tr>") == len(logins) + 1
    exports = on_db(qtbot, window, lambda st: audit.recent(st.db, 5, "audit.export"))
    assert len(exports) == 2 and exports[0].actor == "admin"  # taking a copy is recorded


def test_an_archivist_login_is_not_a_refusal(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "luutru")
    assert window.workspace is not None
    qtbot.waitUntil(lambda: len(window.workspace.pages) == len(PAGES), timeout=WAIT)
    qtbot.wait(300)
    wait_all()
    denied = on_db(qtbot, window, lambda st: audit.recent(st.db, 50, "access.denied"))
    assert denied == []
    page = approvals(qtbot, window)  # the archivist reads the trail, and it has the page
    assert page.table.rowCount() > 0 and not page.inbox_box.isVisibleTo(page)


def test_library_and_sync_show_station_time(qtbot: Any, window: MainWindow) -> None:
    item = on_db(qtbot, window, lambda st: audio_item(st, "Bản tin trưa", 60))
    log_in(qtbot, window, "admin")
    assert window.workspace is not None
    library = window.workspace.page(LibraryPage)
    assert isinstance(library, LibraryPage)
    model = library.model
    library.model.refresh()
    qtbot.waitUntil(lambda: any(model.item_id(r) == item.id for r in range(model.rowCount())),
                    timeout=WAIT)
    row = next(r for r in range(model.rowCount()) if model.item_id(r) == item.id)
    added = model.data(model.index(row, 4))
    created = parse_utc(item.created_at)
    assert added == created.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    assert added != created.astimezone(UTC).strftime("%d/%m/%Y %H:%M")

    sync = window.workspace.page(SyncPage)
    assert isinstance(sync, SyncPage)
    moment = datetime(2026, 12, 7, 8, 18, tzinfo=UTC)
    sync.show_state({"link": None, "running": False, "paused": False, "report": None,
                     "last_success": moment.timestamp(), "hub": "http://127.0.0.1:9"})
    assert "07/12/2026 15:18" in sync.result.text()
    assert "08:18" not in sync.result.text()
    # The admin's limits box is laid out below the heading, not drawn over it.
    assert sync.layout_.indexOf(sync.limits_box) >= 0
