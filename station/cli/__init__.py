"""The `station` command line: used by scripts, by our own checks and by the launcher.

Exit codes: 0 ok, 1 a clear one-line error on stderr, 2 usage. Imports stay inside the
commands so that `station --version` answers at once.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station import __version__

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="station",
        description="Station: radio station suite. With no command, starts the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"station {__version__}")
    p.add_argument("--data-dir", metavar="DIR",
                   help="the station's data folder (default: $STATION_DATA_DIR or the user "
                        "data folder)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("init", help="create a station without the GUI")
    s.add_argument("--station-name", required=True, metavar="NAME")
    s.add_argument("--admin", required=True, metavar="USER",
                   help="the admin's user name (password from $STATION_ADMIN_PASSWORD or "
                        "stdin)")
    s.add_argument("--admin-name", default="", metavar="FULL_NAME")
    s.add_argument("--language", choices=("vi", "en"), default="vi")
    s.add_argument("--demo", action="store_true", help="fill the library with demo content")

    s = sub.add_parser("doctor", help="check the installation and the station")
    s.add_argument("--json", action="store_true")

    sub.add_parser("selftest", help="headless check that the install works")

    s = sub.add_parser("demo", help="add the demo content to the library")

    s = sub.add_parser("audit", help="the audit log")
    a = s.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = a.add_parser("verify", help="check the hash chain")
    v.add_argument("--json", action="store_true")
    lst = a.add_parser("list", help="recent entries")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")

    s = sub.add_parser("user", help="station users")
    u = s.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = u.add_parser("add", help="add a user (password from $STATION_PASSWORD or stdin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("editor", "chief", "archivist", "admin"))
    add.add_argument("--full-name", default="")
    ul = u.add_parser("list", help="list users")
    ul.add_argument("--json", action="store_true")

    s = sub.add_parser("analyze", help="measure media files (loudness, peaks, duration); "
                                       "nothing is stored")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("import", help="import files into the library")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--title", help="title (default: the file's tags or name)")
    s.add_argument("--category", default="")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("record", help="record from an input device (or a stream with --url) "
                                      "into the library")
    s.add_argument("--seconds", type=float, metavar="N", help="how long to record")
    s.add_argument("--device", metavar="NAME", help="input device id or name (default: the "
                                                    "system's default input)")
    s.add_argument("--url", metavar="URL", help="record a stream (Icecast, HLS) instead")
    s.add_argument("--rate", type=int, default=48000, metavar="HZ",
                   help="sample rate of a device recording (default 48000)")
    s.add_argument("--channels", type=int, metavar="N",
                   help="channels of a device recording (default: the device's, up to 2)")
    s.add_argument("--title", help="title (default: 'Ghi âm <date time>')")
    s.add_argument("--category", default="")
    s.add_argument("--list-devices", action="store_true", help="list the input devices")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("programme", help="programmes (rundowns): list, show, render")
    pc = s.add_subparsers(dest="programme_command", metavar="ACTION", required=True)
    pl = pc.add_parser("list", help="programmes, newest first")
    pl.add_argument("--json", action="store_true")
    for name, text in (("show", "one rundown with its back-timing"),
                       ("render", "render into one library item at the loudness target")):
        pa = pc.add_parser(name, help=text)
        pa.add_argument("id")
        pa.add_argument("--json", action="store_true")

    s = sub.add_parser("search", help="search the library (diacritics never matter)")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("list", help="library items, newest first")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("verify", help="re-hash the media store: missing, damaged and orphan "
                                      "files")
    s.add_argument("--quick", action="store_true", help="compare sizes only")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("purge", help="items past their retention: listed, deleted with --yes")
    s.add_argument("--yes", action="store_true", help="delete the listed items")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("export", help="export items (originals + JSON sidecars)")
    s.add_argument("ids", nargs="+", metavar="ID")
    s.add_argument("--to", required=True, metavar="PATH", help="a folder, or a .zip with --zip")
    s.add_argument("--zip", action="store_true")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("watch", help="watched import folders")
    w = s.add_subparsers(dest="watch_command", metavar="ACTION", required=True)
    wa = w.add_parser("add", help="watch a folder")
    wa.add_argument("path")
    wa.add_argument("--category", default="")
    wr = w.add_parser("remove", help="stop watching a folder")
    wr.add_argument("path")
    w.add_parser("list", help="the watched folders")
    ws = w.add_parser("scan", help="import what is waiting in every watched folder, once")
    ws.add_argument("--json", action="store_true")

    s = sub.add_parser("schedule", help="broadcast schedules and their approval")
    sc = s.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    sl = sc.add_parser("list", help="schedules, newest first")
    sl.add_argument("--status", choices=("draft", "submitted", "approved", "rejected",
                                          "published"))
    sl.add_argument("--json", action="store_true")
    ss = sc.add_parser("show", help="one schedule with its timing, checks and seal")
    ss.add_argument("id")
    ss.add_argument("--json", action="store_true")
    for name, text in (("submit", "send a draft to the chief"),
                       ("approve", "approve and seal (the chief)"),
                       ("reject", "reject with a comment (the chief)"),
                       ("publish", "mark an approved schedule as sent to the communes")):
        sa = sc.add_parser(name, help=text)
        sa.add_argument("id")
        sa.add_argument("--user", help="act as this station user (password from "
                                       "$STATION_PASSWORD or stdin); approval needs the chief")
        if name in ("approve", "reject"):
            sa.add_argument("--comment", default="", required=name == "reject")
        sa.add_argument("--json", action="store_true")
    se = sc.add_parser("export", help="the package for the commune stations (approved only)")
    se.add_argument("id")
    se.add_argument("--to", required=True, metavar="PATH")
    se.add_argument("--zip", action="store_true")
    se.add_argument("--html", metavar="FILE", help="also write the printable schedule")
    sr = sc.add_parser("report", help="hours produced and aired, missed slots, approval "
                                      "turnaround (CSV by default)")
    sr.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    sr.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    sr.add_argument("--by", choices=("week", "month"), default="week")
    sr.add_argument("--part", choices=("hours", "missed", "turnaround"), default="hours")
    sr.add_argument("--json", action="store_true", help="the whole report as JSON")

    s = sub.add_parser("sync", help="run one sync with the provincial hub")
    s.add_argument("--hub", metavar="URL", help="the hub (remembered for next time)")
    s.add_argument("--token", help="this station's token (kept in the OS keyring)")
    s.add_argument("--json", action="store_true")
    sb = s.add_subparsers(dest="sync_command", metavar="ACTION")
    se = sb.add_parser("export-bundle", help="write what waits to go up into a folder (USB)")
    se.add_argument("folder")
    se.add_argument("--json", action="store_true")
    si = sb.add_parser("import-bundle", help="apply a bundle the province made for us")
    si.add_argument("folder")
    si.add_argument("--json", action="store_true")

    s = sub.add_parser("hub", help="the reference provincial hub")
    h = s.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    hs = h.add_parser("serve", help="serve the hub over HTTP")
    hs.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    hs.add_argument("--host", default="127.0.0.1")
    hs.add_argument("--port", type=int, default=8765)
    hs.add_argument("--admin-token", help="the /admin page's token (default: "
                    "$STATION_HUB_ADMIN_TOKEN, or a new one printed at start)")
    hi = h.add_parser("import-bundle", help="apply a station's bundle (USB/folder)")
    hi.add_argument("folder")
    hi.add_argument("--station", default="", help="the station, when the bundle has no id")
    hi.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    hx = h.add_parser("export-bundle", help="write a station's changes and relay items")
    hx.add_argument("folder")
    hx.add_argument("--station", required=True, help="the station's name or id")
    hx.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    ha = h.add_parser("add-station", help="register a station; prints its token last")
    ha.add_argument("name")
    ha.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    hr = h.add_parser("add-relay", help="publish a file in a relay feed")
    hr.add_argument("feed")
    hr.add_argument("file")
    hr.add_argument("--title", required=True)
    hr.add_argument("--category", default="")
    hr.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    hb = h.add_parser("add-bulletin", help="publish a mandatory bulletin to every station")
    hb.add_argument("--title", required=True)
    hb.add_argument("--text-file", required=True, help="the bulletin's text (UTF-8)")
    hb.add_argument("--priority", choices=("normal", "priority", "emergency"), default="normal")
    hb.add_argument("--valid-from", help="yyyy-mm-dd")
    hb.add_argument("--valid-to", help="yyyy-mm-dd")
    hb.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")
    hv = h.add_parser("add-review", help="publish the province's review of a station's row")
    hv.add_argument("target_entity", help="schedule, item, ...")
    hv.add_argument("target_id")
    hv.add_argument("--verdict", required=True,
                    choices=("approved", "changes_requested", "note"))
    hv.add_argument("--comment", default="")
    hv.add_argument("--reviewer", default="")
    hv.add_argument("--data-dir", dest="hub_dir", metavar="DIR", help="the hub's data folder")

    s = sub.add_parser("playout", help="on-air playout of the published schedule")
    po = s.add_subparsers(dest="playout_command", metavar="ACTION", required=True)
    pr = po.add_parser("run", help="play the published schedule headless (Ctrl+C stops)")
    pr.add_argument("--device", help="audio output (its description; default: the setting)")
    pend = pr.add_mutually_exclusive_group()
    pend.add_argument("--until", metavar="HH:MM", help="stop at this local time")
    pend.add_argument("--minutes", type=float, help="stop after this many minutes")
    pr.add_argument("--json", action="store_true", help="one JSON object per event")
    pst = po.add_parser("status", help="the playout state and the last airings")
    pst.add_argument("--json", action="store_true")

    s = sub.add_parser("backup", help="back up the database now")
    s = sub.add_parser("restore", help="restore a database backup (the current one is kept "
                                       "aside)")
    s.add_argument("backup", nargs="?", help="a backup file (default: the newest)")
    return p


# -- helpers ----------------------------------------------------------------------------------
def _datadir(args: argparse.Namespace) -> Any:
    from station.paths import DataDir, default_data_dir

    return DataDir(Path(args.data_dir) if args.data_dir else default_data_dir())


def _password(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def _open(args: argparse.Namespace) -> Any:
    """Open the station as the local operator: someone at this machine's shell, who can read
    the data dir anyway. Audit entries name them as cli:<os user>."""
    from station import logs
    from station.rights import Role
    from station.station import Station, User

    datadir = _datadir(args)
    if datadir.exists():
        logs.setup(datadir.logs)  # warnings go to the station's log, not between results
    st = Station.open(datadir)
    st.user = User(id="", username=f"cli:{getpass.getuser()}", full_name="", role=Role.ADMIN)
    return st


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# -- commands ---------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from station.create import create_station

    password = _password("STATION_ADMIN_PASSWORD", "Admin password: ")
    st = create_station(_datadir(args), args.station_name, args.admin, password,
                        args.admin_name, args.language)
    try:
        if args.demo:
            from station import demo

            demo.populate(st)
        print(f"station '{st.name}' created in {st.datadir.root}")
    finally:
        st.close()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from station import demo

    st = _open(args)
    try:
        demo.populate(st)
    finally:
        st.close()
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from station import doctor

    report = doctor.run(_datadir(args))
    if args.json:
        _print_json(report.to_json_dict())
    else:
        for c in report.checks:
            mark = "ok  " if c.ok else ("FAIL" if c.required else "warn")
            print(f"[{mark}] {c.name}: {c.detail}")
        print("healthy" if report.healthy else "NOT healthy")
    return 0 if report.healthy else 1


def cmd_audit(args: argparse.Namespace) -> int:
    from station import audit

    st = _open(args)
    try:
        if args.audit_command == "verify":
            result = audit.verify(st.db)
            if args.json:
                _print_json(result.to_json_dict())
            elif result.ok:
                print(f"audit chain intact: {result.entries} entries")
            else:
                print(f"audit chain BROKEN at entry {result.first_bad_seq}: {result.reason}",
                      file=sys.stderr)
            return 0 if result.ok else 1
        entries = audit.recent(st.db, args.limit)
        if args.json:
            _print_json([e.__dict__ for e in entries])
        else:
            for e in entries:
                print(f"{e.seq:>6} {e.at} {e.actor:<16} {e.action:<24} {e.entity_id}")
        return 0
    finally:
        st.close()


def cmd_user(args: argparse.Namespace) -> int:
    from station import users
    from station.rights import Role

    st = _open(args)
    try:
        if args.user_command == "add":
            password = _password("STATION_PASSWORD", f"Password for {args.username}: ")
            user, _ = users.create_user(st, args.username, password, Role(args.role),
                                        args.full_name)
            print(f"user {user.username} ({user.role.value}) added")
            return 0
        found = users.list_users(st, include_inactive=True)
        if args.json:
            _print_json([{"username": u.username, "full_name": u.full_name,
                          "role": u.role.value, "active": u.active} for u in found])
        else:
            for u in found:
                print(f"{u.username:<20} {u.role.value:<10} {'' if u.active else '(inactive)'}"
                      f" {u.full_name}")
        return 0
    finally:
        st.close()


def cmd_backup(args: argparse.Namespace) -> int:
    from station import db

    st = _open(args)
    try:
        path = db.backup(st.db, st.datadir.backups, reason="manual")
        st.audit("database.backup", detail={"file": path.name})
    finally:
        st.close()
    print(path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from station import db
    from station.errors import StationError
    from station.lock import InstanceLock

    datadir = _datadir(args)
    if args.backup:
        chosen = Path(args.backup)
    else:
        found = db.list_backups(datadir.backups)
        if not found:
            raise _UserError(f"no backups in {datadir.backups}")
        chosen = found[0]
    with InstanceLock(datadir.lock_path):
        try:
            aside = db.restore_backup(datadir.db_path, chosen)
        except StationError as exc:
            raise _UserError(f"cannot restore {chosen.name}: {exc}") from exc
    print(f"restored {chosen.name}" + (f"; the previous database is kept as {aside.name}"
                                        if aside else ""))
    return 0


def _finite(value: Any) -> Any:
    import math

    return None if isinstance(value, float) and not math.isfinite(value) else value


def cmd_analyze(args: argparse.Namespace) -> int:
    from media.analysis import MediaError, analyze_file

    results: list[dict[str, Any]] = []
    failed = 0
    for name in args.files:
        try:
            found = analyze_file(Path(name))
        except MediaError as exc:
            failed += 1
            results.append({"file": name, "error": str(exc)})
            if not args.json:
                print(f"station: error: {exc}", file=sys.stderr)
            continue
        row = {k: _finite(v) for k, v in found.to_json_dict().items()}
        results.append(row)
        if not args.json:
            lufs = row["integrated_lufs"]
            print(f"{name}: {row['duration_s']:.2f} s, {row['sample_rate']} Hz, "
                  f"{row['channels']} ch, {'-inf' if lufs is None else f'{lufs:.1f}'} LUFS, "
                  f"LRA {row['lra_lu'] or 0:.1f} LU, true peak {row['true_peak_dbtp']} dBTP")
    if args.json:
        _print_json(results)
    return 1 if failed else 0


def cmd_import(args: argparse.Namespace) -> int:
    from media.analysis import MediaError
    from station.errors import StationError
    from station.library import ingest

    st = _open(args)
    results: list[dict[str, Any]] = []
    failed = 0
    try:
        for name in args.files:
            try:
                result, _ = ingest.import_file(st, Path(name), title=args.title,
                                               category=args.category)
            except (StationError, MediaError) as exc:
                failed += 1
                results.append({"file": name, "status": "refused", "reason": str(exc)})
                if not args.json:
                    print(f"station: refused {name}: {exc}", file=sys.stderr)
                continue
            row = {k: _finite(v) for k, v in result.to_json_dict().items()}
            results.append(row)
            if not args.json:
                note = " (already in the library)" if result.status == "duplicate" else ""
                print(f"{result.item.id} {result.item.title}{note}")
    finally:
        st.close()
    if args.json:
        _print_json(results)
    return 1 if failed else 0


def cmd_record(args: argparse.Namespace) -> int:
    if args.list_devices:
        from media import record

        found = record.input_devices()
        if args.json:
            _print_json([vars(d) for d in found])
        else:
            for d in found:
                mark = "*" if d.default else " "
                print(f"{mark} {d.id}\t{d.name}\t{d.min_rate}-{d.max_rate} Hz, "
                      f"up to {d.max_channels} ch")
        return 0
    if args.seconds is None or args.seconds <= 0:
        raise _UserError("record needs --seconds N (more than 0)")
    from media.analysis import MediaError

    st = _open(args)
    try:
        try:
            if args.url:
                from station.recording import streams as stream_recording

                result, _ = stream_recording.record_stream(
                    st, args.url, args.seconds, title=args.title, category=args.category,
                    state=None)
            else:
                from station.recording import takes as recordings

                result, _ = recordings.record_take(st, seconds=args.seconds, device=args.device,
                                                   title=args.title, category=args.category,
                                                   sample_rate=args.rate,
                                                   channels=args.channels)
        except MediaError as exc:
            raise _UserError(str(exc)) from exc
    finally:
        st.close()
    if args.json:
        _print_json({k: _finite(v) for k, v in result.to_json_dict().items()})
    else:
        print(f"{result.item.id} {result.item.title} ({result.item.duration_s or 0:.1f} s)")
        for warning in result.warnings:
            print(f"station: warning: {warning}", file=sys.stderr)
    return 0


def cmd_programme(args: argparse.Namespace) -> int:
    from station.cli import programme_views

    st = _open(args)
    try:
        text: Callable[[Any], str]
        if args.programme_command == "list":
            found: Any = programme_views.list_json(st)
            text = programme_views.list_text
        elif args.programme_command == "show":
            found = programme_views.show_json(st, args.id)
            text = programme_views.show_text
        else:
            found = programme_views.render_json(st, args.id)
            text = programme_views.render_text
    finally:
        st.close()
    if args.json:
        _print_json(found)
    else:
        print(text(found))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from station import search

    st = _open(args)
    try:
        hits = search.search(st, args.query, limit=args.limit)
    finally:
        st.close()
    if args.json:
        _print_json([h.to_json_dict() for h in hits])
    else:
        for h in hits:
            print(f"{h.id} {h.kind:<5} {h.title}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from station.library import items as library

    st = _open(args)
    try:
        items = library.list_items(st, args.limit)
    finally:
        st.close()
    if args.json:
        _print_json([i.to_json_dict() for i in items])
    else:
        for i in items:
            print(f"{i.id} {i.kind:<5} {i.title}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from station.library import archive

    st = _open(args)
    try:
        report = archive.verify(st, quick=args.quick)
    finally:
        st.close()
    if args.json:
        _print_json(report.to_json_dict())
    else:
        for p in [*report.missing, *report.damaged]:
            titles = ", ".join(title for _id, title in p.items) or "-"
            print(f"{p.problem:<10} {p.path}: {p.reason} ({titles})")
        for orphan in report.orphans:
            print(f"orphan     {orphan}")
        print(f"{report.ok_count} file(s) ok, {len(report.missing)} missing, "
              f"{len(report.damaged)} damaged, {len(report.orphans)} orphan(s)")
    return 0 if report.ok else 1


def cmd_purge(args: argparse.Namespace) -> int:
    from station.library import archive

    st = _open(args)
    try:
        found = archive.purge_candidates(st)
        removed = None
        if args.yes and found:
            removed, _ = archive.purge(st, [c.id for c in found])
    finally:
        st.close()
    if args.json:
        _print_json({"candidates": [c.to_json_dict() for c in found],
                     "removed": removed.to_json_dict() if removed else None})
        return 0
    for c in found:
        print(f"{c.id} {c.title}: {c.reason}")
    if removed is not None:
        print(f"removed {len(removed.removed)} item(s)")
    elif found:
        print(f"{len(found)} item(s) may be purged: run again with --yes to delete them")
    else:
        print("nothing to purge")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from station.library import export

    st = _open(args)
    try:
        report = export.export_items(st, args.ids, Path(args.to), as_zip=args.zip)
    finally:
        st.close()
    if args.json:
        _print_json(report.to_json_dict())
    else:
        print(f"exported {len(report.items)} item(s) to {report.target}")
    return 0 if not report.not_found else 1


def cmd_watch(args: argparse.Namespace) -> int:
    from station.library import watch as watchfolder

    st = _open(args)
    try:
        if args.watch_command == "add":
            watchfolder.add_watched_folder(st, args.path, args.category)
        elif args.watch_command == "remove":
            watchfolder.remove_watched_folder(st, args.path)
        elif args.watch_command == "list":
            for folder in watchfolder.watched_folders(st):
                print(f"{folder.path}\t{folder.category}")
        else:
            import time

            events = []
            for w in watchfolder.watchers(st):
                events += w.scan()
                if w.waiting:  # fresh files: look again once they had time to settle
                    time.sleep(w.settle_seconds + 0.1)
                    events += w.scan()
            if args.json:
                _print_json([e.to_json_dict() for e in events])
            else:
                for e in events:
                    print(f"{e.kind:<10} {e.file} {e.reason}".rstrip())
    finally:
        st.close()
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from station.cli import schedule_views
    from station.schedule import approval as schedule_approval
    from station.schedule import export as schedule_export
    from station.schedule import html as schedule_html
    from station.schedule.model import ScheduleBlocked

    st = _open(args)
    try:
        command = args.schedule_command
        if getattr(args, "user", None):
            from station import users

            users.login(st, args.user, _password("STATION_PASSWORD",
                                                 f"Password for {args.user}: "))
        if command == "list":
            if args.json:
                _print_json(schedule_views.list_json(st, status=args.status))
            else:
                print(schedule_views.list_text(st, status=args.status))
        elif command == "show":
            if args.json:
                _print_json(schedule_views.show_json(st, args.id))
            else:
                print(schedule_views.show_text(st, args.id))
        elif command == "export":
            report = schedule_export.export_package(st, args.id, Path(args.to), as_zip=args.zip)
            if args.html:
                schedule_html.export_html(st, args.id, Path(args.html))
            print(f"package written to {report.target}")
        elif command == "report":
            from station.schedule.reports import report as make_report

            found = make_report(st, args.start, args.end, by=args.by)
            if args.json:
                _print_json(found.to_json_dict())
            else:
                sys.stdout.write(found.to_csv(args.part))
        elif command == "publish":
            changes = schedule_approval.publish(st, args.id)
            if args.json:
                _print_json(schedule_views.show_json(st, args.id))
            else:
                print("publish: ok" if changes.any() else "publish: already published")
        else:
            try:
                if command == "submit":
                    checks, _ = schedule_approval.submit(st, args.id)
                    result: Any = checks
                elif command == "approve":
                    result, _ = schedule_approval.approve(st, args.id, args.comment)
                else:
                    result, _ = schedule_approval.reject(st, args.id, args.comment)
            except ScheduleBlocked as exc:
                print(f"station: error: {exc}", file=sys.stderr)
                for problem in exc.problems:
                    print(f"  - {problem.message}", file=sys.stderr)
                return 1
            if args.json:
                _print_json(result.to_json_dict())
            else:
                print(f"{command}: ok")
    finally:
        st.close()
    return 0


def cmd_playout(args: argparse.Namespace) -> int:
    from station.playout import runner as playout

    st = _open(args)
    try:
        if args.playout_command == "status":
            found = playout.status_json(st)
            _print_json(found) if args.json else print(playout.status_text(found))
            return 0
        return playout.run_headless(st, device=args.device, until=args.until,
                                    minutes=args.minutes, as_json=args.json)
    finally:
        st.close()


def cmd_sync(args: argparse.Namespace) -> int:
    from station import settings
    from sync import engine
    from sync.token import save_token

    st = _open(args)
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
            _print_json(done.to_json_dict())
        else:
            print(f"{done.mutations or done.changes} changes, {done.files} files "
                  f"({done.bytes} bytes) in {args.folder}")
            for warning in done.warnings:
                print(f"  {warning}", file=sys.stderr)
        return 0
    try:
        if args.hub:
            settings.SYNC_HUB_URL.set(st.db, args.hub)
        if args.token:
            save_token(st.datadir, args.hub or settings.SYNC_HUB_URL.get(st.db), args.token)
        report = engine.run_once(st, args.hub, args.token)
    finally:
        st.close()
    if args.json:
        _print_json(report.to_json_dict())
    else:
        print(report.summary())
        for line in [*report.warnings, *report.errors]:
            print(f"  {line}", file=sys.stderr)
    return 0 if report.ok else 1


def cmd_hub(args: argparse.Namespace) -> int:
    from sync.hub import serve

    folder = args.hub_dir or args.data_dir
    if not folder:
        raise _UserError("say where the hub keeps its data: --data-dir DIR")
    if args.hub_command == "serve":
        serve.serve(folder, args.host, args.port, admin_token=args.admin_token)
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
    elif args.hub_command == "add-station":
        station_id, token = serve.add_station(folder, args.name)
        print(f"station id: {station_id}")
        print(token)
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
            raise _UserError(str(exc)) from exc
    else:
        item_id = serve.add_relay_item(folder, args.feed, Path(args.file), args.title,
                                       category=args.category)
        print(item_id)
    return 0


class _UserError(Exception):
    pass


COMMANDS: dict[str, Handler] = {
    "init": cmd_init,
    "doctor": cmd_doctor,
    "demo": cmd_demo,
    "audit": cmd_audit,
    "user": cmd_user,
    "analyze": cmd_analyze,
    "import": cmd_import,
    "record": cmd_record,
    "programme": cmd_programme,
    "search": cmd_search,
    "list": cmd_list,
    "verify": cmd_verify,
    "purge": cmd_purge,
    "export": cmd_export,
    "watch": cmd_watch,
    "schedule": cmd_schedule,
    "sync": cmd_sync,
    "playout": cmd_playout,
    "hub": cmd_hub,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become one line on stderr and exit code 1."""
    from station.errors import StationError

    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except (StationError, _UserError) as exc:
        print(f"station: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"station: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("station: interrupted", file=sys.stderr)
        return 1
