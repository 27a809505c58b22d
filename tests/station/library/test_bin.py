"""The library's bin: delete, restore, empty; blocked by an approved schedule; audited."""

from __future__ import annotations

import pytest

from station import audit
from station.errors import PermissionDenied, ValidationError
from station.library import bin as item_bin
from station.library import items as library
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.search.index import reindex
from station.search.run import search
from tests.support.library import add_item
from tests.support.schedule import MONDAY, audio_item, login


def _actions(st, item_id: str) -> list[str]:
    return [e.action for e in audit.recent(st.db, 500) if e.entity_id == item_id]


def test_delete_restore_and_empty_round_trip(station) -> None:
    login(station, "luutru")
    keep = add_item(station, "Ca nhạc buổi tối")
    gone = add_item(station, "Phóng sự Hòa Bình")
    path = library.file_path(station, gone)
    assert path is not None and path.exists()

    changes = item_bin.delete_items(station, [gone.id])
    assert changes.library
    assert [h.id for h in search(station, "hoa binh")] == []  # out of search at once
    assert gone.id not in {i.id for i in library.list_items(station)}  # and out of pickers
    assert library.count(station) == 1
    assert [b.id for b in item_bin.binned(station)] == [gone.id]
    reindex(station)  # a rebuild of the index does not bring it back
    assert [h.id for h in search(station, "hoa binh")] == []

    item_bin.restore_items(station, [gone.id])
    assert [h.id for h in search(station, "hoa binh")] == [gone.id]
    assert item_bin.binned(station) == []

    item_bin.delete_items(station, [gone.id])
    report, changes = item_bin.empty_bin(station)
    assert [i for i, _t in report.removed] == [gone.id] and changes.library
    assert library.get_item(station, gone.id) is None
    assert not path.exists() and report.bytes_freed > 0
    assert library.get_item(station, keep.id) is not None
    assert _actions(station, gone.id)[:4] == ["bin.empty", "item.delete", "item.restore",
                                              "item.delete"]
    assert audit.verify(station.db).ok


def test_an_item_in_an_approved_schedule_cannot_be_deleted(station) -> None:
    login(station, "bientap")
    sched, _ = schedule.create_week(station, MONDAY, empty=True, title="Tuần thử")
    session, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=15)
    item = audio_item(station, "Bản tin sáng", 120)
    schedule.add_slot(station, sched.id, session.key, item_id=item.id)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    login(station, "luutru")
    with pytest.raises(ValidationError) as info:
        item_bin.delete_items(station, [item.id])
    message = str(info.value)
    assert "approved schedule" in message and "03/03/2031" in message, message
    assert item_bin.binned(station) == [] and "item.delete" not in _actions(station, item.id)


def test_a_draft_schedule_keeps_a_binned_item_in_the_bin(station) -> None:
    login(station, "bientap")
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    session, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=15)
    item = audio_item(station, "Nhạc hiệu", 20)
    schedule.add_slot(station, sched.id, session.key, item_id=item.id)
    login(station, "luutru")
    item_bin.delete_items(station, [item.id])
    report, _ = item_bin.empty_bin(station)
    assert report.removed == () and [k[0] for k in report.kept] == [item.id]
    assert report.kept[0][2] == "schedule_slots"
    assert [b.id for b in item_bin.binned(station)] == [item.id]
    login(station, "bientap")
    with pytest.raises(ValidationError, match="bin"):  # a binned item is not scheduled again
        schedule.add_slot(station, sched.id, session.key, item_id=item.id)


def test_editors_bin_and_restore_but_only_the_archivist_empties(station) -> None:
    login(station, "bientap")
    item = add_item(station, "Tin địa phương")
    item_bin.delete_items(station, [item.id])
    item_bin.restore_items(station, [item.id])
    item_bin.delete_items(station, [item.id])
    with pytest.raises(PermissionDenied):
        item_bin.empty_bin(station)
    login(station, "luutru")
    report, _ = item_bin.empty_bin(station)
    assert [i for i, _t in report.removed] == [item.id]


def test_the_bin_from_the_command_line(datadir, tmp_path) -> None:
    import json

    from media import tones
    from tests.support.cli import run_cli

    path = tones.write_wav(tmp_path / "ban-tin-sang.wav", tones.sine(440.0, 0.5, -20.0))
    done = run_cli("import", str(path), "--json", data_dir=datadir.root)
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)[0]
    assert item["title"] == "Ban tin sang"
    assert run_cli("library", "delete", item["id"], data_dir=datadir.root).returncode == 0
    binned = json.loads(run_cli("library", "bin", "--json", data_dir=datadir.root).stdout)
    assert [b["id"] for b in binned] == [item["id"]] and binned[0]["binned_by"] == "admin"
    assert json.loads(run_cli("search", "ban tin", "--json", data_dir=datadir.root).stdout) == []
    assert run_cli("library", "restore", item["id"], data_dir=datadir.root).returncode == 0
    assert len(json.loads(run_cli("search", "ban tin", "--json",
                                  data_dir=datadir.root).stdout)) == 1
    run_cli("library", "delete", item["id"], data_dir=datadir.root)
    emptied = json.loads(run_cli("library", "empty-bin", "--json", data_dir=datadir.root).stdout)
    assert [r["id"] for r in emptied["removed"]] == [item["id"]] and emptied["bytes_freed"] > 0
    refused = run_cli("library", "delete", item["id"], data_dir=datadir.root)
    assert refused.returncode == 1 and "no item" in refused.stderr
