"""One Station process per data dir."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.errors import InstanceLocked
from station.lock import InstanceLock


def test_second_process_is_refused_and_told_who_holds_it(tmp_path: Path) -> None:
    lock_path = tmp_path / "station.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from station.lock import InstanceLock\n"
         f"l = InstanceLock(Path({str(lock_path)!r})); l.acquire(); print('held', flush=True)\n"
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(InstanceLocked) as info:
            InstanceLock(lock_path).acquire()
        assert str(holder.pid) in str(info.value)
    finally:
        holder.kill()
        holder.wait()
    # The OS drops the lock with the dead process: the next start is not blocked.
    deadline = time.monotonic() + 5
    while True:
        try:
            with InstanceLock(lock_path):
                break
        except InstanceLocked:
            assert time.monotonic() < deadline
            time.sleep(0.05)
