"""Codes of the core named in the UI language: the kinds of library items and of schedule
slots, who added something (a person, the province, the system), and the fields of a synced
row. One place, so that no picker, list or dialog shows a raw code such as ``text``,
``province`` or ``first_aired_at``."""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from station.clock import fmt_duration
from station.errors import QT_TRANSLATE_NOOP  # typed: returns str
from ui import i18n

# Item kinds (station.search.filters.KINDS) and schedule slot kinds share one namespace:
# their codes never collide.
_KINDS = {
    "audio": QT_TRANSLATE_NOOP("Words", "Audio"),
    "video": QT_TRANSLATE_NOOP("Words", "Video"),
    "image": QT_TRANSLATE_NOOP("Words", "Image"),
    "text": QT_TRANSLATE_NOOP("Words", "Text"),
    "item": QT_TRANSLATE_NOOP("Words", "Item"),
    "bulletin": QT_TRANSLATE_NOOP("Words", "Bulletin"),
    "programme": QT_TRANSLATE_NOOP("Words", "Programme"),
    "relay": QT_TRANSLATE_NOOP("Words", "Relay"),
    "live": QT_TRANSLATE_NOOP("Words", "Live"),
}

# Actors that are not people (station.station.SYSTEM, station.recording.takes.RECOVERY_ACTOR,
# rows the province owns).
_ACTORS = {
    "system": QT_TRANSLATE_NOOP("Words", "System"),
    "province": QT_TRANSLATE_NOOP("Words", "Province"),
    "hub": QT_TRANSLATE_NOOP("Words", "Province"),
    "system:recovery": QT_TRANSLATE_NOOP("Words", "System (recovered take)"),
    "system:recording": QT_TRANSLATE_NOOP("Words", "Scheduled recording"),
    "system:watch": QT_TRANSLATE_NOOP("Words", "Watched folder"),
}

# Fields of synced rows, as the conflict list names them.
_FIELDS = {
    "title": QT_TRANSLATE_NOOP("Words", "Title"),
    "item": QT_TRANSLATE_NOOP("Words", "Item"),
    "op": QT_TRANSLATE_NOOP("Words", "Change"),
    "position": QT_TRANSLATE_NOOP("Words", "Position"),
    "category": QT_TRANSLATE_NOOP("Words", "Category"),
    "tags": QT_TRANSLATE_NOOP("Words", "Tags"),
    "body": QT_TRANSLATE_NOOP("Words", "Text"),
    "notes": QT_TRANSLATE_NOOP("Words", "Notes"),
    "language": QT_TRANSLATE_NOOP("Words", "Language"),
    "retention": QT_TRANSLATE_NOOP("Words", "Keep until"),
    "first_aired_at": QT_TRANSLATE_NOOP("Words", "First aired"),
    "last_aired_at": QT_TRANSLATE_NOOP("Words", "Last aired"),
    "duration_s": QT_TRANSLATE_NOOP("Words", "Duration"),
    "status": QT_TRANSLATE_NOOP("Words", "Status"),
    "priority": QT_TRANSLATE_NOOP("Words", "Priority"),
    "comment": QT_TRANSLATE_NOOP("Words", "Comment"),
    "name": QT_TRANSLATE_NOOP("Words", "Name"),
    "start": QT_TRANSLATE_NOOP("Words", "Start"),
    "end": QT_TRANSLATE_NOOP("Words", "End"),
    "created_at": QT_TRANSLATE_NOOP("Words", "Added"),
    "updated_at": QT_TRANSLATE_NOOP("Words", "Changed"),
    "deleted_at": QT_TRANSLATE_NOOP("Words", "Deleted"),
}

# Languages of items and reports (ISO 639-1 codes as stored).
_LANGUAGES = {
    "vi": QT_TRANSLATE_NOOP("Words", "Vietnamese"),
    "en": QT_TRANSLATE_NOOP("Words", "English"),
    "fr": QT_TRANSLATE_NOOP("Words", "French"),
    "zh": QT_TRANSLATE_NOOP("Words", "Chinese"),
    "km": QT_TRANSLATE_NOOP("Words", "Khmer"),
    "lo": QT_TRANSLATE_NOOP("Words", "Lao"),
}


def _tr(source: str) -> str:
    return QCoreApplication.translate("Words", source)


def kind_name(kind: str) -> str:
    """An item kind (audio, video, image, text) or a slot kind (item, bulletin, ...)."""
    source = _KINDS.get(kind)
    return _tr(source) if source else kind


def item_kinds() -> list[tuple[str, str]]:
    """(code, name) of every library item kind, in the core's order (for pickers)."""
    from station.search.filters import KINDS

    return [(k, kind_name(k)) for k in KINDS]


def actor_name(actor: str | None) -> str:
    """Who did something: a user name stays as it is; the system and the province get words."""
    if not actor:
        return ""
    source = _ACTORS.get(actor)
    if source:
        return _tr(source)
    if actor.startswith("system:"):
        return _tr(_ACTORS["system"])
    if actor.startswith("province:") or actor.startswith("hub:"):
        return _tr(_ACTORS["province"])
    return actor


def field_name(field: str) -> str:
    """A column of a synced row; an unknown one is made readable ("aired_by" -> "aired by")."""
    source = _FIELDS.get(field)
    return _tr(source) if source else field.replace("_", " ")


def language_name(code: str | None) -> str:
    if not code:
        return ""
    source = _LANGUAGES.get(code.lower())
    return _tr(source) if source else code


def field_value(field: str, value: Any, tz: tzinfo) -> str:
    """A synced field's value as the user reads it: times dd/MM/yyyy HH:mm in the station's
    zone, durations m:ss, lists joined; "" for no value."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, str) and (field.endswith("_at") or field in ("start", "end")):
        return i18n.format_moment(value, tz)  # unreadable text is shown as it is
    if field.endswith("_s") and isinstance(value, (int, float)):
        return fmt_duration(float(value))
    if field == "language" and isinstance(value, str):
        return language_name(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)
