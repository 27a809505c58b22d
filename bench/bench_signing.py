"""Signing and verifying the approval of a week's schedule, against the plain SHA-256 seal of
the same content in the same run.

Builds a throw-away station with a week of 7 days x 3 sessions x 12 slots (252 items, each with
its own file), submits it as the editor and approves it as the chief, then times (median of
--runs):

- content: the canonical content of the week (rows and file hashes from the database), which
  both the seal and the signature cover;
- baseline: the plain SHA-256 seal of that content (``seal_of``);
- sign: building the signed payload and the Ed25519 signature, the key already unlocked;
- unlock: opening the chief's key with the password (scrypt, once per login session);
- verify: ``verify_seal`` without re-hashing (seal, signature, key, content, audit chain);
- signature check alone (``signing.check``), and ``verify_seal(rehash=True)`` re-hashing the
  week's files (their size is printed).

    .venv/bin/python bench/bench_signing.py [--runs 30] [--file-kb 256]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from station import keys, users  # noqa: E402
from station.clock import now_iso  # noqa: E402
from station.library import items as library  # noqa: E402
from station.paths import DataDir  # noqa: E402
from station.rights import Role  # noqa: E402
from station.schedule import approval, signing  # noqa: E402
from station.schedule import periods as schedule  # noqa: E402
from station.schedule.model import canonical_json, content_of, load, seal_of  # noqa: E402
from station.startup import create_station  # noqa: E402
from station.station import Station  # noqa: E402

MONDAY = date(2031, 3, 3)
CHIEF_PW = "chief-password"


def _item(st: Station, title: str, seconds: float, size: int) -> str:
    data = os.urandom(size)
    sha = hashlib.sha256(data).hexdigest()
    path = st.store.path(sha, "wav")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    item = library.new_item(st, "audio", title, duration_s=seconds, asset_sha256=sha)
    now = now_iso()
    with st.db.atomic():
        st.db.execute("INSERT INTO assets (sha256, ext, size, kind, created_at, duration_s,"
                      " integrated_lufs, analyzed_at) VALUES (?, 'wav', ?, 'audio', ?, ?, -23, ?)",
                      [sha, size, now, seconds, now])
        library.insert_item(st, item, None, gain_db=0.0)
    return item.id


def build(root: Path, file_kb: int) -> tuple[Station, str]:
    st = create_station(DataDir(root), "Đài đo", "admin", "admin-password", "Quản trị")
    users.create_user(st, "editor", "editor-password", Role.EDITOR)
    users.create_user(st, "chief", CHIEF_PW, Role.CHIEF)
    users.login(st, "editor", "editor-password")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    n = 0
    for day in range(7):
        for start in ("05:30", "11:00", "17:00"):
            session, _ = schedule.add_session(st, sched.id, MONDAY + timedelta(days=day), start,
                                              minutes=60, title=f"Buổi {start}")
            for _ in range(12):
                n += 1
                schedule.add_slot(st, sched.id, session.key,
                                  item_id=_item(st, f"Bản tin {n}", 240, file_kb * 1024))
    approval.submit(st, sched.id)
    users.login(st, "chief", CHIEF_PW)
    approval.approve(st, sched.id)
    return st, sched.id


def timed(fn: Callable[[], object], runs: int) -> float:
    """Median milliseconds of ``runs`` calls."""
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--file-kb", type=int, default=256)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-signing-") as tmp:
        st, sid = build(Path(tmp) / "data", args.file_kb)
        try:
            sched = load(st, sid)
            slots = sum(len(x.slots) for x in sched.sessions)
            assert st.user is not None
            content_json = canonical_json(content_of(st, sched))
            at, user_id = sched.decided_at or now_iso(), st.user.id
            keys.signing_key(st, user_id)  # the session's key, unlocked once
            sealed = st.db.execute("SELECT sealed_content FROM schedules WHERE id = ?",
                                   [sid]).fetchone()[0]
            check = approval.verify_seal(st, sid, rehash=True)
            assert check.ok and check.signed_by == "chief", check

            content = timed(lambda: canonical_json(content_of(st, sched)), args.runs)
            baseline = timed(lambda: seal_of(content_json, "chief", at), args.runs)
            sign = timed(lambda: signing.sign(st, sched, content_json,
                                              seal_of(content_json, "chief", at), at),
                         args.runs)
            unlock = timed(lambda: keys.unlock(st, user_id, CHIEF_PW), max(3, args.runs // 10))
            sig_only = timed(lambda: signing.check(st, sched, sealed), args.runs)
            verify = timed(lambda: approval.verify_seal(st, sid), args.runs)
            rehash = timed(lambda: approval.verify_seal(st, sid, rehash=True),
                           max(3, args.runs // 10))
        finally:
            st.close()
    mb = slots * args.file_kb / 1024
    print(f"a week: {len(sched.sessions)} sessions, {slots} slots, {len(content_json):,} bytes "
          f"of canonical content, {mb:.0f} MB of files")
    print(f"canonical content (both)        {content:8.2f} ms")
    print(f"baseline: SHA-256 seal          {baseline:8.3f} ms")
    print(f"sign (payload + Ed25519)        {sign:8.3f} ms   ({sign / baseline:.0f}x baseline)")
    print(f"signature check alone           {sig_only:8.3f} ms")
    print(f"verify_seal (no re-hash)        {verify:8.2f} ms")
    print(f"sign + verify                   {sign + verify:8.2f} ms   (target < 50 ms)")
    print(f"unlock key (scrypt, per login)  {unlock:8.2f} ms")
    print(f"verify_seal re-hashing files    {rehash:8.2f} ms   ({mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
