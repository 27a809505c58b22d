"""Relay feeds the province publishes: items added by an editor (CLI or function), served as
RSS 2.0 with Podcasting 2.0 integrity tags and each item also in every station's change feed.

A file is published only once the hub has decoded it through to the end (media.analysis):
its MIME type and extension come from what ffmpeg found inside, never from its name."""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path

from station.clock import now_iso, parse_iso
from station.ids import uuid7
from station.outbox import Clock
from station.text import nfc
from sync.hub.mutations import publish_province
from sync.hub.store import PROVINCE_BY, HubStore

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


@dataclass(frozen=True)
class DerivedMedia:
    """What the hub decided a file is, from decoding it."""

    mime: str
    ext: str
    duration_s: float | None


# ffmpeg's demuxer name -> (MIME type, extension); a picture stream picks the video type.
_AUDIO_TYPES: dict[str, tuple[str, str]] = {
    "mp3": ("audio/mpeg", "mp3"),
    "wav": ("audio/wav", "wav"),
    "flac": ("audio/flac", "flac"),
    "ogg": ("audio/ogg", "ogg"),
    "mov,mp4,m4a,3gp,3g2,mj2": ("audio/mp4", "m4a"),
    "aac": ("audio/aac", "aac"),
    "matroska,webm": ("audio/webm", "webm"),
    "asf": ("audio/x-ms-wma", "wma"),
    "aiff": ("audio/aiff", "aiff"),
}
_VIDEO_TYPES: dict[str, tuple[str, str]] = {
    "mov,mp4,m4a,3gp,3g2,mj2": ("video/mp4", "mp4"),
    "matroska,webm": ("video/webm", "webm"),
}
RELAYED = "MP3, WAV, FLAC, Ogg, MP4/M4A, AAC, WebM/Matroska, WMA or AIFF"


def derive_media(path: Path, name: str) -> DerivedMedia:
    """Decode ``path`` to its end and say what it is; RelayError (naming the file as
    ``name``) when it is not media the hub relays."""
    from media import analysis

    try:
        info = analysis.probe(path)
        decoded = analysis.analyze_file(path)
    except analysis.MediaError as exc:
        params = {**exc.params, "name": name, "path": name}
        why = exc.template.format(**params).replace(str(path.resolve()), name)
        raise RelayError(why) from None
    table = _VIDEO_TYPES if info.has_video and info.container in _VIDEO_TYPES else _AUDIO_TYPES
    found = table.get(info.container)
    if found is None:
        raise RelayError(f"{name} is {info.container} media ({info.codec}), which the hub "
                         f"does not relay: it relays {RELAYED}")
    return DerivedMedia(found[0], found[1], decoded.duration_s)


def add_feed(store: HubStore, slug: str, title: str, description: str = "") -> None:
    if not SLUG_RE.match(slug):
        raise RelayError(f"a feed name is lower-case letters, digits and '-': {slug!r}")
    with store.tx() as c:
        c.execute("INSERT INTO relay_feeds (slug, title, description, created_at)"
                  " VALUES (?, ?, ?, ?) ON CONFLICT(slug) DO UPDATE SET title = excluded.title,"
                  " description = excluded.description", [slug, title, description, now_iso()])


def add_item(store: HubStore, feed: str, source: Path, title: str, *, description: str = "",
             category: str = "", priority: str = "normal",
             duration_s: float | None = None, name: str | None = None) -> RelayItem:
    """Publish ``source`` as a new item of relay feed ``feed`` (created if new). The file
    is copied first and the copy decoded to its end: what is not media the hub relays is
    refused (RelayError, naming the file as ``name`` or the source's name) and nothing is
    stored."""
    name = name or source.name
    if not SLUG_RE.match(feed):
        raise RelayError(f"a feed name is lower-case letters, digits and '-': {feed!r}")
    if priority not in ("normal", "priority", "emergency"):
        raise RelayError(f"unknown priority {priority!r}")
    title = nfc(title)
    if not title:
        raise RelayError("a relay item needs a title")
    temp = store.uploads / f"relay-{uuid7()}"
    try:
        digest = hashlib.sha256()
        try:
            with open(source, "rb") as src, open(temp, "wb") as out:
                while chunk := src.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
        except OSError as exc:
            raise RelayError(f"{name} cannot be read: {exc.strerror or exc}") from None
        derived = derive_media(temp, name)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return publish_file(store, feed, temp, digest.hexdigest(), title, derived,
                        description=description, category=category, priority=priority,
                        duration_s=duration_s)


def publish_file(store: HubStore, feed: str, temp: Path, sha: str, title: str,
                 derived: DerivedMedia, *, description: str = "", category: str = "",
                 priority: str = "normal", duration_s: float | None = None) -> RelayItem:
    """Move ``temp`` (whose SHA-256 is ``sha``) into the store and publish it as described
    by ``derived``. Only :func:`add_item` calls this once it has decoded the file; a test
    uses it to stand for a hub that did not check."""
    with store.read() as c:
        known = c.execute("SELECT 1 FROM relay_feeds WHERE slug = ?", [feed]).fetchone()
    if known is None:
        add_feed(store, feed, feed)
    size = temp.stat().st_size
    mime, ext = derived.mime, derived.ext
    if duration_s is None:
        duration_s = derived.duration_s
    store.place_media(temp, sha, size, PROVINCE_BY)
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
    ET.SubElement(channel, "title").text = nfc(head[0])
    ET.SubElement(channel, "link").text = f"{base_url}/api/sync/v1/relay/{feed}.rss"
    ET.SubElement(channel, "description").text = head[1] or head[0]
    ET.SubElement(channel, "language").text = "vi"
    for (iid, title, desc, sha, size, mime, ext, duration, category, priority,
         published) in rows:
        url = f"{base_url}/api/sync/v1/media/{sha}" + (f"?ext={ext}" if ext else "")
        it = ET.SubElement(channel, "item")
        ET.SubElement(it, "title").text = nfc(title)
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
