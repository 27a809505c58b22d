"""Time and text as the schedule needs them: the station's zone (zoneinfo, never the
machine's), UTC storage, local display (dd/MM/yyyy, 24-hour), clock times and days as typed.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from station import settings
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.station import Station

_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?\s*$")
_FALLBACK_ZONE = timezone(timedelta(hours=7), "ICT")  # Vietnam: UTC+7 all year, no DST


def zone(st: Station) -> tzinfo:
    """The station's time zone (Asia/Ho_Chi_Minh unless set otherwise)."""
    name = settings.TIMEZONE.get(st.db)
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no tz database (a bare Windows without tzdata): UTC+7 all year
        return _FALLBACK_ZONE


def utc_iso(when: datetime) -> str:
    """How the schedule stores an instant: UTC, seconds, sortable as text."""
    if when.tzinfo is None:
        raise ValueError("naive datetime")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def local_iso(when: datetime, tz: tzinfo) -> str:
    """ISO 8601 with the station's offset, e.g. 2026-11-23T05:30:00+07:00 (the package)."""
    return when.astimezone(tz).isoformat(timespec="seconds")


def fmt_date(day: date | datetime, tz: tzinfo | None = None) -> str:
    """dd/MM/yyyy; a datetime is shown in ``tz``."""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date() if tz else day.date()
    return day.strftime("%d/%m/%Y")


def fmt_time(when: datetime, tz: tzinfo) -> str:
    """24-hour HH:MM (with seconds only when they are not zero)."""
    local = when.astimezone(tz)
    return local.strftime("%H:%M:%S" if local.second else "%H:%M")


def fmt_moment(text: str | None, tz: tzinfo) -> str:
    """A stored UTC timestamp as the user reads it: HH:MM dd/MM/yyyy in the station's zone."""
    if not text:
        return ""
    return parse_utc(text).astimezone(tz).strftime("%H:%M %d/%m/%Y")


def fmt_duration(seconds: float | None) -> str:
    """m:ss or h:mm:ss; '?' when unknown."""
    if seconds is None:
        return "?"
    total = round(seconds)
    sign = "-" if total < 0 else ""
    h, rest = divmod(abs(total), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m}:{s:02d}"


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


def local_dt(day: date, clock: time, tz: tzinfo) -> datetime:
    """The instant at wall-clock ``clock`` on ``day`` in ``tz`` (aware)."""
    return datetime.combine(day, clock).replace(tzinfo=tz)


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def fold(text: str) -> str:
    """Equality of names as a user sees them (NFC, case)."""
    return unicodedata.normalize("NFC", text).strip().casefold()
