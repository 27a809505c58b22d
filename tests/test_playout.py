"""On-air playout with real parts: a published schedule plays through QtMultimedia into the
PulseAudio null sink 'studio'; what it played is captured from studio.monitor and checked
sample by sample (each item is a tone of its own frequency): start times, order, levels,
emergency pre-emption, the filler after a failing stream and after dead air, a kill -9 and
restart, and that nothing unpublished ever plays."""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from station import settings
from station.playout import Runner, make_engine, plan, read_state
from station.schedule_bulletins import declare_emergency
from tests.playout_support import Capture, find_tones, make_schedule, soon, tone_item

# Honest bounds for a loaded 2-core machine: each start within 50 ms of its time once the
# capture's constant offset (measured in the same run) is taken out; that offset itself
# small (the capture path's own buffering).
START_TOLERANCE_S = 0.050
OFFSET_BOUND_S = 0.25


def _run(runner: Runner, until: float) -> None:
    while time.time() < until:
        runner.tick()
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _gui_app(qapp: Any) -> None:
    """The engine makes a bare QCoreApplication when none exists (the CLI); in this test
    process later tests need widgets, so the QApplication must come first."""


@pytest.fixture
def capture(pulse: dict[str, str]) -> Iterator[Capture]:
    cap = Capture(pulse)
    cap.wait_started()
    yield cap
    cap.stop()


def _asrun(st: Any) -> list[dict[str, Any]]:
    cols = ("aired_at, ended_at, scheduled_at, item_id, title, kind, sha256, interruptions,"
            " offset_s, duration_s, relay_ref, stream_url, source")
    return [dict(zip(cols.split(", "), r, strict=True)) for r in st.db.execute(
        f"SELECT {cols} FROM asrun ORDER BY aired_at").fetchall()]


def _ts(text: str) -> float:
    from station.clock import parse_iso

    return parse_iso(text).timestamp()


def test_items_start_on_time_in_order_at_their_gain(station: Any, capture: Capture) -> None:
    st = station
    tones = [(440.0, 1.2, 0.0), (660.0, 1.0, -6.0), (990.0, 1.2, 3.0)]
    items = [tone_item(st, f"Bản tin {f:g}", f, secs, gain_db=g) for f, secs, g in tones]
    start = soon(2)
    make_schedule(st, start, [{"item_id": i.id} for i in items])
    runner = Runner(st, make_engine(st))
    runner.start()
    try:
        _run(runner, start.timestamp() + 3.5)
    finally:
        runner.stop()
    samples = capture.stop()
    found = find_tones(samples, capture.origin, [f for f, _, _ in tones])
    expected = [start.timestamp(), start.timestamp() + 1.2, start.timestamp() + 2.2]
    onsets = [found[f][0] for f, _, _ in tones]
    assert all(len(found[f]) == 1 for f, _, _ in tones), found
    errors = [o.at - t for o, t in zip(onsets, expected, strict=True)]
    offset = statistics.median(errors)
    assert abs(offset) < OFFSET_BOUND_S, errors
    assert all(abs(e - offset) <= START_TOLERANCE_S for e in errors), errors
    assert [o.at for o in onsets] == sorted(o.at for o in onsets)
    for o, (_, _, gain) in zip(onsets, tones, strict=True):  # -12 dBFS sine: RMS -15.01
        assert o.rms_db == pytest.approx(-12.0 - 3.01 + gain, abs=0.5), (o, gain)
    log = [r for r in _asrun(st) if r["kind"] == "scheduled"]
    assert [r["item_id"] for r in log] == [i.id for i in items]
    for r, t in zip(log, expected, strict=True):
        assert r["ended_at"] and r["sha256"]
        assert abs(_ts(r["aired_at"]) - t) < 0.1
        assert abs(_ts(r["scheduled_at"]) - t) < 0.001


def test_unpublished_schedules_never_play(station: Any, capture: Capture) -> None:
    st = station
    item = tone_item(st, "Chưa công bố", 550.0, 1.0)
    start = soon(1)
    make_schedule(st, start, [{"item_id": item.id}], publish=False)  # approved only
    from datetime import timedelta

    assert plan(st, start - timedelta(minutes=1), start + timedelta(minutes=5)).events == ()
    runner = Runner(st, make_engine(st))
    runner.start()
    try:
        _run(runner, start.timestamp() + 1.2)
    finally:
        runner.stop()
    samples = capture.stop()
    assert find_tones(samples, capture.origin, [550.0])[550.0] == []
    assert _asrun(st) == []


