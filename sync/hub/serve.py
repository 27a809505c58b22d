"""Entry points for `station hub ...`: serve the hub, register a station, publish relay items."""

from __future__ import annotations

from pathlib import Path

from sync.hub.store import HubConfig, HubStore


class ServeError(Exception):
    """The hub cannot start as asked (a certificate that does not load, ...)."""


def serve(data_dir: Path | str | HubConfig, host: str = "127.0.0.1", port: int = 8765,
          log_level: str = "info", admin_token: str | None = None, *,
          tls_cert: Path | str | None = None, tls_key: Path | str | None = None,
          idle_s: float | None = None, workers: int = 1, fd: int | None = None) -> None:
    """Run the hub with uvicorn until interrupted (`station hub serve`). The admin page's
    token comes from the argument, $STATION_HUB_ADMIN_TOKEN, or the hub's admin-token file.
    ``tls_cert``/``tls_key`` (PEM) serve HTTPS; ``idle_s`` is how long headers or a body may
    stop moving before the connection is dropped (default 20 s, $STATION_HUB_IDLE_TIMEOUT_S).
    ``workers`` > 1 runs that many processes on one socket (PostgreSQL only); ``fd``: serve
    on a socket a supervisor opened."""
    import os

    import uvicorn

    from sync.hub.app import ADMIN_ENV, create_app
    from sync.hub.limits import HubLimits, guarded_protocol

    config = data_dir if isinstance(data_dir, HubConfig) else HubConfig.from_env(data_dir)
    ssl_files = _check_tls(tls_cert, tls_key)
    limits = HubLimits.from_env(idle_s)
    admin_token = admin_token or os.environ.get(ADMIN_ENV)
    if not admin_token:
        # Kept in a 0600 file of the data dir: the log names the file, never the token.
        admin_token, token_path = admin_token_file(config.data_dir)
        scheme = "https" if ssl_files else "http"
        print(f"admin page: {scheme}://{host}:{port}/admin  (any user name; the password is "
              f"in {token_path})", flush=True)
    if workers > 1:
        if not config.database:
            raise ServeError("--workers needs --database postgresql://...: the embedded "
                             "SQLite hub runs as one process")
        _supervise(config, host, port, workers, admin_token, log_level, tls_cert, tls_key,
                   limits.idle_s)
        return
    from sync.hub.logs import configure

    configure(log_level)
    # The h11 protocol with a header timeout (uvicorn has none); limit_concurrency answers
    # 503 past that many open connections, so descriptors never run out.
    app = create_app(config, admin_token, limits)
    uvicorn.run(app, host=host, port=port, fd=fd, log_level=log_level, access_log=False,
                http=guarded_protocol(limits.idle_s),
                timeout_keep_alive=int(max(1, limits.idle_s)), limit_concurrency=1024,
                h11_max_incomplete_event_size=64 * 1024,
                ssl_certfile=ssl_files[0] if ssl_files else None,
                ssl_keyfile=ssl_files[1] if ssl_files else None)


