"""Verbs for the watched import folders: list, add, remove, and the background scan.

The scan runs on the 'watch' thread with that thread's own connection, so a long import
never holds up the UI's database work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.station import Station
from ui.operations import Op


def watchers(parent: QObject | None, st: Station,
             translate: Callable[[str, str], str]) -> Op[list[Any]]:
    """One WatchFolder per watched folder (each remembers files still being written)."""

    def work(_s: TaskState) -> list[Any]:
        from station.library import watch as watchfolder

        return watchfolder.watchers(st, translate)

    return Op(work, parent, "watch")


def scan(parent: QObject | None, watchers: list[Any]) -> Op[tuple[list[Any], Changes]]:
    """Import what has settled in the folders; returns what happened, file by file."""

    def work(state: TaskState) -> tuple[list[Any], Changes]:
        from station.library import watch as watchfolder

        events = [e for w in watchers for e in w.scan(state)]
        return events, watchfolder.events_changes(events)

    return Op(work, parent, "watch")


def watched_folders(parent: QObject | None,
                    st: Station) -> Op[tuple[list[Any], list[str]]]:
    """The watched folders and the station's categories (for the new folder's)."""

    def work(_: TaskState) -> tuple[list[Any], list[str]]:
        from station import settings
        from station.library import watch as watchfolder

        return watchfolder.watched_folders(st), settings.CATEGORIES.get(st.db)

    return Op(work, parent, "db")


def add_watched_folder(parent: QObject | None, st: Station, path: str,
                       category: str) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from station.library import watch as watchfolder

        return watchfolder.add_watched_folder(st, path, category)

    return Op(work, parent, "db")


def remove_watched_folder(parent: QObject | None, st: Station, path: str) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from station.library import watch as watchfolder

        return watchfolder.remove_watched_folder(st, path)

    return Op(work, parent, "db")
