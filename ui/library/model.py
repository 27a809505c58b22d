"""The library as a table model that fetches on demand: a million items feel like ten.

The model knows the row count and holds a bounded cache of pages; a row that is not cached
shows "…" while its page loads on the database thread (ui.operations, pool "db"), and
dataChanged repaints it when the page arrives. Nothing here touches the database on the
GUI thread.

Two ways to reach row N (bench/bench_library_view.py has the figures):
- *direct*, for the whole library with no words and no filters: a page is one query on
  the sort's index with OFFSET; for rows past the middle it runs the reverse sort from the
  other end, so the last rows cost what the first rows cost.
- *snapshot*, for a search or a filter: the first page comes at once from the ranked top
  (station.search.run.search), then every result's doc number is fetched once in order
  (station.search.run.ordered_docs) and each page is a lookup of its docs. The order then stays
  put while the user scrolls.

Page requests go out one at a time, latest first, and requests the view no longer needs are
dropped: a fast drag of the scroll bar from top to bottom loads the rows where it stops, not
every page on the way.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from station.changes import Changes
from station.clock import fmt_duration
from station.search.filters import SearchFilters
from station.search.query import parse_query
from station.search.results import Hit
from station.search.run import SORTS
from station.station import Station
from ui import i18n, words
from ui.operations import Op, bus
from ui.operations import library as library_ops
from ui.operations import relay as relay_ops

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
PLACEHOLDER = "…"
REVERSE = {"newest": "oldest", "oldest": "newest", "title": "title_desc",
           "title_desc": "title", "duration": "duration_desc", "duration_desc": "duration",
           "rank": "oldest"}
# Header column -> (sort for ascending, sort for descending); others do not sort.
COLUMN_SORTS = {0: ("title", "title_desc"), 3: ("duration", "duration_desc"),
                4: ("oldest", "newest")}


def relay_icon() -> QIcon:
    """The mark of a relay item (it came over the network from a feed)."""
    global _RELAY_ICON
    if _RELAY_ICON is None:
        _RELAY_ICON = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DriveNetIcon)
    return _RELAY_ICON


_RELAY_ICON: QIcon | None = None


class LibraryModel(QAbstractTableModel):
    """Items of the library, or of a search, page by page. Columns: title, kind, category,
    duration, added (local time), by."""

    PAGE = 100
    MAX_PAGES = 40  # 4,000 rows cached at most
    KEEP_WANTED = 6  # page requests remembered; older ones are dropped

    # The row count is known (after set_search or a refresh): int total.
    counted = Signal(int)
    # A query failed (e.g. a bad date in the filters): the exception, for ui.errors.
    failed = Signal(object)

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.headers = [self.tr("Title"), self.tr("Kind"), self.tr("Category"),
                        self.tr("Duration"), self.tr("Added"), self.tr("By")]
        self.people: dict[str, str] = {}
        self.query_text = ""
        self.query = parse_query("")
        self.filters = SearchFilters()
        self.sort_order = "newest"
        self._generation = 0
        self._total = 0
        self._docs: array[int] | None = None
        self._scores: array[float] | None = None
        self._pages: OrderedDict[int, list[Hit]] = OrderedDict()
        self._stale: dict[int, list[Hit]] = {}  # shown until a refresh reloads them
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._busy = False
        self._counting = False
        self.relay: dict[str, str] = {}  # relay items: item id -> the feed they came from
        bus.changed.connect(self._on_changes)

    # -- what to show ----------------------------------------------------------------------
    def set_search(self, query: str = "", filters: SearchFilters | None = None,
                   sort: str = "rank") -> None:
        """Show the items matching ``query`` and ``filters`` (all items when both are
        empty), in ``sort`` order (see station.search.run.search)."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort order: {sort}")
        self.query_text = query
        self.query = parse_query(query)
        self.filters = filters or SearchFilters()
        self.sort_order = sort
        self._reload(reset=True)

    def refresh(self) -> None:
        """Reload after a change, keeping the rows on screen until their new values come."""
        self._reload(reset=False)

    @property
    def direct(self) -> bool:
        """Whole library, no words, no filters: pages straight from an index."""
        return self.query.empty and self.filters.empty

    @property
    def total(self) -> int:
        return self._total

    def hit(self, row: int) -> Hit | None:
        page = self._pages.get(row // self.PAGE) or self._stale.get(row // self.PAGE)
        offset = row % self.PAGE
        return page[offset] if page is not None and offset < len(page) else None

    def item_id(self, row: int) -> str | None:
        found = self.hit(row)
        return found.id if found else None

    def rows_of(self, item_ids: list[str]) -> list[int]:
        """Rows of those ``item_ids`` that are in a loaded page (no query)."""
        wanted = set(item_ids)
        found = []
        pages = {**self._stale, **self._pages}  # a loaded page wins over its stale copy
        for page_no, hits in pages.items():
            found += [page_no * self.PAGE + n for n, h in enumerate(hits) if h.id in wanted]
        return sorted(set(found))

    def set_people(self, people: dict[str, str]) -> None:
        """User name -> full name, for the "By" column."""
        self.people = people
        if self._total:
            self.dataChanged.emit(self.index(0, 5), self.index(self._total - 1, 5))

    def who(self, actor: str) -> str:
        """Who added an item: a person's full name, else the words for the system, the
        province, the service or the command line."""
        if actor in self.people:
            return self.people[actor]
        if actor.startswith("service:"):
            return self.tr("Station service")
        if actor.startswith("cli:"):
            return self.tr("Command line (%1)").replace("%1", actor[4:])
        return words.actor_name(actor)

    # -- Qt's model interface --------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.DecorationRole,
                                               Qt.ItemDataRole.UserRole,
                                               Qt.ItemDataRole.TextAlignmentRole):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column == 3 \
                else None
        row = index.row()
        page_no = row // self.PAGE
        page = self._pages.get(page_no)
        if page is None:
            self._want(page_no)
            page = self._stale.get(page_no)
            if page is None:
                return PLACEHOLDER if column == 0 and role == Qt.ItemDataRole.DisplayRole \
                    else None
        else:
            self._pages.move_to_end(page_no)
        offset = row % self.PAGE
        if offset >= len(page):
            return None
        found = page[offset]
        if role == Qt.ItemDataRole.UserRole:
            return found.id
        feed = self.relay.get(found.id)  # a relay item: the mark before its title
        if role == Qt.ItemDataRole.DecorationRole:
            return relay_icon() if feed is not None and column == 0 else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if feed is not None and column == 0:
                return self.tr("%1 · Relay from “%2”").replace("%1", found.title) \
                    .replace("%2", feed)
            return found.title if column == 0 else None
        # An unknown duration (a picture, a text) is blank.
        return (found.title, words.kind_name(found.kind), found.category,
                fmt_duration(found.duration_s, unknown=""),
                i18n.format_moment(found.created_at, i18n.zone_of(self.station)),
                self.who(found.created_by))[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sorts = COLUMN_SORTS.get(column)
        if sorts is None:
            return
        chosen = sorts[0] if order == Qt.SortOrder.AscendingOrder else sorts[1]
        if chosen != self.sort_order:
            self.set_search(self.query_text, self.filters, chosen)

    # -- loading ---------------------------------------------------------------------------
    def _run(self, op: Op[Any], done: Callable[[Any], None]) -> None:
        """Run ``op`` (a library verb); ``done`` gets its result unless a newer search or
        refresh has begun since (then the work is skipped if not yet started)."""
        generation = self._generation

        def current() -> bool:
            return generation == self._generation  # read across threads: an int, never torn

        def success(result: Any) -> None:
            if current() and shiboken6.isValid(self):
                done(result)

        def failure(exc: BaseException) -> None:
            if current() and shiboken6.isValid(self):
                log.warning("library view: %s", exc)
                self._busy = self._counting = False
                self.failed.emit(exc)

        op.unless(lambda: not current()).success(success).failure(failure).run_in_background()

    def _reload(self, reset: bool) -> None:
        self._generation += 1
        self._wanted.clear()
        self._busy = False
        self._docs = self._scores = None
        st, q, flt, sort = self.station, self.query, self.filters, self.sort_order
        self._counting = True
        relay_ops.relay_items(self, st).success(self._relay_loaded).run_in_background()
        self._run(library_ops.first_hits(self, st, q, flt, sort, self.PAGE),
                  lambda got: self._first_page(got, reset))
        if not self.direct:
            self._run(library_ops.search_order(self, st, q, flt, sort), self._snapshot)

    def _first_page(self, got: tuple[list[Hit], int], reset: bool) -> None:
        hits, total = got
        self._counting = False
        if reset:
            self.beginResetModel()
            self._pages.clear()
            self._stale.clear()
            self._total = total
            self._pages[0] = hits
            self.endResetModel()
        else:
            self._stale.update(self._pages)
            self._pages.clear()
            self._pages[0] = hits
            self._stale.pop(0, None)
            self._resize(total)
            if self._total:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(self._total - 1, self.columnCount() - 1))
        self.counted.emit(total)
        self._pump()

    def _resize(self, total: int) -> None:
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()
            for page_no in [p for p in self._stale if p * self.PAGE >= total]:
                del self._stale[page_no]

    def _snapshot(self, got: tuple[array[int], array[float] | None]) -> None:
        self._docs, self._scores = got
        if len(self._docs) != self._total and not self._counting:
            self._resize(len(self._docs))  # a change between the count and the snapshot
        self._pump()

    def _want(self, page_no: int) -> None:
        if page_no in self._wanted:
            self._wanted.move_to_end(page_no)
            return
        self._wanted[page_no] = None
        while len(self._wanted) > self.KEEP_WANTED:
            self._wanted.popitem(last=False)
        self._pump()

    def _pump(self) -> None:
        """Start loading the most recently wanted page, if nothing is loading."""
        if self._busy or self._counting:
            return
        if not self.direct and self._docs is None:
            return  # the snapshot is on its way; it pumps when it lands
        while self._wanted:
            page_no, _ = self._wanted.popitem(last=True)
            if page_no not in self._pages and page_no * self.PAGE < self._total:
                break
        else:
            return
        self._busy = True
        self._run(self._loader(page_no), lambda hits: self._page_loaded(page_no, hits))

    def _loader(self, page_no: int) -> Op[list[Hit]]:
        st, q, sort = self.station, self.query, self.sort_order
        start = page_no * self.PAGE
        if self._docs is not None:
            docs = self._docs[start:start + self.PAGE]
            scores = self._scores[start:start + self.PAGE] if self._scores is not None else None
            return library_ops.hits_at(self, st, docs, q, scores)
        total = self._total
        size = min(self.PAGE, total - start)
        if start + size <= total // 2:
            return library_ops.search_page(self, st, q, sort, start, size)
        # Past the middle: the reverse order from the end is as cheap as the first page.
        return library_ops.search_page(self, st, q, sort, total - start - size, size,
                                       reverse=REVERSE[sort])

    def _page_loaded(self, page_no: int, hits: list[Hit]) -> None:
        self._busy = False
        self._pages[page_no] = hits
        self._stale.pop(page_no, None)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        first = page_no * self.PAGE
        last = min(self._total, first + self.PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self._pump()

    def _relay_loaded(self, found: dict[str, str]) -> None:
        if found != self.relay:
            self.relay = found
            if self._total:
                self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, 1))

    def _on_changes(self, changes: Changes) -> None:
        if changes.library:
            self.refresh()
