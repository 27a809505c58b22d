"""Benchmark: the hub against hostile clients, on loopback.

    .venv/bin/python bench/bench_hub_limits.py [--mb 300] [--half-open 60]

Starts the real hub (`python -m sync.hub.serve`, default limits: 20 s idle) and measures its
peak memory (VmHWM of the hub process) against its own resting size measured in the same run:

  json     a --mb MB body POSTed to /mutations without Content-Length (cut at 16 MiB: 413)
  tus      a --mb MB tus PATCH that the hub accepts and writes to disk
  headers  --half-open connections that send half a request head and then nothing: the time
           until the hub has closed every one (target: about the idle timeout)

Targets: peak RSS < 150 MB through both bodies; every half-open connection dropped.
"""

from __future__ import annotations

import argparse
import os
import selectors
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.hub.process import HubProcess
from sync.hub.store import HubStore

MiB = 1024 * 1024


def mem_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def json_body(hub: HubProcess, sid: str, token: str, mb: int) -> tuple[int, float]:
    """(status, seconds): a chunked body of ``mb`` MB, sent until the hub answers or hangs up."""
    started = time.monotonic()
    chunk = b"x" * MiB
    with socket.create_connection(("127.0.0.1", hub.port), timeout=30) as sock:
        sock.sendall((f"POST /api/sync/v1/stations/{sid}/mutations HTTP/1.1\r\nHost: hub\r\n"
                      f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n").encode())
        try:
            for _ in range(mb):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the hub answered and closed: what it said is in the buffer, if anything
        try:
            head = sock.recv(64)
        except ConnectionResetError:
            head = b""
    status = int(head.split()[1]) if head.startswith(b"HTTP/1.1") else 0
    return status, time.monotonic() - started


def tus_body(hub: HubProcess, token: str, mb: int) -> tuple[int, float]:
    tus = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    made = httpx.post(f"{hub.url}/api/sync/v1/files",
                      headers={**tus, "Upload-Length": str(mb * MiB)})
    chunk = os.urandom(MiB)

    def body() -> Iterator[bytes]:
        for _ in range(mb):
            yield chunk

    started = time.monotonic()
    done = httpx.patch(f"{hub.url}{made.headers['location']}", content=body(), timeout=120,
                       headers={**tus, "Upload-Offset": "0",
                                "Content-Type": "application/offset+octet-stream"})
    return done.status_code, time.monotonic() - started


def half_open(hub: HubProcess, count: int) -> tuple[int, float]:
    """(connections the hub closed, seconds until the last was closed)."""
    sel = selectors.DefaultSelector()
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", hub.port), timeout=5)
        sock.sendall(b"GET /api/sync/v1/hello HTTP/1.1\r\nHost: hub\r\nX-Slow: a")
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ)
    started = time.monotonic()
    closed = 0
    while closed < count and time.monotonic() - started < 120:
        for key, _ in sel.select(timeout=1):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            try:
                data = sock.recv(4096)
            except ConnectionResetError:
                data = b""
            if not data:
                sel.unregister(sock)
                sock.close()
                closed += 1
    took = time.monotonic() - started
    for key in list(sel.get_map().values()):
        key.fileobj.close()  # type: ignore[union-attr]
    return closed, took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=300)
    ap.add_argument("--half-open", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hub-limits-") as tmp:
        store = HubStore(Path(tmp) / "hub")
        sid, token = store.add_station("Bench")
        store.close()
        with HubProcess(Path(tmp) / "hub") as hub:
            assert hub.proc is not None
            pid = hub.proc.pid
            httpx.get(f"{hub.url}/api/sync/v1/hello")
            rest = mem_kb(pid, "VmRSS")
            status, took = json_body(hub, sid, token, args.mb)
            peak_json = mem_kb(pid, "VmHWM")
            print(f"json    {args.mb} MB to /mutations: HTTP {status} after {took:.2f} s; "
                  f"peak RSS {peak_json / 1024:.0f} MB (at rest {rest / 1024:.0f} MB)")
            status, took = tus_body(hub, token, args.mb)
            peak_tus = mem_kb(pid, "VmHWM")
            print(f"tus     {args.mb} MB PATCH: HTTP {status} in {took:.2f} s; "
                  f"peak RSS {peak_tus / 1024:.0f} MB")
            closed, took = half_open(hub, args.half_open)
            print(f"headers {closed} of {args.half_open} half-open connections dropped in "
                  f"{took:.1f} s")
            ok = max(peak_json, peak_tus) < 150 * 1024 and closed == args.half_open
            print(f"peak RSS {max(peak_json, peak_tus) / 1024:.0f} MB "
                  f"(target < 150 MB; {max(peak_json, peak_tus) / max(rest, 1):.2f} x at rest): "
                  f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
