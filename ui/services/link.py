"""The window's view of the station service (station/service): its state, pushed over the
service's channel as it changes and read on a thread of its own, so the window never waits on
the service. ``changed`` carries each new state (a dict, see ``Worker.live``), or None when no
service answers; the link keeps trying to reach one every half second.

It lives as long as the window, not the login: what the service does goes on whoever is
logged in.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from station.errors import ServiceUnavailable
from station.paths import DataDir
from station.service import channel

RETRY_S = 0.5
POLL_S = 0.25  # how often the reading thread looks whether it must stop
SILENT_S = 3 * channel.BEAT_S  # a feed silent this long: the service is gone or stuck


class ServiceLink(QObject):
    changed = Signal(object)  # dict | None

    def __init__(self, datadir: DataDir, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.datadir = datadir
        self.state: dict[str, Any] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.changed.connect(self._keep)

    @property
    def running(self) -> bool:
        return self.state is not None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._read, name="service-link",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2 * POLL_S + 1)
            self._thread = None

    def _keep(self, state: dict[str, Any] | None) -> None:
        self.state = state

    def _read(self) -> None:
        told_none = False
        while not self._stop.is_set():
            try:
                with channel.Watch(self.datadir) as feed:
                    silent = 0.0
                    while not self._stop.is_set() and silent < SILENT_S:
                        state = feed.next(POLL_S)
                        if state is None:
                            silent += POLL_S
                            continue
                        silent = 0.0
                        told_none = False
                        self._emit(state)
            except (ServiceUnavailable, OSError, EOFError):
                pass
            if not told_none and not self._stop.is_set():
                told_none = True
                self._emit(None)
            self._stop.wait(RETRY_S)

    def _emit(self, state: dict[str, Any] | None) -> None:
        with contextlib.suppress(RuntimeError):  # the window is being torn down
            self.changed.emit(state)
