"""Week navigation: previous/next, this week, a day picker, week or day mode, and going to
the session a check points at."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QButtonGroup, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from ui import i18n
from ui.schedule.current import CurrentWeek, py_date
from ui.schedule.week import WeekView


class WeekNavigation(QWidget):
    def __init__(self, current: CurrentWeek, week: WeekView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.week = week
        nav = QHBoxLayout(self)
        nav.setContentsMargins(0, 0, 0, 0)
        self.prev = QPushButton("◀", self)
        self.prev.setToolTip(self.tr("Previous"))
        self.next = QPushButton("▶", self)
        self.next.setToolTip(self.tr("Next"))
        self.today = QPushButton(self.tr("This week"), self)
        self.range = QLabel(self)
        self.range.setObjectName("schedule_range")
        self.range.setStyleSheet("font-weight: 600;")
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat(i18n.DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.date_edit.setToolTip(self.tr("Go to a day"))
        self.week_button = QPushButton(self.tr("Week"), self)
        self.day_button = QPushButton(self.tr("Day"), self)
        modes = QButtonGroup(self)
        for b in (self.week_button, self.day_button):
            b.setCheckable(True)
            modes.addButton(b)
        self.week_button.setChecked(True)
        left: tuple[QWidget, ...] = (self.prev, self.today, self.next, self.range)
        for w in left:
            nav.addWidget(w)
        nav.addStretch(1)
        right: tuple[QWidget, ...] = (self.date_edit, self.week_button, self.day_button)
        for w in right:
            nav.addWidget(w)
        self.prev.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.today.clicked.connect(lambda: self.go_to(py_date(QDate.currentDate())))
        self.date_edit.dateChanged.connect(lambda d: self.go_to(py_date(d)))
        self.week_button.clicked.connect(lambda: self.set_day_mode(False))
        self.day_button.clicked.connect(lambda: self.set_day_mode(True))
        week.day_requested.connect(self._day_clicked)

    def go_to(self, day: date) -> None:
        current = self.current
        monday = day - timedelta(days=day.weekday())
        current.day_index = day.weekday()
        changed = monday != current.monday
        current.monday = monday
        self.show_range()
        if changed:
            current.clear()
            current.reload()

    def _step(self, direction: int) -> None:
        days = 1 if self.week.day_mode else 7
        current = self.current
        self.go_to(current.monday + timedelta(days=current.day_index + direction * days))

    def set_day_mode(self, on: bool) -> None:
        self.day_button.setChecked(on)
        self.week_button.setChecked(not on)
        self.week.show_day(self.current.day_index if on else None)
        self.show_range()

    def _day_clicked(self, day: object) -> None:
        if isinstance(day, date):
            self.current.day_index = (day - self.current.monday).days
            self.set_day_mode(True)

    def show_range(self) -> None:
        monday = self.current.monday
        sunday = monday + timedelta(days=6)
        self.week.set_week(monday)
        if self.week.day_mode:
            self.week.show_day(self.current.day_index)
            day = self.current.day
            name = QLocale().dayName(day.isoweekday(), QLocale.FormatType.LongFormat)
            self.range.setText(f"{name} {day:%d/%m/%Y}")
        else:
            self.range.setText(f"{monday:%d/%m/%Y} – {sunday:%d/%m/%Y}")
        shown = self.current.day
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.date_edit.blockSignals(False)

    def reveal(self, session_key: str, slot_key: str) -> None:
        """Show the session (and select the slot) a check points at."""
        current = self.current
        sched = current.schedule
        if sched is None or not session_key or current.state is None:
            return
        for x in sched.sessions:
            if x.key == session_key:
                offset = (x.local_day(current.state.tz) - current.monday).days
                if self.week.day_mode and 0 <= offset < 7:
                    current.day_index = offset
                    self.set_day_mode(True)
        self.week.reveal(session_key)
        if slot_key:
            self.week.select_slot(slot_key)
