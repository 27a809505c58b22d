"""Importing a week from a file (JSON, CSV, XLSX): checked whole, created in one transaction,
and round-tripped through the real `station schedule show --json` and `export --format`."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from station import audit
from station.errors import PermissionDenied, RowsRefused
from station.library.bin import delete_items
from station.schedule import approval as schedule_approval
from station.schedule import interchange
from station.schedule import periods as schedule
from station.schedule.importing import ScheduleExists, import_file
from tests.support.cli import run_cli
from tests.support.schedule import MONDAY, audio_item, login, text_item


def _counts(st: Any) -> tuple[int, int, int, int]:
    db = st.db
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                 for t in ("schedules", "schedule_sessions", "schedule_slots", "items"))


def _write(path: Path, text: str, *, bom: bool = False, encoding: str = "utf-8") -> Path:
    path.write_bytes((("\ufeff" if bom else "") + text).encode(encoding))
    return path


def test_json_makes_a_draft_with_items_text_and_relay(station, tmp_path: Path) -> None:
    news = audio_item(station, "Bản tin thời sự", 600.0)
    doc = {"week": (MONDAY + timedelta(days=3)).isoformat(),  # any day names its week
           "title": "Tuần 10",
           "sessions": [
               {"date": MONDAY.isoformat(), "start": "05:30", "end": "06:00",
                "title": "Buổi sáng",
                "slots": [{"item": news.id},
                          {"title": "Thông báo tiêm phòng", "text": "Bà con đưa trẻ đi tiêm.",
                           "priority": "priority"},
                          {"relay": "urn:tinh:7", "title": "Thời sự tỉnh"}]},
               {"date": (MONDAY + timedelta(days=6)).isoformat(), "start": "17:00",
                "title": "Buổi chiều", "slots": [{"item": news.id, "planned_s": 300}]}]}
    path = _write(tmp_path / "tuan.json", json.dumps(doc, ensure_ascii=False))
    result, changes = import_file(station, path)

    sched = result.schedule
    assert result.to_json_dict() == {"id": sched.id, "status": "draft"}
    assert changes.schedule and changes.library
    assert sched.period_start == MONDAY and sched.title == "Tuần 10"
    morning, evening = sched.sessions
    assert morning.title == "Buổi sáng" and morning.length_s == 1800
    assert [s.kind for s in morning.slots] == ["item", "bulletin", "relay"]
    text_slot = morning.slots[1]
    assert text_slot.priority == "priority" and text_slot.item_id in result.text_items
    body = station.db.execute("SELECT kind, body FROM items WHERE id = ?",
                              [text_slot.item_id]).fetchone()
    assert tuple(body) == ("text", "Bà con đưa trẻ đi tiêm.")
    assert morning.slots[2].relay_ref == "urn:tinh:7" and morning.slots[2].item_id is None
    # No end given: the session lasts what its slots add up to.
    assert evening.length_s == 300 and evening.slots[0].planned_s == 300
    created = audit.recent(station.db, 20, action="schedule.create")
    assert created[0].entity_id == sched.id and created[0].detail["imported_from"] == "tuan.json"

    # The same text again (another week) is the same library item, not a second one.
    doc["week"] = (MONDAY + timedelta(days=7)).isoformat()
    for x in doc["sessions"]:
        x["date"] = (datetime.fromisoformat(x["date"]) + timedelta(days=7)).date().isoformat()
    again, _ = import_file(station, _write(tmp_path / "tuan2.json", json.dumps(doc)))
    assert again.text_items == ()
    assert again.schedule.sessions[0].slots[1].item_id == text_slot.item_id


def test_csv_with_bom_semicolons_and_vietnamese_columns(station, tmp_path: Path) -> None:
    news = audio_item(station, "Bản tin thời sự", 600.0)
    audio_item(station, "Ca nhạc quê hương", 900.0)
    text = ("Ngày;Bắt đầu;Kết thúc;Buổi;Mục;Tiêu đề;Nội dung;Tiếp sóng;Ưu tiên\r\n"
            f"03/03/2031;5:30;06:00;Buổi sáng;{news.id};;;;\r\n"
            ";;;;ca nhạc quê hương;;;;\r\n"  # blank date and time: the session above; a title
            ";;;;;Lịch cắt điện;\"Thôn Đông; thôn Đoài mất điện\";;ưu tiên\r\n"
            "\r\n"
            "09/03/2031;17:00;17:30;Buổi chiều;;;;urn:tinh:9;\r\n")
    path = _write(tmp_path / "lịch tuần.csv", text, bom=True)
    result, _ = import_file(station, path)

    sched = result.schedule
    assert sched.period_start == MONDAY
    morning, evening = sched.sessions
    assert [s.title for s in morning.slots] == ["Bản tin thời sự", "Ca nhạc quê hương",
                                                 "Lịch cắt điện"]
    assert morning.slots[2].kind == "bulletin" and morning.slots[2].priority == "priority"
    assert evening.slots[0].relay_ref == "urn:tinh:9"
    assert evening.starts_at.astimezone(schedule.zone(station)).day == 9


def test_xlsx_written_by_excel_cells(station, tmp_path: Path) -> None:
    from openpyxl import Workbook

    news = audio_item(station, "Bản tin thời sự", 600.0)
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "start", "end", "session", "item", "title", "text", "planned_s"])
    sheet.append([datetime(2031, 3, 4), time(5, 30), time(6, 0), "Sáng", news.id, None, None,
                  120])
    sheet.append([None, None, None, None, None, "Tin ngắn", "Hôm nay trời nắng.", None])
    path = tmp_path / "tuan.xlsx"
    book.save(path)
    result, _ = import_file(station, path)

    (session,) = result.schedule.sessions
    assert session.starts_at.astimezone(schedule.zone(station)).strftime("%d/%m %H:%M") == \
        "04/03 05:30"
    assert [(s.kind, s.planned_s) for s in session.slots] == [("item", 120.0),
                                                               ("bulletin", None)]


def test_bad_rows_are_all_listed_and_nothing_is_created(station, tmp_path: Path) -> None:
    news = audio_item(station, "Bản tin thời sự", 600.0)
    gone = audio_item(station, "Tin đã xoá", 60.0)
    delete_items(station, [gone.id])
    text_item(station, "Trùng tên")
    text_item(station, "Trùng tên")
    text = ("date,start,end,session,item,title,text\n"
            f"2031-03-03,05:30,06:00,Sáng,{news.id},,\n"
            ",,,,khong-co-muc-nay,,\n"                     # row 3: unknown item
            f"2031-03-03,25:00,26:00,Sai giờ,{news.id},,\n"  # row 4: not a time
            f"2031-03-12,05:30,06:00,Tuần sau,{news.id},,\n"  # row 5: outside the week
            f"2031-03-04,05:30,06:00,Thùng rác,{gone.id},,\n"  # row 6: in the bin
            "2031-03-05,05:30,06:00,Trùng,Trùng tên,,\n"       # row 7: two items with that title
            "2031-03-06,05:30,06:00,Chỉ tiêu đề,,Không có gì,\n")  # row 8: nothing to play
    before = _counts(station)
    with pytest.raises(RowsRefused) as refused:
        import_file(station, _write(tmp_path / "sai.csv", text))
    assert _counts(station) == before
    rows = {r.params["row"]: str(r) for r in refused.value.rows}
    assert sorted(rows) == [3, 4, 5, 6, 7, 8]
    assert "khong-co-muc-nay" in rows[3] and "25:00" in rows[4] and "outside" in rows[5]
    assert "bin" in rows[6] and "2 items" in rows[7] and "Không có gì" in rows[8]
    assert refused.value.unknown_items == ("khong-co-muc-nay",)
    assert refused.value.params == {"name": "sai.csv", "count": 6}

    # The CLI lists them too and exits 1, creating nothing.
    out = run_cli("schedule", "import", str(tmp_path / "sai.csv"), "--json",
                  data_dir=station.datadir.root)
    assert out.returncode == 1 and out.stdout == ""
    assert "row 3:" in out.stderr and "row 8:" in out.stderr
    assert "unknown items: khong-co-muc-nay" in out.stderr
    assert _counts(station) == before


def test_a_week_with_a_schedule_is_refused_or_its_draft_replaced(station, tmp_path: Path) -> None:
    news = audio_item(station, "Bản tin thời sự", 600.0)
    existing, _ = schedule.create_week(station, MONDAY, empty=True)
    path = _write(tmp_path / "tuan.csv", "date,start,end,session,item\n"
                  f"2031-03-03,05:30,05:45,Sáng,{news.id}\n")
    with pytest.raises(ScheduleExists) as exists:
        import_file(station, path)
    assert exists.value.replaceable and exists.value.schedule_id == existing.id

    replaced, _ = import_file(station, path, replace=True)
    assert replaced.replaced and replaced.schedule.id == existing.id
    assert replaced.schedule.version == existing.version + 1
    assert [s.item_id for s in replaced.schedule.sessions[0].slots] == [news.id]

    login(station, "bientap")
    schedule_approval.submit(station, existing.id)
    with pytest.raises(ScheduleExists) as locked:
        import_file(station, path, replace=True)
    assert not locked.value.replaceable and "submitted" in str(locked.value)
    assert schedule.get_schedule(station, existing.id).status == "submitted"


def test_rights_and_huge_sheets(station, tmp_path: Path, monkeypatch) -> None:
    path = _write(tmp_path / "tuan.csv", "date,start,end,session,title,text\n"
                  "2031-03-03,05:30,05:45,Sáng,Tin,Nội dung\n")
    login(station, "luutru")  # the archivist does not edit schedules
    with pytest.raises(PermissionDenied):
        import_file(station, path)
    login(station, "admin")
    monkeypatch.setattr(interchange, "MAX_ROWS", 3)
    big = _write(tmp_path / "lon.csv", "date,start,title,text\n" +
                 "2031-03-03,05:30,Tin,Nội dung\n" * 5)
    with pytest.raises(Exception, match="more than 3 rows"):
        import_file(station, big)


# -- round trips through the real command line -------------------------------------------------------
def _made_week(st: Any) -> str:
    news = audio_item(st, "Bản tin thời sự", 600.0)
    music = audio_item(st, "Ca nhạc", 240.0)
    bulletin = text_item(st, "Thông báo", 40)
    sched, _ = schedule.create_week(st, MONDAY, empty=True, title="Tuần thử")
    morning, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=30, title="Sáng")
    night, _ = schedule.add_session(st, sched.id, MONDAY + timedelta(days=5), "23:30",
                                    end="00:15", title="Đêm")
    schedule.add_session(st, sched.id, MONDAY + timedelta(days=2), "11:00", minutes=10,
                         title="Trống")
    schedule.add_slot(st, sched.id, morning.key, item_id=news.id)
    schedule.add_slot(st, sched.id, morning.key, item_id=bulletin.id, priority="priority")
    schedule.add_slot(st, sched.id, morning.key, item_id=music.id, planned_s=120,
                      title="Nhạc (cắt)", note="nhạc nền")
    schedule.add_slot(st, sched.id, night.key, relay_ref="urn:tinh:1", title="Tiếp sóng tỉnh")
    schedule.add_slot(st, sched.id, night.key, stream_url="https://radio.example/live",
                      planned_s=600)
    return sched.id


def _show(st: Any, schedule_id: str) -> dict[str, Any]:
    out = run_cli("schedule", "show", schedule_id, "--json", data_dir=st.datadir.root)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _without_ids(shown: dict[str, Any], shift: timedelta = timedelta(0)) -> dict[str, Any]:
    def day(text: str) -> str:
        return (datetime.fromisoformat(text) - shift).date().isoformat()

    return {"week": day(shown["week"]), "title": shown["title"], "status": shown["status"],
            "sessions": [{"date": day(x["date"]), "start": x["start"], "end": x["end"],
                          "title": x["title"], "length_s": x["length_s"],
                          "slots": [{k: v for k, v in s.items() if k not in ("key", "starts_at")}
                                    for s in x["slots"]]}
                         for x in shown["sessions"]]}


def _import(st: Any, path: Path) -> str:
    out = run_cli("schedule", "import", str(path), "--json", data_dir=st.datadir.root)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["status"] == "draft" and set(result) == {"id", "status"}
    return str(result["id"])


def test_show_json_round_trips_through_import(station, tmp_path: Path) -> None:
    original = _made_week(station)
    shown = _show(station, original)
    assert shown["week"] == MONDAY.isoformat() and shown["status"] == "draft"
    assert shown["sessions"][0]["slots"][0]["item"] and "check" in shown  # old keys stay

    # Into the next week: the same schedule, seven days on.
    shifted = json.loads(json.dumps(shown))
    shifted["week"] = (MONDAY + timedelta(days=7)).isoformat()
    for x in shifted["sessions"]:
        x["date"] = (datetime.fromisoformat(x["date"]) + timedelta(days=7)).date().isoformat()
    path = _write(tmp_path / "tuần sau.json", json.dumps(shifted, ensure_ascii=False))
    copy = _import(station, path)
    assert copy != original
    assert _without_ids(_show(station, copy), timedelta(days=7)) == _without_ids(shown)

    # Into its own week once the original is gone: equal but for the ids.
    schedule.delete_draft(station, original)
    again = _import(station, _write(tmp_path / "tuần này.json", json.dumps(shown)))
    assert _without_ids(_show(station, again)) == _without_ids(shown)


def test_csv_export_round_trips_through_import(station, tmp_path: Path) -> None:
    original = _made_week(station)
    shown = _show(station, original)
    target = tmp_path / "tuần.csv"
    out = run_cli("schedule", "export", original, "--format", "csv", "--to", str(target),
                  data_dir=station.datadir.root)
    assert out.returncode == 0, out.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    schedule.delete_draft(station, original)
    again = _import(station, target)
    assert _without_ids(_show(station, again)) == _without_ids(shown)

    printed = run_cli("schedule", "export", again, "--format", "json",
                      data_dir=station.datadir.root)
    assert json.loads(printed.stdout)["sessions"][1]["slots"] == []  # the empty session stays
    text = run_cli("schedule", "import", str(target), data_dir=station.datadir.root)
    assert text.returncode == 1 and "exists already" in text.stderr
