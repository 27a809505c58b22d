"""The `station` console script: no command starts the desktop app, others run the CLI.

It lives in ui/ because it may start the GUI; the commands themselves are in station/cli/__init__.py.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from station import cli

    parser = cli.build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui import app

        return app.main(args)
    if args.command == "selftest":
        from ui import selftest

        return selftest.main(args)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
