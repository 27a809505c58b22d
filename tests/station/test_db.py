"""The database layer: WAL, foreign keys, migrations with a backup first, refusal of a newer
schema, damaged files detected and kept aside, full and read-only disks."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from station import db as dbmod
from station import migrations
from station.errors import DatabaseCorrupt, DataDirError, SchemaTooNew
from station.paths import DataDir
from station.station import Station
from tests.support.disks import small_tmpfs


def test_open_sets_wal_and_foreign_keys(station: Station) -> None:
    assert station.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert station.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert dbmod.schema_version(station.db) == migrations.SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):
        station.db.execute(
            "INSERT INTO items (id, kind, title, asset_sha256, created_at, created_by,"
            " updated_at) VALUES ('x', 'audio', 't', 'nope', '', '', '')")


def test_each_thread_gets_its_own_connection(station: Station) -> None:
    import threading

    seen: list[tuple[object, int]] = []

    def work() -> None:
        seen.append((station.db, station.db.execute("SELECT count(*) FROM users").fetchone()[0]))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen[0][0] is not station.db
    assert seen[0][1] == 4


def test_newer_schema_is_refused_with_both_versions(datadir: DataDir) -> None:
    conn = sqlite3.connect(datadir.db_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaTooNew) as info:
        Station.open(datadir)
    assert str(migrations.SCHEMA_VERSION + 5) in str(info.value)
    assert str(migrations.SCHEMA_VERSION) in str(info.value)
    # Refusing did not touch the file.
    conn = sqlite3.connect(datadir.db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION + 5


@pytest.fixture
def extra_migration(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def m9999_test_column(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE items ADD COLUMN test_note TEXT")

    steps = [*migrations.MIGRATIONS, m9999_test_column]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(dbmod, "MIGRATIONS", steps)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", len(steps))
    yield


def test_migration_backs_up_first_then_migrates(datadir: DataDir, extra_migration: None) -> None:
    before = len(dbmod.list_backups(datadir.backups))
    st = Station.open(datadir)
    try:
        assert dbmod.schema_version(st.db) == migrations.SCHEMA_VERSION + 1
        assert "test_note" in st.db["items"].columns_dict
    finally:
        st.close()
    backups = dbmod.list_backups(datadir.backups)
    assert len(backups) == before + 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert old.execute("SELECT count(*) FROM users").fetchone()[0] == 4


def test_failed_migration_rolls_back_whole(datadir: DataDir,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def m9999_broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    steps = [*migrations.MIGRATIONS, m9999_broken]
    monkeypatch.setattr(dbmod, "MIGRATIONS", steps)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", len(steps))
    with pytest.raises(DataDirError):
        Station.open(datadir)
    conn = sqlite3.connect(datadir.db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() \
        is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed_page"])
def test_damaged_database_is_detected(datadir: DataDir, damage: str) -> None:
    path = datadir.db_path
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all\n" * 100)
    elif damage == "truncated":
        path.write_bytes(data[:100])
    else:  # a page in the middle overwritten: only the integrity check sees it
        page = 4096
        path.write_bytes(data[: 2 * page] + b"\xff" * page + data[3 * page:])
    with pytest.raises(DatabaseCorrupt) as info:
        Station.open(datadir)
    assert info.value.params["path"] == str(path)


def test_restore_keeps_the_damaged_file_aside(datadir: DataDir) -> None:
    st = Station.open(datadir)
    backup = dbmod.backup(st.db, datadir.backups)
    st.close()
    damaged = b"SQLite format 3\x00" + b"\x13" * 5000
    datadir.db_path.write_bytes(damaged)
    aside = dbmod.restore_backup(datadir.db_path, backup)
    assert aside is not None and aside.read_bytes() == damaged
    st = Station.open(datadir)
    assert st.db.execute("SELECT count(*) FROM users").fetchone()[0] == 4
    st.close()


def test_backups_are_pruned_to_the_newest(station: Station) -> None:
    for _ in range(dbmod.KEEP_BACKUPS + 3):
        dbmod.backup(station.db, station.datadir.backups)
    assert len(dbmod.list_backups(station.datadir.backups)) == dbmod.KEEP_BACKUPS


@pytest.fixture
def tiny_mount(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs (root only), for full and read-only disks."""
    with small_tmpfs(tmp_path / "mnt", "1m") as mnt:
        yield mnt


def test_full_disk_gives_a_clear_error(tiny_mount: Path) -> None:
    (tiny_mount / "filler").write_bytes(b"\0" * (1024 * 1024 - 8192))
    from station.startup import create_station

    target = DataDir(tiny_mount / "data")
    with pytest.raises(DataDirError) as info:
        create_station(target, "Đài", "admin", "password-123")
    assert "full" in str(info.value)
    assert not target.exists(), "a half-made station was left behind"


def test_read_only_data_dir_gives_a_clear_error(tiny_mount: Path, template_station: Path) -> None:
    import shutil

    shutil.copytree(template_station, tiny_mount / "data")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    with pytest.raises(DataDirError) as info:
        Station.open(DataDir(tiny_mount / "data"))
    assert "Read-only" in str(info.value) or "read-only" in str(info.value)