def test_emergency_preempts_within_a_second_and_the_session_rejoins(
        station: Any, capture: Capture) -> None:
    st = station
    main = tone_item(st, "Chương trình", 440.0, 3.0)
    alert = tone_item(st, "Cảnh báo bão", 1000.0, 1.0)
    start = soon(2)
    make_schedule(st, start, [{"item_id": main.id}])
    runner = Runner(st, make_engine(st))
    runner.start()
    try:
        _run(runner, start.timestamp() + 1.0)
        declared = time.time()
        declare_emergency(st, alert.id, "Bão số 3 đổ bộ")
        _run(runner, start.timestamp() + 3.4)
    finally:
        runner.stop()
    samples = capture.stop()
    found = find_tones(samples, capture.origin, [440.0, 1000.0])
    assert len(found[1000.0]) == 1
    heard = found[1000.0][0].at
    assert heard - declared < 1.0, heard - declared
    assert found[1000.0][0].rms_db == pytest.approx(-15.0, abs=0.5)
    # The programme is heard before, and again after the bulletin (resumed on the clock).
    assert len(found[440.0]) == 2
    before, after = found[440.0]
    assert before.at < heard < after.at
    assert after.at - (heard + 1.0) < 0.2
    log = _asrun(st)
    kinds = [r["kind"] for r in log]
    assert kinds == ["scheduled", "emergency"]
    programme = log[0]
    notes = json.loads(programme["interruptions"])
    assert len(notes) == 1 and notes[0].startswith("emergency:")
    # It ran to its planned end: 3 s after its start, not 3 s of sound.
    assert abs(_ts(programme["ended_at"]) - (start.timestamp() + 3.0)) < 0.15


def test_failed_stream_and_dead_air_fall_back_to_the_filler(
        station: Any, capture: Capture) -> None:
    st = station
    filler = tone_item(st, "Nhạc nền", 1500.0, 0.8)
    silent = tone_item(st, "Băng trắng", 700.0, 3.0, silent=True)
    settings.PLAYOUT_FILLER_ITEM.set(st.db, filler.id)
    settings.PLAYOUT_DEAD_AIR_S.set(st.db, 1.0)
    start = soon(2)
    # A live relay whose server refuses the connection, then an item that is silence.
    make_schedule(st, start, [
        {"kind": "live", "stream_url": "http://127.0.0.1:9/live.mp3", "planned_s": 1.5,
         "title": "Tiếp sóng tỉnh"},
        {"item_id": silent.id}])
    runner = Runner(st, make_engine(st))
    runner.start()
    try:
        _run(runner, start.timestamp() + 4.2)
    finally:
        runner.stop()
    samples = capture.stop()
    kinds = [a.kind for a in runner.alarms]
    assert "stream_failed" in kinds and "dead_air" in kinds, runner.alarms
    found = find_tones(samples, capture.origin, [1500.0])[1500.0]
    # The filler covers the failed window from its start, and again after 1 s of silence.
    assert found, "the filler never played"
    assert abs(found[0].at - start.timestamp()) < 0.35
    dead = [o for o in found if o.at > start.timestamp() + 1.6]
    assert dead and abs(dead[0].at - (start.timestamp() + 1.5 + 1.0)) < 0.6
    log = _asrun(st)
    assert any(r["kind"] == "filler" for r in log)
    relay = [r for r in log if r["stream_url"]]
    assert relay == [] or json.loads(relay[0]["interruptions"]) == ["failed"]


