"""What the week view shows: the newest revision covering a week, its back-timing, its
checks, the approved revision it changes, and what a new week could be made from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo

from station.clock import zone
from station.rights import Right
from station.schedule.checks import CheckReport, check_loaded
from station.schedule.model import Schedule, headers
from station.schedule.periods import current
from station.schedule.templates import Template, list_templates
from station.schedule.timing import SessionTiming, time_schedule
from station.station import Station


@dataclass(frozen=True)
class WeekOverview:
    monday: date
    tz: tzinfo
    schedule: Schedule | None  # the newest revision covering the week, with its sessions
    timings: list[SessionTiming] = field(default_factory=list)  # one per session, in order
    report: CheckReport | None = None
    base: Schedule | None = None  # the approved revision a draft changes (header only)
    templates: list[Template] = field(default_factory=list)
    has_previous: bool = False  # a schedule covers the day before: "copy last week" works


def week_overview(st: Station, monday: date) -> WeekOverview:
    st.require(Right.LIBRARY_VIEW, "view schedule")
    tz = zone(st)
    found = None
    for n in range(7):  # a schedule need not start on this Monday
        found = current(st, monday + timedelta(days=n))
        if found is not None:
            break
    templates = list_templates(st)
    previous = current(st, monday - timedelta(days=1)) is not None
    if found is None:
        return WeekOverview(monday, tz, None, templates=templates, has_previous=previous)
    base = next(iter(headers(st, "WHERE id = ?", [found.base_id])), None) \
        if found.base_id else None
    return WeekOverview(monday, tz, found, time_schedule(st, found), check_loaded(st, found),
                        base, templates, previous)
