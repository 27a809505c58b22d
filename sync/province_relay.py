"""The province's relay feeds over sync. The hub announces each relay item in the change feed
(a ``relay_item`` row kept in ``sync_remote``); after a sync the station subscribes to each
feed those rows name, as a hub feed read with the station's token (``relay_feeds.
province_feed`` holds the hub's name for it), and :func:`sync.relay.refresh` downloads what is
new (Range resume, SHA-256 verified) and imports it. The items it brings belong to the
province (station/province.py): read-only here, never sent back up.

:func:`bring` is the one hook: :func:`sync.engine.run_once` calls it after each sync that
reached the hub, so `station sync` and the service's sync job both bring the relay items.
"""

from __future__ import annotations

import json
import re

from media.taskstate import TaskState
from station.clock import now_iso
from station.ids import uuid7
from station.station import Station
from sync import relay
from sync.feed_refresh import refresh_and_record
from sync.transport import Hub

FEED_PATH = "/api/sync/v1/relay/{feed}.rss"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # the hub's feed names (sync/hub/relay.py)


def announced(st: Station) -> list[str]:
    """The hub's names of the relay feeds its relay items belong to, sorted."""
    feeds: set[str] = set()
    for (data,) in st.db.execute("SELECT data FROM sync_remote WHERE entity = 'relay_item'"
                                 " AND deleted = 0"):
        try:
            feed = str(json.loads(data).get("feed") or "")
        except (ValueError, AttributeError):
            continue
        if SLUG_RE.match(feed):
            feeds.add(feed)
    return sorted(feeds)


def ensure_feeds(st: Station, hub_url: str) -> list[str]:
    """Subscribe to every province relay feed the hub announced (the address follows the
    hub's, which may change); returns their feed ids."""
    ids = []
    hub_url = hub_url.rstrip("/")
    with st.db.atomic():
        for feed in announced(st):
            url = hub_url + FEED_PATH.format(feed=feed)
            row = st.db.execute("SELECT id, url FROM relay_feeds WHERE province_feed = ?",
                                [feed]).fetchone()
            if row is None:
                taken = st.db.execute("SELECT id FROM relay_feeds WHERE url = ?",
                                      [url]).fetchone()
                if taken is not None:  # subscribed by hand before: it becomes the province's
                    st.db.execute("UPDATE relay_feeds SET province_feed = ?, active = 1"
                                  " WHERE id = ?", [feed, taken[0]])
                    ids.append(str(taken[0]))
                    continue
                fid = uuid7()
                st.db.execute("INSERT INTO relay_feeds (id, url, title, province_feed,"
                              " created_at) VALUES (?, ?, '', ?, ?)",
                              [fid, url, feed, now_iso()])
                ids.append(fid)
                continue
            if row[1] != url:
                st.db.execute("UPDATE relay_feeds SET url = ? WHERE id = ?", [url, row[0]])
            st.db.execute("UPDATE relay_feeds SET active = 1 WHERE id = ?", [row[0]])
            ids.append(str(row[0]))
    return ids


def bring(st: Station, hub: Hub, state: TaskState | None = None) -> relay.RelayReport:
    """After a sync: subscribe to the announced province feeds, download and import what is
    new in them through ``hub`` (its client carries the token). The items imported are the
    province's: what their import queued to go up is taken back out."""
    ids = ensure_feeds(st, hub.url)
    if not ids:
        return relay.RelayReport()
    report = refresh_and_record(st, ids, hub, state=state)[1]  # each feed's last result
    if report.imported:
        _keep_down(st, hub, report.imported)
    return report


def _keep_down(st: Station, hub: Hub, item_ids: list[str]) -> None:
    """What importing the province's items queued to go up is taken back: the items and
    their files are the hub's already."""
    marks = ", ".join("?" for _ in item_ids)
    files = st.db.execute(f"SELECT a.sha256, a.size FROM items i JOIN assets a ON"
                          f" a.sha256 = i.asset_sha256 WHERE i.id IN ({marks})",
                          item_ids).fetchall()
    with st.db.atomic():
        st.db.execute(f"DELETE FROM sync_outbox WHERE entity = 'item' AND entity_id IN"
                      f" ({marks})", item_ids)
        for sha, size in files:
            st.db.execute("DELETE FROM sync_outbox WHERE entity = 'asset' AND entity_id = ?",
                          [sha])
            st.db.execute("INSERT OR IGNORE INTO sync_uploads (sha256, size, hub, status,"
                          " created_at, updated_at) VALUES (?, ?, ?, 'committed', ?, ?)",
                          [sha, size, hub.url, now_iso(), now_iso()])


def mark_bundled(st: Station, item_id: str, data: dict[str, object], guid: str) -> bool:
    """A relay item that came on a USB bundle is marked as the hub feed would mark it (feed,
    guid, publication time), so a relay slot naming its feed plays it. Until a sync reaches
    the hub, the feed has a placeholder address and is not read (ensure_feeds fixes both)."""
    feed = str(data.get("feed") or "")
    if not SLUG_RE.match(feed) or not guid:
        return False
    with st.db.atomic():
        row = st.db.execute("SELECT id FROM relay_feeds WHERE province_feed = ?",
                            [feed]).fetchone()
        if row is None:
            row = (uuid7(),)
            st.db.execute("INSERT INTO relay_feeds (id, url, title, province_feed, active,"
                          " created_at) VALUES (?, ?, '', ?, 0, ?)",
                          [row[0], f"province:{feed}", feed, now_iso()])
        size = data.get("size")
        st.db.execute(
            "INSERT INTO relay_entries (feed_id, guid, title, summary, url, mime, length, sha256,"
            " published_at, status, item_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " 'imported', ?, ?) ON CONFLICT(feed_id, guid) DO UPDATE SET status = 'imported',"
            " item_id = excluded.item_id, last_error = '', last_error_typed = ''",
            [row[0], guid[:500], str(data.get("title") or "")[:500],
             str(data.get("description") or "")[:5000], f"urn:sha256:{data.get('sha256')}",
             str(data.get("mime") or "")[:100], size if isinstance(size, int) else None,
             str(data.get("sha256") or "") or None, str(data.get("published_at") or "") or None,
             item_id, now_iso()])
    return True
