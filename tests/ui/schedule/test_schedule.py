"""The schedule week view and the chief's inbox, driven as the users would: the editor builds
the week and drops library items on it, submits; the chief approves; the editor finds it
locked, makes a revision and changes it; the chief sees the diff. Real database, real
drops (QDropEvent through the list's viewport), every wait on the background ops."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListWidget, QMessageBox

from station.paths import DataDir
from station.schedule import periods as schedule
from station.station import Station
from tests.support.schedule import MONDAY, audio_item
from tests.support.schedule import login as core_login
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window
from ui.approvals.page import ApprovalsPage
from ui.main_window import MainWindow
from ui.operations import wait_all
from ui.schedule.page import SchedulePage
from ui.schedule.rows import TIME_S_ROLE
from ui.schedule.week import slot_mime
from ui.widgets.drag import items_mime

SCHEDULE_ROW, APPROVALS_ROW = 2, 3


# -- the window ---------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot: Any, datadir: DataDir) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir)
    yield win
    close_window_station(qtbot, win, WAIT)


def log_out(qtbot: Any, win: MainWindow) -> None:
    wait_all()
    win.ready = False
    win.logout_action.trigger()
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                    timeout=WAIT)


def schedule_page(qtbot: Any, win: MainWindow) -> SchedulePage:
    assert win.workspace is not None
    win.workspace.nav.setCurrentRow(SCHEDULE_ROW)
    page = win.workspace.page(SchedulePage)
    assert isinstance(page, SchedulePage)
    page.go_to(MONDAY + timedelta(days=2))  # a Wednesday: the page shows its Monday's week
    qtbot.waitUntil(lambda: page.state is not None and page.state.monday == MONDAY
                    and not page.busy, timeout=WAIT)
    return page


def approvals_page(qtbot: Any, win: MainWindow) -> ApprovalsPage:
    assert win.workspace is not None
    win.workspace.nav.setCurrentRow(APPROVALS_ROW)
    page = win.workspace.page(ApprovalsPage)
    assert isinstance(page, ApprovalsPage)
    qtbot.waitUntil(lambda: page.inbox_state is not None, timeout=WAIT)
    return page


def settle(qtbot: Any, page: SchedulePage, done: Callable[[], bool]) -> None:
    qtbot.waitUntil(lambda: not page.busy and page.schedule is not None and done(),
                    timeout=WAIT)


# -- drag and drop --------------------------------------------------------------------------------
def drop(target: QListWidget, mime: QMimeData, at: QPoint | None = None) -> bool:
    """Drag ``mime`` over the list and drop it (at ``at``, viewport coordinates). Returns
    whether the list accepted the drag."""
    viewport = target.viewport()
    pos = at if at is not None else QPoint(5, viewport.height() - 2)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    where = QPointF(pos)
    enter = QDragEnterEvent(pos, actions, mime, buttons, keys)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(viewport, QDragMoveEvent(pos, actions, mime, buttons, keys))
    QApplication.sendEvent(viewport, QDropEvent(where, actions, mime, buttons, keys))
    return True


def top_of(target: QListWidget, row: int) -> QPoint:
    rect = target.visualRect(target.model().index(row, 0))
    return QPoint(rect.left() + 4, rect.top() + 1)


def slot_titles(page: SchedulePage, session_key: str) -> list[str]:
    sched = page.schedule
    assert sched is not None
    return [s.title for s in sched.session(session_key).slots]


def rows(page: SchedulePage, session_key: str) -> list[str]:
    lst = page.week.boxes[session_key].slots
    return [lst.item(r).text() for r in range(lst.count())]


def starts(page: SchedulePage, session_key: str) -> list[str]:
    """The start times with seconds the rows carry (the day view shows them)."""
    lst = page.week.boxes[session_key].slots
    return [str(lst.item(r).data(TIME_S_ROLE)) for r in range(lst.count())]


def first_session(page: SchedulePage) -> str:
    sched = page.schedule
    assert sched is not None
    return sched.sessions[0].key  # Monday 05:30, the earliest


# -- the whole story --------------------------------------------------------------------------------
def test_week_drag_submit_approve_lock_revise_diff(qtbot: Any, window: MainWindow,
                                                   tmp_path: Path) -> None:
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    assert page.schedule is None and page.create_panel.isVisibleTo(page)
    assert page.range.text() == "03/03/2031 – 09/03/2031"
    assert page.week.columns[0].day == MONDAY  # Monday first
    assert page.week.columns[0].header.text().endswith("03/03")

    page.create_how.setCurrentIndex(0)  # with the default sessions (05:30 and 17:00 daily)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    sched = page.schedule
    assert sched is not None and sched.status == "draft" and len(sched.sessions) == 14
    assert not page.create_panel.isVisibleTo(page)
    assert all(len(c.boxes) == 2 for c in page.week.columns)

    news, weather, extra = on_db(qtbot, window, lambda st: [
        audio_item(st, "Bản tin thời sự", 300), audio_item(st, "Dự báo thời tiết", 120),
        audio_item(st, "Thông báo của xã", 60)])
    morning = first_session(page)
    box = page.week.boxes[morning]
    assert drop(box.slots, items_mime([news.id, weather.id]))
    settle(qtbot, page, lambda: len(slot_titles(page, morning)) == 2)
    assert slot_titles(page, morning) == ["Bản tin thời sự", "Dự báo thời tiết"]
    shown = rows(page, morning)
    assert shown == ["05:30 Bản tin thời sự  5:00", "05:35 Dự báo thời tiết  2:00"]
    assert starts(page, morning) == ["05:30:00", "05:35:00"]  # back-timed, to the second
    box = page.week.boxes[morning]
    assert box.run_status == "under" and "23:00" in box.run.text()  # 7 of 30 minutes used

    # Reorder by dragging the weather to the top of its session.
    weather_key = page.schedule.session(morning).slots[1].key
    assert drop(box.slots, slot_mime(page.schedule.id, weather_key), top_of(box.slots, 0))
    settle(qtbot, page, lambda: slot_titles(page, morning)[0] == "Dự báo thời tiết")
    assert rows(page, morning)[1] == "05:32 Bản tin thời sự  5:00"

    # The checks are listed; only warnings (empty sessions): submit is allowed.
    assert page.problems.count() > 0 and page.submit_button.isEnabled()
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule.status == "submitted")
    assert not page.week.boxes[morning].add_button.isEnabled()
    assert not drop(page.week.boxes[morning].slots, items_mime([extra.id]))
    assert page.withdraw_button.isVisibleTo(page) and not page.submit_button.isVisibleTo(page)

    # The chief approves in one click; the seal is shown and verified.
    log_out(qtbot, window)
    log_in(qtbot, window, "truongdai")
    inbox = approvals_page(qtbot, window)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 1, timeout=WAIT)
    assert inbox.selected is not None and inbox.selected.entry.schedule.id == sched.id
    assert any("Bản tin thời sự" in t for t in inbox.diff.texts())  # first revision: contents
    assert inbox.approve_button.isEnabled() and not inbox.reject_button.isEnabled()
    qtbot.mouseClick(inbox.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.sealed is not None and inbox.inbox.count() == 0,
                    timeout=WAIT)
    assert inbox.sealed.seal and inbox.sealed.seal[:12] in inbox.seal_label.text()
    assert "truongdai" in inbox.seal_label.text()
    qtbot.mouseClick(inbox.verify_seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.seal_ok is not None, timeout=WAIT)
    assert inbox.seal_ok is True

    # Back as the editor: it is locked; export and print it; make a new revision.
    log_out(qtbot, window)
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    assert page.schedule is not None and page.schedule.status == "approved"
    morning = first_session(page)
    assert not page.week.boxes[morning].slots.acceptDrops()
    assert not page.add_session_button.isEnabled()
    assert page.revise_button.isVisibleTo(page) and page.revise_button.isEnabled()
    assert not drop(page.week.boxes[morning].slots, items_mime([extra.id]))

    page.exports.ask_html_path = lambda name: str(tmp_path / name)  # type: ignore[method-assign,unused-ignore]
    page.exports.print_html()
    qtbot.waitUntil(lambda: page.exports.printed is not None, timeout=WAIT)
    assert page.exports.printed is not None
    assert "Bản tin thời sự" in page.exports.printed.read_text(encoding="utf-8")
    page.exports.ask_folder = lambda: str(tmp_path)  # type: ignore[method-assign,unused-ignore]
    page.exports.export_package(as_zip=False)
    package = tmp_path / f"lich-phat-song-{MONDAY.isoformat()}-r1"
    qtbot.waitUntil(lambda: (package / "manifest.json").exists() and
                    str(package) in page.message.text(), timeout=WAIT)

    qtbot.mouseClick(page.revise_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule.revision == 2)
    assert page.schedule.status == "draft" and page.week.boxes[morning].slots.acceptDrops()
    # Change it: the news becomes a priority bulletin, a new item is dropped in the evening.
    news_key = page.schedule.session(morning).slots[1].key
    assert page.week.select_slot(news_key)
    assert page.priority_button.isEnabled()
    qtbot.mouseClick(page.priority_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule.find_slot(news_key)[1].priority == "priority")
    assert "[" in rows(page, morning)[1]  # marked as priority in the list
    evening = page.schedule.sessions[1].key
    assert drop(page.week.boxes[evening].slots, items_mime([extra.id]))
    settle(qtbot, page, lambda: slot_titles(page, evening) == ["Thông báo của xã"])
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule.status == "submitted")

    # The chief sees what changed against the approved revision.
    log_out(qtbot, window)
    log_in(qtbot, window, "truongdai")
    inbox = approvals_page(qtbot, window)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 1, timeout=WAIT)
    assert inbox.selected is not None and inbox.selected.entry.diff is not None
    kinds = sorted(c.change for c in inbox.diff.changes)
    assert kinds == ["added", "changed"]
    texts = inbox.diff.texts()
    assert any("Thông báo của xã" in t and "17:00" in t for t in texts)
    assert any("Bản tin thời sự" in t for t in texts)


def test_reject_needs_a_comment(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "truongdai")

    def submitted(st: Station) -> str:
        core_login(st, "bientap")
        sched, _ = schedule.create_week(st, MONDAY, empty=True)
        x, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=5, title="Sáng")
        item = audio_item(st, "Tin", 240)
        schedule.add_slot(st, sched.id, x.key, item_id=item.id)
        from station.schedule import approval as schedule_approval

        schedule_approval.submit(st, sched.id)
        core_login(st, "truongdai")
        return sched.id

    sched_id = on_db(qtbot, window, submitted)
    inbox = approvals_page(qtbot, window)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 1, timeout=WAIT)
    assert not inbox.reject_button.isEnabled()
    inbox.decide(False)  # even if asked without a comment, nothing is sent
    assert inbox.message.text() and not inbox.busy
    wait_all()
    assert inbox.inbox.count() == 1
    inbox.comment.setText("Thiếu bản tin của tỉnh")
    assert inbox.reject_button.isEnabled()
    qtbot.mouseClick(inbox.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.inbox.count() == 0 and inbox.sealed is not None, timeout=WAIT)
    assert inbox.sealed is not None and inbox.sealed.status == "rejected"
    assert "Thiếu bản tin" in inbox.seal_label.text()
    found = on_db(qtbot, window, lambda st: schedule.get_schedule(st, sched_id))
    assert found.status == "rejected" and found.comment == "Thiếu bản tin của tỉnh"


@pytest.mark.parametrize(("user", "schedule_on", "approvals_on", "inbox_on", "audit_on"), [
    ("bientap", True, False, False, False),
    ("luutru", False, True, False, True),
    ("admin", True, True, False, True),
    ("truongdai", True, True, True, True),
])
def test_each_section_follows_the_right(qtbot: Any, window: MainWindow, user: str,
                                        schedule_on: bool, approvals_on: bool, inbox_on: bool,
                                        audit_on: bool) -> None:
    password = "admin-password-1" if user == "admin" else f"{user}-password"
    qtbot.waitUntil(lambda: window.central.currentWidget() is window.login_panel, timeout=WAIT)
    window.login_panel.user.setCurrentText(user)
    window.login_panel.password.setText(password)
    qtbot.mouseClick(window.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    assert window.workspace is not None
    nav = window.workspace.nav
    assert bool(nav.item(SCHEDULE_ROW).flags() & Qt.ItemFlag.ItemIsEnabled) == schedule_on
    assert bool(nav.item(APPROVALS_ROW).flags() & Qt.ItemFlag.ItemIsEnabled) == approvals_on
    page = window.workspace.page(ApprovalsPage)
    assert isinstance(page, ApprovalsPage)
    assert page.inbox_box.isEnabled() == inbox_on
    assert page.audit_box.isEnabled() == audit_on
    if approvals_on:
        nav.setCurrentRow(APPROVALS_ROW)
        if audit_on:
            qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=WAIT)
        if inbox_on:
            qtbot.waitUntil(lambda: page.inbox_state is not None, timeout=WAIT)
    wait_all()
    assert (page.inbox_state is not None) == inbox_on  # no inbox is loaded without the right


def test_a_change_that_lost_a_race_is_applied_again(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    page.create_how.setCurrentIndex(1)  # empty
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    assert page.schedule is not None and len(page.schedule.sessions) == 0
    sched_id = page.schedule.id

    # Add a session through the dialog (Monday 06:00, 15 minutes).
    page.set_day_mode(True)
    assert page.range.text().endswith("05/03/2031")  # Wednesday in the day view
    page.go_to(MONDAY)
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    dialog = page.slots.session_dialog
    assert dialog is not None
    dialog.start.setTime(dialog.start.time().fromString("06:00", "HH:mm"))
    dialog.minutes.setValue(15)
    dialog.title_edit.setText("Buổi sáng")
    dialog.accept()
    settle(qtbot, page, lambda: page.schedule is not None and len(page.schedule.sessions) == 1)
    key = first_session(page)
    assert page.week.columns[0].isVisibleTo(page) and not page.week.columns[1].isVisibleTo(page)
    assert page.week.boxes[key].heading.text() == "06:00–06:15 Buổi sáng"

    # Someone else changes the draft behind the page's back (another workstation).
    item, other = on_db(qtbot, window, lambda st: (
        audio_item(st, "Tin của tôi", 100), audio_item(st, "Tin của người khác", 100)))
    # (Its Changes are not announced here: this window does not hear of it.)
    on_db(qtbot, window,
          lambda st: schedule.add_slot(st, sched_id, key, item_id=other.id)[0])
    assert slot_titles(page, key) == []  # the page still shows the old version
    assert drop(page.week.boxes[key].slots, items_mime([item.id]))
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page) and not page.busy, timeout=WAIT)
    assert slot_titles(page, key) == ["Tin của người khác"]  # reloaded: theirs is shown
    qtbot.mouseClick(page.reapply_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: len(slot_titles(page, key)) == 2)
    assert slot_titles(page, key) == ["Tin của người khác", "Tin của tôi"]
    assert not page.banner.isVisibleTo(page)

    # Remove a slot with the button; the over-run shows as an error that blocks submit.
    mine_key = page.schedule.session(key).slots[1].key
    page.week.select_slot(mine_key)
    qtbot.mouseClick(page.remove_slot_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: len(slot_titles(page, key)) == 1)
    long = on_db(qtbot, window, lambda st: audio_item(st, "Phóng sự dài", 20 * 60))
    assert drop(page.week.boxes[key].slots, items_mime([long.id]))
    settle(qtbot, page, lambda: len(slot_titles(page, key)) == 2)
    assert page.week.boxes[key].run_status == "over"
    assert page.state is not None and page.state.report is not None
    assert not page.state.report.ok and not page.submit_button.isEnabled()


def test_items_can_be_added_without_dragging(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    items = on_db(qtbot, window, lambda st: [audio_item(st, f"Tin {n}", 60) for n in range(3)])
    page = schedule_page(qtbot, window)
    page.create_how.setCurrentIndex(0)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    morning = first_session(page)
    qtbot.mouseClick(page.week.boxes[morning].add_button, Qt.MouseButton.LeftButton)
    picker = page.slots.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.loaded, timeout=WAIT)
    picker.filter.setText("tin 1")
    visible = [r for r in range(picker.list.count()) if not picker.list.item(r).isHidden()]
    assert len(visible) == 1
    picker.list.item(visible[0]).setSelected(True)
    picker.accept()
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["Tin 1"])
    assert items[1].title == "Tin 1"
    # Keyboard reordering: the next one goes first, then down again.
    page.slots.pick_items(morning)
    picker = page.slots.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.loaded, timeout=WAIT)
    for r in range(picker.list.count()):
        picker.list.item(r).setSelected("Tin 2" in picker.list.item(r).text())
    picker.accept()
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["Tin 1", "Tin 2"])
    page.week.select_slot(page.schedule.session(morning).slots[1].key)  # type: ignore[union-attr]
    assert page.up_button.isEnabled() and not page.down_button.isEnabled()
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["Tin 2", "Tin 1"])
    assert page.current_slot and not page.up_button.isEnabled()  # the moved slot stays chosen


def test_sessions_are_edited_and_removed(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    page.create_how.setCurrentIndex(0)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    morning = first_session(page)
    qtbot.mouseClick(page.week.boxes[morning].edit_button, Qt.MouseButton.LeftButton)
    dialog = page.slots.session_dialog
    assert dialog is not None and dialog.values()[1:] == ("05:30", 30, "Buổi sáng")
    dialog.start.setTime(dialog.start.time().fromString("06:15", "HH:mm"))
    dialog.minutes.setValue(20)
    dialog.accept()
    settle(qtbot, page, lambda: page.week.boxes[morning].heading.text().startswith("06:15–06:35"))
    qtbot.mouseClick(page.week.boxes[morning].remove_button, Qt.MouseButton.LeftButton)
    box = page.slots.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, page, lambda: morning not in page.week.boxes)
    assert page.schedule is not None and len(page.schedule.sessions) == 13


# -- publishing, emergency bulletins, reports -------------------------------------------------------
def _approved_week(st: Station) -> str:
    """A week with one filled session, submitted by the editor and approved by the chief."""
    from station.schedule import approval as schedule_approval

    core_login(st, "bientap")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    x, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=5, title="Sáng")
    item = audio_item(st, "Tin sáng", 240, category="Thời sự")
    schedule.add_slot(st, sched.id, x.key, item_id=item.id)
    schedule_approval.submit(st, sched.id)
    core_login(st, "truongdai")
    schedule_approval.approve(st, sched.id)
    return sched.id


def test_an_approved_schedule_is_published(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    sched_id = on_db(qtbot, window, _approved_week)
    on_db(qtbot, window, lambda st: core_login(st, "bientap"))
    page = schedule_page(qtbot, window)
    assert page.schedule is not None and page.schedule.status == "approved"
    assert page.publish_button.isVisibleTo(page) and page.publish_button.isEnabled()
    qtbot.mouseClick(page.publish_button, Qt.MouseButton.LeftButton)
    box = page.workflow.confirm_box  # it asks first, saying what publishing does
    assert box is not None and box.isVisible() and "1" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    wait_all()
    assert page.schedule is not None and page.schedule.status == "approved"
    qtbot.mouseClick(page.publish_button, Qt.MouseButton.LeftButton)
    box = page.workflow.confirm_box
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    settle(qtbot, page, lambda: page.schedule.status == "published")  # type: ignore[union-attr]
    assert not page.publish_button.isVisibleTo(page)
    assert page.message.text() and page.print_button.isVisibleTo(page)
    found = on_db(qtbot, window, lambda st: schedule.get_schedule(st, sched_id))
    assert found.status == "published"


def test_emergency_declared_then_confirmed_by_the_chief(qtbot: Any, window: MainWindow) -> None:
    from station.schedule import bulletins as schedule_bulletins

    log_in(qtbot, window, "bientap")
    flood, other = on_db(qtbot, window, lambda st: (audio_item(st, "Lũ quét ở thôn 3", 90),
                                                    audio_item(st, "Cắt điện", 60)))
    page = schedule_page(qtbot, window)
    assert page.emergency_button.isVisibleTo(page)
    qtbot.mouseClick(page.emergency_button, Qt.MouseButton.LeftButton)
    dialog = page.emergencies.emergency_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    for r in range(dialog.list.count()):
        dialog.list.item(r).setSelected("Lũ quét" in dialog.list.item(r).text())
    dialog.accept()  # no reason yet: the dialog stays open and says why
    assert dialog.isVisible() and dialog.message.text()
    dialog.reason.setText("Nước lên nhanh, sơ tán ngay")
    dialog.accept()
    box = page.emergencies.confirm_box  # nothing airs before the editor says yes
    assert box is not None and "Lũ quét ở thôn 3" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.emergencies.declared is not None, timeout=WAIT)
    assert page.emergencies.declared is not None and page.emergencies.declared.item_id == flood.id
    assert "Lũ quét" in page.message.text()
    # A second one, settled elsewhere before the chief gets to it.
    second = on_db(qtbot, window, lambda st: schedule_bulletins.declare_emergency(
        st, other.id, "Cắt điện toàn xã")[0])

    log_out(qtbot, window)
    log_in(qtbot, window, "truongdai")
    inbox = approvals_page(qtbot, window)
    qtbot.waitUntil(lambda: inbox.emergencies.count() == 2, timeout=WAIT)
    assert inbox.emergency_box.isVisibleTo(inbox)
    # Confirmed on another workstation (its Changes are not heard by this window).
    on_db(qtbot, window, lambda st: schedule_bulletins.confirm_emergency(st, second.id)[0])
    ids = [inbox.emergencies.item(r).data(Qt.ItemDataRole.UserRole)
           for r in range(inbox.emergencies.count())]
    inbox.emergencies.setCurrentRow(ids.index(second.id))
    assert inbox.confirm_emergency_button.isEnabled()
    assert not inbox.cancel_emergency_button.isEnabled()  # cancelling needs a note
    inbox.emergency_note.setText("Không cần thiết")
    qtbot.mouseClick(inbox.cancel_emergency_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.emergencies.count() == 1 and not inbox.emergency_busy,
                    timeout=WAIT)
    assert "confirmed" in inbox.emergency_message.text()  # refused: already settled
    qtbot.mouseClick(inbox.confirm_emergency_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: inbox.emergencies.count() == 0 and not inbox.emergency_busy,
                    timeout=WAIT)
    assert "Lũ quét" in inbox.emergency_message.text()
    found = on_db(qtbot, window, lambda st: schedule_bulletins.get_emergency(
        st, page.emergencies.declared.id))  # type: ignore[union-attr]
    assert found.status == "confirmed" and found.confirmed_by == "truongdai"


def test_reports_show_rows_a_chart_and_save_csv(qtbot: Any, window: MainWindow,
                                                tmp_path: Path) -> None:
    from datetime import date

    log_in(qtbot, window, "bientap")
    on_db(qtbot, window, _approved_week)
    on_db(qtbot, window, lambda st: core_login(st, "bientap"))
    page = schedule_page(qtbot, window)
    qtbot.mouseClick(page.reports_button, Qt.MouseButton.LeftButton)
    reports = page.exports.reports
    assert reports is not None and reports.isVisible()
    today = date.today()  # the items were made today; the schedule is in MONDAY's week
    reports.set_range(today, MONDAY + timedelta(days=6), "month")
    reports.reload()
    qtbot.waitUntil(lambda: not reports.loading and reports.report is not None
                    and reports.report.start == today, timeout=WAIT)
    assert reports.table.rowCount() >= 1 and reports.chart.labels
    texts = [reports.table.item(r, 1).text() for r in range(reports.table.rowCount())]
    assert "Thời sự" in texts
    reports.part.setCurrentIndex(reports.part.findData("turnaround"))
    assert reports.table.rowCount() == 1 and "truongdai" in [
        reports.table.item(0, c).text() for c in range(reports.table.columnCount())]
    reports.ask_csv_path = lambda name: str(tmp_path / name)  # type: ignore[method-assign,unused-ignore]
    qtbot.mouseClick(reports.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.saved is not None, timeout=WAIT)  # written off the UI thread
    assert reports.saved is not None
    text = reports.saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("period_start,submitted") and "approved" in text
    reports.grab()  # paints the chart (QPainter) without error
    reports.close()


# -- the library beside the week, reordering, undo, readable rows ------------------------------------
def _week_with_sessions(qtbot: Any, page: SchedulePage) -> str:
    page.create_how.setCurrentIndex(0)  # the default sessions: 05:30 (30 min) and 17:00 daily
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    return first_session(page)


def _stored_titles(qtbot: Any, window: MainWindow, page: SchedulePage, key: str) -> list[str]:
    """The session's slots as the database has them (not as the view shows them)."""
    assert page.schedule is not None
    sched_id = page.schedule.id
    found = on_db(qtbot, window, lambda st: schedule.get_schedule(st, sched_id))
    return [s.title for s in found.session(key).slots]