def _supervise(config: HubConfig, host: str, port: int, workers: int, admin_token: str,
               log_level: str, tls_cert: Path | str | None, tls_key: Path | str | None,
               idle_s: float) -> None:
    """Open the socket once and run ``workers`` hub processes on it; one that dies is
    started again; SIGTERM or Ctrl+C stops them all. Nothing is shared but the socket:
    every process reads and writes PostgreSQL and the media store on its own."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    sock = socket.create_server((host, port), backlog=2048, reuse_port=False)
    sock.set_inheritable(True)
    env = {**os.environ, "STATION_HUB_ADMIN_TOKEN": admin_token,
           "STATION_HUB_DATABASE": config.database, "STATION_HUB_MEDIA": config.media,
           "STATION_HUB_S3_ENDPOINT": config.s3_endpoint,
           "STATION_HUB_IDLE_TIMEOUT_S": str(idle_s)}
    args = [sys.executable, "-m", "sync.hub.serve", str(config.data_dir), "--fd",
            str(sock.fileno()), "--log-level", log_level,
            *(["--tls-cert", str(tls_cert), "--tls-key", str(tls_key)] if tls_cert else [])]

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(args, env=env, pass_fds=(sock.fileno(),))

    children = [start() for _ in range(workers)]
    stopping = False

    def stop(_sig: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping:
            for n, child in enumerate(children):
                if child.poll() is not None and not stopping:
                    print(f"hub process {child.pid} ended ({child.returncode}); starting "
                          "another", file=sys.stderr, flush=True)
                    children[n] = start()
            time.sleep(0.2)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        sock.close()


def _check_tls(cert: Path | str | None, key: Path | str | None) -> tuple[str, str] | None:
    """Both PEM files, loaded once here so a bad one is a sentence, not a traceback."""
    import ssl

    if not cert and not key:
        return None
    if not cert or not key:
        raise ServeError("give both --tls-cert and --tls-key")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(str(cert), str(key))
    except FileNotFoundError as exc:
        raise ServeError(f"no such file: {exc.filename}") from exc
    except (ssl.SSLError, OSError) as exc:
        raise ServeError(f"the certificate {cert} and key {key} do not load together: "
                         f"{exc}") from exc
    return str(cert), str(key)


ADMIN_TOKEN_FILE = "admin-token"


def admin_token_file(data_dir: Path | str) -> tuple[str, Path]:
    """(the admin token, its file): the one kept in the hub's data dir (0600), or a new one
    written there at the first start. A secret in a file stays out of logs and of `ps`."""
    import secrets

    from media.files import write_atomic

    folder = Path(data_dir).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ADMIN_TOKEN_FILE
    try:
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        token = ""
    if token:
        path.chmod(0o600)
        return token, path
    token = "adm_" + secrets.token_urlsafe(24)
    write_atomic(path, (token + "\n").encode("utf-8"), private=True)
    return token, path


def add_station(data_dir: Path | str | HubConfig, name: str,
                expires_at: str | None = None) -> tuple[str, str]:
    """Register a station (`station hub add-station NAME`): returns (station id, token).
    Print the token as the last line: it is shown once, the hub keeps only its hash."""
    store = HubStore(data_dir)
    try:
        return store.add_station(name, expires_at)
    finally:
        store.close()


def revoke_station(data_dir: Path | str | HubConfig, which: str) -> tuple[str, str]:
    """Stop a station's token at once (`station hub revoke-station NAME`); (id, name).
    StationUnknown when no station, or several, fit ``which`` (a name or an id)."""
    store = HubStore(data_dir)
    try:
        return store.revoke_station(which)
    finally:
        store.close()


def rotate_token(data_dir: Path | str | HubConfig, which: str) -> tuple[str, str]:
    """Give a station a new token (`station hub rotate-token NAME`): the old one stops at
    once; returns (id, new token), shown once like add-station's."""
    store = HubStore(data_dir)
    try:
        return store.rotate_token(which)
    finally:
        store.close()


def add_relay_item(data_dir: Path | str | HubConfig, feed: str, source: Path, title: str, *,
                   description: str = "", category: str = "",
                   priority: str = "normal") -> str:
    """Publish a file in relay feed ``feed`` (`station hub add-relay FEED FILE --title T`);
    returns the item id."""
    from sync.hub import relay

    store = HubStore(data_dir)
    try:
        return relay.add_item(store, feed, Path(source), title, description=description,
                              category=category, priority=priority).id
    finally:
        store.close()


def add_bulletin(data_dir: Path | str | HubConfig, title: str, text: str,
                 priority: str = "normal",
                 valid_from: str | None = None, valid_to: str | None = None) -> str:
    """Publish a mandatory bulletin (`station hub add-bulletin`); returns its id."""
    from sync.hub import province

    store = HubStore(data_dir)
    try:
        return province.publish_bulletin(store, title, text, priority, valid_from, valid_to)
    finally:
        store.close()


def add_review(data_dir: Path | str | HubConfig, target_entity: str, target_id: str,
               verdict: str,
               comment: str = "", reviewer: str = "") -> str:
    """Publish the province's review of a station's row (`station hub add-review`)."""
    from sync.hub import province

    store = HubStore(data_dir)
    try:
        return province.publish_review(store, target_entity, target_id, verdict, comment,
                                       reviewer)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m sync.hub.serve DIR [--host H] [--port P] ...`: a hub process of its own,
    for the tests and benches that kill it, and for the supervisor of --workers."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m sync.hub.serve")
    p.add_argument("data_dir")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--fd", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--log-level", default="warning")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--database")
    p.add_argument("--media")
    p.add_argument("--s3-endpoint")
    a = p.parse_args(argv)
    config = HubConfig.from_env(a.data_dir, a.database, a.media, a.s3_endpoint)
    serve(config, a.host, a.port, log_level=a.log_level, tls_cert=a.tls_cert,
          tls_key=a.tls_key, workers=a.workers, fd=a.fd)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
