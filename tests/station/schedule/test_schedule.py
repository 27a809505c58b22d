"""The schedule itself: periods, sessions, slots, back-timing, templates, concurrency."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from station.clock import zone
from station.errors import NotFound, ValidationError
from station.schedule import periods as schedule
from station.schedule import templates as schedule_templates
from station.schedule.model import ConflictError, ScheduleLocked
from station.schedule.timing import MISSING_ITEM, NOT_SPOKEN, back_time
from tests.support.cli import run_cli
from tests.support.schedule import (
    MONDAY,
    audio_item,
    login,
    remove_item_behind_the_back,
    text_item,
)


def test_a_new_week_starts_on_monday_with_the_default_sessions(station) -> None:
    sched, changes = schedule.create_week(station, MONDAY + timedelta(days=3))
    assert changes.schedule and changes.audit
    assert sched.period_start == MONDAY and sched.period_end == MONDAY + timedelta(days=6)
    assert sched.status == "draft" and sched.version == 1 and sched.revision == 1
    assert len(sched.sessions) == 14  # 05:30 and 17:00, seven days
    tz = zone(station)
    first = sched.sessions[0]
    assert first.starts_at.astimezone(tz).strftime("%d/%m/%Y %H:%M") == "03/03/2031 05:30"
    assert first.starts_at.utcoffset() == timedelta(0)  # stored in UTC: 22:30 the day before
    assert first.starts_at.strftime("%d %H:%M") == "02 22:30"
    assert first.length_s == 1800
    with pytest.raises(ValidationError):
        schedule.create_week(station, MONDAY)  # one schedule per period
    listed = schedule.list_schedules(station, start=MONDAY, end=MONDAY)
    assert [s.id for s in listed] == [sched.id] and listed[0].session_count == 14


def test_sessions_slots_and_back_timing(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    session, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", end="06:00",
                                      title="Buổi sáng")
    news = audio_item(station, "Thời sự sáng", 600)
    music = audio_item(station, "Nhạc", 900)
    bulletin = text_item(station, "Thông báo tiêm phòng", words=200)
    a, _ = schedule.add_slot(station, sched.id, session.key, item_id=news.id)
    b, _ = schedule.add_slot(station, sched.id, session.key, item_id=music.id)
    c, _ = schedule.add_slot(station, sched.id, session.key, item_id=bulletin.id, position=1)
    assert (a.kind, c.kind) == ("item", "bulletin")
    live, _ = schedule.add_slot(station, sched.id, session.key,
                                stream_url="https://vov.example/vov1.mp3", planned_s=300,
                                title="Tiếp sóng VOV1")
    assert live.kind == "live"
    timing = back_time(station, sched.id)[0]
    assert [s.key for s in timing.slots] == [a.key, c.key, b.key, live.key]
    tz = zone(station)
    starts = [s.starts_at.astimezone(tz).strftime("%H:%M:%S") for s in timing.slots]
    assert starts == ["05:30:00", "05:40:00", "05:41:00", "05:56:00"]  # 200 words: 1 minute
    assert NOT_SPOKEN in timing.slots[1].flags and timing.slots[1].estimated
    assert timing.uncertain
    assert timing.total_s == 1860 and timing.over_s == 60 and timing.status == "over"
    schedule.remove_slot(station, sched.id, live.key)
    timing = back_time(station, sched.id)[0]
    assert timing.status == "under" and timing.over_s == -240


def test_a_session_across_midnight(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    sunday = MONDAY + timedelta(days=6)
    late, _ = schedule.add_session(station, sched.id, sunday, "23:45", end="00:15")
    tz = zone(station)
    assert late.length_s == 1800
    assert late.ends_at.astimezone(tz).date() == sunday + timedelta(days=1)
    assert late.ends_at == datetime(2031, 3, 9, 17, 15, tzinfo=UTC)  # 00:15 +07:00
    with pytest.raises(ValidationError):
        schedule.add_session(station, sched.id, sunday + timedelta(days=1), "05:30", minutes=30)
    with pytest.raises(ValidationError):
        schedule.add_session(station, sched.id, MONDAY, "24:10", minutes=30)
    with pytest.raises(ValidationError):
        schedule.add_session(station, sched.id, MONDAY, "05:30")  # no end, no length
    with pytest.raises(ValidationError):
        schedule.add_session(station, sched.id, MONDAY, "05:30", end="05:30")  # 24 hours
    item = audio_item(station, "Dài", 3600)
    schedule.add_slot(station, sched.id, late.key, item_id=item.id)
    timing = back_time(station, sched.id)[0]
    assert timing.over_s == 1800


def test_time_zone_is_the_stations_not_the_machines(station, monkeypatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        sched, _ = schedule.create_week(station, MONDAY, empty=True)
        s, _ = schedule.add_session(station, sched.id, MONDAY, "17:00", minutes=30)
        assert s.starts_at == datetime(2031, 3, 3, 10, 0, tzinfo=UTC)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_move_replace_and_priority(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    morning, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    evening, _ = schedule.add_session(station, sched.id, MONDAY, "17:00", minutes=30)
    items = [audio_item(station, f"Tin {n}", 60) for n in range(3)]
    slots = [schedule.add_slot(station, sched.id, morning.key, item_id=i.id)[0] for i in items]
    urgent = text_item(station, "Thông báo khẩn", words=30)
    top, _ = schedule.add_slot(station, sched.id, morning.key, item_id=urgent.id,
                               priority="priority")
    loaded = schedule.get_schedule(station, sched.id).session(morning.key)
    assert loaded.slots[0].key == top.key
    with pytest.raises(ValidationError):
        schedule.add_slot(station, sched.id, morning.key, item_id=urgent.id, priority="emergency")
    moved, _ = schedule.move_slot(station, sched.id, slots[0].key, 0, session_key=evening.key)
    assert moved.position == 0
    now = schedule.get_schedule(station, sched.id)
    assert [s.key for s in now.session(morning.key).slots] == [top.key, slots[1].key, slots[2].key]
    assert [s.position for s in now.session(morning.key).slots] == [0, 1, 2]
    other = audio_item(station, "Tin thay", 90)
    replaced, _ = schedule.replace_slot(station, sched.id, slots[1].key, other.id)
    assert replaced.key == slots[1].key and replaced.item_id == other.id
    assert replaced.title == "Tin thay"
    with pytest.raises(NotFound):
        schedule.add_slot(station, sched.id, morning.key, item_id="no-such-item")


def test_deleted_item_is_reported_not_a_crash(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    s, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    item = audio_item(station, "Sắp bị xoá", 120)
    slot, _ = schedule.add_slot(station, sched.id, s.key, item_id=item.id)
    remove_item_behind_the_back(station, item.id)
    timing = back_time(station, sched.id)[0]
    assert MISSING_ITEM in timing.slots[0].flags and timing.slots[0].duration_s is None
    assert schedule.get_schedule(station, sched.id).find_slot(slot.key)[1].title == "Sắp bị xoá"
    schedule.set_slot(station, sched.id, slot.key, note="thay bản tin khác")


def test_two_workstations_editing_the_same_draft(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    s, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    loaded = schedule.get_schedule(station, sched.id)  # both workstations load version N
    a = audio_item(station, "Của máy A", 60)
    b = audio_item(station, "Của máy B", 60)
    _first, _ = schedule.add_slot(station, sched.id, s.key, item_id=a.id,
                                 expected_version=loaded.version)
    with pytest.raises(ConflictError) as caught:
        schedule.add_slot(station, sched.id, s.key, item_id=b.id,
                          expected_version=loaded.version)
    error = caught.value
    assert error.params["found"] == loaded.version + 1
    assert error.params["expected"] == loaded.version
    assert "admin" in str(error)
    after = schedule.get_schedule(station, sched.id)
    assert [x.item_id for x in after.session(s.key).slots] == [a.id]  # nothing half-written
    second, _ = schedule.reapply(station, error)  # the losing edit, applied again
    final = schedule.get_schedule(station, sched.id)
    assert [x.item_id for x in final.session(s.key).slots] == [a.id, b.id]
    assert final.version == loaded.version + 2
    assert error.edit is not None and second.key == error.edit.args["key"]


def test_templates_and_copying_last_week(station) -> None:
    news = audio_item(station, "Nhạc hiệu", 30)
    _template, _ = schedule_templates.save_template(station, "Tuần thường", [
        {"weekdays": [1, 2, 3, 4, 5], "start": "05:30", "minutes": 15, "title": "Sáng",
         "slots": [{"item_id": news.id}]},
        {"weekdays": [1, 3, 5], "start": "17:00", "minutes": 15, "title": "Chiều"},
    ])
    week, _ = schedule.create_week(station, MONDAY, template="tuần thường")
    assert len(week.sessions) == 8
    assert all(x.slots[0].item_id == news.id for x in week.sessions if x.title == "Sáng")
    clocks, _ = schedule_templates.template_from_schedule(station, week.id, "Sao chép")
    assert sorted(c["weekdays"] for c in clocks.sessions) == [[1, 2, 3, 4, 5], [1, 3, 5]]
    next_week, _ = schedule.create_week(station, MONDAY + timedelta(days=7), copy_from="last")
    assert len(next_week.sessions) == 8
    tz = zone(station)
    assert [x.starts_at.astimezone(tz).strftime("%a %H:%M") for x in next_week.sessions] == \
        [x.starts_at.astimezone(tz).strftime("%a %H:%M") for x in week.sessions]
    assert next_week.sessions[0].starts_at - week.sessions[0].starts_at == timedelta(days=7)
    assert {x.key for x in next_week.sessions}.isdisjoint({x.key for x in week.sessions})
    with pytest.raises(NotFound):
        schedule.create_week(station, date(2030, 1, 7), copy_from="last")


def test_locked_schedules_refuse_edits(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    station.db.execute("UPDATE schedules SET status = 'approved' WHERE id = ?", [sched.id])
    with pytest.raises(ScheduleLocked):
        schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=15)
    draft, changes = schedule.revise(station, sched.id)
    assert draft.revision == 2 and draft.base_id == sched.id and changes.schedule
    again, changes = schedule.revise(station, sched.id)
    assert again.id == draft.id and not changes.any()


def test_two_stations_objects_on_one_database(station, datadir) -> None:
    """Two workstations: two connections to the same file, each with its own user."""
    from station import users
    from station.station import Station

    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    s, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    other = Station.open(datadir)
    try:
        users.login(other, "bientap", "bientap-password")
        mine = schedule.get_schedule(station, sched.id).version
        theirs = schedule.get_schedule(other, sched.id).version
        item = audio_item(station, "Tin", 60)
        schedule.update_session(other, sched.id, s.key, title="Buổi sáng", expected_version=theirs)
        with pytest.raises(ConflictError) as caught:
            schedule.add_slot(station, sched.id, s.key, item_id=item.id, expected_version=mine)
        assert caught.value.params["user"] == "bientap"
        assert re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", caught.value.params["time"])
        schedule.reapply(station, caught.value)
        seen = schedule.get_schedule(other, sched.id).session(s.key)
        assert seen.title == "Buổi sáng" and [x.item_id for x in seen.slots] == [item.id]
    finally:
        other.close()


def test_tts_items_are_bulletins_and_relays_get_their_file(station) -> None:
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    s, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    spoken = audio_item(station, "Bản tin đọc máy", 90, category="TTS")
    slot, _ = schedule.add_slot(station, sched.id, s.key, item_id=spoken.id)
    assert slot.kind == "bulletin"
    relay, _ = schedule.add_slot(station, sched.id, s.key, relay_ref="urn:tinh:42",
                                 title="Bản tin tỉnh")
    assert relay.kind == "relay" and relay.item_id is None
    assert "no_duration" in back_time(station, sched.id)[0].slots[1].flags
    downloaded = audio_item(station, "Bản tin tỉnh (tải về)", 240)
    n, changes = schedule.attach_relay(station, "urn:tinh:42", downloaded.id)
    assert n == 1 and changes.schedule
    timing = back_time(station, sched.id)[0]
    assert timing.slots[1].duration_s == 240 and timing.total_s == 330
    with pytest.raises(ValidationError):
        schedule.add_slot(station, sched.id, s.key, stream_url="file:///etc/passwd", planned_s=60)


def test_a_week_is_saved_as_a_template_from_the_command_line(station) -> None:
    login(station, "bientap")
    week, _ = schedule.create_week(station, MONDAY)
    root = station.datadir.root
    done = run_cli("schedule", "save-template", week.id, "Tuần thường", data_dir=root,
                   user="bientap")
    assert done.returncode == 0, done.stderr
    assert "Tuần thường" in done.stdout
    found = schedule_templates.get_template(station, "tuần thường")
    assert sum(len(c["weekdays"]) for c in found.sessions) == len(week.sessions)
    refused = run_cli("schedule", "save-template", week.id, "Khác", data_dir=root, user=None)
    assert refused.returncode == 1 and "Khác" not in {t.name for t in
                                                     schedule_templates.list_templates(station)}
