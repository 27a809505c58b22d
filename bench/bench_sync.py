"""Sync figures on loopback (DESIGN.md section 6, issue 6):

1. a 500 MB upload cut at every 10 % through the fault proxy: bytes sent / file size
   (target <= 1.05; a plain tus client with default settings sent 1.26-1.40x);
2. 10,000 metadata changes pushed, then pulled by a second workstation (target < 15 s;
   the push includes its own changes coming back down the feed);
3. an upload over a proxy throttled to 2 Mbit/s: throughput / link rate (target >= 0.90).

Run: .venv/bin/python bench/bench_sync.py [--size-mb 500] [--changes 10000] [--throttled-mb 4]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from station import settings, users
from station.clock import now_iso
from station.library import items as library
from station.paths import DataDir
from station.startup import create_station
from station.station import Station
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from sync.hub.store import HubStore

MB = 1024 * 1024
PASSWORD = "bench-password-1"


def new_station(root: Path) -> Station:
    st = create_station(DataDir(root), "Bench", "admin", PASSWORD, "Admin")
    users.login(st, "admin", PASSWORD)
    settings.SYNC_STALL_TIMEOUT_S.set(st.db, 5.0)
    return st


def add_big_file(st: Station, size: int) -> str:
    temp = st.store.new_temp(".wav")
    digest = hashlib.sha256()
    block = os.urandom(4 * MB)
    with open(temp, "wb") as fh:
        left = size
        while left:
            chunk = block[:min(left, len(block))]
            digest.update(chunk)
            fh.write(chunk)
            left -= len(chunk)
    sha = digest.hexdigest()
    item = library.new_item(st, "audio", "Bench file", asset_sha256=sha)

    def rows() -> None:
        st.db.execute("INSERT INTO assets (sha256, ext, size, kind, created_at)"
                      " VALUES (?, 'wav', ?, 'audio', ?)", [sha, size, now_iso()])
        library.insert_item(st, item)

    library.place_file(st, temp, sha, "wav", rows)
    return sha


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=500)
    ap.add_argument("--changes", type=int, default=10_000)
    ap.add_argument("--throttled-mb", type=float, default=4.0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    ok = True
    try:
        with HubProcess(work / "hub") as hub:
            store = HubStore(hub.data_dir)
            token = store.add_station("Bench")[1]
            # Its own station for the metadata run: the feed then holds those 10,000 changes
            # only (not the 500 MB file of the first part, which a new workstation fetches).
            meta_token = store.add_station("Bench metadata")[1]
            store.close()

            # 1. big upload, cut at every tenth
            st = new_station(work / "a")
            size = args.size_mb * MB
            sha = add_big_file(st, size)
            with FaultProxy(hub.port) as proxy:
                proxy.cut_every(size, 10, "up")
                t0 = time.monotonic()
                rep = run_once(st, proxy.url, token)
                took = time.monotonic() - t0
                same = (hub.data_dir / "media" / "sha256" / sha[:2] / sha[2:4] / sha).stat(
                    ).st_size == size
                ratio = proxy.bytes_up / size
                print(f"upload {args.size_mb} MB cut {proxy.cuts}x: sent {proxy.bytes_up} bytes"
                      f" = {ratio:.4f}x the file (target <= 1.05) in {took:.1f} s;"
                      f" ok={rep.ok} committed={same}")
                ok &= rep.ok and same and ratio <= 1.05
            st.store.remove(sha, "wav")
            st.close()

            # 2. 10,000 metadata changes up and down
            st = new_station(work / "b")
            with st.db.atomic():
                for i in range(args.changes):
                    library.insert_item(st, library.new_item(st, "text", f"Tin số {i}"),
                                        f"Nội dung {i}")
            t0 = time.monotonic()
            rep = run_once(st, hub.url, meta_token)
            push_s = time.monotonic() - t0
            other = new_station(work / "c")
            t0 = time.monotonic()
            rep2 = run_once(other, hub.url, meta_token)
            pull_s = time.monotonic() - t0
            got = library.count(other)
            total = push_s + pull_s
            print(f"{args.changes} changes: push {push_s:.2f} s ({rep.pushed} sent,"
                  f" {rep.pushed / push_s:.0f}/s), pull {pull_s:.2f} s ({rep2.pulled} received,"
                  f" {rep2.pulled / pull_s:.0f}/s, {got} items); total {total:.2f} s ="
                  f" {total / 15:.2f} of the 15 s target")
            ok &= rep.ok and rep2.ok and got >= args.changes and push_s + pull_s < 15
            st.close()
            other.close()

            # 3. throttled link, 2 Mbit/s
            st = new_station(work / "d")
            tsize = int(args.throttled_mb * MB)
            sha = add_big_file(st, tsize)
            link = 2_000_000 / 8
            with FaultProxy(hub.port) as proxy:
                proxy.rate_bps = link
                from sync import engine, media

                hubc = engine.open_hub(st, proxy.url, token)
                report = engine.SyncReport()
                engine.hello(st, hubc, report)
                start_bytes = proxy.bytes_up
                t0 = time.monotonic()
                media.upload(st, hubc, sha, st.store.path(sha, "wav"), tsize)
                took = time.monotonic() - t0
                hubc.close()
                rate = (proxy.bytes_up - start_bytes) / took
                useful = tsize / took
                print(f"throttled 2 Mbit/s: {tsize} bytes in {took:.1f} s = {useful * 8 / 1e6:.3f}"
                      f" Mbit/s of file data = {useful / link:.3f} of the link (target >= 0.90);"
                      f" on the wire {rate / link:.3f}")
                ok &= useful / link >= 0.90
            st.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ALL TARGETS MET" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
