"""Verbs for playout: what the On Air page offers to insert; the Settings › On air values
and the outputs to choose from. Playout itself runs in the station service; the page's
commands go there (ui/operations/service.py)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.clock import zone
from station.playout.runner import approved_items
from station.station import Station
from ui.operations import Op


def insertable(parent: QObject | None, st: Station) -> Op[tuple[tzinfo, list[tuple[str, str]]]]:
    """The station's time zone and the approved items an operator may insert (id, title)."""
    return Op(lambda _s: (zone(st), [(m.item_id, m.title) for m in approved_items(st)]),
              parent, "db")


# -- Settings › On air --------------------------------------------------------------------------
def read_settings(parent: QObject | None,
                  st: Station) -> Op[tuple[Any, list[Any], list[tuple[str, str]]]]:
    """The stored values, the filler items to choose from and the voices (id, name)."""

    def work(_s: TaskState) -> tuple[Any, list[Any], list[tuple[str, str]]]:
        from media.tts import ESPEAK_VOICES
        from station.playout import settings as playout_settings

        return (playout_settings.read(st), playout_settings.filler_choices(st),
                [(v.id, v.name) for v in ESPEAK_VOICES])

    return Op(work, parent, "db")


def output_names(parent: QObject | None) -> Op[list[str]]:
    """The outputs QtMultimedia lists: ~200 ms to load, so on the work pool."""

    def work(_s: TaskState) -> list[str]:
        from media.playout.output import output_names

        return output_names()

    return Op(work, parent, "work")


def filler_choices(parent: QObject | None, st: Station, query: str) -> Op[list[Any]]:
    def work(_s: TaskState) -> list[Any]:
        from station.playout import settings as playout_settings

        return playout_settings.filler_choices(st, query)

    return Op(work, parent, "db")


def save_settings(parent: QObject | None, st: Station, value: Any) -> Op[Changes]:
    def work(_s: TaskState) -> Changes:
        from station.playout import settings as playout_settings

        return playout_settings.save(st, value)

    return Op(work, parent, "db")


def filler_title(parent: QObject | None, st: Station) -> Op[str]:
    """The title of the item played after a failure or dead air ('' : none is set)."""

    def work(_s: TaskState) -> str:
        from station import settings
        from station.library.items import get_item

        item_id = settings.PLAYOUT_FILLER_ITEM.get(st.db)
        item = get_item(st, item_id) if item_id else None
        return item.title if item is not None else ""

    return Op(work, parent, "db")
