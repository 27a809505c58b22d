"""Run the hub in a child process on loopback, for tests and benches that kill and restart
it (`python -m sync.hub.serve`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HubProcess:
    def __init__(self, data_dir: Path, port: int | None = None,
                 tls: tuple[Path, Path] | None = None) -> None:
        """``tls``: (certificate, key) PEM files: the hub serves HTTPS."""
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20) -> HubProcess:
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, "PYTHONPATH": str(root)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.hub.serve", str(self.data_dir), "127.0.0.1",
             str(self.port), *(str(p) for p in self.tls or ())], env=env, cwd=root, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"the hub did not start: {err}")
            try:
                # Up is all that is asked here: the tests check the certificate themselves.
                httpx.get(f"{self.url}/api/sync/v1/hello", timeout=1, verify=False)
                return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("the hub did not answer in time")

    def kill(self) -> None:
        """kill -9: the hub gets no chance to tidy up."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    def __enter__(self) -> HubProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
