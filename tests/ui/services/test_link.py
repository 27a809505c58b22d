"""The window is a client of the station service: real processes throughout. `station service
run` plays through the PulseAudio null sink 'studio' and records its monitor ('studio_mic');
the window, logged in, follows the service over its channel, sends commands as its user, and
logging out, changing the language or closing the window changes nothing on air."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta
from typing import Any

import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from station.clock import parse_iso
from station.errors import PermissionDenied, ServiceUnavailable
from station.paths import DataDir
from station.service import channel
from tests.support.playout import Capture, find_tones, make_schedule, soon, tone_item
from tests.support.service import Service
from tests.support.window import close_window_station, log_in, open_window
from ui.main_window import MainWindow

WAIT = 20000
HCM_OFFSET = timedelta(hours=7)


def _onair(win: MainWindow) -> Any:
    from ui.pages.onair import OnAirPage

    assert win.workspace is not None
    page = win.workspace.page(OnAirPage)
    win.workspace.nav.setCurrentRow(win.workspace.pages.index(page))
    return page


def test_logout_and_language_change_during_playout_and_a_recording_change_nothing(
        qtbot: Any, pulse: dict[str, str], station: Any, datadir: DataDir) -> None:
    """A programme (3 s at 440 Hz, then 11 s at 660 Hz) plays from the service; a recording
    rule takes 5 s of the studio monitor from 2 s in. The window shows the item within 200 ms
    of its start, then logs out, logs in again and switches the language while both run: the
    second item is heard as one unbroken tone, and the take is the 5 s the rule asked for,
    with the change of item 1.0 s into it (its start error)."""
    from station.library import items as library
    from station.recording import rules as rr

    st = station
    opening = tone_item(st, "Mở đầu", 440.0, 3.0)
    programme = tone_item(st, "Chương trình trưa", 660.0, 11.0)
    cap = Capture(pulse)
    cap.wait_started()
    capture = cap.window()
    svc = Service(datadir, env=pulse)
    win = open_window(qtbot, datadir, "en")
    try:
        svc.wait_channel()
        start = soon(4)
        make_schedule(st, start, [{"item_id": opening.id}, {"item_id": programme.id}])
        rec_at = start + timedelta(seconds=2)
        local = (rec_at + HCM_OFFSET).replace(tzinfo=None)
        rule, _ = rr.add_rule(st, title="Thu giữa chương trình", source="studio_mic",
                              repeat="once", start=local.time(), on_date=local.date(),
                              duration_s=5)
        log_in(qtbot, win, "bientap")
        page = _onair(win)
        seen: list[float] = []

        def watch(state: Any) -> None:
            snap = ((state or {}).get("playout") or {}).get("snapshot") or {}
            if not seen and snap.get("title") == "Chương trình trưa":
                seen.append(time.time())

        win.link.changed.connect(watch)
        qtbot.waitUntil(lambda: "Chương trình trưa" in page.now_title.text(), timeout=WAIT)
        assert page.stop_button.isEnabled() and not page.start_service_button.isVisible()
        qtbot.waitUntil(lambda: time.time() > start.timestamp() + 5.0, timeout=WAIT)
        assert "Chương trình trưa" in page.now_title.text()
        assert "Recording" in page.recording_now.text()
        win.logout_action.trigger()  # nothing runs in the window: no question asked
        qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=WAIT)
        logged_out = time.time()
        qtbot.wait(1000)
        log_in(qtbot, win, "bientap")
        page = _onair(win)
        qtbot.waitUntil(lambda: "Chương trình trưa" in page.now_title.text(), timeout=WAIT)
        from ui.settings.page import SettingsPage

        settings_page = win.workspace.page(SettingsPage)  # type: ignore[union-attr]
        relabelled = time.time()
        settings_page.language_changed.emit("vi")
        qtbot.waitUntil(lambda: time.time() > start.timestamp() + 11.0, timeout=WAIT)
        page = _onair(win)
        assert "Chương trình trưa" in page.now_title.text()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and rr.run_log(st, rule.id)[0].status == "running":
            qtbot.wait(200)
        run = rr.run_log(st, rule.id)[0]
    finally:
        close_window_station(qtbot, win)
        assert svc.stop() == 0
    samples = capture.stop()
    aired = st.db.execute("SELECT aired_at FROM asrun WHERE item_id = ?",
                          [programme.id]).fetchall()
    assert len(aired) == 1, aired  # one airing: never stopped and started again
    shown_after = seen[0] - parse_iso(aired[0][0]).timestamp()
    print(f"the window showed the new item {shown_after * 1000:.0f} ms after it aired")
    assert shown_after < 0.2
    heard = find_tones(samples, capture.origin, [660.0], max_gap_s=0.05)[660.0]
    assert len(heard) == 1, heard  # one unbroken tone through the logout and the relabel
    assert abs(heard[0].at - start.timestamp() - 3.0) < 0.3
    assert heard[0].at < logged_out and heard[0].at < relabelled
    assert run.status == "done", run
    item = library.get_item(st, run.item_id)
    assert item is not None and item.duration_s == pytest.approx(5.0, abs=0.25)
    path = library.file_path(st, item)
    assert path is not None
    data, rate = sf.read(path, always_2d=True)
    assert rate == 48000
    took = find_tones(data.mean(axis=1).astype("float32"), 0.0, [440.0, 660.0],
                      max_gap_s=0.05)
    assert took[440.0] and took[440.0][0].at < 0.05  # the take begins inside the opening
    error = 1.0 - took[660.0][0].at  # > 0: the take began late
    print(f"the device take started {error * 1000:.0f} ms after the rule's time")
    assert abs(error) < 0.5


def test_commands_carry_the_user_and_are_checked_and_audited_in_the_core(
        qtbot: Any, pulse: dict[str, str], station: Any, datadir: DataDir) -> None:
    """Stop and Start from the On air page reach the service as the logged-in editor (the
    audit names her); an archivist, who may not run playout, is refused by the core; a
    client without the channel key is not heard at all."""
    from station import audit

    svc = Service(datadir, env=pulse)
    win = open_window(qtbot, datadir, "en")
    try:
        svc.wait_channel()
        log_in(qtbot, win, "bientap")
        page = _onair(win)
        qtbot.waitUntil(lambda: page.stop_button.isEnabled(), timeout=WAIT)
        from PySide6.QtWidgets import QMessageBox

        answers = {"stop": QMessageBox.StandardButton.Yes}
        original = QMessageBox.question
        QMessageBox.question = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: answers["stop"])
        try:
            qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
        finally:
            QMessageBox.question = original  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: page.start_button.isEnabled(), timeout=WAIT)
        assert "stopped by an operator" in page.service_line.text()
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.stop_button.isEnabled(), timeout=WAIT)
        with pytest.raises(PermissionDenied):
            channel.call(datadir, "playout.stop", "luutru")
        with pytest.raises(PermissionDenied):
            channel.call(datadir, "playout.stop")  # no user named: refused
        key = datadir.root / "service" / channel.KEY_NAME
        assert key.stat().st_mode & 0o777 == 0o600
        real = key.read_text()
        key.write_text("00" * 32)
        try:
            with pytest.raises(ServiceUnavailable):
                channel.call(datadir, "state")
        finally:
            key.write_text(real)
        assert channel.call(datadir, "state")["playout"]["on_air"] is True
    finally:
        close_window_station(qtbot, win)
        assert svc.stop() == 0
    rows = [(e.actor, e.action) for e in audit.recent(station.db, limit=500)]
    assert ("bientap", "playout.stop") in rows and ("bientap", "playout.start") in rows
    denied = audit.recent(station.db, limit=500, action="access.denied")
    assert [e.actor for e in denied] == ["luutru"]
    assert denied[0].detail["what"] == "stop playout"


def test_without_a_service_the_page_offers_to_start_one(
        qtbot: Any, pulse: dict[str, str], datadir: DataDir) -> None:
    """No service: the On air page and the status bar say so; Start the service starts one
    in the background that goes on after the window closes."""
    from station.service import status

    win = open_window(qtbot, datadir, "en")
    try:
        log_in(qtbot, win, "bientap")
        page = _onair(win)
        qtbot.waitUntil(lambda: page.start_service_button.isVisible(), timeout=WAIT)
        assert "not running" in page.service_line.text()
        assert "not running" in win.service_label.text()
        assert not page.stop_button.isEnabled()
        qtbot.mouseClick(page.start_service_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: win.link.running, timeout=40000)
        qtbot.waitUntil(lambda: not page.start_service_button.isVisible(), timeout=WAIT)
        assert "running" in win.service_label.text()
    finally:
        close_window_station(qtbot, win)
    found = status.check(datadir)
    supervisor = found.supervisor_pid
    try:
        assert found.running  # the window is closed; the service goes on
    finally:
        if supervisor is not None:
            os.kill(supervisor, signal.SIGTERM)
            deadline = time.monotonic() + 30
            while os.waitpid(supervisor, os.WNOHANG) == (0, 0):  # our child: reap it
                assert time.monotonic() < deadline, "the service did not stop"
                time.sleep(0.1)


def test_on_air_page_words_what_the_service_says(qtbot: Any, station: Any) -> None:
    """The page in Vietnamese, from a state as the service sends it: stopped by an operator,
    a service of another version, a job that keeps failing, a failed and a running recording."""
    from station import __version__
    from ui import i18n
    from ui.pages.onair import OnAirPage

    i18n.install("vi")
    page = OnAirPage(station)
    qtbot.addWidget(page)
    page.show()
    page.show_state(None)
    assert "không chạy" in page.service_line.text() and page.start_service_button.isVisible()
    page.show_state({
        "pid": 4242, "version": "0.0.1",
        "alarms": [{"source": "service", "kind": "job_failing", "job": "playout",
                    "detail": "RuntimeError: no output"}],
        "playout": {"on_air": False, "snapshot": None},
        "recordings": {"failed": 1, "last_error": "the stream did not answer",
                       "now": [{"title": "Thời sự VOV", "seconds": 1800}]}})
    line = page.service_line.text()
    assert "đang chạy (tiến trình 4242)" in line
    assert "bấm Bắt đầu" in line  # stopped by an operator
    assert "0.0.1" in line and __version__ in line
    assert "Phát sóng liên tục lỗi: RuntimeError: no output" in line
    assert not page.start_service_button.isVisible()
    assert page.start_button.isEnabled() and not page.stop_button.isEnabled()
    text = page.recording_now.text()
    assert "the stream did not answer" in text and "Đang thu “Thời sự VOV” (30:00)" in text
