"""Nhập từ tệp…: a week planned in a spreadsheet (.xlsx, .csv, .json) becomes a new draft.

The file is read and checked in the background (station.schedule.importing); a refused file
shows every bad row in a list, a week that has a draft asks before replacing it, and a good
import opens the imported week.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.clock import fmt_date
from station.errors import RowsRefused
from station.rights import Right
from station.schedule.importing import Imported, ScheduleExists
from ui.errors import describe
from ui.operations import schedule as ops
from ui.schedule.current import CurrentWeek


class RefusedRows(QDialog):
    """Why the file was refused, one row of the file per line."""

    def __init__(self, summary: str, rows: list[str], unknown: list[str],
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_import_refused")
        self.setWindowTitle(self.tr("The file was not imported"))
        layout = QVBoxLayout(self)
        heading = QLabel(summary, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.rows = QListWidget(self)
        self.rows.setObjectName("schedule_import_rows")
        self.rows.addItems(rows)
        self.rows.setWordWrap(True)
        layout.addWidget(self.rows, 1)
        if unknown:
            missing = QLabel(self.tr("Not in the library: %1").replace("%1", ", ".join(unknown)),
                             self)
            missing.setObjectName("schedule_import_unknown")
            missing.setWordWrap(True)
            missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 360)


class Importing(QObject):
    """Its button belongs to the page, which lays it out. ``go_to`` shows a day's week."""

    def __init__(self, current: CurrentWeek, go_to: Callable[[date], None]) -> None:
        super().__init__(current.host)
        self.current = current
        self.station = current.station
        self.go_to = go_to
        self.refused: RefusedRows | None = None  # the last list of refused rows shown
        self.import_button = QPushButton(self.tr("Import from file…"), current.host)
        self.import_button.setObjectName("schedule_import")
        self.import_button.setToolTip(self.tr("A week planned in Excel (.xlsx, .csv) or JSON: "
                                              "date, start, session, item or title and text, "
                                              "relay; one row per slot"))
        self.import_button.clicked.connect(self.choose)
        current.refreshed.connect(self.update_actions)
        self.update_actions()

    def update_actions(self) -> None:
        self.import_button.setVisible(self.station.can(Right.SCHEDULE_EDIT))

    # -- questions (tests replace these) ------------------------------------------------------------
    def ask_path(self) -> str:
        path, _f = QFileDialog.getOpenFileName(
            self.current.host, self.tr("Import a week's schedule"), "",
            self.tr("Schedules (*.xlsx *.csv *.json);;All files (*)"))
        return path

    def ask_replace(self, text: str) -> bool:
        answer = QMessageBox.question(self.current.host, self.tr("Replace the draft?"),
                                      text + "\n\n" + self.tr("Replace that draft with the file?"))
        return answer == QMessageBox.StandardButton.Yes

    # -- importing --------------------------------------------------------------------------------
    def choose(self) -> None:
        path = self.ask_path()
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path, replace: bool = False) -> None:
        self.current.say("")
        ops.import_week(self.current.host, self.station, path, replace) \
            .with_progress(self.tr("Importing %1…").replace("%1", path.name), cancellable=False) \
            .success(ops.guard(self, self._imported)) \
            .failure(ops.guard(self, lambda exc: self._failed(exc, path))) \
            .run_in_background()

    def _imported(self, outcome: tuple[Imported, Any]) -> None:
        result = outcome[0]
        sched = result.schedule
        text = self.tr("%1 imported as the draft of %2 – %3: %4 sessions, %5 slots.") \
            .replace("%1", result.source) \
            .replace("%2", fmt_date(sched.period_start)) \
            .replace("%3", fmt_date(sched.period_end)) \
            .replace("%4", str(sched.session_count)).replace("%5", str(sched.slot_count))
        if result.text_items:
            text += " " + self.tr("New text bulletins in the library: %1.") \
                .replace("%1", str(len(result.text_items)))
        self.go_to(sched.period_start)
        self.current.reload()
        self.current.say(text)

    def _failed(self, exc: BaseException, path: Path) -> None:
        if isinstance(exc, ScheduleExists) and exc.replaceable:
            if self.ask_replace(describe(exc)):
                self.import_path(path, replace=True)
            return
        self.current.say(describe(exc), error=True)
        if isinstance(exc, RowsRefused):
            self.refused = RefusedRows(describe(exc), [describe(r) for r in exc.rows],
                                       list(exc.unknown_items), self.current.host)
            self.refused.open()
