"""What every command shares: the data folder, the local operator's station, passwords read
from the environment or stdin, JSON on stdout, and the one error type that becomes one line."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias

Handler = Callable[[argparse.Namespace], int]
# What add_subparsers() returns; a registrar adds its commands to it.
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Registrar = Callable[[Subparsers], None]


class UserError(Exception):
    """A mistake the user can fix: printed as one line, exit code 1."""


def data_dir(args: argparse.Namespace) -> Any:
    from station.paths import DataDir, default_data_dir

    return DataDir(Path(args.data_dir) if args.data_dir else default_data_dir())


def password(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def open_station(args: argparse.Namespace) -> Any:
    """Open the station as the local operator: someone at this machine's shell, who can read
    the data dir anyway. Audit entries name them as cli:<os user>."""
    from station import logs
    from station.rights import Role
    from station.startup import open_station
    from station.station import User

    datadir = data_dir(args)
    if datadir.exists():
        logs.setup(datadir.logs)  # warnings go to the station's log, not between results
    st = open_station(datadir)
    st.user = User(id="", username=f"cli:{getpass.getuser()}", full_name="", role=Role.ADMIN)
    return st


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def finite(value: Any) -> Any:
    import math

    return None if isinstance(value, float) and not math.isfinite(value) else value
