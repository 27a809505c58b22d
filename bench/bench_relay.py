"""Relay figures on loopback (issue 14):

1. an episode of an outside feed whose transfer is cut at 20, 40, 60 and 80 % of the file
   (the feed server drops the connection there, once per mark): bytes the server sent for
   the episode / its size, fetched and imported by `station relay refresh`'s own function
   (Range resume; target <= 1.05). Baseline in the same run: the same cuts with a client that
   starts again from zero after each one (a plain httpx GET, no Range).
2. `station hub add-relay` (its core function, on a real hub in a child process) to the item
   playable at a station whose service (`station service run`) syncs every ``--interval``
   seconds: a relay entry imported, its file complete in the library and its SHA-256 that
   of the published file. Target: < one sync interval + the download time of the file alone
   (baseline: a plain GET of the same file from the hub).

Run: .venv/bin/python bench/bench_relay.py [--size-mb 8] [--interval 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from media import ffmpeg  # noqa: E402
from station import settings, users  # noqa: E402
from station.paths import DataDir  # noqa: E402
from station.startup import create_station  # noqa: E402
from station.station import Station  # noqa: E402
from station.store import relative_path  # noqa: E402

MB = 1024 * 1024
PASSWORD = "bench-password-1"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def mp3(path: Path, seconds: float, freq: int = 440) -> Path:
    """A real MP3 (a tone at 128 kbit/s, encoded by the bundled ffmpeg)."""
    ffmpeg.run(["-v", "error", "-f", "lavfi", "-i", f"sine=frequency={freq}:duration={seconds}",
                "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "-y", str(path)])
    return path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(MB):
            digest.update(chunk)
    return digest.hexdigest()


def new_station(root: Path) -> Station:
    st = create_station(DataDir(root), "Bench", "admin", PASSWORD, "Admin")
    users.login(st, "admin", PASSWORD)
    settings.SYNC_STALL_TIMEOUT_S.set(st.db, 5.0)
    settings.PLAYOUT_ON_AIR.set(st.db, False)  # no schedule, no sound card needed
    return st


# -- 1. cuts at every 20 % ---------------------------------------------------------------------
class CuttingHost:
    """A podcast host on loopback with one episode. It honours "Range: bytes=N-" and drops
    the connection the first time a transfer reaches each of ``marks`` (bytes of the file),
    counting every byte it sends for the episode (status line and headers included)."""

    def __init__(self, episode: bytes, marks: list[int]) -> None:
        self.episode = episode
        self.marks = sorted(marks)
        self.sent = 0
        self.requests = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                if self.path == "/feed.rss":
                    body = outer.feed()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                size = len(outer.episode)
                asked = self.headers.get("Range", "")
                start = int(asked[6:-1]) if asked.startswith("bytes=") and \
                    asked.endswith("-") else 0
                head = (f"HTTP/1.1 {206 if start else 200} {'Partial Content' if start else 'OK'}"
                        f"\r\nContent-Type: audio/mpeg\r\nETag: \"ep1\"\r\n"
                        f"Content-Length: {size - start}\r\n"
                        + (f"Content-Range: bytes {start}-{size - 1}/{size}\r\n" if start
                           else "") + "\r\n").encode()
                with outer.lock:
                    outer.requests += 1
                    cut = next((m for m in outer.marks if m > start), None)
                    if cut is not None:
                        outer.marks.remove(cut)
                end = size if cut is None else cut
                outer.count(len(head))
                self.wfile.write(head)
                view = memoryview(outer.episode)
                for at in range(start, end, 64 * 1024):
                    piece = view[at:min(at + 64 * 1024, end)]
                    self.wfile.write(piece)
                    outer.count(len(piece))
                self.wfile.flush()
                if cut is not None:  # the link dies here
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def count(self, n: int) -> None:
        with self.lock:
            self.sent += n

    def feed(self) -> bytes:
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Bench</title><language>vi</language>
<item><title>Episode</title><guid isPermaLink="false">bench-ep-1</guid>
<pubDate>01 Mar 2026 17:00:00 +0700</pubDate>
<enclosure url="{self.url}/ep.mp3" length="{len(self.episode)}" type="audio/mpeg"/>
</item></channel></rss>""".encode()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def restart_from_zero(url: str) -> tuple[bytes, int]:
    """The baseline: GET the whole file again after every cut (no Range)."""
    tries = 0
    while True:
        tries += 1
        got = bytearray()
        try:
            with httpx.stream("GET", url, timeout=30) as resp:
                for chunk in resp.iter_bytes():
                    got += chunk
            return bytes(got), tries
        except httpx.TransportError:
            if tries > 20:
                raise


