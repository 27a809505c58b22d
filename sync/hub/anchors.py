"""The hub's anchor of each station's audit log (station/anchor.py is the station's side).

A station sends its chain head at every sync, with the hash its log has at the seq the hub
already holds (the proof). The hub moves its anchor forward only when the proof matches; a
head lower than the anchor (rows cut from the end) or a different hash at the anchored seq
(rows rewritten) is flagged: logged, kept in ``audit_flags`` (schema in store.py) for the
admin page, and the anchor stays where it was, so `audit verify` keeps reporting the break.

Each workstation of a station keeps its own audit log, so each has its own anchor, named by
its HLC node (``?workstation=``).

    GET  /api/sync/v1/stations/{sid}/audit-anchor?workstation=N -> {"anchor": ..., "flag": ...}
    POST /api/sync/v1/stations/{sid}/audit-anchor?workstation=N {"head": {"seq", "hash"},
                                                     "proof": {"seq", "hash"} | null}
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from station.clock import now_iso
from sync.hub.store import HubStore, StationRow

log = logging.getLogger(__name__)


HASH_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Point:
    seq: int
    hash: str


@dataclass(frozen=True)
class Outcome:
    anchor: Point | None
    accepted: bool
    flag: dict[str, Any] | None

    def to_json_dict(self) -> dict[str, Any]:
        return {"anchor": _point_json(self.anchor), "accepted": self.accepted,
                "flag": self.flag}


def _point_json(p: Point | None) -> dict[str, Any] | None:
    return {"seq": p.seq, "hash": p.hash} if p else None


def _point(value: Any) -> Point:
    """A {"seq", "hash"} object, or ValueError."""
    if not isinstance(value, dict):
        raise ValueError("expected an object with seq and hash")
    seq, digest = value.get("seq"), value.get("hash")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 < seq < 2**62:
        raise ValueError("seq must be a positive integer")
    if not isinstance(digest, str) or not HASH_RE.match(digest):
        raise ValueError("hash must be 64 lowercase hex digits")
    return Point(seq, digest)


def anchor_of(store: HubStore, station_id: str,
              workstation: str = "") -> tuple[Point | None, dict[str, Any] | None]:
    """The anchor of a workstation's log (each keeps its own) and its latest flag."""
    with store.read() as c:
        row = c.execute("SELECT seq, hash FROM audit_anchors WHERE station_id = ? AND"
                        " workstation = ?", [station_id, workstation]).fetchone()
        flag = c.execute("SELECT kind, anchor_seq, reported_seq, message, last_at, times"
                         " FROM audit_flags WHERE station_id = ? AND workstation = ? AND"
                         " cleared_at IS NULL ORDER BY last_at DESC, id DESC LIMIT 1",
                         [station_id, workstation]).fetchone()
    return (Point(int(row[0]), str(row[1])) if row else None), _flag_json(flag)


def _flag_json(row: Any) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"kind": row[0], "anchor_seq": row[1], "reported_seq": row[2], "message": row[3],
            "at": row[4], "times": row[5]}


def record(store: HubStore, station: StationRow, head: Point, proof: Point | None,
           workstation: str = "") -> Outcome:
    """Take a workstation's head: move its anchor forward when the proof holds, flag it when
    the log went back or changed."""
    now = now_iso()
    with store.tx() as c:
        row = c.execute("SELECT seq, hash FROM audit_anchors WHERE station_id = ? AND"
                        " workstation = ?", [station.id, workstation]).fetchone()
        anchor = Point(int(row[0]), str(row[1])) if row else None
        kind = message = ""
        if anchor is None:
            pass
        elif head.seq < anchor.seq:
            kind, message = "shorter", (
                f"the audit log of {station.name} ends at entry {head.seq}, but the hub "
                f"anchored entry {anchor.seq}: entries were removed")
        elif (head.hash != anchor.hash) if head.seq == anchor.seq else (
                proof is None or proof.seq != anchor.seq or proof.hash != anchor.hash):
            kind, message = "rewritten", (
                f"entry {anchor.seq} of the audit log of {station.name} no longer has the "
                "hash the hub anchored: the log was rewritten")
        if kind:
            c.execute(
                "INSERT INTO audit_flags (station_id, workstation, kind, anchor_seq,"
                " anchor_hash, reported_seq, reported_hash, message, first_at, last_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(station_id, workstation,"
                " kind, anchor_seq, reported_seq, reported_hash) DO UPDATE SET"
                " last_at = excluded.last_at, times = times + 1, cleared_at = NULL",
                [station.id, workstation, kind, anchor.seq if anchor else 0, anchor.hash if anchor else "",
                 head.seq, head.hash, message, now, now])
            flag = c.execute("SELECT kind, anchor_seq, reported_seq, message, last_at, times"
                             " FROM audit_flags WHERE station_id = ? AND workstation = ?"
                             " AND kind = ? AND anchor_seq = ? AND reported_seq = ? AND"
                             " reported_hash = ?", [station.id, workstation, kind,
                                                    anchor.seq if anchor else 0, head.seq,
                                                    head.hash]).fetchone()
            log.warning("audit anchor: %s (station %s)", message, station.id)
            return Outcome(anchor, False, _flag_json(flag))
        if anchor is None or head.seq > anchor.seq:
            c.execute("INSERT INTO audit_anchors (station_id, workstation, seq, hash, at)"
                      " VALUES (?, ?, ?, ?, ?) ON CONFLICT(station_id, workstation) DO UPDATE"
                      " SET seq = excluded.seq, hash = excluded.hash, at = excluded.at",
                      [station.id, workstation, head.seq, head.hash, now])
            anchor = head
    return Outcome(anchor, True, None)


