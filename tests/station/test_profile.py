"""The station's name and time zone: changed by an admin only, checked, audited, and read by
the clock at once."""

from __future__ import annotations

import pytest

from station import audit, clock, profile, users
from station.errors import PermissionDenied, ValidationError
from station.station import Station
from tests.conftest import STATION_NAME


def test_rename_and_zone_are_audited_and_the_clock_follows(station: Station) -> None:
    assert profile.read(station).name == STATION_NAME
    assert str(clock.zone(station)) == "Asia/Ho_Chi_Minh"
    changes = profile.save(station, "  Đài truyền thanh\u00a0xã  Hoà Bình ", "Asia/Tokyo")
    assert changes.settings and changes.schedule
    assert station.name == "Đài truyền thanh xã Hoà Bình"
    assert str(clock.zone(station)) == "Asia/Tokyo"
    actions = {e.action: e.detail for e in audit.recent(station.db, 2)}
    assert actions["station.rename"]["from"] == STATION_NAME
    assert actions["station.time_zone"] == {"from": "Asia/Ho_Chi_Minh", "to": "Asia/Tokyo"}
    assert not profile.save(station, station.name, "Asia/Tokyo").any()  # nothing changed


def test_bad_values_and_other_roles_are_refused(station: Station) -> None:
    with pytest.raises(ValidationError):
        profile.save(station, station.name, "Asia/Hanoi_Moon")
    with pytest.raises(ValidationError):
        profile.save(station, "   ", profile.DEFAULT_ZONE)
    users.login(station, "truongdai", "truongdai-password")
    with pytest.raises(PermissionDenied):
        profile.save(station, "Đài mới", profile.DEFAULT_ZONE)
    assert station.name == STATION_NAME


def test_the_zone_list_starts_with_vietnam() -> None:
    zones = profile.time_zones()
    assert zones[0] == "Asia/Ho_Chi_Minh" and zones.count("Asia/Ho_Chi_Minh") == 1
    assert "Asia/Bangkok" in zones and "UTC" in zones
