"""Sync and relay refresh as a job of the unattended service (station/service). The link to
the hub is probed every few seconds (a TCP connect: cheap); a sync runs when the link is
first seen, when it comes back, and every SYNC_INTERVAL_MIN minutes while it is up. After
each sync the relay feeds are read and what is new is downloaded.

The composition root (ui/launch.py) plugs :func:`jobs` into the service, so the core never
imports sync.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from media.taskstate import TaskState
from station.service.jobs import JobFactory, Periodic
from station.station import Station
from sync.link import link_up

log = logging.getLogger(__name__)

LINK_CHECK_S = 4.0


class SyncJob(Periodic):
    name = "sync"
    every_s = LINK_CHECK_S

    def __init__(self) -> None:
        super().__init__()
        self.link: bool | None = None
        self.last: dict[str, Any] | None = None  # the last run, for the status file
        self._last_run: float | None = None

    def work(self, st: Station, state: TaskState) -> None:
        from station import settings

        hub_url = settings.SYNC_HUB_URL.get(st.db)
        if not hub_url:
            self.link = None
            return
        up = link_up(hub_url)
        first_or_back = up and not self.link
        self.link = up
        interval = max(settings.SYNC_INTERVAL_MIN.get(st.db), 1) * 60.0
        due = self._last_run is None or time.monotonic() - self._last_run >= interval
        if up and (first_or_back or due):
            self._last_run = time.monotonic()
            self.run(st, hub_url, state)

    def run(self, st: Station, hub_url: str, state: TaskState) -> None:
        from station.clock import now_iso
        from sync import engine

        report = engine.run_once(st, state=state)
        self.last = {"at": now_iso(), "ok": report.ok, "summary": report.summary(),
                     "hub": report.hub, "pushed": report.pushed, "pulled": report.pulled,
                     "uploaded": report.uploaded, "downloaded": report.downloaded,
                     "relay_imported": report.relay_imported, "relay": None}
        log.info("service %s", report.summary())
        if report.ok:
            self.last["relay"] = self._relay(st, hub_url, state)

    def _relay(self, st: Station, hub_url: str, state: TaskState) -> dict[str, Any] | None:
        from sync import engine, relay
        from sync.token import load_token

        # The province's feeds came with the sync itself (engine.run_once, province_relay).
        outside = [str(r[0]) for r in st.db.execute(
            "SELECT id FROM relay_feeds WHERE active = 1 AND province_feed IS NULL")]
        if not outside:
            return None
        token = load_token(st.datadir, hub_url)
        hub = engine.open_hub(st, hub_url, token) if token else None
        try:
            found = relay.refresh(st, hub, state=state, only=outside)
        except Exception as exc:  # a bad feed must not stop the next sync
            log.exception("relay refresh failed")
            return {"ok": False, "errors": [str(exc)]}
        finally:
            if hub is not None:
                hub.close()
        return {"ok": not found.errors, "feeds": found.feeds, "new": found.new_entries,
                "imported": len(found.imported),
                "errors": [str(e) for e in found.errors]}

    def commands(self) -> dict[str, Any]:
        return {"sync.now": self._now}

    def _now(self, st: Station, _args: dict[str, Any]) -> None:
        """An operator's "sync now": the next run starts at once if the link is up."""
        from station.rights import Right

        st.require(Right.SYNC_RUN, "sync now")
        self._last_run = None
        self.wake()

    def status(self, st: Station) -> dict[str, Any]:
        return {"last_sync": None if self.last is None else {**self.last, "link": self.link}}


def jobs() -> list[JobFactory]:
    """The service jobs of the sync layer."""
    return [SyncJob]
