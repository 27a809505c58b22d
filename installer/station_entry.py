"""The script the frozen executables run (installer/station.spec): the `station` console
script, ui.launch:main, with what a frozen build needs first."""

from __future__ import annotations

import os
import sys


def _streams() -> None:
    # The windowed Windows executable has no console: sys.stdout/stderr are None, and a
    # print (argparse's --version, a warning) would raise. Send them nowhere instead.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _streams()
    from ui.launch import main

    sys.exit(main())
