"""Relay slots with a rule ("the newest episode published after 17:00"): the pick among real
episodes brought by the real feed download, the rule through import/export and the seal, and
what the checks say about a relay slot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from station.errors import ValidationError
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.schedule import templates as schedule_templates
from station.schedule.checks import check
from station.schedule.model import canonical_json, content_of, load
from station.schedule.relay import canonical, parse_rule, pick
from tests.support.cli import run_cli
from tests.support.feeds import Server, tone
from tests.support.schedule import MONDAY, login

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# (guid, title, published, local time on MONDAY's day or the day before)
EPISODES = [("e0", "Thời sự tối qua", "Sun, 02 Mar 2031 19:00:00 +0700"),
            ("e1", "Thời sự sáng", "Mon, 03 Mar 2031 06:00:00 +0700"),
            ("e2", "Thời sự trưa", "Mon, 03 Mar 2031 11:00:00 +0700"),
            ("e3", "Thời sự chiều", "Mon, 03 Mar 2031 17:30:00 +0700"),
            ("e4", "Thời sự đêm", "Mon, 03 Mar 2031 22:00:00 +0700")]


def _rss(base: str, sizes: dict[str, int]) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid><pubDate>{when}</pubDate>"
        f'<enclosure url="{base}/{guid}.wav" length="{sizes[guid]}" type="audio/wav"/></item>'
        for guid, title, when in EPISODES)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>VOV1</title>{items}</channel></rss>").encode()


@pytest.fixture
def feed(station: Any, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """VOV1 subscribed and refreshed through sync/relay.py: five episodes, each its own file.
    Yields the feed's address and the item id of each guid."""
    from sync import relay, subscriptions

    srv = Server({})
    sizes = {}
    for n, (guid, _title, _when) in enumerate(EPISODES):
        audio = tone(tmp_path / f"{guid}.wav", 0.3 + n / 10).read_bytes()
        srv.routes[f"/{guid}.wav"] = ("audio/wav", audio)
        sizes[guid] = len(audio)
    srv.routes["/vov1.rss"] = ("application/rss+xml", _rss(srv.url, sizes))
    try:
        url = f"{srv.url}/vov1.rss"
        subscriptions.subscribe_feed(station, url, title="VOV1")
        report = relay.refresh(station)
        assert not report.errors and len(report.imported) == 5, report.errors
    finally:
        srv.close()
    items = {g: i for g, i in station.db.execute("SELECT guid, item_id FROM relay_entries")}
    yield url, items


def test_the_rule_picks_the_newest_matching_episode(station: Any, feed: Any) -> None:
    url, items = feed
    air = datetime(2031, 3, 3, 18, 0, tzinfo=HCM)
    until = air + timedelta(minutes=30)  # the session's end: the 22:00 episode is not yet

    def picked(rule: str, at: datetime = air, end: datetime | None = until) -> str | None:
        return pick(station, url, rule, at, end).item_id

    assert picked("") == items["e3"] and picked("newest") == items["e3"]
    assert picked("", end=None) == items["e4"]
    assert picked("after 17:00") == items["e3"]
    assert picked("within 8h") == items["e3"]
    assert picked("title TRƯA") == items["e2"]
    assert picked("within 13 h; title sang") == items["e1"]  # marks and case ignored
    noon = datetime(2031, 3, 3, 12, 0, tzinfo=HCM)
    assert picked("newest", noon, noon + timedelta(minutes=30)) == items["e2"]
    assert picked("after 05:00", noon, noon + timedelta(minutes=30)) == items["e2"]

    none = pick(station, url, "after 17:45", air, until)
    assert none.item_id is None and none.code == "relay.none_after"
    assert none.params == {"feed": "VOV1", "after": "17:45", "day": "03/03/2031"}
    assert none.message == "relay: no episode of VOV1 published after 17:45 03/03/2031"
    assert json.loads(none.reason_json())["code"] == "relay.none_after"
    within = pick(station, url, "within 8h; title sáng", air, until)
    assert within.item_id is None and within.code == "relay.none_rule"
    # A download that was cut: the rule's episode is there but not whole; nothing older plays.
    station.db.execute("UPDATE relay_entries SET status = 'pending' WHERE guid = 'e3'")
    cut = pick(station, url, "after 17:00", air, until)
    assert (cut.item_id, cut.code, cut.params["title"]) == (None, "relay.incomplete",
                                                             "Thời sự chiều")
    assert picked("") == items["e2"]  # "newest" takes the newest one that is whole


