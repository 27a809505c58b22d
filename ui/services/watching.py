"""Watched import folders, scanned every few seconds in the background while logged in."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from station.changes import Changes
from station.station import Station
from ui.operations import bus
from ui.operations import watch as watch_ops

log = logging.getLogger(__name__)
SCAN_EVERY_MS = 5000


class WatchService(QObject):
    """Keeps one WatchFolder per watched folder (they remember files still being written)
    and scans them on the 'watch' thread; rebuilt when the settings change."""

    message = Signal(str)  # a line for the status bar: what was imported or refused

    def __init__(self, station: Station, parent: QObject | None = None,
                 elsewhere: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.station = station
        self.elsewhere = elsewhere  # true while the station service scans the folders
        self._watchers: list[Any] = []
        self._busy = False
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(SCAN_EVERY_MS)
        self.timer.timeout.connect(self.scan)
        bus.changed.connect(self._changed)
        self._rebuild()
        self.timer.start()

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            bus.changed.disconnect(self._changed)

    def _rebuild(self) -> None:
        watch_ops.watchers(None, self.station, QCoreApplication.translate) \
            .success(self._set_watchers) \
            .failure(lambda exc: log.warning("watched folders unavailable: %s", exc)) \
            .run_in_background()

    def _set_watchers(self, watchers: list[Any]) -> None:
        self._watchers = watchers

    def _changed(self, changes: Changes) -> None:
        if changes.settings:
            self._rebuild()

    def scan(self) -> None:
        if self._busy or self._stopped or not self._watchers or self.elsewhere():
            return
        self._busy = True
        watch_ops.scan(None, list(self._watchers)).success(self._scanned) \
            .failure(self._failed).run_in_background()

    def _scanned(self, result: tuple[list[Any], Changes]) -> None:
        self._busy = False
        translate = QCoreApplication.translate
        for event in result[0]:
            if event.kind == "imported":
                self.message.emit(translate("watch", "Imported from the watched folder: %1")
                                  .replace("%1", event.title or event.file))
            elif event.kind in ("refused", "error", "unavailable", "failed"):
                reason = translate(event.context, event.template)
                try:
                    reason = reason.format(**event.params)
                except (KeyError, IndexError, ValueError):
                    reason = event.reason
                self.message.emit(translate("watch", "Not imported: %1 (%2)")
                                  .replace("%1", event.file or event.folder)
                                  .replace("%2", reason))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("watched folder scan failed: %s", exc)
