"""Library view figures at a million items (offscreen Qt), against a plain model in the same run.

On the station that bench/bench_search.py builds (bench/out/search-N/, built here if it is
missing), with a real QTableView showing ui.library.model.LibraryModel:

- first rows shown: from set_search() until row 0 holds real data (whole library, and a
  search for "hoa binh" matching about half of it);
- jump to the end: from scrollToBottom() until the last row holds real data; and the same
  for a jump to the middle;
- the longest the GUI event loop went without running a 5 ms timer meanwhile.

Baseline: the model the library page had before, which loads every item into a list in the
background (library.list_items) and then shows them; its first rows appear when the list is
loaded, and its jumps cost nothing after that.

    .venv/bin/python bench/bench_library_view.py [--items N] [--runs R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_search  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QElapsedTimer, QModelIndex, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from station.library import items as library  # noqa: E402
from ui.library.model import PLACEHOLDER, LibraryModel  # noqa: E402
from ui.operations import Op, wait_all  # noqa: E402

TIMEOUT_S = 120.0


class Stalls:
    """The longest gap between ticks of a 5 ms timer: how long the GUI thread was busy."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.worst = 0.0

    def start(self) -> None:
        self.worst = 0.0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.worst = max(self.worst, float(self.clock.restart()))

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def wait(app: QApplication, done: Callable[[], bool]) -> float:
    """Milliseconds until ``done()``, running the event loop meanwhile."""
    start = time.perf_counter()
    while not done():
        app.processEvents()
        if time.perf_counter() - start > TIMEOUT_S:
            raise TimeoutError("the view did not get its rows")
        time.sleep(0.0005)
    return (time.perf_counter() - start) * 1000


def real(model: QAbstractTableModel, row: int) -> bool:
    return model.data(model.index(row, 0)) not in (PLACEHOLDER, None)


class PlainModel(QAbstractTableModel):
    """The baseline: every item in a list, loaded before anything shows."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[library.Item] = []

    def set_items(self, items: list[library.Item]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        item = self.items[index.row()]
        return (item.title, item.kind, item.category, item.duration_s, item.created_at,
                item.created_by)[index.column()]


def stats(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return f"p50 {statistics.median(ms):8.1f}  p95 {p95:8.1f}  max {ms[-1]:8.1f} ms"


def measure_model(app: QApplication, st: Any, view: QTableView, query: str, n: int,
                  runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first": [], "snapshot": [], "end": [], "middle": [],
                                   "stall": []}
    stalls = Stalls()
    for _ in range(runs):
        model = LibraryModel(st)
        view.setModel(model)
        stalls.start()
        t0 = time.perf_counter()
        model.set_search(query)
        wait(app, lambda: model.rowCount() > 0 and real(model, 0))  # noqa: B023
        out["first"].append((time.perf_counter() - t0) * 1000)
        wait(app, lambda: not model._counting)  # noqa: B023
        total = model.rowCount()
        if not model.direct:  # a search: its result list comes after the first rows
            out["snapshot"].append(wait(app, lambda: model._docs is not None))  # noqa: B023
        view.scrollToBottom()
        out["end"].append(wait(app, lambda: real(model, total - 1)))  # noqa: B023
        view.scrollTo(model.index(total // 2, 0), QTableView.ScrollHint.PositionAtCenter)
        out["middle"].append(wait(app, lambda: real(model, total // 2)))  # noqa: B023
        out["stall"].append(stalls.stop())
        assert wait_all(60000)
        view.setModel(None)
        model.deleteLater()
    print(f"  rows {total:,}")
    return out


def measure_baseline(app: QApplication, st: Any, view: QTableView, n: int) -> dict[str, float]:
    model = PlainModel()
    view.setModel(model)
    stalls = Stalls()
    stalls.start()
    t0 = time.perf_counter()
    loaded: list[list[library.Item]] = []

    def show(items: list[library.Item]) -> None:
        model.set_items(items)
        loaded.append(items)

    Op(lambda _: library.list_items(st, limit=n), None, "db").success(show).run_in_background()
    wait(app, lambda: bool(loaded) and real(model, 0))
    first = (time.perf_counter() - t0) * 1000
    view.scrollToBottom()
    end = wait(app, lambda: real(model, len(loaded[0]) - 1))
    result = {"first": first, "end": end, "stall": stalls.stop()}
    view.setModel(None)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    bench_search.build(args.items)
    app = QApplication(sys.argv[:1])
    st = bench_search.open_station(args.items)
    view = QTableView()
    view.resize(1100, 700)
    view.show()
    app.processEvents()

    print(f"\nLibraryModel, whole library ({args.runs} runs)")
    whole = measure_model(app, st, view, "", args.items, args.runs)
    for key, label in (("first", "first rows shown"), ("end", "jump to the end"),
                       ("middle", "jump to the middle"), ("stall", "longest GUI stall")):
        print(f"  {label:22s} {stats(whole[key])}")
    print(f"\nLibraryModel, search 'hoa binh' ({args.runs} runs)")
    found = measure_model(app, st, view, "hoa binh", args.items, args.runs)
    for key, label in (("first", "first rows shown"), ("snapshot", "+ whole result list"),
                       ("end", "then jump to the end"), ("middle", "jump to the middle"),
                       ("stall", "longest GUI stall")):
        print(f"  {label:22s} {stats(found[key])}")

    print("\nbaseline: load every item, then show (1 run)")
    base = measure_baseline(app, st, view, args.items)
    print(f"  first rows shown       {base['first']:8.1f} ms")
    print(f"  jump to the end        {base['end']:8.1f} ms")
    print(f"  longest GUI stall      {base['stall']:8.1f} ms")

    first, end = statistics.median(whole["first"]), statistics.median(whole["end"])
    print(f"\nwhole library at {args.items:,} items: first rows {first:.1f} ms (worst"
          f" {max(whole['first']):.1f}; target < 200 ms); baseline {base['first']:.0f} ms:"
          f" {base['first'] / first:.0f}x faster")
    print(f"jump to the end {end:.1f} ms (worst {max(whole['end']):.1f}; target < 100 ms);"
          f" baseline {base['end']:.1f} ms, once its {base['first'] / 1000:.1f} s load is done")
    assert wait_all(60000)
    st.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
