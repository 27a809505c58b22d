"""Bulk metadata import: normalisation, validation naming the row, all or nothing, one audit
entry, and an index as good as the one the triggers keep; and `station import-catalogue`,
which reads the rows from CSV, JSON or JSON Lines."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from media.taskstate import Cancelled, TaskState
from station import audit, users
from station.errors import PermissionDenied, ValidationError
from station.library import items as library
from station.library.catalogue import import_metadata
from station.paths import DataDir
from station.search.filters import SearchFilters
from station.search.index import reindex
from station.search.run import count, search
from station.startup import open_station
from station.station import Station
from tests.conftest import ADMIN_PASSWORD
from tests.support.cli import ADMIN, password_of, run_cli


def rows(n: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"title": f"Bản tin Hoà Bình số {i}", "description": f"Mô tả {i}",
             "category": "Thời sự", **extra} for i in range(n)]


def stored(st: Station, title: str) -> dict[str, Any]:
    row = st.db.execute("SELECT * FROM items WHERE title = ?", [title]).fetchone()
    names = [d[0] for d in st.db.execute("SELECT * FROM items LIMIT 0").description]
    return dict(zip(names, row, strict=True))


def test_import_fields_and_normalisation(station: Station) -> None:
    nfd = unicodedata.normalize("NFD", "Đắk Lắk: khoẻ mạnh ")
    n = import_metadata(station, [
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
    import_metadata(station, rows(30), batch=7)
    assert count(station, "hoa binh") == 30
    assert station.db.execute("SELECT count(*) FROM search_docs WHERE title_key IS NULL"
                              ).fetchone()[0] == 0
    assert [h.title for h in search(station, "", sort="title", limit=3)] == [
        "Bản tin Hoà Bình số 0", "Bản tin Hoà Bình số 1", "Bản tin Hoà Bình số 2"]
    # The insert trigger is back: an item added the ordinary way is indexed at once.
    library.add_text(station, "Hoà Bình chiều nay", "Tin ngắn")
    assert count(station, "hoa binh") == 31
    station.db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)")


def test_same_index_as_the_triggers_make(station: Station) -> None:
    data = [{"title": f"Tin {i} Đảng uỷ Hòa Bình", "series": "Thời sự", "speaker": "Lê Văn A",
             "tags": "lũ", "body": "Mưa lớn ở Đắk Lắk", "notes": "ghi chú"} for i in range(20)]
    import_metadata(station, data)
    queries = ["dang uy", "thoi su", "le van", "lu", "mua lon", "dak lak", "ghi chu", "tin"]
    imported = {q: count(station, q) for q in queries}
    reindex(station)  # rebuilds through the same SQL as the triggers
    assert {q: count(station, q) for q in queries} == imported
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
        import_metadata(station, [*rows(2), bad, *rows(5)], batch=2)
    assert str(caught.value).startswith(message)
    assert caught.value.params["row"] == 3
    assert count(station) == 0
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert audit.recent(station.db, 1)[0].seq == before
    library.add_text(station, "Hoà Bình", "vẫn được đánh chỉ mục")  # the trigger came back
    assert count(station, "hoa binh") == 1


def test_cancel_undoes_the_import(station: Station) -> None:
    state = TaskState()

    def feed() -> Iterator[dict[str, Any]]:
        for i, row in enumerate(rows(50)):
            if i == 30:
                state.cancel()
            yield row

    with pytest.raises(Cancelled):
        import_metadata(station, feed(), batch=10, total=50, state=state)
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == 0
    assert count(station) == 0


def test_progress_is_reported(station: Station) -> None:
    seen: list[float] = []
    state = TaskState(lambda f, _t: seen.append(f))
    assert import_metadata(station, rows(25), batch=10, total=25, state=state) == 25
    assert seen == [0.4, 0.8, 1.0]


def test_empty_import_writes_nothing(station: Station) -> None:
    before = audit.recent(station.db, 1)[0].seq
    assert import_metadata(station, []) == 0
    assert audit.recent(station.db, 1)[0].seq == before


def test_rights(station: Station) -> None:
    users.logout(station)
    with pytest.raises(PermissionDenied):
        import_metadata(station, rows(1))
    users.login(station, "luutru", "luutru-password")  # the archivist imports catalogues
    assert import_metadata(station, rows(1)) == 1
    assert audit.recent(station.db, 1)[0].actor == "luutru"


def schema(st: Station) -> list[tuple[str, str, str]]:
    return sorted(st.db.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"
                                " WHERE type IN ('index', 'trigger')").fetchall())


def test_indexes_and_the_trigger_come_back(station: Station) -> None:
    before = schema(station)
    import_metadata(station, rows(10))  # into an empty library: indexes rebuilt at the end
    assert schema(station) == before
    import_metadata(station, iter(rows(5)))  # size unknown, library not empty: kept
    assert schema(station) == before
    with pytest.raises(ValidationError):
        import_metadata(station, [*rows(3), {"title": ""}])
    assert schema(station) == before
    assert count(station, "", SearchFilters(categories=("Thời sự",))) == 15


# -- `station import-catalogue FILE` ----------------------------------------------------------

def _station_cli(monkeypatch: pytest.MonkeyPatch, datadir: DataDir, *argv: str) -> int:
    """The command through the core parser and dispatch, in this process (the log file setup
    is skipped: it would stay on the root logger for the rest of the session)."""
    from station.cli import main as cli

    monkeypatch.setattr("station.logs.setup", lambda *_a, **_k: None)
    monkeypatch.setenv("STATION_PASSWORD", password_of(ADMIN))
    return cli.main(["--data-dir", str(datadir.root), "--user", ADMIN, *argv])


def _imported(datadir: DataDir) -> list[dict[str, Any]]:
    st = open_station(datadir)
    try:
        return [dict(zip(("title", "recorded_on", "duration_s", "tags", "category"), r,
                         strict=True))
                for r in st.db.execute("SELECT title, recorded_on, duration_s, tags, category"
                                       " FROM items ORDER BY title")]
    finally:
        st.close()


def test_import_catalogue_csv(monkeypatch: pytest.MonkeyPatch, datadir: DataDir,
                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nfd = unicodedata.normalize("NFD", "Hoà Bình mùa lũ")
    # As a spreadsheet saves it: a byte-order mark, CRLF, a trailing comma, a blank last line.
    (tmp_path / "kho.csv").write_text(
        "\ufefftitle, category ,recorded_on,duration_s,tags,\r\n"
        f"{nfd},Thời sự,25/11/2020,1:02:03,\"lũ, mưa\",\r\n"
        "Chuyện làng,Văn hoá,2021-03-08,,,\r\n"
        ",,,,,\r\n", encoding="utf-8")
    assert _station_cli(monkeypatch, datadir, "import-catalogue",
                        str(tmp_path / "kho.csv"), "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"file": str(tmp_path / "kho.csv"),
                                                   "imported": 2}
    assert _imported(datadir) == [
        {"title": "Chuyện làng", "recorded_on": "2021-03-08", "duration_s": None, "tags": "",
         "category": "Văn hoá"},
        {"title": unicodedata.normalize("NFC", nfd), "recorded_on": "2020-11-25",
         "duration_s": 3723.0, "tags": "lũ, mưa", "category": "Thời sự"}]
    st = open_station(datadir)
    try:
        entry = audit.recent(st.db, 1)[0]
        assert entry.action == "item.bulk_import" and entry.detail["source"] == "kho.csv"
        assert entry.actor == ADMIN  # the CLI acts as the user it logged in as
        users.login(st, "admin", ADMIN_PASSWORD)
        assert count(st, "hoa binh lu") == 1
    finally:
        st.close()


def test_import_catalogue_json_and_json_lines(monkeypatch: pytest.MonkeyPatch,
                                              datadir: DataDir, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text(json.dumps(rows(3), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        "\n".join(json.dumps({"title": f"Dòng {i}", "duration_s": 60}) for i in range(4))
        + "\n\n", encoding="utf-8")
    assert _station_cli(monkeypatch, datadir, "import-catalogue", str(tmp_path / "a.json")) == 0
    assert capsys.readouterr().out == "3 item(s) imported from a.json\n"
    assert _station_cli(monkeypatch, datadir, "import-catalogue", str(tmp_path / "b.jsonl")) == 0
    assert capsys.readouterr().out == "4 item(s) imported from b.jsonl\n"
    assert len(_imported(datadir)) == 7


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.csv", "title,colour\nx,red\n", "row 1: unknown field colour"),
    ("bad.csv", "title,kind\nx,audio\ny,podcast\n", "row 2: unknown kind podcast"),
    ("bad.csv", "title\nx,y\n", "bad.csv, line 2: more cells than the header names"),
    ("bad.jsonl", '{"title": "x"}\n[1]\n', "bad.jsonl, line 2: not an object"),
    ("bad.jsonl", '{"title": "x"}\n{oops\n', "bad.jsonl, line 2: not JSON"),
    ("bad.json", '{"title": "x"}', "bad.json: expected a JSON array of objects"),
    ("bad.xlsx", "", "bad.xlsx: a catalogue is a .csv, .json or .jsonl file"),
])
def test_import_catalogue_refuses_a_bad_file_whole(monkeypatch: pytest.MonkeyPatch,
                                                  datadir: DataDir, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str], name: str,
                                                  text: str, message: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert _station_cli(monkeypatch, datadir, "import-catalogue", str(tmp_path / name)) == 1
    assert capsys.readouterr().err.startswith(f"station: error: {message}")
    assert _imported(datadir) == []


def test_import_catalogue_refuses_other_encodings(monkeypatch: pytest.MonkeyPatch,
                                                  datadir: DataDir, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cu.csv").write_bytes("title\nĐài\n".encode("utf-16"))
    assert _station_cli(monkeypatch, datadir, "import-catalogue", str(tmp_path / "cu.csv")) == 1
    assert "not UTF-8 text" in capsys.readouterr().err
    assert _station_cli(monkeypatch, datadir, "import-catalogue", str(tmp_path / "none.csv")) == 1
    assert "no such file" in capsys.readouterr().err


def test_import_catalogue_through_the_console_script(datadir: DataDir, tmp_path: Path) -> None:
    (tmp_path / "kho.csv").write_text("title,category\nHoà Bình,Thời sự\n", encoding="utf-8")
    done = run_cli("import-catalogue", str(tmp_path / "kho.csv"), "--json",
                   data_dir=datadir.root)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 1
    assert [r["title"] for r in _imported(datadir)] == ["Hoà Bình"]
