"""Search filters: what a result must satisfy besides its words (category, kind, language,
retention, aired, creation and recording days, duration), as SQL conditions over search_docs."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlite_utils

from station.clock import iso_ms, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError

KINDS = ("audio", "video", "image", "text")


@dataclass(frozen=True)
class SearchFilters:
    """What a result must also satisfy. Empty tuples and None mean "any".

    Dates: ``created_*`` take a day ``yyyy-mm-dd`` (the station's local day, whole day
    included at both ends) or a full ISO time in UTC; ``recorded_*`` take days.
    """

    categories: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    retention: tuple[str, ...] = ()
    aired: bool | None = None
    created_from: str | None = None
    created_to: str | None = None
    recorded_from: str | None = None
    recorded_to: str | None = None
    min_duration_s: float | None = None
    max_duration_s: float | None = None

    def __post_init__(self) -> None:
        for name in ("categories", "kinds", "languages", "retention"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(unicodedata.normalize("NFC", v) for v in value))

    @property
    def empty(self) -> bool:
        return self == SearchFilters()

    def to_json_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()
                if v not in ((), None)}

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> SearchFilters:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                  for k, v in data.items() if k in known}
        return cls(**values)


def _utc_bound(db: sqlite_utils.Database, text: str, end: bool) -> str:
    """A created_at bound: a local day's start (or the next day's start), or a UTC time."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            moment = datetime.combine(day, time(), zone(db))
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            if end:
                moment += timedelta(milliseconds=1)
    except ValueError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a date: {value}"),
                              value=text) from exc
    return iso_ms(moment)


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a date: {value}"),
                              value=text) from exc


def where_sql(db: sqlite_utils.Database, flt: SearchFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions over search_docs (alias d)."""
    parts: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: tuple[str, ...]) -> None:
        if values:
            parts.append(f"d.{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    any_of("category", flt.categories)
    any_of("kind", flt.kinds)
    any_of("language", flt.languages)
    any_of("retention", flt.retention)
    if flt.aired is not None:
        parts.append("d.aired = ?")
        params.append(1 if flt.aired else 0)
    if flt.created_from:
        parts.append("d.created_at >= ?")
        params.append(_utc_bound(db, flt.created_from, end=False))
    if flt.created_to:
        parts.append("d.created_at < ?")
        params.append(_utc_bound(db, flt.created_to, end=True))
    if flt.recorded_from:
        parts.append("d.recorded_on >= ?")
        params.append(_day(flt.recorded_from))
    if flt.recorded_to:
        parts.append("d.recorded_on <= ?")
        params.append(_day(flt.recorded_to))
    if flt.min_duration_s is not None:
        parts.append("d.duration_s >= ?")
        params.append(float(flt.min_duration_s))
    if flt.max_duration_s is not None:
        parts.append("d.duration_s <= ?")
        params.append(float(flt.max_duration_s))
    return parts, params
