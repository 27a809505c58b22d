"""One refresh of some relay feeds and its account per feed: what was found, added, resumed
after a cut, refused and why, and whether the feed could be read at all. The account is
recorded as the feed's ``last_result`` (shown by `station relay list` and the Relay tab).

:func:`refresh_and_record` is the one place that does this, whoever asks: `station relay
refresh` and the service's scheduled refresh (sync/subscriptions.py, sync/service.py) for the
outside feeds, and every sync for the province's feeds (sync/province_relay.py)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from media.taskstate import TaskState
from station.clock import now_iso
from station.station import Station
from sync import relay
from sync.transport import Hub


@dataclass
class FeedRefresh:
    """What one refresh did to one feed."""
    id: str
    url: str
    title: str
    reached: bool = True
    error: str = ""
    new: int = 0  # entries found for the first time
    added: list[dict[str, str]] = field(default_factory=list)  # title, item_id
    resumed: list[dict[str, str]] = field(default_factory=list)  # title, item_id
    refused: list[dict[str, str]] = field(default_factory=list)  # title, url, reason
    # Each English reason above, typed (sync/errors.py typed_json): for the window.
    typed: dict[str, str] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        found = asdict(self)
        del found["typed"]
        return found

    def last_result(self, at: str) -> dict[str, Any]:
        """The short account kept with the feed (relay_feeds.last_result)."""
        return {"at": at, "reached": self.reached, "error": self.error, "new": self.new,
                "added": len(self.added), "resumed": len(self.resumed),
                "refused": len(self.refused)}


@dataclass
class RefreshResult:
    feeds: list[FeedRefresh] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # not of one feed (a full disk)

    @property
    def ok(self) -> bool:
        """Something could be reached (or there was nothing to reach)."""
        return not self.feeds or any(f.reached for f in self.feeds)

    def to_json_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "feeds": [f.to_json_dict() for f in self.feeds],
                "errors": self.errors}

    def summary(self) -> dict[str, Any]:
        """Counts for a status line (the service's status file)."""
        return {"ok": self.ok, "feeds": len(self.feeds),
                "reached": sum(f.reached for f in self.feeds),
                "new": sum(f.new for f in self.feeds),
                "added": sum(len(f.added) for f in self.feeds),
                "resumed": sum(len(f.resumed) for f in self.feeds),
                "refused": sum(len(f.refused) for f in self.feeds),
                "errors": [f.error for f in self.feeds if f.error] + self.errors}


def refresh_and_record(st: Station, feed_ids: list[str], hub: Hub | None, *,
                       deadline_s: float = 1800, state: TaskState | None = None
                       ) -> tuple[RefreshResult, relay.RelayReport]:
    """Refresh the feeds ``feed_ids`` (through ``hub`` for the hub's own feeds), download and
    import what is new, and record per feed what came. No rights are checked here: the
    callers do (or run as the service, or as a sync)."""
    result = RefreshResult()
    marks = ", ".join("?" for _ in feed_ids)
    feeds = st.db.execute(f"SELECT id, url, title FROM relay_feeds WHERE id IN ({marks})",
                          feed_ids).fetchall() if feed_ids else []
    if not feeds:
        return result, relay.RelayReport()
    before = {(r[0], r[1]): (r[2], r[3]) for r in st.db.execute(
        "SELECT feed_id, guid, status, attempts FROM relay_entries")}
    had_part = {k for k, (status, _) in before.items()
                if status == "pending" and relay.part_file(st, *k).exists()}
    report = relay.refresh(st, hub, deadline_s=deadline_s, state=state,
                           only=[f[0] for f in feeds])
    feed_errors = {str(e) for e in report.errors}
    by_feed = {fid: FeedRefresh(fid, url, title) for fid, url, title in feeds}
    for fid, guid, title, url, status, attempts, item_id, last_error, typed in st.db.execute(
            "SELECT feed_id, guid, title, url, status, attempts, item_id, last_error,"
            " last_error_typed FROM relay_entries").fetchall():
        done = by_feed.get(fid)
        if done is None:
            continue
        old = before.get((fid, guid))
        if old is None:
            done.new += 1
        if status == "imported" and (old is None or old[0] != "imported"):
            line = {"title": title, "item_id": item_id or ""}
            (done.resumed if (fid, guid) in had_part else done.added).append(line)
        elif status == "failed" and (old is None or old != (status, attempts)):
            done.refused.append({"title": title, "url": url, "reason": last_error})
            done.typed[last_error] = typed
            feed_errors.discard(last_error)
    for fid, error, typed, title in st.db.execute(
            "SELECT id, last_error, last_error_typed, title FROM relay_feeds"):
        if fid in by_feed:
            by_feed[fid].title = title
            if error and error in feed_errors:
                by_feed[fid].reached, by_feed[fid].error = False, error
                by_feed[fid].typed[error] = typed
                feed_errors.discard(error)
    result.feeds = list(by_feed.values())
    result.errors = sorted(feed_errors)
    at = now_iso()
    with st.db.atomic():
        for done in result.feeds:
            st.db.execute("UPDATE relay_feeds SET last_result = ? WHERE id = ?",
                          [json.dumps(done.last_result(at), ensure_ascii=False), done.id])
    return result, report
