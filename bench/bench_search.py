"""Search figures at a million items, against sqlite-utils' own search in the same run.

Builds (or reuses) bench/out/search-1m/: a station whose library holds N items (default
1,000,000) of generated Vietnamese radio metadata, imported with
station.library.catalogue.import_metadata (timed), with old and new tone placement mixed
(Hòa Bình / Hoà Bình, Thủy / Thuỷ...). Then runs a set of queries many times each and prints
p50/p95/max of:

- ours: station.search.run.search(st, query, limit=50), ranked, diacritic-free queries;
- baseline: sqlite-utils ``db["items_raw"].search(query, limit=50)`` on a copy of the same
  items indexed with ``enable_fts(["title", "description"])`` (external content, the
  ``unicode61 remove_diacritics 2`` tokenizer, so it folds the same marks; it cannot fold
  đ, so its queries keep their đ).

    .venv/bin/python bench/bench_search.py [--items N] [--runs R] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from station.text import unify_tones  # noqa: E402

OUT = ROOT / "bench" / "out"

# -- a generated Vietnamese radio archive ------------------------------------------------------

PROVINCES = [
    "Hòa Bình", "Đắk Lắk", "Thừa Thiên Huế", "Thanh Hóa", "Khánh Hòa", "Quảng Ngãi",
    "Điện Biên", "Lạng Sơn", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Lào Cai", "Yên Bái",
    "Tuyên Quang", "Cao Bằng", "Sơn La", "Lai Châu", "Gia Lai", "Kon Tum", "Đắk Nông",
    "Lâm Đồng", "Bình Định", "Phú Yên", "Ninh Thuận", "Bình Thuận", "Đồng Tháp", "An Giang",
    "Kiên Giang", "Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh", "Vĩnh Long", "Bến Tre",
    "Thái Nguyên", "Bắc Giang", "Phú Thọ", "Hà Giang", "Quảng Bình", "Quảng Nam",
]
# Hòa Bình is the big one: a province, and district towns and communes in many others.
PLACE_WEIGHTS = [12] + [1] * (len(PROVINCES) - 1)
COMMUNE_FIRST = ["Tân", "Hòa", "Bình", "Phú", "Xuân", "Quảng", "Đông", "Tây", "Nam", "Bắc",
                 "Thanh", "Hưng", "Vĩnh", "Phước", "Long", "An", "Đức", "Thủy", "Kim", "Mường"]
COMMUNE_SECOND = ["Lập", "Hòa", "Bình", "Thịnh", "Lợi", "Phong", "Sơn", "Hải", "Lộc", "Thành",
                  "Tiến", "Hưng", "Mỹ", "Phú", "Yên", "Trung", "Thuận", "Khánh", "Thượng", "Tè"]
ORGS = [
    "Ủy ban nhân dân", "Hội Nông dân", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ",
    "Ủy ban Mặt trận Tổ quốc", "Công an", "Ban Chỉ huy Quân sự", "Trạm Y tế",
    "Trường Tiểu học", "Hợp tác xã nông nghiệp", "Hội Cựu chiến binh", "Đảng ủy",
    "Sở Nông nghiệp và Môi trường", "Trung tâm Y tế", "Ban Quản lý rừng phòng hộ",
]
ACTIONS = [
    "tổ chức", "triển khai", "tuyên truyền", "hướng dẫn", "kiểm tra", "khen thưởng",
    "phát động", "tổng kết", "ra quân", "hưởng ứng", "đẩy mạnh", "sơ kết", "tập huấn",
]
TOPICS = [
    "phòng, chống thiên tai", "an toàn giao thông", "xây dựng nông thôn mới",
    "tiêm chủng mở rộng", "chuyển đổi số", "bảo hiểm y tế", "phòng cháy chữa cháy",
    "bảo vệ rừng", "vệ sinh môi trường", "phòng chống dịch bệnh", "sản xuất vụ đông",
    "chăn nuôi gia súc", "giảm nghèo bền vững", "cải cách hành chính", "khuyến học",
    "an ninh trật tự", "Tết trồng cây", "nước sạch nông thôn", "dân số kế hoạch hóa gia đình",
    "phòng chống đuối nước", "bình đẳng giới", "phổ biến pháp luật", "chăm sóc sức khỏe",
    "phát triển du lịch", "xóa nhà tạm", "bảo vệ trẻ em", "thu hoạch lúa", "phòng chống ma túy",
]
CATEGORIES = ["Thời sự", "Thời tiết", "Thông báo", "Y tế", "Nông nghiệp", "Giáo dục",
              "Pháp luật", "Văn hóa", "Thể thao", "Quốc phòng", "Chuyên mục", "Nhạc hiệu"]
SERIES = ["Bản tin thời sự sáng", "Bản tin thời sự chiều", "Chuyên mục Nông thôn mới",
          "Chuyên mục Pháp luật và đời sống", "Sức khỏe cho mọi người", "Bạn nhà nông",
          "Văn hóa - Xã hội", "Gương người tốt việc tốt", ""]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lò", "Hà", "Quàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu", "Quang", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thủy",
         "Trang", "Tuấn", "Việt", "Yến", "Thúy", "Khoa", "Đào", "Loan"]
ROLES = ["Chủ tịch Ủy ban nhân dân xã", "Bí thư Đảng ủy xã", "Trưởng thôn", "Trưởng trạm y tế",
         "Phó Chủ tịch Hội Nông dân", "cán bộ văn hóa xã", "Trưởng Công an xã"]
TAGS = ["thiên tai", "giao thông", "y tế", "nông nghiệp", "giáo dục", "pháp luật", "môi trường",
        "an ninh", "văn hóa", "thể thao", "bầu cử", "du lịch", "lũ lụt", "hạn hán", "dịch bệnh"]
_FILLER = (
    "bà_con nhân_dân thôn_bản trên_địa_bàn đã tích_cực tham_gia hưởng_ứng phong_trào "
    "theo kế_hoạch của huyện các ban_ngành đoàn_thể phối_hợp thực_hiện hiệu_quả kết_quả "
    "đạt_được trong thời_gian qua còn một_số khó_khăn hạn_chế cần khắc_phục đề_nghị "
    "các hộ_gia_đình chủ_động theo_dõi thông_tin chính_quyền địa_phương hỗ_trợ kịp_thời "
    "mưa_lớn gió_mạnh nhiệt_độ thấp_nhất cao_nhất độ_ẩm lượng_mưa vùng_núi đồng_bằng "
    "học_sinh giáo_viên phụ_huynh người_cao_tuổi thanh_niên phụ_nữ trẻ_em đồng_bào dân_tộc "
    "thiểu_số khu_dân_cư cơ_sở_vật_chất kinh_phí nguồn_vốn chương_trình mục_tiêu quốc_gia "
    "sản_lượng năng_suất giống cây_trồng vật_nuôi phân_bón thủy_lợi kênh_mương đường "
    "giao_thông nông_thôn bê_tông_hóa nhà_văn_hóa sân_thể_thao lễ_hội truyền_thống "
    "khỏe_mạnh hòa_thuận ủy_quyền hòa_giải tòa_án thỏa_thuận khỏe_khoắn an_toàn "
    "đảm_bảo người_dân vận_động tuyên_truyền viên phát_thanh loa truyền_thanh"
)
FILLER = [w.replace("_", " ") for w in _FILLER.split()]
# Rare words: a handful of items each, for "rare word" queries.
RARE = ["khủng long", "phi thuyền", "tàu ngầm", "đà điểu", "sa mạc", "núi lửa", "băng hà",
        "kính thiên văn", "robot", "vệ tinh"]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _place(rng: random.Random) -> str:
    province = rng.choices(PROVINCES, PLACE_WEIGHTS)[0]
    commune = f"{rng.choice(COMMUNE_FIRST)} {rng.choice(COMMUNE_SECOND)}"
    return rng.choice([f"xã {commune}, tỉnh {province}", f"tỉnh {province}", f"xã {commune}"])


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2005, 2026), rng.randint(1, 12), rng.randint(1, 28)


def _title(rng: random.Random, category: str, y: int, m: int, d: int) -> str:
    pick = rng.random()
    if pick < 0.35:
        return f"{rng.choice(ORGS)} {_place(rng)} {rng.choice(ACTIONS)} {rng.choice(TOPICS)}"
    if pick < 0.55:
        return f"Bản tin {category.lower()} ngày {d:02d}/{m:02d}/{y}"
    if pick < 0.75:
        place = _place(rng)
        return f"{place[0].upper()}{place[1:]}: {rng.choice(ACTIONS)} {rng.choice(TOPICS)}"
    if pick < 0.9:
        return f"Chuyên mục {rng.choice(TOPICS)}: {' '.join(rng.choices(FILLER, k=4))}"
    return f"Gương người tốt việc tốt: {_person(rng)} ({_place(rng)})"


def _description(rng: random.Random, y: int, m: int, d: int) -> str:
    parts = [f"Sáng ngày {d}/{m}/{y}, {rng.choice(ORGS)} {_place(rng)} đã {rng.choice(ACTIONS)} "
             f"{rng.choice(TOPICS)} cho {rng.randint(20, 900)} hộ dân."]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.3:
            parts.append(f"Đồng chí {_person(rng)}, {rng.choice(ROLES)}, phát biểu chỉ đạo.")
        elif kind < 0.5:
            parts.append(f"Theo kế hoạch, {rng.choice(ACTIONS)} {rng.choice(TOPICS)} tại "
                         f"{_place(rng)}.")
        else:
            words = " ".join(rng.choices(FILLER, k=rng.randint(6, 14)))
            parts.append(f"{words[0].upper()}{words[1:]}.")
    if rng.random() < 0.00005 * len(RARE):
        parts.append(f"Chuyện lạ về {rng.choice(RARE)}.")
    return " ".join(parts)


def generate(n: int, seed: int = 20261101) -> Iterator[dict[str, Any]]:
    """``n`` catalogue rows of an old archive, in the catalogue's (not the time) order."""
    rng = random.Random(seed)
    for _ in range(n):
        y, m, d = _date(rng)
        category = rng.choice(CATEGORIES)
        style = "old" if rng.random() < 0.5 else "new"  # two typists, two spellings
        hh, mm = rng.randint(5, 20), rng.randint(0, 59)
        aired = rng.random() < 0.7
        yield {
            "title": unify_tones(_title(rng, category, y, m, d), style),
            "description": unify_tones(_description(rng, y, m, d), style),
            "category": category,
            "series": rng.choice(SERIES),
            "tags": ", ".join(rng.sample(TAGS, rng.randint(0, 3))),
            "speaker": _person(rng),
            "language": rng.choices(["vi", "tay", "hmn", "km"], [94, 3, 2, 1])[0],
            "kind": rng.choices(["audio", "video", "text"], [85, 5, 10])[0],
            "recorded_on": f"{y}-{m:02d}-{d:02d}",
            "created_at": f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{rng.randint(0, 59):02d}.000Z",
            "duration_s": round(rng.uniform(20, 3600), 1),
            "first_aired_at": f"{y}-{m:02d}-{d:02d}T{hh:02d}:30:00.000Z" if aired else None,
            "retention": rng.choices(["standard", "permanent", "temporary"], [80, 10, 10])[0],
        }


