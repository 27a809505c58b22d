"""The start-up recovery sweep: finish or undo what a crash left half done."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass

from station.procs import pid_alive
from station.station import Station

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecoveryReport:
    orphan_files_removed: int = 0
    intents_cleared: int = 0
    temp_dirs_removed: int = 0
    takes_recovered: int = 0  # recordings a crash interrupted, now library items

    @property
    def anything(self) -> bool:
        return bool(self.orphan_files_removed or self.intents_cleared or self.temp_dirs_removed
                    or self.takes_recovered)


def sweep(st: Station) -> RecoveryReport:
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
    report = RecoveryReport(orphans, cleared, temp_dirs, takes)
    if report.anything:
        st.audit("recovery.sweep", detail={"orphan_files_removed": orphans,
                                           "intents_cleared": cleared,
                                           "temp_dirs_removed": temp_dirs,
                                           "takes_recovered": takes})
    return report


def _recover_takes(st: Station) -> int:
    """Unfinished recordings become library items (state 'recovered'); the UI lists them
    through station.recording.takes.recovered_takes() to tell the user."""
    from station.recording import takes as recordings

    if not recordings.recordings_root(st).is_dir():
        return 0  # never recorded here: nothing to look at
    done = recordings.recover(st)
    for take in done:
        log.warning("recovered take %s (%s): %.1f s saved", take.take_id, take.title,
                    take.seconds)
    return len(done)
