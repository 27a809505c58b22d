"""Entry points for `station hub ...`: serve the hub, register a station, publish relay items."""

from __future__ import annotations

from pathlib import Path

from sync.hub.store import HubStore


def serve(data_dir: Path | str, host: str = "127.0.0.1", port: int = 8765,
          log_level: str = "info", admin_token: str | None = None) -> None:
    """Run the hub with uvicorn until interrupted (`station hub serve`). The admin page's
    token comes from the argument, $STATION_HUB_ADMIN_TOKEN, or is made now and printed."""
    import os
    import secrets

    import uvicorn

    from sync.hub.app import ADMIN_ENV, create_app

    admin_token = admin_token or os.environ.get(ADMIN_ENV)
    if not admin_token:
        admin_token = "adm_" + secrets.token_urlsafe(24)
        print(f"admin page: http://{host}:{port}/admin  (any user name; password: "
              f"{admin_token})", flush=True)

    # One process, one event loop: the hub's SQLite store has a single writer anyway.
    uvicorn.run(create_app(data_dir, admin_token), host=host, port=port, log_level=log_level,
                timeout_keep_alive=30, h11_max_incomplete_event_size=64 * 1024)


def add_station(data_dir: Path | str, name: str, expires_at: str | None = None) -> tuple[str, str]:
    """Register a station (`station hub add-station NAME`): returns (station id, token).
    Print the token as the last line: it is shown once, the hub keeps only its hash."""
    store = HubStore(data_dir)
    try:
        return store.add_station(name, expires_at)
    finally:
        store.close()


def add_relay_item(data_dir: Path | str, feed: str, source: Path, title: str, *,
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


def add_bulletin(data_dir: Path | str, title: str, text: str, priority: str = "normal",
                 valid_from: str | None = None, valid_to: str | None = None) -> str:
    """Publish a mandatory bulletin (`station hub add-bulletin`); returns its id."""
    from sync.hub import province

    store = HubStore(data_dir)
    try:
        return province.publish_bulletin(store, title, text, priority, valid_from, valid_to)
    finally:
        store.close()


def add_review(data_dir: Path | str, target_entity: str, target_id: str, verdict: str,
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
    """`python -m sync.hub.serve DIR [HOST PORT]`: used by the tests to run the hub in a
    process they can kill."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    serve(args[0], args[1] if len(args) > 1 else "127.0.0.1",
          int(args[2]) if len(args) > 2 else 8765, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
