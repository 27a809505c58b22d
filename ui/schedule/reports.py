"""Báo cáo: hours produced and aired per week or month by category and language, missed
slots and the chief's approval turnaround, for a range of days; a table, a bar chart
painted here (no QtCharts), and "Save as CSV…" (station.schedule.reports does the sums).

Opened from the schedule page; the report is built by a background op on the db pool."""

from __future__ import annotations

import math
from datetime import date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.clock import fmt_date, fmt_period, fmt_time
from station.schedule.reports import Report
from station.station import Station
from ui import i18n
from ui.errors import describe
from ui.operations import schedule as ops
from ui.schedule import words
from ui.words import actor_name, language_name

PRODUCED_COLOUR = "#4a7ebb"
AIRED_COLOUR = "#e08a2c"
PARTS = ("hours", "missed", "turnaround")


def _py(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class BarChart(QWidget):
    """Grouped bars: one group per label, one bar per series (two colours at most)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(160)
        self.labels: list[str] = []
        self.series: list[tuple[str, str, list[float]]] = []  # name, colour, one value per label
        self.whole = False  # counts: the axis shows whole numbers only

    def set_data(self, labels: list[str], series: list[tuple[str, str, list[float]]],
                 whole: bool = False) -> None:
        self.labels, self.series, self.whole = labels, series, whole
        self.update()

    def ticks(self) -> list[tuple[float, str]]:
        """The y axis: 0 to a round top in 1-2-5 steps, labelled in the UI's number format
        with as many decimals as the step needs (never "0.0" for a small top)."""
        top = max((v for _n, _c, values in self.series for v in values), default=0.0)
        if top <= 0:
            return []
        raw = top / 4
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
        if self.whole:
            step = max(1.0, round(step))
        decimals = 0 if step >= 1 else -math.floor(math.log10(step) + 1e-9)
        count = math.ceil(top / step - 1e-9)
        return [(i * step, _number(i * step, decimals) if i else "0") for i in range(count + 1)]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = self.palette().text().color()
        area = QRectF(self.rect()).adjusted(48, 24, -8, -36)
        ticks = self.ticks()
        p.setPen(pen)
        if not self.labels or not ticks:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Nothing to show"))
            p.end()
            return
        top = ticks[-1][0]
        grid = QColor(pen)
        grid.setAlpha(50)
        for value, text in ticks:
            y = area.bottom() - area.height() * value / top
            p.setPen(grid if value else pen)
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(pen)
            p.drawText(QRectF(0, y - 8, 44, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        group = area.width() / len(self.labels)
        bar = group * 0.8 / max(len(self.series), 1)
        for n, label in enumerate(self.labels):
            left = area.left() + n * group + group * 0.1
            for k, (_name, colour, values) in enumerate(self.series):
                height = area.height() * values[n] / top
                p.fillRect(QRectF(left + k * bar, area.bottom() - height, bar - 1, height),
                           QColor(colour))
            p.drawText(QRectF(area.left() + n * group, area.bottom() + 2, group, 30),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop |
                       Qt.TextFlag.TextWordWrap, label)
        x = area.left()
        for name, colour, _values in self.series:  # the legend, top left
            p.fillRect(QRectF(x, 6, 12, 12), QColor(colour))
            p.drawText(QRectF(x + 16, 2, 160, 20), Qt.AlignmentFlag.AlignVCenter, name)
            x += 16 + p.fontMetrics().horizontalAdvance(name) + 16
        p.end()


class ReportsDialog(QDialog):
    """Non-modal: the editor can keep it open next to the schedule."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setWindowTitle(self.tr("Schedule reports"))
        self.resize(820, 600)
        self.report: Report | None = None
        self.loading = False
        self.saved: Path | None = None  # the last CSV written
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        today = date.today()
        self.start = self._date_edit(today.replace(day=1))
        self.end = self._date_edit(today)
        self.by = QComboBox(self)
        self.by.addItem(self.tr("By week"), "week")
        self.by.addItem(self.tr("By month"), "month")
        self.part = QComboBox(self)
        self.part.addItem(self.tr("Hours produced and aired"), "hours")
        self.part.addItem(self.tr("Missed slots"), "missed")
        self.part.addItem(self.tr("Approval turnaround"), "turnaround")
        self.show_button = QPushButton(self.tr("Show"), self)
        self.save_button = QPushButton(self.tr("Save as CSV…"), self)
        row.addWidget(QLabel(self.tr("From"), self))
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("to"), self))
        row.addWidget(self.end)
        for w in (self.by, self.part, self.show_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("report_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 0, split)
        self.table.setObjectName("report_table")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.chart = BarChart(split)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        layout.addWidget(split, 1)
        self.show_button.clicked.connect(self.reload)
        self.by.currentIndexChanged.connect(lambda _i: self.reload())
        self.part.currentIndexChanged.connect(lambda _i: self._fill())
        self.save_button.clicked.connect(self.save_csv)
        self._fill()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setDisplayFormat(i18n.DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        return edit

    def set_range(self, start: date, end: date, by: str = "week") -> None:
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))
        self.by.blockSignals(True)
        self.by.setCurrentIndex(max(0, self.by.findData(by)))
        self.by.blockSignals(False)

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.loading = True
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Counting…"))
        ops.load_report(self, self.station, _py(self.start.date()), _py(self.end.date()),
                        str(self.by.currentData())) \
            .success(ops.guard(self, self._loaded)) \
            .failure(ops.guard(self, self._failed)) \
            .run_in_background()

    def _loaded(self, report: Report) -> None:
        self.loading = False
        self.report = report
        self._fill()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.report = None
        self._fill()
        self.summary.setStyleSheet(f"color: {words.ERROR_COLOUR};")
        self.summary.setText(describe(exc))

    # -- showing --------------------------------------------------------------------------------
    @property
    def part_name(self) -> str:
        return str(self.part.currentData())

    def _fill(self) -> None:
        report = self.report
        self.save_button.setEnabled(report is not None)
        if report is None:
            self._table([], [])
            self.chart.set_data([], [])
            self.summary.setText("")
            return
        tz = report.timezone
        span = fmt_period(report.start, report.end)
        if self.part_name == "hours":
            self._table([self.tr("Period from"), self.tr("Category"), self.tr("Language"),
                         self.tr("Hours produced"), self.tr("Hours aired")],
                        [[fmt_date(r.period_start), r.category or "–",
                          language_name(r.language) or "–",
                          _number(r.produced_h), _number(r.aired_h)] for r in report.hours])
            periods = sorted({r.period_start for r in report.hours})
            produced = [sum(r.produced_h for r in report.hours if r.period_start == d)
                        for d in periods]
            aired = [sum(r.aired_h for r in report.hours if r.period_start == d) for d in periods]
            self.chart.set_data([fmt_date(d) for d in periods],
                                [(self.tr("Produced (h)"), PRODUCED_COLOUR, produced),
                                 (self.tr("Aired (h)"), AIRED_COLOUR, aired)])
            self.summary.setText(self.tr("%1: %2 h produced, %3 h aired.")
                                 .replace("%1", span)
                                 .replace("%2", _number(sum(produced)))
                                 .replace("%3", _number(sum(aired))))
        elif self.part_name == "missed":
            self._table([self.tr("Date"), self.tr("Time"), self.tr("Title"),
                         self.tr("Revision")],
                        [[fmt_date(m.when, tz), fmt_time(m.when, tz), m.title, str(m.revision)]
                         for m in report.missed])
            days = sorted({m.when.astimezone(tz).date() for m in report.missed})
            counts = [float(sum(1 for m in report.missed if m.when.astimezone(tz).date() == d))
                      for d in days]
            self.chart.set_data([fmt_date(d) for d in days],
                                [(self.tr("Missed slots"), AIRED_COLOUR, counts)], whole=True)
            self.summary.setText(self.tr("%1: %n missed slot(s).", "", len(report.missed))
                                 .replace("%1", span))
        else:
            self._table([self.tr("Week from"), self.tr("Submitted"), self.tr("By"),
                         self.tr("Decided"), self.tr("By"), self.tr("Decision"),
                         self.tr("Hours")],
                        [[fmt_date(t.period_start), _at(t.submitted_at, tz),
                          actor_name(t.submitted_by), _at(t.decided_at, tz),
                          actor_name(t.decided_by), words.status_name(t.decision),
                          _number(t.hours)]
                         for t in report.turnaround])
            self.chart.set_data([fmt_date(t.period_start) for t in report.turnaround],
                                [(self.tr("Hours to decide"), PRODUCED_COLOUR,
                                  [t.hours for t in report.turnaround])])
            mean = report.mean_turnaround_h
            self.summary.setText(
                self.tr("%1: no decision in these days.").replace("%1", span) if mean is None
                else self.tr("%1: %n decision(s), %2 h on average.", "",
                             len(report.turnaround))
                .replace("%1", span).replace("%2", _number(mean)))

    def _table(self, heads: list[str], rows: list[list[str]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if heads:
            self.table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)

    # -- saving -----------------------------------------------------------------------------------
    def ask_csv_path(self, name: str) -> str:
        """Where to write the CSV (tests replace this)."""
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save the report as CSV"), name,
                                               self.tr("CSV files (*.csv)"))
        return path

    def save_csv(self) -> None:
        report = self.report
        if report is None:
            return
        part = self.part_name
        target = self.ask_csv_path(f"bao-cao-{part}-{report.start.isoformat()}-"
                                   f"{report.end.isoformat()}.csv")
        if not target:
            return
        ops.save_report(self, report, part, Path(target)).success(
            ops.guard(self, self._saved)).failure(ops.guard(self, self._not_saved)) \
            .run_in_background()

    def _not_saved(self, exc: BaseException) -> None:
        self.summary.setStyleSheet(f"color: {words.ERROR_COLOUR};")
        self.summary.setText(describe(exc))

    def _saved(self, path: Path) -> None:
        self.saved = path
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Saved to %1.").replace("%1", str(path)))


def _number(value: float, decimals: int = 2) -> str:
    """In the UI's number format: 1,50 in Vietnamese, 1.50 in English."""
    return QLocale().toString(float(value), "f", decimals)


def _at(when: datetime, tz: tzinfo) -> str:
    return f"{fmt_date(when, tz)} {fmt_time(when, tz)}"
