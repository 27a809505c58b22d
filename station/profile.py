"""The station's own name and time zone: read by anyone, changed by an admin (checked and
audited here). The clock (station.clock.zone) reads the zone at each use, so a change shows
at once in every view; instants already stored in UTC keep their moment."""

from __future__ import annotations

from dataclasses import dataclass

from station import settings
from station.changes import Changes
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.rights import Right
from station.station import Station
from station.text import nfc

DEFAULT_ZONE = settings.TIMEZONE.default  # Asia/Ho_Chi_Minh
MAX_NAME = 120


@dataclass(frozen=True)
class StationProfile:
    name: str
    time_zone: str  # an IANA name, e.g. Asia/Ho_Chi_Minh


def read(st: Station) -> StationProfile:
    return StationProfile(settings.STATION_NAME.get(st.db), settings.TIMEZONE.get(st.db))


def time_zones() -> list[str]:
    """The IANA zones this machine knows, the station's usual one first (just that one where
    there is no tz database)."""
    try:
        from zoneinfo import available_timezones

        names = available_timezones()
    except Exception:  # a broken tz database: offer the usual zone only
        names = set()
    rest = sorted(n for n in names if n != DEFAULT_ZONE and "/" in n
                  and not n.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return [DEFAULT_ZONE, *rest, "UTC"]


def check_zone(name: str) -> str:
    name = name.strip()
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(name)
    except Exception as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown time zone: {zone}"),
                              zone=name) from exc
    return name


def check_name(name: str) -> str:
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "give the station a name"))
    if len(name) > MAX_NAME:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "errors", "a station name is at most {n} characters"), n=MAX_NAME)
    return name


def save(st: Station, name: str, time_zone: str) -> Changes:
    """Rename the station and/or change its zone, each change audited with old and new."""
    st.require(Right.SETTINGS_MANAGE, "change the station's name or time zone")
    name, time_zone = check_name(name), check_zone(time_zone)
    old = read(st)
    if (name, time_zone) == (old.name, old.time_zone):
        return Changes()
    with st.db.atomic():
        if name != old.name:
            settings.STATION_NAME.set(st.db, name)
            st.audit("station.rename", "station", "", {"from": old.name, "to": name})
        if time_zone != old.time_zone:
            settings.TIMEZONE.set(st.db, time_zone)
            st.audit("station.time_zone", "station", "",
                     {"from": old.time_zone, "to": time_zone})
    # A new zone moves every wall-clock time shown: the schedule and On air refresh too.
    return Changes(settings=True, audit=True, schedule=time_zone != old.time_zone,
                   playout=time_zone != old.time_zone)


