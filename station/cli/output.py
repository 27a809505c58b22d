"""What the command line prints is safe for a terminal: titles, tags, feed and bulletin texts
come from outside, and an ESC sequence or a bidi override in one of them would recolour the
terminal, move the cursor or show "exe.png" for "gnp.exe". Every text view (station/cli/*,
sync/cli.py) prints through this guard, so a new command cannot forget it; --json output is
left to JSON's own escaping."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from station.text import printable


class PrintableStream:
    """A text stream that escapes control and bidi characters on their way out (tab and
    newline pass: they shape the output)."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(printable(text, lines=True))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding...
        return getattr(self._inner, name)


@contextmanager
def guarded(json: bool) -> Iterator[None]:
    """stdout escaped unless the command prints JSON; stderr (errors quoting titles) always."""
    saved = sys.stdout, sys.stderr
    if not json:
        sys.stdout = PrintableStream(sys.stdout)
    sys.stderr = PrintableStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
