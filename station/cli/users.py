"""Who may do what, and what they did: `user add|list`, `audit verify|list`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from station.cli.context import Subparsers, open_station, password, print_json


def register(sub: Subparsers) -> None:
    s = sub.add_parser("audit", help="the audit log")
    a = s.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = a.add_parser("verify", help="check the hash chain, and hold it against the head the "
                                    "hub anchored (asked now, or the last one it acknowledged)")
    v.add_argument("--offline", action="store_true",
                   help="do not ask the hub: use the last head it acknowledged")
    v.add_argument("--json", action="store_true")
    lst = a.add_parser("list", help="recent entries")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_audit)

    s = sub.add_parser("user", help="station users")
    u = s.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = u.add_parser("add", help="add a user (as an admin: --user ADMIN; the new user's "
                                    "password from $STATION_NEW_PASSWORD or stdin)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("editor", "chief", "archivist", "admin"))
    add.add_argument("--full-name", default="")
    ul = u.add_parser("list", help="list users")
    ul.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_user)


def cmd_audit(args: argparse.Namespace) -> int:
    from station import audit

    st = open_station(args)
    try:
        if args.audit_command == "verify":
            from station import anchor

            result = anchor.verify(st, ask_hub=not args.offline)
            if args.json:
                print_json(result.to_json_dict())
            elif result.ok:
                print(f"audit chain intact: {result.entries} entries; {_anchored(st, result)}")
            else:
                print(f"audit chain BROKEN at entry {result.first_bad_seq}: {result.reason}",
                      file=sys.stderr)
            return 0 if result.ok else 1
        entries = audit.recent(st.db, args.limit)
        if args.json:
            print_json([e.__dict__ for e in entries])
        else:
            for e in entries:
                print(f"{e.seq:>6} {e.at} {e.actor:<16} {e.action:<24} {e.entity_id}")
        return 0
    finally:
        st.close()


def _anchored(st: Any, result: Any) -> str:
    """How far the hub vouches for the log, in words."""
    from station.clock import fmt_moment, zone

    a = result.anchor
    if a is None:
        return ("not yet anchored at a hub" if not result.hub_error else
                f"not anchored: the hub could not be asked ({result.hub_error})")
    if result.anchor_source == "hub":
        return f"the hub {a.hub} anchors it up to entry {a.seq}"
    why = f" (the hub could not be asked: {result.hub_error})" if result.hub_error else ""
    when = fmt_moment(a.at, zone(st.db))
    return f"holds the head the hub {a.hub} acknowledged at {when}: entry {a.seq}{why}"


def cmd_user(args: argparse.Namespace) -> int:
    from station import users
    from station.rights import Role

    st = open_station(args)
    try:
        if args.user_command == "add":
            # The acting admin's password came first ($STATION_PASSWORD or stdin's first line).
            secret = password("STATION_NEW_PASSWORD", f"Password for the new user "
                                                      f"{args.username}: ")
            user, _ = users.create_user(st, args.username, secret, Role(args.role),
                                        args.full_name)
            print(f"user {user.username} ({user.role.value}) added")
            return 0
        found = users.list_users(st, include_inactive=True)
        if args.json:
            print_json([{"username": u.username, "full_name": u.full_name,
                         "role": u.role.value, "active": u.active} for u in found])
        else:
            for u in found:
                print(f"{u.username:<20} {u.role.value:<10} {'' if u.active else '(inactive)'}"
                      f" {u.full_name}")
        return 0
    finally:
        st.close()
