"""What the Relay tab and the Library show of relay feeds: each feed's episodes with their
download state (downloaded, partial with the bytes held, refused with the reason, waiting),
and for a library item the feed it came from. Reasons are stored as English sentences; they
are typed again here so the UI can put them in its own language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from station.errors import StationError
from station.rights import Right
from station.station import Station
from sync.errors import QT_TRANSLATE_NOOP, FeedRefused, Problem

# The relay refusals (sync/relay.py, sync/feeds.py, sync/media.py), to type a stored reason
# again; tests/sync/test_episodes.py checks this list against those modules.
REFUSALS = (
    QT_TRANSLATE_NOOP("sync", "{url} was refused: a feed address starts with http:// or "
                      "https://"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed is not safe XML ({reason})"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: the server answered HTTP {status}"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed is larger than {size} MB"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: it cannot be read ({reason})"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: it is not an RSS or Atom feed"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: the type {mime} is not audio, video or a "
                      "picture"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: the feed declares {length} bytes, more than "
                      "the {size} bytes allowed"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: it is a web page, not audio or video"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: it is larger than the {size} bytes "
                      "announced"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: it is larger than the {size} bytes allowed"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: only {have} of {size} bytes arrived before "
                      "the deadline"),
    QT_TRANSLATE_NOOP("sync", "{url} was refused: its content does not match its SHA-256"),
)
NOT_IMPORTED = QT_TRANSLATE_NOOP("sync", "the relay item \u201c{title}\u201d was not "
                                 "imported: {reason}")
STATES = ("downloaded", "partial", "refused", "waiting")


@dataclass(frozen=True)
class Episode:
    guid: str
    title: str
    published_at: str | None  # UTC ISO, as the feed dates it
    length: int | None  # bytes, as the feed declares them
    mime: str
    status: str  # relay_entries.status: pending, imported, failed
    item_id: str | None
    reason: str  # why it was refused (English, see reason_of)
    have: int  # bytes held in the part file of a download that was cut
    attempts: int

    @property
    def state(self) -> str:
        """downloaded, partial (a part file waits to resume), refused or waiting."""
        if self.status == "imported":
            return "downloaded"
        if self.status == "failed":
            return "refused"
        return "partial" if self.have else "waiting"

    @property
    def percent(self) -> int | None:
        """How much of a partial download is here, when the feed declared the size."""
        if not self.length or not self.have:
            return None
        return min(99, int(self.have * 100 / self.length))


@dataclass(frozen=True)
class Origin:
    """Where a relay item in the library came from."""
    item_id: str
    feed_id: str
    feed_title: str
    feed_url: str
    province: bool
    published_at: str | None


def _province_column(st: Station) -> str:
    columns = {r[1] for r in st.db.execute("PRAGMA table_info(relay_feeds)")}
    return "f.province_feed IS NOT NULL" if "province_feed" in columns else "0"


def episodes(st: Station, feed_id: str) -> list[Episode]:
    """The feed's episodes the station knows, newest first."""
    from sync.relay import part_file  # httpx: on the worker, not at import

    st.require(Right.LIBRARY_VIEW, "relay episodes")
    rows = st.db.execute(
        "SELECT guid, title, published_at, length, mime, status, item_id, last_error, attempts"
        " FROM relay_entries WHERE feed_id = ?"
        " ORDER BY coalesce(published_at, created_at) DESC, created_at DESC",
        [feed_id]).fetchall()
    found = []
    for guid, title, published, length, mime, status, item_id, reason, attempts in rows:
        part = part_file(st, feed_id, guid)
        have = part.stat().st_size if status == "pending" and part.exists() else 0
        found.append(Episode(guid, title, published, length, mime, status, item_id,
                             reason or "", have, int(attempts)))
    return found


def origins(st: Station, item_ids: list[str]) -> dict[str, Origin]:
    """For those items that came from a relay feed: the feed and the publication time."""
    st.require(Right.LIBRARY_VIEW, "relay origin")
    if not item_ids:
        return {}
    marks = ", ".join("?" for _ in item_ids)
    rows = st.db.execute(
        f"SELECT e.item_id, f.id, f.title, f.url, {_province_column(st)}, e.published_at"
        f" FROM relay_entries e JOIN relay_feeds f ON f.id = e.feed_id"
        f" WHERE e.item_id IN ({marks})", item_ids).fetchall()
    return {r[0]: Origin(r[0], r[1], r[2] or "", r[3], bool(r[4]), r[5]) for r in rows}


def relay_items(st: Station) -> dict[str, str]:
    """Every relay item in the library: item id -> the title (or address) of its feed."""
    st.require(Right.LIBRARY_VIEW, "relay items")
    return {r[0]: r[1] or r[2] for r in st.db.execute(
        "SELECT e.item_id, f.title, f.url FROM relay_entries e"
        " JOIN relay_feeds f ON f.id = e.feed_id WHERE e.item_id IS NOT NULL")}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for n, part in enumerate(parts):
        out.append(re.escape(part) if n % 2 == 0 else f"(?P<{part}>.*?)")
    return re.compile("^" + "".join(out) + "$", re.DOTALL)


_PATTERNS = [(t, _pattern(t)) for t in REFUSALS]
_NOT_IMPORTED = _pattern(NOT_IMPORTED)


def reason_of(text: str) -> StationError:
    """A stored reason as the typed error it was (the UI translates it); a sentence this
    module does not know stays as it is."""
    found = _NOT_IMPORTED.match(text)  # first: its reason may be a refusal itself
    if found:
        return Problem(NOT_IMPORTED, title=found["title"], reason=reason_of(found["reason"]))
    for template, pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            return FeedRefused(template, **found.groupdict())
    return Problem(QT_TRANSLATE_NOOP("sync", "{reason}"), reason=text)
