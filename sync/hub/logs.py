"""The hub's structured logs: one JSON object per line on stderr, the same in every process.

:class:`AccessLog` (pure ASGI middleware) writes one ``"event": "request"`` line when each
request ends; :func:`set_station` tells it which station the request was authenticated as.
Any record logged through ``station.hub.*`` (or ``sync.hub.*``) while a request runs carries
that request's ``request_id`` and ``station`` too. Every string passes through the station's
own secret filter (:func:`station.logs.redact`); the query string and headers are never logged.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from station.logs import HIDDEN, redact

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGGER = "station.hub"
LOGGERS = ("station.hub", "sync.hub")  # the second: modules that log under their __name__
SLOW_ENV = "STATION_HUB_SLOW_MS"
SLOW_MS = 2000.0
STATION_KEY = "station_id"  # in scope["state"], which is what request.state reads and writes
MAX_PATH = 512

access = logging.getLogger(f"{LOGGER}.access")
# The running request's scope["state"] dict, shared so a later set_station() shows up in it.
_request: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "station_hub_request", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# LogRecord's own attributes: anything else on a record came in through extra={...}.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def set_station(target: Any, station_id: str) -> None:
    """Mark the request (a Starlette Request/HTTPConnection, or its ASGI scope) as made by
    ``station_id``; its access-log line and every hub log line it causes will carry it."""
    scope = target if isinstance(target, MutableMapping) else target.scope
    scope.setdefault("state", {})[STATION_KEY] = station_id


def station_of(scope: Scope) -> str | None:
    value = (scope.get("state") or {}).get(STATION_KEY)
    return None if value is None else str(value)


class AccessLog:
    """``Middleware(AccessLog)``, outermost, so that answers of the guards (413, 429) are
    logged too. 5xx and failures are errors; requests over ``slow_ms`` are warnings."""

    def __init__(self, app: ASGIApp, slow_ms: float | None = None,
                 logger: logging.Logger | None = None) -> None:
        self.app = app
        self.log = logger or access
        if slow_ms is None:
            try:
                slow_ms = float(os.environ.get(SLOW_ENV, "") or SLOW_MS)
            except ValueError:
                slow_ms = SLOW_MS
        self.slow_ms = slow_ms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The same dict request.state wraps further in, so set_station() is seen here.
        state = scope.setdefault("state", {})
        state.setdefault("request_id", _request_id(scope))
        token = _request.set(state)
        started = time.perf_counter()
        status = 0
        bytes_out = 0

        async def counting_send(message: Message) -> None:
            nonlocal status, bytes_out
            kind = message["type"]
            if kind == "http.response.start":
                status = int(message["status"])
            elif kind == "http.response.body":
                bytes_out += len(message.get("body", b""))
            elif kind == "http.response.pathsend":
                with contextlib.suppress(OSError):
                    bytes_out += os.path.getsize(message["path"])
            await send(message)

        failure: BaseException | None = None
        try:
            await self.app(scope, receive, counting_send)
        except BaseException as exc:  # an Exception, or a cancel when the client went away
            failure = exc
            raise
        finally:
            self._line(scope, state, status, bytes_out, started, failure)
            _request.reset(token)

    def _line(self, scope: Scope, state: dict[str, Any], status: int, bytes_out: int,
              started: float, failure: BaseException | None) -> None:
        duration_ms = (time.perf_counter() - started) * 1000
        if failure is not None and not status:
            # Starlette answers an unhandled exception with 500; a cancel had no answer (499).
            status = 500 if isinstance(failure, Exception) else 499
        if status >= 500 or isinstance(failure, Exception):
            level = logging.ERROR
        elif duration_ms >= self.slow_ms or failure is not None:
            level = logging.WARNING
        else:
            level = logging.INFO
        client = scope.get("client")
        fields = {
            "event": "request", "method": scope.get("method", ""),
            "path": str(scope.get("path", ""))[:MAX_PATH], "status": status,
            "duration_ms": round(duration_ms, 1), "bytes_out": bytes_out,
            "station": station_of(scope), "request_id": state.get("request_id"),
            "client": client[0] if client else None,
        }
        if duration_ms >= self.slow_ms:
            fields["slow"] = True
        exc_info = None
        if isinstance(failure, Exception):
            exc_info = (type(failure), failure, failure.__traceback__)
        self.log.log(level, "%s %s %s", fields["method"], fields["path"], status,
                     extra=fields, exc_info=exc_info)


def _request_id(scope: Scope) -> str:
    """The proxy's X-Request-ID when it is a plain token (to join its log to ours), or new."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1").strip()
            if _REQUEST_ID.match(text):
                return text
            break
    return uuid.uuid4().hex[:16]


# -- the JSON lines -----------------------------------------------------------------------
def _clean(key: str, value: Any) -> Any:
    """``value`` with secrets hidden; a key that names a secret hides its whole value."""
    if isinstance(value, str):
        out = redact(f"{key}={value}")  # the key in front lets redact() see "token=..."
        prefix = f"{key}="
        return out[len(prefix):] if out.startswith(prefix) else HIDDEN
    if isinstance(value, dict):
        return {str(k): _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_clean(key, v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _clean(key, str(value))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ts, level, logger, msg, pid, the extra fields, and the
    running request's request_id and station."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        extra = {k: v for k, v in vars(record).items() if k not in _STANDARD}
        out["event"] = extra.pop("event", None) or "log"
        out["msg"] = redact(record.getMessage())
        out["pid"] = os.getpid()
        request = _request.get()
        if request is not None:
            out["request_id"] = request.get("request_id")
            out["station"] = request.get(STATION_KEY)
        for key, value in extra.items():
            if not key.startswith("_"):
                out[key] = _clean(key, value)
        if record.exc_info:
            out["exc"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            out["exc"] = redact(record.exc_text)
        return json.dumps(out, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test capture, a redirected stream)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure(level: int | str = logging.INFO, loggers: Iterable[str] = LOGGERS) -> None:
    """JSON lines on stderr for the hub's loggers, at ``level``; safe to call again (each
    process of ``--workers N`` calls it once). They stop propagating to the root logger so a
    line is never written twice, once as plain text."""
    if isinstance(level, str):
        level = logging.getLevelName(level.upper())
        if not isinstance(level, int):
            raise ValueError("log level must be debug, info, warning or error")
    for name in loggers:
        log = logging.getLogger(name)
        log.setLevel(level)
        log.propagate = False
        if not any(getattr(h, "_hub_json", False) for h in log.handlers):
            handler = _Stderr()
            handler.setFormatter(JsonFormatter())
            handler._hub_json = True  # type: ignore[attr-defined]
            log.addHandler(handler)
