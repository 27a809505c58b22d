"""The `station sync ...` and `station hub ...` commands. The core CLI (station/cli) does not
know them: the entry point (ui/launch.py) passes `register` in, so station never imports sync."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station.cli.context import Subparsers, UserError, open_station, print_json

if TYPE_CHECKING:
    from sync.hub.store import HubConfig


def register(sub: Subparsers) -> None:
    """Add `sync`, `hub` and `relay` to the `station` command line."""
    s = sub.add_parser("sync", help="run one sync with the provincial hub")
    s.add_argument("--hub", metavar="URL", help="the hub (remembered for next time)")
    s.add_argument("--token", help="this station's token (kept in the OS keyring); others "
                   "see it in `ps`: prefer --token-file or $STATION_SYNC_TOKEN")
    s.add_argument("--token-file", metavar="FILE", help="read this station's token from FILE")
    s.add_argument("--ca-file", metavar="FILE", help="trust the hub certificates this "
                   "provincial CA (PEM) signed (remembered; \"\" forgets it)")
    s.add_argument("--json", action="store_true")
    sb = s.add_subparsers(dest="sync_command", metavar="ACTION")
    se = sb.add_parser("export-bundle", help="write what waits to go up into a folder (USB)")
    se.add_argument("folder")
    se.add_argument("--json", action="store_true")
    si = sb.add_parser("import-bundle", help="apply a bundle the province made for us")
    si.add_argument("folder")
    si.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_sync)

    s = sub.add_parser("hub", help="the reference provincial hub")
    h = s.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    hs = h.add_parser("serve", help="serve the hub over HTTP")
    _hub_storage(hs)
    hs.add_argument("--host", default="127.0.0.1")
    hs.add_argument("--port", type=int, default=8765)
    hs.add_argument("--admin-token", help="the /admin page's token (default: "
                    "$STATION_HUB_ADMIN_TOKEN, or the admin-token file in the data folder, "
                    "made at the first start); others see it in `ps`")
    hs.add_argument("--admin-token-file", metavar="FILE",
                    help="read the /admin page's token from FILE")
    hs.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate "
                    "(PEM, the chain after it); see docs/hub-tls.md")
    hs.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM)")
    hs.add_argument("--workers", type=int, default=1, metavar="N", help="serve with N "
                    "processes (PostgreSQL only; default 1)")
    hs.add_argument("--idle-timeout", type=float, metavar="S", help="drop a request whose "
                    "headers or body stop arriving this long (default 20)")
    hi = h.add_parser("import-bundle", help="apply a station's bundle (USB/folder)")
    hi.add_argument("folder")
    hi.add_argument("--station", default="", help="the station, when the bundle has no id")
    _hub_storage(hi)
    hx = h.add_parser("export-bundle", help="write a station's changes and relay items")
    hx.add_argument("folder")
    hx.add_argument("--station", required=True, help="the station's name or id")
    _hub_storage(hx)
    ha = h.add_parser("add-station", help="register a station; prints its token last")
    ha.add_argument("name")
    _hub_storage(ha)
    hk = h.add_parser("revoke-station", help="stop a station's token at once")
    hk.add_argument("name", help="the station's name or id")
    _hub_storage(hk)
    he = h.add_parser("new-epoch", help="after restoring an older hub database: every "
                      "station starts its feed again from a snapshot")
    _hub_storage(he)
    hz = h.add_parser("reset-audit-anchor", help="forget a station's audit anchor and clear "
                      "its flags, once the province knows why its log went back")
    hz.add_argument("name", help="the station's name or id")
    _hub_storage(hz)
    ht = h.add_parser("rotate-token", help="give a station a new token; prints it last")
    ht.add_argument("name", help="the station's name or id")
    _hub_storage(ht)
    hr = h.add_parser("add-relay", help="publish a file in a relay feed")
    hr.add_argument("feed")
    hr.add_argument("file")
    hr.add_argument("--title", required=True)
    hr.add_argument("--category", default="")
    _hub_storage(hr)
    hb = h.add_parser("add-bulletin", help="publish a mandatory bulletin to every station")
    hb.add_argument("--title", required=True)
    hb.add_argument("--text-file", required=True, help="the bulletin's text (UTF-8)")
    hb.add_argument("--priority", choices=("normal", "priority", "emergency"), default="normal")
    hb.add_argument("--valid-from", help="yyyy-mm-dd")
    hb.add_argument("--valid-to", help="yyyy-mm-dd")
    _hub_storage(hb)
    hv = h.add_parser("add-review", help="publish the province's review of a station's row")
    hv.add_argument("target_entity", help="schedule, item, ...")
    hv.add_argument("target_id")
    hv.add_argument("--verdict", required=True,
                    choices=("approved", "changes_requested", "note"))
    hv.add_argument("--comment", default="")
    hv.add_argument("--reviewer", default="")
    _hub_storage(hv)
    s.set_defaults(func=cmd_hub)

    s = sub.add_parser("relay", help="outside relay feeds (RSS, Atom, podcasts)")
    r = s.add_subparsers(dest="relay_command", metavar="ACTION", required=True)
    rs = r.add_parser("subscribe", help="subscribe to a feed; prints its id")
    rs.add_argument("url")
    rs.add_argument("--title", default="")
    rs.add_argument("--keep", type=int, default=10,
                    help="download only the newest N episodes (default 10)")
    rs.add_argument("--json", action="store_true")
    rl = r.add_parser("list", help="the feeds, their last refresh and their episodes")
    rl.add_argument("--json", action="store_true")
    rr = r.add_parser("refresh", help="read every feed now and bring what is new")
    rr.add_argument("--json", action="store_true")
    rd = r.add_parser("remove", help="unsubscribe (imported items stay in the library)")
    rd.add_argument("id")
    s.set_defaults(func=cmd_relay)


def cmd_sync(args: argparse.Namespace) -> int:
    from station import settings
    from sync import engine
    from sync.credentials import (
        SYNC_TOKEN_ENV,
        SecretError,
        clean_url,
        has_userinfo,
        pick_secret,
    )
    from sync.token import save_token

    token: str | None = None
    if not getattr(args, "sync_command", None):
        try:
            token = pick_secret(args.token, args.token_file, SYNC_TOKEN_ENV, "token", "--token")
        except SecretError as exc:
            raise UserError(str(exc)) from exc
    hub_url = clean_url(args.hub) if args.hub else None
    if args.hub and has_userinfo(args.hub):
        print("warning: the user name and password in the hub address were dropped: the hub "
              "knows this station by its token", file=sys.stderr)
    st = open_station(args)
    if getattr(args, "sync_command", None):
        from sync import bundle

        try:
            if args.sync_command == "export-bundle":
                done = bundle.export_bundle(st, Path(args.folder))
            else:
                done = bundle.import_bundle(st, Path(args.folder))[0]
        finally:
            st.close()
        if args.json:
            print_json(done.to_json_dict())
        else:
            print(f"{done.mutations or done.changes} changes, {done.files} files "
                  f"({done.bytes} bytes) in {args.folder}")
            for warning in done.warnings:
                print(f"  {warning}", file=sys.stderr)
        return 0
    try:
        if hub_url:
            settings.SYNC_HUB_URL.set(st.db, hub_url)
        if args.ca_file is not None:
            settings.SYNC_CA_FILE.set(st.db, _ca_file(args.ca_file))
        if token:
            save_token(st.datadir, hub_url or clean_url(settings.SYNC_HUB_URL.get(st.db)),
                       token)
        report = engine.run_once(st, hub_url, token)
    finally:
        st.close()
    if args.json:
        print_json(report.to_json_dict())
    else:
        print(report.summary())
        for line in [*report.warnings, *report.errors]:
            print(f"  {line}", file=sys.stderr)
    return 0 if report.ok else 1


def _ca_file(given: str) -> str:
    """The CA file to remember, as an absolute path, once it loads ('' forgets it)."""
    from sync.tls import CaFileError, load_ca

    if not given:
        return ""
    path = Path(given).expanduser().resolve()
    try:
        load_ca(path)
    except CaFileError as exc:
        raise UserError(str(exc)) from exc
    return str(path)


def _hub_storage(p: argparse.ArgumentParser) -> None:
    """Where the hub keeps its data: every hub command takes the same four options."""
    p.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder "
                   "(SQLite, media and uploads by default; the admin token)")
    p.add_argument("--database", metavar="URL", help="a postgresql:// URL instead of SQLite "
                   "in the data folder (default $STATION_HUB_DATABASE)")
    p.add_argument("--media", metavar="s3://BUCKET[/PREFIX]", help="keep media in "
                   "S3-compatible storage (default $STATION_HUB_MEDIA); keys from "
                   "$AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY")
    p.add_argument("--s3-endpoint", metavar="URL", help="the S3 service (default "
                   "$STATION_HUB_S3_ENDPOINT)")


def _hub_config(args: argparse.Namespace) -> HubConfig:
    from sync.hub.store import HubConfig

    folder = args.hub_dir or args.data_dir
    if not folder:
        raise UserError("say where the hub keeps its data: --data-dir DIR")
    return HubConfig.from_env(folder, args.database, args.media, args.s3_endpoint)


def cmd_hub(args: argparse.Namespace) -> int:
    from sync.hub.db import DatabaseError
    from sync.hub.media_store import MediaStoreError

    try:
        return _hub_command(args, _hub_config(args))
    except (DatabaseError, MediaStoreError) as exc:
        raise UserError(str(exc)) from exc


def _hub_command(args: argparse.Namespace, folder: HubConfig) -> int:
    from sync.hub import serve

    if args.hub_command == "serve":
        from sync.credentials import SecretError, pick_secret
        from sync.hub.app import ADMIN_ENV

        try:
            admin = pick_secret(args.admin_token, args.admin_token_file, ADMIN_ENV,
                                "admin token", "--admin-token")
        except SecretError as exc:
            raise UserError(str(exc)) from exc
        try:
            serve.serve(folder, args.host, args.port, admin_token=admin,
                        tls_cert=args.tls_cert, tls_key=args.tls_key,
                        idle_s=args.idle_timeout, workers=args.workers)
        except serve.ServeError as exc:
            raise UserError(f"the hub did not start: {exc}") from exc
    elif args.hub_command in ("import-bundle", "export-bundle"):
        from sync.hub import bundle as hub_bundle
        from sync.hub.store import HubStore

        store = HubStore(folder)
        try:
            if args.hub_command == "import-bundle":
                done = hub_bundle.import_bundle(store, Path(args.folder), args.station)
            else:
                done = hub_bundle.export_bundle(store, args.station, Path(args.folder))
        finally:
            store.close()
        print(" ".join(f"{k}={v}" for k, v in done.to_json_dict().items()))
    elif args.hub_command in ("add-station", "revoke-station", "rotate-token"):
        _hub_station(args, folder)
    elif args.hub_command == "new-epoch":
        from sync.hub.store import HubStore

        store = HubStore(folder)
        try:
            store.new_epoch()
        finally:
            store.close()
        print("every station's next sync starts again from a snapshot of the hub")
    elif args.hub_command == "reset-audit-anchor":
        _reset_anchor(folder, args.name)
    elif args.hub_command in ("add-bulletin", "add-review"):
        from sync.hub.province import PublishError

        try:
            if args.hub_command == "add-bulletin":
                text = Path(args.text_file).read_text(encoding="utf-8")
                print(serve.add_bulletin(folder, args.title, text, args.priority,
                                         args.valid_from, args.valid_to))
            else:
                print(serve.add_review(folder, args.target_entity, args.target_id,
                                       args.verdict, args.comment, args.reviewer))
        except (OSError, UnicodeDecodeError, PublishError) as exc:
            raise UserError(str(exc)) from exc
    else:
        from sync.hub.relay import RelayError

        try:
            item_id = serve.add_relay_item(folder, args.feed, Path(args.file), args.title,
                                           category=args.category)
        except RelayError as exc:
            raise UserError(f"nothing was published: {exc}") from exc
        print(item_id)
    return 0


def _hub_station(args: argparse.Namespace, folder: HubConfig) -> None:
    """add-station, revoke-station, rotate-token: a new token is printed once, last."""
    from sync.hub import serve
    from sync.hub.store import StationExists, StationUnknown

    try:
        if args.hub_command == "add-station":
            station_id, token = serve.add_station(folder, args.name)
        elif args.hub_command == "rotate-token":
            station_id, token = serve.rotate_token(folder, args.name)
            print("the old token no longer works; give the station this one")
        else:
            station_id, name = serve.revoke_station(folder, args.name)
            print(f"revoked {name} ({station_id}): its token no longer works; "
                  "rotate-token gives it a new one")
            return
    except (StationExists, StationUnknown) as exc:
        raise UserError(str(exc)) from exc
    print(f"station id: {station_id}")
    print(token)


def _reset_anchor(folder: HubConfig, which: str) -> None:
    from sync.hub import anchors
    from sync.hub.store import HubStore, StationUnknown

    store = HubStore(folder)
    try:
        station_id, name = anchors.reset(store, which)
    except StationUnknown as exc:
        raise UserError(str(exc)) from exc
    finally:
        store.close()
    print(f"the audit anchor of {name} ({station_id}) is cleared: its next sync anchors its "
          "log as it is then")


def cmd_relay(args: argparse.Namespace) -> int:
    """`station relay ...`. refresh exits 1 only when there are feeds and none could be read;
    refused episodes are reported and the exit stays 0."""
    from sync import subscriptions
    from sync.errors import SyncError

    st = open_station(args)
    try:
        if args.relay_command == "subscribe":
            feed = subscriptions.subscribe_feed(st, args.url, args.title, args.keep)
            if args.json:
                print_json({"id": feed.id, "url": feed.url, "title": feed.title,
                            "keep": feed.keep})
            else:
                print(feed.id)
        elif args.relay_command == "list":
            feeds = subscriptions.list_feeds(st)
            if args.json:
                print_json([f.to_json_dict() for f in feeds])
            for f in feeds if not args.json else []:
                counts = ", ".join(f"{n} {s}" for s, n in f.entries.items())
                last = f.last_error or ("never read" if not f.last_checked_at
                                        else f"read {f.last_checked_at}")
                print(f"{f.id}  {f.title or '-'}  keep {f.keep}  {f.url}")
                print(f"    {last}; episodes: {counts}")
                if f.last_result:
                    print(f"    {_last_result(st, f.last_result)}")
        elif args.relay_command == "refresh":
            done = subscriptions.refresh_feeds(st)
            if args.json:
                print_json(done.to_json_dict())
            else:
                _print_refresh(done)
            return 0 if done.ok else 1
        else:
            subscriptions.remove_feed(st, args.id)
            print(f"removed {args.id}")
    except SyncError as exc:
        raise UserError(str(exc)) from exc
    finally:
        st.close()
    return 0


def _last_result(st: Any, last: dict[str, Any]) -> str:
    """A feed's last refresh (the CLI's or the service's), in the station's time."""
    from station.clock import fmt_moment, zone

    when = fmt_moment(last.get("at"), zone(st))
    if not last.get("reached", True):
        return f"last refresh {when}: not read: {last.get('error', '')}"
    return (f"last refresh {when}: {last.get('added', 0)} added, {last.get('resumed', 0)}"
            f" resumed, {last.get('refused', 0)} refused")


def _print_refresh(done: Any) -> None:
    if not done.feeds:
        print("no feeds: subscribe with `station relay subscribe URL`")
    for f in done.feeds:
        print(f"{f.title or f.url}: " + (f"not read: {f.error}" if not f.reached else
              f"{f.new} new, {len(f.added)} added, {len(f.resumed)} resumed, "
              f"{len(f.refused)} refused"))
        for line in f.added:
            print(f"  added {line['title']} ({line['item_id']})")
        for line in f.resumed:
            print(f"  resumed {line['title']} ({line['item_id']})")
        for line in f.refused:
            print(f"  refused {line['title']}: {line['reason']}")
    for error in done.errors:
        print(f"  {error}", file=sys.stderr)
