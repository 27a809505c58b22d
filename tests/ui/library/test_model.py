"""The library table model over a real database of 20,000 items: counts, order, the jump to
the end, searches, sorts, refresh after a change, and no database work on the GUI thread."""

from __future__ import annotations

import random
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from station import users
from station.changes import Changes
from station.clock import fmt_duration
from station.library import catalogue as bulk
from station.library import items as library
from station.paths import DataDir
from station.search.filters import SearchFilters
from station.search.results import fetch
from station.search.run import count, ordered_docs, search
from station.station import Station
from tests.conftest import ADMIN_PASSWORD
from ui import i18n
from ui.library.model import PLACEHOLDER, LibraryModel
from ui.operations import bus, wait_all

N = 20_000
PLACES = ["Hoà Bình", "Hòa Bình", "Đắk Lắk", "Thừa Thiên Huế", "Thanh Hoá", "Quảng Ngãi"]
TOPICS = ["phòng chống thiên tai", "an toàn giao thông", "tiêm chủng", "nông thôn mới",
          "khuyến học", "bảo vệ rừng"]


def catalogue(n: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(2026)
    for i in range(n):
        yield {"title": f"{rng.choice(PLACES)}: {rng.choice(TOPICS)} số {i}",
               "description": f"Bà con {rng.choice(PLACES)} hưởng ứng {rng.choice(TOPICS)}.",
               "category": rng.choice(["Thời sự", "Y tế", "Nông nghiệp"]),
               "duration_s": rng.choice([None, rng.uniform(10, 3600)]),
               "created_at": f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-"
                             f"{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00.000Z"}


@pytest.fixture(scope="module")
def library_20k(tmp_path_factory: pytest.TempPathFactory, template_station: Path) -> Path:
    root = tmp_path_factory.mktemp("library-20k") / "data"
    shutil.copytree(template_station, root)
    st = Station.open(DataDir(root))
    users.login(st, "admin", ADMIN_PASSWORD)
    bulk.import_metadata(st, catalogue(N))
    st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    return root


@pytest.fixture
def lib(tmp_path: Path, library_20k: Path) -> Iterator[Station]:
    root = tmp_path / "data"
    shutil.copytree(library_20k, root)
    st = Station.open(DataDir(root))
    users.login(st, "admin", ADMIN_PASSWORD)
    yield st
    assert wait_all(30000)  # a page may still be loading: let it finish before closing
    st.close()


def cell(model: LibraryModel, row: int, column: int = 0) -> Any:
    return model.data(model.index(row, column))


def loaded(model: LibraryModel, row: int) -> bool:
    return cell(model, row) not in (PLACEHOLDER, None)


def wait_rows(qtbot: Any, model: LibraryModel, rows: int) -> None:
    qtbot.waitUntil(lambda: model.rowCount() == rows and loaded(model, 0), timeout=20000)


def ids(model: LibraryModel, rows: range) -> list[str | None]:
    return [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in rows]


def test_counts_and_newest_first(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    model.set_search()
    wait_rows(qtbot, model, N)
    assert model.direct and model.columnCount() == 6
    expected = [h.id for h in search(lib, "", limit=100)]
    assert ids(model, range(100)) == expected
    assert cell(model, 0) == search(lib, "", limit=1)[0].title


def test_jump_to_the_end_and_the_middle_show_real_rows(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    model.set_search()
    wait_rows(qtbot, model, N)
    assert cell(model, N - 1) == PLACEHOLDER  # not loaded until asked for
    view.scrollToBottom()
    qtbot.waitUntil(lambda: loaded(model, N - 1), timeout=20000)
    oldest = search(lib, "", sort="oldest", limit=100)
    assert ids(model, range(N - 100, N)) == [h.id for h in reversed(oldest)]
    view.scrollTo(model.index(12_345, 0))
    qtbot.waitUntil(lambda: loaded(model, 12_345), timeout=20000)
    assert ids(model, range(12_300, 12_400)) == [
        h.id for h in search(lib, "", limit=100, offset=12_300)]


def test_a_search_as_the_source(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    model.set_search("hoa binh")
    total = count(lib, "hoa binh")
    assert 0 < total < N
    wait_rows(qtbot, model, total)
    assert not model.direct
    assert ids(model, range(50)) == [h.id for h in search(lib, "hoa binh", limit=50)]
    view.scrollToBottom()
    qtbot.waitUntil(lambda: loaded(model, total - 1), timeout=20000)
    docs, _ = ordered_docs(lib, "hoa binh")
    assert ids(model, range(total - 10, total)) == [h.id for h in
                                                     fetch(lib, docs[-10:])]
    hit = model.hit(0)
    assert hit is not None and hit.score == 5.0 and hit.title_spans


def test_filters_and_header_sorts(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    flt = SearchFilters(categories=("Y tế",))
    model.set_search("", flt, "title")
    total = count(lib, "", flt)
    wait_rows(qtbot, model, total)
    assert ids(model, range(30)) == [h.id for h in search(lib, "", filters=flt,
                                                                 sort="title", limit=30)]
    model.sort(3, Qt.SortOrder.DescendingOrder)  # the duration column
    assert model.sort_order == "duration_desc"
    qtbot.waitUntil(lambda: loaded(model, 0) and model.sort_order == "duration_desc")
    qtbot.waitUntil(lambda: ids(model, range(5)) == [
        h.id for h in search(lib, "", filters=flt, sort="duration_desc", limit=5)])
    model.sort(1, Qt.SortOrder.AscendingOrder)  # kind: no order of its own
    assert model.sort_order == "duration_desc"


def test_refresh_after_a_change(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    model.set_search()
    wait_rows(qtbot, model, N)
    _, changes = library.add_text(lib, "Thông báo khẩn: lũ quét ở Hoà Bình", "Bà con sơ tán ngay")
    bus.changed.emit(changes)
    qtbot.waitUntil(lambda: model.rowCount() == N + 1, timeout=20000)
    qtbot.waitUntil(lambda: cell(model, 0) == "Thông báo khẩn: lũ quét ở Hoà Bình", timeout=20000)
    bus.changed.emit(Changes(users=True))  # not the library's business: nothing reloads
    assert model.rowCount() == N + 1


def test_display_columns(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    model.set_search("", sort="duration_desc")
    wait_rows(qtbot, model, N)
    hit = model.hit(0)
    assert hit is not None
    row = [cell(model, 0, c) for c in range(6)]
    assert row == [hit.title, "Audio", hit.category, fmt_duration(hit.duration_s, unknown=""),
                   i18n.format_moment(hit.created_at, i18n.zone_of(lib)), "admin"]
    assert row[4].count("/") == 2 and ":" in row[4]  # dd/MM/yyyy HH:mm
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"
    assert model.rowCount(model.index(0, 0)) == 0 and model.data(QModelIndex()) is None
    assert fmt_duration(3725) == "1:02:05" and fmt_duration(59.6) == "1:00"


def test_the_cache_stays_bounded(qtbot: Any, lib: Station) -> None:
    model = LibraryModel(lib)
    model.set_search()
    wait_rows(qtbot, model, N)
    for row in range(0, N, model.PAGE * 3):
        cell(model, row)
        qtbot.waitUntil(lambda r=row: loaded(model, r), timeout=20000)
    assert len(model._pages) <= model.MAX_PAGES


def test_no_database_work_on_the_gui_thread(qtbot: Any, lib: Station,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    callers: list[str] = []
    real_get = lib.connections.get

    def spy() -> Any:
        callers.append(threading.current_thread().name)
        return real_get()

    monkeypatch.setattr(lib.connections, "get", spy)
    model = LibraryModel(lib)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    model.set_search("hoa binh", SearchFilters(categories=("Thời sự",)), "title")
    qtbot.waitUntil(lambda: model.rowCount() > 0 and loaded(model, 0), timeout=20000)
    view.scrollToBottom()
    qtbot.waitUntil(lambda: loaded(model, model.rowCount() - 1), timeout=20000)
    model.set_search()
    qtbot.waitUntil(lambda: model.rowCount() == N and loaded(model, 0), timeout=20000)
    assert callers and threading.main_thread().name not in callers
