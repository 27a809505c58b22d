"""Library search: folding both ways, the query language, ranking, filters, sorts, the
index triggers, saved searches. Small real databases; the million-item figures are in
bench/bench_search.py."""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from typing import Any

import pytest
import sqlite_utils

from station import audit, users
from station.errors import PermissionDenied, ValidationError
from station.library import items as library
from station.library.catalogue import import_metadata
from station.migrations import MIGRATIONS
from station.search.filters import SearchFilters
from station.search.index import reindex
from station.search.query import parse_query
from station.search.results import Hit
from station.search.run import count, ordered_docs, search
from station.search.saved import delete_saved, list_saved, save_search
from station.station import Station
from station.text import fold
from tests.support.text import WORDS, every_vowel


def add(st: Station, *rows: dict[str, Any]) -> None:
    import_metadata(st, rows)


def titles(hits: list[Hit]) -> list[str]:
    return [h.title for h in hits]


def item(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, **extra}


# -- folding: the index (SQL + tokenizer) and the query (Python) agree ----------------------

def test_every_vowel_and_d_found_both_ways(station: Station) -> None:
    letters = [*every_vowel(), "đ", "Đ", "Ð"]
    add(station, *(item(f"x{c}x mẫu{i}") for i, c in enumerate(letters)))
    for i, c in enumerate(letters):
        for query in (f"x{c}x", fold(f"x{c}x"), unicodedata.normalize("NFD", f"x{c}x")):
            found = titles(search(station, f"{query} mau{i} ", limit=5))
            assert found == [f"x{c}x mẫu{i}"], (c, query)


def test_real_words_found_without_marks(station: Station) -> None:
    add(station, *(item(text, description=f"số {i}") for i, (text, _) in enumerate(WORDS)))
    for text, folded in WORDS:
        assert text in titles(search(station, f'"{folded}"', limit=100)), text
        assert text in titles(search(station, text, limit=100)), text


def test_dang_finds_dang_and_hoa_binh_finds_both_spellings(station: Station) -> None:
    add(station, item("Đảng uỷ xã họp"), item("Hoà Bình mùa lũ"), item("Hòa Bình sau lũ"),
        item("Thanh Hóa"))
    assert titles(search(station, "dang")) == ["Đảng uỷ xã họp"]
    assert sorted(titles(search(station, "hoa binh"))) == ["Hoà Bình mùa lũ",
                                                                 "Hòa Bình sau lũ"]
    assert count(station, "HÒA BÌNH") == 2


def test_nfd_text_written_by_another_tool_is_found(station: Station) -> None:
    station.db.execute(
        "INSERT INTO items (id, kind, title, created_at, created_by, updated_at)"
        " VALUES ('x1', 'text', ?, '2026-01-01T00:00:00.000Z', 'x', '2026-01-01T00:00:00.000Z')",
        [unicodedata.normalize("NFD", "Đắk Lắk khoẻ")])
    assert len(search(station, "dak lak khoe")) == 1


# -- the query language ------------------------------------------------------------------------

def test_words_are_anded_and_folded() -> None:
    q = parse_query("Hoà  Bình ")
    assert [u.text for u in q.units] == ["hoa", "binh"]
    assert not any(u.prefix for u in q.units)  # a space after the last word ends it


def test_last_word_is_a_prefix_as_you_type() -> None:
    assert parse_query("hoa bin").units[-1].prefix
    assert not parse_query("hoa bi").units[-1].prefix  # shorter than the prefix index
    assert not parse_query("hoa bin ").units[-1].prefix
    assert parse_query("bin* hoa").units[0].prefix  # an explicit star


def test_phrases_exclusions_and_operators() -> None:
    q = parse_query('"an toàn giao thông" -Hòa NOT bình "Thừa Thiên')
    assert [(u.text, u.prefix) for u in q.units] == [("an toan giao thong", False),
                                                     ("thua thien", True)]
    assert [u.text for u in q.excluded] == ["hoa", "binh"]
    assert [u.text for u in parse_query("lũ OR lụt AND bão NEAR(mưa").units] == [
        "lu", "lut", "bao", "mua"]
    assert [u.text for u in parse_query("nhiệt độ -5 độ C").units] == ["nhiet", "do", "5",
                                                                       "do", "c"]
    assert [u.text for u in parse_query("covid-19").units] == ["covid 19"]
    assert parse_query("“Hoà Bình”").units[0].text == "hoa binh"


