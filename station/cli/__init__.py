"""The `station` command line: used by scripts, by our own checks and by the launcher.

main.py holds the parser and the dispatch; each area registers its commands (admin, users,
library, studio, schedule, playout). The `sync` and `hub` commands live in sync/cli.py and the
entry point (ui/launch.py) passes them in, so this package never imports sync or ui.
"""
