"""The `station` console script: the composition root of the command line. No command starts
the desktop app; the others run the core CLI (station/cli) with the commands of the layers
above it: `sync` and `hub` (sync/cli.py) and `selftest` (ui/selftest.py), and the service's
jobs of the layers above it (sync/service.py)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from station.cli.context import Registrar, Subparsers

if TYPE_CHECKING:
    from station.service.jobs import JobFactory


def register(sub: Subparsers) -> None:
    """The UI's own command: `selftest` checks the installed app, main window included."""
    s = sub.add_parser("selftest", help="headless check that the install works")
    s.set_defaults(func=_selftest)


def _selftest(args: argparse.Namespace) -> int:
    from ui import selftest

    return selftest.main(args)


def _desktop(args: argparse.Namespace) -> int:
    from ui import app

    return app.main(args)


def extensions() -> list[Registrar]:
    """Every registrar beyond the core's, in the order they appear in `station --help`."""
    from sync import cli as sync_cli

    return [register, sync_cli.register]


def service_jobs() -> list[JobFactory]:
    """The service's jobs beyond the core's: sync and relay refresh."""
    from sync import service as sync_service

    return sync_service.jobs()


def _ask_hub(st: Any) -> Any:
    """The hub's anchor of this station's audit log (sync/anchor_query.py)."""
    from sync import anchor_query

    return anchor_query.ask_hub(st)


def main(argv: list[str] | None = None) -> int:
    from station import anchor
    from station.cli import main as cli
    from station.service import plugins

    plugins.plug(service_jobs)  # called only in the service's worker
    anchor.plug(_ask_hub)  # `audit verify` asks the hub for its anchor of the audit log
    return cli.main(argv, extensions=extensions(), no_command=_desktop)


if __name__ == "__main__":
    sys.exit(main())
