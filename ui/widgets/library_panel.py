"""A compact library beside the pages that schedule (the Schedule page, the Studio's rundown):
search as you type, and drag rows into a session or a rundown.

The search runs in the background through the library's search verb, folded as on the
Library page ("hoa binh" finds "Hòa Bình"; the last word may be a prefix), after a short
pause in the typing; an answer to an older text is dropped. Rows drag out as
``ITEM_IDS_MIME`` (ui.widgets.drag), what the schedule's session lists and the rundown
already accept. Double-click or Enter asks the page to add the rows where its selection is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDrag, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.clock import fmt_duration
from station.rights import Right
from station.station import Station
from ui import words
from ui.operations import library as library_ops
from ui.widgets.drag import ITEM_IDS_MIME, items_mime

SEARCH_DELAY_MS = 250  # a pause in the typing, not every key, starts a search
RESULT_LIMIT = 200
ID_ROLE = Qt.ItemDataRole.UserRole


class LibraryList(QTreeWidget):
    """Title, kind and duration; its rows drag out as library item ids (copies)."""

    activated_ids = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_panel_list")
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("Title"), self.tr("Kind"), self.tr("Length")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.itemDoubleClicked.connect(lambda _i, _c: self._activate())

    def ids(self, rows: list[QTreeWidgetItem]) -> list[str]:
        """The item ids of ``rows``, in list order."""
        ordered = sorted(rows, key=self.indexOfTopLevelItem)
        return [str(r.data(0, ID_ROLE)) for r in ordered if r.data(0, ID_ROLE)]

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [ITEM_IDS_MIME]

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802 - Qt's name
        return items_mime(self.ids(list(items)))

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt's name
        return Qt.DropAction.CopyAction  # a drag never takes a row out of the library

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802, N803
        chosen = self.selectedItems()
        if not chosen:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData(chosen))
        drag.exec(Qt.DropAction.CopyAction)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selectedItems():
            self._activate()
            return
        super().keyPressEvent(event)

    def _activate(self) -> None:
        ids = self.ids(self.selectedItems())
        if ids:
            self.activated_ids.emit(ids)


class LibraryPanel(QWidget):
    """The search box, the count (a line always reserved: nothing jumps) and the list."""

    activated = Signal(list)  # item ids the user asked to add where the page's selection is

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_panel")
        self.station = station
        self.loaded = False  # a search answered at least once
        self.searching = False
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Library"), self)
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading)
        self.search = QLineEdit(self)
        self.search.setObjectName("library_panel_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search the library (accents optional)"))
        layout.addWidget(self.search)
        self.list = LibraryList(self)
        self.list.setToolTip(self.tr("Drag items onto a session or a rundown row; "
                                     "double-click adds them where the selection is"))
        self.list.activated_ids.connect(self.activated)
        layout.addWidget(self.list, 1)
        self.count = QLabel(" ", self)
        self.count.setObjectName("library_panel_count")
        self.count.setStyleSheet("color: palette(mid);")
        self.count.setFixedHeight(self.count.sizeHint().height())
        layout.addWidget(self.count)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.search_now)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded and not self.searching:
            self.search_now()

    def search_now(self) -> None:
        """Search for what is typed now (the answer to an older text is dropped)."""
        self.timer.stop()
        if not self.station.can(Right.LIBRARY_VIEW):
            return  # a checked read would audit a refusal; nothing to show anyway
        self._generation += 1
        generation = self._generation
        self.searching = True
        self.count.setText(self.tr("Searching…"))
        library_ops.search_items(self, self.station, self.search.text(), RESULT_LIMIT) \
            .success(lambda hits: self._show(hits, generation)) \
            .failure(lambda exc: self._failed(exc, generation)) \
            .run_in_background()

    def _show(self, hits: list[Any], generation: int) -> None:
        if generation != self._generation:
            return
        self.searching = False
        self.loaded = True
        keep = set(self.list.ids(self.list.selectedItems()))
        self.list.clear()
        for hit in hits:
            duration = fmt_duration(hit.duration_s, unknown="")
            row = QTreeWidgetItem([hit.title, words.kind_name(hit.kind), duration])
            row.setData(0, ID_ROLE, hit.id)
            tip = hit.title + (f"\n{hit.category}" if hit.category else "")
            row.setToolTip(0, tip)
            row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(row)
            row.setSelected(hit.id in keep)
        if not hits:
            self.count.setText(self.tr("Nothing found.") if self.search.text().strip()
                               else self.tr("The library is empty."))
        elif len(hits) >= RESULT_LIMIT:
            self.count.setText(self.tr("The first %n item(s): type more to narrow", "",
                                       len(hits)))
        else:
            self.count.setText(self.tr("%n item(s)", "", len(hits)))

    def _failed(self, exc: BaseException, generation: int) -> None:
        from ui.errors import describe

        if generation != self._generation:
            return
        self.searching = False
        self.count.setText(describe(exc))

    # -- what tests and pages read ---------------------------------------------------------------
    def rows(self) -> list[QTreeWidgetItem]:
        found = (self.list.topLevelItem(r) for r in range(self.list.topLevelItemCount()))
        return [row for row in found if row is not None]

    def titles(self) -> list[str]:
        return [row.text(0) for row in self.rows()]

    def mimeData(self) -> QMimeData:  # noqa: N802 - what a drag of the selection carries
        return self.list.mimeData(self.list.selectedItems())

    def on_changes(self, changes: Changes) -> None:
        """Items imported, renamed or deleted elsewhere: search again (after the pause)."""
        if changes.library and self.loaded:
            self.timer.start()
