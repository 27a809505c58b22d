"""On air's words and times from a snapshot as the service sends it: what plays during an
alarm (the filler, or silence when none is set), next-day items with their date, and the
countdowns to the next item and the next session."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from station import settings
from station.clock import zone
from station.playout.runner import Alarm, Snapshot
from station.station import Station
from tests.support.playout import tone_item
from ui.pages.onair import OnAirPage


def _page(qtbot: Any, station: Station) -> OnAirPage:
    page = OnAirPage(station)
    qtbot.addWidget(page)
    page.show()
    page.shown()
    qtbot.waitUntil(lambda: page._tz is not None and page._filler is not None, timeout=5000)
    return page


def _snapshot(now: datetime, *, title: str = "", kind: str = "", events: Any = (),
              next_session: datetime | None = None) -> Snapshot:
    return Snapshot(True, "studio", title, kind, 0.0, None, (-60.0, -60.0), (-60.0, -60.0),
                    False, "", list(events), [Alarm("dead_air", "", now - timedelta(seconds=3))],
                    next_session=next_session)


def test_the_alarm_says_what_really_plays(qtbot: Any, station: Station) -> None:
    page = _page(qtbot, station)  # no filler is set in a new station
    now = datetime.now(UTC)
    page.show_snapshot(_snapshot(now))
    text = page.alarm.text()
    assert page.alarm.isVisible() and "Dead air" in text
    assert "no filler is set: silence on air" in text and "the filler plays" not in text

    filler = tone_item(station, "Nhạc nền", 880.0, 1.0)
    settings.PLAYOUT_FILLER_ITEM.set(station.db, filler.id)
    page.shown()
    qtbot.waitUntil(lambda: page._filler == "Nhạc nền", timeout=5000)
    page.show_snapshot(_snapshot(now, title="Nhạc nền", kind="filler"))
    assert "(the filler “Nhạc nền” plays)" in page.alarm.text()
    page.show_snapshot(_snapshot(now))  # set, but not playing: said as it is
    assert "(silence on air)" in page.alarm.text() and "filler" not in page.alarm.text()


def test_next_day_items_carry_their_date_and_the_countdowns_run(qtbot: Any,
                                                                station: Station) -> None:
    page = _page(qtbot, station)
    tz = zone(station)
    now = datetime.now(UTC)
    local = now.astimezone(tz)
    tomorrow = (local + timedelta(days=1)).replace(hour=5, minute=30, second=0, microsecond=0)
    soon = now + timedelta(seconds=65.5)
    page.show_snapshot(_snapshot(now, title="Bản tin", kind="scheduled",
                                 events=[(soon, "Dân ca", 60.0, ""),
                                         (tomorrow, "Thời sự sáng", 900.0, "")],
                                 next_session=tomorrow))
    lines = [page.next_list.item(i).text() for i in range(page.next_list.count())]
    assert lines[0].startswith(soon.astimezone(tz).strftime("%H:%M:%S") + "  Dân ca")
    assert lines[1].startswith(f"05:30 {tomorrow:%d/%m}  Thời sự sáng")  # not a bare 05:30:00
    page._tick_clock()
    first = page.countdown.text()
    assert first.startswith("Next item in 0:01:0") and "Dân ca" in first
    assert "next session in " in first and f"(05:30 {tomorrow:%d/%m})" in first
    qtbot.waitUntil(lambda: page.countdown.text() != first, timeout=2500)  # it counts down
    assert page.countdown.text().startswith("Next item in 0:01:0")