def flags_by_station(store: HubStore) -> dict[str, dict[str, Any]]:
    """The latest flag of each station, for the admin page."""
    with store.read() as c:
        rows = c.execute("SELECT station_id, kind, anchor_seq, reported_seq, message, last_at,"
                         " times FROM audit_flags WHERE cleared_at IS NULL"
                         " ORDER BY last_at, id").fetchall()
    return {r[0]: _flag_json(r[1:]) or {} for r in rows}


def anchors_by_station(store: HubStore) -> dict[str, tuple[int, str]]:
    with store.read() as c:
        return {r[0]: (int(r[1]), str(r[2])) for r in
                c.execute("SELECT station_id, max(seq), max(at) FROM audit_anchors"
                          " GROUP BY station_id")}


def reset(store: HubStore, which: str) -> tuple[str, str]:
    """Forget a station's anchor and clear its flags (`station hub reset-audit-anchor`), once
    the province knows why its log went back (a backup restored): its next sync anchors the
    log as it is then. (id, name); StationUnknown when no station fits."""
    station_id, name = store.find_station(which)
    with store.tx() as c:
        c.execute("DELETE FROM audit_anchors WHERE station_id = ?", [station_id])
        c.execute("UPDATE audit_flags SET cleared_at = ? WHERE station_id = ? AND"
                  " cleared_at IS NULL", [now_iso(), station_id])
    log.warning("audit anchor of %s (%s) reset by the province", name, station_id)
    return station_id, name


def admin_cell(station_id: str, flags: dict[str, dict[str, Any]],
               anchored: dict[str, tuple[int, str]]) -> str:
    """The admin page's "Audit log" cell of a station, as HTML."""
    import html

    flag = flags.get(station_id)
    if flag:
        return (f"<strong style=\"color:#b00\">FLAGGED</strong> {html.escape(flag['at'])}:"
                f" {html.escape(flag['message'])} ({flag['times']}×)")
    if station_id in anchored:
        seq, at = anchored[station_id]
        return f"anchored up to entry {seq} ({html.escape(at)})"
    return "not yet anchored"


def routes(store: HubStore, base: str,
           station_route: Callable[[Request], StationRow | JSONResponse],
           read_json: Callable[[Request], Awaitable[Any]]) -> list[Route]:
    """The two endpoints, joined to the app by sync/hub/app.py."""

    def bad(message: str) -> JSONResponse:
        return JSONResponse({"error": "bad_request", "message": message}, status_code=400)

    async def endpoint(request: Request) -> Response:
        import anyio

        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        workstation = request.query_params.get("workstation", "")
        if len(workstation) > 64:
            return bad("workstation: at most 64 characters")
        if request.method == "GET":
            anchor, flag = await anyio.to_thread.run_sync(anchor_of, store, who.id, workstation)
            return JSONResponse({"anchor": _point_json(anchor), "flag": flag})
        try:
            body = await read_json(request)
            if not isinstance(body, dict):
                raise ValueError("expected {\"head\": {\"seq\", \"hash\"}, \"proof\": ...}")
            head = _point(body.get("head"))
            proof = None if body.get("proof") is None else _point(body.get("proof"))
        except (ValueError, TypeError) as exc:  # bad JSON, NaN, too deep, wrong shape
            return bad(f"expected {{\"head\": {{\"seq\", \"hash\"}}, \"proof\": ...}}: {exc}")
        outcome = await anyio.to_thread.run_sync(record, store, who, head, proof, workstation)
        return JSONResponse(outcome.to_json_dict())

    return [Route(f"{base}/stations/{{sid}}/audit-anchor", endpoint, methods=["GET", "POST"])]
