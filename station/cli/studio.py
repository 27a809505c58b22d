"""The studio from the shell: `record` (a device or a stream) and `programme list|show|render`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from station.cli.context import Subparsers, UserError, finite, open_station, print_json


def register(sub: Subparsers) -> None:
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
    s.set_defaults(func=cmd_record)

    s = sub.add_parser("programme", help="programmes (rundowns): list, show, render")
    pc = s.add_subparsers(dest="programme_command", metavar="ACTION", required=True)
    pl = pc.add_parser("list", help="programmes, newest first")
    pl.add_argument("--json", action="store_true")
    for name, text in (("show", "one rundown with its back-timing"),
                       ("render", "render into one library item at the loudness target")):
        pa = pc.add_parser(name, help=text)
        pa.add_argument("id")
        pa.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_programme)


def cmd_record(args: argparse.Namespace) -> int:
    if args.list_devices:
        from media import record

        found = record.input_devices()
        if args.json:
            print_json([vars(d) for d in found])
        else:
            for d in found:
                mark = "*" if d.default else " "
                print(f"{mark} {d.id}\t{d.name}\t{d.min_rate}-{d.max_rate} Hz, "
                      f"up to {d.max_channels} ch")
        return 0
    if args.seconds is None or args.seconds <= 0:
        raise UserError("record needs --seconds N (more than 0)")
    from media.analysis import MediaError

    st = open_station(args)
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
            raise UserError(str(exc)) from exc
    finally:
        st.close()
    if args.json:
        print_json({k: finite(v) for k, v in result.to_json_dict().items()})
    else:
        print(f"{result.item.id} {result.item.title} ({result.item.duration_s or 0:.1f} s)")
        for warning in result.warnings:
            print(f"station: warning: {warning}", file=sys.stderr)
    return 0


def cmd_programme(args: argparse.Namespace) -> int:
    from station.cli import programme_views

    st = open_station(args)
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
        print_json(found)
    else:
        print(text(found))
    return 0
