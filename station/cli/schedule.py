"""Broadcast schedules from the shell: `schedule list|show|verify|add-slot|import|submit|approve|
reject|publish|export|report`. The views (text or JSON) are in schedule_views.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from station.cli.context import Subparsers, open_station, print_json
from station.text import printable


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
    sv = sc.add_parser("verify", help="check the seal, the approver's signature and the bytes of "
                                      "every file it airs (exit 1 on any mismatch)")
    sv.add_argument("id")
    sv.add_argument("--json", action="store_true")
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
    st_ = sc.add_parser("save-template", help="keep a week's sessions and slots as a template "
                                              "new weeks can start from (same name: replaced)")
    st_.add_argument("id")
    st_.add_argument("name")
    sn = sc.add_parser("add-slot", help="place a slot at the end of a draft's session: an item, "
                                        "a relay (a feed, with the rule for which episode "
                                        "plays) or a live window")
    sn.add_argument("id")
    sn.add_argument("--session", required=True, metavar="KEY",
                    help="the session's key (from `schedule show --json`)")
    source = sn.add_mutually_exclusive_group(required=True)
    source.add_argument("--item", metavar="ID")
    source.add_argument("--relay", metavar="FEED", help="a feed (its id, address or the "
                                                          "province's name) or one episode's guid")
    source.add_argument("--live", metavar="URL", help="a stream for a live window (--seconds)")
    sn.add_argument("--rule", default="", help="which episode of the feed plays: newest, "
                                               "'after HH:MM', 'within N h', 'title TEXT', "
                                               "joined with ';' (default: the newest)")
    sn.add_argument("--seconds", type=float, help="the slot's fixed length")
    sn.add_argument("--title", default="")
    sn.add_argument("--user", help="act as this station user (password from $STATION_PASSWORD "
                                   "or stdin)")
    sn.add_argument("--json", action="store_true")
    si = sc.add_parser("import", help="a week from a spreadsheet (.json, .csv, .xlsx) as a new "
                                      "draft; a file with any bad row is refused whole")
    si.add_argument("file", metavar="FILE")
    si.add_argument("--replace", action="store_true",
                    help="replace that week's draft (never an approved schedule)")
    si.add_argument("--user", help="act as this station user (password from $STATION_PASSWORD "
                                   "or stdin)")
    si.add_argument("--json", action="store_true")
    se = sc.add_parser("export", help="the package for the commune stations (approved only), "
                                      "or with --format the week as JSON or CSV (any status)")
    se.add_argument("id")
    se.add_argument("--to", metavar="PATH", help="where to write (--format: default stdout)")
    se.add_argument("--format", choices=("json", "csv"),
                    help="the week in the shape `schedule import` reads")
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
        elif command == "verify":
            verdict = schedule_views.verify_json(st, args.id)
            if args.json:
                print_json(verdict)
            else:
                sys.stdout.write(schedule_views.verify_text(verdict))
            return 0 if verdict["ok"] else 1
        elif command == "import":
            return _import(st, args)
        elif command == "add-slot":
            _add_slot(st, args)
        elif command == "save-template":
            from station.schedule.templates import template_from_schedule

            template, _ = template_from_schedule(st, args.id, args.name)
            sessions = len(template.sessions)
            print(f"template {printable(template.name)} ({template.id}): {sessions} clock(s)")
        elif command == "export" and args.format:
            _export_sheet(st, args)
        elif command == "export":
            if not args.to:
                print("station: error: export needs --to PATH", file=sys.stderr)
                return 2
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


def _add_slot(st: Any, args: argparse.Namespace) -> None:
    from station.schedule.edits import add_slot

    slot, _ = add_slot(st, args.id, args.session, item_id=args.item, relay_ref=args.relay,
                       stream_url=args.live, relay_rule=args.rule, planned_s=args.seconds,
                       title=args.title)
    if args.json:
        print_json(slot.to_json_dict())
    else:
        rule = f" ({slot.relay_rule or 'newest'})" if slot.kind == "relay" else ""
        print(f"added {slot.kind} slot {slot.key}: {slot.title}{rule}")


def _import(st: Any, args: argparse.Namespace) -> int:
    from station.errors import RowsRefused
    from station.schedule.importing import import_file

    try:
        result, _ = import_file(st, Path(args.file), replace=args.replace)
    except RowsRefused as exc:
        print(f"station: error: {exc}", file=sys.stderr)
        for row in exc.rows:
            print(f"  - {row}", file=sys.stderr)
        if exc.unknown_items:
            print("unknown items: " + ", ".join(exc.unknown_items), file=sys.stderr)
        return 1
    sched = result.schedule
    if args.json:
        print_json(result.to_json_dict())
    else:
        from station.clock import fmt_period

        week = fmt_period(sched.period_start, sched.period_end)
        print(f"{'replaced' if result.replaced else 'imported'} {week}: {sched.session_count} "
              f"sessions, {sched.slot_count} slots, {len(result.text_items)} new text bulletins; "
              f"draft {sched.id}")
    return 0


def _export_sheet(st: Any, args: argparse.Namespace) -> None:
    import json

    from media.files import write_atomic
    from station.schedule.importing import export_document
    from station.schedule.interchange import to_csv

    doc = export_document(st, args.id)
    text = to_csv(doc) if args.format == "csv" else \
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if args.to:
        # A BOM, so that Excel opens the CSV as UTF-8 (Vietnamese marks intact).
        write_atomic(Path(args.to), (("\ufeff" if args.format == "csv" else "") + text)
                     .encode("utf-8"))
    else:
        sys.stdout.write(text)
