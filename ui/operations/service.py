"""Verbs for the station service (station/service): send it a command as the logged-in user,
start it when none runs. Commands go to a one-thread pool of their own, so an operator's Skip
never waits behind a sync or a long database job."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.errors import QT_TRANSLATE_NOOP, PermissionDenied, ServiceUnavailable
from station.service import channel
from station.station import Station
from ui.operations import Op

POOL = "service"
START_WAIT_S = 30.0  # opening the station and the audio device, and the first heartbeat


def command(parent: QObject | None, st: Station, op: str, **args: Any) -> Op[Any]:
    """Ask the service to do ``op`` as the logged-in user (checked and audited in the core)."""
    user = st.user

    def work(_s: TaskState) -> Any:
        if user is None:
            raise PermissionDenied(QT_TRANSLATE_NOOP(
                "errors", "a command to the service must say which user sends it"))
        return channel.call(st.datadir, op, user.username, **args)

    return Op(work, parent, POOL)


def start_service(parent: QObject | None, st: Station) -> Op[int]:
    """Start `station service run` in the background, detached from the window (it goes on
    when the window closes), and wait for its worker's first heartbeat; its pid."""

    def work(state: TaskState) -> int:
        from station.service import status, supervisor

        supervisor.start_detached(st.datadir)
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            state.check()
            found = status.check(st.datadir)
            if found.running and found.pid is not None:
                try:
                    channel.call(st.datadir, "state", timeout=5)
                except ServiceUnavailable:
                    pass
                else:
                    return found.pid
            time.sleep(0.2)
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service did not start ({reason})"),
            reason=str(st.datadir.logs / "station.log"))

    return Op(work, parent, "work")
