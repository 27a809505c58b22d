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
                 tls: tuple[Path, Path] | None = None, *, database: str = "",
                 media: str = "", s3_endpoint: str = "", workers: int = 1,
                 env: dict[str, str] | None = None, log_level: str = "warning") -> None:
        """``tls``: (certificate, key) PEM files: the hub serves HTTPS. ``database``,
        ``media``, ``s3_endpoint``: PostgreSQL and S3 instead of the data dir's SQLite and
        folder; ``env``: more environment (S3 keys, say)."""
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.options = [*(["--database", database] if database else []),
                        *(["--media", media] if media else []),
                        *(["--s3-endpoint", s3_endpoint] if s3_endpoint else []),
                        *(["--workers", str(workers)] if workers > 1 else []),
                        "--log-level", log_level,
                        *(["--tls-cert", str(tls[0]), "--tls-key", str(tls[1])] if tls else [])]
        self.env = env or {}
        self.log_path = self.data_dir / f"hub-{self.port}.log"  # JSON lines (sync/hub/logs.py)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20) -> HubProcess:
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, **self.env, "PYTHONPATH": str(root)}
        # The log goes to a file: a pipe nobody reads would stop the hub once full.
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "sync.hub.serve", str(self.data_dir), "--host",
                 "127.0.0.1", "--port", str(self.port), *self.options], env=env, cwd=root,
                stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
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