def test_rule_text_is_checked_and_canonical() -> None:
    assert canonical(" After 5h30 ;TITLE  “Thời sự” ") == "after 05:30; title Thời sự"
    assert canonical("within 6,5 h") == "within 6.5h" and canonical("newest") == ""
    # What a Vietnamese editor types in a spreadsheet reads the same.
    assert canonical("sau 17:00; Tiêu đề  Thời sự") == "after 17:00; title Thời sự"
    assert canonical("trong 6 giờ") == "within 6h" and canonical("Mới nhất") == ""
    assert parse_rule("after 17:00").after is not None
    for bad in ("after 25:00", "within 0h", "within 9999h", "latest", "title"):
        with pytest.raises(ValidationError):
            parse_rule(bad)


def _week_with_rule(st: Any, ref: str, rule: str) -> tuple[str, str]:
    week, _ = schedule.create_week(st, MONDAY, empty=True)
    evening, _ = schedule.add_session(st, week.id, MONDAY, "18:00", minutes=30, title="Chiều")
    slot, _ = schedule.add_slot(st, week.id, evening.key, relay_ref=ref, relay_rule=rule,
                                title="Thời sự VOV", planned_s=600)
    return week.id, slot.key


def test_the_rule_is_kept_sealed_and_changed_only_in_a_draft(station: Any) -> None:
    week_id, key = _week_with_rule(station, "vov1", "after 17:00")
    assert load(station, week_id).find_slot(key)[1].relay_rule == "after 17:00"
    with pytest.raises(ValidationError):
        schedule.add_slot(station, week_id, load(station, week_id).sessions[0].key,
                          relay_ref="vov1", relay_rule="trước 17 giờ")
    with pytest.raises(ValidationError, match="only a relay slot"):  # a live window has none
        schedule.add_slot(station, week_id, load(station, week_id).sessions[0].key,
                          stream_url="https://radio.example/live", planned_s=600,
                          relay_rule="within 3h")
    schedule.set_slot(station, week_id, key, relay_rule="within 6h")
    assert load(station, week_id).find_slot(key)[1].relay_rule == "within 6h"
    sealed = content_of(station, load(station, week_id))
    assert sealed["sessions"][0]["slots"][0]["relay_rule"] == "within 6h"

    schedule_approval.submit(station, week_id)
    login(station, "truongdai")
    schedule_approval.approve(station, week_id, "ok")
    assert schedule_approval.verify_seal(station, week_id).ok
    # Changing the rule behind the approval's back breaks the seal: the rule is approved too.
    station.db.execute("UPDATE schedule_slots SET relay_rule = 'within 24h' WHERE key = ?", [key])
    assert "content_changed" in schedule_approval.verify_seal(station, week_id).reasons
    assert json.loads(canonical_json(sealed))["sessions"][0]["slots"][0]["relay_rule"]


    # The rule goes along into a revision, a template and the week made from it.
    station.db.execute("UPDATE schedule_slots SET relay_rule = 'within 6h' WHERE key = ?", [key])
    schedule_approval.publish(station, week_id)
    login(station, "bientap")
    revision, _ = schedule.revise(station, week_id)
    assert revision.find_slot(key)[1].relay_rule == "within 6h"
    schedule_templates.template_from_schedule(station, week_id, "Tiếp sóng chiều")
    next_week, _ = schedule.create_week(station, MONDAY + timedelta(days=7),
                                        template="Tiếp sóng chiều")
    assert [s.relay_rule for x in next_week.sessions for s in x.slots] == ["within 6h"]


def test_checks_know_the_feed_and_whether_its_episode_arrived(station: Any, feed: Any) -> None:
    url, _items = feed
    week_id, key = _week_with_rule(station, url, "after 17:45")  # MONDAY 18:00: nothing yet
    session = load(station, week_id).sessions[0]
    unknown, _ = schedule.add_slot(station, week_id, session.key, relay_ref="vov9",
                                   title="Kênh lạ")
    before = datetime(2031, 3, 3, 17, 50, tzinfo=HCM)
    report = check(station, week_id, now=before)
    mine = {(p.slot_key, p.code): p for p in report.problems}
    strange = mine[(unknown.key, "relay_unknown_feed")]
    assert not strange.blocking and "vov9" in strange.message
    pending = mine[(key, "relay_pending")]
    assert not pending.blocking and pending.params["feed"] == "VOV1"
    assert "after 17:45" in pending.message and "18:00" in pending.message
    late = check(station, week_id, now=before + timedelta(minutes=20))
    assert [p.code for p in late.errors if p.slot_key == key] == ["relay_late"]
    # The rule eased: the 17:30 episode matches, and the slot has nothing to report.
    schedule.set_slot(station, week_id, key, relay_rule="after 17:00")
    found = check(station, week_id, now=before)
    assert not [p for p in found.problems if p.slot_key == key]
    assert [p.code for p in found.problems if p.slot_key == unknown.key] == \
        ["relay_unknown_feed", "relay_pending"]