class _Cli:
    """`station playout run --json` in a child process; its events read as they come."""

    def __init__(self, datadir: Any) -> None:
        import threading

        exe = Path(sys.executable).with_name("station")
        self.proc = subprocess.Popen(
            [str(exe), "--data-dir", str(datadir.root), "playout", "run", "--minutes", "2",
             "--json"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.append(json.loads(line))

    def wait_for(self, event: str, timeout: float = 30.0) -> float:
        deadline = time.time() + timeout
        while not any(e["event"] == event for e in self.events):
            assert time.time() < deadline and self.proc.poll() is None, self.events
            time.sleep(0.05)
        return time.time()


def test_kill_9_and_restart_rejoin_at_the_right_item_and_offset(
        station: Any, capture: Capture, datadir: Any) -> None:
    st = station
    first = tone_item(st, "Mở đầu", 440.0, 1.5)
    second = tone_item(st, "Thời sự", 660.0, 10.0)
    cli = _Cli(datadir)
    cli.wait_for("started")  # the schedule is published while playout runs: it is picked up
    start = soon(2.5)
    make_schedule(st, start, [{"item_id": first.id}, {"item_id": second.id}])
    while time.time() < start.timestamp() + 2.5:  # one second into the second item
        time.sleep(0.05)
    os.kill(cli.proc.pid, signal.SIGKILL)
    killed = time.time()
    cli.proc.wait(10)
    again = _Cli(datadir)
    try:
        again.wait_for("on_air")
        time.sleep(1.0)
    finally:
        again.proc.send_signal(signal.SIGTERM)
        again.proc.wait(15)
    samples = capture.stop()
    found = find_tones(samples, capture.origin, [440.0, 660.0])
    assert len(found[440.0]) == 1 and len(found[660.0]) == 2, found
    assert abs(found[440.0][0].at - start.timestamp()) < OFFSET_BOUND_S
    assert found[660.0][0].at < killed < found[660.0][1].at
    log = [r for r in _asrun(st) if r["kind"] == "scheduled"]
    assert [r["item_id"] for r in log] == [first.id, second.id, second.id]
    assert json.loads(log[1]["interruptions"]) == ["crash"]
    assert abs(_ts(log[1]["ended_at"]) - killed) < 1.5  # closed at the last heartbeat
    resumed = log[2]
    # Rejoined where the clock had got to: offset = when it is heard - planned start.
    assert resumed["offset_s"] == pytest.approx(
        _ts(resumed["aired_at"]) - (start.timestamp() + 1.5), abs=0.1)
    assert abs(found[660.0][1].at - _ts(resumed["aired_at"])) < OFFSET_BOUND_S
    assert read_state(st)["running"] is False


def test_on_air_page_shows_the_item_its_level_and_the_dead_air_alarm(
        qtbot: Any, pulse: dict[str, str], datadir: Any) -> None:
    from PySide6.QtCore import Qt

    from tests.conftest import close_window_station
    from ui import i18n
    from ui.main_window import MainWindow
    from ui.operations import Op
    from ui.pages.onair import OnAirPage

    i18n.install("en")
    win = MainWindow(datadir)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready and win.central.currentWidget() is win.login_panel,
                    timeout=20000)
    win.login_panel.user.setCurrentText("bientap")
    win.login_panel.password.setText("bientap-password")
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=20000)
    page = win.workspace.page(OnAirPage)
    assert isinstance(page, OnAirPage)
    made: list[Any] = []

    def prepare(_s: Any) -> Any:  # on the db thread, which owns the window's connection
        st = win.station
        tone = tone_item(st, "Bản tin sáng", 440.0, 1.5)
        silent = tone_item(st, "Băng trắng", 700.0, 3.0, silent=True)
        filler = tone_item(st, "Nhạc nền", 1500.0, 1.0)
        settings.PLAYOUT_DEAD_AIR_S.set(st.db, 0.6)
        settings.PLAYOUT_FILLER_ITEM.set(st.db, filler.id)
        start = soon(2)
        make_schedule(st, start, [{"item_id": tone.id}, {"item_id": silent.id}])
        from station import users
        users.login(st, "bientap", "bientap-password")
        return start

    Op(prepare, None).success(made.append).run_in_background()
    qtbot.waitUntil(lambda: bool(made), timeout=20000)
    win.workspace.nav.setCurrentRow(4)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stop_button.isEnabled(), timeout=20000)
    qtbot.waitUntil(lambda: "Bản tin sáng" in page.now_title.text(), timeout=10000)
    qtbot.waitUntil(lambda: max(page.meter.peak) > -20, timeout=3000)
    assert "remaining" in page.times.text()
    qtbot.waitUntil(lambda: page.alarm.isVisible(), timeout=6000)
    assert "Dead air" in page.alarm.text()
    assert page.alarm_log.count() >= 1
    qtbot.mouseClick(page.ack, Qt.MouseButton.LeftButton)
    assert not page.alarm.isVisible()
    qtbot.mouseClick(page.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.start_button.isEnabled(), timeout=5000)
    close_window_station(qtbot, win)
