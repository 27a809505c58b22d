"""A small admin page for the province editor: the stations, the relay feeds, and a form that
publishes a file in a feed. HTTP Basic with the admin token as password (any user name), so a
browser asks for it; uploads go by ``fetch`` with the file as the raw body (streamed to disk,
no multipart parser) and a custom header, which a page of another site cannot send (CSRF)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from station.ids import uuid7
from sync.hub import anchors, limits, province, relay
from sync.hub.store import HubStore

ADMIN_HEADER = "X-Hub-Admin"
MAX_UPLOAD = 4 * 1024**3

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Hub: {hub}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}label{{display:block;margin:.4em 0}}
</style></head><body>
<h1>Hub: {hub}</h1>
<h2>Stations</h2>
<table><tr><th>Name</th><th>Id</th><th>Registered</th><th>State</th><th>Changes</th><th>Audit log</th></tr>
{stations}</table>
<form id="tokens"><label>Station token: <select name="id">{choices}</select>
<button name="act" value="rotate">New token</button> <button name="act" value="revoke">Revoke
</button></label> <span id="tstatus"></span></form>
<h2>Relay feeds</h2>
<table><tr><th>Feed</th><th>Title</th><th>Items</th><th>Latest</th></tr>{feeds}</table>
<h2>Publish a relay item</h2>
<form id="relay">
<label>Feed (a-z, 0-9, -) <input name="feed" required pattern="[a-z0-9][a-z0-9-]*"></label>
<label>Title <input name="title" required size="60"></label>
<label>Description <textarea name="description" rows="3" cols="60"></textarea></label>
<label>Category <input name="category"></label>
<label>Priority <select name="priority"><option>normal</option><option>priority</option>
<option>emergency</option></select></label>
<label>File <input type="file" name="file" required></label>
<button>Publish</button> <span id="status"></span>
</form>
<h2>Publish a mandatory bulletin</h2>
<form id="bulletin">
<label>Title <input name="title" required size="60"></label>
<label>Text <textarea name="text" required rows="6" cols="60"></textarea></label>
<label>Priority <select name="priority"><option>normal</option><option>priority</option>
<option>emergency</option></select></label>
<label>Valid from <input name="valid_from" type="date"></label>
<label>Valid to <input name="valid_to" type="date"></label>
<button>Publish</button> <span id="bstatus"></span>
</form>
<script>
document.getElementById("relay").addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  const f = ev.target, file = f.file.files[0], status = document.getElementById("status");
  const q = new URLSearchParams({{feed: f.feed.value, title: f.title.value,
    description: f.description.value, category: f.category.value,
    priority: f.priority.value, filename: file.name}});
  status.textContent = "…";
  const r = await fetch("admin/relay?" + q, {{method: "POST", body: file,
    headers: {{"{header}": "1", "Content-Type": "application/octet-stream"}}}});
  const body = await r.json();
  status.textContent = r.ok ? "OK: " + body.id : "Error: " + body.message;
  if (r.ok) setTimeout(() => location.reload(), 800);
}});
document.getElementById("bulletin").addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  const f = ev.target, status = document.getElementById("bstatus");
  const body = {{title: f.title.value, text: f.text.value, priority: f.priority.value,
    valid_from: f.valid_from.value, valid_to: f.valid_to.value}};
  status.textContent = "…";
  const r = await fetch("admin/bulletin", {{method: "POST", body: JSON.stringify(body),
    headers: {{"{header}": "1", "Content-Type": "application/json"}}}});
  const got = await r.json();
  status.textContent = r.ok ? "OK: " + got.id : "Error: " + got.message;
}});
document.getElementById("tokens").addEventListener("submit", async (ev) => {{
  ev.preventDefault();
  const f = ev.target, act = ev.submitter.value, status = document.getElementById("tstatus");
  const name = f.id.options[f.id.selectedIndex].text;
  const ask = act === "revoke" ? "Revoke the token of " + name + "? It stops working at once."
    : "Give " + name + " a new token? The old one stops working at once.";
  if (!confirm(ask)) return;
  const r = await fetch("admin/station?" + new URLSearchParams({{action: act, id: f.id.value}}),
    {{method: "POST", headers: {{"{header}": "1"}}}});
  const got = await r.json();
  status.textContent = !r.ok ? "Error: " + got.message : act === "revoke" ? "Revoked."
    : "New token (shown once, give it to the station): " + got.token;
}});
</script></body></html>"""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _choices(stations: list[tuple[object, ...]]) -> str:
    """The stations as <option>s (value: the id, which no two share)."""
    return "".join(f'<option value="{html.escape(str(r[0]))}">{html.escape(str(r[1]))}'
                   "</option>" for r in stations)


