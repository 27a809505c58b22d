"""The media library from the shell: `analyze`, `import`, `search`, `list`, `verify`, `purge`,
`export`, `watch`, and the bin (`library delete|bin|restore|empty-bin`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from station.cli.context import Subparsers, finite, open_station, print_json
from station.text import printable


def register(sub: Subparsers) -> None:
    s = sub.add_parser("analyze", help="measure media files (loudness, peaks, duration); "
                                       "nothing is stored")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_analyze)

    s = sub.add_parser("import", help="import files into the library")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--title", help="title (default: the file's tags or name)")
    s.add_argument("--category", default="")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("search", help="search the library (diacritics never matter)")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("list", help="library items, newest first")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("verify", help="re-hash the media store: missing, damaged and orphan "
                                      "files")
    s.add_argument("--quick", action="store_true", help="compare sizes only")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("purge", help="items past their retention: listed, deleted with --yes")
    s.add_argument("--yes", action="store_true", help="delete the listed items")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_purge)

    s = sub.add_parser("export", help="export items (originals + JSON sidecars)")
    s.add_argument("ids", nargs="+", metavar="ID")
    s.add_argument("--to", required=True, metavar="PATH", help="a folder, or a .zip with --zip")
    s.add_argument("--zip", action="store_true")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_export)

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
    s.set_defaults(func=cmd_watch)

    s = sub.add_parser("library", help="the library's bin: delete, list, restore, empty")
    lib = s.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    ld = lib.add_parser("delete", help="move items to the bin (refused for items in an "
                                       "approved or published schedule)")
    ld.add_argument("ids", nargs="+", metavar="ID")
    lb = lib.add_parser("bin", help="what the bin holds, most recently deleted first")
    lb.add_argument("--json", action="store_true")
    lr = lib.add_parser("restore", help="take items out of the bin")
    lr.add_argument("ids", nargs="+", metavar="ID")
    le = lib.add_parser("empty-bin", help="remove the binned items for good, with their files")
    le.add_argument("--json", action="store_true")
    lh = lib.add_parser("hold", help="put items on legal hold: never purged, whatever their "
                                     "retention")
    lh.add_argument("ids", nargs="+", metavar="ID")
    lh.add_argument("--reason", required=True, help="why (kept in the audit log)")
    lrel = lib.add_parser("release", help="take items off legal hold")
    lrel.add_argument("ids", nargs="+", metavar="ID")
    s.set_defaults(func=cmd_library)


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
        row = {k: finite(v) for k, v in found.to_json_dict().items()}
        results.append(row)
        if not args.json:
            lufs = row["integrated_lufs"]
            print(f"{name}: {row['duration_s']:.2f} s, {row['sample_rate']} Hz, "
                  f"{row['channels']} ch, {'-inf' if lufs is None else f'{lufs:.1f}'} LUFS, "
                  f"LRA {row['lra_lu'] or 0:.1f} LU, true peak {row['true_peak_dbtp']} dBTP")
    if args.json:
        print_json(results)
    return 1 if failed else 0


def cmd_import(args: argparse.Namespace) -> int:
    from media.analysis import MediaError
    from station.errors import StationError
    from station.library import ingest

    st = open_station(args)
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
            row = {k: finite(v) for k, v in result.to_json_dict().items()}
            results.append(row)
            if not args.json:
                note = " (already in the library)" if result.status == "duplicate" else ""
                print(f"{result.item.id} {printable(result.item.title)}{note}")
    finally:
        st.close()
    if args.json:
        print_json(results)
    return 1 if failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    from station.search.run import search

    st = open_station(args)
    try:
        hits = search(st, args.query, limit=args.limit)
    finally:
        st.close()
    if args.json:
        print_json([h.to_json_dict() for h in hits])
    else:
        for h in hits:
            print(f"{h.id} {h.kind:<5} {printable(h.title)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from station.library import items as library

    st = open_station(args)
    try:
        items = library.list_items(st, args.limit)
    finally:
        st.close()
    if args.json:
        print_json([i.to_json_dict() for i in items])
    else:
        for i in items:
            print(f"{i.id} {i.kind:<5} {printable(i.title)}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from station.library import archive

    st = open_station(args)
    try:
        report = archive.verify(st, quick=args.quick)
    finally:
        st.close()
    if args.json:
        print_json(report.to_json_dict())
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

    st = open_station(args)
    try:
        found = archive.purge_candidates(st)
        removed = None
        if args.yes and found:
            removed, _ = archive.purge(st, [c.id for c in found])
    finally:
        st.close()
    if args.json:
        print_json({"candidates": [c.to_json_dict() for c in found],
                     "removed": removed.to_json_dict() if removed else None})
        return 0
    for c in found:
        print(f"{c.id} {printable(c.title)}: {c.reason}")
    if removed is not None:
        print(f"removed {len(removed.removed)} item(s)")
    elif found:
        print(f"{len(found)} item(s) may be purged: run again with --yes to delete them")
    else:
        print("nothing to purge")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from station.library import export

    st = open_station(args)
    try:
        report = export.export_items(st, args.ids, Path(args.to), as_zip=args.zip)
    finally:
        st.close()
    if args.json:
        print_json(report.to_json_dict())
    else:
        print(f"exported {len(report.items)} item(s) to {report.target}")
    return 0 if not report.not_found else 1


def cmd_watch(args: argparse.Namespace) -> int:
    from station.library import watch as watchfolder

    st = open_station(args)
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
                print_json([e.to_json_dict() for e in events])
            else:
                for e in events:
                    print(f"{e.kind:<10} {e.file} {e.reason}".rstrip())
    finally:
        st.close()
    return 0


def cmd_library(args: argparse.Namespace) -> int:
    from station.clock import fmt_moment, zone
    from station.library import bin as item_bin

    st = open_station(args)
    try:
        action = args.library_command
        if action == "delete":
            item_bin.delete_items(st, args.ids)
            print(f"moved {len(args.ids)} item(s) to the bin")
        elif action == "restore":
            item_bin.restore_items(st, args.ids)
            print(f"restored {len(args.ids)} item(s)")
        elif action in ("hold", "release"):
            from station.library.archive import set_legal_hold

            set_legal_hold(st, args.ids, action == "hold", getattr(args, "reason", ""))
            print(f"{len(args.ids)} item(s) {'on' if action == 'hold' else 'off'} legal hold")
        elif action == "bin":
            found = item_bin.binned(st)
            tz = zone(st)
            if args.json:
                print_json([b.to_json_dict() for b in found])
            else:
                for b in found:
                    print(f"{b.id} {b.kind:<5} {printable(b.title)}\t{fmt_moment(b.binned_at, tz)}"
                          f" {b.binned_by}")
                if not found:
                    print("the bin is empty")
        else:
            report, _ = item_bin.empty_bin(st)
            if args.json:
                print_json(report.to_json_dict())
            else:
                for item_id, title, used_by in report.kept:
                    print(f"kept {item_id} {title}: still used by {used_by}")
                print(f"removed {len(report.removed)} item(s), freed {report.bytes_freed} bytes")
    finally:
        st.close()
    return 0
