"""Relay feeds the province publishes: items added by an editor (CLI or function), served as
RSS 2.0 with Podcasting 2.0 integrity tags and each item also in every station's change feed."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

from station.clock import parse_iso
from station.ids import uuid7
from sync.hlc import Clock
from sync.hub.mutations import publish_province
from sync.hub.store import HubStore, now_iso

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
STATION_NS = "urn:station:sync:1"
ET.register_namespace("podcast", PODCAST_NS)
ET.register_namespace("station", STATION_NS)


class RelayError(ValueError):
    pass


@dataclass(frozen=True)
class RelayItem:
    id: str
    feed: str
    title: str
    sha256: str
    size: int
    mime: str


def add_feed(store: HubStore, slug: str, title: str, description: str = "") -> None:
    if not SLUG_RE.match(slug):
        raise RelayError(f"a feed name is lower-case letters, digits and '-': {slug!r}")
    with store.tx() as c:
        c.execute("INSERT INTO relay_feeds (slug, title, description, created_at)"
                  " VALUES (?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET title = excluded.title,"
                  " description = excluded.description", [slug, title, description, now_iso()])


def add_item(store: HubStore, feed: str, source: Path, title: str, *, description: str = "",
             category: str = "", priority: str = "normal",
             duration_s: float | None = None) -> RelayItem:
    """Publish ``source`` as a new item of relay feed ``feed`` (created if new)."""
    if not SLUG_RE.match(feed):
        raise RelayError(f"a feed name is lower-case letters, digits and '-': {feed!r}")
    if priority not in ("normal", "priority", "emergency"):
        raise RelayError(f"unknown priority {priority!r}")
    with store.read() as c:
        known = c.execute("SELECT 1 FROM relay_feeds WHERE slug = ?", [feed]).fetchone()
    if known is None:
        add_feed(store, feed, feed)
    temp = store.uploads / f"relay-{uuid7()}"
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(temp, "wb") as out:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
    sha = digest.hexdigest()
    size = temp.stat().st_size
    ext = source.suffix.lower().lstrip(".")
    mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    store.place_media(temp, sha, size, mime, "province")
    item = RelayItem(uuid7(), feed, title, sha, size, mime)
    published = now_iso()
    with store.tx() as c:
        c.execute("INSERT INTO relay_items (id, feed, title, description, sha256, size, mime,"
                  " ext, duration_s, category, priority, published_at)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                  [item.id, feed, title, description, sha, size, mime, ext, duration_s,
                   category, priority, published])
    publish_province(store, "relay_item", item.id,
                     {"feed": feed, "title": title, "description": description, "sha256": sha,
                      "size": size, "mime": mime, "ext": ext, "priority": priority,
                      "category": category, "published_at": published}, Clock("hub").now())
    return item


def _sri(sha256_hex: str) -> str:
    return "sha256-" + base64.b64encode(bytes.fromhex(sha256_hex)).decode()


def render_rss(store: HubStore, feed: str, base_url: str, limit: int = 100) -> bytes | None:
    """The feed as RSS 2.0, newest first; None when there is no such feed."""
    with store.read() as c:
        head = c.execute("SELECT title, description FROM relay_feeds WHERE slug = ?",
                         [feed]).fetchone()
        rows = c.execute("SELECT id, title, description, sha256, size, mime, ext, duration_s,"
                         " category, priority, published_at FROM relay_items WHERE feed = ?"
                         " ORDER BY published_at DESC LIMIT ?", [feed, limit]).fetchall()
    if head is None:
        return None
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = head[0]
    ET.SubElement(channel, "link").text = f"{base_url}/api/sync/v1/relay/{feed}.rss"
    ET.SubElement(channel, "description").text = head[1] or head[0]
    ET.SubElement(channel, "language").text = "vi"
    for (iid, title, desc, sha, size, mime, ext, duration, category, priority,
         published) in rows:
        url = f"{base_url}/api/sync/v1/media/{sha}" + (f"?ext={ext}" if ext else "")
        it = ET.SubElement(channel, "item")
        ET.SubElement(it, "title").text = title
        ET.SubElement(it, "description").text = desc
        ET.SubElement(it, "guid", {"isPermaLink": "false"}).text = iid
        ET.SubElement(it, "pubDate").text = format_datetime(parse_iso(published))
        if category:
            ET.SubElement(it, "category").text = category
        ET.SubElement(it, "enclosure", {"url": url, "length": str(size), "type": mime})
        alt = ET.SubElement(it, f"{{{PODCAST_NS}}}alternateEnclosure",
                            {"type": mime, "length": str(size), "default": "true"})
        ET.SubElement(alt, f"{{{PODCAST_NS}}}integrity", {"type": "sri", "value": _sri(sha)})
        ET.SubElement(alt, f"{{{PODCAST_NS}}}source", {"uri": url})
        ET.SubElement(it, f"{{{STATION_NS}}}sha256").text = sha
        ET.SubElement(it, f"{{{STATION_NS}}}priority").text = priority
        if duration:
            ET.SubElement(it, f"{{{STATION_NS}}}duration").text = f"{duration:.3f}"
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
