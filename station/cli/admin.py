"""Looking after the station itself: `init`, `doctor`, `demo`, `backup`, `restore`."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.cli.context import Subparsers, UserError, data_dir, open_station, password, print_json


def register(sub: Subparsers) -> None:
    s = sub.add_parser("init", help="create a station without the GUI")
    s.add_argument("--station-name", required=True, metavar="NAME")
    s.add_argument("--admin", required=True, metavar="USER",
                   help="the admin's user name (password from $STATION_ADMIN_PASSWORD or "
                        "stdin)")
    s.add_argument("--admin-name", default="", metavar="FULL_NAME")
    s.add_argument("--language", choices=("vi", "en"), default="vi")
    s.add_argument("--demo", action="store_true", help="fill the library with demo content")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("doctor", help="check the installation and the station")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser("demo", help="add the demo content to the library")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("backup", help="back up the database now")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="restore a database backup (the current one is kept "
                                       "aside)")
    s.add_argument("backup", nargs="?", help="a backup file (default: the newest)")
    s.set_defaults(func=cmd_restore)


def cmd_init(args: argparse.Namespace) -> int:
    from station.startup import create_station

    secret = password("STATION_ADMIN_PASSWORD", "Admin password: ")
    st = create_station(data_dir(args), args.station_name, args.admin, secret,
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

    st = open_station(args)
    try:
        demo.populate(st)
    finally:
        st.close()
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from station import doctor

    report = doctor.run(data_dir(args))
    if args.json:
        print_json(report.to_json_dict())
    else:
        for c in report.checks:
            mark = "ok  " if c.ok else ("FAIL" if c.required else "warn")
            print(f"[{mark}] {c.name}: {c.detail}")
        print("healthy" if report.healthy else "NOT healthy")
    return 0 if report.healthy else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from station import db

    st = open_station(args)
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

    datadir = data_dir(args)
    if args.backup:
        chosen = Path(args.backup)
    else:
        found = db.list_backups(datadir.backups)
        if not found:
            raise UserError(f"no backups in {datadir.backups}")
        chosen = found[0]
    with InstanceLock(datadir.lock_path):
        try:
            aside = db.restore_backup(datadir.db_path, chosen)
        except StationError as exc:
            raise UserError(f"cannot restore {chosen.name}: {exc}") from exc
    print(f"restored {chosen.name}" + (f"; the previous database is kept as {aside.name}"
                                        if aside else ""))
    return 0
