"""Progress and cancellation shared by long-running work in the core and the UI."""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]


class Cancelled(Exception):
    """The user (or the caller) cancelled the operation."""


class TaskState:
    """Handed to long work: report progress in [0, 1], check for cancellation.

    The worker calls ``progress()`` as often as it likes; ``check()`` raises
    :class:`Cancelled` once ``cancel()`` has been called from any thread.
    """

    def __init__(self, on_progress: ProgressCallback | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self.fraction = 0.0
        self.text = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def child(self, start: float, span: float) -> TaskState:
        """A state for one step of this task: its progress fills [start, start + span] of
        ours, and cancelling us cancels it."""
        sub = TaskState(lambda f, t: self.progress(start + f * span, t))
        sub._cancel = self._cancel
        return sub

    def progress(self, fraction: float, text: str = "") -> None:
        self.fraction = min(max(fraction, 0.0), 1.0)
        if text:
            self.text = text
        if self._on_progress is not None:
            self._on_progress(self.fraction, self.text)
        self.check()


def null_state() -> TaskState:
    """A state nobody watches, for callers with no progress display."""
    return TaskState()
