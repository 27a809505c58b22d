"""The unattended service from the shell: `service run` (the supervisor, which starts the
worker as `service run --worker-of PID`), `install` / `uninstall` (start at boot) and
`status`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from station.cli.context import Subparsers, data_dir, print_json


def register(sub: Subparsers) -> None:
    s = sub.add_parser("service", help="the unattended service: playout, watched folders, sync")
    sv = s.add_subparsers(dest="service_command", metavar="ACTION", required=True)
    run = sv.add_parser("run", help="run the service here until stopped (Ctrl+C or SIGTERM)")
    run.add_argument("--worker-of", type=int, metavar="PID", help=argparse.SUPPRESS)
    sv.add_parser("install", help="start the service at boot (systemd user unit / Windows task)")
    sv.add_parser("uninstall", help="no longer start the service at boot")
    st = sv.add_parser("status", help="is the service running, and what it does")
    st.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_service)


def cmd_service(args: argparse.Namespace) -> int:
    from station.errors import QT_TRANSLATE_NOOP, NotInitialized
    from station.service import supervisor

    datadir = data_dir(args)
    command = args.service_command
    if command == "status":
        return _status(datadir, args.json)
    if command in ("install", "uninstall"):
        return _unit(datadir, install=command == "install")
    if args.worker_of is not None:
        from station.service import worker

        return worker.main(datadir, args.worker_of)
    if not datadir.exists():  # say it once here, not in a worker started again and again
        raise NotInitialized(QT_TRANSLATE_NOOP("errors", "no station in {path}: run 'station "
                                               "init' or start the app to create one"),
                             path=str(datadir.root))
    from station import dbfile, logs

    # A damaged database, a full or read-only disk: refuse here, once, with the reason.
    dbfile.check_file(datadir.db_path)
    logs.setup(datadir.logs)
    return supervisor.run(datadir, supervisor.worker_argv(datadir), lambda: print(
        f"station service: running for {datadir.root} (Ctrl+C stops)", flush=True))


def _status(datadir: Any, as_json: bool) -> int:
    from station.service import status

    found = status.check(datadir)
    if as_json:
        print_json(found.to_json_dict())
        return 0 if found.running else 1
    print(status_text(found.to_json_dict()))
    return 0 if found.running else 1


def status_text(found: dict[str, Any]) -> str:
    state = found["state"]
    if state == "stopped":
        return "service: not running"
    if state == "stale":
        return (f"service: not answering (supervisor {found['supervisor_pid']}, last heartbeat "
                f"{found['heartbeat'] or 'never'})")
    lines = [f"service: running (worker pid {found['pid']}, supervisor "
             f"{found['supervisor_pid']}, since {found['started_at']})"]
    on_air = found["on_air"]
    lines.append(f"on air: {on_air['title']} (until {on_air['ends'] or '?'})" if on_air
                 else "on air: nothing")
    nxt = found["next_event"]
    if nxt:
        lines.append(f"next: {nxt['at']} {nxt['title']}")
    rec = found["next_recording"]
    if rec:
        lines.append(f"next recording: {rec['at']} {rec['title']}")
    sync = found["last_sync"]
    if sync:
        lines.append(f"last sync: {sync.get('at')} {'ok' if sync.get('ok') else 'failed'}")
    for a in found["alarms"]:
        lines.append(f"alarm: {a.get('source')} {a.get('kind')}: {a.get('detail')}")
    return "\n".join(lines)


def _unit(datadir: Any, *, install: bool) -> int:
    from station.service import supervisor, units

    done = (units.install(datadir, supervisor.entry_argv()) if install
            else units.uninstall(datadir))
    for line in done.done:
        print(f"ran: {line}")
    if done.ok:
        print(("installed: " if install else "removed: ") + done.where)
        return 0
    print(f"station: error: {done.problem}", file=sys.stderr)
    if install:
        print(f"the unit is written to {done.where}; to finish, run:")
    else:
        print("to finish, run:")
    for cmd in done.by_hand:
        print("  " + subprocess.list2cmdline(cmd))
    return 1
