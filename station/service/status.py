"""Is the service running? The lock says whether a supervisor holds the data dir; the status
file the worker rewrites every second says what it does and whether it still beats."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station.paths import DataDir

LOCK_NAME = "service.lock"  # held by the supervisor; it writes its pid there
STALE_S = 5.0  # a heartbeat older than this: the worker is stuck or being restarted


def lock_path(datadir: DataDir) -> Path:
    return datadir.root / LOCK_NAME


def read(datadir: DataDir) -> dict[str, Any] | None:
    from station.service.worker import status_path

    try:
        found = json.loads(status_path(datadir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def heartbeat_age(found: dict[str, Any]) -> float | None:
    from station.clock import parse_iso

    try:
        return time.time() - parse_iso(str(found["heartbeat"])).timestamp()
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class ServiceState:
    state: str  # running, stale (held but not beating), stopped (the lock is free)
    supervisor_pid: int | None
    found: dict[str, Any]  # the last status file ({} when there is none)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def pid(self) -> int | None:
        """The worker's: the process doing the work."""
        pid = self.found.get("pid")
        return pid if self.running and isinstance(pid, int) else None

    def to_json_dict(self) -> dict[str, Any]:
        f = self.found
        return {"running": self.running, "state": self.state, "pid": self.pid,
                "supervisor_pid": self.supervisor_pid, "heartbeat": f.get("heartbeat"),
                "started_at": f.get("started_at"), "version": f.get("version"),
                "playing": bool(f.get("playing")), "on_air": f.get("on_air"),
                "next_event": f.get("next_event"),
                "next_recording": f.get("next_recording"), "last_sync": f.get("last_sync"),
                "alarms": f.get("alarms") or []}


def check(datadir: DataDir) -> ServiceState:
    from station.lock import holder
    from station.procs import pid_alive

    held = holder(lock_path(datadir))
    found = read(datadir) or {}
    if held is None:
        return ServiceState("stopped", None, found)
    supervisor = int(held) if held.isdigit() else None
    age = heartbeat_age(found)
    pid = found.get("pid")
    beating = (age is not None and age <= STALE_S and not found.get("stopped")
               and isinstance(pid, int) and pid_alive(pid)
               and (supervisor is None or found.get("supervisor_pid") == supervisor))
    return ServiceState("running" if beating else "stale", supervisor, found)
