"""Verbs for relay feeds (the Relay tab, the Library's relay marks, the size cap in Settings):
the same core functions `station relay subscribe|list|refresh|remove` calls.

The sync package is imported inside each verb's work (httpx is slow to import)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.station import Station
from ui.operations import Op


def feeds(parent: QObject | None, st: Station) -> Op[tuple[Any, list[Any]]]:
    """The station's time zone (to show times) and its relay feeds."""

    def work(_s: TaskState) -> tuple[Any, list[Any]]:
        from station.clock import zone
        from sync.subscriptions import list_feeds

        return zone(st), list_feeds(st)

    return Op(work, parent, "db")


def episodes(parent: QObject | None, st: Station, feed_id: str) -> Op[list[Any]]:
    """One feed's episodes with their download state, newest first."""

    def work(_s: TaskState) -> list[Any]:
        from sync.episodes import episodes

        return episodes(st, feed_id)

    return Op(work, parent, "db")


def subscribe(parent: QObject | None, st: Station, url: str, title: str,
              keep: int) -> Op[tuple[Any, Changes]]:
    def work(_s: TaskState) -> tuple[Any, Changes]:
        from sync.subscriptions import subscribe_feed

        return subscribe_feed(st, url, title, keep), Changes(sync=True, audit=True)

    return Op(work, parent, "db")


def remove(parent: QObject | None, st: Station, feed_id: str) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from sync.subscriptions import remove_feed

        remove_feed(st, feed_id)
        return Changes(sync=True, audit=True)

    return Op(work, parent, "db")


def refresh(parent: QObject | None, st: Station) -> Op[tuple[Any, Changes]]:
    """Read every outside feed now and bring what is new; (None, ...) when cancelled. On the
    network's thread (with its own connection): downloads may take long and must hold up no
    other database work."""

    def work(state: TaskState) -> tuple[Any, Changes]:
        from sync.subscriptions import refresh_feeds

        try:
            done = refresh_feeds(st, state=state)
        except Cancelled:  # what came before the cancel stays; a cut download resumes
            return None, Changes(sync=True, library=True)
        added = any(f.added or f.resumed for f in done.feeds)
        return done, Changes(sync=True, library=added)

    return Op(work, parent, "net")


def relay_items(parent: QObject | None, st: Station) -> Op[dict[str, str]]:
    """Every relay item in the library: item id -> its feed's title."""

    def work(_s: TaskState) -> dict[str, str]:
        from sync.episodes import relay_items

        return relay_items(st)

    return Op(work, parent, "db")


def origins(parent: QObject | None, st: Station,
            item_ids: list[str]) -> Op[tuple[Any, dict[str, Any]]]:
    """The station's time zone and, for the relay items among ``item_ids``, their feed."""

    def work(_s: TaskState) -> tuple[Any, dict[str, Any]]:
        from station.clock import zone
        from sync.episodes import origins

        return zone(st), origins(st, item_ids)

    return Op(work, parent, "db")


def size_cap(parent: QObject | None, st: Station) -> Op[float]:
    """The largest episode a feed may bring, in MB."""

    def work(_s: TaskState) -> float:
        from station import settings

        return settings.RELAY_MAX_ENCLOSURE_MB.get(st.db)

    return Op(work, parent, "db")


def save_size_cap(parent: QObject | None, st: Station, mb: float) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from sync.feeds import set_max_enclosure_mb

        return set_max_enclosure_mb(st, mb)

    return Op(work, parent, "db")
