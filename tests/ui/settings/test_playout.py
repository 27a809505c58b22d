"""Settings › On air driven as an admin would: the outputs QtMultimedia lists (read off the
GUI thread), dead-air time, filler from the library, the alarm and its output, the voice
for text bulletins; saved through an Op, refused with a message when the alarm would sound
on the on-air output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from station.playout import settings as playout_settings
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import close_window_station, open_window
from ui.main_window import MainWindow
from ui.operations import Op
from ui.settings.page import SettingsPage

WAIT = 15000


@pytest.fixture
def window(qtbot: Any, datadir: Any, pulse: dict[str, str]) -> Iterator[MainWindow]:
    win = open_window(qtbot, datadir, "en")
    yield win
    close_window_station(qtbot, win)


def _on_db(qtbot: Any, fn: Any) -> Any:
    """Run ``fn(station)`` on the db thread (the owner of the window's connection)."""
    out: list[Any] = []
    Op(lambda _s: fn(), None).success(out.append).run_in_background()
    qtbot.waitUntil(lambda: bool(out), timeout=WAIT)
    return out[0]


def test_admin_sets_the_playout_controls_and_they_are_saved(qtbot: Any,
                                                            window: MainWindow) -> None:
    from tests.support.playout import tone_item

    win = window
    win.login_panel.user.setCurrentText("admin")
    win.login_panel.password.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
    filler = _on_db(qtbot, lambda: tone_item(win.station, "Nhạc nền buổi sáng", 500.0, 1.0))
    win.workspace.nav.setCurrentRow(6)
    page = win.workspace.page(SettingsPage)
    assert isinstance(page, SettingsPage)
    box = page.playout_box
    assert box.isVisibleTo(win)
    # The outputs arrive from the work pool: the PulseAudio null sink is among them.
    qtbot.waitUntil(lambda: box.device.findData("Null Output") >= 0, timeout=WAIT)
    qtbot.waitUntil(lambda: box.save_button.isEnabled(), timeout=WAIT)
    assert box.device.currentData() == ""  # the system default until chosen
    assert box.dead_air.value() == pytest.approx(10.0)
    assert box.voice.currentData() == "bac"
    assert box.alert_device.findData("none") >= 0
    assert box.filler.findData(filler.id) >= 0
    box.device.setCurrentIndex(box.device.findData("Null Output"))
    box.dead_air.setValue(4.5)
    box.filler.setCurrentIndex(box.filler.findData(filler.id))
    box.alarm.setChecked(True)
    box.voice.setCurrentIndex(box.voice.findData("nam"))
    # The alarm on the on-air output is refused, with words, and nothing is stored.
    box.alert_device.setCurrentIndex(box.alert_device.findData("Null Output"))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "on-air output" in box.status.text(), timeout=WAIT)
    assert _on_db(qtbot, lambda: playout_settings.read(win.station)).device == ""
    box.alert_device.setCurrentIndex(box.alert_device.findData("none"))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.status.text().startswith("Saved"), timeout=WAIT)
    saved = _on_db(qtbot, lambda: playout_settings.read(win.station))
    assert saved == playout_settings.PlayoutSettings(
        device="Null Output", dead_air_s=4.5, filler_item=filler.id, alarm=True,
        alert_device="none", tts_voice="nam")
    # Shown again (a fresh page load reads what was stored).
    box.dead_air.setValue(7.0)
    box.reload()
    qtbot.waitUntil(lambda: box.dead_air.value() == pytest.approx(4.5), timeout=WAIT)
    assert box.filler.currentData() == filler.id and box.voice.currentData() == "nam"
    assert box.device.currentData() == "Null Output"
