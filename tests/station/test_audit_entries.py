"""The audit log as people read it: names instead of usernames, titles instead of ids, and
filters by station day, person and action; every action the core writes has a name."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest

from station import audit, settings
from station.clock import parse_utc, zone
from station.errors import PermissionDenied
from station.schedule import approval as schedule_approval
from station.schedule import edits
from station.schedule import periods as schedule
from station.station import Station
from tests.conftest import ROOT
from tests.support.schedule import MONDAY, audio_item, login


def test_rows_name_people_and_subjects(station: Station) -> None:
    item = audio_item(station, "Bản tin thời sự sáng", 120)
    login(station, "bientap")
    sched, _ = schedule.create_schedule(station, MONDAY)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id, "Đồng ý phát")
    station.audit("item.edit", "item", item.id, {"title": item.title})
    rows = audit.entries(station)
    approve = next(r for r in rows if r.action == "schedule.approve")
    assert approve.actor == "truongdai" and approve.actor_name == "Trần Thị Trưởng"
    assert approve.subject == "03/03/2031 – 09/03/2031" and approve.revision == 1
    assert approve.detail["comment"] == "Đồng ý phát"
    edited = next(r for r in rows if r.action == "item.edit")
    assert edited.subject == "Bản tin thời sự sáng"
    login_row = next(r for r in rows if r.action == "user.login" and r.actor == "bientap")
    assert login_row.subject == "Nguyễn Văn Biên"  # a user id becomes the person's name
    assert [r.seq for r in rows] == sorted((r.seq for r in rows), reverse=True)


def test_an_edit_names_its_item_by_title(station: Station) -> None:
    item = audio_item(station, "Bản tin thời sự sáng", 120)
    login(station, "bientap")
    sched, _ = schedule.create_schedule(station, MONDAY)
    session, _ = edits.add_session(station, sched.id, MONDAY, "05:30", minutes=30)
    edits.add_slot(station, sched.id, session.key, item_id=item.id)
    login(station, "truongdai")
    added = next(r for r in audit.entries(station, action="schedule.edit")
                 if r.detail.get("op") == "add_slot")
    assert added.detail["item"] == "Bản tin thời sự sáng"  # not the item's id
    assert "args" not in added.detail and "item_id" not in added.detail


def test_filters_narrow_the_rows(station: Station) -> None:
    login(station, "bientap")
    login(station, "luutru")
    everyone = audit.entries(station)
    by_archivist = audit.entries(station, user="luutru")
    assert by_archivist and len(by_archivist) < len(everyone)
    assert {r.actor for r in by_archivist} == {"luutru"}
    logins = audit.entries(station, action="user.login")
    assert logins and {r.action for r in logins} == {"user.login"}
    users = audit.entries(station, action="user.")  # a family of actions
    assert {r.action for r in users} >= {"user.login", "user.create"}
    assert len(audit.entries(station, limit=2)) == 2
    choices = audit.choices(station)
    assert ("luutru", "Lê Văn Lưu") in choices.users and "user.login" in choices.actions


def test_dates_are_station_days(station: Station) -> None:
    """An entry at 23:30 UTC belongs to the next day in Vietnam (UTC+7)."""
    station.audit("item.edit", "item", "x1")
    seq = station.db.execute("SELECT max(seq) FROM audit").fetchone()[0]
    at = station.db.execute("SELECT at FROM audit WHERE seq = ?", [seq]).fetchone()[0]
    local_day = parse_utc(at).astimezone(zone(station)).date()
    hit = audit.entries(station, since=local_day, until=local_day, action="item.edit")
    assert [r.seq for r in hit] == [seq]
    assert audit.entries(station, since=local_day + timedelta(days=1), action="item.edit") == []
    assert audit.entries(station, until=local_day - timedelta(days=1), action="item.edit") == []
    settings.TIMEZONE.set(station.db, "America/Los_Angeles")  # 14 to 15 hours behind Vietnam
    la_day = parse_utc(at).astimezone(zone(station)).date()
    assert [r.seq for r in audit.entries(station, since=la_day, until=la_day,
                                         action="item.edit")] == [seq]


def test_a_deleted_subject_keeps_its_remembered_title(station: Station) -> None:
    station.audit("recording_rule.delete", "recording_rule", "gone-id", {"title": "Thời sự VOV"})
    row = audit.entries(station, action="recording_rule.delete")[0]
    assert row.subject == "Thời sự VOV"


def test_reading_needs_the_right(station: Station) -> None:
    login(station, "bientap")
    with pytest.raises(PermissionDenied):
        audit.entries(station)
    with pytest.raises(PermissionDenied):
        audit.choices(station)


def test_an_export_is_written_and_recorded(station: Station, tmp_path: Path) -> None:
    target = tmp_path / "nhat-ky.csv"
    changes = audit.save_export(station, target, "Thời gian\r\n".encode("utf-8-sig"), 1)
    assert changes.audit and target.read_bytes().startswith(b"\xef\xbb\xbf")
    row = audit.entries(station, action="audit.export")[0]
    assert row.entity_id == str(target) and row.detail == {"rows": 1}
    assert audit.verify(station.db).ok


def _written_actions() -> set[str]:
    """Every literal action passed to Station.audit in the core and sync packages."""
    found: set[str] = set()
    for folder in ("station", "sync"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "audit" and node.args):
                    continue
                first = node.args[0]
                options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                found |= {o.value for o in options
                          if isinstance(o, ast.Constant) and isinstance(o.value, str)}
    return found


def test_every_written_action_has_a_name() -> None:
    written = _written_actions()
    assert {"user.login", "schedule.submit", "access.denied"} <= written
    missing = sorted(written - set(audit.ACTION_NAMES))
    assert not missing, f"name these actions in station.audit.ACTION_NAMES: {missing}"
    # the ones built from parts
    assert {"schedule.approve", "schedule.reject", "schedule.emergency.confirm",
            "schedule.emergency.cancel", "edit.undo", "edit.redo"} <= set(audit.ACTION_NAMES)
