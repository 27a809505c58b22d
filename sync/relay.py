"""Relay feeds on the station side: RSS 2.0 / Atom (with Podcasting 2.0 tags) from the hub or
any URL. Feeds are checked with defusedxml before feedparser reads them (no entity tricks);
enclosures download with Range resume and a deadline, are verified (size, type, SHA-256
where the feed gives one), then imported like any file."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import httpx

from media.taskstate import Cancelled, TaskState
from station.clock import now_iso, utc_iso
from station.errors import StationError
from station.ids import uuid7
from station.station import Station
from sync.errors import (
    QT_TRANSLATE_NOOP,
    DiskFull,
    FeedRefused,
    Problem,
    SyncError,
    problem_of,
    typed_json,
)
from sync.media import download
from sync.transport import TRANSPORT_ERRORS, Hub

MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_ENCLOSURE_BYTES = 2 * 1024**3
ALLOWED_TYPES = ("audio/", "video/", "image/")
STATION_NS = "urn:station:sync:1"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"


@dataclass
class RelayReport:
    feeds: int = 0
    new_entries: int = 0
    imported: list[str] = field(default_factory=list)  # item ids
    # Typed lines ("sync" context): the UI translates them, str() is English.
    errors: list[StationError] = field(default_factory=list)


def subscribe(st: Station, url: str, category: str = "", title: str = "") -> str:
    """Add a feed (or return the id it already has)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: a feed address starts "
                                            "with http:// or https://"), url=url)
    row = st.db.execute("SELECT id FROM relay_feeds WHERE url = ?", [url]).fetchone()
    if row:
        return str(row[0])
    fid = uuid7()
    st.db.execute("INSERT INTO relay_feeds (id, url, title, category, created_at)"
                  " VALUES (?, ?, ?, ?, ?)", [fid, url, title, category, now_iso()])
    return fid


def _check_xml(data: bytes, url: str) -> dict[str, dict[str, str]]:
    """Refuse DTDs, entities and external references; return per-guid extras (sha256)."""
    from defusedxml import DefusedXmlException, ElementTree

    try:
        root = ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    except (DefusedXmlException, SyntaxError) as exc:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed is not safe "
                                            "XML ({reason})"), url=url,
                          reason=type(exc).__name__) from None
    extras: dict[str, dict[str, str]] = {}
    for item in root.iter("item"):
        guid = (item.findtext("guid") or "").strip()
        sha = (item.findtext(f"{{{STATION_NS}}}sha256") or "").strip().lower()
        if not sha:
            for integrity in item.iter(f"{{{PODCAST_NS}}}integrity"):
                value = integrity.get("value", "")
                if integrity.get("type") == "sri" and value.startswith("sha256-"):
                    with contextlib.suppress(ValueError):
                        sha = base64.b64decode(value[7:]).hex()
        if guid and re.fullmatch(r"[0-9a-f]{64}", sha):
            extras[guid] = {"sha256": sha}
    return extras


def _client_for(st: Station, url: str, hub: Hub | None) -> httpx.Client:
    if hub is not None and url.startswith(hub.url + "/"):
        return hub.client  # the hub's own feeds need the station's token
    return httpx.Client(timeout=httpx.Timeout(connect=20, read=60, write=60, pool=60),
                        follow_redirects=True, headers={"User-Agent": "station-relay/1"})


def refresh(st: Station, hub: Hub | None = None, *, deadline_s: float = 1800,
            state: TaskState | None = None, only: list[str] | None = None) -> RelayReport:
    """Read every active feed (or the feeds whose ids are in ``only``), then download and
    import what is new."""
    report = RelayReport()
    feeds = [r for r in st.db.execute("SELECT id, url FROM relay_feeds WHERE active = 1")
             if only is None or r[0] in only]
    for fid, url in feeds:
        client = _client_for(st, url, hub)
        try:
            report.new_entries += _read_feed(st, client, fid, url)
            report.feeds += 1
            st.db.execute("UPDATE relay_feeds SET last_checked_at = ?, last_error = '',"
                          " last_error_typed = '' WHERE id = ?", [now_iso(), fid])
        except SyncError as exc:
            report.errors.append(exc)
            st.db.execute("UPDATE relay_feeds SET last_error = ?, last_error_typed = ?"
                          " WHERE id = ?", [str(exc), typed_json(exc), fid])
            continue
        finally:
            if hub is None or client is not hub.client:
                client.close()
    _fetch_pending(st, hub, report, deadline_s, state, only)
    return report


def _read_feed(st: Station, client: httpx.Client, fid: str, url: str) -> int:
    import feedparser

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: the server "
                                                    "answered HTTP {status}"),
                                  url=url, status=resp.status_code)
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_FEED_BYTES:
                    raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed "
                                                        "is larger than {size} MB"),
                                      url=url, size=MAX_FEED_BYTES // (1024 * 1024))
                chunks.append(chunk)
    except TRANSPORT_ERRORS as exc:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: it cannot be read "
                                            "({reason})"), url=url,
                          reason=type(exc).__name__) from None
    data = b"".join(chunks)
    extras = _check_xml(data, url)
    parsed: Any = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: it is not an RSS or "
                                            "Atom feed"), url=url)
    title = str(parsed.feed.get("title", ""))[:300]
    if title:
        st.db.execute("UPDATE relay_feeds SET title = ? WHERE id = ? AND title = ''",
                      [title, fid])
    from sync import feeds

    transcripts = feeds.transcripts_of(data)
    added = 0
    with st.db.atomic():
        for entry in feeds.newest(parsed.entries, feeds.keep_of(st, fid)):
            enclosures = entry.get("enclosures") or []
            if not enclosures:
                continue
            enc = enclosures[0]
            href = str(enc.get("href", ""))
            if urlparse(href).scheme not in ("http", "https"):
                href = str(httpx.URL(url).join(href)) if href else ""
            guid = str(entry.get("id") or href)[:500]
            if not href or not guid:
                continue
            try:
                length = int(enc.get("length") or 0) or None
            except ValueError:
                length = None
            published = entry.get("published_parsed") or entry.get("updated_parsed")
            if feeds.known_enclosure(st, fid, href, length):
                continue  # the same file under a new guid: not fetched twice
            transcript_url, transcript_type = transcripts.get(str(entry.get("id") or ""),
                                                              ("", ""))
            cur = st.db.execute(
                "INSERT OR IGNORE INTO relay_entries (feed_id, guid, title, summary, url, mime,"
                " length, sha256, published_at, status, created_at, transcript_url,"
                " transcript_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                [fid, guid, str(entry.get("title", ""))[:500],
                 str(entry.get("summary", ""))[:5000], href, str(enc.get("type", ""))[:100],
                 length, extras.get(guid, {}).get("sha256"),
                 utc_iso(datetime(*published[:6]).replace(tzinfo=UTC))  # feedparser: UTC
                 if published else None, now_iso(), transcript_url[:2000], transcript_type])
            added += cur.rowcount or 0
    return added


