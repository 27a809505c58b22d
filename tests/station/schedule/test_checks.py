"""Checks before submit and the broadcast rules (the Hà Nội ward example)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from station.errors import PermissionDenied, ValidationError
from station.schedule import periods as schedule
from station.schedule import rules as schedule_rules
from station.schedule import templates as schedule_templates
from station.schedule.checks import check
from tests.support.schedule import (
    MONDAY,
    audio_item,
    codes,
    login,
    remove_item_behind_the_back,
    store_file,
    text_item,
)


def _rules_of(report) -> list[str]:
    return sorted({p.code for p in report.problems if p.code.startswith("rule.")})


def test_hanoi_ward_rules(station) -> None:
    added, _ = schedule_rules.install_preset(station, "hanoi-ward")
    assert {r.kind for r in added} == {"max_session_minutes", "sessions_per_day", "days_per_week"}
    assert schedule_rules.install_preset(station, "hanoi-ward")[0] == []  # not twice
    week, _ = schedule.create_week(station, MONDAY)  # 2 x 30 minutes, every day
    assert _rules_of(check(station, week.id)) == []  # the province is not chosen yet
    schedule_rules.set_province(station, "Hà Nội")
    report = check(station, week.id)
    assert _rules_of(report) == ["rule.days_per_week", "rule.max_session_minutes"]
    assert sum(p.code == "rule.max_session_minutes" for p in report.problems) == 14
    assert all(p.blocking for p in report.problems if p.code.startswith("rule."))
    message = next(p for p in report.problems if p.code == "rule.days_per_week").message
    assert "03/03/2031" in message and "7" in message and "5" in message

    schedule.delete_draft(station, week.id)
    schedule_templates.save_template(station, "Phường", [
        {"weekdays": [1, 2, 3, 4, 5], "start": "06:00", "minutes": 15},
        {"weekdays": [1, 2, 3, 4, 5], "start": "17:30", "minutes": 15}])
    week, _ = schedule.create_week(station, MONDAY, template="Phường")
    assert _rules_of(check(station, week.id)) == []
    schedule.add_session(station, week.id, MONDAY, "11:00", minutes=10)
    report = check(station, week.id)
    assert _rules_of(report) == ["rule.sessions_per_day"]
    long_item = audio_item(station, "Phóng sự dài", 20 * 60)
    first = schedule.get_schedule(station, week.id).sessions[0]
    schedule.add_slot(station, week.id, first.key, item_id=long_item.id)
    report = check(station, week.id)  # 20 minutes of audio in a 15-minute session
    assert "rule.max_session_minutes" in _rules_of(report) and "overrun" in codes(report)


def test_quiet_hours_across_midnight_and_mandatory_bulletins(station) -> None:
    schedule_rules.add_rule(station, "quiet_hours", {"start": "22:00", "end": "05:00"})
    schedule_rules.add_rule(station, "must_air", {"category": "Bản tin tỉnh", "per": "day",
                                                  "title": "Bản tin của tỉnh"})
    week, _ = schedule.create_week(station, MONDAY, empty=True)
    early, _ = schedule.add_session(station, week.id, MONDAY, "04:50", minutes=20)
    late, _ = schedule.add_session(station, week.id, MONDAY + timedelta(days=1), "23:50",
                                   end="00:10")
    fine, _ = schedule.add_session(station, week.id, MONDAY + timedelta(days=2), "05:00",
                                   end="06:00")
    report = check(station, week.id)
    quiet = {p.session_key for p in report.problems if p.code == "rule.quiet_hours"}
    assert quiet == {early.key, late.key}
    mandatory = [p for p in report.problems if p.code == "rule.must_air"]
    assert len(mandatory) == 3 and "Bản tin của tỉnh" in mandatory[0].message
    provincial = audio_item(station, "Bản tin tỉnh số 12", 300, category="Bản tin tỉnh")
    for x in (early, late, fine):
        schedule.add_slot(station, week.id, x.key, item_id=provincial.id)
    assert not [p for p in check(station, week.id).problems if p.code == "rule.must_air"]


def test_rules_are_the_admins(station) -> None:
    with pytest.raises(ValidationError):
        schedule_rules.add_rule(station, "max_session_minutes", {"minutes": -3})
    with pytest.raises(ValidationError):
        schedule_rules.add_rule(station, "no_such_rule", {})
    login(station, "bientap")
    with pytest.raises(PermissionDenied):
        schedule_rules.add_rule(station, "max_session_minutes", {"minutes": 15})


def test_checks_before_submit(station) -> None:
    week, _ = schedule.create_week(station, MONDAY, empty=True)
    a, _ = schedule.add_session(station, week.id, MONDAY, "05:30", minutes=30)
    b, _ = schedule.add_session(station, week.id, MONDAY, "05:50", minutes=30)  # overlaps a
    good = audio_item(station, "Đúng chuẩn", 60)
    loud = audio_item(station, "Quá to", 60, lufs=-14.0, gain_db=0.0)
    corrected = audio_item(station, "Đã chỉnh", 60, lufs=-14.0, gain_db=-9.0)
    raw = audio_item(station, "Chưa phân tích", 60, lufs=None, analyzed=False)
    gone_file = audio_item(station, "Mất tệp", 60)
    long_one = audio_item(station, "Dài hơn ô", 200)
    deleted = audio_item(station, "Đã xoá", 60)
    bulletin = text_item(station, "Chưa đọc")
    for item in (good, loud, corrected, raw, gone_file, deleted, bulletin):
        schedule.add_slot(station, week.id, a.key, item_id=item.id)
    schedule.add_slot(station, week.id, a.key, item_id=long_one.id, planned_s=120)
    schedule.add_slot(station, week.id, b.key, relay_ref="urn:vov:ban-tin-12", title="Bản tin VOV")
    store_file(station, gone_file).unlink()
    remove_item_behind_the_back(station, deleted.id)

    report = check(station, week.id, now=datetime(2031, 3, 1, tzinfo=UTC))
    by_code = {p.code: p for p in report.problems}
    assert set(by_code) >= {"overlap", "loudness", "unanalysed", "file_missing", "too_long",
                            "missing_item", "not_spoken", "relay_pending", "gap"}
    assert by_code["loudness"].params["title"] == "Quá to"
    assert [p.params["title"] for p in report.problems if p.code == "loudness"] == ["Quá to"]
    assert by_code["relay_pending"].severity == "warning"
    assert "05:50" in by_code["relay_pending"].message and "03/03/2031" in \
        by_code["relay_pending"].message
    assert {p.code for p in report.errors} == {"overlap", "file_missing", "too_long",
                                               "missing_item"}
    late = check(station, week.id, now=datetime(2031, 3, 4, tzinfo=UTC))
    assert "relay_late" in codes(late) and "relay_pending" not in codes(late)


def test_overrun_and_overlap_across_the_week_edge(station) -> None:
    week, _ = schedule.create_week(station, MONDAY, empty=True)
    sunday = MONDAY + timedelta(days=6)
    s, _ = schedule.add_session(station, week.id, sunday, "23:50", end="00:20")
    nxt, _ = schedule.create_week(station, MONDAY + timedelta(days=7), empty=True)
    schedule.add_session(station, nxt.id, MONDAY + timedelta(days=7), "00:10", minutes=10)
    assert "overlap" in codes(check(station, week.id))
    assert "overlap" in codes(check(station, nxt.id))
    schedule.add_slot(station, week.id, s.key, item_id=audio_item(station, "Dài", 2400).id)
    over = [p for p in check(station, week.id).problems if p.code == "overrun"]
    assert over and over[0].params["over"] == "10:00"
