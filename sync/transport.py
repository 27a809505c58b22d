"""Talking to the hub over slow, flaky links: stall timeouts (no byte moving for N seconds)
rather than total timeouts, blind retries with exponential backoff and full jitter, an
optional bandwidth cap, and answers checked before they are believed."""

from __future__ import annotations

import json
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from station import __version__
from sync.credentials import clean_url
from sync.errors import (
    QT_TRANSLATE_NOOP,
    HubProtocolError,
    HubRefused,
    HubUnreachable,
    Problem,
    token_refused,
)
from sync.tls import cert_problem

SEND_BUFFER = 256 * 1024
RETRY_STATUS = frozenset({408, 423, 425, 429, 500, 502, 503, 504})
TRANSPORT_ERRORS = (httpx.TransportError, httpx.DecodingError)


class Throttle:
    """A token bucket shared by uploads and downloads: at most ``rate`` bytes per second."""

    def __init__(self, bytes_per_s: float) -> None:
        self.rate = bytes_per_s
        self._lock = threading.Lock()
        self._allowance = 0.0
        self._last = time.monotonic()

    def take(self, n: int) -> None:
        if self.rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            # A burst of at most a quarter second: smooth on a shared link.
            self._allowance = min(self.rate / 4, self._allowance + (now - self._last) * self.rate)
            self._last = now
            self._allowance -= n
            wait = -self._allowance / self.rate if self._allowance < 0 else 0.0
        if wait > 0:
            time.sleep(wait)


def backoff_delays(base: float = 0.5, cap: float = 30.0) -> Iterator[float]:
    """Full jitter: attempt n waits uniform(0, min(cap, base * 2**n))."""
    n = 0
    while True:
        yield random.uniform(0, min(cap, base * 2 ** n))
        n += 1


class Hub:
    """One hub, one token. Counts the bytes that went each way."""

    def __init__(self, url: str, token: str, *, stall_s: float = 60.0, cap_kbps: int = 0,
                 verify: bool | ssl.SSLContext = True, attempts: int = 6, backoff_base: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = clean_url(url)  # errors and logs name the hub without a password
        self.token = token
        self.stall_s = stall_s
        self.attempts = attempts
        self.backoff_base = backoff_base
        self.sleep = sleep
        self.throttle = Throttle(cap_kbps * 1000 / 8)
        self.bytes_up = 0
        self.bytes_down = 0
        if transport is None:
            # A small send buffer: bytes count as sent when they leave this computer, not when
            # they enter a kernel queue of several MB that a slow link drains for longer than
            # the stall timeout (and that a cut throws away).
            transport = httpx.HTTPTransport(verify=verify, retries=0, socket_options=[
                (socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)])
        self.client = httpx.Client(
            base_url=self.url, verify=verify, transport=transport, follow_redirects=False,
            timeout=httpx.Timeout(connect=min(stall_s, 20.0), read=stall_s, write=stall_s,
                                  pool=stall_s),
            headers={"Authorization": f"Bearer {token}",
                     "User-Agent": f"station/{__version__} station-sync/1"})

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def unreachable(self, reason: Problem) -> HubUnreachable:
        """``reason``: a typed line (the UI words it inside the sentence, translated)."""
        return HubUnreachable(QT_TRANSLATE_NOOP("errors", "cannot reach the hub at {url}: "
                                                "{reason}"), url=self.url, reason=reason)

    def request(self, method: str, path: str, *, retry: bool = True,
                ok: tuple[int, ...] = (200,), **kw: Any) -> httpx.Response:
        """Send, retrying blindly on a cut link, a stall or a busy hub; raise in words
        otherwise. Every request of the protocol may be repeated safely."""
        delays = backoff_delays(self.backoff_base)
        last: Problem | None = None
        for attempt in range(self.attempts if retry else 1):
            if attempt:
                self.sleep(next(delays))
            try:
                resp = self.client.request(method, path, **kw)
            except TRANSPORT_ERRORS as exc:
                untrusted = cert_problem(exc)
                if untrusted is not None:  # no retry makes a certificate trusted
                    raise self.unreachable(untrusted) from None
                last = _describe(exc)
                continue
            self.bytes_down += len(resp.content)
            if resp.status_code in ok:
                return resp
            if resp.status_code == 401:
                raise token_refused(self.url, _error_code(resp))
            if resp.status_code in RETRY_STATUS:
                last = Problem(QT_TRANSLATE_NOOP("sync", "the hub answered HTTP {status} "
                                                 "(busy or failing)"), status=resp.status_code)
                continue
            return resp  # the caller decides (404, 409, 410, 422...)
        raise self.unreachable(last or Problem(QT_TRANSLATE_NOOP("sync", "no answer")))

    def json(self, method: str, path: str, *, body: Any = None,
             ok: tuple[int, ...] = (200,), **kw: Any) -> Any:
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            self.throttle.take(len(data))
            self.bytes_up += len(data)
            kw["content"] = data
            kw.setdefault("headers", {})["Content-Type"] = "application/json"
        resp = self.request(method, path, ok=ok, **kw)
        if resp.status_code not in ok:
            raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                             what=f"{method} {path}", reason=_error_text(resp))
        return self.parse(resp)

    def parse(self, resp: httpx.Response) -> Any:
        ctype = resp.headers.get("content-type", "")
        if not ctype.startswith("application/json"):
            if "html" in ctype or resp.content[:15].lstrip().lower().startswith(
                    (b"<!doctype", b"<html")):
                raise protocol_error(self.url, QT_TRANSLATE_NOOP("sync", "an HTML page"))
            raise protocol_error(self.url, QT_TRANSLATE_NOOP("sync", "a document of type "
                                                             "‘{type}’"),
                                 type=ctype or "none")
        try:
            return resp.json()
        except ValueError:
            raise protocol_error(self.url, QT_TRANSLATE_NOOP("sync", "JSON that does not "
                                                             "parse")) from None


def protocol_error(url: str, what: str, **params: Any) -> HubProtocolError:
    """``what``: a template of the "sync" context (with ``params``) saying what came back;
    it is put in words inside the sentence, in the UI language."""
    return HubProtocolError(QT_TRANSLATE_NOOP("errors", "the address {url} did not answer as "
                                              "a sync hub (it sent {what}); check the hub "
                                              "address in Settings > Sync"), url=url,
                            what=Problem(what, **params))


def _error_code(resp: httpx.Response) -> str:
    try:
        return str(resp.json().get("error", ""))
    except (ValueError, AttributeError):
        return ""


def _error_text(resp: httpx.Response) -> str:
    try:
        data = resp.json()
        return f"{data.get('message') or data.get('error')} (HTTP {resp.status_code})"
    except (ValueError, AttributeError):
        return f"HTTP {resp.status_code}"


def _describe(exc: Exception) -> Problem:
    if isinstance(exc, httpx.TimeoutException):
        return Problem(QT_TRANSLATE_NOOP("sync", "the link stalled (no data moved)"))
    if isinstance(exc, httpx.ConnectError):
        return Problem(QT_TRANSLATE_NOOP("sync", "no connection"))
    return Problem(QT_TRANSLATE_NOOP("sync", "the connection was cut"))