def test_malformed_queries_never_raise(station: Station) -> None:
    add(station, item("Hoà Bình", description="mưa lũ (NEAR) \"AND\" * OR"))
    nasty = ['"', '""', '"""', "'", "*", "**", "-", "--", "- -", "NOT", "NOT NOT", "OR", "AND OR",
             "NEAR", "NEAR(", "NEAR(a b, 2)", "hoa NEAR/2 binh", "(", ")", "())", "{title}:",
             "title:hoa", "^hoa", "hoa^", "+", "a+b", ":", ";", ",", ".", "...", "\\", "\0",
             "-\"", "\"-", "hoa*bin", "hoa -", "- hoa", "-*", "*hoa", "hoa \"binh", "hoa\"binh\"",
             "đ*", "''", "%", "_", "\t\n", "🙂", "ꙮ", "x" * 300, "a " * 100]
    rng = random.Random(7)
    alphabet = 'ab đà"*-()^:{}+,. NOTORNEAR'
    nasty += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
              for _ in range(300)]
    for text in nasty:
        for sort in ("rank", "newest", "title"):
            search(station, text, sort=sort)
        count(station, text)
        ordered_docs(station, text)


def test_an_empty_query_lists_everything_newest_first(station: Station) -> None:
    add(station, item("Một", created_at="2026-01-01T08:00:00Z"),
        item("Hai", created_at="2026-01-03T08:00:00Z"), item("Ba", created_at="2026-01-02T08:00:00Z"))
    assert titles(search(station, "")) == ["Hai", "Ba", "Một"]
    assert titles(search(station, "   ")) == ["Hai", "Ba", "Một"]
    assert titles(search(station, "-hai")) == ["Ba", "Một"]
    assert count(station, "") == 3 and count(station, "-hai") == 2


# -- ranking ------------------------------------------------------------------------------------

def test_tiers_title_phrase_first_then_title_then_names_then_text(station: Station) -> None:
    add(station,
        item("Bản tin chiều", description="tin hoà bình trong phần mô tả"),   # phrase in text
        item("Bình minh ở xã Hoà Lạc"),                                        # both in title
        item("Bản tin", description="hoà thuận, bình yên"),                     # words in text
        item("Bản tin tối", series="Hoà Bình ngày nay"),                        # in the names
        item("Tỉnh Hoà Bình đón Tết"),                                          # title phrase
        item("Không liên quan"))
    hits = search(station, "hoa binh")
    assert titles(hits) == ["Tỉnh Hoà Bình đón Tết", "Bình minh ở xã Hoà Lạc", "Bản tin tối",
                            "Bản tin chiều", "Bản tin"]
    assert [h.score for h in hits] == [5.0, 4.0, 3.0, 2.0, 1.0]


def test_ties_go_to_the_most_recently_added(station: Station) -> None:
    add(station, *(item(f"Hoà Bình số {i}") for i in range(5)))
    assert titles(search(station, "hoa binh")) == [f"Hoà Bình số {i}" for i in
                                                          reversed(range(5))]


def test_pages_join_up_with_the_whole_ordering(station: Station) -> None:
    rows = [item(f"Tin {i}", description="hoà bình" if i % 3 else "hoà và bình") for i in range(40)]
    rows += [item(f"Hoà Bình {i}") for i in range(7)] + [item(f"Bình Hoà {i}") for i in range(5)]
    add(station, *rows)
    docs, scores = ordered_docs(station, "hoa binh")
    assert scores is not None and list(scores) == sorted(scores, reverse=True)
    paged = [h.doc for start in range(0, 60, 7)
             for h in search(station, "hoa binh", limit=7, offset=start)]
    assert paged == list(docs) and len(paged) == count(station, "hoa binh") == 52


def test_hits_carry_highlights_and_a_snippet(station: Station) -> None:
    add(station, item("Tỉnh HOÀ BÌNH đón Tết", description="Sáng nay, " + "bà con " * 30 +
                      "ở Hòa Bình đã vui Tết. " + "Nhà nhà " * 30))
    hit = search(station, "hoa binh")[0]
    assert [hit.title[a:b] for a, b in hit.title_spans] == ["HOÀ", "BÌNH"]
    assert "Hòa Bình" in hit.snippet and hit.snippet.startswith("… ")
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["Hòa", "Bình"]
    assert hit.to_json_dict()["id"] == hit.id


# -- filters and sorts ----------------------------------------------------------------------

