"""When media may go up: inside the station's upload hours (``sync.upload_hours``, local
clock windows such as "22:00-05:00"), and never while a published schedule session is on air
(an upload must not take the link a live relay needs). Metadata always flows."""

from __future__ import annotations

from datetime import UTC, datetime, time

from station import clock, settings
from station.changes import Changes
from station.errors import ValidationError
from station.rights import Right
from station.station import Station
from sync.errors import QT_TRANSLATE_NOOP, Problem


def _clock(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours) % 24, int(minutes or 0))


def parse_windows(windows: list[str]) -> list[tuple[time, time]]:
    """["22:00-05:00", ...] -> [(start, end)]; a window may run past midnight. Bad entries
    are skipped (the setting is free text in an older station)."""
    out = []
    for w in windows:
        start, sep, end = str(w).partition("-")
        try:
            if sep:
                out.append((_clock(start), _clock(end)))
        except ValueError:
            continue
    return out


def in_windows(windows: list[tuple[time, time]], at: time) -> bool:
    for start, end in windows:
        if start == end:
            return True  # "00:00-00:00": all day
        if start < end and start <= at < end:
            return True
        if start > end and (at >= start or at < end):
            return True
    return False


def live_session(st: Station, now: datetime) -> tuple[str, str] | None:
    """(title, ends_at) of a published schedule session on air at ``now``."""
    stamp = clock.utc_iso(now)
    row = st.db.execute(
        "SELECT s.title, s.ends_at FROM schedule_sessions s JOIN schedules h"
        " ON h.id = s.schedule_id WHERE h.status = 'published' AND s.starts_at <= ?"
        " AND s.ends_at > ? ORDER BY s.ends_at DESC LIMIT 1", [stamp, stamp]).fetchone()
    return (row[0], row[1]) if row else None


def media_hold(st: Station, now: datetime | None = None) -> Problem | None:
    """Why media uploads must wait now, or None when they may run."""
    now = now or datetime.now(UTC)
    zone = clock.zone(st)
    live = live_session(st, now)
    if live is not None:
        ends = clock.parse_utc(live[1]).astimezone(zone)
        return Problem(QT_TRANSLATE_NOOP("sync", "media uploads wait while the session "
                                         "\u201c{title}\u201d is on air (until {end}); "
                                         "changes still go up"),
                       title=live[0] or "", end=clock.fmt_time(ends, seconds=False))
    hours = settings.SYNC_UPLOAD_HOURS.get(st.db)
    windows = parse_windows(hours)
    if windows and not in_windows(windows, now.astimezone(zone).time()):
        return Problem(QT_TRANSLATE_NOOP("sync", "media uploads wait for the upload hours "
                                         "({hours}); changes still go up"),
                       hours=", ".join(hours))
    return None


def save_limits(st: Station, cap_kbps: int, hours: list[str]) -> Changes:
    """The Sync page's limits: a bandwidth cap (kbit/s each way, 0: none; it applies from
    the next run) and the hours media may go up ([]: any time)."""
    st.require(Right.SETTINGS_MANAGE, "sync limits")
    hours = [h.strip() for h in hours if h.strip()]
    bad = [h for h in hours if not parse_windows([h])]
    if cap_kbps < 0 or bad:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "upload hours are written like "
                                                "22:00-05:00, separated by commas; this is "
                                                "not: {text}"), text=", ".join(bad))
    with st.db.atomic():
        settings.SYNC_BANDWIDTH_CAP_KBPS.set(st.db, int(cap_kbps))
        settings.SYNC_UPLOAD_HOURS.set(st.db, hours)
        st.audit("settings.sync_limits", "setting", "sync",
                 {"bandwidth_cap_kbps": int(cap_kbps), "upload_hours": hours})
    return Changes(settings=True, audit=True)
