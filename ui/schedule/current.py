"""The week the Schedule page shows, shared by its parts: which week and day, the loaded
state, the slot chosen, and whether an edit is in flight. Parts read it and run their edits
through :meth:`CurrentWeek.run`; its signals tell the page when to show what changed.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import QWidget

from station.changes import Changes
from station.errors import NotFound
from station.rights import Right
from station.schedule.model import ConflictError, Schedule, ScheduleBlocked, ScheduleLocked, Slot
from station.schedule.overview import WeekOverview
from station.station import Station
from ui.errors import describe
from ui.operations import Op
from ui.operations import schedule as ops


def week_start(day: QDate) -> QDate:
    return day.addDays(1 - day.dayOfWeek())  # Qt: Monday is 1


def py_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class CurrentWeek(QObject):
    """``host``: the page, the parent of the parts' ops and dialogs."""

    shown = Signal()  # a load finished, or the week was cleared while another loads
    refreshed = Signal()  # what the actions allow may have changed
    said = Signal(str, bool)  # a message for the user, and whether it is an error
    conflicted = Signal(object)  # the ConflictError of an edit that lost a race

    def __init__(self, station: Station, host: QWidget) -> None:
        super().__init__(host)
        self.station = station
        self.host = host
        self.monday: date = py_date(week_start(QDate.currentDate()))
        self.day_index = QDate.currentDate().dayOfWeek() - 1
        self.state: WeekOverview | None = None
        self.busy = False  # an edit is in flight: the view's version is about to change
        self.loaded = False
        self.current_slot = ""
        self._generation = 0

    @property
    def schedule(self) -> Schedule | None:
        return self.state.schedule if self.state else None

    @property
    def editable(self) -> bool:
        sched = self.schedule
        return sched is not None and sched.editable and self.station.can(Right.SCHEDULE_EDIT)

    @property
    def day(self) -> date:
        return self.monday + timedelta(days=self.day_index)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = True
        self._generation += 1
        generation, monday = self._generation, self.monday
        ops.load_week(self.host, self.station, monday) \
            .success(ops.guard(self, lambda state: self._show(state, generation))) \
            .failure(ops.guard(self, self._load_failed)) \
            .run_in_background()

    def clear(self) -> None:
        """Nothing of the other week stays under this week's dates while it loads."""
        self.state = None
        self.current_slot = ""
        self.shown.emit()

    def _show(self, state: WeekOverview, generation: int) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        self.state = state
        self.busy = False
        self.shown.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.say(describe(exc), error=True)

    # -- the chosen slot --------------------------------------------------------------------------
    def slot(self) -> Slot | None:
        sched = self.schedule
        if sched is None or not self.current_slot:
            return None
        try:
            return sched.find_slot(self.current_slot)[1]
        except NotFound:  # the slot went away with the last reload
            return None

    def select_slot(self, key: str) -> None:
        self.current_slot = key
        self.refresh()

    # -- messages and edits ------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        self.said.emit(text, error)

    def refresh(self) -> None:
        self.refreshed.emit()

    def can_edit(self) -> bool:
        if self.busy:
            self.say(self.tr("Saving the last change: try again in a moment."))
            return False
        return self.editable

    def run(self, op: Op[Changes]) -> None:
        """Run an edit; reload when it is saved, show why when it is not."""
        self.busy = True
        self.say("")
        self.refresh()
        op.success(ops.guard(self, lambda _c: self.reload())) \
            .failure(ops.guard(self, self.failed)) \
            .run_in_background()

    def failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self.conflicted.emit(exc)
        else:
            self.say(describe(exc), error=True)
        if isinstance(exc, ConflictError | ScheduleLocked | ScheduleBlocked):
            self.reload()  # show what the others did
        else:
            self.busy = False
            self.refresh()
