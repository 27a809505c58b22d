"""Bulk metadata import: normalisation, validation naming the row, all or nothing, one audit
entry, and an index as good as the one the triggers keep."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from media.taskstate import Cancelled, TaskState
from station import audit, search, users
from station.errors import PermissionDenied, ValidationError
from station.library import catalogue as bulk
from station.library import items as library
from station.station import Station


def rows(n: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"title": f"Bản tin Hoà Bình số {i}", "description": f"Mô tả {i}",
             "category": "Thời sự", **extra} for i in range(n)]


def stored(st: Station, title: str) -> dict[str, Any]:
    row = st.db.execute("SELECT * FROM items WHERE title = ?", [title]).fetchone()
    names = [d[0] for d in st.db.execute("SELECT * FROM items LIMIT 0").description]
    return dict(zip(names, row, strict=True))


def test_import_fields_and_normalisation(station: Station) -> None:
    nfd = unicodedata.normalize("NFD", "Đắk Lắk: khoẻ mạnh ")
    n = bulk.import_metadata(station, [
        {"title": nfd, "description": unicodedata.normalize("NFD", "Mô tả"),
         "category": "Y tế", "series": "Sức khỏe", "tags": ["y tế", " cộng đồng ", ""],
         "speaker": "Lê Thị Thuý", "language": "TAY", "kind": "video",
         "recorded_on": "25/11/2026", "created_at": "2026-11-25 07:30:00",
         "first_aired_at": datetime(2026, 11, 26, 6, 0), "duration_s": "1:02:03.5",
         "retention": "permanent", "rights": "Đài", "notes": "ghi chú", "source_name": "a.mp3",
         "body": "Nội dung"},
        {"title": "Thứ hai", "recorded_on": date(2020, 1, 2), "duration_s": 90,
         "tags": "a, b", "created_at": "2026-01-01T00:00:00.000Z"},
    ], source="catalogue.csv")
    assert n == 2
    first = stored(station, "Đắk Lắk: khoẻ mạnh")
    assert first["title"] == unicodedata.normalize("NFC", "Đắk Lắk: khoẻ mạnh")
    assert first["description"] == "Mô tả" and unicodedata.is_normalized("NFC", first["description"])
    assert first["tags"] == "y tế, cộng đồng" and first["language"] == "tay"
    assert first["kind"] == "video" and first["recorded_on"] == "2026-11-25"
    assert first["created_at"] == "2026-11-25T00:30:00.000Z"  # 07:30 in Hà Nội
    assert first["first_aired_at"] == "2026-11-25T23:00:00.000Z"
    assert first["duration_s"] == 3723.5 and first["retention"] == "permanent"
    assert first["body"] == "Nội dung" and first["created_by"] == "admin"
    assert len(first["id"]) == 36 and first["id"][14] == "7"  # UUIDv7
    second = stored(station, "Thứ hai")
    assert second["kind"] == "audio" and second["language"] == "vi"
    assert second["recorded_on"] == "2020-01-02" and second["tags"] == "a, b"
    assert second["retention"] == "standard" and second["body"] is None
    assert second["created_at"] == "2026-01-01T00:00:00.000Z"
    entry = audit.recent(station.db, 1)[0]
    assert entry.action == "item.bulk_import"
    assert entry.detail["items"] == 2 and entry.detail["source"] == "catalogue.csv"
    assert audit.verify(station.db).ok


def test_imported_items_are_searchable_and_sortable(station: Station) -> None:
    bulk.import_metadata(station, rows(30), batch=7)
    assert search.count(station, "hoa binh") == 30
    assert station.db.execute("SELECT count(*) FROM search_docs WHERE title_key IS NULL"
                              ).fetchone()[0] == 0
    assert [h.title for h in search.search(station, "", sort="title", limit=3)] == [
        "Bản tin Hoà Bình số 0", "Bản tin Hoà Bình số 1", "Bản tin Hoà Bình số 2"]
    # The insert trigger is back: an item added the ordinary way is indexed at once.
    library.add_text(station, "Hoà Bình chiều nay", "Tin ngắn")
    assert search.count(station, "hoa binh") == 31
    station.db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)")


def test_same_index_as_the_triggers_make(station: Station) -> None:
    data = [{"title": f"Tin {i} Đảng uỷ Hòa Bình", "series": "Thời sự", "speaker": "Lê Văn A",
             "tags": "lũ", "body": "Mưa lớn ở Đắk Lắk", "notes": "ghi chú"} for i in range(20)]
    bulk.import_metadata(station, data)
    queries = ["dang uy", "thoi su", "le van", "lu", "mua lon", "dak lak", "ghi chu", "tin"]
    imported = {q: search.count(station, q) for q in queries}
    search.reindex(station)  # rebuilds through the same SQL as the triggers
    assert {q: search.count(station, q) for q in queries} == imported
    assert set(imported.values()) == {20}


@pytest.mark.parametrize(("bad", "message"), [
    ({"title": ""}, "row 3: a title is required"),
    ({"title": "x", "colour": "red"}, "row 3: unknown field colour"),
    ({"title": "x", "kind": "podcast"}, "row 3: unknown kind podcast"),
    ({"title": "x", "recorded_on": "tomorrow"}, "row 3: recorded_on is not a date"),
    ({"title": "x", "created_at": "31/02/2026"}, "row 3: created_at is not a date and time"),
    ({"title": "x", "duration_s": -5}, "row 3: duration_s must be a number"),
    ({"title": "x", "duration_s": "long"}, "row 3: duration_s must be a number"),
    ({"title": "x", "language": "Tiếng Việt"}, "row 3: language must be a code"),
    ({"title": ["x"]}, "row 3: title must be text"),
])
def test_a_bad_row_is_named_and_nothing_is_imported(station: Station, bad: dict[str, Any],
                                                    message: str) -> None:
    before = audit.recent(station.db, 1)[0].seq
    with pytest.raises(ValidationError) as caught:
        bulk.import_metadata(station, [*rows(2), bad, *rows(5)], batch=2)
    assert str(caught.value).startswith(message)
    assert caught.value.params["row"] == 3
    assert search.count(station) == 0
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert audit.recent(station.db, 1)[0].seq == before
    library.add_text(station, "Hoà Bình", "vẫn được đánh chỉ mục")  # the trigger came back
    assert search.count(station, "hoa binh") == 1


def test_cancel_undoes_the_import(station: Station) -> None:
    state = TaskState()

    def feed() -> Iterator[dict[str, Any]]:
        for i, row in enumerate(rows(50)):
            if i == 30:
                state.cancel()
            yield row

    with pytest.raises(Cancelled):
        bulk.import_metadata(station, feed(), batch=10, total=50, state=state)
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert search.count(station) == 0


def test_progress_is_reported(station: Station) -> None:
    seen: list[float] = []
    state = TaskState(lambda f, _t: seen.append(f))
    assert bulk.import_metadata(station, rows(25), batch=10, total=25, state=state) == 25
    assert seen == [0.4, 0.8, 1.0]


def test_empty_import_writes_nothing(station: Station) -> None:
    before = audit.recent(station.db, 1)[0].seq
    assert bulk.import_metadata(station, []) == 0
    assert audit.recent(station.db, 1)[0].seq == before


def test_rights(station: Station) -> None:
    users.logout(station)
    with pytest.raises(PermissionDenied):
        bulk.import_metadata(station, rows(1))
    users.login(station, "luutru", "luutru-password")  # the archivist imports catalogues
    assert bulk.import_metadata(station, rows(1)) == 1
    assert audit.recent(station.db, 1)[0].actor == "luutru"


def schema(st: Station) -> list[tuple[str, str, str]]:
    return sorted(st.db.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"
                                " WHERE type IN ('index', 'trigger')").fetchall())


def test_indexes_and_the_trigger_come_back(station: Station) -> None:
    before = schema(station)
    bulk.import_metadata(station, rows(10))  # into an empty library: indexes rebuilt at the end
    assert schema(station) == before
    bulk.import_metadata(station, iter(rows(5)))  # size unknown, library not empty: kept
    assert schema(station) == before
    with pytest.raises(ValidationError):
        bulk.import_metadata(station, [*rows(3), {"title": ""}])
    assert schema(station) == before
    assert search.count(station, "", search.SearchFilters(categories=("Thời sự",))) == 15
