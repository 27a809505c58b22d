"""Backups: written under a temporary name and renamed when whole; what a kill -9 leaves is
never listed and is cleaned at the next backup and at the next start; a restore sets the
damaged file aside."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import backups, startup
from station.paths import DataDir
from tests.conftest import ROOT

# A backup in a child process that stops after its first step (a real copy in progress)
# and says so: the test then kills it with SIGKILL.
_SLOW_BACKUP = """
import sys, time
from station import backups, db
from pathlib import Path

conn = db.connect(Path(sys.argv[1]))
def step(done, total):
    print("copying", done, total, flush=True)
    time.sleep(3600)
backups.backup(conn, Path(sys.argv[2]), reason="manual", progress=step)
"""


def _grow(datadir: DataDir) -> None:
    """A database of several backup steps (about 12 MB)."""
    conn = sqlite3.connect(datadir.db_path)
    conn.execute("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
    conn.executemany("INSERT INTO ballast VALUES (?)", [(os.urandom(64 * 1024),)] * 190)
    conn.commit()
    conn.close()


@pytest.fixture
def killed_midway(datadir: DataDir) -> Iterator[tuple[DataDir, subprocess.Popen[str]]]:
    """A backup process stopped in the middle of its copy; yielded alive."""
    _grow(datadir)
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_BACKUP, str(datadir.db_path),
                             str(datadir.backups)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("copying"), line
        yield datadir, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def _partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".partial" in p.name)


def test_a_killed_backup_leaves_no_backup_and_is_cleaned_at_start(
        killed_midway: tuple[DataDir, subprocess.Popen[str]]) -> None:
    datadir, proc = killed_midway
    # While the writer lives, its partial file is its own: nobody removes it.
    assert _partials(datadir.backups)
    assert backups.clean_partials(datadir.backups) == 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = _partials(datadir.backups)
    assert left, "the kill came mid-copy: a partial file stays behind"
    assert all(p.stat().st_size > 0 for p in left)
    assert backups.list_backups(datadir.backups) == [], "a partial copy was listed as a backup"
    st = startup.open_station(datadir)  # the recovery sweep at start
    try:
        assert _partials(datadir.backups) == []
        entry = st.db.execute("SELECT detail FROM audit WHERE action = 'recovery.sweep'"
                              " ORDER BY seq DESC LIMIT 1").fetchone()
        assert entry is not None and json.loads(entry[0])["partial_backups_removed"] == 2
    finally:
        st.close()


def test_the_next_backup_cleans_a_killed_one(
        killed_midway: tuple[DataDir, subprocess.Popen[str]]) -> None:
    datadir, proc = killed_midway
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _partials(datadir.backups)
    st = startup.Station.open(datadir)  # no sweep: the backup itself cleans up
    try:
        made = backups.backup(st.db, datadir.backups)
    finally:
        st.close()
    assert _partials(datadir.backups) == []
    assert backups.list_backups(datadir.backups) == [made]
    check = sqlite3.connect(made)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM ballast").fetchone()[0] == 190
    check.close()


def test_partials_of_older_versions_are_cleaned(datadir: DataDir) -> None:
    datadir.backups.mkdir(exist_ok=True)
    old = datadir.backups / "station-20261201-101010-manual.db.partial"
    old.write_bytes(b"SQLite format 3\x00" + b"\0" * 5000)
    (datadir.backups / "station-20261201-101010-manual.db.partial-journal").write_bytes(b"j")
    assert backups.list_backups(datadir.backups) == []
    assert backups.clean_partials(datadir.backups) == 2
    assert list(datadir.backups.iterdir()) == []


def test_restore_sets_the_damaged_file_aside_atomically(station: startup.Station) -> None:
    made = backups.backup(station.db, station.datadir.backups)
    path = station.datadir.db_path
    station.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    aside = backups.restore_backup(path, made)
    assert aside is not None and aside.read_bytes().startswith(b"SQLite format 3\x00\x13")
    assert path.read_bytes() == made.read_bytes()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]


def test_a_restore_cut_short_is_cleaned_at_start(datadir: DataDir) -> None:
    """A restore copies to a temp file and renames it last: a crash before the rename leaves
    the old database in place and a temp file that the next start removes."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    temp = datadir.root / f".station.db.restore-{dead.pid}.part"
    temp.write_bytes(b"SQLite format 3\x00" + b"\0" * 4096)
    startup.open_station(datadir).close()
    assert not temp.exists()
