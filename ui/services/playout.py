"""Playout while the app is open: the runner (station/playout/runner.py) driven from its own
"playout" thread with its own database connection (station/db.py: one per thread), so a
long job on the shared "db" thread never delays an emergency; the audio itself mixes in the
engine's own output thread, so neither the GUI nor the database can starve the transmitter.

A timer asks for a tick a few times a second (never two at once); each tick picks up
emergency bulletins, logs what the engine did and schedule changes, and returns a snapshot
for the On Air page. New alarms sound on the alert output (media/playout/alert.py, never the
on-air one) until the operator acknowledges them.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from station.changes import Changes
from station.playout.runner import Runner, Snapshot
from station.station import Station
from ui.operations import playout as playout_ops

TICK_MS = 200  # emergencies are picked up within this (the playout thread waits on nothing)
ALARM_REPEAT_S = 2.0


class PlayoutService(QObject):
    snapshot = Signal(object)  # station.playout.runner.Snapshot
    running_changed = Signal(bool)
    failed = Signal(object)  # an exception from the core (ui.errors.describe words it)

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.runner: Runner | None = None
        self._busy = False
        playout_ops.playout_pool_name()  # one thread, limited before any call reaches it
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self.runner is not None and self.runner.running

    # -- control ----------------------------------------------------------------------------
    def start(self, device: str | None = None) -> None:
        if self.runner is not None:
            return
        def done(result: tuple[Runner, Changes]) -> None:
            self.runner = result[0]
            self.timer.start()
            self.running_changed.emit(True)

        playout_ops.start(self, self.station, device, ALARM_REPEAT_S).success(done) \
            .failure(self.failed.emit).run_in_background()

    def stop(self) -> None:
        """Stop playing (also when the user logs out or the window closes)."""
        runner, self.runner = self.runner, None
        self.timer.stop()
        if runner is None:
            return
        playout_ops.stop(None, runner).run_in_background()
        with contextlib.suppress(RuntimeError):
            self.running_changed.emit(False)

    def _call(self, fn: Any) -> None:
        runner = self.runner
        if runner is None:
            return
        playout_ops.command(self, runner, fn).failure(self.failed.emit).run_in_background()

    def skip(self) -> None:
        self._call(lambda r: r.skip())

    def hold(self, on: bool) -> None:
        self._call(lambda r: r.hold(on))

    def insert(self, item_id: str) -> None:
        self._call(lambda r: r.insert(item_id))

    def acknowledge(self) -> None:
        self._call(lambda r: r.acknowledge())

    # -- the loop ---------------------------------------------------------------------------
    def _tick(self) -> None:
        runner = self.runner
        if runner is None or self._busy:
            return
        self._busy = True

        def done(result: tuple[Snapshot, Changes]) -> None:
            self._busy = False
            self.snapshot.emit(result[0])

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.failed.emit(exc)

        playout_ops.tick(self, runner).success(done).failure(failed).run_in_background()
