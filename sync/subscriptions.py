"""Outside relay feeds as the station manages them (`station relay ...`, the Relay tab):
subscribe, list, refresh on demand with a per-feed account of what came, and remove.
Subscribing and removing change what the station imports unattended, as a watched folder
does: they need the settings right and are audited."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from media.taskstate import TaskState
from station import settings
from station.rights import Right
from station.station import Station
from sync import relay
from sync.errors import QT_TRANSLATE_NOOP, FeedRefused
from sync.feed_refresh import FeedRefresh, RefreshResult, refresh_and_record
from sync.feeds import DEFAULT_KEEP

__all__ = ["Feed", "FeedRefresh", "RefreshResult", "get_feed", "list_feeds", "refresh_feeds",
           "remove_feed", "subscribe_feed"]


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
    last_error_typed: str = ""  # the same, typed (sync/errors.py typed_json): for the window

    def to_json_dict(self) -> dict[str, Any]:
        found = asdict(self)
        del found["last_error_typed"]
        return found


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
        " last_result, last_error_typed FROM relay_feeds WHERE active = 1 ORDER BY created_at"
    ).fetchall()
    return [Feed(str(r[0]), r[1], r[2], int(r[3]), bool(r[4]), r[5], r[6],
                 json.loads(r[7] or "{}"),
                 {s: counts.get(r[0], {}).get(s, 0) for s in ("pending", "imported", "failed")},
                 r[8])
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
    with st.db.atomic():
        for (guid,) in st.db.execute("SELECT guid FROM relay_entries WHERE feed_id = ?"
                                     " AND status = 'pending'", [feed_id]).fetchall():
            relay.part_file(st, feed_id, guid).unlink(missing_ok=True)
        st.db.execute("DELETE FROM relay_entries WHERE feed_id = ?", [feed_id])
        st.db.execute("DELETE FROM relay_feeds WHERE id = ?", [feed_id])
        st.audit("relay.remove", "relay_feed", feed_id,
                 {"url": found.url, "imported": found.entries["imported"]})


def refresh_feeds(st: Station, deadline_s: float = 1800,
                  state: TaskState | None = None) -> RefreshResult:
    """Read every outside feed now, download and import what is new, and say per feed what
    was added, resumed after a cut, and refused with the reason (kept as the feed's last
    result). `station relay refresh` and the service's scheduled refresh both call this; the
    province's feeds come with every sync."""
    from sync import engine
    from sync.token import load_token

    st.require(Right.SYNC_RUN, "relay refresh")
    outside = [str(r[0]) for r in st.db.execute(
        f"SELECT id FROM relay_feeds WHERE active = 1 AND NOT ({_province_sql(st)})"
        " ORDER BY created_at")]
    if not outside:
        return RefreshResult()
    hub_url = settings.SYNC_HUB_URL.get(st.db)
    token = load_token(st.datadir, hub_url) if hub_url else None
    hub = engine.open_hub(st, hub_url, token) if hub_url and token else None
    try:
        return refresh_and_record(st, outside, hub, deadline_s=deadline_s, state=state)[0]
    finally:
        if hub is not None:
            hub.close()