# -- building the databases ---------------------------------------------------------------

PASSWORD = "bench-password-1"
BASELINE_TOKENIZER = "unicode61 remove_diacritics 2"


def out_dir(n: int) -> Path:
    return OUT / f"search-{n}"


def open_station(n: int) -> Any:
    from station import users
    from station.paths import DataDir
    from station.station import Station

    st = Station.open(DataDir(out_dir(n) / "station"))
    users.login(st, "admin", PASSWORD)
    return st


def build(n: int, rebuild: bool = False) -> dict[str, float]:
    """The station and the baseline database with ``n`` items; their build times."""
    import sqlite_utils

    from station import users
    from station.library.catalogue import import_metadata
    from station.migrations import SCHEMA_VERSION
    from station.paths import DataDir
    from station.startup import create_station

    out = out_dir(n)
    marker = out / "built.json"
    if marker.exists() and not rebuild:
        built: dict[str, float] = json.loads(marker.read_text())
        if built.get("schema") == SCHEMA_VERSION:
            print(f"reusing {out} (built earlier; --rebuild to build again)")
            return built
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t = time.perf_counter()
    rows = list(generate(n))
    generated = time.perf_counter() - t
    print(f"generated {n:,} rows in {generated:.1f} s")

    st = create_station(DataDir(out / "station"), "Đài bench", "admin", PASSWORD, "Quản trị")
    users.login(st, "admin", PASSWORD)
    t = time.perf_counter()
    imported = import_metadata(st, rows, source="bench", total=n)
    ours = time.perf_counter() - t
    assert imported == n
    st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    print(f"ours: import_metadata {n:,} items in {ours:.1f} s ({n / ours:,.0f} items/s)")

    base = sqlite_utils.Database(out / "baseline.db")
    base.execute("PRAGMA journal_mode = WAL")
    t = time.perf_counter()
    base.table("items").insert_all(({"id": i, **row} for i, row in enumerate(rows)), pk="id",
                                   batch_size=10_000)
    base.table("items").enable_fts(["title", "description"], tokenize=BASELINE_TOKENIZER)
    baseline = time.perf_counter() - t
    base.close()
    print(f"baseline: sqlite-utils insert_all + enable_fts in {baseline:.1f} s")
    built = {"schema": SCHEMA_VERSION, "items": n, "generate_s": generated,
             "import_s": ours, "baseline_import_s": baseline}
    marker.write_text(json.dumps(built))
    return built


