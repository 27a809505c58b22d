"""A throwaway real PostgreSQL server on loopback for the hub's tests and bench.

The binaries come from Debian's ``postgresql`` package (bootstrap installs it in test mode).
postgres refuses to run as root, so as root the cluster belongs to the ``postgres`` system user
and every server process is started through ``setpriv``; as anyone else it runs as that user.
It is a test server: trust on loopback only, fsync and synchronous commit off. initdb runs once
per process into a template folder; each server starts from a copy of it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

DEBIAN_PACKAGE = "postgresql"
BIN_ENV = "STATION_TEST_PG_BIN"  # a folder holding initdb and postgres, to use another build
SUPERUSER = "postgres"
START_TIMEOUT_S = 30.0

# Speed over durability: nothing here outlives the test run.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "max_connections": "200",  # the bench runs two hub processes, each with a pool
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_wal_size": "1GB",  # no checkpoint storms under the bench's writes
    "shared_buffers": "128MB",
    "log_min_messages": "warning",
    "logging_collector": "off",
    "TimeZone": "UTC",
}
HBA = ("# trust, on the unix socket and 127.0.0.1 only (listen_addresses is 127.0.0.1)\n"
       "local all all trust\n"
       "host all all 127.0.0.1/32 trust\n")

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_template: Path | None = None


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def bin_dir(debian: Path = Path("/usr/lib/postgresql")) -> Path:
    """The folder holding initdb and postgres: $STATION_TEST_PG_BIN, the newest Debian build
    (/usr/lib/postgresql/N/bin), or the PATH."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))
    if debian.is_dir():
        versions = [p for p in debian.iterdir() if p.name.isdigit()]
        candidates += [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    raise PostgresMissing(
        "PostgreSQL server binaries (initdb, postgres) were not found in /usr/lib/postgresql/*/bin"
        f" or on the PATH: install the Debian package '{DEBIAN_PACKAGE}' (bash installer/bootstrap.sh"
        f" test does it), or set ${BIN_ENV} to a folder holding them")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(argv: list[str], pdeathsig: bool = False) -> list[str]:
    """``argv`` run as the cluster's owner: the postgres user when we are root. With
    ``pdeathsig`` the server quits (SIGQUIT, immediate shutdown) if the test process dies."""
    wrap: list[str] = []
    if os.geteuid() == 0:
        wrap = ["setpriv", f"--reuid={SUPERUSER}", f"--regid={SUPERUSER}", "--init-groups"]
    if pdeathsig:
        wrap = (wrap or ["setpriv"]) + ["--pdeathsig=QUIT"]
    return [*wrap, "--", *argv] if wrap else argv


def _owner_ids() -> tuple[int, int]:
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    try:
        pw = pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise PostgresMissing(f"running as root needs the '{SUPERUSER}' system user, which the"
                              f" Debian package '{DEBIAN_PACKAGE}' creates") from None
    return pw.pw_uid, pw.pw_gid


def _reachable_tempdir(prefix: str) -> Path:
    """A temp folder the server's user can enter (pytest's own tmp folders are 0700 root)."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    base.chmod(0o755)
    return base


def _template_dir() -> Path:
    """An initialised, never started cluster, made once per process and copied per server."""
    global _template
    if _template is not None and (_template / "data" / "PG_VERSION").is_file():
        return _template / "data"
    pg_bin = bin_dir()
    base = _reachable_tempdir("station-pg-template-")
    data = base / "data"
    data.mkdir(mode=0o700)
    uid, gid = _owner_ids()
    os.chown(data, uid, gid)
    done = subprocess.run(
        _as_owner([str(pg_bin / "initdb"), "-D", str(data), "-U", SUPERUSER, "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]),
        capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"initdb failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    (data / "pg_hba.conf").write_text(HBA, encoding="utf-8")
    _template = base
    atexit.register(shutil.rmtree, base, True)
    return data


class PostgresServer:
    """One PostgreSQL cluster on 127.0.0.1:``port`` and a unix socket in its temp folder.

    ``with PostgresServer() as pg: pg.url(pg.create_database("hub"))``.
    """

    def __init__(self) -> None:
        self.base: Path | None = None
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    # -- life ----------------------------------------------------------------------------
    def start(self) -> PostgresServer:
        if self.proc is not None:
            return self
        pg_bin = bin_dir()
        template = _template_dir()
        self.base = _reachable_tempdir("station-pg-")
        data, sock = self.base / "data", self.base / "sock"
        # cp -a keeps the owner (postgres) and the 0700 mode the server insists on.
        subprocess.run(["cp", "-a", str(template), str(data)], check=True, timeout=60)
        sock.mkdir()
        os.chown(sock, *_owner_ids())
        last_error = ""
        for _attempt in range(3):  # another process may take the free port before we bind it
            self.port = free_port()
            args = [str(pg_bin / "postgres"), "-D", str(data), "-p", str(self.port),
                    "-c", f"unix_socket_directories={sock}"]
            for key, value in SETTINGS.items():
                args += ["-c", f"{key}={value}"]
            with open(self.base / "postgres.log", "ab") as log:
                self.proc = subprocess.Popen(_as_owner(args, pdeathsig=True), stdout=log,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            if self._wait_ready(data):
                return self
            last_error = self.log_tail()
            self._halt()
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {last_error}")

    def _wait_ready(self, data: Path) -> bool:
        """True once postmaster.pid says "ready" (accepting connections); False if it died."""
        assert self.proc is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        pidfile = data / "postmaster.pid"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                lines = pidfile.read_text(encoding="utf-8").splitlines()
                if len(lines) >= 8 and lines[7].strip() == "ready":
                    return True
            time.sleep(0.02)
        return False

    def _halt(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # fast shutdown: abort sessions, clean exit
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        """Stop the server and delete its files."""
        self._halt()
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, chars: int = 2000) -> str:
        if self.base is None:
            return ""
        try:
            return (self.base / "postgres.log").read_text(encoding="utf-8",
                                                          errors="replace")[-chars:]
        except OSError:
            return ""

    # -- databases -----------------------------------------------------------------------
    @property
    def socket_dir(self) -> Path:
        assert self.base is not None, "the server is not started"
        return self.base / "sock"

    def url(self, dbname: str = "postgres") -> str:
        """``postgresql://postgres@127.0.0.1:PORT/DBNAME`` (trust: no password)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str, params: Any = None, dbname: str = "postgres") -> None:
        """One statement in autocommit (CREATE/DROP DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user=SUPERUSER,
                             dbname=dbname, autocommit=True) as conn:
            conn.execute(sql, params)

    def create_database(self, name: str) -> str:
        """A new empty database ``name``; returns its URL."""
        self.execute(f'CREATE DATABASE "{_checked(name)}" TEMPLATE template0')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, terminating its open connections first (pools left open by a test)."""
        self.execute(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')


def _checked(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name
