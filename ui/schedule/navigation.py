"""Week navigation: previous/next, this week, a day picker, the zoom (the week, three days or
one day: one control, remembered per user on this workstation), and going to the session a
check points at."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QWidget,
)

from station.clock import fmt_date, fmt_period
from ui import i18n
from ui.schedule.current import CurrentWeek, py_date
from ui.schedule.week import ZOOM_DAYS, WeekView


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
        self.settings_key = ""  # where the zoom is remembered (the page sets it per user)
        # The zoom: one slider, its two ends named (a click on a name goes to that end).
        self.week_button = QToolButton(self)
        self.week_button.setText(self.tr("Week"))
        self.week_button.setAutoRaise(True)
        self.day_button = QToolButton(self)
        self.day_button.setText(self.tr("Day"))
        self.day_button.setAutoRaise(True)
        self.zoom = QSlider(Qt.Orientation.Horizontal, self)
        self.zoom.setObjectName("schedule_zoom")
        self.zoom.setRange(0, len(ZOOM_DAYS) - 1)
        self.zoom.setPageStep(1)
        self.zoom.setTickInterval(1)
        self.zoom.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.zoom.setFixedWidth(80)
        self.zoom.setToolTip(self.tr("Zoom: the whole week, three days or one day"))
        self.zoom.setAccessibleName(self.zoom.toolTip())
        self.tools = QHBoxLayout()  # room for the page's own tools (the library toggle)
        self.tools.setContentsMargins(0, 0, 0, 0)
        left: tuple[QWidget, ...] = (self.prev, self.today, self.next, self.range)
        for w in left:
            nav.addWidget(w)
        nav.addStretch(1)
        nav.addLayout(self.tools)
        right: tuple[QWidget, ...] = (self.date_edit, self.week_button, self.zoom,
                                      self.day_button)
        for w in right:
            nav.addWidget(w)
        self.prev.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.today.clicked.connect(lambda: self.go_to(py_date(QDate.currentDate())))
        self.date_edit.dateChanged.connect(lambda d: self.go_to(py_date(d)))
        self.week_button.clicked.connect(lambda: self.set_zoom(0))
        self.day_button.clicked.connect(lambda: self.set_zoom(len(ZOOM_DAYS) - 1))
        self.zoom.valueChanged.connect(self.set_zoom)
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
        days = self.week.days_shown
        current = self.current
        self.go_to(current.monday + timedelta(days=current.day_index + direction * days))

    def set_zoom(self, level: int) -> None:
        """0: the week; the last level: one day (the chosen one)."""
        level = max(0, min(len(ZOOM_DAYS) - 1, int(level)))
        if self.zoom.value() != level:
            self.zoom.blockSignals(True)
            self.zoom.setValue(level)
            self.zoom.blockSignals(False)
        self.week.show_days(ZOOM_DAYS[level], self.current.day_index)
        self.show_range()
        if self.settings_key:
            i18n.machine_settings().setValue(f"{self.settings_key}/zoom", level)

    def restore_zoom(self, settings_key: str) -> None:
        """Remember the zoom under ``settings_key`` and show the one last chosen there."""
        self.settings_key = settings_key
        saved = i18n.machine_settings().value(f"{settings_key}/zoom", 0)
        try:
            level = int(saved)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            level = 0
        self.set_zoom(level)

    def set_day_mode(self, on: bool) -> None:
        self.set_zoom(len(ZOOM_DAYS) - 1 if on else 0)

    def _day_clicked(self, day: object) -> None:
        if isinstance(day, date):
            self.current.day_index = (day - self.current.monday).days
            self.set_day_mode(True)

    def show_range(self) -> None:
        monday = self.current.monday
        sunday = monday + timedelta(days=6)
        self.week.set_week(monday)
        if self.week.days_shown < 7:
            self.week.show_days(self.week.days_shown, self.current.day_index)
        if self.week.day_mode:
            day = self.current.day
            name = QLocale().dayName(day.isoweekday(), QLocale.FormatType.LongFormat)
            self.range.setText(f"{name} {fmt_date(day)}")
        elif self.week.days_shown < 7:
            first = monday + timedelta(days=self.week.first_shown())
            last = first + timedelta(days=self.week.days_shown - 1)
            self.range.setText(fmt_period(first, last))
        else:
            self.range.setText(fmt_period(monday, sunday))
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
                if self.week.days_shown < 7 and 0 <= offset < 7:
                    current.day_index = offset
                    self.set_zoom(self.zoom.value())
        self.week.reveal(session_key)
        if slot_key:
            self.week.select_slot(slot_key)
