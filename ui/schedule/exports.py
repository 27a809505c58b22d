"""What leaves the Schedule page: the schedule package (a folder or one zip), the printable
page, and the reports dialog."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QPushButton

from station.changes import Changes
from station.rights import Right
from station.schedule.export import PackageReport
from station.schedule.model import Schedule
from station.schedule.templates import Template
from ui.errors import describe
from ui.operations import schedule as ops
from ui.schedule.current import CurrentWeek
from ui.schedule.reports import ReportsDialog


class Exports(QObject):
    """Its buttons belong to the page, which lays them out."""

    def __init__(self, current: CurrentWeek) -> None:
        super().__init__(current.host)
        self.current = current
        self.station = current.station
        host = current.host
        self.printed: Path | None = None  # the last printable page written
        self.reports: ReportsDialog | None = None
        self.export_button = QPushButton(self.tr("Export package"), host)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.tr("As a folder…"), lambda: self.export_package(False))
        export_menu.addAction(self.tr("As one zip file…"), lambda: self.export_package(True))
        self.export_button.setMenu(export_menu)
        self.print_button = QPushButton(self.tr("Printable page…"), host)
        self.reports_button = QPushButton(self.tr("Reports…"), host)
        self.template_button = QPushButton(self.tr("Save as template…"), host)
        self.template_button.setToolTip(self.tr("Keep this week's sessions and slots as a "
                                                "template new weeks can start from"))
        self.print_button.clicked.connect(self.print_html)
        self.template_button.clicked.connect(self.save_template)
        self.reports_button.clicked.connect(self.open_reports)
        current.refreshed.connect(self.update_actions)

    def update_actions(self) -> None:
        sched = self.current.schedule
        approved = sched is not None and sched.status in ("approved", "published")
        self.export_button.setVisible(approved and self.station.can(Right.SCHEDULE_SUBMIT))
        self.print_button.setVisible(approved)
        self.template_button.setVisible(sched is not None and
                                        self.station.can(Right.SCHEDULE_EDIT))

    # -- where to write (tests replace these) -------------------------------------------------------
    def ask_folder(self) -> str:
        """Where to write the package."""
        return QFileDialog.getExistingDirectory(self.current.host,
                                                self.tr("Export the schedule package to"))

    def ask_zip_path(self, name: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self.current.host,
                                               self.tr("Export the schedule package"),
                                               name, self.tr("Zip files (*.zip)"))
        return path

    def ask_html_path(self, name: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self.current.host,
                                               self.tr("Save the printable schedule"),
                                               name, self.tr("Web pages (*.html)"))
        return path

    def ask_template_name(self) -> str:
        name, ok = QInputDialog.getText(self.current.host, self.tr("Save as template"),
                                        self.tr("Name of the template (a name in use is "
                                                "replaced):"))
        return name if ok else ""

    # -- writing ----------------------------------------------------------------------------------
    def _package_name(self, sched: Schedule) -> str:
        return f"lich-phat-song-{sched.period_start.isoformat()}-r{sched.revision}"

    def _failed(self, exc: BaseException) -> None:
        self.current.say(describe(exc), error=True)

    def export_package(self, as_zip: bool) -> None:
        sched = self.current.schedule
        if sched is None:
            return
        target = self.ask_zip_path(self._package_name(sched) + ".zip") if as_zip \
            else self.ask_folder()
        if not target:
            return
        ops.export_package(self.current.host, self.station, sched.id, Path(target), as_zip) \
            .with_progress(self.tr("Exporting the schedule package…")) \
            .success(ops.guard(self, self._exported)) \
            .failure(ops.guard(self, self._failed)) \
            .run_in_background()

    def _exported(self, report: PackageReport) -> None:
        text = self.tr("Package written to %1 (%n file(s)).", "", len(report.files)) \
            .replace("%1", report.target)
        if report.not_included:
            text += " " + self.tr("Not included (no file yet): %1").replace(
                "%1", ", ".join(report.not_included))
        self.current.say(text)

    def print_html(self) -> None:
        sched = self.current.schedule
        if sched is None:
            return
        target = self.ask_html_path(self._package_name(sched) + ".html")
        if not target:
            return
        ops.export_html(self.current.host, self.station, sched.id, Path(target)) \
            .with_progress(self.tr("Writing the printable schedule…"), cancellable=False) \
            .success(ops.guard(self, self._printed)) \
            .failure(ops.guard(self, self._failed)) \
            .run_in_background()

    def _printed(self, path: Path) -> None:
        url = path.resolve().as_uri()
        self.printed = path
        self.current.say(self.tr("Printable schedule written to %1: open it in a browser to "
                                 "print.").replace("%1", f'<a href="{url}">{path.name}</a>'))

    # -- reports -----------------------------------------------------------------------------------
    def open_reports(self) -> None:
        if self.reports is None:
            monday = self.current.monday
            self.reports = ReportsDialog(self.station, self.current.host)
            self.reports.set_range(monday, monday + timedelta(days=6))
        self.reports.show()
        self.reports.raise_()
        self.reports.reload()

    def save_template(self) -> None:
        sched = self.current.schedule
        if sched is None:
            return
        name = self.ask_template_name().strip()
        if not name:
            return
        ops.save_template(self.current.host, self.station, sched.id, name) \
            .success(ops.guard(self, self._template_saved)) \
            .failure(ops.guard(self, self._failed)).run_in_background()

    def _template_saved(self, result: tuple[Template, Changes]) -> None:
        template, _changes = result
        self.current.say(self.tr("Saved as the template “%1”: a new week can start from it.")
                         .replace("%1", template.name))
