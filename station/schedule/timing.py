"""Back-timing: when every slot starts, and whether each session over- or under-runs.

A slot lasts its planned length when it has one (a live window, a capped slot), else its
item's duration. A text bulletin has no duration until it is spoken: it is estimated from
its text and flagged; a relay not yet downloaded or a deleted item has none (flagged, and
the times after it are uncertain).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from station.clock import fmt_time, local_iso
from station.rights import Right
from station.schedule.model import Media, Schedule, Session, Slot, load, media
from station.station import Station

RUN_TOLERANCE_S = 1.0  # rounding of durations: closer than this to the end is on time

# Flags on a slot's timing
NOT_SPOKEN = "not_spoken"  # a text bulletin: estimated from its text
NO_DURATION = "no_duration"  # nothing to time it by (relay not downloaded, unknown length)
MISSING_ITEM = "missing_item"  # the item was deleted


@dataclass(frozen=True)
class SlotTiming:
    key: str
    title: str
    kind: str
    priority: str
    starts_at: datetime
    duration_s: float | None  # None: unknown (counted as 0 for the slots after it)
    estimated: bool
    flags: tuple[str, ...]

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(seconds=self.duration_s or 0)

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "kind": self.kind,
                "priority": self.priority, "starts_at": local_iso(self.starts_at, tz),
                "start": fmt_time(self.starts_at, tz), "duration_s": self.duration_s,
                "estimated": self.estimated, "flags": list(self.flags)}


@dataclass(frozen=True)
class SessionTiming:
    key: str
    title: str
    starts_at: datetime
    ends_at: datetime  # as planned
    slots: tuple[SlotTiming, ...]
    total_s: float  # what the slots add up to (unknown ones as 0)
    uncertain: bool  # some duration is estimated or unknown

    @property
    def length_s(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds()

    @property
    def over_s(self) -> float:
        """Positive: over-runs by that much; negative: under-runs (dead air at the end)."""
        return self.total_s - self.length_s

    @property
    def status(self) -> str:
        if self.over_s > RUN_TOLERANCE_S:
            return "over"
        if self.over_s < -RUN_TOLERANCE_S:
            return "under"
        return "exact"

    def to_json_dict(self, tz: tzinfo) -> dict[str, Any]:
        return {"key": self.key, "title": self.title,
                "starts_at": local_iso(self.starts_at, tz), "ends_at": local_iso(self.ends_at, tz),
                "length_s": self.length_s, "total_s": self.total_s, "over_s": self.over_s,
                "status": self.status, "uncertain": self.uncertain,
                "slots": [s.to_json_dict(tz) for s in self.slots]}


def slot_duration(slot: Slot, m: Media | None) -> tuple[float | None, bool, tuple[str, ...]]:
    """(seconds or None, estimated, flags) of one slot."""
    flags: list[str] = []
    if slot.kind in ("item", "bulletin") and m is None:  # deleted, or never copied in
        flags.append(MISSING_ITEM)
    if slot.planned_s is not None:
        return slot.planned_s, False, tuple(flags)
    if m is not None and m.duration_s is not None:
        return m.duration_s, False, tuple(flags)
    if m is not None and m.is_text:
        return m.spoken_estimate_s, True, (*flags, NOT_SPOKEN)
    return None, False, (*flags, NO_DURATION)


def time_session(session: Session, facts: dict[str, Media]) -> SessionTiming:
    at = session.starts_at
    out = []
    uncertain = False
    for slot in session.slots:
        duration, estimated, flags = slot_duration(slot, facts.get(slot.item_id or ""))
        uncertain = uncertain or estimated or duration is None
        out.append(SlotTiming(slot.key, slot.title, slot.kind, slot.priority, at, duration,
                              estimated, flags))
        at += timedelta(seconds=duration or 0)
    total = (at - session.starts_at).total_seconds()
    return SessionTiming(session.key, session.title, session.starts_at, session.ends_at,
                         tuple(out), total, uncertain)


def time_schedule(st: Station, sched: Schedule) -> list[SessionTiming]:
    """Back-time a loaded schedule (no rights check: for the other schedule modules)."""
    facts = media(st, (s.item_id for x in sched.sessions for s in x.slots))
    return [time_session(x, facts) for x in sched.sessions]


def back_time(st: Station, schedule_id: str) -> list[SessionTiming]:
    """Every session of the revision with the start of each slot and its over/under-run."""
    st.require(Right.LIBRARY_VIEW, "view schedule")
    return time_schedule(st, load(st, schedule_id))
