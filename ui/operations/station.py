"""Verbs for the station as a whole: open it, create it, fill it with a demo, keep it safe."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station import db as dbmod
from station import demo, profile, startup, users
from station.changes import Changes
from station.paths import DataDir
from station.station import Station, User
from ui import i18n
from ui.operations import Op


def open_station(parent: QObject | None,
                 datadir: DataDir) -> Op[tuple[Station, list[User], str]]:
    def work(_: TaskState) -> tuple[Station, list[User], str]:
        from station.errors import DatabaseCorrupt

        try:
            st = startup.open_station(datadir)
        except DatabaseCorrupt as exc:
            # Whether a backup can be offered is known here, off the GUI thread.
            exc.backups = dbmod.list_backups(datadir.backups)  # type: ignore[attr-defined]
            raise
        return st, users.list_users(st), st.name

    return Op(work, parent, "db")


def create(parent: QObject | None, datadir: DataDir, name: str, admin: str, password: str,
           full_name: str, language: str) -> Op[Station]:
    return Op(lambda _: startup.create_station(datadir, name, admin, password, full_name,
                                               language), parent, "db")


def populate_demo(parent: QObject | None, st: Station) -> Op[Changes]:
    return Op(lambda state: demo.populate(st, state), parent, "db")


def station_name(parent: QObject | None, st: Station) -> Op[str]:
    return Op(lambda _s: st.name, parent, "db")


def read_zone(parent: QObject | None, st: Station) -> Op[Any]:
    """Read the station's time zone into the UI's clock (every time on screen is in it)."""
    return Op(lambda _s: i18n.read_zone(st), parent, "db")


def read_profile(parent: QObject | None, st: Station) -> Op[profile.StationProfile]:
    return Op(lambda _s: profile.read(st), parent, "db")


def time_zones(parent: QObject | None) -> Op[list[str]]:
    """The IANA zones (reading the tz database takes a moment: off the GUI thread)."""
    return Op(lambda _s: profile.time_zones(), parent, "work")


def save_profile(parent: QObject | None, st: Station, name: str, zone: str) -> Op[Changes]:
    """Rename the station and/or change its time zone (admins; audited in the core)."""
    return Op(lambda _s: profile.save(st, name, zone), parent, "db")


def backup_if_due(parent: QObject | None, st: Station) -> Op[Any]:
    """The daily copy to offer if the database is ever damaged. On the work pool with its
    own connection, so that logging in does not wait for it."""
    return Op(lambda _s: dbmod.backup_if_due(st.db, st.datadir.backups), parent, "work")


def restore_latest_backup(parent: QObject | None, datadir: DataDir) -> Op[None]:
    """Put the newest backup in place of a damaged database (which is kept aside)."""

    def work(_s: TaskState) -> None:
        backups = dbmod.list_backups(datadir.backups)
        if backups:
            dbmod.restore_backup(datadir.db_path, backups[0])

    return Op(work, parent, "db")


def warm_up(parent: QObject | None) -> Op[None]:
    """Load numpy/scipy on a worker while the user reads the screen: a first import of
    scipy's C extensions holds Python's lock for up to ~0.1 s, better paid now."""

    def work(_s: TaskState) -> None:
        import numpy as np

        from media.loudness import LoudnessMeter
        from media.peaks import PeaksBuilder

        # A second of noise through the meters loads every lazily imported piece.
        block = np.random.default_rng(0).normal(0, 0.1, (48000, 2)).astype(np.float32)
        meter = LoudnessMeter(48000, 2)
        meter.feed(block)
        meter.result()
        peaks = PeaksBuilder(48000, 2)
        peaks.feed(block)
        peaks.finish()

    return Op(work, parent, "work")
