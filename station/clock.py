"""The station's clock: its time zone (zoneinfo, never the machine's), UTC storage, local
display (dd/MM/yyyy, 24-hour), clock times and days as typed, and durations as shown.

It sits at the bottom of the import graph: it needs only settings and errors, so every
module may use it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol

import sqlite_utils

from station import settings
from station.errors import QT_TRANSLATE_NOOP, ValidationError


class _HasDatabase(Protocol):
    """An open station, as far as the clock needs one (no import of station.station: the clock
    sits below it)."""

    @property
    def db(self) -> sqlite_utils.Database: ...

_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?\s*$")
FALLBACK_ZONE = timezone(timedelta(hours=7), "ICT")  # Vietnam: UTC+7 all year, no DST


# -- the core's timestamps --------------------------------------------------------------------

def iso_ms(when: datetime) -> str:
    """An instant as the core stores it: UTC ISO 8601 with milliseconds, sortable as text
    (a naive datetime is taken as UTC)."""
    when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def now_iso() -> str:
    """Now as the core stores it (:func:`iso_ms`)."""
    return iso_ms(datetime.now(UTC))


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_iso(when: datetime) -> str:
    """How the schedule stores an instant: UTC, seconds, sortable as text."""
    if when.tzinfo is None:
        raise ValueError("naive datetime")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    """A stored timestamp as an aware datetime (a naive one is taken as UTC)."""
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# -- the station's zone -----------------------------------------------------------------------

def zone_named(name: str) -> tzinfo:
    """The zone called ``name``, or UTC+7 where there is no tz database (a bare Windows
    without tzdata) or the name is unknown."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:
        return FALLBACK_ZONE


def zone(st: _HasDatabase | sqlite_utils.Database) -> tzinfo:
    """The station's time zone (Asia/Ho_Chi_Minh unless set otherwise); takes a station or
    its database."""
    db = st if isinstance(st, sqlite_utils.Database) else st.db
    return zone_named(settings.TIMEZONE.get(db))


def local_iso(when: datetime, tz: tzinfo) -> str:
    """ISO 8601 with the station's offset, e.g. 2026-11-23T05:30:00+07:00 (the package)."""
    return when.astimezone(tz).isoformat(timespec="seconds")


