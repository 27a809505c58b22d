"""The throwaway PostgreSQL the hub's tests run on (tests/support/postgres.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support import postgres as pg_support
from tests.support.postgres import PostgresServer

OTHER = "t_other_fixture_check"


def test_a_real_server_answers_with_test_settings(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        assert conn.execute("SHOW max_connections").fetchone() == ("200",)
        assert conn.execute("SHOW fsync").fetchone() == ("off",)
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        # the hub's change feed needs xid8 snapshots (PostgreSQL 13+)
        assert conn.execute("SELECT pg_current_xact_id() IS NOT NULL").fetchone() == (True,)


@pytest.fixture
def other_url(postgres: PostgresServer) -> Iterator[str]:
    """A second database on the same server, made the way pg_url makes one."""
    yield postgres.create_database(OTHER)
    postgres.drop_database(OTHER)


def test_each_test_database_is_separate_and_dropped(postgres: PostgresServer, pg_url: str,
                                                    other_url: str) -> None:
    assert pg_url != other_url
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE here (x int)")
    with psycopg.connect(other_url) as other:
        assert other.execute("SELECT to_regclass('here')").fetchone() == (None,)
        # a connection left open does not stop the drop: it is terminated first
        postgres.drop_database(OTHER)
        with pytest.raises(psycopg.OperationalError):
            other.execute("SELECT 1")
    with psycopg.connect(postgres.url()) as admin:
        names = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    assert OTHER not in names
    assert pg_url.rsplit("/", 1)[1] in names


def test_missing_binaries_name_the_debian_package(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "15" / "bin").mkdir(parents=True)  # a half-removed install: no initdb
    monkeypatch.delenv(pg_support.BIN_ENV, raising=False)
    monkeypatch.setattr(pg_support.shutil, "which", lambda _name: None)
    with pytest.raises(pg_support.PostgresMissing, match="Debian package 'postgresql'"):
        pg_support.bin_dir(tmp_path)
