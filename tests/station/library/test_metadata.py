"""Editing metadata: one item, many at once, validated, NFC, and every change in the history."""

from __future__ import annotations

import pytest

from station import users
from station.errors import PermissionDenied, ValidationError
from station.library import items as library
from station.library import metadata
from station.station import Station


@pytest.fixture
def items(station: Station) -> list[str]:
    ids = []
    for n in range(3):
        item, _ = library.add_text(station, f"Bản tin số {n}", "Nội dung bản tin.")
        ids.append(item.id)
    return ids


def test_edit_one_item_records_before_and_after(station: Station, items: list[str]) -> None:
    nfd_title = "Ho\u0300a Bi\u0300nh ho\u0302m nay"  # typed with combining marks
    changes = metadata.update_items(station, [items[0]], {
        "title": nfd_title, "speaker": "Nguyễn Văn An", "recorded_on": "2026-11-20",
        "tags": "thời sự, nông nghiệp, thời sự", "language": "tyz", "retention": "permanent"})
    assert changes.library and changes.audit
    found = metadata.details(station, items[0])
    assert found["title"] == "Hòa Bình hôm nay"  # stored NFC
    assert found["tags"] == "thời sự, nông nghiệp"
    assert (found["language"], found["retention"]) == ("tyz", "permanent")
    entry = metadata.history(station, items[0])[0]
    assert entry.action == "item.edit" and entry.actor == "admin"
    assert entry.detail["title"] == ["Bản tin số 0", "Hòa Bình hôm nay"]
    assert entry.detail["speaker"] == ["", "Nguyễn Văn An"]


def test_bulk_edit_changes_all_in_one_go(station: Station, items: list[str]) -> None:
    metadata.update_items(station, items, {"category": "Thời sự", "series": "Chào buổi sáng"})
    rows = station.db.execute("SELECT category, series FROM items").fetchall()
    assert set(rows) == {("Thời sự", "Chào buổi sáng")}
    assert all(metadata.history(station, i)[0].action == "item.edit" for i in items)


def test_unchanged_values_are_not_written(station: Station, items: list[str]) -> None:
    changes = metadata.update_items(station, [items[0]], {"title": "Bản tin số 0"})
    assert not changes.any()
    assert [e.action for e in metadata.history(station, items[0])] == ["item.create"]


@pytest.mark.parametrize(("fields", "words"), [
    ({"title": "   "}, "title"), ({"recorded_on": "20/11/2026"}, "date"),
    ({"retention": "forever"}, "retention"), ({"language": "xx"}, "language"),
    ({"sha256": "abc"}, "cannot be edited"),
])
def test_bad_values_are_refused_and_nothing_changes(station: Station, items: list[str],
                                                    fields: dict, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        metadata.update_items(station, items, fields)
    assert [r[0] for r in station.db.execute("SELECT title FROM items ORDER BY title")] == \
        ["Bản tin số 0", "Bản tin số 1", "Bản tin số 2"]


def test_a_bulk_edit_with_a_missing_item_changes_none(station: Station,
                                                      items: list[str]) -> None:
    from station.errors import NotFound

    with pytest.raises(NotFound):
        metadata.update_items(station, [*items, "no-such-id"], {"category": "X"})
    assert {r[0] for r in station.db.execute("SELECT category FROM items")} == {""}


def test_an_archivist_may_edit_but_a_logged_out_user_may_not(station: Station,
                                                             items: list[str]) -> None:
    users.login(station, "luutru", "luutru-password")
    metadata.update_items(station, [items[0]], {"notes": "Đã kiểm tra"})
    users.logout(station)
    with pytest.raises(PermissionDenied):
        metadata.update_items(station, [items[0]], {"notes": "x"})


def test_lowering_retention_needs_the_purge_right(station: Station, items: list[str]) -> None:
    metadata.update_items(station, [items[0]], {"retention": "permanent"})
    users.login(station, "bientap", "bientap-password")
    metadata.update_items(station, [items[1]], {"retention": "permanent"})  # raising: fine
    with pytest.raises(PermissionDenied):
        metadata.update_items(station, [items[0]], {"retention": "temporary"})
    assert metadata.details(station, items[0])["retention"] == "permanent"