@pytest.fixture
def catalogue(station: Station) -> Station:
    add(station,
        item("Bản tin Hoà Bình sáng", category="Thời sự", kind="audio", language="vi",
             duration_s=300, created_at="2026-03-01T01:00:00Z", recorded_on="2026-02-28",
             first_aired_at="2026-03-01T23:00:00Z", retention="permanent"),
        item("Ăn Tết ở Hòa Bình", category="Văn hóa", kind="video", language="vi",
             duration_s=1200, created_at="2026-03-02T01:00:00Z", recorded_on="2026-01-20"),
        item("Đắk Lắk: hoà bình và phát triển", category="Thời sự", kind="text", language="km",
             created_at="2026-03-03T01:00:00Z"),
        item("Bà con Hòa Bình trồng rừng", category="Nông nghiệp", kind="audio", language="tay",
             duration_s=60, created_at="2026-03-04T01:00:00Z", recorded_on="2026-03-04",
             first_aired_at="2026-03-05T00:00:00Z", retention="temporary"),
        item("An toàn giao thông", category="Thời sự", duration_s=90,
             created_at="2026-03-05T01:00:00Z"))
    return station


def found(st: Station, query: str = "", sort: str = "rank", **flt: Any) -> list[str]:
    return titles(search(st, query, filters=SearchFilters(**flt), sort=sort))


def test_filters(catalogue: Station) -> None:
    st = catalogue
    assert found(st, "hoa binh", categories=("Thời sự",)) == ["Đắk Lắk: hoà bình và phát triển",
                                                              "Bản tin Hoà Bình sáng"]
    assert found(st, "hoa binh", categories="Văn hóa") == ["Ăn Tết ở Hòa Bình"]  # one, not a tuple
    assert found(st, "hoa binh", kinds=("video", "text"), sort="oldest") == [
        "Ăn Tết ở Hòa Bình", "Đắk Lắk: hoà bình và phát triển"]
    assert found(st, "", languages=("km", "tay"), sort="oldest") == [
        "Đắk Lắk: hoà bình và phát triển", "Bà con Hòa Bình trồng rừng"]
    assert found(st, "", aired=True, sort="oldest") == ["Bản tin Hoà Bình sáng",
                                                        "Bà con Hòa Bình trồng rừng"]
    assert len(found(st, "", aired=False)) == 3
    assert found(st, "", retention=("permanent", "temporary"), sort="oldest") == [
        "Bản tin Hoà Bình sáng", "Bà con Hòa Bình trồng rừng"]
    assert found(st, "", min_duration_s=60, max_duration_s=300, sort="duration") == [
        "Bà con Hòa Bình trồng rừng", "An toàn giao thông", "Bản tin Hoà Bình sáng"]
    assert found(st, "", recorded_from="2026-01-01", recorded_to="2026-02-28",
                 sort="oldest") == ["Bản tin Hoà Bình sáng", "Ăn Tết ở Hòa Bình"]
    assert count(st, "hoa binh", SearchFilters(categories=("Thời sự",))) == 2


def test_created_dates_are_station_days(catalogue: Station) -> None:
    # 2026-03-03T01:00Z is 08:00 on 3 March in Hà Nội; 2026-03-02T01:00Z is 2 March.
    st = catalogue
    assert found(st, "", created_from="2026-03-03", created_to="2026-03-03") == [
        "Đắk Lắk: hoà bình và phát triển"]
    assert found(st, "", created_from="2026-03-02T00:00:00Z",
                 created_to="2026-03-03T01:00:00.000Z", sort="oldest") == [
        "Ăn Tết ở Hòa Bình", "Đắk Lắk: hoà bình và phát triển"]
    with pytest.raises(ValidationError):
        found(st, "", created_from="03/03/2026")


def test_sorts(catalogue: Station) -> None:
    st = catalogue
    every = ["An toàn giao thông", "Bà con Hòa Bình trồng rừng", "Đắk Lắk: hoà bình và phát triển",
             "Ăn Tết ở Hòa Bình", "Bản tin Hoà Bình sáng"]
    assert found(st, "", sort="newest") == every
    assert found(st, "", sort="oldest") == every[::-1]
    assert found(st, "", sort="title") == ["An toàn giao thông", "Ăn Tết ở Hòa Bình",
                                           "Bà con Hòa Bình trồng rừng", "Bản tin Hoà Bình sáng",
                                           "Đắk Lắk: hoà bình và phát triển"]
    assert found(st, "", sort="title_desc") == found(st, "", sort="title")[::-1]
    assert found(st, "", sort="duration")[:2] == ["Đắk Lắk: hoà bình và phát triển",
                                                  "Bà con Hòa Bình trồng rừng"]  # none first
    assert found(st, "", sort="duration_desc") == found(st, "", sort="duration")[::-1]
    assert found(st, "hoa binh", sort="title") == ["Ăn Tết ở Hòa Bình", "Bà con Hòa Bình trồng rừng",
                                                   "Bản tin Hoà Bình sáng",
                                                   "Đắk Lắk: hoà bình và phát triển"]
    with pytest.raises(ValidationError):
        found(st, "", sort="random")


