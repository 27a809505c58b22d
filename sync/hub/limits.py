"""What keeps the hub standing against hostile clients: request bodies counted while they
arrive and cut at their route's limit (413), a body that stops moving dropped (408), at most a
few requests at once per token (429), half-sent headers dropped (the uvicorn protocol below),
and strict JSON (no NaN, no deep nesting: 400, never 500)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import ClientDisconnect, Request
from uvicorn.protocols.http.h11_impl import H11Protocol

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KiB, MiB, GiB = 1024, 1024**2, 1024**3
MAX_JSON = 16 * MiB
MAX_ADMIN_FORM = 1 * MiB
MAX_ADMIN_FILE = 4 * GiB  # the relay form's file: streamed to disk, never held
MAX_TUS_PATCH = 8 * GiB  # tus itself cuts a PATCH at the upload's declared length
MAX_NO_BODY = 64 * KiB  # GET, HEAD, OPTIONS, DELETE have nothing to send
MAX_DEPTH = 64  # JSON nesting: the protocol needs 4 levels; Python's parser dies near 1000
IDLE_ENV = "STATION_HUB_IDLE_TIMEOUT_S"


@dataclass(frozen=True)
class HubLimits:
    """``idle_s``: a connection whose headers or body stop moving this long is dropped;
    ``per_token``: requests one token (or one address without a token) may have in flight."""

    idle_s: float = 20.0
    per_token: int = 8
    per_address: int = 32

    @classmethod
    def from_env(cls, idle_s: float | None = None) -> HubLimits:
        """The defaults, with the idle timeout from the argument or $STATION_HUB_IDLE_TIMEOUT_S."""
        if idle_s is None:
            try:
                idle_s = float(os.environ.get(IDLE_ENV, "") or cls.idle_s)
            except ValueError:
                idle_s = cls.idle_s
        return cls(idle_s=max(0.1, idle_s))


def body_limit(method: str, path: str) -> int:
    """The most bytes a request to ``path`` may carry."""
    if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return MAX_NO_BODY
    if path == "/admin/relay":
        return MAX_ADMIN_FILE
    if path.startswith("/admin"):
        return MAX_ADMIN_FORM
    if method == "PATCH" and path.startswith("/api/sync/v1/files/"):
        return MAX_TUS_PATCH
    return MAX_JSON


class BodyTooLarge(Exception):
    """The body passed its limit (answered 413)."""


# -- strict JSON -------------------------------------------------------------------------
def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise ValueError(f"{text} is out of range")
    return value


def loads(data: bytes | str) -> Any:
    """JSON as the standard says it: NaN and Infinity refused, nesting at most MAX_DEPTH;
    every refusal is a ValueError (the route answers 400)."""
    try:
        value = json.loads(data, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:  # iterative: a deep value must not cost a deep stack here either
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                raise ValueError("JSON nested too deeply")
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children
                         if isinstance(child, dict | list))
    return value


async def read_body(request: Request, limit: int) -> bytes:
    """The body, counted as it arrives; BodyTooLarge past ``limit`` (a Content-Length over
    it is refused before a byte is read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge()
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        parts.append(chunk)
    return b"".join(parts)


# -- the ASGI middleware -----------------------------------------------------------------
def _answer(status: int, code: str, message: str,
            extra: tuple[tuple[bytes, bytes], ...] = ()) -> tuple[Message, Message]:
    body = json.dumps({"error": code, "message": message}).encode()
    # Connection: close: the rest of the body is never read, so this connection is done.
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close"), *extra]
    return ({"type": "http.response.start", "status": status, "headers": headers},
            {"type": "http.response.body", "body": body, "more_body": False})


TOO_LARGE = (413, "too_large", "the request body is larger than this route accepts")
IDLE = (408, "request_timeout", "the request body stopped arriving")
BUSY = (429, "busy", "too many requests at once for this token; try again shortly")


class Guard:
    """ASGI middleware in front of the hub's routes."""

    def __init__(self, app: ASGIApp, limits: HubLimits | None = None) -> None:
        self.app = app
        self.limits = limits or HubLimits()
        self.active: dict[str, int] = {}

    def _key(self, scope: Scope) -> tuple[str, int]:
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                return "t:" + hashlib.sha256(value).hexdigest(), self.limits.per_token
        client = scope.get("client") or ("", 0)
        return f"a:{client[0]}", self.limits.per_address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], scope["path"])
        declared = next((v for k, v in scope.get("headers", ()) if k == b"content-length"), None)
        if declared is not None:
            if not declared.strip().isdigit():
                await _send_all(send, _answer(400, "bad_request", "bad Content-Length"))
                return
            if int(declared) > limit:
                await _send_all(send, _answer(*TOO_LARGE))
                return
        key, cap = self._key(scope)
        if self.active.get(key, 0) >= cap:
            await _send_all(send, _answer(*BUSY, extra=((b"retry-after", b"2"),)))
            return
        self.active[key] = self.active.get(key, 0) + 1
        try:
            await _Exchange(self.app, self.limits.idle_s, limit).run(scope, receive, send)
        finally:
            left = self.active.get(key, 1) - 1
            if left > 0:
                self.active[key] = left
            else:
                self.active.pop(key, None)


async def _send_all(send: Send, messages: tuple[Message, Message]) -> None:
    for message in messages:
        await send(message)


class _Exchange:
    """One request: its body counted and timed; the app sees a cut (http.disconnect) when
    the body is too large or stalls, and the client gets 413 or 408 instead of its answer."""

    def __init__(self, app: ASGIApp, idle_s: float, limit: int) -> None:
        self.app, self.idle_s, self.limit = app, idle_s, limit
        self.received = 0
        self.body_done = False
        self.failure: tuple[int, str, str] | None = None
        self.started = False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def guarded_receive() -> Message:
            if self.failure is not None:
                return {"type": "http.disconnect"}
            if self.body_done:  # waiting for a disconnect while answering: no timeout
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle_s)
            except TimeoutError:
                self.failure = IDLE
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    self.failure = TOO_LARGE
                    return {"type": "http.disconnect"}
                self.body_done = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            if self.failure is not None and not self.started:
                return  # the app's answer to the cut it saw: the client gets ours
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except BodyTooLarge:
            self.failure = self.failure or TOO_LARGE
        except ClientDisconnect:
            if self.failure is None:
                return  # the client went away mid-body: nobody to answer, nothing to log
        except (OSError, RuntimeError):
            if self.failure is None:
                raise
        if self.failure is not None and not self.started:
            self.started = True
            await _send_all(send, _answer(*self.failure))


# -- uvicorn: half-sent headers ----------------------------------------------------------
def guarded_protocol(header_s: float) -> type[H11Protocol]:
    """uvicorn's h11 protocol with a header timeout: a connection that has not sent a whole
    request head within ``header_s`` of opening (or of its last answer) is closed. uvicorn
    has none of its own: its keep-alive timer stops at the first byte of a request."""

    class HeaderTimeoutProtocol(H11Protocol):
        _head_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_s, self._head_expired)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_expired(self) -> None:
            self._head_timer = None
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def handle_events(self) -> None:
            cycle = self.cycle
            super().handle_events()
            if self.cycle is not cycle:  # a whole request head arrived
                self._disarm()

        def on_response_complete(self) -> None:
            if not self.transport.is_closing():
                self._arm()  # before: a pipelined request parsed inside disarms it
            super().on_response_complete()

    return HeaderTimeoutProtocol
