"""UI language (Vietnamese by default, English available) and date/time formats.

Source strings are English; station_vi.qm carries the Vietnamese. Dates are dd/MM/yyyy and
times 24-hour in both languages, weeks start on Monday.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"
TRANSLATIONS = Path(__file__).with_name("translations")

_installed: list[QTranslator] = []


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
        qt = QTranslator(app)  # Qt's own dialogs and buttons
        if qt.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def format_date(date: QDate) -> str:
    return date.toString(DATE_FORMAT)


def format_iso(text: str, with_time: bool = True) -> str:
    """A stored UTC ISO time shown in local time as dd/MM/yyyy HH:mm."""
    dt = QDateTime.fromString(text.replace("Z", ""), "yyyy-MM-ddTHH:mm:ss.zzz")
    if not dt.isValid():
        dt = QDateTime.fromString(text[:19], "yyyy-MM-ddTHH:mm:ss")
    if not dt.isValid():
        return text
    dt.setTimeZone(dt.timeZone().utc())
    local = dt.toLocalTime()
    return local.toString(DATETIME_FORMAT if with_time else DATE_FORMAT)
