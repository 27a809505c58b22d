"""What the Relay tab and the Library show of relay feeds: each feed's episodes with their
download state (downloaded, partial with the bytes held, refused with the reason, waiting),
and for a library item the feed it came from. Reasons are stored as English sentences; they
are kept typed beside them (sync/errors.py typed_json), so the UI words them in its own language."""

from __future__ import annotations

from dataclasses import dataclass

from station.rights import Right
from station.station import Station
from sync.errors import QT_TRANSLATE_NOOP, Problem, Typed, from_typed_json

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
    reason: str  # why it was refused (English)
    have: int  # bytes held in the part file of a download that was cut
    attempts: int
    reason_typed: str = ""  # the same, typed (see reason_of)

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
        "SELECT guid, title, published_at, length, mime, status, item_id, last_error, attempts,"
        " last_error_typed FROM relay_entries WHERE feed_id = ?"
        " ORDER BY coalesce(published_at, created_at) DESC, created_at DESC",
        [feed_id]).fetchall()
    found = []
    for guid, title, published, length, mime, status, item_id, reason, attempts, typed in rows:
        part = part_file(st, feed_id, guid)
        have = part.stat().st_size if status == "pending" and part.exists() else 0
        found.append(Episode(guid, title, published, length, mime, status, item_id,
                             reason or "", have, int(attempts), typed or ""))
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


def reason_of(text: str, typed: str = "") -> Typed:
    """A stored refusal as the typed error it was (the UI words it); one stored before the
    typed column, or not typed, stays the sentence it is."""
    return from_typed_json(typed) or Problem(QT_TRANSLATE_NOOP("sync", "{reason}"), reason=text)
