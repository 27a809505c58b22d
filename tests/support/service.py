"""`station service run` in a child process for tests: the real supervisor and worker."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from station.paths import DataDir
from tests.support.cli import run_cli

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


class Service:
    """`station service run` in a child process (the supervisor); its worker is its child."""

    def __init__(self, datadir: DataDir, env: dict[str, str] | None = None) -> None:
        self.datadir = datadir
        self.env = {**os.environ, **NO_KEYRING, **(env or {})}
        exe = Path(sys.executable).with_name("station")
        self.proc = subprocess.Popen([str(exe), "--data-dir", str(datadir.root), "service",
                                      "run"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env=self.env)

    def status(self) -> tuple[int, dict[str, Any]]:
        done = run_cli("service", "status", "--json", data_dir=self.datadir.root, env=NO_KEYRING)
        return done.returncode, json.loads(done.stdout)

    def wait_worker(self, *, other_than: int | None = None, timeout: float = 30.0) -> int:
        """The pid of a running worker (not ``other_than``) as `service status` reports it."""
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc.poll() is None, "the supervisor exited"
            code, found = self.status()
            if code == 0 and found["running"] and found["pid"] not in (None, other_than):
                return int(found["pid"])
            assert time.monotonic() < deadline, found
            time.sleep(0.1)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)

    def wait_channel(self, timeout: float = 30.0) -> dict[str, Any]:
        """The service's state once its channel answers."""
        from station.errors import ServiceUnavailable
        from station.service import channel

        deadline = time.monotonic() + timeout
        while True:
            assert self.proc.poll() is None, "the supervisor exited"
            try:
                return dict(channel.call(self.datadir, "state", timeout=5))
            except ServiceUnavailable:
                assert time.monotonic() < deadline, "the service's channel never answered"
                time.sleep(0.1)
