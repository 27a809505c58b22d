"""Verbs for sync with the provincial hub: settings, the link, a run, bundles, clashes, limits.

The sync package is imported inside each verb's work: httpx alone takes ~60 ms to import,
which must be paid on a worker, never at start-up or on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.station import Station
from sync.link import link_up
from ui.operations import Op


def sync_settings(parent: QObject | None, st: Station) -> Op[tuple[str, float]]:
    """The hub's address and the minutes between runs."""

    def work(_s: TaskState) -> tuple[str, float]:
        from station import settings

        return settings.SYNC_HUB_URL.get(st.db), settings.SYNC_INTERVAL_MIN.get(st.db)

    return Op(work, parent, "db")


def waiting(parent: QObject | None, st: Station) -> Op[Any]:
    """What waits to go up (changes, files, bytes) and whether media may go up now."""

    def work(_s: TaskState) -> Any:
        from sync import engine

        return engine.waiting_now(st)

    return Op(work, parent, "db")


def check_link(parent: QObject | None, url: str) -> Op[bool]:
    return Op(lambda _s: link_up(url), parent, "net")


def run_sync(parent: QObject | None, st: Station,
             on_transfer: Callable[[Any], None]) -> Op[Any]:
    """One full sync; ``on_transfer`` hears from the worker thread while files move."""

    def work(state: TaskState) -> Any:
        from sync import engine

        return engine.run_once(st, state=state, on_transfer=on_transfer)

    return Op(work, parent, "net")


def save_hub(parent: QObject | None, st: Station, url: str, token: str) -> Op[Changes]:
    """The hub's address and (if not empty) a new station token."""

    def work(_s: TaskState) -> Changes:
        from sync.token import save_hub

        return save_hub(st, url, token)

    return Op(work, parent, "db")


def run_bundle(parent: QObject | None, st: Station, folder: str, *, export: bool) -> Op[Any]:
    """Write a bundle for the province into ``folder``, or apply the one found there."""

    def work(state: TaskState) -> Any:
        from sync import bundle

        if export:
            return bundle.export_bundle(st, folder, state)
        return bundle.import_bundle(st, folder, state)

    return Op(work, parent, "db")


def conflicts(parent: QObject | None, st: Station) -> Op[tuple[Any, list[tuple[Any, str]]]]:
    """The station's time zone (to show times) and the open same-field clashes, each with
    its item's title ("" for other records)."""

    def work(_s: TaskState) -> tuple[Any, list[tuple[Any, str]]]:
        from station.clock import zone
        from station.library.items import titles
        from sync.outbox import open_conflicts

        found = open_conflicts(st)
        named = titles(st, [k.entity_id for k in found if k.entity == "item"])
        return zone(st), [(k, named.get(k.entity_id, "")) for k in found]

    return Op(work, parent, "db")


def resolve_conflict(parent: QObject | None, st: Station, conflict_id: str, *,
                     use_other: bool) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from sync.outbox import resolve_conflict

        return resolve_conflict(st, conflict_id, use_lost=use_other)

    return Op(work, parent, "db")


def limits(parent: QObject | None, st: Station) -> Op[tuple[int, list[str]]]:
    """The bandwidth cap (kbit/s, 0: none) and the hours media may go up."""

    def work(_s: TaskState) -> tuple[int, list[str]]:
        from station import settings

        return (settings.SYNC_BANDWIDTH_CAP_KBPS.get(st.db),
                settings.SYNC_UPLOAD_HOURS.get(st.db))

    return Op(work, parent, "db")


def save_limits(parent: QObject | None, st: Station, cap_kbps: int,
                hours: list[str]) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from sync.gate import save_limits

        return save_limits(st, cap_kbps, hours)

    return Op(work, parent, "db")
