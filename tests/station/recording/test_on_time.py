"""Scheduled recordings on time (station/recording/on_time.py): planning ahead, arming once,
the cut by the clock (gaps noted), a real scheduled capture from the test icecast2 whose
time marks show where the take starts, and `station recording-rule` through the console
script."""

from __future__ import annotations

import json
import threading
import time as clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import soundfile as sf

from media import capture as cap
from station.library import items as library
from station.recording import on_time
from station.recording import rules as rr
from tests.support.cli import run_cli
from tests.support.icecast import Icecast
from tests.support.timemarks import MarkedFeed, read_start

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_upcoming_plans_ahead_and_an_armed_run_is_not_started_twice(station: Any) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    start = now + timedelta(seconds=5)
    rule, _ = rr.add_rule(station, title="Thời sự", source="http://127.0.0.1:9/x",
                          repeat="daily", start=start.astimezone(HCM).time(), duration_s=10)
    assert on_time.upcoming(station, now, horizon_s=3) == []
    found = on_time.upcoming(station, now, horizon_s=6)
    assert [(r.rule.id, r.planned, r.seconds) for r in found] == [(rule.id, start, 10.0)]
    run_id, title, work = on_time.arm(station, found[0])
    assert work is not None and title.startswith("Thời sự ")
    assert on_time.upcoming(station, now, horizon_s=6) == []
    assert on_time.upcoming(station, start + timedelta(seconds=1)) == []  # nor once open
    assert rr.run_log(station, rule.id)[0].status == "running"
    rr.end_run(station, run_id, "done")


def test_weekly_rule_and_first_day(station: Any) -> None:
    tz = HCM
    monday = date(2030, 1, 7)
    rule, _ = rr.add_rule(station, title="Tuần", source="mic", repeat="weekly",
                          start="06:00", duration_s=60, on_date=monday)
    assert rr.window_on(rule, monday, tz) is not None
    assert rr.window_on(rule, monday + timedelta(days=1), tz) is None
    assert rr.window_on(rule, monday + timedelta(days=7), tz) is not None
    assert rr.window_on(rule, monday - timedelta(days=7), tz) is None  # before its first day
    nxt = rr.next_start(rule, tz, datetime(2030, 1, 1, tzinfo=UTC))
    assert nxt == datetime(2030, 1, 7, 6, 0, tzinfo=tz)
    daily, _ = rr.add_rule(station, title="Ngày", source="mic", repeat="daily",
                           start="06:00", duration_s=60, on_date=monday)
    assert rr.next_start(daily, tz, datetime(2030, 1, 1, tzinfo=UTC)) == nxt


def _result(path: Path, frames: int, marks: tuple[cap.ClockMark, ...]) -> cap.CaptureResult:
    return cap.CaptureResult(path, "http://x/y", "", datetime.now(UTC), frames / 1000,
                             frames, 1000, 1, marks=marks)


def test_cut_keeps_the_window_by_the_clock_and_notes_a_gap(tmp_path: Path) -> None:
    rate = 1000
    data = np.arange(20000, dtype=np.int16).reshape(-1, 1)
    src = tmp_path / "capture.flac"
    sf.write(src, data, rate, subtype="PCM_16")
    t0 = 1_900_000_000.0
    # One run: frame 0 arrived at t0; the window is [t0 + 2.5, t0 + 6.5).
    one = _result(src, 20000, (cap.ClockMark(0, 0, 5000, t0 + 5.0),))
    take = on_time.cut_to_window(one, datetime.fromtimestamp(t0 + 2.5, UTC),
                                 datetime.fromtimestamp(t0 + 6.5, UTC), tmp_path / "a.flac")
    got, _ = sf.read(take.result.path, dtype="int16", always_2d=True)
    assert take.notes == () and take.late_s == 0 and len(got) == 4000 and got[0, 0] == 2500
    # Two runs: 8 s, then 3 s lost, then the rest, which began at t0 + 11.
    two = _result(src, 20000, (cap.ClockMark(0, 0, 8000, t0 + 8.0),
                               cap.ClockMark(1, 8000, 9000, t0 + 12.0)))
    take = on_time.cut_to_window(two, datetime.fromtimestamp(t0 + 6, UTC),
                                 datetime.fromtimestamp(t0 + 14, UTC), tmp_path / "b.flac")
    got, _ = sf.read(take.result.path, dtype="int16", always_2d=True)
    assert len(got) == 2000 + 3000 and got[0, 0] == 6000 and got[2000, 0] == 8000
    assert take.notes == ("gap at 0:02 of about 3.0 s",)
    assert take.result.wanted_s == 8.0 and not take.result.complete


