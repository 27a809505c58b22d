"""Stations made ready to sync: a short stall timeout, and a second workstation of the same
station (a fresh copy of the template, the admin logged in)."""

from __future__ import annotations

import shutil
from pathlib import Path

from station import settings, users
from station.paths import DataDir
from station.station import Station
from tests.conftest import ADMIN_PASSWORD


def fast(st: Station) -> None:
    """Stalls are declared after 2 s instead of the default, so fault tests stay short."""
    settings.SYNC_STALL_TIMEOUT_S.set(st.db, 2.0)


def second_station(tmp_path: Path, template_station: Path, name: str = "other") -> Station:
    target = tmp_path / name
    shutil.copytree(template_station, target)
    st = Station.open(DataDir(target))
    users.login(st, "admin", ADMIN_PASSWORD)
    fast(st)
    return st
