"""The revision's life on the Schedule page: create the week, submit it, withdraw it, make a
new revision of an approved one, publish it; its status line; and the banner of an edit
that lost a race to another workstation (shown, then applied again on request)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
)

from station.changes import Changes
from station.rights import Right
from station.schedule.checks import CheckReport
from station.schedule.model import ConflictError, Schedule
from station.schedule.overview import WeekOverview
from ui.errors import describe
from ui.operations import Op
from ui.operations import schedule as ops
from ui.schedule import words
from ui.schedule.current import CurrentWeek


class Workflow(QObject):
    """Its widgets belong to the page, which lays them out: ``status``, the four buttons,
    ``create_panel`` and ``banner``."""

    def __init__(self, current: CurrentWeek) -> None:
        super().__init__(current.host)
        self.current = current
        self.station = current.station
        host = current.host
        self._conflict: ConflictError | None = None
        self.confirm_box: QMessageBox | None = None  # the question before publishing
        self.status = QLabel(host)
        self.status.setObjectName("schedule_status")
        self.status.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Submit for approval"), host)
        self.withdraw_button = QPushButton(self.tr("Withdraw"), host)
        self.revise_button = QPushButton(self.tr("Make a new revision"), host)
        self.publish_button = QPushButton(self.tr("Publish"), host)
        self.publish_button.setToolTip(self.tr("Mark the approved schedule as sent to the "
                                               "commune stations"))
        self.submit_button.clicked.connect(self.submit)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.revise_button.clicked.connect(self.revise)
        self.publish_button.clicked.connect(self.confirm_publish)

        self.create_panel = QFrame(host)
        self.create_panel.setFrameShape(QFrame.Shape.StyledPanel)
        create = QHBoxLayout(self.create_panel)
        create.addWidget(QLabel(self.tr("There is no schedule for this week yet."),
                                self.create_panel), 1)
        self.create_how = QComboBox(self.create_panel)
        # its choices come after the first show: sized to them, not clipped ("Với các b…")
        self.create_how.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.create_button = QPushButton(self.tr("Create the week"), self.create_panel)
        create.addWidget(self.create_how)
        create.addWidget(self.create_button)
        self.create_button.clicked.connect(self.create_week)

        self.banner = QFrame(host)
        self.banner.setStyleSheet("QFrame { background: #fff4e5; border: 1px solid #e0a040; }")
        banner = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.reapply_button = QPushButton(self.tr("Apply my change again"), self.banner)
        dismiss = QPushButton(self.tr("Drop my change"), self.banner)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.reapply_button)
        banner.addWidget(dismiss)
        self.reapply_button.clicked.connect(self.reapply)
        dismiss.clicked.connect(self._drop_conflict)
        self.banner.hide()
        current.conflicted.connect(self._show_conflict)
        current.refreshed.connect(self.update_actions)

    # -- showing ---------------------------------------------------------------------------------
    def show_state(self, state: WeekOverview | None) -> None:
        """``None``: the week is loading."""
        if state is None:
            self.status.setText("")
            self.create_panel.hide()
            return
        self._fill_create_choices(state)
        self.create_panel.setVisible(state.schedule is None and
                                     self.station.can(Right.SCHEDULE_EDIT))
        self._show_status(state)

    def _fill_create_choices(self, state: WeekOverview) -> None:
        self.create_how.clear()
        self.create_how.addItem(self.tr("With the default sessions"), ("default", None))
        self.create_how.addItem(self.tr("Empty"), ("empty", None))
        self.create_how.addItem(self.tr("Copy of last week"), ("last", None))
        if not state.has_previous:
            item = self.create_how.model().item(2)  # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip(self.tr("There is no schedule for last week."))
        for t in state.templates:
            self.create_how.addItem(self.tr("From the template “%1”").replace("%1", t.name),
                                    ("template", t.id))

    def _show_status(self, state: WeekOverview) -> None:
        sched = state.schedule
        if sched is None:
            self.status.setText("")
            return
        tz = state.tz
        parts = [f"<b>{words.status_name(sched.status)}</b>",
                 self.tr("revision %1").replace("%1", str(sched.revision))]
        if state.base is not None:
            parts.append(self.tr("changes the approved revision %1")
                         .replace("%1", str(state.base.revision)))
        if sched.status == "submitted":
            parts.append(self.tr("submitted by %1 on %2").replace("%1", sched.submitted_by or "")
                         .replace("%2", words.moment(sched.submitted_at, tz)))
        elif sched.status == "rejected":
            parts.append(self.tr("rejected by %1 on %2: %3")
                         .replace("%1", sched.decided_by or "")
                         .replace("%2", words.moment(sched.decided_at, tz))
                         .replace("%3", sched.comment))
        elif sched.locked:
            parts.append(self.tr("approved by %1 on %2, seal %3")
                         .replace("%1", sched.decided_by or "")
                         .replace("%2", words.moment(sched.decided_at, tz))
                         .replace("%3", (sched.seal or "")[:12]))
            parts.append(self.tr("locked"))
        colour = {"approved": words.GOOD_COLOUR, "published": words.GOOD_COLOUR,
                  "rejected": words.ERROR_COLOUR, "submitted": "#1565c0"}.get(sched.status, "")
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(" · ".join(parts))

    def update_actions(self) -> None:
        current = self.current
        sched = current.schedule
        editable = current.editable and not current.busy
        submit_right = self.station.can(Right.SCHEDULE_SUBMIT)
        report = current.state.report if current.state else None
        self.submit_button.setVisible(sched is not None and submit_right and
                                      sched.status in ("draft", "rejected"))
        self.submit_button.setEnabled(editable and report is not None and report.ok)
        self.submit_button.setToolTip("" if report is None or report.ok else
                                      self.tr("Fix the errors listed below first."))
        self.withdraw_button.setVisible(sched is not None and submit_right and
                                        sched.status == "submitted")
        self.withdraw_button.setEnabled(not current.busy)
        self.revise_button.setVisible(sched is not None and sched.locked)
        self.revise_button.setEnabled(not current.busy and self.station.can(Right.SCHEDULE_EDIT))
        self.publish_button.setVisible(sched is not None and sched.status == "approved" and
                                       submit_right)
        self.publish_button.setEnabled(not current.busy)

    # -- creating the week ------------------------------------------------------------------------
    def create_week(self) -> None:
        current = self.current
        how, template_id = self.create_how.currentData() or ("default", None)
        current.say("")
        current.busy = True
        ops.create_week(current.host, self.station, current.monday, how, template_id) \
            .success(ops.guard(self, lambda _r: current.reload())) \
            .failure(ops.guard(self, current.failed)) \
            .run_in_background()

    # -- submit, withdraw, revise, publish ----------------------------------------------------------
    def _on_schedule(self, verb: Callable[..., Op[Any]], done: Callable[[Any], None],
                     refresh: bool = False) -> None:
        """Run a workflow verb on the schedule shown, one at a time."""
        current = self.current
        sched = current.schedule
        if sched is None or current.busy:
            return
        current.busy = True
        if refresh:
            current.refresh()
        verb(current.host, self.station, sched) \
            .success(ops.guard(self, done)) \
            .failure(ops.guard(self, current.failed)) \
            .run_in_background()

    def submit(self) -> None:
        self._on_schedule(ops.submit, self._submitted, refresh=True)

    def _submitted(self, result: tuple[CheckReport, Changes]) -> None:
        report, _changes = result
        text = self.tr("Sent to the chief for approval.")
        if report.warnings:
            text += " " + self.tr("%n warning(s) went with it.", "", len(report.warnings))
        self.current.say(text)
        self.current.reload()

    def withdraw(self) -> None:
        self._on_schedule(ops.withdraw, lambda _c: self.current.reload())

    def revise(self) -> None:
        self._on_schedule(ops.revise, self._revised)

    def _revised(self, result: tuple[Schedule, Changes]) -> None:
        self.current.say(self.tr("Revision %1 is a draft: change it, then submit it again.")
                         .replace("%1", str(result[0].revision)))
        self.current.reload()

    def confirm_publish(self) -> None:
        """Publishing sends the week to the commune stations: ask first, saying so."""
        current = self.current
        sched = current.schedule
        if sched is None or current.busy:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Publish the schedule"),
                          self.tr("Publish revision %1 of the schedule %2?")
                          .replace("%1", str(sched.revision))
                          .replace("%2", words.period(sched)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          current.host)
        box.setInformativeText(self.tr("The commune stations receive it and air it as it is. "
                                       "It stays locked: a change needs a new revision, "
                                       "approved again."))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Publish"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_box = box

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.publish()

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()

    def publish(self) -> None:
        self._on_schedule(ops.publish, self._published, refresh=True)

    def _published(self, _changes: Changes) -> None:
        self.current.say(self.tr("Published: the commune stations may air it."))
        self.current.reload()

    # -- an edit that lost a race ----------------------------------------------------------------------
    def _show_conflict(self, exc: ConflictError) -> None:
        self._conflict = exc
        self.banner_text.setText(describe(exc))
        self.banner.show()

    def reapply(self) -> None:
        conflict = self._conflict
        if conflict is None:
            return
        self._drop_conflict()
        self.current.run(ops.reapply(self.current.host, self.station, conflict))

    def _drop_conflict(self) -> None:
        self._conflict = None
        self.banner.hide()