def cuts(work: Path, size_mb: float) -> bool:
    from sync import subscriptions

    source = mp3(work / "episode.mp3", size_mb * MB * 8 / 128_000)
    episode = source.read_bytes()
    size = len(episode)
    marks = [size * k // 5 for k in range(1, 5)]

    st = new_station(work / "cuts")
    host = CuttingHost(episode, marks)
    try:
        subscriptions.subscribe_feed(st, f"{host.url}/feed.rss", "Bench", 1)
        t0 = time.monotonic()
        done = subscriptions.refresh_feeds(st)
        took = time.monotonic() - t0
        resumed_bytes, resumed_requests = host.sent, host.requests
        [feed] = done.feeds
        [added] = feed.added + feed.resumed
        sha = st.db.execute("SELECT asset_sha256 FROM items WHERE id = ?",
                            [added["item_id"]]).fetchone()[0]
        same = sha == hashlib.sha256(episode).hexdigest()

        host.marks, host.sent, host.requests = list(marks), 0, 0
        t0 = time.monotonic()
        body, tries = restart_from_zero(f"{host.url}/ep.mp3")
        base_took = time.monotonic() - t0
        base_bytes = host.sent
    finally:
        host.close()
        st.close()
    ratio, base_ratio = resumed_bytes / size, base_bytes / size
    print(f"1. episode of {size} bytes cut at 20/40/60/80 %:")
    print(f"   station (Range resume): {resumed_bytes} bytes in {resumed_requests} requests ="
          f" {ratio:.4f}x the file (target <= 1.05); fetched and imported in {took:.1f} s;"
          f" identical={same}")
    print(f"   baseline (restart from zero): {base_bytes} bytes in {tries} requests ="
          f" {base_ratio:.4f}x in {base_took:.2f} s; identical={body == episode}")
    print(f"   the station fetched {base_ratio / ratio:.2f}x fewer bytes than the baseline")
    return same and ratio <= 1.05 and resumed_requests == 5


# -- 2. add-relay to playable with the service running ---------------------------------------
def playable(db_path: Path, root: Path, guid: str, sha: str) -> bool:
    """A relay entry for ``guid`` is imported and its file in the library is complete and
    verified (SHA-256 of the published file)."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        row = db.execute("SELECT a.sha256, a.ext FROM relay_entries e JOIN items i ON"
                         " i.id = e.item_id JOIN assets a ON a.sha256 = i.asset_sha256"
                         " WHERE e.guid = ? AND e.status = 'imported'", [guid]).fetchone()
    except sqlite3.OperationalError:  # the service is writing: ask again
        return False
    finally:
        db.close()
    if row is None or row[0] != sha:
        return False
    path = root / relative_path(sha, row[1])
    return path.exists() and sha256(path) == sha


def wait_service(datadir: DataDir, proc: subprocess.Popen[bytes]) -> None:
    from station.service import channel

    deadline = time.monotonic() + 60
    while True:
        try:
            channel.call(datadir, "state", timeout=5)
            return
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def service_relay(work: Path, interval: float, runs: int) -> bool:
    from sync.engine import run_once
    from sync.hub.process import HubProcess
    from sync.hub.serve import add_relay_item
    from sync.hub.store import HubStore

    os.environ.update(NO_KEYRING)  # the token goes to the station's private file
    files = [mp3(work / f"relay-{n}.mp3", 60.0, 440 + 110 * n) for n in range(runs)]
    ok = True
    with HubProcess(work / "hub") as hub:
        store = HubStore(hub.data_dir)
        token = store.add_station("Bench")[1]
        store.close()
        datadir = DataDir(work / "station")
        st = new_station(datadir.root)
        settings.SYNC_INTERVAL_MIN.set(st.db, interval / 60.0)
        settings.SYNC_HUB_URL.set(st.db, hub.url)
        first = run_once(st, hub.url, token)
        from sync.token import save_token

        save_token(st.datadir, hub.url, token)
        db_path, store_root = st.datadir.db_path, st.store.root
        st.close()
        assert first.ok, first.summary()
        exe = Path(sys.executable).with_name("station")
        proc = subprocess.Popen([str(exe), "--data-dir", str(datadir.root), "service", "run"],
                                env={**os.environ, **NO_KEYRING}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        times: list[float] = []
        plain: list[float] = []
        try:
            wait_service(datadir, proc)
            for n, source in enumerate(files):
                time.sleep(random.uniform(0, interval))  # any moment of the sync cycle
                t0 = time.monotonic()
                item_id = add_relay_item(hub.data_dir, "thoi-su", source, f"Tin {n + 1}")
                published = time.monotonic()
                sha = sha256(source)
                deadline = published + 6 * interval + 30
                while not playable(db_path, store_root, item_id, sha):
                    if time.monotonic() > deadline or proc.poll() is not None:
                        state = subprocess.run([str(exe), "--data-dir", str(datadir.root),
                                                "service", "status", "--json"],
                                               capture_output=True, text=True)
                        raise RuntimeError(f"the relay item never became playable; the"
                                           f" service says: {state.stdout}{state.stderr}")
                    time.sleep(0.02)
                times.append(time.monotonic() - published)
                # The baseline: the same file alone, one plain GET from the hub.
                g0 = time.monotonic()
                resp = httpx.get(f"{hub.url}/api/sync/v1/media/{sha}", timeout=30,
                                 headers={"Authorization": f"Bearer {token}"})
                plain.append(time.monotonic() - g0)
                assert resp.status_code == 200 and hashlib.sha256(resp.content).hexdigest() == sha
                print(f"   run {n + 1}: add-relay {published - t0:.2f} s; published to playable"
                      f" {times[-1]:.2f} s; plain GET of the file {plain[-1] * 1000:.1f} ms")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    target = interval + max(plain)
    print(f"2. hub add-relay to playable, service syncing every {interval:g} s,"
          f" {files[0].stat().st_size} byte files, {runs} runs: max {max(times):.2f} s,"
          f" mean {sum(times) / len(times):.2f} s; download alone max {max(plain) * 1000:.1f} ms;"
          f" target < {target:.2f} s (interval + download)")
    ok &= max(times) < target
    return ok


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=float, default=8.0)
    ap.add_argument("--interval", type=float, default=5.0, help="the service's sync interval")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=("cuts", "service"), help="one figure only")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-relay-"))
    try:
        ok = True
        if args.only != "service":
            ok &= cuts(work, args.size_mb)
        if args.only != "cuts":
            ok &= service_relay(work, args.interval, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ALL TARGETS MET" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
