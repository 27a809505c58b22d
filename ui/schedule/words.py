"""The schedule's words in the UI language: states, priorities, kinds, timing flags, problems
and run status. Times are shown in the station's zone, 24-hour; dates dd/MM/yyyy."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication

from station.clock import fmt_duration, fmt_period, fmt_time
from station.schedule.model import Problem, Schedule, Slot
from station.schedule.timing import SessionTiming
from ui import i18n, words

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#8a5a00"
GOOD_COLOUR = "#1a7f37"
PRIORITY_COLOUR = "#6a1b9a"


def status_name(status: str) -> str:
    names = {"draft": QCoreApplication.translate("ScheduleWords", "Draft"),
             "submitted": QCoreApplication.translate("ScheduleWords", "Waiting for approval"),
             "approved": QCoreApplication.translate("ScheduleWords", "Approved"),
             "rejected": QCoreApplication.translate("ScheduleWords", "Rejected"),
             "published": QCoreApplication.translate("ScheduleWords", "Published"),
             "superseded": QCoreApplication.translate("ScheduleWords", "Superseded")}
    return names.get(status, status)


def priority_name(priority: str) -> str:
    names = {"normal": QCoreApplication.translate("ScheduleWords", "Normal"),
             "priority": QCoreApplication.translate("ScheduleWords", "Priority"),
             "emergency": QCoreApplication.translate("ScheduleWords", "Emergency")}
    return names.get(priority, priority)


def kind_name(kind: str) -> str:
    return words.kind_name(kind)  # one naming of kinds for the whole UI (ui/words.py)


def source_text(slot: Slot) -> str:
    """Where a relay or live slot's sound comes from (its feed and rule, or its address)."""
    if slot.kind == "relay":
        rule = slot.relay_rule or QCoreApplication.translate("ScheduleWords", "newest")
        return QCoreApplication.translate("ScheduleWords", "Relay: %1 · episode: %2").replace(
            "%1", slot.relay_ref or "").replace("%2", rule)
    if slot.kind == "live" and slot.stream_url:
        return QCoreApplication.translate("ScheduleWords", "Live: %1").replace(
            "%1", slot.stream_url)
    return ""


def flag_name(flag: str) -> str:
    names = {"not_spoken": QCoreApplication.translate("ScheduleWords", "estimated from its text"),
             "no_duration": QCoreApplication.translate("ScheduleWords", "length unknown"),
             "missing_item": QCoreApplication.translate("ScheduleWords", "item deleted")}
    return names.get(flag, flag)


def severity_name(severity: str) -> str:
    if severity == "error":
        return QCoreApplication.translate("ScheduleWords", "Error")
    return QCoreApplication.translate("ScheduleWords", "Warning")


def problem_text(problem: Problem) -> str:
    """A check's finding in the UI language (templates are in context "schedule")."""
    text = QCoreApplication.translate("schedule", problem.template)
    try:
        text = text.format(**problem.params)
    except (KeyError, IndexError, ValueError):
        text = problem.message
    return text[:1].upper() + text[1:]


def run_text(timing: SessionTiming) -> tuple[str, str]:
    """(words, colour) of a session's over- or under-run."""
    if timing.status == "over":
        text = QCoreApplication.translate("ScheduleWords", "Over-runs by %1").replace(
            "%1", fmt_duration(timing.over_s))
        colour = ERROR_COLOUR
    elif timing.status == "under":
        text = QCoreApplication.translate("ScheduleWords", "Under-runs: %1 left").replace(
            "%1", fmt_duration(-timing.over_s))
        colour = WARNING_COLOUR
    else:
        text = QCoreApplication.translate("ScheduleWords", "On time")
        colour = GOOD_COLOUR
    if timing.uncertain:
        text += " " + QCoreApplication.translate("ScheduleWords", "(estimated)")
    return text, colour


def clock(when: datetime, tz: tzinfo, seconds: bool = False) -> str:
    return fmt_time(when, tz, seconds=seconds)


def moment(text: str | None, tz: tzinfo) -> str:
    """A stored UTC time as dd/MM/yyyy HH:mm in the station's zone."""
    return i18n.format_moment(text, tz)  # the one formatter of instants (ui/i18n.py)


def period(s: Schedule) -> str:
    """The days a schedule covers, dd/MM/yyyy – dd/MM/yyyy."""
    return fmt_period(s.period_start, s.period_end)
