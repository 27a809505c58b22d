"""The `station` command line: the parser and the dispatch. Each area module registers its own
commands; layers above the core (sync, the UI) pass their registrars in through the entry point
(ui/launch.py), so the core never imports them.

Exit codes: 0 ok, 1 a clear one-line error on stderr, 2 usage. Imports stay inside the
commands so that `station --version` answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from station import __version__
from station.cli import admin, catalogue, library, playout, recording_rules, schedule, studio, users
from station.cli import service as service_cli
from station.cli.context import Handler, Registrar, UserError, add_user_option

AREAS: tuple[Registrar, ...] = (admin.register, users.register, library.register, catalogue.register,
                                studio.register, schedule.register, playout.register,
                                service_cli.register, recording_rules.register)


def build_parser(extensions: Iterable[Registrar] = ()) -> argparse.ArgumentParser:
    """The core commands, then whatever the extensions add (the entry point passes sync's)."""
    p = argparse.ArgumentParser(
        prog="station",
        description="Station: radio station suite. With no command, starts the desktop app.",
    )
    p.add_argument("--version", action="version", version=f"station {__version__}")
    p.add_argument("--data-dir", metavar="DIR",
                   help="the station's data folder (default: $STATION_DATA_DIR or the user "
                        "data folder)")
    p.add_argument("--user", metavar="NAME",
                   help="act as this station user (the password from $STATION_PASSWORD or "
                        "stdin); without it a command only reads")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for register in (*AREAS, *extensions):
        register(sub)
    for child in sub.choices.values():
        add_user_option(child)
    return p


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become one line on stderr and exit code 1."""
    from station.errors import StationError

    handler: Handler = args.func
    try:
        return handler(args)
    except (StationError, UserError) as exc:
        print(f"station: error: {exc}", file=sys.stderr)
        _restore_advice(args, exc)
        return 1
    except OSError as exc:
        print(f"station: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("station: interrupted", file=sys.stderr)
        return 1


def _restore_advice(args: argparse.Namespace, exc: BaseException) -> None:
    """A damaged database: say how to restore it and list the backups (never for a full or
    read-only disk, which a restore does not help)."""
    from station.errors import DatabaseCorrupt

    if isinstance(exc, DatabaseCorrupt):
        from station import backups
        from station.cli.context import data_dir

        print(backups.describe_backups(data_dir(args).backups), file=sys.stderr)


def main(argv: list[str] | None = None, extensions: Iterable[Registrar] = (),
         no_command: Handler | None = None) -> int:
    """Parse and run. With no command, `no_command` runs (the desktop app, for the entry
    point); without one, the usage is printed and the exit code is 2."""
    parser = build_parser(extensions)
    args = parser.parse_args(argv)
    if args.command is None:
        if no_command is None:
            parser.print_usage(sys.stderr)
            return 2
        return no_command(args)
    from station.cli.output import guarded

    with guarded(json=bool(getattr(args, "json", False))):  # no title can drive the terminal
        return run(args)


if __name__ == "__main__":
    sys.exit(main())
