"""The hub's database behind one interface: SQLite in the data dir (the embedded default) or
PostgreSQL through a psycopg pool (a province that runs several hub processes).

Hub code writes one SQL text for both, with ``?`` placeholders and the syntax the two share
(``ON CONFLICT``, ``RETURNING``, row values). What differs lives here: how a transaction
starts, how writers of one station are kept in turn, how change numbers are taken, and how
the change feed is read without skipping a change another process has not committed yet.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

# A feed position: (transaction id, seq). SQLite has one writer, so its changes commit in seq
# order and the transaction part is always 0; PostgreSQL orders by the writer's xid8 first.
Position = tuple[int, int]
MAX_SEQ = 2**62  # positions past it are forged (SQLite and bigint stop at 2**63)


class DatabaseError(Exception):
    """The hub's database cannot be opened or reached (the message says why)."""


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Conn(Protocol):
    """What hub code gets inside a transaction: sqlite3's calling style on both backends."""

    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


def placeholders(n: int) -> str:
    """``?, ?, ...`` for an IN list of ``n`` values (at least one)."""
    return ", ".join("?" * max(1, n))


class HubDb:
    """The interface; :class:`SqliteDb` and :class:`PostgresDb` implement it."""

    kind = ""
    # How snapshot pages are ordered: the order entities first appeared.
    entity_order = ""

    def tx(self, lock: str = "") -> Any:
        """A write transaction (a context manager giving a :class:`Conn`). ``lock``: writers
        of the same key (a station id) run in turn, across processes."""
        raise NotImplementedError

    def read(self) -> Any:
        """A read-only transaction on one consistent snapshot."""
        raise NotImplementedError

    @contextmanager
    def session_lock(self, name: str, timeout_s: float) -> Iterator[bool]:
        """True while this process alone holds ``name`` among the hub's processes (False
        after ``timeout_s``). The embedded hub is one process: its own locks suffice."""
        yield True

    def take_seqs(self, c: Conn, n: int) -> list[int]:
        """``n`` new change numbers, inside the caller's write transaction."""
        raise NotImplementedError

    def changes_after(self, c: Conn, scopes: tuple[str, str], after: Position,
                      limit: int) -> list[tuple[Position, str]]:
        """Up to ``limit`` changes of the two scopes past ``after``, in feed order, each with
        its position and stored body. Only changes that no later commit can precede."""
        raise NotImplementedError

    def top(self, c: Conn) -> Position:
        """A position every change committed so far is at or before."""
        raise NotImplementedError

    def check(self) -> None:
        """Readiness: raises DatabaseError when the database does not answer."""
        with self.read() as c:
            c.execute("SELECT 1").fetchone()

    def close(self) -> None:
        raise NotImplementedError