def local_dt(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant at wall-clock ``clock`` on ``day`` in ``tz`` (aware)."""
    return datetime.combine(day, clock).replace(tzinfo=tz)


# -- showing times ------------------------------------------------------------------------------
# One order per kind of text: a day is dd/MM/yyyy; an event of the past (a log line, a backup,
# a take) is "dd/MM/yyyy HH:MM" (fmt_date_time); a slot of the schedule is "HH:MM dd/MM/yyyy"
# (fmt_moment, fmt_time_date: the hour is what a planner looks for); a period is
# "dd/MM/yyyy – dd/MM/yyyy" (fmt_period: an en dash with a space each side).

PERIOD_DASH = " – "  # the one dash between two days, spaced so each date stays whole


def _local(when: datetime, tz: tzinfo | None) -> datetime:
    """``when`` in ``tz``; without a zone, as it is (naive or aware)."""
    return when.astimezone(tz) if tz else when


def fmt_date(day: date | datetime, tz: tzinfo | None = None) -> str:
    """dd/MM/yyyy; a datetime is shown in ``tz``."""
    if isinstance(day, datetime):
        day = _local(day, tz).date()
    return day.strftime("%d/%m/%Y")


def fmt_day_month(day: date | datetime, tz: tzinfo | None = None) -> str:
    """dd/MM, for a label where the year goes without saying (a week's column, today's list)."""
    if isinstance(day, datetime):
        day = _local(day, tz).date()
    return day.strftime("%d/%m")


def fmt_time(when: datetime | time, tz: tzinfo | None = None, *,
             seconds: bool | None = None) -> str:
    """24-hour HH:MM; ``seconds`` True always adds :SS, None (the default) only when they are
    not zero. A datetime is shown in ``tz``; a clock time as it is."""
    local = _local(when, tz) if isinstance(when, datetime) else when
    show = bool(local.second) if seconds is None else seconds
    return local.strftime("%H:%M:%S" if show else "%H:%M")


def fmt_date_time(when: datetime, tz: tzinfo | None = None, *, seconds: bool = False) -> str:
    """dd/MM/yyyy HH:MM (``seconds``: HH:MM:SS), in ``tz``: when something happened."""
    local = _local(when, tz)
    return f"{fmt_date(local)} {fmt_time(local, seconds=seconds)}"


def fmt_time_date(when: datetime, tz: tzinfo | None = None) -> str:
    """HH:MM dd/MM/yyyy, in ``tz``: when a slot of the schedule airs."""
    local = _local(when, tz)
    return f"{fmt_time(local, seconds=False)} {fmt_date(local)}"


def fmt_moment(text: str | None, tz: tzinfo) -> str:
    """A stored UTC timestamp as the user reads it: HH:MM dd/MM/yyyy in the station's zone."""
    if not text:
        return ""
    return fmt_time_date(parse_utc(text), tz)


def fmt_period(first: date | datetime, last: date | datetime) -> str:
    """dd/MM/yyyy – dd/MM/yyyy: the days from ``first`` to ``last``, both included."""
    return f"{fmt_date(first)}{PERIOD_DASH}{fmt_date(last)}"


def fmt_duration(seconds: float | None, *, decimals: int = 0, point: str = ".",
                 hours: bool = False, truncate: bool = False, unknown: str = "?") -> str:
    """m:ss, or h:mm:ss past an hour (always with ``hours``); ``decimals`` adds that many
    digits of the second after ``point`` (1 for back-timing, 3 for the editor; the UI passes
    the locale's decimal sign); ``truncate`` drops the fraction instead of rounding (a running
    clock never shows a second that has not passed); ``unknown`` stands for None."""
    if seconds is None:
        return unknown
    scale = 10**decimals
    total = int(seconds * scale) if truncate else round(seconds * scale)
    sign = "-" if total < 0 else ""
    whole, frac = divmod(abs(total), scale)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    text = f"{sign}{h}:{m:02d}:{s:02d}" if h or hours else f"{sign}{m}:{s:02d}"
    return f"{text}{point}{frac:0{decimals}d}" if decimals else text


# -- reading what the user typed ----------------------------------------------------------------

def parse_clock(text: str | time) -> time:
    """'05:30', '5:30', '5h30', '17h', '05:30:15' -> a clock time (24-hour)."""
    if isinstance(text, time):
        return text.replace(tzinfo=None)
    m = _CLOCK.match(str(text))
    if m:
        h, mi, s = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if h < 24 and mi < 60 and s < 60:
            return time(h, mi, s)
    raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a time of day (24-hour HH:MM): {value}"),
                          value=str(text))


_LENGTH = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_duration(value: object) -> float | None:
    """A length as people write it: seconds (90, 3.5, 3,5), m:ss (75:00 is 75 minutes) or
    h:mm:ss (1:02:03.5); None for nothing. ValueError for anything else, a negative or an endless length."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip()
        m = _LENGTH.match(text)
        if m:
            sec = float(m[3].replace(",", "."))
            if sec >= 60 or (m[1] and int(m[2]) >= 60):
                raise ValueError(value)
            seconds = int(m[1] or 0) * 3600 + int(m[2]) * 60 + sec
        else:
            seconds = float(text.replace(",", "."))
    if not 0 <= seconds < float("inf"):
        raise ValueError(value)
    return seconds


def parse_day(value: str | date) -> date:
    """A day from yyyy-mm-dd, dd/MM/yyyy or a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValidationError(QT_TRANSLATE_NOOP("errors", "a date must be a real day (dd/MM/yyyy): "
                                                      "{value}"), value=text)