class Admin:
    def __init__(self, store: HubStore, token: str | None) -> None:
        self.store = store
        self.hash = token_hash(token) if token else ""

    def allowed(self, request: Request) -> bool:
        if not self.hash:
            return False
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        given = ""
        if scheme.lower() == "basic":
            try:
                given = base64.b64decode(value).decode("utf-8").partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return False
        elif scheme.lower() == "bearer":
            given = value.strip()
        return bool(given) and hmac.compare_digest(token_hash(given), self.hash)

    def refuse(self) -> Response:
        if not self.hash:
            return JSONResponse({"error": "not_found", "message": "the admin page is off: "
                                 "start the hub with an admin token"}, status_code=404)
        return Response("admin token required", status_code=401,
                        headers={"WWW-Authenticate": 'Basic realm="station hub admin"'})

    async def page(self, request: Request) -> Response:
        if not self.allowed(request):
            return self.refuse()
        esc = html.escape
        with self.store.read() as c:
            stations = c.execute(
                "SELECT s.id, s.name, s.created_at, s.revoked, s.expires_at,"
                " (SELECT count(*) FROM changes ch WHERE ch.scope = s.id)"
                " FROM stations s ORDER BY s.name").fetchall()
            feeds = c.execute(
                "SELECT f.slug, f.title, count(i.id), max(i.published_at) FROM relay_feeds f"
                " LEFT JOIN relay_items i ON i.feed = f.slug GROUP BY f.slug ORDER BY f.slug"
            ).fetchall()
        flags, anchored = anchors.flags_by_station(self.store), anchors.anchors_by_station(
            self.store)
        rows = "".join(
            f"<tr><td>{esc(r[1])}</td><td><code>{esc(r[0])}</code></td><td>{esc(r[2])}</td>"
            f"<td>{'revoked' if r[3] else ('expires ' + esc(r[4]) if r[4] else 'active')}</td>"
            f"<td>{r[5]}</td><td>{anchors.admin_cell(r[0], flags, anchored)}</td></tr>"
            for r in stations)
        frows = "".join(
            f"<tr><td><a href=\"api/sync/v1/relay/{esc(r[0])}.rss\">{esc(r[0])}</a></td>"
            f"<td>{esc(r[1])}</td><td>{r[2]}</td><td>{esc(r[3] or '')}</td></tr>"
            for r in feeds)
        return HTMLResponse(PAGE.format(hub=esc(self.store.meta("name", "hub")),
                                        stations=rows, feeds=frows, header=ADMIN_HEADER,
                                        choices=_choices(stations)),
                            headers={"Cache-Control": "no-store",
                                     "Content-Security-Policy": "default-src 'self' "
                                     "'unsafe-inline'; frame-ancestors 'none'"})

    async def add_relay(self, request: Request) -> Response:
        if not self.allowed(request):
            return self.refuse()
        if request.headers.get(ADMIN_HEADER) != "1":
            return JSONResponse({"error": "forbidden", "message": "missing the admin header"},
                                status_code=403)
        q = request.query_params
        feed, title = q.get("feed", ""), q.get("title", "").strip()
        name = Path(q.get("filename", "") or "file").name  # for messages only
        if not title:
            return JSONResponse({"error": "bad_request", "message": "a title is required"},
                                status_code=400)
        temp = self.store.uploads / f"admin-{uuid7()}{Path(name).suffix.lower()[:10]}"
        size = 0
        try:
            with open(temp, "wb") as out:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > MAX_UPLOAD:
                        return JSONResponse({"error": "too_large", "message": "file too large"},
                                            status_code=413)
                    out.write(chunk)
            if size == 0:
                return JSONResponse({"error": "bad_request", "message": "the file is empty"},
                                    status_code=400)
            import anyio

            item = await anyio.to_thread.run_sync(lambda: relay.add_item(
                self.store, feed, temp, title, description=q.get("description", ""),
                category=q.get("category", ""), priority=q.get("priority", "normal"),
                name=name))
        except relay.RelayError as exc:
            return JSONResponse({"error": "bad_request", "message": str(exc)}, status_code=400)
        finally:
            temp.unlink(missing_ok=True)
        return JSONResponse({"id": item.id, "sha256": item.sha256, "size": item.size})

    async def station_token(self, request: Request) -> Response:
        """POST /admin/station?action=revoke|rotate&id=ID: stop a station's token, or give
        it a new one (answered once, never kept)."""
        from sync.hub.store import StationUnknown

        if not self.allowed(request):
            return self.refuse()
        if request.headers.get(ADMIN_HEADER) != "1":
            return JSONResponse({"error": "forbidden", "message": "missing the admin header"},
                                status_code=403)
        action, sid = request.query_params.get("action"), request.query_params.get("id", "")
        try:
            if action == "revoke":
                sid, _name = self.store.revoke_station(sid)
                return JSONResponse({"id": sid, "revoked": True})
            if action == "rotate":
                sid, token = self.store.rotate_token(sid)
                return JSONResponse({"id": sid, "token": token},
                                    headers={"Cache-Control": "no-store"})
        except StationUnknown as exc:
            return JSONResponse({"error": "not_found", "message": str(exc)}, status_code=404)
        return JSONResponse({"error": "bad_request", "message": "action is revoke or rotate"},
                            status_code=400)

    async def add_bulletin(self, request: Request) -> Response:
        """POST /admin/bulletin, a JSON body {title, text, priority, valid_from, valid_to}."""
        if not self.allowed(request):
            return self.refuse()
        if request.headers.get(ADMIN_HEADER) != "1":
            return JSONResponse({"error": "forbidden", "message": "missing the admin header"},
                                status_code=403)
        try:
            body = limits.loads(await limits.read_body(request, limits.MAX_ADMIN_FORM))
            if not isinstance(body, dict):
                raise province.PublishError("the body is not a JSON object")
            import anyio

            eid = await anyio.to_thread.run_sync(lambda: province.publish_bulletin(
                self.store, str(body.get("title") or ""), str(body.get("text") or ""),
                str(body.get("priority") or "normal"), body.get("valid_from") or None,
                body.get("valid_to") or None))
        except (ValueError, province.PublishError) as exc:
            return JSONResponse({"error": "bad_request", "message": str(exc)}, status_code=400)
        return JSONResponse({"id": eid})
