"""Unattended recording rules (station/recording/rules.py): when runs are due across days,
weekdays, one-offs, missed windows and time zones; a stream rule recorded from a real
icecast2 into the library; the Studio's rules panel (pytest-qt)."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import soundfile as sf

from station import settings
from station.errors import PermissionDenied, ValidationError
from station.library import items as library
from station.recording import rules as rr
from tests.support import studio_ui as studio_ui_support
from tests.support.icecast import Icecast
from tests.support.studio_ui import WAIT, on_db

ui_station = studio_ui_support.ui_station  # the fixture, used by name

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y: int, mo: int, d: int, h: int, mi: int = 0, s: int = 0, tz: Any = HCM) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=tz).astimezone(UTC)


def made_at(st: Any, rule: rr.Rule, when: datetime) -> rr.Rule:
    """Pretend the rule was saved at ``when`` (missed windows count from then)."""
    iso = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    st.db.execute("UPDATE recording_rules SET created_at = ?, updated_at = ? WHERE id = ?",
                  [iso, iso, rule.id])
    return rr.get_rule(st, rule.id)


def test_next_start_daily_weekdays_once_in_station_time(station: Any) -> None:
    tz = HCM
    daily, _ = rr.add_rule(station, title="Thời sự VOV", source="http://x/vov1",
                           repeat="daily", start="06:00", duration_s=1800)
    week, _ = rr.add_rule(station, title="Tin tỉnh", source="studio_mic", repeat="weekdays",
                          start="17h30", duration_s=900)
    once, _ = rr.add_rule(station, title="Hội nghị", source="http://x/hn", repeat="once",
                          on_date="28/11/2026", start="08:00", duration_s=3600)
    # Saturday 21/11/2026 07:00: daily is tomorrow 06:00, weekdays Monday 17:30.
    now = at(2026, 11, 21, 7)
    assert rr.next_start(daily, tz, now) == at(2026, 11, 22, 6)
    assert rr.next_start(week, tz, now) == at(2026, 11, 23, 17, 30)
    assert rr.next_start(once, tz, now) == at(2026, 11, 28, 8)
    assert rr.next_start(once, tz, at(2026, 11, 28, 8, 1)) is None  # one-off is over
    # 06:00 Vietnam time is 23:00 UTC the day before.
    assert rr.next_start(daily, tz, now) == datetime(2026, 11, 21, 23, 0, tzinfo=UTC)
    disabled, _ = rr.update_rule(station, daily.id, enabled=False)
    assert rr.next_start(disabled, tz, now) is None


def test_station_time_zone_moves_the_windows(station: Any) -> None:
    settings.TIMEZONE.set(station.db, "Asia/Tokyo")  # UTC+9
    rule, _ = rr.add_rule(station, title="Tin sáng", source="http://x/a", repeat="daily",
                          start="06:00", duration_s=600)
    made_at(station, rule, at(2026, 11, 20, 0))
    from station.clock import zone

    tz = zone(station)
    assert rr.next_start(rule, tz, at(2026, 11, 21, 0)) == datetime(2026, 11, 20, 21, 0,
                                                                     tzinfo=UTC)
    # 21:05 UTC is 06:05 in Tokyo: due, with 5 minutes left of 10.
    runs = rr.due(station, datetime(2026, 11, 20, 21, 5, tzinfo=UTC))
    assert [r.rule.id for r in runs] == [rule.id]
    assert runs[0].seconds == pytest.approx(300) and runs[0].late


def test_due_on_time_late_and_missed(station: Any) -> None:
    rule, _ = rr.add_rule(station, title="Thời sự", source="http://x/vov", repeat="weekdays",
                          start="06:00", duration_s=1800, category="Thời sự")
    rule = made_at(station, rule, at(2026, 11, 19, 12))  # Thursday noon
    # Friday 06:00:10: on time, the whole window but 10 s.
    runs = rr.due(station, at(2026, 11, 20, 6, 0, 10))
    assert len(runs) == 1 and not runs[0].late
    assert runs[0].planned == at(2026, 11, 20, 6) and runs[0].seconds == pytest.approx(1790)
    run_id = rr.begin_run(station, runs[0])
    assert rr.due(station, at(2026, 11, 20, 6, 1)) == []  # running: not due twice
    rr.end_run(station, run_id, "done", item_id=None)
    assert rr.due(station, at(2026, 11, 20, 6, 2)) == []  # done
    # The app is closed from Friday 07:00 to Monday 06:20: Sat/Sun have no window
    # (weekdays); Monday's is still open and starts late for its last 10 minutes.
    runs = rr.due(station, at(2026, 11, 23, 6, 20))
    assert len(runs) == 1 and runs[0].late and runs[0].seconds == pytest.approx(600)
    # That run never started; closed again until Wednesday 09:00: Monday, Tuesday and
    # Wednesday were missed, each logged once.
    assert rr.due(station, at(2026, 11, 25, 9)) == []
    assert rr.due(station, at(2026, 11, 25, 9, 1)) == []
    log = rr.run_log(station, rule.id)
    missed = sorted(r.planned_start for r in log if r.status == "missed")
    assert missed == ["2026-11-22T23:00:00Z", "2026-11-23T23:00:00Z",
                      "2026-11-24T23:00:00Z"]  # 06:00 local
    assert all(r.rule_title == "Thời sự" and r.error for r in log if r.status == "missed")
    assert any(r.status == "done" for r in log)


def test_failed_run_is_retried_while_its_window_is_open(station: Any) -> None:
    rule, _ = rr.add_rule(station, title="Tin", source="http://x/t", repeat="daily",
                          start="10:00", duration_s=600)
    made_at(station, rule, at(2026, 11, 20, 9))
    first = rr.due(station, at(2026, 11, 20, 10))[0]
    run_id = rr.begin_run(station, first)
    rr.end_run(station, run_id, "failed", error="cannot connect")
    failed_at = at(2026, 11, 20, 10, 1)
    station.db.execute("UPDATE recording_runs SET ended_at = ? WHERE id = ?",
                       ["2026-11-20T03:01:00.000Z", run_id])  # 10:01 local
    assert rr.due(station, failed_at + timedelta(seconds=10)) == []
    again = rr.due(station, failed_at + timedelta(seconds=rr.RETRY_AFTER_S + 1))
    assert len(again) == 1 and again[0].seconds == pytest.approx(600 - 60 - 61)
    assert rr.due(station, at(2026, 11, 20, 10, 9, 58)) == []  # 2 s left: not worth it


def test_window_across_midnight_and_interrupted_runs(station: Any) -> None:
    rule, _ = rr.add_rule(station, title="Đêm", source="http://x/n", repeat="once",
                          on_date=date(2026, 11, 20), start=time(23, 30), duration_s=3600)
    made_at(station, rule, at(2026, 11, 20, 12))
    runs = rr.due(station, at(2026, 11, 21, 0, 15))  # the next local day
    assert len(runs) == 1 and runs[0].seconds == pytest.approx(900)
    rr.begin_run(station, runs[0])
    assert rr.recover_interrupted(station) == 1
    log = rr.run_log(station, rule.id)
    assert log[0].status == "failed" and "interrupted" in log[0].error


def test_rule_validation_and_rights(station: Any) -> None:
    with pytest.raises(ValidationError):
        rr.add_rule(station, title="", source="http://x", repeat="daily", start="6:00",
                    duration_s=60)
    with pytest.raises(ValidationError):
        rr.add_rule(station, title="A", source="http://x", repeat="once", start="6:00",
                    duration_s=60)  # no date
    with pytest.raises(ValidationError):
        rr.add_rule(station, title="A", source="http://x", repeat="daily", start="25:00",
                    duration_s=60)
    with pytest.raises(ValidationError):
        rr.add_rule(station, title="A", source="ftp://x", repeat="daily", start="6:00",
                    duration_s=60)
    rule, _ = rr.add_rule(station, title="A", source="http://x", repeat="daily", start="6:00",
                          duration_s=60)
    from station import users

    users.login(station, "luutru", "luutru-password")  # archivist: no studio
    with pytest.raises(PermissionDenied):
        rr.delete_rule(station, rule.id)
    users.login(station, "bientap", "bientap-password")
    rr.delete_rule(station, rule.id)
    assert rr.list_rules(station) == []
    actions = [r[0] for r in station.db.execute(
        "SELECT action FROM audit WHERE entity_id = ? ORDER BY seq", [rule.id])]
    assert actions == ["recording_rule.add", "recording_rule.delete"]


# ------------------------------------------------------------------ real stream, real run

def test_stream_rule_runs_into_the_library(station: Any, icecast: Icecast) -> None:
    icecast.feed("tinh.mp3")
    now = datetime.now(UTC)
    local = now.astimezone(HCM)
    rule, _ = rr.add_rule(station, title="Thời sự tỉnh", source=icecast.url("tinh.mp3"),
                          repeat="daily", start=(local - timedelta(seconds=30)).time(),
                          duration_s=34, category="Thời sự", description="Tiếp sóng")
    # The window opened 30 s ago (the app was 'closed'): due for the 4 s left of it.
    runs = rr.due(station, now)
    assert len(runs) == 1 and runs[0].seconds == pytest.approx(4, abs=1.0)
    result, changes = rr.execute(station, runs[0])
    assert changes.library and changes.studio
    item = library.get_item(station, result.item.id)
    assert item is not None
    assert item.title == f"Thời sự tỉnh {runs[0].planned.astimezone(HCM):%d/%m/%Y}"
    assert item.category == "Thời sự" and item.description == "Tiếp sóng"
    path = library.file_path(station, item)
    assert path is not None
    frames = sf.info(str(path)).frames
    assert abs(frames / 44100 - runs[0].seconds) <= 0.3
    log = rr.run_log(station, rule.id)
    assert log[0].status == "done" and log[0].item_id == item.id
    assert rr.due(station, datetime.now(UTC)) == []  # done: not again in this window


def test_stream_rule_failure_is_logged(station: Any, tmp_path: Path) -> None:
    from media.capture import StreamUnreachable
    from tests.support.icecast import free_port

    rule, _ = rr.add_rule(station, title="Hỏng", source=f"http://127.0.0.1:{free_port()}/x",
                          repeat="daily", start="06:00", duration_s=60)
    with pytest.raises(StreamUnreachable):
        rr.execute(station, rr.record_now(rule))
    log = rr.run_log(station, rule.id)
    assert log[0].status == "failed" and "cannot connect" in log[0].error
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0


# --------------------------------------------------------------------------- the panel

def _panel(qtbot: Any, st: Any) -> Any:
    from ui.studio.rules import RulesPanel

    panel = RulesPanel(st)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.snapshot is not None, timeout=WAIT)
    return panel


def test_panel_adds_a_rule_and_shows_its_next_run(qtbot: Any, ui_station: Any,
                                                  _no_modal_dialogs: list[Any]) -> None:
    from ui.operations import bus
    from ui.studio.rules import RuleDialog

    panel = _panel(qtbot, ui_station)
    assert panel.table.rowCount() == 0
    bus.changed.connect(panel.on_changes)
    dlg = RuleDialog(panel, ["Thời sự"], ["studio_mic"])
    qtbot.addWidget(dlg)
    dlg.title.setText("Thời sự VOV1")
    dlg.use_stream.setChecked(True)
    dlg.url.setText("http://vov1.example/live.mp3")
    dlg.repeat.setCurrentIndex(dlg.repeat.findData("weekdays"))
    assert not dlg.on_date.isEnabled()  # only a one-off has a date
    from PySide6.QtCore import QTime

    dlg.start.setTime(QTime(6, 0))
    dlg.duration.setTime(QTime(0, 30))
    dlg.category.setCurrentText("Thời sự")
    panel.save(None, dlg.values())
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=WAIT)
    rule = on_db(qtbot, ui_station, lambda st: rr.list_rules(st))[0]
    assert (rule.title, rule.repeat, rule.start, rule.duration_s, rule.category) == \
        ("Thời sự VOV1", "weekdays", time(6, 0), 1800.0, "Thời sự")
    # The next weekday 06:00 in station time, as dd/MM/yyyy HH:mm.
    expected = rr.next_start(rule, HCM, datetime.now(UTC))
    assert expected is not None
    shown = panel.table.item(0, 5).text()
    assert shown == expected.astimezone(HCM).strftime("%d/%m/%Y %H:%M")
    assert shown.endswith(" 06:00") and expected.astimezone(HCM).weekday() < 5
    # A bad address is refused by the core and said in words; nothing is saved.
    panel.save(None, {**dlg.values(), "source": "ftp://vov1.example/live"})
    qtbot.waitUntil(lambda: bool(_no_modal_dialogs), timeout=WAIT)
    assert "Not a stream address" in _no_modal_dialogs[0][2]
    assert len(on_db(qtbot, ui_station, lambda st: rr.list_rules(st))) == 1
    bus.changed.disconnect(panel.on_changes)


def test_panel_record_now_through_the_service(qtbot: Any, ui_station: Any,
                                              icecast: Icecast) -> None:
    """'Record now' on a stream rule: the service captures off the db thread, the item
    lands in the library, and the log shows the run done."""
    from ui.operations import bus
    from ui.services.recording import RecordingService

    icecast.feed("ngay.mp3")
    rule = on_db(qtbot, ui_station, lambda st: rr.add_rule(
        st, title="Tiếp sóng", source=icecast.url("ngay.mp3"), repeat="once",
        on_date=date(2020, 1, 1), start="06:00", duration_s=3, category="Thời sự")[0])
    panel = _panel(qtbot, ui_station)
    bus.changed.connect(panel.on_changes)
    service = RecordingService(ui_station, None, interval_ms=3600_000)
    panel.attach(service)
    finished: list[Any] = []
    service.finished.connect(lambda rid, res: finished.append(res))
    panel.table.selectRow(0)
    assert panel.record_now.isEnabled()
    panel.record_now.click()
    assert rule.id in service.active and panel.stop_now.isEnabled()
    qtbot.waitUntil(lambda: bool(finished), timeout=40000)
    assert finished[0].item.title == f"Tiếp sóng {datetime.now(HCM):%d/%m/%Y}"
    qtbot.waitUntil(lambda: panel.log.rowCount() >= 1 and panel.log.item(0, 3).text()
                    == "done", timeout=WAIT)
    item = on_db(qtbot, ui_station, lambda st: library.get_item(st, finished[0].item.id))
    assert item is not None and abs((item.duration_s or 0) - 3.0) <= 0.3
    service.stop()
    bus.changed.disconnect(panel.on_changes)


def test_device_rule_records_what_was_played(pulse: dict[str, str], station: Any,
                                             tmp_path: Path) -> None:
    """A rule with an input device records through station.recording.takes (real PulseAudio)."""
    from media.tones import sine
    from tests.support.pulse import play

    rule, _ = rr.add_rule(station, title="Phát thanh xã", source="studio_mic",
                          repeat="daily", start="06:00", duration_s=2, category="Thời sự",
                          description="Từ bàn trộn")
    player = play(pulse, sine(1000.0, 15.0, -12.0), tmp_path / "tone.wav")
    try:
        clock.sleep(0.3)
        result, changes = rr.execute(station, rr.record_now(rule))
    finally:
        player.kill()
        player.wait(10)
    assert changes.library and changes.studio
    item = library.get_item(station, result.item.id)
    assert item is not None and item.category == "Thời sự" and item.description == "Từ bàn trộn"
    assert item.title.startswith("Phát thanh xã ")
    assert item.duration_s == pytest.approx(2.0, abs=0.05)
    path = library.file_path(station, item)
    assert path is not None
    data, rate = sf.read(str(path), always_2d=True)
    spectrum = abs(np.fft.rfft(data[:, 0] * np.hanning(len(data))))
    assert np.fft.rfftfreq(len(data), 1 / rate)[spectrum.argmax()] == pytest.approx(1000, abs=2)
    log = rr.run_log(station, rule.id)
    assert log[0].status == "done" and log[0].item_id == item.id
