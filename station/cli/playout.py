"""On air from the shell: `playout run` (headless) and `playout status`."""

from __future__ import annotations

import argparse
from typing import Any

from station.cli.context import Subparsers, open_station, print_json


def register(sub: Subparsers) -> None:
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
    pi = po.add_parser("import-asrun", help="an as-run log from another playout system (CSV or "
                                            "JSON): good lines kept, bad ones listed with why")
    pi.add_argument("file")
    pi.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_playout)


def cmd_playout(args: argparse.Namespace) -> int:
    from station.playout import runner as playout

    st = open_station(args)
    try:
        if args.playout_command == "import-asrun":
            return _import_asrun(st, args)
        if args.playout_command == "status":
            found = playout.status_json(st)
            print_json(found) if args.json else print(status_text(found))
            return 0
        return playout.run_headless(st, device=args.device, until=args.until,
                                    minutes=args.minutes, as_json=args.json)
    finally:
        st.close()


def _import_asrun(st: Any, args: argparse.Namespace) -> int:
    from station.playout.asrun import import_asrun

    found, _ = import_asrun(st, args.file)
    if args.json:
        print_json(found.to_json_dict())
    else:
        for r in found.rejected:
            print(f"line {r.line}: {r.message}")
        print(f"{found.read} line(s) read: {found.added} added, {found.duplicates} already "
              f"logged, {len(found.rejected)} refused; {found.items_marked} item(s) marked aired")
    return 1 if found.rejected else 0


def status_text(found: dict[str, Any]) -> str:
    """`playout status` for a person: the state line, then one line per recent airing."""
    state = found["state"]
    lines = [f"running: {'yes' if state.get('running') else 'no'}"
             + (f" (pid {state.get('pid')}, heartbeat {state.get('heartbeat')})"
                if state.get("running") else "")]
    for r in found["recent"]:
        notes = f"  [{', '.join(r['interruptions'])}]" if r["interruptions"] else ""
        lines.append(f"{r['aired_at']}  {r['kind']:<9} {r['title']}{notes}")
    return "\n".join(lines)
