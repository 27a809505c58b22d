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
    """Open the station. With ``--user NAME`` (the password from $STATION_PASSWORD or stdin)
    the command acts as that station user, with that user's rights, as in the window.
    Without it, as the local operator (cli:<os user> in the audit log), who may only read:
    whoever has a shell here can read the data folder anyway, but changing the station needs
    a user's password, as the window does."""
    from station import logs, users
    from station.rights import Right, Role
    from station.startup import open_station
    from station.station import User

    datadir = data_dir(args)
    if datadir.exists():
        logs.setup(datadir.logs)  # warnings go to the station's log, not between results
    st = open_station(datadir)
    st.user = User(id="", username=f"cli:{getpass.getuser()}", full_name="", role=Role.ADMIN,
                   only=frozenset({Right.LIBRARY_VIEW, Right.AUDIT_VIEW}))
    name = getattr(args, "user", None)
    if name:
        try:
            users.login(st, name, password("STATION_PASSWORD", f"Password for {name}: "))
        except BaseException:
            st.close()
            raise
    return st


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` on the main parser and on every command under it, so it may come
    before or after the command; a command's own one must not reset the main one."""
    own = [a for a in parser._actions if "--user" in a.option_strings]
    if own:
        for action in own:
            action.default = argparse.SUPPRESS
    else:
        parser.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                            help="act as this station user (the password from "
                                 "$STATION_PASSWORD or stdin); without it the command "
                                 "only reads")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                add_user_option(child)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def finite(value: Any) -> Any:
    import math

    return None if isinstance(value, float) and not math.isfinite(value) else value
