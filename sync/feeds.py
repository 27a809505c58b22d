"""The rules an outside relay feed lives by (sync/relay.py applies them): the newest N
episodes only, one download per enclosure however often the feed renames its guids, a size cap
from the settings that nothing a feed declares can raise, the content checked before import,
and Podcasting 2.0 transcripts kept as the item's searchable text."""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx

from station import settings
from station.changes import Changes
from station.errors import ValidationError
from station.rights import Right
from station.station import Station
from sync.errors import QT_TRANSLATE_NOOP, FeedRefused
from sync.transport import TRANSPORT_ERRORS

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
MAX_ENCLOSURE_MB = 2048  # what sync/relay.py's MAX_ENCLOSURE_BYTES allows at most
MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Transcript types read as text, the best first when an episode offers several.
TRANSCRIPT_TYPES = ("text/plain", "text/vtt", "application/srt", "application/x-subrip")


def max_enclosure_bytes(st: Station) -> int:
    """The size cap of one episode, from the settings (at least 1 KB)."""
    return max(1024, int(settings.RELAY_MAX_ENCLOSURE_MB.get(st.db) * 1024 * 1024))


def set_max_enclosure_mb(st: Station, mb: float) -> Changes:
    """Settings: the size cap of one episode, in MB (up to the 2 GB a download may hold)."""
    st.require(Right.SETTINGS_MANAGE, "relay size cap")
    if not 1 <= mb <= MAX_ENCLOSURE_MB:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the largest relay episode must be "
                                                "between 1 and {most} MB"),
                              most=MAX_ENCLOSURE_MB)
    with st.db.atomic():
        old = settings.RELAY_MAX_ENCLOSURE_MB.get(st.db)
        settings.RELAY_MAX_ENCLOSURE_MB.set(st.db, float(mb))
        st.audit("settings.relay_max_enclosure", "setting", settings.RELAY_MAX_ENCLOSURE_MB.key,
                 {"from_mb": old, "to_mb": float(mb)})
    return Changes(settings=True, audit=True)


def keep_of(st: Station, feed_id: str) -> int:
    row = st.db.execute("SELECT keep FROM relay_feeds WHERE id = ?", [feed_id]).fetchone()
    return int(row[0]) if row and row[0] and row[0] > 0 else DEFAULT_KEEP


def newest(entries: Iterable[Any], keep: int) -> list[Any]:
    """The ``keep`` newest entries that have an enclosure, newest first (an entry without a
    date counts as the oldest; among equals the feed's own order holds)."""
    with_files = [e for e in entries if e.get("enclosures")]
    order = {id(e): n for n, e in enumerate(with_files)}

    def when(entry: Any) -> tuple[float, int]:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        stamp = float(calendar.timegm(parsed)) if parsed else float("-inf")
        return (-stamp, order[id(entry)])

    return sorted(with_files, key=when)[:max(keep, 0)]


def known_enclosure(st: Station, feed_id: str, url: str, length: int | None) -> bool:
    """This feed already has this enclosure (same URL and declared length) under some guid:
    a feed that renames its guids every refresh does not download it again."""
    return st.db.execute(
        "SELECT 1 FROM relay_entries WHERE feed_id = ? AND url = ?"
        " AND coalesce(length, -1) = coalesce(?, -1) LIMIT 1",
        [feed_id, url, length]).fetchone() is not None


def transcripts_of(data: bytes) -> dict[str, tuple[str, str]]:
    """Per entry id (RSS guid or Atom id): the (url, type) of its podcast:transcript. The
    data has passed relay._check_xml (no DTD, no entities) already."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                  forbid_external=True)
    found: dict[str, tuple[str, str]] = {}
    entries = [(e, e.findtext("guid")) for e in root.iter("item")]
    entries += [(e, e.findtext(f"{{{ATOM_NS}}}id")) for e in root.iter(f"{{{ATOM_NS}}}entry")]
    for entry, guid in entries:
        offers = [(t.get("url", "").strip(), t.get("type", "").split(";")[0].strip().lower())
                  for t in entry.iter(f"{{{PODCAST_NS}}}transcript")]
        offers = [(u, k) for u, k in offers if u and k in TRANSCRIPT_TYPES]
        if guid and offers:
            found[guid.strip()] = min(offers, key=lambda o: TRANSCRIPT_TYPES.index(o[1]))
    return found


_TIMING = re.compile(r"^\s*(\d+:)?\d+:\d+[.,]\d+\s*-->\s*(\d+:)?\d+:\d+[.,]\d+.*$")


def strip_timing(text: str, mime: str) -> str:
    """The spoken words of a transcript: WebVTT and SubRip lose their header, cue numbers,
    timing lines and tags; plain text is kept as it is."""
    if mime == "text/plain":
        return text.strip()
    words: list[str] = []
    skip_block = False
    for line in text.splitlines():
        line = line.strip()
        if not line:
            skip_block = False
            continue
        if line.startswith("WEBVTT") or re.match(r"^(NOTE|STYLE|REGION)\b", line):
            skip_block = True
        if skip_block or _TIMING.match(line) or line.isdigit():
            continue
        words.append(re.sub(r"<[^>]*>", "", line))
    return "\n".join(w for w in words if w)


def fetch_transcript(client: httpx.Client, url: str, mime: str) -> str:
    """The transcript's words, or '' when it cannot be read (the episode comes in anyway)."""
    if not url:
        return ""
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                log.warning("transcript %s: HTTP %s", url, resp.status_code)
                return ""
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_TRANSCRIPT_BYTES:
                    log.warning("transcript %s: larger than %d bytes", url, size)
                    return ""
                chunks.append(chunk)
    except TRANSPORT_ERRORS as exc:
        log.warning("transcript %s: %s", url, exc)
        return ""
    return strip_timing(b"".join(chunks).decode("utf-8", "replace"), mime)


def refuse_oversize(url: str, length: int | None, cap: int) -> None:
    """Refuse before any byte moves when the feed itself declares more than the cap."""
    if length is not None and length > cap:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed declares "
                                            "{length} bytes, more than the {size} bytes "
                                            "allowed"), url=url, length=length, size=cap)


_MARKUP = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml|<rss|<feed|<!--)",
                     re.IGNORECASE)


def check_content(path: Path, url: str) -> None:
    """Refuse a web page (or any markup) that came in place of the media file, before the
    library sees it."""
    with open(path, "rb") as fh:
        head = fh.read(1024).lstrip(b"\xef\xbb\xbf")
    if _MARKUP.match(head):
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: it is a web page, "
                                            "not audio or video"), url=url)
