"""The local channel between the service and its clients (the desktop app, the CLI).

Only the OS user the service runs as can open it: the worker writes a fresh random key to
``service/channel.key`` (mode 0600, in a 0700 folder) at every start, and a client must
prove it holds the key (the HMAC challenge of :mod:`multiprocessing.connection`, both ways)
before a byte of a request is read. On Linux the channel is a Unix socket beside the key
(mode 0600; in ``$XDG_RUNTIME_DIR`` when the data dir's path is too long for a socket
name), on Windows a named pipe named after the data dir.

Messages are JSON (never pickle). A client sends one request per connection::

    {"op": "playout.skip", "user": "bientap", "args": {}}

and gets ``{"ok": true, "result": ...}`` or ``{"ok": false, "error": {...}}`` (a core error
rebuilt on the client, so the UI words it as it words its own). The request ``watch`` turns
the connection into a feed: the service's state, pushed as soon as it changes (at most every
:data:`PUSH_EVERY_S`) and at least every :data:`BEAT_S`.

Requests run on the worker's main thread (the owner of the station's connection and of the
playout runner), between two steps of its jobs; the worker wakes for them at once. Who acts
is the ``user`` of the request: the core loads that user, checks the right and audits the
action under that name, as it does in the window.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing import AuthenticationError
from multiprocessing import connection as mpc
from pathlib import Path
from typing import Any

from media.files import write_atomic
from station import errors
from station.errors import QT_TRANSLATE_NOOP, ServiceUnavailable, StationError
from station.paths import DataDir

log = logging.getLogger(__name__)

KEY_NAME = "channel.key"
SOCKET_NAME = "control.sock"
PUSH_EVERY_S = 0.1  # the state reaches a client within this (plus a step) of a change
BEAT_S = 1.0  # an unchanged state is sent again this often: a silent feed means a dead one
ANSWER_S = 30.0  # a request the worker has not answered by then has failed
MAX_MESSAGE = 1 << 20
_SUN_PATH_MAX = 100  # a Unix socket's path must fit in sockaddr_un (108 bytes on Linux)


def folder(datadir: DataDir) -> Path:
    return datadir.root / "service"


def _private_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(path, 0o700)
    return path


def address(datadir: DataDir) -> tuple[str, str]:
    """(family, address) of the channel of ``datadir``."""
    digest = hashlib.sha256(os.fsencode(str(datadir.root))).hexdigest()[:24]
    if sys.platform == "win32":
        return "AF_PIPE", rf"\\.\pipe\station-{digest}"
    path = folder(datadir) / SOCKET_NAME
    if len(os.fsencode(str(path))) < _SUN_PATH_MAX:
        return "AF_UNIX", str(path)
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    return "AF_UNIX", str(base / f"station-{os.getuid()}" / f"{digest}.sock")


def make_key(datadir: DataDir) -> bytes:
    """A new key for this start of the service, readable by this OS user only."""
    key = secrets.token_bytes(32)
    path = _private_folder(folder(datadir)) / KEY_NAME
    write_atomic(path, key.hex().encode("ascii"), private=True)
    return key


def read_key(datadir: DataDir) -> bytes:
    path = folder(datadir) / KEY_NAME
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service is not running ({reason})"),
            reason="no channel key") from None
    except PermissionError:
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service belongs to another user of this computer: "
                      "{reason}"), reason=str(path)) from None
    except (OSError, ValueError) as exc:
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service is not running ({reason})"),
            reason=str(exc)) from None


# -- errors across the channel ----------------------------------------------------------------
def error_to_json(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, StationError):
        return {"class": type(exc).__name__, "template": exc.template,
                "params": {k: str(v) for k, v in exc.params.items()},
                "context": getattr(exc, "context", "errors")}
    return {"class": "StationError", "context": "errors",
            "template": QT_TRANSLATE_NOOP("errors", "unexpected error: {reason}"),
            "params": {"reason": f"{type(exc).__name__}: {exc}"}}


def error_from_json(found: dict[str, Any]) -> StationError:
    cls = getattr(errors, str(found.get("class")), None)
    if not (isinstance(cls, type) and issubclass(cls, StationError)):
        cls = StationError
    given = found.get("params")
    params: dict[str, Any] = given if isinstance(given, dict) else {}
    exc = cls(str(found.get("template", "")), **params)
    if found.get("context", "errors") != "errors":
        exc.context = str(found["context"])  # type: ignore[attr-defined]
    return exc


# -- the server, in the worker ----------------------------------------------------------------
Handler = Callable[[str, str | None, dict[str, Any]], Any]  # (op, user, args) -> result


class Server:
    """Accepts clients on threads of its own; requests wait in a queue for :meth:`serve`,
    which the worker calls on its main thread; :meth:`publish` hands the state to every
    watching client."""

    def __init__(self, datadir: DataDir) -> None:
        self.datadir = datadir
        self.wake = threading.Event()  # set when a request waits
        self._requests: queue.SimpleQueue[tuple[str, str | None, dict[str, Any],
                                                Future[Any]]] = queue.SimpleQueue()
        self._state: bytes = b""
        self._version = 0
        self._changed = threading.Condition()
        self._closed = False
        self._watchers = 0
        self._listener: mpc.Listener | None = None
        self._key = b""
        self._family, self._address = address(datadir)

    @property
    def watched(self) -> bool:
        return self._watchers > 0

    def start(self) -> None:
        self._key = make_key(self.datadir)
        if self._family == "AF_UNIX":
            path = Path(self._address)
            _private_folder(path.parent)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # left by a worker that was killed: the service lock is ours
        # No authkey here: the challenge runs on the client's own thread (below), so a client
        # that connects and says nothing holds up no one else.
        self._listener = mpc.Listener(self._address, self._family)
        if self._family == "AF_UNIX":
            os.chmod(self._address, 0o600)
        threading.Thread(target=self._accept, name="channel-accept", daemon=True).start()
        log.info("service channel open at %s", self._address)

    def close(self) -> None:
        self._closed = True
        with self._changed:
            self._changed.notify_all()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()  # a Unix listener also removes its socket file
        with contextlib.suppress(FileNotFoundError, OSError):
            (folder(self.datadir) / KEY_NAME).unlink()

    # -- the worker's side ------------------------------------------------------------------
    def serve(self, handle: Handler) -> None:
        """Run the waiting requests (on the caller's thread)."""
        self.wake.clear()
        while True:
            try:
                op, user, args, answer = self._requests.get_nowait()
            except queue.Empty:
                return
            if answer.done():  # the client gave up waiting
                continue
            try:
                answer.set_result(handle(op, user, args))
            except BaseException as exc:
                answer.set_exception(exc)

    def publish(self, state: dict[str, Any]) -> None:
        data = json.dumps(state, ensure_ascii=False, default=str).encode("utf-8")
        with self._changed:
            if data != self._state:
                self._state = data
                self._version += 1
                self._changed.notify_all()

    # -- the clients' threads -----------------------------------------------------------------
    def _accept(self) -> None:
        assert self._listener is not None
        while not self._closed:
            try:
                conn = self._listener.accept()
            except OSError:
                if self._closed:
                    return
                log.exception("service channel: accept failed")
                continue
            threading.Thread(target=self._client, args=(conn,), name="channel-client",
                             daemon=True).start()

    def _client(self, conn: mpc.Connection) -> None:
        try:
            mpc.deliver_challenge(conn, self._key)
            mpc.answer_challenge(conn, self._key)
            request = json.loads(conn.recv_bytes(MAX_MESSAGE))
            op = str(request["op"])
            user = request.get("user")
            args = request.get("args") or {}
            if op == "watch":
                self._feed(conn)
                return
            answer: Future[Any] = Future()
            self._requests.put((op, None if user is None else str(user), dict(args), answer))
            self.wake.set()
            try:
                reply = {"ok": True, "result": answer.result(ANSWER_S)}
            except BaseException as exc:  # the worker's exception, or no answer in time
                answer.cancel()
                if not isinstance(exc, StationError):
                    log.error("service channel: %s failed: %s", op, exc, exc_info=exc)
                reply = {"ok": False, "error": error_to_json(exc)}
            conn.send_bytes(json.dumps(reply, ensure_ascii=False, default=str).encode("utf-8"))
        except AuthenticationError:
            log.warning("service channel: a client without the key was refused")
        except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
            log.info("service channel: a client went away or sent nonsense: %s", exc)
        finally:
            conn.close()

    def _feed(self, conn: mpc.Connection) -> None:
        with self._changed:
            self._watchers += 1
        try:
            seen = -1
            while not self._closed:
                with self._changed:
                    if self._version == seen and not self._closed:
                        self._changed.wait(BEAT_S)  # a change, the close, or a beat
                    seen, data = self._version, self._state
                if data:
                    conn.send_bytes(data)
        finally:
            with self._changed:
                self._watchers -= 1


# -- a client ---------------------------------------------------------------------------------
def _connect(datadir: DataDir) -> mpc.Connection:
    key = read_key(datadir)
    family, where = address(datadir)
    try:
        return mpc.Client(where, family, authkey=key)
    except (OSError, EOFError, AuthenticationError) as exc:
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service is not running ({reason})"),
            reason=str(exc) or type(exc).__name__) from None


