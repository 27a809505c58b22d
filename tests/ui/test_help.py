"""Keyboard shortcuts: the Help list shows every shortcut the window registers (it is made
from the same table), and the keys do what the list says."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from station.paths import DataDir
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import WAIT, close_window_station, open_window
from ui.help import key_text, search_field
from ui.main_window import PAGES
from ui.widgets.waveform_editor import TimelineView

PORTABLE = QKeySequence.SequenceFormat.PortableText


def _logged_in(qtbot: Any, datadir: DataDir) -> Any:
    win = open_window(qtbot, datadir, language="en")
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                    timeout=WAIT)
    win.login_panel.user.setCurrentText("admin")
    win.login_panel.password.setText(ADMIN_PASSWORD)
    win.login_panel.button.click()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
    workspace = win.workspace
    qtbot.waitUntil(lambda: len(workspace.pages) == len(PAGES), timeout=WAIT)
    return win


def _registered(win: Any) -> set[str]:
    """Every key sequence the window answers to: shortcuts, actions, the editor's key map."""
    keys = {s.key().toString(PORTABLE) for s in win.findChildren(QShortcut)}
    for action in win.findChildren(QAction):
        keys |= {k.toString(PORTABLE) for k in action.shortcuts()}
    for key, ctrl, shift in TimelineView.KEYS:
        mods = Qt.KeyboardModifier.NoModifier
        if ctrl:
            mods |= Qt.KeyboardModifier.ControlModifier
        if shift:
            mods |= Qt.KeyboardModifier.ShiftModifier
        keys.add(QKeySequence(mods | Qt.Key(key)).toString(PORTABLE))
    return {k for k in keys if k}


def test_help_lists_every_registered_shortcut(qtbot: Any, datadir: DataDir) -> None:
    win = _logged_in(qtbot, datadir)
    try:
        registered = _registered(win)
        assert {"Ctrl+1", "Ctrl+7", "Ctrl+F", "F5", "Ctrl+I", "Ctrl+Q", "F1", "M", "Space",
                "Ctrl+Z", "Ctrl+Shift+Z"} <= registered
        menu_entry = win.findChild(QAction, "help_shortcuts")
        assert menu_entry is not None
        menu_entry.trigger()
        dialog = win.keys.dialog
        assert dialog is not None and dialog.isVisible()
        listed = dialog.listed_keys()
        assert registered <= set(listed), registered - set(listed)
        texts = [dialog.list.topLevelItem(0).child(i).text(1)
                 for i in range(dialog.list.topLevelItem(0).childCount())]
        assert texts[0] == "Go to " + PAGES[0].title()
        assert key_text("Ctrl+Shift+Z") == "Ctrl+Shift+Z"
    finally:
        close_window_station(qtbot, win)


def test_keys_switch_sections_and_find(qtbot: Any, datadir: DataDir) -> None:
    win = _logged_in(qtbot, datadir)
    try:
        win.activateWindow()
        workspace = win.workspace
        assert workspace.nav.currentRow() == 0
        qtbot.keyClick(win, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: workspace.nav.currentRow() == 1, timeout=WAIT)
        assert workspace.stack.currentWidget() is workspace.pages[1]
        qtbot.keyClick(win, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: workspace.nav.currentRow() == 0, timeout=WAIT)
        field = search_field(workspace.pages[0])
        assert field is not None and field.objectName() == "library_search"
        qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: field.hasFocus(), timeout=WAIT)
        qtbot.keyClick(win, Qt.Key.Key_F1)
        qtbot.waitUntil(lambda: win.keys.dialog is not None and win.keys.dialog.isVisible(),
                        timeout=WAIT)
    finally:
        close_window_station(qtbot, win)