def test_many_matches_walk_the_index_with_the_same_result(station: Station,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    add(station, *(item(f"Bản tin {rng.choice(['Hoà Bình', 'Thanh Hoá', 'Huế'])} {i}",
                        created_at=f"2026-01-{rng.randint(1, 28):02d}T00:00:00Z",
                        duration_s=rng.choice([None, 30.0, 60.0, 90.0]),
                        category=rng.choice(["Thời sự", "Y tế"])) for i in range(300)))
    flt = SearchFilters(categories=("Y tế",))
    cases = [(q, s, f) for q in ("ban tin", "hoa binh", "-hue") for f in (None, flt)
             for s in ("newest", "oldest", "title", "title_desc", "duration", "duration_desc")]
    small = {c: ordered_docs(station, c[0], c[2], c[1])[0] for c in cases}
    pages = {c: [h.doc for h in search(station, c[0], filters=c[2], sort=c[1], limit=20,
                                              offset=40)] for c in cases}
    monkeypatch.setattr("station.search.run.SORT_IN_MEMORY_MAX", 5)
    for c in cases:
        assert ordered_docs(station, c[0], c[2], c[1])[0] == small[c], c
        assert [h.doc for h in search(station, c[0], filters=c[2], sort=c[1], limit=20,
                                             offset=40)] == pages[c] == list(small[c][40:60]), c


def test_sorted_first_pages_probe_or_fall_back(station: Station,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    add(station, item("Hoà Bình xưa", created_at="2001-01-01T00:00:00Z"),
        *(item(f"Tin {i}", created_at=f"2026-01-{i + 1:02d}T00:00:00Z") for i in range(20)),
        item("Hoà Bình nay", created_at="2026-02-01T00:00:00Z"))
    monkeypatch.setattr("station.search.run.SORT_IN_MEMORY_MAX", 1)
    monkeypatch.setattr("station.search.run.PROBE_WALK", 10)  # the probe sees the 10 newest only
    assert found(station, "hoa binh", sort="newest") == ["Hoà Bình nay", "Hoà Bình xưa"]
    assert found(station, "tin", sort="oldest")[:2] == ["Tin 0", "Tin 1"]
    assert titles(search(station, "tin", sort="newest", limit=1)) == ["Tin 19"]
    assert titles(search(station, "xua", sort="newest", limit=1)) == ["Hoà Bình xưa"]


def test_count_with_a_cap(station: Station) -> None:
    add(station, *(item(f"Hoà Bình {i}") for i in range(30)))
    assert count(station, "hoa binh") == 30
    assert count(station, "hoa binh", cap=10) == 10
    assert count(station, "", cap=10) == 10
    assert count(station) == 30


# -- the index follows every change to items ----------------------------------------------

def test_edits_deletes_and_single_adds_keep_the_index(station: Station) -> None:
    db = station.db
    bulletin, _ = library.add_text(station, "Thông báo cắt điện", "Thôn Đông mất điện sáng mai",
                                   "Thông báo")
    assert titles(search(station, "thon dong")) == ["Thông báo cắt điện"]
    db.execute("UPDATE items SET title = 'Thông báo lịch tiêm chủng', body = 'Trạm y tế'"
               " WHERE id = ?", [bulletin.id])
    assert search(station, "cat dien") == []
    assert search(station, "thon dong") == []
    assert titles(search(station, "tiem chung")) == ["Thông báo lịch tiêm chủng"]
    assert titles(search(station, "", sort="title")) == ["Thông báo lịch tiêm chủng"]
    db.execute("UPDATE items SET category = 'Y tế', first_aired_at = '2026-01-01T00:00:00.000Z',"
               " duration_s = 12 WHERE id = ?", [bulletin.id])
    assert found(station, "tiem", categories=("Y tế",), aired=True) == ["Thông báo lịch tiêm chủng"]
    assert found(station, "y te") == ["Thông báo lịch tiêm chủng"]  # category is searched too
    db.execute("DELETE FROM items WHERE id = ?", [bulletin.id])
    assert search(station, "tiem chung") == [] and count(station) == 0
    db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)")


def test_title_keys_follow_renames(station: Station) -> None:
    add(station, item("Bắc"), item("Ăn"))
    assert titles(search(station, "", sort="title")) == ["Ăn", "Bắc"]
    station.db.execute("UPDATE items SET title = 'Ân' WHERE title = 'Bắc'")
    assert titles(search(station, "", sort="title")) == ["Ăn", "Ân"]
    station.db.execute("UPDATE items SET title = 'An' WHERE title = 'Ân'")
    assert titles(search(station, "", sort="title")) == ["An", "Ăn"]


def test_reindex_rebuilds_the_same_index(station: Station) -> None:
    rng = random.Random(5)
    add(station, *(item(f"Bản tin {i} {rng.choice(['Hoà Bình', 'Đắk Lắk'])}",
                        created_at=f"2026-01-{rng.randint(1, 28):02d}T00:00:00Z") for i in range(50)))
    library.add_text(station, "Thông báo", "Đảng uỷ xã thông báo")
    before = {q: titles(search(station, q, limit=100, sort="newest"))
              for q in ("hoa binh", "dak", "dang uy", "")}
    reindex(station)
    assert {q: titles(search(station, q, limit=100, sort="newest")) for q in before} == before
    assert audit.recent(station.db, 1)[0].action == "search.reindex"
    station.db.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 0)")


