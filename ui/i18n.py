"""UI language (Vietnamese by default, English available) and date/time formats.

Source strings are English; station_vi.qm carries the Vietnamese. Dates are dd/MM/yyyy and
times 24-hour in both languages, weeks start on Monday.
"""

from __future__ import annotations

import weakref
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from station import clock

if TYPE_CHECKING:
    from station.station import Station

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"
TRANSLATIONS = Path(__file__).with_name("translations")

_installed: list[QTranslator] = []
_zones: weakref.WeakKeyDictionary[Station, tzinfo] = weakref.WeakKeyDictionary()


def machine_settings() -> QSettings:
    """Per-workstation preferences (language, window geometry): not station data."""
    return QSettings("Station", "Station")


def saved_language() -> str:
    value = str(machine_settings().value("ui/language", DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    machine_settings().setValue("ui/language", lang)


def install(lang: str) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS / "station_vi.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
        # Qt's own dialogs and buttons: Qt ships no Vietnamese, so qt_vi.qm is ours
        for name, folder in (("qt_vi", str(TRANSLATIONS)),
                             ("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):
            qt = QTranslator(app)
            if qt.load(name, folder):
                app.installTranslator(qt)
                _installed.append(qt)
                break
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def format_date(date: QDate) -> str:
    return date.toString(DATE_FORMAT)


def format_moment(value: str | float | datetime | None, tz: tzinfo, *, seconds: bool = False,
                  with_time: bool = True) -> str:
    """An instant as the user reads it, in the station's zone ``tz`` (never the machine's):
    dd/MM/yyyy HH:mm (``seconds``: HH:mm:ss). ``value`` is a stored UTC ISO text, an aware
    datetime or seconds since the epoch; empty or unreadable text is shown as it is."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, int | float):
        when = datetime.fromtimestamp(value, UTC)
    else:
        try:
            when = clock.parse_utc(value)
        except ValueError:
            return value
    return clock.fmt_date_time(when, tz, seconds=seconds) if with_time else clock.fmt_date(when, tz)


def read_zone(st: Station) -> tzinfo:
    """Read the station's zone (on the thread that owns its connection: an Op) and keep it
    for :func:`zone_of`."""
    tz = clock.zone(st)
    _zones[st] = tz
    return tz


def zone_of(st: Station) -> tzinfo:
    """The station's zone as last read by :func:`read_zone` (at login and on every settings
    change), without touching the database: Vietnam's UTC+7 before the first read."""
    return _zones.get(st, clock.FALLBACK_ZONE)
