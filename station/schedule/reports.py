"""Reports: hours produced and aired per week or month by category and language, missed
slots, and how long the chief took to decide on the schedules of those days. Each part can
be written as CSV (dates as dd/MM/yyyy; for a spreadsheet, write it with 'utf-8-sig')."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from media.files import write_atomic
from station.clock import fmt_date, fmt_time, iso_ms, local_dt, parse_day, parse_iso, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.playout.asrun import compare_asrun
from station.rights import Right
from station.schedule.model import headers
from station.station import Station

BY = ("week", "month")


@dataclass(frozen=True)
class HoursRow:
    period_start: date
    category: str
    language: str
    produced_h: float
    aired_h: float


@dataclass(frozen=True)
class MissedRow:
    when: datetime
    schedule_id: str
    revision: int
    title: str


@dataclass(frozen=True)
class TurnaroundRow:
    schedule_id: str
    period_start: date
    submitted_at: datetime
    submitted_by: str
    decided_at: datetime
    decided_by: str
    decision: str

    @property
    def hours(self) -> float:
        return (self.decided_at - self.submitted_at).total_seconds() / 3600


@dataclass(frozen=True)
class Report:
    start: date
    end: date  # inclusive
    by: str
    timezone: tzinfo
    hours: tuple[HoursRow, ...]
    missed: tuple[MissedRow, ...]
    turnaround: tuple[TurnaroundRow, ...]

    @property
    def mean_turnaround_h(self) -> float | None:
        if not self.turnaround:
            return None
        return sum(r.hours for r in self.turnaround) / len(self.turnaround)

    def to_json_dict(self) -> dict[str, Any]:
        tz = self.timezone
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "by": self.by,
                "hours": [{"period_start": r.period_start.isoformat(), "category": r.category,
                           "language": r.language, "produced_h": r.produced_h,
                           "aired_h": r.aired_h} for r in self.hours],
                "missed": [{"when": r.when.astimezone(tz).isoformat(timespec="seconds"),
                            "schedule_id": r.schedule_id, "revision": r.revision,
                            "title": r.title} for r in self.missed],
                "turnaround": [{"schedule_id": r.schedule_id,
                                "period_start": r.period_start.isoformat(),
                                "submitted_at": r.submitted_at.isoformat(),
                                "submitted_by": r.submitted_by,
                                "decided_at": r.decided_at.isoformat(),
                                "decided_by": r.decided_by, "decision": r.decision,
                                "hours": round(r.hours, 2)} for r in self.turnaround],
                "mean_turnaround_h": self.mean_turnaround_h}

    def save_csv(self, path: Path, part: str = "hours") -> Path:
        """Write one part as a CSV file, whole or not at all; with a BOM (utf-8-sig) so that
        a spreadsheet reads the Vietnamese right."""
        write_atomic(path, self.to_csv(part).encode("utf-8-sig"))
        return path

    def to_csv(self, part: str = "hours") -> str:
        """One part ('hours', 'missed' or 'turnaround') as CSV text."""
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        tz = self.timezone
        if part == "hours":
            w.writerow(["period_start", "category", "language", "produced_hours", "aired_hours"])
            for r in self.hours:
                w.writerow([fmt_date(r.period_start), r.category, r.language,
                            f"{r.produced_h:.2f}", f"{r.aired_h:.2f}"])
        elif part == "missed":
            w.writerow(["date", "time", "title", "schedule_id", "revision"])
            for m in self.missed:
                w.writerow([fmt_date(m.when, tz), fmt_time(m.when, tz), m.title, m.schedule_id,
                            m.revision])
        elif part == "turnaround":
            w.writerow(["period_start", "submitted", "submitted_by", "decided", "decided_by",
                        "decision", "hours"])
            for t in self.turnaround:
                w.writerow([fmt_date(t.period_start),
                            f"{fmt_date(t.submitted_at, tz)} {fmt_time(t.submitted_at, tz)}",
                            t.submitted_by,
                            f"{fmt_date(t.decided_at, tz)} {fmt_time(t.decided_at, tz)}",
                            t.decided_by, t.decision, f"{t.hours:.2f}"])
        else:
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown report part: {part}"),
                                  part=part)
        return out.getvalue()


def _bucket(day: date, by: str) -> date:
    return day - timedelta(days=day.weekday()) if by == "week" else day.replace(day=1)


def report(st: Station, start: str | date, end: str | date, *, by: str = "week",
           now: datetime | None = None) -> Report:
    """The report for the days ``start`` to ``end`` (inclusive, station time)."""
    st.require(Right.LIBRARY_VIEW, "schedule report")
    if by not in BY:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a report is by week or by month"))
    first, last = parse_day(start), parse_day(end)
    if last < first:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the report ends before it starts"))
    tz = zone(st)
    begin = local_dt(first, datetime.min.time(), tz)
    stop = local_dt(last + timedelta(days=1), datetime.min.time(), tz)
    return Report(first, last, by, tz, tuple(_hours(st, begin, stop, by, tz)),
                  tuple(_missed(st, first, last, begin, stop, now)),
                  tuple(_turnaround(st, first, last)))


def _hours(st: Station, begin: datetime, stop: datetime, by: str, tz: tzinfo) -> list[HoursRow]:
    produced: dict[tuple[date, str, str], float] = defaultdict(float)
    aired: dict[tuple[date, str, str], float] = defaultdict(float)
    for created, category, language, seconds in st.db.execute(
            "SELECT created_at, category, language, duration_s FROM items"
            " WHERE created_at >= ? AND created_at < ? AND duration_s IS NOT NULL",
            [iso_ms(begin), iso_ms(stop)]):
        day = parse_iso(created).astimezone(tz).date()
        produced[(_bucket(day, by), category, language)] += seconds
    for at, seconds, category, language in st.db.execute(
            "SELECT a.aired_at, coalesce(a.duration_s, i.duration_s, 0), coalesce(i.category, ''),"
            " coalesce(i.language, '') FROM asrun a LEFT JOIN items i ON i.id = a.item_id"
            " WHERE a.aired_at >= ? AND a.aired_at < ?", [iso_ms(begin), iso_ms(stop)]):
        day = parse_iso(at).astimezone(tz).date()
        aired[(_bucket(day, by), category, language)] += seconds
    return [HoursRow(k[0], k[1], k[2], produced.get(k, 0) / 3600, aired.get(k, 0) / 3600)
            for k in sorted(set(produced) | set(aired))]


def _missed(st: Station, first: date, last: date, begin: datetime, stop: datetime,
            now: datetime | None) -> list[MissedRow]:
    out = []
    for h in headers(st, "WHERE status IN ('approved', 'published') AND period_start <= ?",
                     [last.isoformat()], limit=1000):
        if h.period_end < first:
            continue
        comparison = compare_asrun(st, h.id, now=now or datetime.now(UTC))
        out += [MissedRow(p.planned_at, h.id, h.revision, p.title) for p in comparison.missed
                if begin <= p.planned_at < stop]
    return sorted(out, key=lambda m: m.when)


def _turnaround(st: Station, first: date, last: date) -> list[TurnaroundRow]:
    """Decisions on the schedules whose period touches the report's days."""
    return [TurnaroundRow(r[0], date.fromisoformat(r[1]), parse_iso(r[2]), r[3], parse_iso(r[4]),
                          r[5], r[6]) for r in st.db.execute(
        "SELECT r.schedule_id, s.period_start, r.submitted_at, r.submitted_by, r.decided_at,"
        " r.decided_by, r.decision FROM schedule_reviews r JOIN schedules s"
        " ON s.id = r.schedule_id WHERE r.decision IN ('approved', 'rejected')"
        " AND s.period_start <= ? AND date(s.period_start, '+' || s.period_days || ' days') > ?"
        " ORDER BY r.decided_at", [last.isoformat(), first.isoformat()]).fetchall()]