def test_the_migration_indexes_items_already_there(tmp_path: Any) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO items (id, kind, title, description, created_at, created_by,"
               " updated_at) VALUES ('a', 'audio', 'Hòa Bình', 'Đảng uỷ', '2025-01-01T00:00:00.000Z',"
               " 'x', '2025-01-01T00:00:00.000Z')")
    from station.db import migrate

    migrate(db)
    assert db.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'hoa AND dang'"
                      ).fetchall() == [(1,)]
    assert db.execute("SELECT item_id, title_key FROM search_docs").fetchall() == [("a", None)]


# -- saved searches and rights ------------------------------------------------------------

def test_saved_searches(station: Station) -> None:
    flt = SearchFilters(categories=("Thời sự",), aired=True, min_duration_s=60,
                        created_from="2026-01-01")
    saved, changes = save_search(station, "  Tin  Hoà Bình ", "hoa binh", flt, "newest")
    assert changes.audit and saved.name == "Tin Hoà Bình"
    save_search(station, "Ăn Tết", '"an tet"')
    save_search(station, "An ninh", "an ninh")
    assert [s.name for s in list_saved(station)] == ["An ninh", "Ăn Tết", "Tin Hoà Bình"]
    again, _ = save_search(station, "tin hòa bình", "hoa binh lu", None, "rank")
    assert again.id == saved.id and again.name == "tin hòa bình"
    listed = {s.id: s for s in list_saved(station)}
    assert len(listed) == 3 and listed[saved.id].query == "hoa binh lu"
    assert listed[saved.id].filters == SearchFilters()
    save_search(station, "Tin Hoà Bình", "hoa binh", flt, "newest")
    assert next(s for s in list_saved(station) if s.id == saved.id).filters == flt
    delete_saved(station, saved.id)
    assert [s.name for s in list_saved(station)] == ["An ninh", "Ăn Tết"]
    actions = [e.action for e in audit.recent(station.db, 10)]
    assert actions[:2] == ["search.delete_saved", "search.save"]
    assert audit.verify(station.db).ok
    with pytest.raises(ValidationError):
        save_search(station, "  ", "x")
    with pytest.raises(ValidationError):
        save_search(station, "x", "x", sort="bogus")
    with pytest.raises(Exception, match="no saved search"):
        delete_saved(station, saved.id)


def test_search_needs_a_user_with_the_right(station: Station) -> None:
    users.logout(station)
    with pytest.raises(PermissionDenied):
        search(station, "hoa")
    with pytest.raises(PermissionDenied):
        list_saved(station)


def test_filters_round_trip_through_json() -> None:
    one: Any = "Thời sự"  # one category as a plain string is accepted too
    flt = SearchFilters(categories=one, kinds=("audio",), aired=False, max_duration_s=90.5,
                        recorded_from="2020-01-01")
    assert SearchFilters.from_json_dict(flt.to_json_dict()) == flt
    assert SearchFilters().empty and not flt.empty


def test_sqlite_is_the_one_this_was_measured_on() -> None:
    # The design (and bench figures) assume FTS5 with prefix indexes and the unicode61
    # remove_diacritics 2 tokenizer: SQLite 3.27 or later.
    assert sqlite3.sqlite_version_info >= (3, 27)