class SqliteDb(HubDb):
    """One connection guarded by a lock: the hub's writes are small and short, and SQLite
    allows one writer anyway."""

    kind = "sqlite"
    entity_order = "rowid"

    def __init__(self, path: Path) -> None:
        from sync.hub.schema import SQLITE_SCHEMA, upgrade_sqlite

        self._lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                                    timeout=30)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.executescript(SQLITE_SCHEMA)
        upgrade_sqlite(self.conn)

    @contextmanager
    def tx(self, lock: str = "") -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the one write lock: every writer is in turn already.
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    def take_seqs(self, c: Conn, n: int) -> list[int]:
        # The transaction holds the write lock, so nobody else can take a number.
        top = c.execute("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name ="
                        " 'changes'), 0), coalesce((SELECT max(seq) FROM changes), 0))"
                        ).fetchone()
        return list(range(int(top[0]) + 1, int(top[0]) + 1 + n))

    def changes_after(self, c: Conn, scopes: tuple[str, str], after: Position,
                      limit: int) -> list[tuple[Position, str]]:
        rows = c.execute("SELECT seq, body FROM changes WHERE scope IN (?, ?) AND seq > ?"
                         " ORDER BY seq LIMIT ?", [*scopes, after[1], limit]).fetchall()
        return [((0, int(seq)), body) for seq, body in rows]

    def top(self, c: Conn) -> Position:
        return 0, int(c.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


@lru_cache(maxsize=512)
def to_pg(sql: str) -> str:
    """sqlite3's ``?`` placeholders as psycopg's ``%s`` (a literal % doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _PgConn:
    """A psycopg connection answering in sqlite3's style."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(to_pg(sql), list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        cur = self._conn.cursor()
        if rows:
            cur.executemany(to_pg(sql), [list(r) for r in rows])
        return cur


def _lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key for ``name`` (stable across processes)."""
    import hashlib

    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


SCHEMA_LOCK = _lock_key("station-hub schema")
_URL_RE = re.compile(r"^postgres(ql)?://")


class PostgresDb(HubDb):
    """A psycopg pool; each transaction takes a connection and gives it back. Schema
    migrations run at open under an advisory lock, so several processes may start at once."""

    kind = "postgres"
    entity_order = "pos"

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError as exc:
            raise DatabaseError("PostgreSQL needs the hub's extra packages: "
                                "pip install 'station[hub]'") from exc
        from sync.hub.schema import migrate_postgres

        self.url = url
        self._locks_conn: Any = None  # holds this process's advisory locks (session_lock)
        self._locks_guard = threading.Lock()
        self._errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        try:
            # One connection first: a refused or misspelt database fails at once, with the
            # server's reason (the pool would only say it timed out).
            psycopg.connect(url, connect_timeout=10).close()
            self.pool = ConnectionPool(url, min_size=min_size, max_size=max_size,
                                       kwargs={"autocommit": True}, open=False,
                                       timeout=30, name="station-hub")
            self.pool.open(wait=True, timeout=10)
        except Exception as exc:  # psycopg_pool.PoolTimeout, psycopg.Error, bad URL
            raise DatabaseError(f"the hub's database {redact(url)} does not answer: "
                                f"{_reason(exc)}") from exc
        with self.pool.connection() as conn:
            migrate_postgres(conn, SCHEMA_LOCK)

    @contextmanager
    def tx(self, lock: str = "") -> Iterator[Conn]:
        with self.pool.connection() as conn:
            conn.execute("BEGIN")
            try:
                if lock:
                    # Writers of one station in turn: each merges into what the last wrote.
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(lock)])
                yield _PgConn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[Conn]:
        with self.pool.connection() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield _PgConn(conn)
            finally:
                conn.execute("ROLLBACK")

    @contextmanager
    def session_lock(self, name: str, timeout_s: float) -> Iterator[bool]:
        """Hold an advisory lock on ``name`` for the block; gives False when another process
        held it for ``timeout_s``. Every lock of this process is held on one connection of
        its own, outside the pool (a long upload would otherwise keep a pool connection
        from the other requests); a killed process's locks go with that connection."""
        import time

        key = _lock_key(name)
        deadline = time.monotonic() + timeout_s
        while not (got := self._locks_call("SELECT pg_try_advisory_lock(%s)", key)):
            if time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        try:
            yield got
        finally:
            if got:
                self._locks_call("SELECT pg_advisory_unlock(%s)", key)

    def _locks_call(self, sql: str, key: int) -> bool:
        import psycopg

        with self._locks_guard:
            for attempt in (1, 2):
                try:
                    if self._locks_conn is None or self._locks_conn.closed:
                        self._locks_conn = psycopg.connect(self.url, autocommit=True,
                                                           connect_timeout=10)
                    row = self._locks_conn.execute(sql, [key]).fetchone()
                    return bool(row and row[0])
                except psycopg.OperationalError:
                    # The connection broke (its locks went with it): once more on a new one.
                    self._locks_conn = None
                    if attempt == 2:
                        raise
        return False

    def take_seqs(self, c: Conn, n: int) -> list[int]:
        # Numbers nobody used leave gaps, which the feed allows.
        rows = c.execute("SELECT nextval(pg_get_serial_sequence('changes', 'seq'))"
                         " FROM generate_series(1, ?)", [n]).fetchall()
        return [int(r[0]) for r in rows]

    def changes_after(self, c: Conn, scopes: tuple[str, str], after: Position,
                      limit: int) -> list[tuple[Position, str]]:
        # A change's seq is taken at insert but seen at commit, so a slow transaction can
        # commit seq 1 after seq 2 was served. Served here: only changes whose transaction
        # is older than every transaction still running (the snapshot's xmin), in (xid, seq)
        # order, so whatever commits later sorts after every position served before.
        part = ("(SELECT xid, seq, body FROM changes WHERE scope = ? AND (xid, seq) >"
                " (?::text::xid8, ?) AND xid < pg_snapshot_xmin(pg_current_snapshot())"
                " ORDER BY xid, seq LIMIT ?)")
        rows = c.execute(
            f"SELECT xid::text, seq, body FROM ({part} UNION ALL {part}) AS feed"
            " ORDER BY xid, seq LIMIT ?",
            [scopes[0], str(after[0]), after[1], limit, scopes[1], str(after[0]), after[1],
             limit, limit]).fetchall()
        return [((int(x), int(seq)), body) for x, seq, body in rows]

    def top(self, c: Conn) -> Position:
        # Every transaction below xmin has ended: the feed goes on from just before it.
        xmin = int(c.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text"
                             ).fetchone()[0])
        return xmin - 1, MAX_SEQ - 1

    def check(self) -> None:
        try:
            super().check()
        except self._errors as exc:
            raise DatabaseError(f"the hub's database does not answer: {_reason(exc)}") from exc

    def close(self) -> None:
        if self._locks_conn is not None:
            self._locks_conn.close()
        self.pool.close()


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _reason(exc: BaseException) -> str:
    return redact(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


def open_db(database: str | None, data_dir: Path) -> HubDb:
    """The hub's database: None or "" for SQLite in ``data_dir``; a postgresql:// URL."""
    if not database:
        data_dir.mkdir(parents=True, exist_ok=True)
        return SqliteDb(data_dir / "hub.db")
    if _URL_RE.match(database):
        return PostgresDb(database)
    if database.startswith("sqlite:"):
        return SqliteDb(Path(database.removeprefix("sqlite:").removeprefix("//")))
    raise DatabaseError(f"the hub's database must be a postgresql:// URL (or left out for "
                        f"SQLite in the data dir), not {redact(database)!r}")
