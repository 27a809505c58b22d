"""Playout while the app is open: the runner (station/playout.py) driven from the "db" pool,
the only UI thread that touches the database; the audio itself mixes in the engine's own
output thread, so neither the GUI nor a busy database queue can starve the transmitter.

A timer asks for a tick a few times a second (never two at once); each tick logs what the
engine did, picks up emergency bulletins and schedule changes, and returns a snapshot for
the On Air page. New alarms sound at the station PC (settings.PLAYOUT_ALARM) until the
operator acknowledges them.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from station import settings
from station.changes import Changes
from station.playout import Runner, Snapshot, make_engine
from station.station import Station
from ui.operations import Op

TICK_MS = 200  # emergencies are picked up within this (plus the db queue)
ALARM_REPEAT_MS = 2000


class PlayoutService(QObject):
    snapshot = Signal(object)  # station.playout.Snapshot
    running_changed = Signal(bool)
    failed = Signal(object)  # an exception from the core (ui.errors.describe words it)

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.runner: Runner | None = None
        self.alarm_sound = True
        self._busy = False
        self._heard_alarms = 0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.alarm_timer = QTimer(self)
        self.alarm_timer.setInterval(ALARM_REPEAT_MS)
        self.alarm_timer.timeout.connect(self._sound)

    @property
    def running(self) -> bool:
        return self.runner is not None and self.runner.running

    # -- control ----------------------------------------------------------------------------
    def start(self, device: str | None = None) -> None:
        if self.runner is not None:
            return
        st = self.station

        def work(_s: Any) -> tuple[Runner, bool, Changes]:
            runner = Runner(st, make_engine(st, device))
            changes = runner.start()
            return runner, settings.PLAYOUT_ALARM.get(st.db), changes

        def done(result: tuple[Runner, bool, Changes]) -> None:
            self.runner, self.alarm_sound, _ = result
            self.timer.start()
            self.running_changed.emit(True)

        Op(work, self).success(done).failure(self.failed.emit).run_in_background()

    def stop(self) -> None:
        """Stop playing (also when the user logs out or the window closes)."""
        runner, self.runner = self.runner, None
        self.timer.stop()
        self.alarm_timer.stop()
        if runner is None:
            return
        Op(lambda _s: runner.stop(), None).run_in_background()
        with contextlib.suppress(RuntimeError):
            self.running_changed.emit(False)

    def _call(self, fn: Any) -> None:
        runner = self.runner
        if runner is None:
            return
        Op(lambda _s: fn(runner), self).failure(self.failed.emit).run_in_background()

    def skip(self) -> None:
        self._call(lambda r: r.skip())

    def hold(self, on: bool) -> None:
        self._call(lambda r: r.hold(on))

    def insert(self, item_id: str) -> None:
        self._call(lambda r: r.insert(item_id))

    def acknowledge(self) -> None:
        self.alarm_timer.stop()
        self._call(lambda r: r.acknowledge())

    # -- the loop ---------------------------------------------------------------------------
    def _tick(self) -> None:
        runner = self.runner
        if runner is None or self._busy:
            return
        self._busy = True

        def work(_s: Any) -> tuple[Snapshot, Changes]:
            changes = runner.tick()
            return runner.snapshot(), changes

        def done(result: tuple[Snapshot, Changes]) -> None:
            self._busy = False
            snap = result[0]
            fresh = [a for a in snap.alarms[self._heard_alarms:] if not a.cleared]
            self._heard_alarms = len(snap.alarms)
            if fresh and self.alarm_sound:
                self._sound()
                self.alarm_timer.start()
            self.snapshot.emit(snap)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.failed.emit(exc)

        Op(work, self).success(done).failure(failed).run_in_background()

    def _sound(self) -> None:
        QApplication.beep()
