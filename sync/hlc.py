"""Hybrid logical clocks: ``<13-digit ms>-<5-digit counter>-<node>``, ordered as text.

Wall time never runs backwards in an HLC, and a clock that saw a later stamp (from the hub)
moves past it, so causally later edits always compare later. A station clock that is off
by a day is corrected by the offset measured against the hub's time in /hello (it warns; it
never blocks).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_COUNTER = 99999


def format_hlc(ms: int, counter: int, node: str) -> str:
    return f"{ms:013d}-{counter:05d}-{node}"


def parse_hlc(text: str) -> tuple[int, int, str]:
    ms, counter, node = text.split("-", 2)
    return int(ms), int(counter), node


class Clock:
    def __init__(self, node: str, last: str = "", offset_s: float = 0.0,
                 wall: Callable[[], float] | None = None) -> None:
        self.node = node.replace("-", "")[:16] or "x"
        self.offset_s = offset_s
        self.wall = wall or (lambda: time.time())
        self._lock = threading.Lock()
        self._ms, self._counter = 0, 0
        if last:
            self.observe(last)

    def _physical_ms(self) -> int:
        return int((self.wall() + self.offset_s) * 1000)

    def now(self) -> str:
        with self._lock:
            physical = self._physical_ms()
            if physical > self._ms:
                self._ms, self._counter = physical, 0
            else:
                self._counter += 1
                if self._counter > MAX_COUNTER:
                    self._ms, self._counter = self._ms + 1, 0
            return format_hlc(self._ms, self._counter, self.node)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen from elsewhere."""
        try:
            ms, counter, _ = parse_hlc(stamp)
        except ValueError:
            return
        with self._lock:
            if (ms, counter) > (self._ms, self._counter):
                self._ms, self._counter = ms, counter

    @property
    def last(self) -> str:
        return format_hlc(self._ms, self._counter, self.node)
