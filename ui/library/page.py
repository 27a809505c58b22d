"""Thư viện: find, import, preview, describe and look after the station's media.

The table is a LibraryModel (pages fetched on demand, so a million items scroll like ten).
Search as you type (diacritics never matter), filters, sort; import by the Import button
or by dropping files on the page; rows drag into the schedule; the right-hand side
previews the selected item and edits its metadata (several items at once for a bulk edit).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QWidget,
)

from station.changes import Changes
from station.rights import Right
from station.search.filters import SearchFilters
from station.station import Station
from ui import words
from ui.errors import describe
from ui.library.actions import LibraryActions
from ui.library.item_editor import ItemEditor
from ui.library.model import LibraryModel
from ui.operations import library as library_ops
from ui.operations import relay as relay_ops
from ui.pages.base import Page
from ui.widgets.drag import ITEM_IDS_MIME, items_mime
from ui.widgets.preview import PreviewPanel

SEARCH_DELAY_MS = 150


class LibraryModelWithDrag(LibraryModel):
    """Rows drag out as the ids of their items."""

    def flags(self, index: Any) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt's name
        return [ITEM_IDS_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:  # noqa: N802 - Qt's name
        rows = sorted({i.row() for i in indexes})
        return items_mime([i for i in (self.item_id(r) for r in rows) if i])


class LibraryPage(Page):
    right = Right.LIBRARY_VIEW
    edit_requested = Signal(str)  # an item to open in the Studio's editor

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("LibraryPage", "Library")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.setAcceptDrops(True)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("library_search")
        self.search.setPlaceholderText(self.tr("Search (with or without diacritics)…"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox(self)
        self.category.setObjectName("library_category")
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("All kinds"), "")
        for kind, name in words.item_kinds():
            self.kind.addItem(name, kind)
        self.aired = QComboBox(self)
        self.aired.addItem(self.tr("Aired or not"), None)
        self.aired.addItem(self.tr("Aired"), True)
        self.aired.addItem(self.tr("Never aired"), False)
        self.sort = QComboBox(self)
        for code, name in (("rank", self.tr("Best match")), ("newest", self.tr("Newest")),
                           ("oldest", self.tr("Oldest")), ("title", self.tr("Title A–Z")),
                           ("duration", self.tr("Shortest")),
                           ("duration_desc", self.tr("Longest"))):
            self.sort.addItem(name, code)
        self.import_button = QPushButton(self.tr("Import files…"), self)
        self.import_button.setObjectName("library_import")
        self.saved = QComboBox(self)
        self.saved.setObjectName("library_saved")
        self.save_search = QPushButton(self.tr("Save search…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setObjectName("library_export")
        self.verify_button = QPushButton(self.tr("Check the store"), self)
        self.purge_button = QPushButton(self.tr("Purge…"), self)
        self.purge_button.setObjectName("library_purge")
        self.edit_button = QPushButton(self.tr("Open in the editor"), self)
        self.edit_button.setObjectName("library_edit")
        self.edit_button.setEnabled(False)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setObjectName("library_delete")
        self.delete_button.setToolTip(self.tr("Move the selected items to the bin (Delete)"))
        self.delete_button.setEnabled(False)
        self.bin_button = QPushButton(self.tr("Recycle bin"), self)
        self.bin_button.setObjectName("library_bin")
        for combo, chars in ((self.category, 17), (self.saved, 15)):
            # filled after the first show: sized for a usual name ("Tất cả ch…" was cut)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        for w in (self.search, self.category, self.kind, self.aired, self.sort, self.saved,
                  self.save_search):
            bar.addWidget(w)
        bar.setStretch(0, 3)
        self.layout_.addLayout(bar)
        actions = QHBoxLayout()
        for w in (self.import_button, self.edit_button, self.export_button, self.delete_button,
                  self.bin_button, self.verify_button, self.purge_button):
            actions.addWidget(w)
        actions.addStretch(1)
        self.layout_.addLayout(actions)

        split = QSplitter(self)
        split.setObjectName("library_split")  # the main window keeps its position
        self.model = LibraryModelWithDrag(station, self)
        self.table = QTableView(split)
        self.table.setObjectName("library_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QTableView.DragDropMode.DragOnly)
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        # Fixed widths: sizing to contents would read every row of a million-item library.
        for column, width in ((1, 80), (2, 140), (3, 70), (4, 125), (5, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by_column)
        self.table.verticalHeader().setVisible(False)
        self.tabs = QTabWidget(split)
        self.preview = PreviewPanel(self.tabs)
        self.editor = ItemEditor(self.tabs)
        self.tabs.addTab(self.preview, self.tr("Preview"))
        self.tabs.addTab(self.editor, self.tr("Details"))
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([900, 420])
        self.layout_.addWidget(split, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("library_summary")
        self.layout_.addWidget(self.summary)
        # Over the empty table: a search that found nothing says so.
        self.empty_note = QLabel(self.table.viewport())
        self.empty_note.setObjectName("library_empty")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.category, self.kind, self.aired, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self._apply_search())
        self.model.counted.connect(self._counted)
        self.model.failed.connect(lambda exc: self.summary.setText(describe(exc)))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        # A new search or a refresh can take the edited item out of the list: follow it.
        self.model.modelReset.connect(self._selected)
        self.model.dataChanged.connect(lambda *_a: self._check_selection())
        self.import_button.clicked.connect(self._choose_files)
        self.verify_button.clicked.connect(self._verify)
        self.purge_button.clicked.connect(self._purge)
        self.export_button.clicked.connect(self._export)
        self.save_search.clicked.connect(self._save_search)
        self.saved.activated.connect(self._use_saved)
        self.editor.save_requested.connect(self._save)
        self.import_button.setEnabled(station.can(Right.LIBRARY_IMPORT))
        self.verify_button.setVisible(station.can(Right.ARCHIVE_PURGE))
        self.purge_button.setVisible(station.can(Right.ARCHIVE_PURGE))
        self.edit_button.setVisible(station.can(Right.STUDIO_USE))
        self.edit_button.clicked.connect(self._open_in_editor)
        self._saved_searches: list[Any] = []
        self.editor.set_can_edit(station.can(Right.LIBRARY_EDIT))
        self._shown_ids: list[str] = []  # what the preview and the editor show
        self.actions_ = LibraryActions(self)
        self.delete_button.setVisible(self.actions_.can_delete)
        self.delete_button.clicked.connect(self.actions_.confirm_delete)
        self.bin_button.clicked.connect(self.actions_.open_bin)
        self._loaded = False
        self._categories: list[str] = []

    # -- showing ---------------------------------------------------------------------------
    def shown(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._load_categories()
            self._load_saved()
            library_ops.people(self, self.station).success(self.model.set_people) \
                .run_in_background()
            self._apply_search()

    def _load_categories(self) -> None:
        library_ops.categories(self, self.station).success(self._set_categories) \
            .run_in_background()

    def _set_categories(self, categories: list[str]) -> None:
        self._categories = categories
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), "")
        for name in categories:
            self.category.addItem(name, name)
        index = self.category.findData(current)
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)

    def filters(self) -> SearchFilters:
        category = self.category.currentData() or ""
        kind = self.kind.currentData() or ""
        return SearchFilters(categories=(category,) if category else (),
                             kinds=(kind,) if kind else (), aired=self.aired.currentData())

    def _apply_search(self) -> None:
        self.model.set_search(self.search.text(), self.filters(), self.sort.currentData())

    def _sort_by_column(self, column: int) -> None:
        self.model.sort(column)

    def _counted(self, total: int) -> None:
        self.summary.setText(self.tr("%n item(s)", "", total))
        words_ = self.model.query_text.strip()
        if total == 0 and (words_ or not self.model.filters.empty):
            text = (self.tr("No items found for “%1”.").replace("%1", words_) if words_
                    else self.tr("No items match these filters."))
            self.empty_note.setText(text + "\n" + self.tr("Try fewer words, or clear the "
                                                          "filters."))
            self.empty_note.setGeometry(self.table.viewport().rect().adjusted(12, 12, -12, -12))
            self.empty_note.show()
        else:
            self.empty_note.hide()
        self._check_selection()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.item_id(r) for r in rows) if i]

    def _open_in_editor(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.edit_requested.emit(ids[0])

    def _selected(self) -> None:
        ids = self.selected_ids()
        self._shown_ids = ids
        self.edit_button.setEnabled(len(ids) == 1)
        self.delete_button.setEnabled(bool(ids))
        if len(ids) == 1:
            library_ops.item_preview(self, self.station, ids[0]).success(self._show_preview) \
                .run_in_background()
        else:
            self.preview.show_item(None)
        if ids:
            library_ops.shared_values(self, self.station, ids) \
                .success(lambda found: self._show_values(ids, found)) \
                .run_in_background()
            # After the values on the same one-thread pool: the tag lands on loaded fields.
            relay_ops.origins(self, self.station, ids) \
                .success(lambda found: self._show_relay(ids, found)).run_in_background()
        else:
            self.editor.clear()

    def _check_selection(self) -> None:
        """The rows under the selection changed (a refresh, a delete): select the shown
        items where they are now, or nothing; never edit an item that left the list."""
        shown = self._shown_ids
        if self.selected_ids() == shown:
            return
        rows = self.model.rows_of(shown)
        if shown and len(rows) == len(shown):
            selection = self.table.selectionModel()
            selection.blockSignals(True)  # the same items: nothing to reload
            self.table.clearSelection()
            for row in rows:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
            selection.blockSignals(False)
            self.table.viewport().update()
        else:
            self.table.clearSelection()
            self._selected()

    def _show_values(self, ids: list[str], found: tuple[dict[str, Any], list[str], bool]
                     ) -> None:
        if self.selected_ids() == ids:  # still the selection when it arrives
            self.editor.load(ids, found[0], found[1], read_only=found[2])

    def _show_relay(self, ids: list[str], found: tuple[Any, dict[str, Any]]) -> None:
        tz, origins = found
        if self.selected_ids() == ids and len(ids) == 1 and ids[0] in origins:
            self.editor.show_relay(origins[ids[0]], tz)

    def _show_preview(self, found: dict[str, Any]) -> None:
        if self.selected_ids() == [found["id"]]:  # still the selection when it arrives
            self.preview.show_item(found)

    def _save(self, ids: list[str], fields: dict[str, Any]) -> None:
        library_ops.update_items(self, self.station, ids, fields) \
            .success(lambda _c: self._saved(ids, fields)) \
            .run_in_background()

    def _saved(self, ids: list[str], fields: dict[str, Any]) -> None:
        self.editor.saved(ids, fields)
        self.summary.setText(self.tr("Saved."))

    def on_changes(self, changes: Changes) -> None:
        if changes.settings and self._loaded:
            self._load_categories()

    # -- saved searches --------------------------------------------------------------------
    def _load_saved(self) -> None:
        library_ops.saved_searches(self, self.station).success(self._show_saved) \
            .run_in_background()

    def _show_saved(self, saved: list[Any]) -> None:
        self._saved_searches = saved
        self.saved.clear()
        self.saved.addItem(self.tr("Saved searches"), None)
        for entry in saved:
            self.saved.addItem(entry.name, entry.id)

    def _use_saved(self, index: int) -> None:
        entry = next((e for e in self._saved_searches if e.id == self.saved.itemData(index)),
                     None)
        if entry is None:
            return
        for combo in (self.category, self.kind, self.aired, self.sort):
            combo.blockSignals(True)
        self.category.setCurrentIndex(max(self.category.findData(
            entry.filters.categories[0] if entry.filters.categories else ""), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(
            entry.filters.kinds[0] if entry.filters.kinds else ""), 0))
        self.aired.setCurrentIndex(max(self.aired.findData(entry.filters.aired), 0))
        self.sort.setCurrentIndex(max(self.sort.findData(entry.sort), 0))
        for combo in (self.category, self.kind, self.aired, self.sort):
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(entry.query)
        self.search.blockSignals(False)
        self.model.set_search(entry.query, entry.filters, entry.sort)

    def _save_search(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, self.tr("Save search"), self.tr("Name"))
        if not ok or not name.strip():
            return
        library_ops.save_search(self, self.station, name, self.search.text(), self.filters(),
                                self.sort.currentData()) \
            .success(lambda _r: self._load_saved()).run_in_background()

    # -- export and purge ------------------------------------------------------------------
    def _export(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.summary.setText(self.tr("Select the items to export first."))
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Export the selected items"),
                                                "", self.tr("Zip files (*.zip)"))
        if target:
            self.export_to(ids, target)

    def export_to(self, ids: list[str], target: str) -> None:
        library_ops.export_items(self, self.station, ids, target) \
            .with_progress(self.tr("Exporting…")) \
            .success(lambda report: self.summary.setText(
                self.tr("%n item(s) exported to %1", "", len(report.items))
                .replace("%1", str(report.target)))) \
            .run_in_background()

    def _purge(self) -> None:
        library_ops.purge_candidates(self, self.station).success(self.confirm_purge) \
            .run_in_background()

    def confirm_purge(self, candidates: list[Any]) -> None:
        from PySide6.QtCore import QCoreApplication

        if not candidates:
            QMessageBox.information(self, self.tr("Purge"),
                                    self.tr("Nothing is past its retention period."))
            return
        lines = []
        for c in candidates[:40]:
            reason = QCoreApplication.translate("archive", c.template)
            try:
                reason = reason.format(**c.params)
            except (KeyError, IndexError, ValueError):
                reason = c.reason
            lines.append(f"• {c.title}: {reason}")
        freed = sum(c.bytes_freed for c in candidates) / 1e6
        text = (self.tr("%n item(s) are past their retention period and may be deleted "
                        "(%1 MB freed):", "", len(candidates)).replace("%1", f"{freed:.1f}")
                + "\n\n" + "\n".join(lines))
        answer = QMessageBox.question(self, self.tr("Purge"), text)
        if answer == QMessageBox.StandardButton.Yes:
            self.purge(candidates)

    def purge(self, candidates: list[Any]) -> None:
        library_ops.purge(self, self.station, [c.id for c in candidates]) \
            .with_progress(self.tr("Deleting…")) \
            .success(lambda result: self.summary.setText(
                self.tr("%n item(s) deleted", "", len(result[0].removed)))) \
            .run_in_background()

    # -- importing ---------------------------------------------------------------------------
    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import into the library"), "",
            self.tr("Media and bulletins (*.wav *.bwf *.mp3 *.m4a *.aac *.flac *.ogg *.opus "
                    "*.wma *.mp4 *.mov *.mkv *.jpg *.jpeg *.png *.webp *.txt);;All files (*)"))
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        category = self.category.currentData() or ""
        (library_ops.import_files(self, self.station, paths, category)
         .with_progress(self.tr("Importing…"))
         .success(self._imported)
         .run_in_background())

    def _imported(self, result: tuple[list[Any], list[tuple[str, str]], Changes]) -> None:
        done, refused, _changes = result
        added = sum(1 for r in done if r.status == "imported")
        again = len(done) - added
        text = self.tr("%n file(s) imported", "", added)
        if again:
            text += "; " + self.tr("%n already in the library", "", again)
        self.summary.setText(text)
        if refused:
            lines = "\n".join(f"• {reason}" for _name, reason in refused)
            QMessageBox.warning(self, self.tr("Some files were not imported"),
                                self.tr("These files were refused:") + "\n\n" + lines)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and self.station.can(Right.LIBRARY_IMPORT):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- looking after the store ---------------------------------------------------------
    def _verify(self) -> None:
        library_ops.verify_store(self, self.station) \
            .with_progress(self.tr("Checking every file in the store…")) \
            .success(self._verified).run_in_background()

    def _verified(self, report: Any) -> None:
        if report.ok:
            QMessageBox.information(self, self.tr("Store check"),
                                    self.tr("All %n file(s) are intact.", "", report.ok_count))
            return
        lines = [f"• {p.path}: {p.reason}" for p in [*report.missing, *report.damaged]]
        lines += [f"• {o}" for o in report.orphans]
        QMessageBox.warning(self, self.tr("Store check"),
                            self.tr("Problems found:") + "\n\n" + "\n".join(lines[:30]))