def safe_name(url: str, mime: str, title: str) -> str:
    """A file name that cannot leave its folder, whatever the feed says."""
    last = unquote(urlparse(url).path.rsplit("/", 1)[-1])
    stem = re.sub(r"[^\w\- ]+", "_", Path(last.replace("\\", "/")).stem or title)
    stem = stem.strip(" ._-")[:80] or "relay"
    ext = Path(last).suffix.lower().lstrip(".")
    query_ext = re.search(r"(?:^|&)ext=([a-z0-9]{1,5})(?:&|$)", urlparse(url).query)
    if query_ext:
        ext = query_ext.group(1)
    if not re.fullmatch(r"[a-z0-9]{1,5}", ext):
        ext = (mimetypes.guess_extension(mime) or ".bin").lstrip(".")
    return f"{stem}.{ext}"


def part_file(st: Station, feed_id: str, guid: str) -> Path:
    """Where the download of one entry waits while it is incomplete (resumed from there)."""
    key = hashlib.sha256(f"{feed_id}\0{guid}".encode()).hexdigest()[:32]
    return st.datadir.root / "sync" / "relay" / f"{key}.part"


def _fetch_pending(st: Station, hub: Hub | None, report: RelayReport, deadline_s: float,
                   state: TaskState | None, only: list[str] | None = None) -> None:
    from station.library.ingest import import_file
    from sync import feeds

    cap = feeds.max_enclosure_bytes(st)
    rows = st.db.execute(
        "SELECT e.feed_id, e.guid, e.title, e.summary, e.url, e.mime, e.length, e.sha256,"
        " f.category, e.transcript_url, e.transcript_type FROM relay_entries e"
        " JOIN relay_feeds f ON f.id = e.feed_id"
        " WHERE e.status = 'pending' ORDER BY e.created_at").fetchall()
    for fid, guid, title, summary, url, mime, length, sha, category, t_url, t_type in rows:
        if only is not None and fid not in only:
            continue
        if mime and not mime.startswith(ALLOWED_TYPES):
            refused = FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: the type {mime}"
                                                    " is not audio, video or a picture"),
                                  url=url, mime=mime)
            _fail(st, fid, guid, refused)
            report.errors.append(refused)
            continue
        partial = part_file(st, fid, guid)
        key = partial.stem
        client = _client_for(st, url, hub)
        try:
            feeds.refuse_oversize(url, length, cap)
            path, _ = download(client, url, partial, expected_size=length,
                               max_size=min(cap, MAX_ENCLOSURE_BYTES), deadline_s=deadline_s,
                               sha256=sha, hub=hub, state=state)
            try:
                feeds.check_content(path, url)
            except FeedRefused:
                path.unlink(missing_ok=True)
                raise
            body = feeds.fetch_transcript(client, t_url, t_type) or None
            ready = partial.parent / key / safe_name(url, mime, title)
            ready.parent.mkdir(parents=True, exist_ok=True)
            path.replace(ready)
            try:
                result, _ = import_file(st, ready, title=title or None, category=category,
                                        description=summary, body=body)
            finally:
                ready.unlink(missing_ok=True)
                ready.parent.rmdir()
        except DiskFull as exc:
            report.errors.append(exc)
            return  # the part file stays; the next run resumes it
        except FeedRefused as exc:
            _fail(st, fid, guid, exc)
            report.errors.append(exc)
            continue
        except Cancelled:
            raise  # the user stopped the refresh: the part file stays for the next one
        except Exception as exc:  # an import refusal: say it, go on with the others
            not_imported = Problem(QT_TRANSLATE_NOOP("sync", "the relay item \u201c{title}\u201d"
                                                     " was not imported: {reason}"),
                                   title=title, reason=problem_of(exc))
            _fail(st, fid, guid, not_imported)
            report.errors.append(not_imported)
            continue
        finally:
            if hub is None or client is not hub.client:
                client.close()
        st.db.execute("UPDATE relay_entries SET status = 'imported', item_id = ?,"
                      " last_error = '', last_error_typed = '' WHERE feed_id = ? AND guid = ?",
                      [result.item.id, fid, guid])
        report.imported.append(result.item.id)


def _fail(st: Station, fid: str, guid: str, reason: StationError) -> None:
    """The episode is refused: the English sentence, and the same typed for the window."""
    st.db.execute("UPDATE relay_entries SET status = 'failed', attempts = attempts + 1,"
                  " last_error = ?, last_error_typed = ? WHERE feed_id = ? AND guid = ?",
                  [str(reason), typed_json(reason), fid, guid])
