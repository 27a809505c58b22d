"""Scheduled recordings from the shell: `recording-rule add|list|remove`. Times are station
time; the service records them (station.recording.on_time)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from station.cli.context import Subparsers, UserError, open_station, print_json

AT_FORMAT = "%Y-%m-%d %H:%M:%S"


def register(sub: Subparsers) -> None:
    s = sub.add_parser("recording-rule", help="scheduled recordings: add, list, remove")
    rc = s.add_subparsers(dest="rule_command", metavar="ACTION", required=True)
    add = rc.add_parser("add", help="record a stream or a device at a time (station time)")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", metavar="URL", help="a stream (Icecast, HLS)")
    source.add_argument("--device", metavar="NAME", help="an input device")
    add.add_argument("--at", required=True, metavar='"YYYY-MM-DD HH:MM:SS"',
                     help="the first start, station time")
    add.add_argument("--seconds", required=True, type=float, metavar="N")
    add.add_argument("--title", required=True, metavar="T")
    add.add_argument("--repeat", choices=("daily", "weekdays", "weekly"),
                     help="repeat from --at on (default: once)")
    add.add_argument("--category", default="", metavar="C")
    add.add_argument("--json", action="store_true")
    ls = rc.add_parser("list", help="the rules with their next start")
    ls.add_argument("--json", action="store_true")
    rm = rc.add_parser("remove", help="delete a rule (its run log goes with it)")
    rm.add_argument("id")
    s.set_defaults(func=cmd_recording_rule)


def _row(rule: Any, tz: Any, now: datetime) -> dict[str, Any]:
    from station.clock import local_dt
    from station.recording import rules as rr

    first = local_dt(rule.on_date, rule.start, tz) if rule.on_date else None
    nxt = rr.next_start(rule, tz, now)
    return {"id": rule.id, "title": rule.title, "source": rule.source,
            "repeat": rule.repeat,
            "start": first.isoformat() if first else rule.start.strftime("%H:%M:%S"),
            "seconds": rule.duration_s, "category": rule.category,
            "next_start": nxt.astimezone(tz).isoformat() if nxt else None}


def _text(row: dict[str, Any]) -> str:
    nxt = (row["next_start"] or "-").replace("T", " ")
    return (f"{row['id']}  {row['title']}  {row['repeat']}  next {nxt}  "
            f"{row['seconds']:g} s  {row['source']}")


def cmd_recording_rule(args: argparse.Namespace) -> int:
    from station.clock import zone
    from station.recording import rules as rr

    if args.rule_command == "add":
        try:
            at = datetime.strptime(args.at.strip(), AT_FORMAT)
        except ValueError:
            raise UserError(f"--at takes a station time as YYYY-MM-DD HH:MM:SS, not "
                            f"{args.at!r}") from None
        if not args.seconds > 0:
            raise UserError(f"--seconds must be more than 0, not {args.seconds:g}")
    st = open_station(args)
    try:
        tz = zone(st)
        now = datetime.now(UTC)
        if args.rule_command == "add":
            repeat = args.repeat or "once"
            if repeat == "once" and at.replace(tzinfo=tz) <= now:
                raise UserError(f"--at {args.at} is in the past (station time "
                                f"{now.astimezone(tz):{AT_FORMAT}})")
            rule, _ = rr.add_rule(st, title=args.title, source=args.url or args.device,
                                  repeat=repeat, start=at.time(), duration_s=args.seconds,
                                  on_date=at.date(), category=args.category)
            row = _row(rule, tz, now)
            if args.json:
                print_json(row)
            else:
                print(_text(row))
        elif args.rule_command == "list":
            rows = [_row(r, tz, now) for r in rr.list_rules(st)]
            if args.json:
                print_json(rows)
            else:
                for row in rows:
                    print(_text(row))
        else:
            rr.delete_rule(st, args.id)
            print(f"removed {args.id}")
    finally:
        st.close()
    return 0
