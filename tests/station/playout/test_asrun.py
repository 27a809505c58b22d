"""The as-run log: import (CSV, JSON, bad lines), items marked aired, the comparison with
the approved schedule, and the reports built on them."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from station.errors import ValidationError
from station.playout import asrun
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.schedule import reports as schedule_reports
from tests.support.cli import run_cli
from tests.support.schedule import MONDAY, audio_item, login

AFTER = datetime(2031, 3, 20, tzinfo=UTC)


@pytest.fixture
def week(station):
    login(station, "bientap")
    news = audio_item(station, "Thời sự", 300, category="Thời sự")
    song = audio_item(station, "Dân ca H'Mông", 300, category="Âm nhạc", language="hmn")
    notice = audio_item(station, "Thông báo", 60, category="Thông báo của chính quyền")
    flood = audio_item(station, "Cảnh báo lũ", 45, category="Phòng, chống thiên tai, dịch bệnh, sự cố")
    station.db.execute("UPDATE items SET created_at = '2031-03-01T03:00:00.000Z'")
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    morning, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=15)
    evening, _ = schedule.add_session(station, sched.id, MONDAY, "17:00", minutes=15)
    for item in (news, song):
        schedule.add_slot(station, sched.id, morning.key, item_id=item.id)
    for item in (notice, news):
        schedule.add_slot(station, sched.id, evening.key, item_id=item.id)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    login(station, "bientap")
    return sched.id, news, song, notice, flood


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    out = io.StringIO()
    w = csv.DictWriter(out, ["aired_at", "item_id", "title", "duration_s", "source"])
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_import_compare_and_mark_aired(station, week, tmp_path: Path) -> None:
    sched_id, news, song, notice, flood = week
    rows = [
        {"aired_at": "03/03/2031 05:30:02", "item_id": news.id, "duration_s": "300"},
        {"aired_at": "2031-03-03T05:35:10+07:00", "item_id": song.id, "duration_s": "5:00"},
        {"aired_at": "2031-03-03T12:00:00", "item_id": flood.id, "source": "emergency"},
        {"aired_at": "2031-03-03T10:01:00Z", "item_id": news.id, "duration_s": "300"},
        {"aired_at": "hôm qua", "title": "???"},
        {"aired_at": "03/03/2031 18:00", "title": "Nhạc", "duration_s": "ba phút"},
        {"aired_at": "03/03/2031 18:05"},
    ]
    report, changes = asrun.import_asrun(station, _csv(tmp_path / "asrun.csv", rows))
    assert (report.read, report.added, report.duplicates) == (7, 4, 0)
    assert [r.line for r in report.rejected] == [6, 7, 8]
    assert "hôm qua" in report.rejected[0].message
    assert changes.library and changes.schedule
    first, last = station.db.execute("SELECT first_aired_at, last_aired_at FROM items WHERE id = ?",
                                     [news.id]).fetchone()
    assert (first, last) == ("2031-03-02T22:30:02.000Z", "2031-03-03T10:01:00.000Z")
    assert station.db.execute("SELECT first_aired_at FROM items WHERE id = ?",
                              [notice.id]).fetchone()[0] is None

    again = tmp_path / "asrun.json"  # the same log as JSON: nothing new
    again.write_text(json.dumps({"entries": rows[:4]}, ensure_ascii=False), encoding="utf-8")
    report, _ = asrun.import_asrun(station, again)
    assert (report.added, report.duplicates) == (0, 4)

    result = asrun.compare_asrun(station, sched_id, now=AFTER)
    assert [(p.title, round(p.offset_s or 0)) for p in result.aired] == \
        [("Thời sự", 2), ("Dân ca H'Mông", 10), ("Thời sự", 0)]
    assert [p.title for p in result.missed] == ["Thông báo"]
    assert [e.title for e in result.added] == ["Cảnh báo lũ"]
    assert result.added[0].source == "emergency" and not result.pending
    early = asrun.compare_asrun(station, sched_id, now=datetime(2031, 3, 3, 6, 0, tzinfo=UTC))
    assert [p.title for p in early.pending] == ["Thông báo"] and not early.missed


def test_playout_records_and_bad_files(station, week, tmp_path: Path) -> None:
    _sched_id, news, *_ = week
    added, changes = asrun.record_aired(station, [asrun.Aired(
        datetime(2031, 3, 2, 22, 30, tzinfo=UTC), news.id, duration_s=300)])
    assert added == 1 and changes.library
    assert asrun.record_aired(station, [asrun.Aired(
        datetime(2031, 3, 2, 22, 30, tzinfo=UTC), news.id, duration_s=300)])[0] == 0
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(ValidationError):
        asrun.import_asrun(station, broken)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("aired_at,title\n03/03/2031 05:30,Th\xf4ng b\xe1o\n".encode("latin-1"))
    with pytest.raises(ValidationError):
        asrun.import_asrun(station, latin)


def test_reports(station, week, tmp_path: Path) -> None:
    _sched_id, news, song, _notice, _flood = week
    asrun.record_aired(station, [
        asrun.Aired(datetime(2031, 3, 2, 22, 30, tzinfo=UTC), news.id, duration_s=300),
        asrun.Aired(datetime(2031, 3, 2, 22, 35, tzinfo=UTC), song.id, duration_s=300),
        asrun.Aired(datetime(2031, 3, 3, 10, 1, tzinfo=UTC), news.id),  # no duration: the item's
    ])
    result = schedule_reports.report(station, MONDAY.replace(day=1), MONDAY.replace(day=9),
                                     now=AFTER)
    rows = {(r.period_start.isoformat(), r.category, r.language): r for r in result.hours}
    assert rows[("2031-02-24", "Thời sự", "vi")].produced_h == pytest.approx(300 / 3600)
    assert rows[("2031-03-03", "Thời sự", "vi")].aired_h == pytest.approx(600 / 3600)
    assert rows[("2031-03-03", "Âm nhạc", "hmn")].aired_h == pytest.approx(300 / 3600)
    assert [m.title for m in result.missed] == ["Thông báo"]
    [turn] = result.turnaround
    assert turn.decision == "approved" and turn.decided_by == "truongdai" and turn.hours >= 0
    assert result.mean_turnaround_h == turn.hours
    hours_csv = list(csv.reader(io.StringIO(result.to_csv("hours"))))
    assert hours_csv[0] == ["period_start", "category", "language", "produced_hours",
                            "aired_hours"]
    assert ["03/03/2031", "Âm nhạc", "hmn", "0.00", "0.08"] in hours_csv
    missed_csv = list(csv.reader(io.StringIO(result.to_csv("missed"))))
    assert missed_csv[1][:3] == ["03/03/2031", "17:00", "Thông báo"]
    assert len(list(csv.reader(io.StringIO(result.to_csv("turnaround"))))) == 2
    monthly = schedule_reports.report(station, "01/03/2031", "31/03/2031", by="month", now=AFTER)
    assert {r.period_start.isoformat() for r in monthly.hours} == {"2031-03-01"}
    json.dumps(monthly.to_json_dict(), ensure_ascii=False)


def test_an_asrun_log_is_imported_from_the_command_line(station, week, tmp_path: Path) -> None:
    _sched_id, news, song, *_ = week
    log = _csv(tmp_path / "asrun.csv", [
        {"aired_at": "03/03/2031 05:30:02", "item_id": news.id, "duration_s": "300"},
        {"aired_at": "2031-03-03T05:35:10+07:00", "item_id": song.id, "duration_s": "5:00"},
        {"aired_at": "hôm qua", "title": "???"}])
    done = run_cli("playout", "import-asrun", str(log), "--json", data_dir=station.datadir.root,
                   user="bientap")
    assert done.returncode == 1, done.stderr  # one line refused
    found = json.loads(done.stdout)
    assert (found["read"], found["added"]) == (3, 2)
    assert [r["line"] for r in found["rejected"]] == [4] and "hôm qua" in found["rejected"][0]["reason"]
    assert station.db.execute("SELECT first_aired_at FROM items WHERE id = ?",
                              [news.id]).fetchone()[0] == "2031-03-02T22:30:02.000Z"
    again = run_cli("playout", "import-asrun", str(log), data_dir=station.datadir.root,
                    user="bientap")
    assert "0 added, 2 already logged, 1 refused" in again.stdout