# -- the queries -------------------------------------------------------------------------------

# (what the archivist types, the same search in sqlite-utils' FTS5 syntax). The baseline
# tokenizer strips marks but keeps đ, so its queries keep their đ.
QUERIES: list[tuple[str, str, str]] = [
    ("single word", "dang", "đang"),
    ("single word", "thien", "thien"),
    ("single word", "tiem", "tiem"),
    ("two words, 100k+", "hoa binh", "hoa binh"),
    ("two words, 100k+", "uy ban", "uy ban"),
    ("two words, 100k+", "nong thon", "nong thon"),
    ("two words, 100k+", "giao thong", "giao thong"),
    ("two words, 100k+", "dia ban", "đia ban"),
    ("two words, 100k+", "tinh hoa binh", "tinh hoa binh"),
    ("rare", "khung long", "khung long"),
    ("rare", "nui lua", "nui lua"),
    ("rare", "kinh thien van", "kinh thien van"),
    ("prefix", "hoa bin", "hoa bin*"),
    ("prefix", "khen thuo", "khen thuo*"),
    ("prefix", "bao hie", "bao hie*"),
    ("prefix", "tiem chu", "tiem chu*"),
    ("phrase", '"an toan giao thong"', '"an toan giao thong"'),
    ("phrase", '"hoa binh"', '"hoa binh"'),
    ("phrase", '"xay dung nong thon moi"', '"xay dung nong thon moi"'),
    ("prefix", "nam 2025", "nam 2025*"),
    ("exclude", "uy ban -hoa", "uy ban NOT hoa"),
    ("two words, rare pair", "hoa thong", "hoa thong"),
]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t) * 1000, result


