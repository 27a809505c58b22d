"""Outside relay feeds as the station manages them (`station relay ...`, the Relay tab):
subscribe, list, refresh on demand with a per-feed account of what came, and remove.
Subscribing and removing change what the station imports unattended, as a watched folder
does: they need the settings right and are audited."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from station import settings
from station.clock import now_iso
from station.rights import Right
from station.station import Station
from sync import relay
from sync.errors import QT_TRANSLATE_NOOP, FeedRefused
from sync.feeds import DEFAULT_KEEP


@dataclass
class Feed:
    id: str
    url: str
    title: str
    keep: int
    province: bool
    last_checked_at: str | None
    last_error: str
    last_result: dict[str, Any]
    entries: dict[str, int]  # status -> count: pending, imported, failed

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


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

    def to_json_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def subscribe_feed(st: Station, url: str, title: str = "", keep: int = DEFAULT_KEEP,
                   category: str = "") -> Feed:
    """Subscribe to a feed (or update the title and keep of the one the station has)."""
    st.require(Right.SETTINGS_MANAGE, "relay subscribe")
    if keep < 1:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: keep at least one "
                                            "episode"), url=url)
    with st.db.atomic():
        fid = relay.subscribe(st, url, category, title)
        st.db.execute("UPDATE relay_feeds SET keep = ?, active = 1 WHERE id = ?", [keep, fid])
        if title:
            st.db.execute("UPDATE relay_feeds SET title = ? WHERE id = ?", [title, fid])
        st.audit("relay.subscribe", "relay_feed", fid, {"url": url, "keep": keep})
    return get_feed(st, fid)


def _province_sql(st: Station) -> str:
    columns = {r[1] for r in st.db.execute("PRAGMA table_info(relay_feeds)")}
    return "province_feed IS NOT NULL" if "province_feed" in columns else "0"


def list_feeds(st: Station) -> list[Feed]:
    st.require(Right.LIBRARY_VIEW, "relay list")
    counts: dict[str, dict[str, int]] = {}
    for fid, status, n in st.db.execute(
            "SELECT feed_id, status, count(*) FROM relay_entries GROUP BY feed_id, status"):
        counts.setdefault(fid, {})[status] = n
    rows = st.db.execute(
        f"SELECT id, url, title, keep, {_province_sql(st)}, last_checked_at, last_error,"
        " last_result FROM relay_feeds WHERE active = 1 ORDER BY created_at").fetchall()
    return [Feed(str(r[0]), r[1], r[2], int(r[3]), bool(r[4]), r[5], r[6],
                 json.loads(r[7] or "{}"),
                 {s: counts.get(r[0], {}).get(s, 0) for s in ("pending", "imported", "failed")})
            for r in rows]


def get_feed(st: Station, feed_id: str) -> Feed:
    for found in list_feeds(st):
        if found.id == feed_id:
            return found
    raise FeedRefused(QT_TRANSLATE_NOOP("sync", "there is no relay feed {url}"), url=feed_id)


def remove_feed(st: Station, feed_id: str) -> None:
    """Remove a subscription and its pending downloads; imported items stay in the library
    (they follow its retention)."""
    st.require(Right.SETTINGS_MANAGE, "relay remove")
    found = get_feed(st, feed_id)
    if found.province:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} is the province's feed: it comes "
                                            "with sync and cannot be removed here"),
                          url=found.url)
    parts = st.datadir.root / "sync" / "relay"
    with st.db.atomic():
        for (guid,) in st.db.execute("SELECT guid FROM relay_entries WHERE feed_id = ?"
                                     " AND status = 'pending'", [feed_id]).fetchall():
            key = hashlib.sha256(f"{feed_id}\0{guid}".encode()).hexdigest()[:32]
            (parts / f"{key}.part").unlink(missing_ok=True)
        st.db.execute("DELETE FROM relay_entries WHERE feed_id = ?", [feed_id])
        st.db.execute("DELETE FROM relay_feeds WHERE id = ?", [feed_id])
        st.audit("relay.remove", "relay_feed", feed_id,
                 {"url": found.url, "imported": found.entries["imported"]})


def _snapshot(st: Station) -> dict[tuple[str, str], tuple[str, int]]:
    return {(r[0], r[1]): (r[2], r[3]) for r in st.db.execute(
        "SELECT feed_id, guid, status, attempts FROM relay_entries")}


def refresh_feeds(st: Station, deadline_s: float = 1800) -> RefreshResult:
    """Read every outside feed now, download and import what is new, and say per feed what
    was added, resumed after a cut, and refused with the reason. The province's feeds come
    with `station sync`."""
    from sync import engine
    from sync.token import load_token

    st.require(Right.SYNC_RUN, "relay refresh")
    outside = [f for f in list_feeds(st) if not f.province]
    result = RefreshResult()
    if not outside:
        return result
    before = _snapshot(st)
    parts = st.datadir.root / "sync" / "relay"
    had_part = {k for k, (status, _) in before.items() if status == "pending" and (
        parts / (hashlib.sha256(f"{k[0]}\0{k[1]}".encode()).hexdigest()[:32] + ".part")
    ).exists()}
    hub_url = settings.SYNC_HUB_URL.get(st.db)
    token = load_token(st.datadir, hub_url) if hub_url else None
    hub = engine.open_hub(st, hub_url, token) if hub_url and token else None
    try:
        report = relay.refresh(st, hub, deadline_s=deadline_s, only=[f.id for f in outside])
    finally:
        if hub is not None:
            hub.close()
    feed_errors = {str(e) for e in report.errors}
    rows = st.db.execute("SELECT e.feed_id, e.guid, e.title, e.url, e.status, e.attempts,"
                         " e.item_id, e.last_error FROM relay_entries e").fetchall()
    by_feed = {f.id: FeedRefresh(f.id, f.url, f.title) for f in outside}
    for fid, guid, title, url, status, attempts, item_id, last_error in rows:
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
            feed_errors.discard(last_error)
    for fid, error, title in st.db.execute("SELECT id, last_error, title FROM relay_feeds"):
        if fid in by_feed:
            by_feed[fid].title = title
            if error and error in feed_errors:
                by_feed[fid].reached, by_feed[fid].error = False, error
                feed_errors.discard(error)
    result.feeds = list(by_feed.values())
    result.errors = sorted(feed_errors)
    with st.db.atomic():
        for done in result.feeds:
            st.db.execute("UPDATE relay_feeds SET last_result = ? WHERE id = ?", [json.dumps({
                "at": now_iso(), "reached": done.reached, "error": done.error,
                "added": len(done.added) + len(done.resumed),
                "refused": len(done.refused)}, ensure_ascii=False), done.id])
    return result
