"""Lịch phát sóng: the broadcast week, Monday first, dates as dd/MM/yyyy."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QListWidget, QPushButton, QWidget

from station.rights import Right
from station.station import Station
from ui import i18n
from ui.pages.base import Page


def week_start(day: QDate) -> QDate:
    return day.addDays(1 - day.dayOfWeek())  # Qt: Monday is 1


class SchedulePage(Page):
    right = Right.SCHEDULE_EDIT

    def title(self) -> str:
        return self.tr("Broadcast schedule")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        nav = QHBoxLayout()
        self.prev = QPushButton("◀", self)
        self.next = QPushButton("▶", self)
        self.today = QPushButton(self.tr("This week"), self)
        self.range = QLabel(self)
        self.range.setObjectName("schedule_range")
        for w in (self.prev, self.today, self.next, self.range):
            nav.addWidget(w)
        nav.addStretch(1)
        self.layout_.addLayout(nav)
        grid = QGridLayout()
        self.day_labels: list[QLabel] = []
        self.day_lists: list[QListWidget] = []
        for col in range(7):
            label = QLabel(self)
            lst = QListWidget(self)
            lst.addItem(self.tr("No sessions"))
            grid.addWidget(label, 0, col)
            grid.addWidget(lst, 1, col)
            self.day_labels.append(label)
            self.day_lists.append(lst)
        self.layout_.addLayout(grid)
        self.monday = week_start(QDate.currentDate())
        self.prev.clicked.connect(lambda: self._go(-7))
        self.next.clicked.connect(lambda: self._go(7))
        self.today.clicked.connect(lambda: self._go(0))
        self._render()

    def _go(self, days: int) -> None:
        self.monday = self.monday.addDays(days) if days else week_start(QDate.currentDate())
        self._render()

    def _render(self) -> None:
        sunday = self.monday.addDays(6)
        self.range.setText(f"{i18n.format_date(self.monday)} – {i18n.format_date(sunday)}")
        locale = QLocale()
        for col, label in enumerate(self.day_labels):
            day = self.monday.addDays(col)
            name = locale.dayName(day.dayOfWeek(), QLocale.FormatType.ShortFormat)
            label.setText(f"{name} {day.toString('dd/MM')}")
