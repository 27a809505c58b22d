"""Creating a new station in an empty data dir: database, settings, first admin."""

from __future__ import annotations

import unicodedata

from station import settings, users
from station.errors import QT_TRANSLATE_NOOP, AlreadyInitialized, ValidationError
from station.ids import uuid7
from station.paths import DataDir
from station.station import Station


def create_station(datadir: DataDir, station_name: str, admin: str, password: str,
                   admin_full_name: str = "", language: str = "vi") -> Station:
    """Make the station and log its admin in. Refuses a data dir that has a station."""
    if datadir.exists():
        raise AlreadyInitialized(QT_TRANSLATE_NOOP("errors", "a station already exists in {path}"),
                                 path=str(datadir.root))
    name = unicodedata.normalize("NFC", station_name).strip()
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the station needs a name"))
    users.normalize_username(admin)
    users.check_new_password(password)
    st: Station | None = None
    try:
        st = Station.open(datadir, create=True)
        with st.db.atomic():
            settings.STATION_NAME.set(st.db, name)
            settings.STATION_ID.set(st.db, uuid7())
            settings.LANGUAGE.set(st.db, language)
            st.audit("station.create", "station", "", {"name": name})
            users.create_first_admin(st, admin, password, admin_full_name)
    except BaseException:
        # A half-made station must not look like a damaged one at the next start.
        if st is not None:
            st.close()
        for path in (datadir.db_path, datadir.db_path.with_name(datadir.db_path.name + "-wal"),
                     datadir.db_path.with_name(datadir.db_path.name + "-shm")):
            path.unlink(missing_ok=True)
        raise
    users.login(st, admin, password)
    return st