def test_items_dragged_from_the_library_panel_into_a_session(qtbot: Any,
                                                             window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    on_db(qtbot, window, lambda st: [audio_item(st, "Bản tin Hòa Bình", 90),
                                     audio_item(st, "Tin Hòa Bình chiều", 60),
                                     audio_item(st, "Dự báo thời tiết", 120)])
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    panel = page.library
    assert panel.isVisibleTo(page) and page.body.objectName() == "schedule_library_split"
    qtbot.waitUntil(lambda: panel.loaded and not panel.searching, timeout=WAIT)
    assert len(panel.titles()) == 3
    panel.search.setText("hoa binh")  # no marks typed: folded as on the Library page
    qtbot.waitUntil(lambda: not panel.searching and len(panel.titles()) == 2, timeout=WAIT)
    assert sorted(panel.titles()) == ["Bản tin Hòa Bình", "Tin Hòa Bình chiều"]
    panel.list.topLevelItem(panel.titles().index("Bản tin Hòa Bình")).setSelected(True)
    mime = panel.mimeData()  # what dragging the selected row carries
    assert drop(page.week.boxes[morning].slots, mime)
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["Bản tin Hòa Bình"])
    assert _stored_titles(qtbot, window, page, morning) == ["Bản tin Hòa Bình"]
    # Both rows dragged at once go in list order, before the slot they are dropped on.
    for r in range(panel.list.topLevelItemCount()):
        panel.list.topLevelItem(r).setSelected(True)
    order = panel.titles()
    assert drop(page.week.boxes[morning].slots, panel.mimeData(),
                top_of(page.week.boxes[morning].slots, 0))
    settle(qtbot, page, lambda: len(slot_titles(page, morning)) == 3)
    assert _stored_titles(qtbot, window, page, morning) == [*order, "Bản tin Hòa Bình"]
    # The library can be put away, and stays so for this user.
    page.library_button.setChecked(False)
    assert not panel.isVisibleTo(page)


