"""The database file: an empty or truncated station.db is damage, never a new station; a full
disk, a read-only folder and missing rights are told apart from damage (real tmpfs mounts);
the data folder and its secrets are private to this OS user."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import backups, doctor, startup
from station.errors import DatabaseCorrupt, DiskFull, NotInitialized, ReadOnlyFolder
from station.paths import DataDir
from tests.conftest import ADMIN_PASSWORD
from tests.support.cli import run_cli
from tests.support.disks import small_tmpfs


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _make_backup(datadir: DataDir) -> Path:
    st = startup.open_station(datadir)
    try:
        return backups.backup(st.db, datadir.backups)
    finally:
        st.close()


def _wipe(datadir: DataDir) -> None:
    """What a crash of the file system or a careless copy leaves: a 0-byte station.db."""
    for suffix in ("-wal", "-shm"):
        datadir.db_path.with_name(datadir.db_path.name + suffix).unlink(missing_ok=True)
    datadir.db_path.write_bytes(b"")


def test_empty_database_is_damage_not_a_new_station(datadir: DataDir) -> None:
    media_before = sorted(datadir.root.rglob("*"))
    _make_backup(datadir)
    _wipe(datadir)
    with pytest.raises(DatabaseCorrupt) as info:
        startup.open_station(datadir)
    assert info.value.params["path"] == str(datadir.db_path)
    assert "empty" in str(info.value)
    assert datadir.db_path.stat().st_size == 0, "the empty file was made into a station"
    check = doctor.check_database(datadir)
    assert not check.ok and check.data["problem"] == "damaged"
    assert "station restore" in check.detail and check.data["backups"]
    assert media_before  # the copied station had files: none was touched
    # The restore brings the station back, users and all.
    backups.restore_backup(datadir.db_path, backups.list_backups(datadir.backups)[0])
    st = startup.open_station(datadir)
    try:
        assert st.db.execute("SELECT count(*) FROM users").fetchone()[0] == 4
    finally:
        st.close()


def test_cli_refuses_an_empty_database_and_points_to_restore(datadir: DataDir) -> None:
    made = _make_backup(datadir)
    _wipe(datadir)
    done = run_cli("user", "list", data_dir=datadir.root)
    assert done.returncode == 1
    assert "empty (0 bytes)" in done.stderr and "station restore" in done.stderr
    assert made.name in done.stderr, "the backups to restore from are listed"
    done = run_cli("doctor", data_dir=datadir.root)
    assert done.returncode == 1 and "NOT healthy" in done.stdout
    assert datadir.db_path.stat().st_size == 0
    done = run_cli("restore", data_dir=datadir.root)
    assert done.returncode == 0, done.stderr
    done = run_cli("user", "list", data_dir=datadir.root)
    assert done.returncode == 0 and "truongdai" in done.stdout


def test_service_refuses_an_empty_database(datadir: DataDir) -> None:
    _make_backup(datadir)
    _wipe(datadir)
    done = run_cli("service", "run", data_dir=datadir.root, timeout=60)
    assert done.returncode == 1
    assert "empty (0 bytes)" in done.stderr and "station restore" in done.stderr
    assert datadir.db_path.stat().st_size == 0


def test_database_with_no_schema_is_damage(datadir: DataDir) -> None:
    _wipe(datadir)
    conn = sqlite3.connect(datadir.db_path)  # a valid, empty SQLite file (4 KiB)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with pytest.raises(DatabaseCorrupt, match="schema 0"):
        startup.open_station(datadir)
    assert not doctor.check_database(datadir).ok


def test_database_cut_short_is_truncated(datadir: DataDir) -> None:
    data = datadir.db_path.read_bytes()
    assert len(data) > 16 * 4096
    datadir.db_path.write_bytes(data[: len(data) // 2])  # cut at a page boundary
    with pytest.raises(DatabaseCorrupt, match="truncated"):
        startup.open_station(datadir)


def test_only_a_missing_database_makes_a_new_station(empty_datadir: DataDir) -> None:
    with pytest.raises(NotInitialized):
        startup.open_station(empty_datadir)
    st = startup.create_station(empty_datadir, "Đài", "admin", ADMIN_PASSWORD)
    st.close()
    assert not (empty_datadir.root / startup.CREATING).exists()
    startup.open_station(empty_datadir).close()


def test_a_creation_cut_short_by_a_kill_is_offered_again(tmp_path: Path) -> None:
    """kill -9 while a new station is made (before its first admin): the next start offers to
    create it again, where an empty station.db would otherwise be called damaged."""
    target = DataDir(tmp_path / "new")
    code = ("import os, signal, sys\n"
            "from station import startup, users\n"
            "from station.paths import DataDir\n"
            "def die(*a, **k):\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n"
            "users.create_first_admin = die\n"
            "startup.create_station(DataDir(sys.argv[1]), 'Đài', 'admin', 'password-123')\n")
    done = subprocess.run([sys.executable, "-c", code, str(target.root)], cwd=Path.cwd(),
                          capture_output=True, timeout=60)
    assert done.returncode == -9, done.stderr
    assert target.db_path.exists() and (target.root / startup.CREATING).exists()
    with pytest.raises(NotInitialized):
        startup.open_station(target)
    assert not target.db_path.exists()
    startup.create_station(target, "Đài", "admin", ADMIN_PASSWORD).close()


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB tmpfs (root only)."""
    with small_tmpfs(tmp_path / "mnt", "4m") as mnt:
        yield mnt