def _stats(ms: list[float]) -> tuple[float, float, float]:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return statistics.median(ms), p95, ms[-1]


def run_queries(n: int, runs: int) -> None:
    import sqlite_utils

    from station.search.run import count, search

    st = open_station(n)
    base = sqlite_utils.Database(out_dir(n) / "baseline.db")
    table = base.table("items")
    ours_all: list[float] = []
    base_all: list[float] = []
    print(f"\ntop 50 ranked results, {runs} runs each (ms)")
    print(f"{'query':28s} {'matches':>9s} {'base n':>8s} | {'ours p50':>8s} {'p95':>6s} {'max':>6s}"
          f" | {'base p50':>8s} {'p95':>6s} {'max':>6s} | {'ratio p95':>9s}")
    for kind, ours_q, base_q in QUERIES:
        matches = count(st, ours_q)
        base_n = base.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?",
                              [base_q]).fetchone()[0]
        search(st, ours_q, limit=50)  # warm the cache, as a second search would
        list(table.search(base_q, limit=50))
        ours_ms: list[float] = []
        base_ms: list[float] = []
        for _ in range(runs):
            ms, hits = _timed(lambda q=ours_q: search(st, q, limit=50))  # type: ignore[misc]
            ours_ms.append(ms)
            ms, _ = _timed(lambda q=base_q: list(table.search(q, limit=50)))  # type: ignore[misc]
            base_ms.append(ms)
        assert len(hits) == min(50, matches), (ours_q, len(hits), matches)
        ours_all += ours_ms
        base_all += base_ms
        o, b = _stats(ours_ms), _stats(base_ms)
        print(f"{kind[:12]:12s} {ours_q[:15]:15s} {matches:9,d} {base_n:8,d} | {o[0]:8.2f} {o[1]:6.2f}"
              f" {o[2]:6.2f} | {b[0]:8.2f} {b[1]:6.2f} {b[2]:6.2f} | {b[1] / o[1]:8.1f}x")
    o, b = _stats(ours_all), _stats(base_all)
    print(f"{'all queries':28s} {'':9s} {'':8s} | {o[0]:8.2f} {o[1]:6.2f} {o[2]:6.2f} |"
          f" {b[0]:8.2f} {b[1]:6.2f} {b[2]:6.2f} | {b[1] / o[1]:8.1f}x")
    big = [q for kind, q, _ in QUERIES if kind.startswith("two words")]
    big_ms = [m for (kind, q, _), i in zip(QUERIES, range(len(QUERIES)), strict=True)
              if kind.startswith("two words") for m in ours_all[i * runs:(i + 1) * runs]]
    print(f"two-word queries matching 100k+ ({', '.join(big)}): ours p95 {_stats(big_ms)[1]:.2f} ms"
          f" (target < 50 ms)")
    print(f"overall: ours p95 {o[1]:.2f} ms, sqlite-utils table.search() p95 {b[1]:.2f} ms:"
          f" {b[1] / o[1]:.1f}x faster")
    _other_figures(st, runs)
    st.close()
    base.close()