def test_reorder_by_drag_inside_a_session(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    items = on_db(qtbot, window, lambda st: [audio_item(st, t, 60) for t in ("A", "B", "C")])
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    assert drop(page.week.boxes[morning].slots, items_mime([i.id for i in items]))
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["A", "B", "C"])
    sched = page.schedule
    assert sched is not None
    lst = page.week.boxes[morning].slots

    def centre(row: int) -> QPoint:
        return lst.visualRect(lst.model().index(row, 0)).center()

    # "A" dropped on the middle of "B" takes B's place (a move by one row is never lost).
    a_key = sched.session(morning).slots[0].key
    assert drop(lst, slot_mime(sched.id, a_key), centre(1))
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["B", "A", "C"])
    assert _stored_titles(qtbot, window, page, morning) == ["B", "A", "C"]
    # "C" dropped on "B", upwards, takes the first place.
    lst = page.week.boxes[morning].slots
    c_key = page.schedule.session(morning).slots[2].key  # type: ignore[union-attr]
    assert drop(lst, slot_mime(page.schedule.id, c_key), centre(0))  # type: ignore[union-attr]
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["C", "B", "A"])
    assert _stored_titles(qtbot, window, page, morning) == ["C", "B", "A"]


def test_a_removed_slot_comes_back_with_undo(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    items = on_db(qtbot, window, lambda st: [audio_item(st, t, 60) for t in ("A", "B", "C")])
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    assert drop(page.week.boxes[morning].slots, items_mime([i.id for i in items]))
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["A", "B", "C"])
    assert not page.slots.undo_button.isEnabled()  # nothing to undo yet
    # "B" is a priority bulletin: it must come back as one.
    b_key = page.schedule.session(morning).slots[1].key  # type: ignore[union-attr]
    page.week.select_slot(b_key)
    qtbot.mouseClick(page.priority_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule.find_slot(b_key)[1].priority == "priority")  # type: ignore[union-attr]
    page.week.select_slot(b_key)
    qtbot.mouseClick(page.remove_slot_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["A", "C"])
    assert page.slots.undo_button.isEnabled() and "B" in page.slots.undo_button.toolTip()
    page.undo_shortcut.activated.emit()  # Ctrl+Z
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["A", "B", "C"])
    assert _stored_titles(qtbot, window, page, morning) == ["A", "B", "C"]
    back = page.schedule.session(morning).slots[1]  # type: ignore[union-attr]
    assert back.priority == "priority" and back.item_id == items[1].id
    assert not page.slots.undo_button.isEnabled()
    # Two removals come back in the reverse order, each at its place.
    for title in ("A", "C"):
        key = next(s.key for s in page.schedule.session(morning).slots  # type: ignore[union-attr]
                   if s.title == title)
        page.week.select_slot(key)
        qtbot.mouseClick(page.remove_slot_button, Qt.MouseButton.LeftButton)
        settle(qtbot, page, lambda t=title: t not in slot_titles(page, morning))
    assert slot_titles(page, morning) == ["B"]
    qtbot.mouseClick(page.slots.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["B", "C"])
    qtbot.mouseClick(page.slots.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["A", "B", "C"])


