"""What the Library page does with the selected rows besides showing them: the right-click
menu (play, edit details, open in the editor, export, delete), the keys (Delete, Enter to
play), deleting to the bin with a confirmation, and the bin itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from station.rights import Right
from ui.errors import describe
from ui.operations import library as library_ops

if TYPE_CHECKING:
    from ui.library.bin_view import BinDialog


class LibraryActions(QObject):
    def __init__(self, page: Any) -> None:
        """``page``: the LibraryPage (not imported: the page imports this module)."""
        super().__init__(page)
        self.page = page
        self.bin_dialog: BinDialog | None = None
        table = page.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_menu)
        # Del and Return on the table (an event filter: it works wherever the focus was
        # put by a click or a test). Ctrl+F is the window's (ui/help.py): one binding only.
        table.installEventFilter(self)
        self.can_delete = page.station.can(Right.LIBRARY_EDIT)  # to the bin: recoverable

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.page.table and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not event.modifiers():
            if event.key() == Qt.Key.Key_Delete:
                self.confirm_delete()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.play()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.page.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page.search.selectAll()

    def build_menu(self) -> QMenu:
        """The right-click menu for the current selection (a test reads its actions)."""
        page = self.page
        ids = page.selected_ids()
        menu = QMenu(page.table)
        menu.setObjectName("library_menu")
        one = len(ids) == 1
        play = menu.addAction(self.tr("Play"), self.play)
        play.setEnabled(one and page.preview.play.isVisible())
        details = menu.addAction(self.tr("Edit details"), self.edit_details)
        details.setEnabled(bool(ids))
        if page.station.can(Right.STUDIO_USE):
            menu.addAction(self.tr("Open in the editor"), page._open_in_editor).setEnabled(one)
        menu.addAction(self.tr("Export…"), page._export).setEnabled(bool(ids))
        if self.can_delete:
            menu.addSeparator()
            delete = menu.addAction(self.tr("Delete (to the bin)…"), self.confirm_delete)
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            delete.setEnabled(bool(ids))
        return menu

    def show_menu(self, at: QPoint) -> None:
        index = self.page.table.indexAt(at)
        if index.isValid() and index.row() not in {i.row() for i in
                                                   self.page.table.selectionModel().selectedRows()}:
            self.page.table.selectRow(index.row())
        self.build_menu().popup(self.page.table.viewport().mapToGlobal(at))

    def play(self) -> None:
        page = self.page
        page.tabs.setCurrentWidget(page.preview)
        if page.preview.play.isVisible():
            page.preview.play.click()

    def edit_details(self) -> None:
        self.page.tabs.setCurrentWidget(self.page.editor)
        self.page.editor.title.setFocus()

    # -- deleting -----------------------------------------------------------------------
    def confirm_delete(self) -> None:
        ids = self.page.selected_ids()
        if not ids or not self.can_delete:
            return
        answer = QMessageBox.question(
            self.page, self.tr("Delete"),
            self.tr("Move %n item(s) to the bin? They leave every search and list, and can be "
                    "restored from the bin until it is emptied.", "", len(ids)))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(ids)

    def delete(self, ids: list[str]) -> None:
        page = self.page
        library_ops.delete_items(page, page.station, ids) \
            .success(lambda _c: page.summary.setText(
                self.tr("%n item(s) moved to the bin.", "", len(ids)))) \
            .failure(self._refused) \
            .run_in_background()

    def _refused(self, exc: BaseException) -> None:
        """Why not (an approved schedule holds the item, the province owns it...)."""
        QMessageBox.warning(self.page, self.tr("Delete"), describe(exc))

    def open_bin(self) -> BinDialog:
        from ui.library.bin_view import BinDialog

        if self.bin_dialog is None:
            self.bin_dialog = BinDialog(self.page.station, self.page)
        else:
            self.bin_dialog.reload()
        self.bin_dialog.show()
        self.bin_dialog.raise_()
        return self.bin_dialog
