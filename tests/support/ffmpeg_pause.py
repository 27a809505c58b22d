"""Holding a render's ffmpeg still (SIGSTOP) so a test can see what else goes on meanwhile:
the real process, paused and resumed, no mock."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from pathlib import Path


def _children(marker: str) -> list[int]:
    """ffmpeg processes started by this process whose arguments contain ``marker``."""
    me = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            # the command name may hold spaces: the fields after its closing ')' are fixed
            if stat[stat.rindex(")") + 2:].split()[1] != me:
                continue
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if args and b"ffmpeg" in Path(args[0].decode()).name.encode() \
                and marker.encode() in args:
            found.append(int(entry.name))
    return found


class FfmpegPauser:
    """Stops the first ffmpeg this process starts with ``marker`` among its arguments (a
    render graph has ``-filter_complex``; a probe has not) the moment it appears."""

    def __init__(self, marker: str = "-filter_complex") -> None:
        self.marker = marker
        self.pid: int | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._done.is_set():
            for pid in _children(self.marker):
                try:
                    os.kill(pid, signal.SIGSTOP)
                except ProcessLookupError:
                    continue
                self.pid = pid
                return
            time.sleep(0.001)

    @property
    def paused(self) -> bool:
        return self.pid is not None

    def running(self) -> bool:
        """Whether the paused process still exists (a cancel kills it)."""
        if self.pid is None:
            return False
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return False
        return state[state.rindex(")") + 2] != "Z"

    def resume(self) -> None:
        self._done.set()
        self._thread.join(5)
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGCONT)

    def __enter__(self) -> FfmpegPauser:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.resume()