def test_week_rows_show_the_title_and_the_session_total(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    title = "Bản tin thời sự tổng hợp buổi sáng của Ủy ban nhân dân xã Hòa Bình"
    long, short = on_db(qtbot, window, lambda st: (audio_item(st, title, 18),
                                                   audio_item(st, "Nhạc hiệu", 42)))
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    assert drop(page.week.boxes[morning].slots, items_mime([long.id, short.id]))
    settle(qtbot, page, lambda: len(slot_titles(page, morning)) == 2)
    box = page.week.boxes[morning]
    first = box.slots.item(0)
    assert first.text() == f"05:30 {title}  0:18"  # start, the whole title, the length
    assert title in first.toolTip() and "05:30:00–05:30:18" in first.toolTip()
    # The session's total against its length, in words and as a fill.
    assert "1:00" in box.run.text() and "30:00" in box.run.text()
    assert box.run_status == "under" and box.fill.fraction == pytest.approx(60 / 1800)
    box.slots.grab()  # the row delegate paints (elided title, length at the right)
    # One control zooms from the week to the day; the choice is kept for this user.
    assert not page.week.detailed
    page.navigation.zoom.setValue(1)  # three days
    assert page.week.days_shown == 3
    assert sum(c.isVisibleTo(page) for c in page.week.columns) == 3
    page.navigation.zoom.setValue(2)  # one day: seconds and marks on the rows
    assert page.week.day_mode and page.week.boxes[morning].slots.detailed
    assert sum(c.isVisibleTo(page) for c in page.week.columns) == 1
    log_out(qtbot, window)
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    assert page.week.day_mode and page.navigation.zoom.value() == 2


def test_the_add_session_dialog_is_not_called_edit(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    qtbot.mouseClick(page.add_session_button, Qt.MouseButton.LeftButton)
    adding = page.slots.session_dialog
    assert adding is not None and adding.adding
    add_title = adding.windowTitle()
    adding.reject()
    qtbot.mouseClick(page.week.boxes[morning].edit_button, Qt.MouseButton.LeftButton)
    editing = page.slots.session_dialog
    assert editing is not None and editing is not adding and not editing.adding
    assert add_title and add_title != editing.windowTitle()
    editing.reject()


def test_the_emergency_picker_counts_in_the_ui_language(qtbot: Any, window: MainWindow) -> None:
    """The picker's words keep their context under the emergency dialog (PySide's tr takes
    the subclass's name, which left "13 item(s)" in English)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    class Vietnamese(QTranslator):  # stands in for the .qm the lead builds
        def translate(self, context: str, text: str, *_args: Any) -> str:
            return "%n mục" if (context, text) == ("ItemPicker", "%n item(s)") else ""

    log_in(qtbot, window, "bientap")
    on_db(qtbot, window, lambda st: [audio_item(st, f"Tin {n}", 30) for n in range(3)])
    page = schedule_page(qtbot, window)
    translator = Vietnamese()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.mouseClick(page.emergency_button, Qt.MouseButton.LeftButton)
        dialog = page.emergencies.emergency_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
        assert dialog.message.text() == f"{dialog.list.count()} mục"
    finally:
        QCoreApplication.removeTranslator(translator)
    dialog.reject()


def test_a_week_saved_as_a_template_starts_the_next_week(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    news = on_db(qtbot, window, lambda st: audio_item(st, "Bản tin sáng", 60))
    page = schedule_page(qtbot, window)
    morning = _week_with_sessions(qtbot, page)
    qtbot.mouseClick(page.week.boxes[morning].add_button, Qt.MouseButton.LeftButton)
    picker = page.slots.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.loaded, timeout=WAIT)
    picker.list.item(0).setSelected(True)
    picker.accept()
    settle(qtbot, page, lambda: slot_titles(page, morning) == ["Bản tin sáng"])
    button = page.exports.template_button
    assert button.isVisible() and button.isEnabled()
    page.exports.ask_template_name = lambda: "  Tuần thường  "  # type: ignore[method-assign]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tuần thường" in page.message.text(), timeout=WAIT)

    page.go_to(MONDAY + timedelta(days=7))  # an empty week offers the template
    qtbot.waitUntil(lambda: page.state is not None and page.state.schedule is None
                    and not page.busy, timeout=WAIT)
    choices = [page.create_how.itemText(n) for n in range(page.create_how.count())]
    chosen = next(n for n, text in enumerate(choices) if "“Tuần thường”" in text)
    page.create_how.setCurrentIndex(chosen)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: page.schedule is not None
           and page.schedule.period_start == MONDAY + timedelta(days=7))
    assert page.schedule is not None
    first = page.schedule.sessions[0]
    assert [s.item_id for s in first.slots] == [news.id]  # the slot came with the clock
    assert not page.exports.template_button.isHidden()