def test_cli_import_export_round_trip_keeps_the_rule(station: Any, tmp_path: Path) -> None:
    doc = {"week": MONDAY.isoformat(), "title": "Tuần tiếp sóng",
           "sessions": [{"date": MONDAY.isoformat(), "start": "18:00", "end": "18:30",
                         "title": "Chiều",
                         "slots": [{"relay": "vov1", "relay_rule": "After 17:00 ; title Thời sự",
                                    "title": "Thời sự VOV", "planned_s": 900},
                                   {"relay": "vov1", "title": "Mới nhất", "planned_s": 600}]}]}
    source = tmp_path / "tuần.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run_cli("schedule", "import", str(source), "--json", data_dir=station.datadir.root)
    assert out.returncode == 0, out.stderr
    first = json.loads(out.stdout)["id"]
    slots = load(station, first).sessions[0].slots
    assert [s.relay_rule for s in slots] == ["after 17:00; title Thời sự", ""]

    sheet = tmp_path / "tuần.csv"
    out = run_cli("schedule", "export", first, "--format", "csv", "--to", str(sheet),
                  data_dir=station.datadir.root)
    assert out.returncode == 0, out.stderr
    header, row = sheet.read_text(encoding="utf-8-sig").splitlines()[:2]
    assert "relay_rule" in header.split(",") and "after 17:00; title Thời sự" in row
    schedule.delete_draft(station, first)
    out = run_cli("schedule", "import", str(sheet), "--json", data_dir=station.datadir.root)
    assert out.returncode == 0, out.stderr
    again = json.loads(out.stdout)["id"]
    assert [s.relay_rule for s in load(station, again).sessions[0].slots] == \
        ["after 17:00; title Thời sự", ""]
    shown = json.loads(run_cli("schedule", "show", again, "--json",
                               data_dir=station.datadir.root).stdout)
    assert shown["sessions"][0]["slots"][0]["relay_rule"] == "after 17:00; title Thời sự"

    # A rule the station cannot read refuses the file, naming the row; nothing is created.
    doc["week"] = doc["sessions"][0]["date"] = (MONDAY + timedelta(days=7)).isoformat()
    doc["sessions"][0]["slots"][0]["relay_rule"] = "trước 17:00"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = run_cli("schedule", "import", str(source), data_dir=station.datadir.root)
    assert out.returncode == 1 and "not a relay rule: trước 17:00" in out.stderr


def test_cli_add_slot_places_a_relay_with_its_rule(station: Any) -> None:
    week, _ = schedule.create_week(station, MONDAY, empty=True)
    evening, _ = schedule.add_session(station, week.id, MONDAY, "18:00", minutes=30)
    root = station.datadir.root
    out = run_cli("schedule", "add-slot", week.id, "--session", evening.key, "--relay", "vov1",
                  "--rule", "after 5pm", "--title", "Thời sự", data_dir=root)
    assert out.returncode == 1 and "not a time of day (24-hour HH:MM): 5pm" in out.stderr
    assert load(station, week.id).sessions[0].slots == ()  # nothing half-added
    out = run_cli("schedule", "add-slot", week.id, "--session", evening.key, "--relay", "vov1",
                  "--rule", "title thời sự;after 17h", "--seconds", "900", "--json",
                  data_dir=root)
    assert out.returncode == 0, out.stderr
    added = json.loads(out.stdout)
    assert (added["kind"], added["relay_ref"], added["relay_rule"], added["planned_s"]) == \
        ("relay", "vov1", "after 17:00; title thời sự", 900.0)
    out = run_cli("schedule", "add-slot", week.id, "--session", evening.key, "--relay", "vov1",
                  data_dir=root)
    assert out.returncode == 0 and "(newest)" in out.stdout, out.stderr
    assert [s.relay_rule for s in load(station, week.id).sessions[0].slots] == \
        ["after 17:00; title thời sự", ""]