def call(datadir: DataDir, op: str, user: str | None = None, timeout: float = ANSWER_S + 5,
         **args: Any) -> Any:
    """Ask the service to do ``op`` as ``user``; its result, or the core's error raised here."""
    conn = _connect(datadir)
    try:
        conn.send_bytes(json.dumps({"op": op, "user": user, "args": args},
                                   ensure_ascii=False).encode("utf-8"))
        if not conn.poll(timeout):
            raise ServiceUnavailable(QT_TRANSLATE_NOOP(
                "errors", "the station service did not answer ({reason})"), reason=op)
        reply = json.loads(conn.recv_bytes(MAX_MESSAGE))
    except (OSError, EOFError, ValueError) as exc:
        raise ServiceUnavailable(QT_TRANSLATE_NOOP(
            "errors", "the station service did not answer ({reason})"),
            reason=str(exc) or type(exc).__name__) from None
    finally:
        conn.close()
    if reply.get("ok"):
        return reply.get("result")
    raise error_from_json(reply.get("error") or {})


class Watch:
    """The service's state as it changes: ``next()`` gives each new state, or None when
    nothing came for ``timeout`` seconds (the service is gone or stuck)."""

    def __init__(self, datadir: DataDir) -> None:
        self.conn = _connect(datadir)
        self.conn.send_bytes(b'{"op": "watch"}')

    def next(self, timeout: float = 3 * BEAT_S) -> dict[str, Any] | None:
        try:
            if not self.conn.poll(timeout):
                return None
            found = json.loads(self.conn.recv_bytes(MAX_MESSAGE))
        except (OSError, EOFError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
