"""A small TCP proxy for tests and benches that plays a bad link between a station and its
hub: cut after a given number of bytes each way, stall, reset, throttle. Loopback only."""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time

BUF = 64 * 1024


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.bytes_up = 0      # client -> hub, every byte the proxy took from the client
        self.bytes_down = 0    # hub -> client
        self.cut_up_at: list[int] = []    # cumulative bytes_up at which to cut the link
        self.cut_down_at: list[int] = []
        self.cuts = 0
        self.stalled = threading.Event()
        self.rate_bps = 0.0    # bytes/s each way; 0 = no throttle
        self._up_t = self._down_t = 0.0
        self._conns: list[tuple[socket.socket, socket.socket]] = []
        self._closing = False
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept, daemon=True, name="faultproxy")
        self._thread.start()

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self.listener.close()
        self.reset_all(rst=False)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reset_all(self, rst: bool = True) -> None:
        """Drop every open connection now (RST by default, as a dying router does)."""
        with self.lock:
            conns, self._conns = self._conns, []
        for a, b in conns:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    if rst:
                        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    s.close()

    def set_link(self, up: bool) -> None:
        """Take the link down (new connections refused, open ones reset, as when the line
        drops) or bring it back on the same port."""
        if not up:
            # shutdown() wakes the accept() blocked in the other thread (close() alone may
            # leave the port listening until it returns).
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                self.listener.close()
            self.reset_all()
            self._thread.join(timeout=5)
            return
        if self._thread.is_alive():
            return
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self._thread = threading.Thread(target=self._accept, daemon=True, name="faultproxy")
        self._thread.start()

    def cut_every(self, total: int, parts: int = 10, direction: str = "up") -> None:
        """Cut the link at every 1/parts of ``total`` bytes in one direction."""
        marks = [total * i // parts for i in range(1, parts)]
        with self.lock:
            if direction == "up":
                self.cut_up_at = [self.bytes_up + m for m in marks]
            else:
                self.cut_down_at = [self.bytes_down + m for m in marks]

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            up.settimeout(None)
            with self.lock:
                self._conns.append((client, up))
            threading.Thread(target=self._pump, args=(client, up), daemon=True).start()

    def _pace(self, n: int, direction: str) -> None:
        if self.rate_bps <= 0:
            return
        with self.lock:
            now = time.monotonic()
            attr = "_up_t" if direction == "up" else "_down_t"
            start = max(getattr(self, attr), now)
            setattr(self, attr, start + n / self.rate_bps)
            wait = start + n / self.rate_bps - now
        if wait > 0:
            time.sleep(wait)

    def _pump(self, client: socket.socket, up: socket.socket) -> None:
        socks = [client, up]
        try:
            while True:
                while self.stalled.is_set():
                    time.sleep(0.02)
                    if client.fileno() < 0:
                        return
                ready, _, _ = select.select(socks, [], [], 0.1)
                for s in ready:
                    data = s.recv(16 * 1024 if self.rate_bps else BUF)
                    if not data:
                        return
                    direction = "up" if s is client else "down"
                    data, cut = self._account(data, direction)
                    self._pace(len(data), direction)
                    (up if s is client else client).sendall(data)
                    if cut:
                        return
        except (OSError, ValueError):  # ValueError: reset_all closed a socket under select()
            return
        finally:
            for s in socks:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()

    def _account(self, data: bytes, direction: str) -> tuple[bytes, bool]:
        with self.lock:
            before = self.bytes_up if direction == "up" else self.bytes_down
            marks = self.cut_up_at if direction == "up" else self.cut_down_at
            after = before + len(data)
            if direction == "up":
                self.bytes_up = after
            else:
                self.bytes_down = after
            if marks and marks[0] < after:
                keep = max(0, marks[0] - before)
                while marks and marks[0] < after:
                    marks.pop(0)
                self.cuts += 1
                return data[:keep], True
        return data, False
