"""The checks of the week shown: a summary and the problems, errors first; choosing one
asks the page to go to its session and slot."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from station.schedule.checks import CheckReport
from ui.schedule import words

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


class ChecksList(QWidget):
    chosen = Signal(str, str)  # session key, slot key ('' when the problem names none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.problem_summary = QLabel(self)
        self.problem_summary.setObjectName("schedule_checks")
        self.problems = QListWidget(self)
        self.problems.setObjectName("schedule_problems")
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._chosen)
        self.problems.itemClicked.connect(self._chosen)
        box.addWidget(self.problem_summary)
        box.addWidget(self.problems)

    def show_report(self, report: CheckReport | None) -> None:
        self.problems.clear()
        if report is None:
            self.problem_summary.setText("")
            return
        if not report.problems:
            self.problem_summary.setText(self.tr("Checks: no problems found."))
        else:
            self.problem_summary.setText(
                self.tr("Checks: %1, %2")
                .replace("%1", self.tr("%n error(s)", "", len(report.errors)))
                .replace("%2", self.tr("%n warning(s)", "", len(report.warnings))))
        for p in sorted(report.problems, key=lambda p: not p.blocking):
            row = QListWidgetItem(f"{words.severity_name(p.severity)}: {words.problem_text(p)}",
                                  self.problems)
            row.setForeground(QBrush(QColor(words.ERROR_COLOUR if p.blocking
                                            else words.WARNING_COLOUR)))
            row.setData(PROBLEM_ROLE, (p.session_key or "", p.slot_key or ""))

    def _chosen(self, row: QListWidgetItem) -> None:
        session_key, slot_key = row.data(PROBLEM_ROLE)
        self.chosen.emit(session_key, slot_key)
