"""The schedule reports dialog speaks the user's language: language names instead of codes,
numbers in the UI's format, and a chart axis with round steps (never "0.0")."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from station.schedule.reports import HoursRow, Report
from station.station import Station
from ui import i18n
from ui.schedule.reports import ReportsDialog


def _report(produced: float, aired: float) -> Report:
    return Report(start=date(2026, 12, 1), end=date(2026, 12, 7), by="week",
                  timezone=ZoneInfo("Asia/Ho_Chi_Minh"),
                  hours=(HoursRow(date(2026, 11, 30), "Tin tức", "vi", produced, aired),),
                  missed=(), turnaround=())


def test_hours_name_the_language_and_the_axis_has_round_steps(qtbot: Any,
                                                                station: Station) -> None:
    i18n.install("en")
    dialog = ReportsDialog(station)
    qtbot.addWidget(dialog)
    dialog._loaded(_report(0.04, 0.02))
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[1:] == ["Tin tức", "Vietnamese", "0.04", "0.02"]
    labels = [text for _v, text in dialog.chart.ticks()]
    assert labels == ["0", "0.01", "0.02", "0.03", "0.04"]
    dialog._loaded(_report(7.5, 3.0))
    assert [text for _v, text in dialog.chart.ticks()] == ["0", "2", "4", "6", "8"]


def test_numbers_use_the_vietnamese_decimal_comma(qtbot: Any, station: Station) -> None:
    i18n.install("vi")
    try:
        dialog = ReportsDialog(station)
        qtbot.addWidget(dialog)
        dialog._loaded(_report(1.5, 0.25))
        assert dialog.table.item(0, 3).text() == "1,50"
        assert "0,5" in [text for _v, text in dialog.chart.ticks()]
        assert dialog.table.item(0, 2).text() != "vi"
        pixels = dialog.chart.grab().toImage()
        assert pixels.width() > 0
    finally:
        i18n.install("en")