def _fill(mnt: Path, leave: int) -> Path:
    filler = mnt / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(shutil.disk_usage(mnt).free - leave, 0))
    return filler


def test_full_disk_is_not_damage(mount: Path, template_station: Path) -> None:
    shutil.copytree(template_station, mount / "st")
    target = DataDir(mount / "st")
    _make_backup(target)
    filler = _fill(mount, 8 * 1024)  # the probe of the folder still fits; SQLite does not
    with pytest.raises(DiskFull) as info:
        startup.open_station(target)
    assert "full" in str(info.value) and "free" in str(info.value)
    check = doctor.check_database(target)
    assert not check.ok and check.data["problem"] == "disk_full"
    assert "damaged" not in check.detail and "restore" not in check.detail
    with pytest.raises(DiskFull):  # a restore is refused before anything moves
        backups.restore_backup(target.db_path, backups.list_backups(target.backups)[0])
    assert not list(target.root.glob(".write-test-*")), "the write probe was left behind"
    assert not list(target.root.glob("station.db.damaged-*"))
    filler.unlink()
    st = startup.open_station(target)
    try:
        assert st.db.execute("SELECT count(*) FROM users").fetchone()[0] == 4
    finally:
        st.close()


def test_cli_says_disk_full_without_offering_a_restore(mount: Path,
                                                       template_station: Path) -> None:
    shutil.copytree(template_station, mount / "st")
    _make_backup(DataDir(mount / "st"))
    _fill(mount, 8 * 1024)
    done = run_cli("user", "list", data_dir=mount / "st")
    assert done.returncode == 1
    assert "is full" in done.stderr
    assert "damaged" not in done.stderr and "station restore" not in done.stderr


def test_read_only_folder_is_not_damage(mount: Path, template_station: Path) -> None:
    shutil.copytree(template_station, mount / "st")
    target = DataDir(mount / "st")
    startup.open_station(target).close()
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    with pytest.raises(ReadOnlyFolder, match="read-only"):
        startup.open_station(target)
    disk = doctor.check_disk(target)
    assert not disk.ok and disk.data["read_only"]
    with pytest.raises(ReadOnlyFolder):
        backups.restore_backup(target.db_path, target.db_path)


def test_read_only_without_wal_index_is_not_damage(mount: Path, template_station: Path) -> None:
    """SQLite cannot open a WAL database on a read-only disk without its -shm: CANTOPEN,
    which doctor used to call damage."""
    shutil.copytree(template_station, mount / "st")
    target = DataDir(mount / "st")
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    assert not target.db_path.with_name("station.db-shm").exists()
    check = doctor.check_database(target)
    assert not check.ok and check.data["problem"] == "read_only", check.detail
    assert "damaged" not in check.detail


@pytest.fixture
def shared_copy(template_station: Path) -> Iterator[Path]:
    """A station in a folder other OS users may enter but not write (root's, 0755)."""
    top = Path(tempfile.mkdtemp(prefix="station-shared-"))
    try:
        os.chmod(top, 0o755)
        shutil.copytree(template_station, top / "st")
        os.chmod(top / "st", 0o755)
        yield top / "st"
    finally:
        shutil.rmtree(top, ignore_errors=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or
                    not shutil.which("setpriv"), reason="needs root to act as another user")
def test_a_folder_this_user_may_not_write_is_not_damage(shared_copy: Path) -> None:
    exe = Path(sys.executable).with_name("station")
    done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                           str(exe), "--data-dir", str(shared_copy), "user", "list"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "may not write in the folder" in done.stderr, done.stderr
    assert "damaged" not in done.stderr and "station restore" not in done.stderr
    assert not list(shared_copy.glob(".write-test-*"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_data_folder_and_secrets_are_private(datadir: DataDir) -> None:
    token = datadir.root / "sync" / "token.json"
    token.parent.mkdir()
    token.write_text("{}")
    os.chmod(token, 0o644)
    os.chmod(datadir.root, 0o755)
    os.chmod(datadir.db_path, 0o644)
    st = startup.open_station(datadir)  # an older version's files are narrowed at open
    try:
        made = backups.backup(st.db, datadir.backups)
        st.db.execute("SELECT count(*) FROM users").fetchone()
        assert _mode(datadir.root) == 0o700
        for path in (datadir.db_path, datadir.db_path.with_name("station.db-wal"),
                     datadir.db_path.with_name("station.db-shm"), made, token):
            assert _mode(path) == 0o600, path
        assert _mode(datadir.backups) == 0o700
    finally:
        st.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_new_station_is_private_whatever_the_umask(empty_datadir: DataDir) -> None:
    old = os.umask(0o022)
    try:
        st = startup.create_station(empty_datadir, "Đài", "admin", ADMIN_PASSWORD)
    finally:
        os.umask(old)
    try:
        assert _mode(empty_datadir.root) == 0o700
        for name in ("station.db", "station.db-wal", "station.db-shm"):
            assert _mode(empty_datadir.root / name) == 0o600, name
    finally:
        st.close()
