"""Broadcast schedules from the shell: `schedule list|show|submit|approve|reject|publish|export|
report`. The views (text or JSON) are in schedule_views.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from station.cli.context import Subparsers, open_station, password, print_json


def register(sub: Subparsers) -> None:
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
    s.set_defaults(func=cmd_schedule)


def cmd_schedule(args: argparse.Namespace) -> int:
    from station.cli import schedule_views
    from station.schedule import approval as schedule_approval
    from station.schedule import export as schedule_export
    from station.schedule import html as schedule_html
    from station.schedule.model import ScheduleBlocked

    st = open_station(args)
    try:
        command = args.schedule_command
        if getattr(args, "user", None):
            from station import users

            users.login(st, args.user, password("STATION_PASSWORD",
                                                 f"Password for {args.user}: "))
        if command == "list":
            if args.json:
                print_json(schedule_views.list_json(st, status=args.status))
            else:
                print(schedule_views.list_text(st, status=args.status))
        elif command == "show":
            if args.json:
                print_json(schedule_views.show_json(st, args.id))
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
                print_json(found.to_json_dict())
            else:
                sys.stdout.write(found.to_csv(args.part))
        elif command == "publish":
            changes = schedule_approval.publish(st, args.id)
            if args.json:
                print_json(schedule_views.show_json(st, args.id))
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
                print_json(result.to_json_dict())
            else:
                print(f"{command}: ok")
    finally:
        st.close()
    return 0
