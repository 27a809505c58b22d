"""Sync and relay refresh as a job of the unattended service (station/service). The link to
the hub is probed every few seconds (a TCP connect: cheap); a sync runs when the link is
first seen, when it comes back, and every SYNC_INTERVAL_MIN minutes while it is up. After
each sync the outside relay feeds are read and what is new is downloaded (and on the same
interval with no hub, or while it is down); the province's feeds come with the sync itself.

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
MIN_INTERVAL_S = 5.0  # the shortest sync interval the settings may ask for


def interval_s(st: Station) -> float:
    """Seconds between scheduled syncs (and outside-feed refreshes), from the settings."""
    from station import settings

    return max(float(settings.SYNC_INTERVAL_MIN.get(st.db)) * 60.0, MIN_INTERVAL_S)


class SyncJob(Periodic):
    name = "sync"
    every_s = LINK_CHECK_S

    def __init__(self) -> None:
        super().__init__()
        self.link: bool | None = None
        self.last: dict[str, Any] | None = None  # the last run, for the status file
        self.last_relay: dict[str, Any] | None = None  # the last refresh of outside feeds
        self._last_run: float | None = None
        self._last_relay: float | None = None

    def work(self, st: Station, state: TaskState) -> None:
        from station import settings

        hub_url = settings.SYNC_HUB_URL.get(st.db)
        interval = interval_s(st)
        if not hub_url:
            self.link = None
        else:
            up = link_up(hub_url)
            first_or_back = up and not self.link
            self.link = up
            if up and (first_or_back or self._due(self._last_run, interval)):
                self._last_run = time.monotonic()
                self.run(st, hub_url, state)
        # Outside feeds are on the internet, not on the hub: refreshed on time without one.
        if self._due(self._last_relay, interval):
            self._last_relay = time.monotonic()
            self.last_relay = self._relay(st, state)
        # Wake when the next run is due rather than up to a link check later.
        # (While the link is down it is probed every LINK_CHECK_S.)
        lasts = [self._last_relay] + ([self._last_run] if self.link else [])
        waits = [LINK_CHECK_S] + [last + interval - time.monotonic() for last in lasts
                                  if last is not None]
        self.every_s = max(min(waits), 0.05)

    @staticmethod
    def _due(last: float | None, interval: float) -> bool:
        return last is None or time.monotonic() - last >= interval

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
            self._last_relay = time.monotonic()
            self.last["relay"] = self.last_relay = self._relay(st, state)

    def _relay(self, st: Station, state: TaskState) -> dict[str, Any] | None:
        """The scheduled refresh of the outside feeds: the very refresh of `station relay
        refresh`, which records each feed's last result. The province's feeds came with the
        sync itself (engine.run_once, province_relay)."""
        from sync import subscriptions

        try:
            found = subscriptions.refresh_feeds(st, state=state)
        except Exception as exc:  # a bad feed must not stop the next sync
            log.exception("relay refresh failed")
            return {"ok": False, "errors": [str(exc)]}
        return found.summary() if found.feeds else None

    def commands(self) -> dict[str, Any]:
        return {"sync.now": self._now}

    def _now(self, st: Station, _args: dict[str, Any]) -> None:
        """An operator's "sync now": the next run starts at once if the link is up."""
        from station.rights import Right

        st.require(Right.SYNC_RUN, "sync now")
        self._last_run = None
        self.wake()

    def status(self, st: Station) -> dict[str, Any]:
        return {"last_sync": None if self.last is None else {**self.last, "link": self.link},
                "last_relay": self.last_relay}


def jobs() -> list[JobFactory]:
    """The service jobs of the sync layer."""
    return [SyncJob]
