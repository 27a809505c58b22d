"""Keyboard shortcuts: one table both registers the window's shortcuts and is shown in
Help › Keyboard shortcuts (F1), so the list can never drift from what the keys do.

The window-level keys (sections, search, refresh, import, quit, help) are QShortcuts made
here from the table; the Studio's keys belong to their widgets (the waveform editor's own
key map, the recorder's marker key) and the table lists them from the same sources."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QCoreApplication, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.errors import QT_TRANSLATE_NOOP  # typed: returns str
from ui.widgets.waveform_editor import TimelineView

CONTEXT = "Help"
SECTION_KEYS = 9  # Ctrl+1 .. Ctrl+9 at most

EVERYWHERE: str = QT_TRANSLATE_NOOP("Help", "Everywhere")
LIBRARY: str = QT_TRANSLATE_NOOP("Help", "Library: the list of items")
SCHEDULE: str = QT_TRANSLATE_NOOP("Help", "Schedule: the week")
EDITOR: str = QT_TRANSLATE_NOOP("Help", "Studio: editor (waveform)")
RUNDOWN: str = QT_TRANSLATE_NOOP("Help", "Studio: programmes (rundown)")
RECORDING: str = QT_TRANSLATE_NOOP("Help", "Studio: recording")

# (keys, what they do, the window's command); the order is the order shown
WINDOW_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Ctrl+F", QT_TRANSLATE_NOOP("Help", "Search in the current section"), "find"),
    ("F5", QT_TRANSLATE_NOOP("Help", "Refresh the current section"), "refresh"),
    ("Ctrl+I", QT_TRANSLATE_NOOP("Help", "Import files into the library"), "import"),
    ("F1", QT_TRANSLATE_NOOP("Help", "Show the keyboard shortcuts"), "help"),
    ("Ctrl+Q", QT_TRANSLATE_NOOP("Help", "Quit Station"), "quit"),
)

# What the waveform editor does with each command of its key map (TimelineView.KEYS).
EDITOR_COMMANDS: dict[str, str] = {
    "play": QT_TRANSLATE_NOOP("Help", "Play or pause from the cursor"),
    "cut": QT_TRANSLATE_NOOP("Help", "Cut the selection"),
    "copy": QT_TRANSLATE_NOOP("Help", "Copy the selection"),
    "paste": QT_TRANSLATE_NOOP("Help", "Paste at the cursor"),
    "delete": QT_TRANSLATE_NOOP("Help", "Delete the selection"),
    "undo": QT_TRANSLATE_NOOP("Help", "Undo the last edit"),
    "redo": QT_TRANSLATE_NOOP("Help", "Redo"),
    "trim": QT_TRANSLATE_NOOP("Help", "Keep only the selection (trim)"),
    "loop": QT_TRANSLATE_NOOP("Help", "Play the selection in a loop"),
}

# Keys a section's widget registers itself (ui/library/actions.py: Del and Return in the
# list; ui/schedule/page.py and ui/studio/rundown/panel.py: removal and its undo;
# ui/studio/record.py: the marker key).
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Return", QT_TRANSLATE_NOOP("Help", "Play the selected item"), LIBRARY),
    ("Del", QT_TRANSLATE_NOOP("Help", "Move the selected items to the bin"), LIBRARY),
    ("Del", QT_TRANSLATE_NOOP("Help", "Remove the selected slot"), SCHEDULE),
    ("Ctrl+Z", QT_TRANSLATE_NOOP("Help", "Put back the last slot removed"), SCHEDULE),
    ("Del", QT_TRANSLATE_NOOP("Help", "Remove the selected segment"), RUNDOWN),
    ("Ctrl+Z", QT_TRANSLATE_NOOP("Help", "Put back the last segment removed"), RUNDOWN),
    ("M", QT_TRANSLATE_NOOP("Help", "Drop a marker while recording"), RECORDING),
)


@dataclass(frozen=True)
class Shortcut:
    keys: str  # portable QKeySequence text, e.g. "Ctrl+Shift+Z"
    text: str  # English source in context "Help", or a section's (translated) name
    command: str | None  # the window's command; None where a widget handles the key
    where: str  # English source of the group in context "Help"
    translated: bool = False  # ``text`` is already in the UI's language (section names)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _portable(key: Qt.Key, ctrl: bool, shift: bool) -> str:
    mods = Qt.KeyboardModifier.NoModifier
    if ctrl:
        mods |= Qt.KeyboardModifier.ControlModifier
    if shift:
        mods |= Qt.KeyboardModifier.ShiftModifier
    return QKeySequence(QKeyCombination(mods, key)).toString(
        QKeySequence.SequenceFormat.PortableText)


def table(section_titles: Sequence[str]) -> list[Shortcut]:
    """Every shortcut of the app, in the order the help shows them."""
    rows = [Shortcut(f"Ctrl+{n + 1}", title, f"section:{n}", EVERYWHERE, translated=True)
            for n, title in enumerate(section_titles[:SECTION_KEYS])]
    rows += [Shortcut(keys, text, command, EVERYWHERE) for keys, text, command in WINDOW_KEYS]
    for (key, ctrl, shift), command in TimelineView.KEYS.items():
        rows.append(Shortcut(_portable(Qt.Key(key), ctrl, shift),
                             EDITOR_COMMANDS.get(command, command), None, EDITOR))
    rows += [Shortcut(keys, text, None, where) for keys, text, where in WIDGET_KEYS]
    return rows


def key_text(keys: str) -> str:
    """Keys as the user reads them ("Ctrl+Shift+Z", "Phím cách" for Space in Vietnamese)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class ShortcutsDialog(QDialog):
    """The list of shortcuts, grouped by where they work."""

    def __init__(self, rows: list[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Keys that work in Station:"), self))
        self.list = QTreeWidget(self)
        self.list.setObjectName("shortcut_list")
        self.list.setHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.list.setRootIsDecorated(False)
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            group = groups.get(row.where)
            if group is None:
                group = groups[row.where] = QTreeWidgetItem(self.list, [_tr(row.where)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
            text = row.text if row.translated else _tr(row.text)
            if row.command and row.command.startswith("section:"):
                text = self.tr("Go to %1").replace("%1", row.text)
            item = QTreeWidgetItem(group, [key_text(row.keys), text])
            item.setData(0, Qt.ItemDataRole.UserRole, row.keys)
        self.list.expandAll()
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def listed_keys(self) -> list[str]:
        """The portable key texts shown (for tests and checks)."""
        out = []
        for g in range(self.list.topLevelItemCount()):
            group = self.list.topLevelItem(g)
            assert group is not None
            for i in range(group.childCount()):
                child = group.child(i)
                assert child is not None
                out.append(str(child.data(0, Qt.ItemDataRole.UserRole)))
        return out


class Keys(QObject):
    """The main window's shortcuts and its Help › Keyboard shortcuts entry. ``pages`` are
    the section classes in navigation order (their titles are read when shown, so a change
    of language is followed)."""

    def __init__(self, window: QMainWindow, pages: Sequence[Any]) -> None:
        super().__init__(window)
        self.window = window
        self.pages = pages
        self.dialog: ShortcutsDialog | None = None
        self.shortcuts: list[QShortcut] = []
        for row in table(self.titles()):
            if row.command is None:
                continue
            shortcut = QShortcut(QKeySequence(row.keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setObjectName(f"shortcut_{row.command}")
            shortcut.activated.connect(lambda c=row.command: self.run(c))
            self.shortcuts.append(shortcut)

    def titles(self) -> list[str]:
        return [cls.title() for cls in self.pages]

    def rows(self) -> list[Shortcut]:
        return table(self.titles())

    def add_to_menu(self, menu: QMenu) -> QAction:
        # The key after a tab is shown, not registered: the QShortcut above owns F1.
        action = QAction(self.tr("Keyboard shortcuts") + "\t" + key_text("F1"), menu)
        action.setObjectName("help_shortcuts")
        action.triggered.connect(self.show_help)
        menu.addAction(action)
        return action

    def show_help(self) -> ShortcutsDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ShortcutsDialog(self.rows(), self.window)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    # -- the commands ------------------------------------------------------------------------
    def run(self, command: str) -> None:
        handlers: dict[str, Callable[[], object]] = {
            "find": self.find, "refresh": self.refresh, "import": self.import_files,
            "help": self.show_help, "quit": self.window.close}
        if command.startswith("section:"):
            self.go_to(int(command.split(":", 1)[1]))
        elif command in handlers:
            handlers[command]()

    def _workspace(self) -> Any:
        return getattr(self.window, "workspace", None)

    def _current_page(self) -> QWidget | None:
        workspace = self._workspace()
        return workspace.stack.currentWidget() if workspace is not None else None

    def go_to(self, row: int) -> bool:
        workspace = self._workspace()
        if workspace is None or row >= workspace.nav.count():
            return False
        entry = workspace.nav.item(row)
        if not entry.flags() & Qt.ItemFlag.ItemIsEnabled:
            return False  # the role has no access to this section
        workspace.nav.setCurrentRow(row)
        return True

    def find(self) -> QLineEdit | None:
        """Put the cursor in the current section's search field, if it has one."""
        page = self._current_page()
        if page is None:
            return None
        field = search_field(page)
        if field is None:
            self.window.statusBar().showMessage(self.tr("This section has no search."), 4000)
            return None
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()
        return field

    def refresh(self) -> None:
        """Reload the current section as if everything had changed."""
        page = self._current_page()
        if page is None:
            return
        reload = getattr(page, "reload", None)
        if callable(reload):
            reload()
            return
        on_changes = getattr(page, "on_changes", None)
        if callable(on_changes):
            on_changes(Changes(**{f.name: True for f in fields(Changes)}))

    def import_files(self) -> None:
        """Go to the Library and open its import (when the role may import)."""
        workspace = self._workspace()
        if workspace is None or not self.go_to(0):
            return
        page = self._current_page()
        button = getattr(page, "import_button", None)
        if button is not None and button.isEnabled():
            button.click()


def search_field(page: QWidget) -> QLineEdit | None:
    """The visible search box of a section: one named *search* or *filter*, else a widget's
    ``search`` field (the Studio's item finder)."""
    edits = [e for e in page.findChildren(QLineEdit) if e.isVisible()]
    for e in edits:
        name = e.objectName().lower()
        if "search" in name or "filter" in name:
            return e
    for owner in [page, *page.findChildren(QWidget)]:
        field = getattr(owner, "search", None)
        if isinstance(field, QLineEdit) and field.isVisible():
            return field
    return None
