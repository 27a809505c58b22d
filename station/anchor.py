"""The audit log's anchor outside this computer: each sync hands the chain's head (its last
seq and hash) to the provincial hub, which keeps the highest it has seen and answers it back;
the station keeps the last head the hub acknowledged (table audit_anchor).

Whoever can write station.db can re-chain the log after editing it, but cannot change what
the hub holds: a log shorter than an anchored head (rows cut from the end), or a different
hash at an anchored seq (rows rewritten), is broken. :func:`verify` asks the hub when it can
(through a source the sync layer plugs in, see ui/launch.py) and otherwise uses the last
acknowledged head.

This module imports no database package at load: the entry point plugs in its source before
knowing the command (and `station --version` must stay light).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from station.audit import VerifyResult


@dataclass(frozen=True)
class Head:
    """One point of the chain: an entry's seq and its hash."""

    seq: int
    hash: str

    def to_json_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash}


@dataclass(frozen=True)
class Anchor:
    """A head the hub holds for this station."""

    hub: str  # the hub's address, without any user name or password
    seq: int
    hash: str
    at: str = ""  # when the hub acknowledged it (UTC ISO), for the stored one

    def to_json_dict(self) -> dict[str, Any]:
        return {"hub": self.hub, "seq": self.seq, "hash": self.hash, "at": self.at}


def head(db: sqlite_utils.Database) -> Head | None:
    """The newest entry of the log (None for an empty log)."""
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1])) if row else None


def hash_at(db: sqlite_utils.Database, seq: int) -> str | None:
    row = db.execute("SELECT hash FROM audit WHERE seq = ?", [seq]).fetchone()
    return str(row[0]) if row else None


def acknowledged(db: sqlite_utils.Database) -> list[Anchor]:
    """The last head each hub acknowledged, highest first."""
    return [Anchor(*row) for row in db.execute(
        "SELECT hub, seq, hash, acked_at FROM audit_anchor ORDER BY seq DESC")]


def acknowledge(db: sqlite_utils.Database, anchor: Anchor, station_id: str, at: str) -> None:
    """Keep what the hub answered (the hub decides: after the province resets an anchor,
    the lower one it answers replaces ours)."""
    db.execute(
        "INSERT INTO audit_anchor (hub, station_id, seq, hash, acked_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(hub) DO UPDATE SET station_id = excluded.station_id, seq = excluded.seq,"
        " hash = excluded.hash, acked_at = excluded.acked_at",
        [anchor.hub, station_id, anchor.seq, anchor.hash, at])


def broken_by(db: sqlite_utils.Database, anchor: Anchor) -> tuple[int, str] | None:
    """(seq, reason) when the log here contradicts ``anchor``; None when it holds."""
    if anchor.seq <= 0:
        return None
    top = head(db)
    if top is None or top.seq < anchor.seq:
        last = top.seq if top else 0
        return anchor.seq, (f"the log ends at entry {last}, but the hub {anchor.hub} anchored "
                            f"entry {anchor.seq}: the newest entries were removed")
    here = hash_at(db, anchor.seq)
    if here is None:
        return anchor.seq, (f"entry {anchor.seq}, anchored by the hub {anchor.hub}, is "
                            "missing")
    if here != anchor.hash:
        return anchor.seq, (f"entry {anchor.seq} does not have the hash the hub {anchor.hub} "
                            "anchored: the log was rewritten")
    return None


# -- the live source, plugged in by the layer that can reach the hub ---------------------------

# (station) -> the hub's anchor, or None when there is none to ask; raises when the hub
# cannot be asked
Source = Callable[[Any], "Anchor | None"]
_sources: list[Source] = []


def plug(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


@dataclass(frozen=True)
class AnchoredResult:
    """The chain check and, beside it, the anchor check."""

    ok: bool
    entries: int
    first_bad_seq: int | None
    reason: str
    anchor: Anchor | None  # what the log was held against
    anchor_source: str  # 'hub', 'acknowledged' (stored here) or '' (no anchor yet)
    hub_error: str = ""  # why the hub could not be asked (the stored anchor was used)

    def to_json_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "first_bad_seq": self.first_bad_seq,
                "reason": self.reason,
                "anchor": self.anchor.to_json_dict() if self.anchor else None,
                "anchor_source": self.anchor_source or None, "hub_error": self.hub_error}


def verify(st: Any, *, ask_hub: bool = True) -> AnchoredResult:
    """The chain of the station ``st`` checked link by link, then held against the hub's
    anchor (asked live when a source is plugged in and ``ask_hub``) and every acknowledged
    one."""
    from station import audit

    db = st.db
    chain: VerifyResult = audit.verify(db)
    anchors = acknowledged(db)
    source, hub_error = ("acknowledged" if anchors else ""), ""
    if ask_hub:
        for ask in _sources:
            try:
                live = ask(st)
            except Exception as exc:  # unreachable, refused, no token: fall back to ours
                hub_error = str(exc) or type(exc).__name__
                continue
            if live is not None:
                anchors.insert(0, live)
                source = "hub"
    used = anchors[0] if anchors else None
    if not chain.ok:
        return AnchoredResult(False, chain.entries, chain.first_bad_seq, chain.reason, used,
                              source, hub_error)
    for anchor in anchors:
        found = broken_by(db, anchor)
        if found is not None:
            seq, reason = found
            return AnchoredResult(False, chain.entries, seq, reason, anchor,
                                  "hub" if anchor is anchors[0] and source == "hub"
                                  else "acknowledged", hub_error)
    return AnchoredResult(True, chain.entries, None, "", used, source, hub_error)
