"""Speed and time left of a transfer, for the Sync page: bytes moved over a sliding window of
a few seconds (a slow link's speed changes; a whole-run average hides a stall)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Transfer:
    direction: str  # 'up' or 'down'
    done: int  # bytes moved in this run
    total: int  # bytes this run has to move
    bytes_per_s: float
    seconds_left: float | None  # None while the speed is not known yet


TransferCallback = Callable[[Transfer], None]
WINDOW_S = 5.0
EVERY_S = 0.25  # at most four reports a second


class Meter:
    def __init__(self, direction: str, total: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.direction = direction
        self.total = total
        self.clock = clock
        self.samples: deque[tuple[float, int]] = deque()
        self._last_report = -1e9

    def rate(self) -> float:
        if len(self.samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def update(self, done: int, report: TransferCallback | None = None) -> Transfer:
        now = self.clock()
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > WINDOW_S:
            self.samples.popleft()
        rate = self.rate()
        left = max(self.total - done, 0)
        found = Transfer(self.direction, done, self.total, rate,
                         left / rate if rate > 0 else None)
        if report is not None and (now - self._last_report >= EVERY_S or left == 0):
            self._last_report = now
            report(found)
        return found
