"""The hub's HTTP API (Starlette): base path /api/sync/v1, per-station bearer tokens."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from station.clock import now_iso
from sync.hub import anchors, mutations, relay
from sync.hub import limits as hub_limits
from sync.hub.logs import AccessLog, set_station
from sync.hub.store import HubConfig, HubStore, StationRow
from sync.hub.tus import MAX_SIZE, Uploads

PROTOCOL = "station-sync/1"
BASE = "/api/sync/v1"
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
ADMIN_ENV = "STATION_HUB_ADMIN_TOKEN"
MAX_PAGE = 1000
MAX_JSON = 16 * 1024 * 1024
# Every media answer: the type is the hub's, never sniffed, and nothing in it runs.
MEDIA_HEADERS = {"X-Content-Type-Options": "nosniff",
                 "Content-Security-Policy": "default-src 'none'; sandbox"}

Handler = Callable[[Request], Awaitable[Response]]


def error(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status,
                        headers=headers or None)


def _json_text(text: str) -> Response:
    """An answer whose JSON was put together from stored JSON texts."""
    return Response(text.encode("utf-8"), media_type="application/json")


def _page_limit(request: Request, default: int) -> int | None:
    """The page size asked for; None when it is not a whole number from 1 to MAX_PAGE."""
    text = request.query_params.get("limit", "")
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        return None
    return int(text)


def create_app(data_dir: Path | str | HubConfig, admin_token: str | None = None,
               limits: hub_limits.HubLimits | None = None) -> Starlette:
    """The hub. ``admin_token`` (or $STATION_HUB_ADMIN_TOKEN) opens the /admin page; without
    one the page is off."""

    from sync.hub.admin import Admin

    store = HubStore(data_dir)
    uploads = Uploads(store)
    uploads.expire()
    admin = Admin(store, admin_token or os.environ.get(ADMIN_ENV) or None)

    def authenticate(request: Request) -> StationRow | JSONResponse:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return error(401, "token_missing", "a station token is required",
                         **{"WWW-Authenticate": 'Bearer realm="station-sync"'})
        row = store.station_for_token(token.strip())
        if row is None and store.token_retired(token.strip()):
            return error(401, "token_rotated", "this token was replaced by a new one at the"
                         " hub: enter the new token the province gave you",
                         **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row is None:
            return error(401, "token_unknown", "this token is not known to the hub",
                         **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row.revoked:
            return error(401, "token_revoked", "this station's token was revoked",
                         **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        if row.expired:
            return error(401, "token_expired", "this station's token has expired",
                         **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        set_station(request, row.id)
        return row

    def station_route(request: Request) -> StationRow | JSONResponse:
        who = authenticate(request)
        if isinstance(who, JSONResponse):
            return who
        if request.path_params.get("sid") != who.id:
            return error(403, "wrong_station", "the token belongs to another station")
        return who

    async def read_json(request: Request) -> Any:
        # Counted while it arrives (413 past MAX_JSON); NaN and deep nesting are a 400.
        return hub_limits.loads(await hub_limits.read_body(request, MAX_JSON))

    async def healthz(request: Request) -> Response:
        # Liveness: this process answers; it asks nothing of the database or the store.
        return JSONResponse({"status": "ok", "pid": os.getpid()},
                            headers={"Cache-Control": "no-store"})

    def _ready() -> str:
        try:
            store.db.check()
            store.media.check()
        except Exception as exc:  # DatabaseError, MediaStoreError, or what a driver raised
            return str(exc) or type(exc).__name__
        return ""

    async def readyz(request: Request) -> Response:
        # Readiness: the database and the media store answer (a balancer sends no station
        # here otherwise).
        import anyio

        problem = await anyio.to_thread.run_sync(_ready)
        if problem:
            return JSONResponse({"status": "unready", "reason": problem}, status_code=503,
                                headers={"Cache-Control": "no-store"})
        return JSONResponse({"status": "ready", "database": store.db.kind,
                             "media": store.media.describe}, headers={"Cache-Control": "no-store"})

    async def hello(request: Request) -> Response:
        out: dict[str, Any] = {
            "protocol": PROTOCOL, "versions": ["1"], "server_time": now_iso(),
            "server_time_ms": int(time.time() * 1000), "hub": store.meta("name", "hub"),
            "limits": {"max_mutations_per_request": mutations.MAX_BATCH,
                       "max_changes_per_page": MAX_PAGE, "max_upload_bytes": MAX_SIZE,
                       "max_check_hashes": 1000, "max_json_bytes": MAX_JSON,
                       "max_requests_in_flight": hub_limits.HubLimits.per_token},
            "tus": {"endpoint": f"{BASE}/files", "version": "1.0.0",
                    "extensions": ["creation", "termination", "expiration"]},
        }
        if request.headers.get("authorization"):
            who = authenticate(request)
            if isinstance(who, JSONResponse):
                return who
            out["station"] = {"id": who.id, "name": who.name}
        return JSONResponse(out)

    async def assets_check(request: Request) -> Response:
        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        try:
            hashes = (await read_json(request))["sha256"]
            assert isinstance(hashes, list) and len(hashes) <= 1000
            assert all(isinstance(h, str) and SHA_RE.match(h) for h in hashes)
        except (ValueError, KeyError, TypeError, AssertionError):
            return error(400, "bad_request", "expected {\"sha256\": [up to 1000 hex digests]}")
        # Only what this station may read counts as there: no oracle for others' files.
        return JSONResponse({"missing": [h for h in hashes if not store.may_read(who.id, h)]})

    async def asset_commit(request: Request) -> Response:

        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        sha = request.path_params["sha256"]
        if not SHA_RE.match(sha):
            return error(400, "bad_request", "not a SHA-256 hex digest")
        if store.owns(who.id, sha):  # a commit repeated after its answer was lost
            return JSONResponse({"sha256": sha, "status": "committed"})
        try:
            body = await read_json(request)
            url = str(body["upload_url"])
        except (ValueError, KeyError, TypeError):
            return error(400, "upload_required", "this station has not uploaded this file:"
                         " upload it with tus, then commit with {\"upload_url\": ...}")
        uid = url.rstrip("/").rsplit("/", 1)[-1]
        up = uploads.get(uid, who.id)
        if up is None:
            return error(404, "upload_unknown", "no such upload for this station")
        size = uploads.offset(uid, up)
        if size != up["length"]:
            return error(409, "upload_incomplete", f"upload has {size} of {up['length']} bytes")
        if not await uploads.commit(uid, up, sha, who.id):
            return error(422, "hash_mismatch", "the uploaded bytes do not have this SHA-256;"
                         " upload again")
        return JSONResponse({"sha256": sha, "size": size, "status": "committed"})

    async def post_mutations(request: Request) -> Response:
        import anyio

        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        try:
            batch = (await read_json(request))["mutations"]
            assert isinstance(batch, list) and len(batch) <= mutations.MAX_BATCH
            assert all(isinstance(m, dict) for m in batch)  # a batch of objects, or a 400
        except (ValueError, KeyError, TypeError, AssertionError):
            return error(400, "bad_request", "expected {\"mutations\": [up to 1000]}")
        results = await anyio.to_thread.run_sync(mutations.apply_batch_json, store, who.id,
                                                 batch)
        return _json_text(f'{{"results":[{",".join(results)}],"server_time":"{now_iso()}"}}')

    async def get_changes(request: Request) -> Response:
        import anyio

        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        limit = _page_limit(request, 500)
        if limit is None:
            return error(400, "bad_request", f"limit must be a whole number from 1 to {MAX_PAGE}")
        after = store.read_cursor(request.query_params.get("cursor", ""))
        if after is None:
            return error(410, "resync", "this cursor is no longer served: resync from "
                         f"{BASE}/stations/{who.id}/snapshot")
        page, last, more = await anyio.to_thread.run_sync(mutations.changes_page_json, store,
                                                          who.id, after, limit)
        return _json_text(f'{{"changes":{page},"cursor":{json.dumps(store.make_cursor(last))},'
                          f'"more":{json.dumps(more)}}}')

    async def get_snapshot(request: Request) -> Response:
        import anyio

        who = station_route(request)
        if isinstance(who, JSONResponse):
            return who
        # Paged: the first page fixes the change cursor the client continues from once it
        # has every page; 'page' carries that cursor and where the next page starts.
        page = request.query_params.get("page", "")
        limit = _page_limit(request, 1000)
        if limit is None:
            return error(400, "bad_request", f"limit must be a whole number from 1 to {MAX_PAGE}")
        if page:
            got = store.read_page_token(page)
            if got is None:
                return error(410, "resync", "this snapshot page is no longer served: start the"
                             " snapshot again")
            top, after = got
        else:
            top, after = mutations.top_position(store), 0
        rows, last, more = await anyio.to_thread.run_sync(mutations.snapshot, store, who.id,
                                                          after, limit)
        return JSONResponse({"entities": rows, "cursor": store.make_cursor(top), "more": more,
                             "next": store.make_page_token(top, last) if more else None})

    async def media(request: Request) -> Response:
        who = authenticate(request)
        if isinstance(who, JSONResponse):
            return who
        import anyio

        from sync.hub.mediatype import shown_inline

        sha = request.path_params["sha256"]
        # Another station's file is, for this one, not there (404, not 403: no oracle).
        if not SHA_RE.match(sha) or not store.may_read(who.id, sha):
            return error(404, "not_found", "no such media", **MEDIA_HEADERS)
        mime = await anyio.to_thread.run_sync(store.asset_mime, sha)
        headers = {**MEDIA_HEADERS, "ETag": f'"{sha}"',
                   "Cache-Control": "private, max-age=31536000, immutable",
                   "Repr-Digest": f"sha-256=:{relay._sri(sha)[7:]}:"}
        if not shown_inline(mime):
            headers["Content-Disposition"] = f'attachment; filename="{sha}"'
        return store.media.response(request, sha, mime, headers)

    async def relay_feed(request: Request) -> Response:
        who = authenticate(request)
        if isinstance(who, JSONResponse):
            return who
        feed = request.path_params["feed"]
        if not relay.SLUG_RE.match(feed):
            return error(404, "not_found", "no such feed")
        base = str(request.base_url).rstrip("/")
        data = relay.render_rss(store, feed, base)
        if data is None:
            return error(404, "not_found", "no such feed")
        return Response(data, media_type="application/rss+xml; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff",
                                 "Cache-Control": "private, no-cache"})

    # -- tus -----------------------------------------------------------------------
    async def files_root(request: Request) -> Response:
        if request.method == "OPTIONS":
            return uploads.options()
        who = authenticate(request)
        if isinstance(who, JSONResponse):
            return who
        return uploads.create(request, who.id)

    async def file_one(request: Request) -> Response:
        uid = request.path_params["uid"]
        if request.method == "OPTIONS":
            return uploads.options()
        who = authenticate(request)
        if isinstance(who, JSONResponse):
            return who
        if not re.fullmatch(r"[0-9a-f]{32}", uid):
            return Response(status_code=404)
        if request.method == "HEAD":
            return await uploads.head(uid, who.id)
        if request.method == "PATCH":
            return await uploads.patch(request, uid, who.id)
        return uploads.delete(uid, who.id)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route(f"{BASE}/hello", hello, methods=["GET"]),
        Route(f"{BASE}/stations/{{sid}}/assets:check", assets_check, methods=["POST"]),
        Route(f"{BASE}/stations/{{sid}}/assets/{{sha256}}:commit", asset_commit,
              methods=["POST"]),
        Route(f"{BASE}/stations/{{sid}}/mutations", post_mutations, methods=["POST"]),
        Route(f"{BASE}/stations/{{sid}}/changes", get_changes, methods=["GET"]),
        Route(f"{BASE}/stations/{{sid}}/snapshot", get_snapshot, methods=["GET"]),
        Route(f"{BASE}/media/{{sha256}}", media, methods=["GET", "HEAD"]),
        Route(f"{BASE}/relay/{{feed}}.rss", relay_feed, methods=["GET"]),
        Route(f"{BASE}/files", files_root, methods=["POST", "OPTIONS"]),
        Route(f"{BASE}/files/{{uid}}", file_one, methods=["HEAD", "PATCH", "DELETE", "OPTIONS"]),
        *anchors.routes(store, BASE, station_route, read_json),
        Route("/admin", admin.page, methods=["GET"]),
        Route("/admin/relay", admin.add_relay, methods=["POST"]),
        Route("/admin/bulletin", admin.add_bulletin, methods=["POST"]),
        Route("/admin/station", admin.station_token, methods=["POST"]),
    ]
    app = Starlette(routes=routes, middleware=[
        Middleware(AccessLog),
        Middleware(hub_limits.Guard, limits=limits or hub_limits.HubLimits.from_env())])
    app.state.store = store
    return app
