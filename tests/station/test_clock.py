"""The one clock's display helpers: dates, times, periods and durations as the user reads them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from station import clock

ICT = timezone(timedelta(hours=7), "ICT")


def test_fmt_period_has_one_spaced_dash() -> None:
    assert clock.fmt_period(date(2026, 12, 7), date(2026, 12, 13)) == "07/12/2026 – 13/12/2026"
    assert clock.fmt_period(date(2031, 3, 3), date(2031, 3, 3)) == "03/03/2031 – 03/03/2031"


def test_fmt_date_and_day_month() -> None:
    evening = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)  # already the 8th in Vietnam
    assert clock.fmt_date(date(2026, 1, 2)) == "02/01/2026"
    assert clock.fmt_date(evening, ICT) == "08/12/2026"
    assert clock.fmt_day_month(date(2026, 1, 2)) == "02/01"
    assert clock.fmt_day_month(evening, ICT) == "08/12"


def test_fmt_time_seconds_only_when_asked_or_not_zero() -> None:
    on_the_minute = datetime(2026, 12, 7, 22, 5, tzinfo=UTC)
    assert clock.fmt_time(on_the_minute, ICT) == "05:05"
    assert clock.fmt_time(on_the_minute, ICT, seconds=True) == "05:05:00"
    assert clock.fmt_time(on_the_minute.replace(second=9), ICT) == "05:05:09"
    assert clock.fmt_time(on_the_minute.replace(second=9), ICT, seconds=False) == "05:05"
    assert clock.fmt_time(time(17, 45)) == "17:45"


def test_date_time_orders() -> None:
    when = datetime(2026, 12, 7, 8, 15, 42, tzinfo=UTC)
    assert clock.fmt_date_time(when, ICT) == "07/12/2026 15:15"
    assert clock.fmt_date_time(when, ICT, seconds=True) == "07/12/2026 15:15:42"
    assert clock.fmt_date_time(datetime(2026, 11, 22, 17, 5)) == "22/11/2026 17:05"  # as it is
    assert clock.fmt_time_date(when, ICT) == "15:15 07/12/2026"
    assert clock.fmt_moment("2026-12-07T22:30:00Z", ICT) == "05:30 08/12/2026"
    assert clock.fmt_moment(None, ICT) == ""


@pytest.mark.parametrize(("seconds", "kwargs", "text"), [
    (59.6, {}, "1:00"),
    (3725, {}, "1:02:05"),
    (65, {"hours": True}, "0:01:05"),
    (-12.34, {"decimals": 1}, "-0:12.3"),
    (1.25, {"decimals": 3, "point": ","}, "0:01,250"),
    (3601.5, {"decimals": 3}, "1:00:01.500"),
    (9.99, {"truncate": True}, "0:09"),
    (9.99, {"decimals": 1, "truncate": True}, "0:09.9"),
    (None, {"unknown": "-"}, "-"),
])
def test_fmt_duration(seconds: float | None, kwargs: dict, text: str) -> None:
    assert clock.fmt_duration(seconds, **kwargs) == text


@pytest.mark.parametrize(("value", "seconds"), [
    (None, None), ("", None), (90, 90.0), (3.5, 3.5), ("3,5", 3.5), (" 5:00 ", 300.0),
    ("1:02:03.5", 3723.5), ("0:07,25", 7.25), ("125", 125.0)])
def test_parse_duration_reads_lengths_as_people_write_them(value: object,
                                                           seconds: float | None) -> None:
    assert clock.parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["ba phút", "-3", "1:2:3:4", "5:75", "inf", True, "nan"])
def test_parse_duration_refuses_what_is_not_a_length(value: object) -> None:
    with pytest.raises(ValueError):
        clock.parse_duration(value)
