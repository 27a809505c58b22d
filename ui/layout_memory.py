"""What the window looked like for each user: geometry and state, every named splitter, the
named tab widgets, the last section and the narrow navigation. Kept with the workstation's
other UI preferences (ui.i18n.machine_settings), per station data folder and per user, so
two users of one PC each find the window as they left it."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget, QWidget

from station.paths import DataDir
from ui.i18n import machine_settings

WINDOW_USER = "_window"  # the geometry of the login screen: the last one used on this PC


def station_key(datadir: DataDir) -> str:
    """A short stable name for one data folder (a path is not a valid settings key)."""
    return hashlib.sha1(str(datadir.root.resolve()).encode("utf-8")).hexdigest()[:12]


class LayoutMemory:
    def __init__(self, datadir: DataDir) -> None:
        self.prefix = f"layout/{station_key(datadir)}"

    def _settings(self, user: str) -> QSettings:
        s = machine_settings()
        s.beginGroup(f"{self.prefix}/{user}")
        return s

    # -- the window --------------------------------------------------------------------------
    def save_window(self, window: QMainWindow, user: str) -> None:
        for who in (user, WINDOW_USER):
            s = self._settings(who)
            s.setValue("geometry", window.saveGeometry())
            s.setValue("state", window.saveState())
            s.endGroup()

    def restore_window(self, window: QMainWindow, user: str) -> bool:
        """Put the window back as ``user`` left it; False when nothing was kept."""
        s = self._settings(user)
        geometry, state = s.value("geometry"), s.value("state")
        s.endGroup()
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return False
        window.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return True

    # -- splitters and tabs, found by objectName ---------------------------------------------
    def save_parts(self, root: QWidget, user: str) -> None:
        """Every named splitter and tab widget under ``root``; the other parts kept before
        (a section not built in this login) stay as they were."""
        s = self._settings(user)
        for split in root.findChildren(QSplitter):
            if split.objectName():
                s.setValue(f"splitters/{split.objectName()}", split.saveState())
        for tabs in root.findChildren(QTabWidget):
            if tabs.objectName():
                s.setValue(f"tabs/{tabs.objectName()}", tabs.currentIndex())
        s.endGroup()

    def restore_parts(self, root: QWidget, user: str) -> None:
        s = self._settings(user)
        for split in root.findChildren(QSplitter):
            state = s.value(f"splitters/{split.objectName()}") if split.objectName() else None
            if isinstance(state, QByteArray) and not state.isEmpty():
                split.restoreState(state)
        for tabs in root.findChildren(QTabWidget):
            index = s.value(f"tabs/{tabs.objectName()}") if tabs.objectName() else None
            if index is not None and 0 <= int(str(index)) < tabs.count():
                tabs.setCurrentIndex(int(str(index)))
        s.endGroup()

    # -- small values: the last section, the narrow navigation ----------------------------------
    def value(self, user: str, key: str, default: str = "") -> str:
        s = self._settings(user)
        v = s.value(key, default)
        s.endGroup()
        return str(v) if v is not None else default

    def set_value(self, user: str, key: str, value: str) -> None:
        s = self._settings(user)
        s.setValue(key, value)
        s.endGroup()
