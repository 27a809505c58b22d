"""Starting a station for real use: open it and run the recovery sweep, or create a new one.

station.station only opens the database; the sweep lives here because it reaches into the
recordings and the media store, which themselves depend on an open Station. Every real start
(the window, the CLI, the service) goes through :func:`open_station` or :func:`create_station`.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass

from media.files import write_atomic
from station import backups, dbfile, settings, users
from station.errors import QT_TRANSLATE_NOOP, AlreadyInitialized, ValidationError
from station.ids import uuid7
from station.paths import DataDir
from station.procs import pid_alive
from station.station import Station
from station.text import nfc

log = logging.getLogger(__name__)


# Present only while a new station is being made: a station.db found beside it may be a
# creation that a crash cut short (and may be empty); without it, an empty file is damage.
CREATING = "station.db.creating"


def open_station(datadir: DataDir, *, create: bool = False) -> Station:
    """Open (and migrate) a station, then finish or undo what a crash left half done."""
    undo_unfinished_creation(datadir)
    return _open(datadir, create)


def _open(datadir: DataDir, create: bool) -> Station:
    st = Station.open(datadir, create=create)
    keep_private(datadir)
    report = sweep(st)
    if report.anything:
        log.warning("recovery sweep: %s", report)
    return st


def keep_private(datadir: DataDir) -> None:
    """Only this OS user may read the station's secrets and data: the folder (0700, done when
    it is opened), the database, the backups and the hub token file (0600)."""
    dbfile.private_database(datadir.db_path)
    for path in (datadir.backups, *backups.list_backups(datadir.backups),
                 datadir.root / "sync" / "token.json"):
        dbfile.make_private(path)


def undo_unfinished_creation(datadir: DataDir) -> bool:
    """A station whose creation a crash cut short (no first admin yet) is removed, so the next
    start offers to create it again instead of calling it damaged. Returns whether it was."""
    marker = datadir.root / CREATING
    if not marker.exists():
        return False
    db_path = datadir.db_path
    unfinished = True
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            try:
                unfinished = not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'users'"
                                              ).fetchone() or \
                    not conn.execute("SELECT 1 FROM users LIMIT 1").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            # Not readable: never delete what may be a station; the open will say what is wrong.
            log.warning("a station creation was cut short in %s, and its database cannot be "
                        "read (%s): left as it is", datadir.root, exc)
            marker.unlink(missing_ok=True)
            return False
    if unfinished:
        for path in (db_path, db_path.with_name(db_path.name + "-wal"),
                     db_path.with_name(db_path.name + "-shm")):
            path.unlink(missing_ok=True)
        log.warning("removed a station whose creation was cut short in %s", datadir.root)
    marker.unlink(missing_ok=True)
    return unfinished


def create_station(datadir: DataDir, station_name: str, admin: str, password: str,
                   admin_full_name: str = "", language: str = "vi") -> Station:
    """Make the station in an empty data dir (database, settings, first admin) and log its
    admin in. Refuses a data dir that has a station."""
    if datadir.exists():
        raise AlreadyInitialized(QT_TRANSLATE_NOOP("errors", "a station already exists in {path}"),
                                 path=str(datadir.root))
    name = nfc(station_name)
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the station needs a name"))
    users.normalize_username(admin)
    users.check_new_password(password)
    undo_unfinished_creation(datadir)
    marker = datadir.root / CREATING
    try:
        dbfile.private_root(datadir.root)
        write_atomic(marker, b"", private=True)
    except OSError as exc:
        raise dbfile.from_os_error(exc, datadir.root) from exc
    st: Station | None = None
    try:
        st = _open(datadir, create=True)
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
        marker.unlink(missing_ok=True)
        raise
    marker.unlink(missing_ok=True)  # the station is whole: an empty database is damage now
    users.login(st, admin, password)
    return st


# -- the recovery sweep ---------------------------------------------------------------------

@dataclass(frozen=True)
class RecoveryReport:
    orphan_files_removed: int = 0
    intents_cleared: int = 0
    temp_dirs_removed: int = 0
    takes_recovered: int = 0  # recordings a crash interrupted, now library items
    partial_backups_removed: int = 0  # backups a crash cut short (never listed as backups)

    @property
    def anything(self) -> bool:
        return bool(self.orphan_files_removed or self.intents_cleared or self.temp_dirs_removed
                    or self.takes_recovered or self.partial_backups_removed)


def sweep(st: Station) -> RecoveryReport:
    """Remove media files whose import died before its row was written, temp folders of dead
    processes, and turn interrupted recordings into library items."""
    db = st.db
    orphans = cleared = 0
    intents = db.execute("SELECT sha256, ext, pid FROM store_intents").fetchall()
    for sha256, ext, pid in intents:
        if pid_alive(pid) and pid != os.getpid():
            continue  # another process is importing right now
        owned = db.execute("SELECT 1 FROM assets WHERE sha256 = ?", [sha256]).fetchone()
        if owned is None and st.store.has(sha256, ext):
            st.store.remove(sha256, ext)
            orphans += 1
        db.execute("DELETE FROM store_intents WHERE sha256 = ? AND pid = ?", [sha256, pid])
        cleared += 1
    temp_dirs = 0
    tmp_root = st.datadir.tmp
    if tmp_root.is_dir():
        for entry in tmp_root.iterdir():
            if entry.is_dir() and entry.name.isdigit() and not pid_alive(int(entry.name)):
                shutil.rmtree(entry, ignore_errors=True)
                temp_dirs += 1
    takes = _recover_takes(st)
    partials = backups.clean_partials(st.datadir.backups) + \
        backups.clean_restore_temps(st.datadir.root)
    report = RecoveryReport(orphans, cleared, temp_dirs, takes, partials)
    if report.anything:
        st.audit("recovery.sweep", detail={"orphan_files_removed": orphans,
                                           "intents_cleared": cleared,
                                           "temp_dirs_removed": temp_dirs,
                                           "takes_recovered": takes,
                                           "partial_backups_removed": partials})
    return report


def _recover_takes(st: Station) -> int:
    """Unfinished recordings become library items (state 'recovered'); the UI lists them
    through station.recording.takes.recovered_takes() to tell the user."""
    # On use: the recordings pull in ingest and the library, which most starts find no work for.
    from station.recording import takes as recordings

    if not recordings.recordings_root(st).is_dir():
        return 0  # never recorded here: nothing to look at
    done = recordings.recover(st)
    for take in done:
        log.warning("recovered take %s (%s): %.1f s saved", take.take_id, take.title,
                    take.seconds)
    return len(done)