def _other_figures(st: Any, runs: int) -> None:
    """What the library view and the UI label cost: counts, sorts, filters, snapshots."""
    from station.search.filters import SearchFilters
    from station.search.run import count, ordered_docs, search

    flt = SearchFilters(categories=("Y tế", "Thời sự"), aired=True,
                        min_duration_s=60, max_duration_s=1800)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("count('hoa binh')", lambda: count(st, "hoa binh")),
        ("count('hoa binh', cap=10000)", lambda: count(st, "hoa binh", cap=10_000)),
        ("count() all items", lambda: count(st)),
        ("count(filters)", lambda: count(st, "", flt)),
        ("'hoa binh' + filters, top 50", lambda: search(st, "hoa binh", filters=flt)),
        ("'hoa binh' newest, top 50", lambda: search(st, "hoa binh", sort="newest")),
        ("'hoa binh' title, top 50", lambda: search(st, "hoa binh", sort="title")),
        ("'khung long' newest", lambda: search(st, "khung long", sort="newest")),
        ("all items newest, top 50", lambda: search(st, "", sort="newest")),
        ("all items title, rows 500k-500k+50",
         lambda: search(st, "", sort="title", offset=500_000)),
        ("filters only, newest, top 50", lambda: search(st, "", filters=flt)),
        ("ordered_docs('hoa binh') (view)", lambda: ordered_docs(st, "hoa binh")),
        ("ordered_docs(filters) (view)", lambda: ordered_docs(st, "", flt)),
    ]
    print(f"\nother figures, {max(3, runs // 4)} runs each (ms)")
    for name, fn in cases:
        fn()
        ms = [_timed(fn)[0] for _ in range(max(3, runs // 4))]
        p50, p95, worst = _stats(ms)
        print(f"  {name:40s} p50 {p50:8.2f}  p95 {p95:8.2f}  max {worst:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    built = build(args.items, args.rebuild)
    print(f"\nbulk import of {built['items']:,.0f} items: ours {built['import_s']:.1f} s"
          f" (target < 120 s), sqlite-utils insert_all + enable_fts"
          f" {built['baseline_import_s']:.1f} s: {built['baseline_import_s'] / built['import_s']:.1f}x")
    run_queries(args.items, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