def test_scheduled_capture_starts_on_time(station: Any, icecast: Icecast) -> None:
    """A rule at now + 8 s for 4 s against a live stream whose beeps mark the whole
    seconds of the source's clock: the take lasts 4.0 s and starts within 0.5 s."""
    with MarkedFeed(icecast, "gio.mp3"):
        start = datetime.fromtimestamp(int(clock.time()) + 8, UTC)
        rule, _ = rr.add_rule(station, title="Tiếp sóng giờ", source=icecast.url("gio.mp3"),
                              repeat="once", start=start.astimezone(HCM).time(),
                              on_date=start.astimezone(HCM).date(), duration_s=4)
        stop = threading.Event()
        done: list[tuple[str, Any]] = []
        thread = threading.Thread(target=on_time.run_scheduler, args=(station, stop),
                                  kwargs={"on_done": lambda i, r: done.append((i, r))})
        thread.start()
        try:
            deadline = clock.monotonic() + 40
            while not done and clock.monotonic() < deadline:
                clock.sleep(0.2)
        finally:
            stop.set()
            thread.join(timeout=60)
    assert done, "the scheduled capture did not finish"
    result = done[0][1]
    assert not isinstance(result, BaseException), result
    item = library.get_item(station, result.item.id)
    assert item is not None and item.duration_s == pytest.approx(4.0, abs=0.1)
    path = library.file_path(station, item)
    assert path is not None
    data, rate = sf.read(path, always_2d=True)
    reading = read_start(data, rate, start.timestamp())
    assert reading.marks >= 3 and reading.spread_s < 0.02
    assert abs(reading.start_error_s) < 0.5, reading
    log = rr.run_log(station, rule.id)
    assert log[0].status == "done" and log[0].item_id == item.id
    assert log[0].started_at is not None and log[0].started_at < rr.utc_iso(start)


# ----------------------------------------------------------------------------- the CLI

