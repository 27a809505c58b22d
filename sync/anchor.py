"""The sync's side of the audit anchor (station/anchor.py): at each sync, hand the audit
chain's head to the hub with the proof it asks for, and keep what it acknowledges (the
quick question of `station audit verify` is sync/anchor_query.py)."""

from __future__ import annotations

import logging
from typing import Any

from station import anchor
from station.clock import now_iso
from station.station import Station
from sync.credentials import clean_url
from sync.errors import QT_TRANSLATE_NOOP, HubRefused, Problem, SyncError
from sync.transport import Hub, protocol_error

log = logging.getLogger(__name__)

API = "/api/sync/v1"


def path(db: Any, station_id: str) -> str:
    """The anchor of this workstation's log (each workstation keeps its own, named by its
    HLC node)."""
    from station.outbox import clock

    return f"{API}/stations/{station_id}/audit-anchor?workstation={clock(db).node}"


def point(value: Any) -> tuple[int, str] | None:
    """(seq, hash) of an anchor the hub sent, or None."""
    if not isinstance(value, dict):
        return None
    seq, digest = value.get("seq"), value.get("hash")
    if isinstance(seq, int) and not isinstance(seq, bool) and isinstance(digest, str):
        return seq, digest
    return None


def exchange(st: Station, hub: Hub, station_id: str) -> Problem | None:
    """Send the head (with the hash at the hub's anchored seq), store what the hub
    acknowledges. Returns the hub's flag, in words, when it found the log cut or changed."""
    db = st.db
    resp = hub.request("GET", path(db, station_id), ok=(200, 404))
    if resp.status_code == 404:  # a hub older than the anchor: nothing to hold the log to
        log.info("the hub %s keeps no audit anchor", hub.url)
        return None
    if resp.status_code != 200:
        raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                         what="audit-anchor", reason=f"HTTP {resp.status_code}")
    got = hub.parse(resp)
    if not isinstance(got, dict):
        raise protocol_error(hub.url, QT_TRANSLATE_NOOP("sync", "JSON of another kind"))
    held = point(got.get("anchor"))
    top = anchor.head(db)
    if top is None:
        return None
    proof = None
    if held is not None:
        here = anchor.hash_at(db, held[0])
        proof = {"seq": held[0], "hash": here} if here else None
    answer = hub.json("POST", path(db, station_id), body={"head": top.to_json_dict(),
                                                       "proof": proof})
    acked = point(answer.get("anchor")) if isinstance(answer, dict) else None
    if acked is None:
        raise protocol_error(hub.url, QT_TRANSLATE_NOOP("sync", "an audit anchor answer "
                                                        "without an anchor"))
    with db.atomic():
        anchor.acknowledge(db, anchor.Anchor(clean_url(hub.url), acked[0], acked[1]),
                           station_id, now_iso())
    flag = answer.get("flag")
    if isinstance(flag, dict):
        log.warning("the hub flagged this station's audit log: %s", flag.get("message"))
        return Problem(QT_TRANSLATE_NOOP("sync", "the hub found this station's audit log "
                                                 "changed since the last sync: {reason}"),
                       reason=str(flag.get("message") or flag.get("kind")))
    return None


def anchor_step(st: Station, hub: Hub, station_id: str, warnings: list[Any]) -> None:
    """The sync run's last step: never fails the sync, says what went wrong."""
    try:
        flagged = exchange(st, hub, station_id)
    except SyncError as exc:
        warnings.append(exc)
        return
    if flagged is not None:
        warnings.append(flagged)
