"""Relay and live slots put in a session from the Schedule page: the dialog lists the station's
feeds, checks the rule with the core's parser (a bad one is refused in the dialog), saves
through the core, and an undone removal keeps the relay's rule. Real database, English UI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from station.paths import DataDir
from station.schedule import periods as schedule
from station.schedule.model import Slot
from sync import relay
from tests.support.schedule import MONDAY
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window
from ui.main_window import MainWindow
from ui.schedule.page import SchedulePage
from ui.schedule.stream_dialog import StreamSlotDialog

SCHEDULE_ROW = 2
FEED = "https://vov.example.vn/thoi-su.rss"


@pytest.fixture
def window(qtbot: Any, datadir: DataDir) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir, language="en")
    yield win
    close_window_station(qtbot, win, WAIT)


def settle(qtbot: Any, page: SchedulePage, done: Callable[[], bool]) -> None:
    qtbot.waitUntil(lambda: not page.busy and page.schedule is not None and done(),
                    timeout=WAIT)


def week_page(qtbot: Any, win: MainWindow) -> tuple[SchedulePage, str]:
    """The Schedule page on a new week with the default sessions; the first session's key."""
    assert win.workspace is not None
    win.workspace.nav.setCurrentRow(SCHEDULE_ROW)
    page = win.workspace.page(SchedulePage)
    assert isinstance(page, SchedulePage)
    page.go_to(MONDAY + timedelta(days=2))
    qtbot.waitUntil(lambda: page.state is not None and page.state.monday == MONDAY
                    and not page.busy, timeout=WAIT)
    page.create_how.setCurrentIndex(0)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: True)
    assert page.schedule is not None
    return page, page.schedule.sessions[0].key


def stored(qtbot: Any, win: MainWindow, page: SchedulePage, key: str) -> tuple[Slot, ...]:
    """The session's slots as the database has them."""
    assert page.schedule is not None
    sched_id = page.schedule.id
    return on_db(qtbot, win, lambda st: schedule.get_schedule(st, sched_id)).session(key).slots


def open_dialog(qtbot: Any, page: SchedulePage, key: str) -> StreamSlotDialog:
    box = page.week.boxes[key]
    assert box.stream_button.isVisible()
    qtbot.mouseClick(box.stream_button, Qt.MouseButton.LeftButton)
    dialog = page.slots.stream_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    return dialog


def test_a_relay_slot_with_its_rule_then_removed_and_put_back(qtbot: Any,
                                                              window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    on_db(qtbot, window, lambda st: relay.subscribe(st, FEED, title="Thời sự VOV"))
    page, morning = week_page(qtbot, window)
    dialog = open_dialog(qtbot, page, morning)
    assert dialog.feed.isEnabled() and dialog.feed.currentText() == "Thời sự VOV"
    # A bad rule: the core's words show at once, and saving is refused with the dialog open.
    dialog.rule.setText("tomorrow morning")
    assert dialog.message.text().startswith("Not a relay rule: tomorrow morning")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not page.busy
    assert not stored(qtbot, window, page, morning)
    # A good one, typed the Vietnamese way, is stored in its canonical form.
    dialog.rule.setText("sau 17:00; tiêu đề Thời sự")
    assert dialog.message.text() == ""
    dialog.minutes.setValue(15)
    dialog.seconds.setValue(30)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: len(page.schedule.session(morning).slots) == 1)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=WAIT)  # saved: closed
    [slot] = stored(qtbot, window, page, morning)
    assert (slot.kind, slot.relay_ref, slot.relay_rule, slot.planned_s, slot.title) == \
        ("relay", FEED, "after 17:00; title Thời sự", 930.0, "Thời sự VOV")
    tip = page.week.boxes[morning].slots.item(0).toolTip()
    assert FEED in tip and "after 17:00; title Thời sự" in tip
    # Removed, then undone: it comes back with its rule.
    page.week.select_slot(slot.key)
    qtbot.mouseClick(page.remove_slot_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: not page.schedule.session(morning).slots)  # type: ignore[union-attr]
    qtbot.mouseClick(page.slots.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: len(page.schedule.session(morning).slots) == 1)  # type: ignore[union-attr]
    [back] = stored(qtbot, window, page, morning)
    assert (back.kind, back.relay_ref, back.relay_rule) == \
        ("relay", FEED, "after 17:00; title Thời sự")


def test_a_live_window_and_a_bad_address(qtbot: Any, window: MainWindow) -> None:
    log_in(qtbot, window, "bientap")
    page, morning = week_page(qtbot, window)
    dialog = open_dialog(qtbot, page, morning)
    assert not dialog.feed.isEnabled()  # no feeds yet: it says where to subscribe
    dialog.live_choice.setChecked(True)
    assert dialog.url.isVisible() and not dialog.rule.isVisible()
    dialog.url.setText("ftp://nowhere")
    dialog.title_edit.setText("Trực tiếp hội nghị")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # the core refuses the address
    qtbot.waitUntil(lambda: "stream address" in dialog.message.text() and not page.busy,
                    timeout=WAIT)
    assert dialog.isVisible() and dialog.ok.isEnabled()
    dialog.url.setText("http://icecast.example.vn:8000/hoinghi")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    settle(qtbot, page, lambda: len(page.schedule.session(morning).slots) == 1)  # type: ignore[union-attr]
    [slot] = stored(qtbot, window, page, morning)
    assert (slot.kind, slot.stream_url, slot.planned_s, slot.title) == \
        ("live", "http://icecast.example.vn:8000/hoinghi", 1800.0, "Trực tiếp hội nghị")
    assert "http://icecast.example.vn:8000/hoinghi" in \
        page.week.boxes[morning].slots.item(0).toolTip()