def _at(seconds: float) -> str:
    return (datetime.now(HCM) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def test_cli_add_list_remove(datadir: Any) -> None:
    add = run_cli("recording-rule", "add", "--url", "http://127.0.0.1:8000/vov1.mp3",
                  "--at", _at(3600), "--seconds", "1800", "--title", "Thời sự VOV",
                  "--repeat", "weekly", "--category", "Thời sự", "--json",
                  data_dir=datadir.root)
    assert add.returncode == 0, add.stderr
    added = json.loads(add.stdout)
    assert added["repeat"] == "weekly" and added["seconds"] == 1800
    once = run_cli("recording-rule", "add", "--device", "default", "--at", _at(7200),
                   "--seconds", "60", "--title", "Phỏng vấn", data_dir=datadir.root)
    assert once.returncode == 0, once.stderr
    listed = run_cli("recording-rule", "list", "--json", data_dir=datadir.root)
    rows = json.loads(listed.stdout)
    assert {r["title"] for r in rows} == {"Thời sự VOV", "Phỏng vấn"}
    row = next(r for r in rows if r["id"] == added["id"])
    assert row["source"] == "http://127.0.0.1:8000/vov1.mp3" and row["seconds"] == 1800
    assert row["next_start"] == row["start"] and row["next_start"].endswith("+07:00")
    text = run_cli("recording-rule", "list", data_dir=datadir.root)
    assert "Thời sự VOV" in text.stdout and "weekly" in text.stdout
    gone = run_cli("recording-rule", "remove", added["id"], data_dir=datadir.root)
    assert gone.returncode == 0, gone.stderr
    rows = json.loads(run_cli("recording-rule", "list", "--json", data_dir=datadir.root).stdout)
    assert [r["title"] for r in rows] == ["Phỏng vấn"]
    missing = run_cli("recording-rule", "remove", added["id"], data_dir=datadir.root)
    assert missing.returncode == 1 and "no such recording rule" in missing.stderr


@pytest.mark.parametrize(("args", "code", "words"), [
    (["--url", "http://x/y", "--at", "2001-01-01 06:00:00"], 1, "past"),
    (["--url", "http://x/y", "--at", "+1h"], 1, "YYYY-MM-DD HH:MM:SS"),
    (["--url", "http://x/y", "--device", "mic", "--at", "2099-01-01 06:00:00"], 2, "not allowed"),
    (["--at", "2099-01-01 06:00:00"], 2, "one of the arguments"),
    (["--url", "http://x/y", "--at", "2099-01-01 06:00:00", "--seconds", "0"], 1, "seconds"),
    (["--url", "http://x/y", "--at", "2099-01-01 06:00:00", "--repeat", "monthly"], 2,
     "invalid choice"),
])
def test_cli_bad_input_stores_nothing(datadir: Any, args: list[str], code: int,
                                      words: str) -> None:
    full = ["recording-rule", "add", *args, "--title", "Sai"]
    if "--seconds" not in args:
        full += ["--seconds", "10"]
    out = run_cli(*full, data_dir=datadir.root)
    assert out.returncode == code, out.stderr
    lines = out.stderr.strip().splitlines()
    assert words in lines[-1] and (code == 2 or len(lines) == 1), out.stderr  # usage: argparse's
    rows = json.loads(run_cli("recording-rule", "list", "--json", data_dir=datadir.root).stdout)
    assert rows == []


def test_a_stream_that_drops_mid_take_reconnects_and_the_gap_is_noted(
        station: Any, icecast: Icecast) -> None:
    feed = MarkedFeed(icecast, "roi.mp3").__enter__()
    start = datetime.fromtimestamp(int(clock.time()) + 7, UTC)
    rule, _ = rr.add_rule(station, title="Rớt mạng", source=icecast.url("roi.mp3"),
                          repeat="once", start=start.astimezone(HCM).time(),
                          on_date=start.astimezone(HCM).date(), duration_s=10)
    stop = threading.Event()
    done: list[Any] = []
    thread = threading.Thread(target=on_time.run_scheduler, args=(station, stop),
                              kwargs={"on_done": lambda _i, r: done.append(r)})
    thread.start()
    try:
        clock.sleep(max(0.0, start.timestamp() + 3 - clock.time()))
        feed.__exit__(None, None, None)  # the source goes away for about 2 s
        clock.sleep(2)
        feed = MarkedFeed(icecast, "roi.mp3").__enter__()
        deadline = clock.monotonic() + 40
        while not done and clock.monotonic() < deadline:
            clock.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=60)
        feed.__exit__(None, None, None)
    assert done and not isinstance(done[0], BaseException), done
    log = rr.run_log(station, rule.id)[0]
    assert log.status == "partial" and "gap at 0:0" in log.error, log
    item = library.get_item(station, done[0].item.id)
    assert item is not None and item.duration_s is not None and 5.0 < item.duration_s < 9.9


def test_migration_keeps_rules_and_runs(tmp_path: Path) -> None:
    from station import db as dbmod
    from station.migrations import MIGRATIONS

    db = dbmod.connect(tmp_path / "old.db")
    for number, step in enumerate(MIGRATIONS[:12], start=1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    db.execute("INSERT INTO recording_rules VALUES ('r1', 'Sáng', 'mic', 'daily', NULL,"
               " '06:00:00', 60, '', '', 1, 'c', 'admin', 'u')")
    db.execute("INSERT INTO recording_runs VALUES ('x1', 'r1', 'p', NULL, NULL, NULL,"
               " 'missed', '')")
    with db.atomic():
        MIGRATIONS[12](db)
    assert db.execute("SELECT id, repeat FROM recording_rules").fetchall() == [("r1", "daily")]
    assert db.execute("SELECT id FROM recording_runs").fetchall() == [("x1",)]
    db.execute("INSERT INTO recording_rules VALUES ('r2', 'Tuần', 'mic', 'weekly',"
               " '2030-01-07', '06:00:00', 60, '', '', 1, 'c', 'admin', 'u')")
    db.execute("DELETE FROM recording_rules WHERE id = 'r1'")  # its runs go with it
    assert db.execute("SELECT count(*) FROM recording_runs").fetchone()[0] == 0
