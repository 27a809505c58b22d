"""Lịch phát sóng: the broadcast week (Monday first, dd/MM/yyyy, 24-hour times) or one day.

Editors build the week (from the default sessions, a template, last week, or empty), drop
library items into sessions, reorder them, mark priority bulletins, see each session's
back-timing and the checks, and submit it to the chief. An approved schedule is locked:
"Make a new revision" opens a draft the chief will see as a diff. Every read and write is a
background op (ui/verbs_schedule.py); the view reloads when a mutation says the schedule
changed. A change that lost a race to another workstation is shown, then applied again on
request (schedule.reapply).
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.errors import NotFound
from station.rights import Right
from station.schedule.bulletins import Emergency
from station.schedule.checks import CheckReport
from station.schedule.export import PackageReport
from station.schedule.model import (
    ConflictError,
    Schedule,
    ScheduleBlocked,
    ScheduleLocked,
    Slot,
)
from station.station import Station
from ui import i18n
from ui import verbs_schedule as vs
from ui.errors import describe
from ui.operations import Op
from ui.pages.base import Page
from ui.schedule import words
from ui.schedule.dialogs import EmergencyDialog, ItemPicker, SessionDialog
from ui.schedule.reports import ReportsDialog
from ui.schedule.week import WeekView

PROBLEM_ROLE = Qt.ItemDataRole.UserRole


def week_start(day: QDate) -> QDate:
    return day.addDays(1 - day.dayOfWeek())  # Qt: Monday is 1


def _py(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class SchedulePage(Page):
    right = Right.SCHEDULE_EDIT

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SchedulePage", "Broadcast schedule")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.monday: date = _py(week_start(QDate.currentDate()))
        self.day_index = QDate.currentDate().dayOfWeek() - 1
        self.state: vs.WeekState | None = None
        self.busy = False  # an edit is in flight: the view's version is about to change
        self._generation = 0
        self._loaded = False
        self._conflict: ConflictError | None = None
        self.current_slot = ""
        self.picker: ItemPicker | None = None
        self.session_dialog: SessionDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.printed: Path | None = None  # the last printable page written
        self.emergency_dialog: EmergencyDialog | None = None
        self.reports: ReportsDialog | None = None
        self.declared: Emergency | None = None  # the last emergency bulletin declared
        self._build_navigation()
        self._build_actions()
        self._build_body()
        self._show_range()

    # -- building ---------------------------------------------------------------------------
    def _build_navigation(self) -> None:
        nav = QHBoxLayout()
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
        self.layout_.addLayout(nav)
        self.prev.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(1))
        self.today.clicked.connect(lambda: self.go_to(_py(QDate.currentDate())))
        self.date_edit.dateChanged.connect(lambda d: self.go_to(_py(d)))
        self.week_button.clicked.connect(lambda: self.set_day_mode(False))
        self.day_button.clicked.connect(lambda: self.set_day_mode(True))

    def _build_actions(self) -> None:
        row = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("schedule_status")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.add_session_button = QPushButton(self.tr("Add session…"), self)
        self.submit_button = QPushButton(self.tr("Submit for approval"), self)
        self.withdraw_button = QPushButton(self.tr("Withdraw"), self)
        self.revise_button = QPushButton(self.tr("Make a new revision"), self)
        self.export_button = QPushButton(self.tr("Export package"), self)
        export_menu = QMenu(self.export_button)
        export_menu.addAction(self.tr("As a folder…"), lambda: self.export_package(False))
        export_menu.addAction(self.tr("As one zip file…"), lambda: self.export_package(True))
        self.export_button.setMenu(export_menu)
        self.print_button = QPushButton(self.tr("Printable page…"), self)
        self.publish_button = QPushButton(self.tr("Publish"), self)
        self.publish_button.setToolTip(self.tr("Mark the approved schedule as sent to the "
                                               "commune stations"))
        self.emergency_button = QPushButton(self.tr("Emergency bulletin…"), self)
        self.emergency_button.setToolTip(self.tr("Thông tư 39/2020: an emergency bulletin "
                                                 "goes on air at once; the chief confirms it"))
        self.reports_button = QPushButton(self.tr("Reports…"), self)
        for b in (self.add_session_button, self.submit_button, self.withdraw_button,
                  self.revise_button, self.export_button, self.print_button,
                  self.publish_button, self.emergency_button, self.reports_button):
            row.addWidget(b)
        self.layout_.addLayout(row)
        self.add_session_button.clicked.connect(lambda: self.open_session_dialog(None))
        self.submit_button.clicked.connect(self.submit)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.revise_button.clicked.connect(self.revise)
        self.print_button.clicked.connect(self.print_html)
        self.publish_button.clicked.connect(self.publish)
        self.emergency_button.clicked.connect(self.open_emergency_dialog)
        self.reports_button.clicked.connect(self.open_reports)

        self.create_panel = QFrame(self)
        self.create_panel.setFrameShape(QFrame.Shape.StyledPanel)
        create = QHBoxLayout(self.create_panel)
        create.addWidget(QLabel(self.tr("There is no schedule for this week yet."),
                                self.create_panel), 1)
        self.create_how = QComboBox(self.create_panel)
        self.create_button = QPushButton(self.tr("Create the week"), self.create_panel)
        create.addWidget(self.create_how)
        create.addWidget(self.create_button)
        self.create_button.clicked.connect(self.create_week)
        self.layout_.addWidget(self.create_panel)

        self.banner = QFrame(self)
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
        self.layout_.addWidget(self.banner)

        self.message = QLabel(self)
        self.message.setObjectName("schedule_message")
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.message.hide()
        self.layout_.addWidget(self.message)

        slots = QHBoxLayout()
        self.slot_label = QLabel(self.tr("Drag items from the library onto a session, or "
                                         "use + on a session."), self)
        self.slot_label.setStyleSheet("color: palette(mid);")
        slots.addWidget(self.slot_label, 1)
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.priority_button = QPushButton(self.tr("Priority bulletin"), self)
        self.priority_button.setCheckable(True)
        self.priority_button.setToolTip(self.tr("Thông tư 39/2020: a priority bulletin airs "
                                                "before the normal items of its session"))
        self.remove_slot_button = QPushButton(self.tr("Remove from session"), self)
        for b in (self.up_button, self.down_button, self.priority_button,
                  self.remove_slot_button):
            slots.addWidget(b)
        self.layout_.addLayout(slots)
        self.up_button.clicked.connect(lambda: self.nudge_slot(-1))
        self.down_button.clicked.connect(lambda: self.nudge_slot(1))
        self.priority_button.clicked.connect(
            lambda checked: self.set_priority("priority" if checked else "normal"))
        self.remove_slot_button.clicked.connect(self.remove_slot)

    def _build_body(self) -> None:
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.week = WeekView(split)
        self.week.items_dropped.connect(self.drop_items)
        self.week.slot_dropped.connect(self.drop_slot)
        self.week.slot_selected.connect(self._slot_selected)
        self.week.add_requested.connect(self.pick_items)
        self.week.edit_requested.connect(self.open_session_dialog)
        self.week.remove_requested.connect(self.confirm_remove_session)
        self.week.day_requested.connect(self._day_clicked)
        checks = QWidget(split)
        box = QVBoxLayout(checks)
        box.setContentsMargins(0, 0, 0, 0)
        self.problem_summary = QLabel(checks)
        self.problem_summary.setObjectName("schedule_checks")
        self.problems = QListWidget(checks)
        self.problems.setObjectName("schedule_problems")
        self.problems.setWordWrap(True)
        self.problems.itemActivated.connect(self._problem_chosen)
        self.problems.itemClicked.connect(self._problem_chosen)
        box.addWidget(self.problem_summary)
        box.addWidget(self.problems)
        split.addWidget(self.week)
        split.addWidget(checks)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 140])
        self.layout_.addWidget(split, 1)

    # -- navigation ---------------------------------------------------------------------------
    def go_to(self, day: date) -> None:
        monday = day - timedelta(days=day.weekday())
        self.day_index = day.weekday()
        changed = monday != self.monday
        self.monday = monday
        self._show_range()
        if changed:
            # Nothing of the other week stays under this week's dates while it loads.
            self.state = None
            self.current_slot = ""
            self.week.show_schedule(None, [], UTC, [], False, monday)
            self.status.setText("")
            self._show_problems(None)
            self.create_panel.hide()
            self._update_actions()
            self.reload()

    def _step(self, direction: int) -> None:
        days = 1 if self.week.day_mode else 7
        self.go_to(self.monday + timedelta(days=self.day_index + direction * days))

    def set_day_mode(self, on: bool) -> None:
        self.day_button.setChecked(on)
        self.week_button.setChecked(not on)
        self.week.show_day(self.day_index if on else None)
        self._show_range()

    def _day_clicked(self, day: object) -> None:
        if isinstance(day, date):
            self.day_index = (day - self.monday).days
            self.set_day_mode(True)

    def _show_range(self) -> None:
        sunday = self.monday + timedelta(days=6)
        self.week.set_week(self.monday)
        if self.week.day_mode:
            self.week.show_day(self.day_index)
            day = self.monday + timedelta(days=self.day_index)
            name = QLocale().dayName(day.isoweekday(), QLocale.FormatType.LongFormat)
            self.range.setText(f"{name} {day:%d/%m/%Y}")
        else:
            self.range.setText(f"{self.monday:%d/%m/%Y} – {sunday:%d/%m/%Y}")
        shown = self.monday + timedelta(days=self.day_index)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        self.date_edit.blockSignals(False)

    # -- loading ------------------------------------------------------------------------------
    def shown(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        self._generation += 1
        generation, monday = self._generation, self.monday
        vs.load_week(self, self.station, monday) \
            .success(vs.guard(self, lambda state: self._show(state, generation))) \
            .failure(vs.guard(self, self._load_failed)) \
            .run_in_background()

    def _load_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._say(describe(exc), error=True)

    def _show(self, state: vs.WeekState, generation: int) -> None:
        if generation != self._generation:
            return  # a newer load is on its way
        self.state = state
        self.busy = False
        sched = state.schedule
        report = state.report
        problems = list(report.problems) if report else []
        self.week.show_schedule(sched, state.timings, state.tz, problems, self.editable, state.monday)
        self._fill_create_choices(state)
        self.create_panel.setVisible(sched is None and self.station.can(Right.SCHEDULE_EDIT))
        self._show_status(state)
        self._show_problems(report)
        if self.current_slot and not self.week.select_slot(self.current_slot):
            self._slot_selected("")
        self._update_actions()

    @property
    def schedule(self) -> Schedule | None:
        return self.state.schedule if self.state else None

    @property
    def editable(self) -> bool:
        sched = self.schedule
        return sched is not None and sched.editable and self.station.can(Right.SCHEDULE_EDIT)

    def _fill_create_choices(self, state: vs.WeekState) -> None:
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

    def _show_status(self, state: vs.WeekState) -> None:
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

    def _show_problems(self, report: CheckReport | None) -> None:
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

    def _problem_chosen(self, row: QListWidgetItem) -> None:
        session_key, slot_key = row.data(PROBLEM_ROLE)
        sched = self.schedule
        if sched is None or not session_key or self.state is None:
            return
        for x in sched.sessions:
            if x.key == session_key:
                offset = (x.local_day(self.state.tz) - self.monday).days
                if self.week.day_mode and 0 <= offset < 7:
                    self.day_index = offset
                    self.set_day_mode(True)
        self.week.reveal(session_key)
        if slot_key:
            self.week.select_slot(slot_key)

    def _update_actions(self) -> None:
        sched = self.schedule
        editable = self.editable and not self.busy
        submit_right = self.station.can(Right.SCHEDULE_SUBMIT)
        report = self.state.report if self.state else None
        self.add_session_button.setEnabled(editable)
        self.submit_button.setVisible(sched is not None and submit_right and
                                      sched.status in ("draft", "rejected"))
        self.submit_button.setEnabled(editable and report is not None and report.ok)
        self.submit_button.setToolTip("" if report is None or report.ok else
                                      self.tr("Fix the errors listed below first."))
        self.withdraw_button.setVisible(sched is not None and submit_right and
                                        sched.status == "submitted")
        self.withdraw_button.setEnabled(not self.busy)
        self.revise_button.setVisible(sched is not None and sched.locked)
        self.revise_button.setEnabled(not self.busy and self.station.can(Right.SCHEDULE_EDIT))
        approved = sched is not None and sched.status in ("approved", "published")
        self.export_button.setVisible(approved and submit_right)
        self.print_button.setVisible(approved)
        self.publish_button.setVisible(sched is not None and sched.status == "approved" and
                                       submit_right)
        self.publish_button.setEnabled(not self.busy)
        self.emergency_button.setVisible(self.station.can(Right.SCHEDULE_EDIT))
        slot = self._slot()
        for b in (self.up_button, self.down_button, self.priority_button,
                  self.remove_slot_button):
            b.setEnabled(editable and slot is not None)
        if slot is not None:
            self.priority_button.setChecked(slot.priority == "priority")
            session = next(x for x in sched.sessions if slot in x.slots) if sched else None
            if session is not None:
                index = session.slots.index(slot)
                self.up_button.setEnabled(editable and index > 0)
                self.down_button.setEnabled(editable and index < len(session.slots) - 1)
            self.slot_label.setText(f"“{slot.title}” · {words.priority_name(slot.priority)}")
        else:
            self.priority_button.setChecked(False)
            self.slot_label.setText(self.tr("Drag items from the library onto a session, or "
                                            "use + on a session.") if self.editable else "")

    def _slot(self) -> Slot | None:
        sched = self.schedule
        if sched is None or not self.current_slot:
            return None
        try:
            return sched.find_slot(self.current_slot)[1]
        except NotFound:  # the slot went away with the last reload
            return None

    def _slot_selected(self, key: str) -> None:
        self.current_slot = key
        self._update_actions()

    def on_changes(self, changes: Changes) -> None:
        if (changes.schedule or changes.library) and self._loaded and not self.busy:
            self.reload()

    # -- messages -------------------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- creating the week ------------------------------------------------------------------------
    def create_week(self) -> None:
        how, template_id = self.create_how.currentData() or ("default", None)
        self._say("")
        self.busy = True
        vs.create_week(self, self.station, self.monday, how, template_id) \
            .success(vs.guard(self, lambda _r: self.reload())) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    # -- edits -------------------------------------------------------------------------------------
    def _can_edit(self) -> bool:
        if self.busy:
            self._say(self.tr("Saving the last change: try again in a moment."))
            return False
        return self.editable

    def _run(self, op: Op[Changes]) -> None:
        self.busy = True
        self._say("")
        self._update_actions()
        op.success(vs.guard(self, lambda _c: self.reload())) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self._conflict = exc
            self.banner_text.setText(describe(exc))
            self.banner.show()
        elif isinstance(exc, ScheduleBlocked):
            self._say(describe(exc), error=True)
        else:
            self._say(describe(exc), error=True)
        if isinstance(exc, ConflictError | ScheduleLocked | ScheduleBlocked):
            self.reload()  # show what the others did
        else:
            self.busy = False
            self._update_actions()

    def reapply(self) -> None:
        conflict = self._conflict
        if conflict is None:
            return
        self._drop_conflict()
        self._run(vs.reapply(self, self.station, conflict))

    def _drop_conflict(self) -> None:
        self._conflict = None
        self.banner.hide()

    def drop_items(self, session_key: str, item_ids: list[str], row: int) -> None:
        sched = self.schedule
        if sched is None or not self._can_edit():
            return
        self._run(vs.add_items(self, self.station, sched, session_key, item_ids,
                               None if row < 0 else row))

    def drop_slot(self, slot_key: str, session_key: str, row: int) -> None:
        sched = self.schedule
        if sched is None or not self._can_edit():
            return
        try:
            source, _slot = sched.find_slot(slot_key)
        except NotFound:
            return
        position = row if row >= 0 else len(sched.session(session_key).slots)
        if source.key == session_key:
            old = [s.key for s in source.slots].index(slot_key)
            if old < position:
                position -= 1
            if position == old:
                return
        self.current_slot = slot_key
        self._run(vs.move_slot(self, self.station, sched, slot_key, position,
                               None if source.key == session_key else session_key))

    def nudge_slot(self, direction: int) -> None:
        sched, slot = self.schedule, self._slot()
        if sched is None or slot is None or not self._can_edit():
            return
        session, _ = sched.find_slot(slot.key)
        position = session.slots.index(slot) + direction
        if 0 <= position < len(session.slots):
            self._run(vs.move_slot(self, self.station, sched, slot.key, position))

    def set_priority(self, priority: str) -> None:
        sched, slot = self.schedule, self._slot()
        if sched is None or slot is None or not self._can_edit():
            self._update_actions()
            return
        self._run(vs.set_priority(self, self.station, sched, slot.key, priority))

    def remove_slot(self) -> None:
        sched, slot = self.schedule, self._slot()
        if sched is None or slot is None or not self._can_edit():
            return
        self.current_slot = ""
        self._run(vs.remove_slot(self, self.station, sched, slot.key))

    def pick_items(self, session_key: str) -> None:
        """The keyboard way to add items: choose them in a list."""
        if not self._can_edit():
            return
        picker = ItemPicker(self.station, self)
        self.picker = picker

        def done() -> None:
            sched = self.schedule
            ids = picker.chosen()
            if sched is not None and ids and self._can_edit():
                self._run(vs.add_items(self, self.station, sched, session_key, ids))

        picker.accepted.connect(done)
        picker.finished.connect(picker.deleteLater)
        picker.open()

    def open_session_dialog(self, session_key: str | None) -> None:
        sched = self.schedule
        if sched is None or self.state is None or not self._can_edit():
            return
        tz = self.state.tz
        days = [sched.period_start + timedelta(days=n) for n in range(sched.period_days)]
        if session_key:
            x = sched.session(session_key)
            local = x.starts_at.astimezone(tz)
            dialog = SessionDialog(days, self, day=local.date(), start=f"{local:%H:%M}",
                                   minutes=round(x.length_s / 60), title=x.title)
        else:
            day = self.monday + timedelta(days=self.day_index)
            dialog = SessionDialog(days, self, day=day)
        self.session_dialog = dialog

        def done() -> None:
            current = self.schedule
            if current is None or not self._can_edit():
                return
            day, start, minutes, title = dialog.values()
            if session_key:
                self._run(vs.update_session(self, self.station, current, session_key, day,
                                            start, minutes, title))
            else:
                self._run(vs.add_session(self, self.station, current, day, start, minutes,
                                         title))

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def confirm_remove_session(self, session_key: str) -> None:
        sched = self.schedule
        if sched is None or self.state is None or not self._can_edit():
            return
        x = sched.session(session_key)
        when = x.starts_at.astimezone(self.state.tz)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove session"),
                          self.tr("Remove the session of %1 and its %n slot(s)?", "",
                                  len(x.slots)).replace("%1", f"{when:%H:%M %d/%m/%Y}"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        self.confirm_box = box

        def answered(button: QAbstractButton) -> None:
            current = self.schedule
            if box.standardButton(button) == QMessageBox.StandardButton.Yes and current and \
                    self._can_edit():
                self._run(vs.remove_session(self, self.station, current, session_key))

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()

    # -- workflow -------------------------------------------------------------------------------
    def submit(self) -> None:
        sched = self.schedule
        if sched is None or self.busy:
            return
        self.busy = True
        self._update_actions()
        vs.submit(self, self.station, sched) \
            .success(vs.guard(self, self._submitted)) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    def _submitted(self, result: tuple[CheckReport, Changes]) -> None:
        report, _changes = result
        text = self.tr("Sent to the chief for approval.")
        if report.warnings:
            text += " " + self.tr("%n warning(s) went with it.", "", len(report.warnings))
        self._say(text)
        self.reload()

    def withdraw(self) -> None:
        sched = self.schedule
        if sched is None or self.busy:
            return
        self.busy = True
        vs.withdraw(self, self.station, sched) \
            .success(vs.guard(self, lambda _c: self.reload())) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    def revise(self) -> None:
        sched = self.schedule
        if sched is None or self.busy:
            return
        self.busy = True
        vs.revise(self, self.station, sched) \
            .success(vs.guard(self, self._revised)) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    def _revised(self, result: tuple[Schedule, Changes]) -> None:
        self._say(self.tr("Revision %1 is a draft: change it, then submit it again.")
                  .replace("%1", str(result[0].revision)))
        self.reload()

    # -- exports ---------------------------------------------------------------------------------
    def ask_folder(self) -> str:
        """Where to write the package (tests replace this)."""
        return QFileDialog.getExistingDirectory(self, self.tr("Export the schedule package to"))

    def ask_zip_path(self, name: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export the schedule package"),
                                               name, self.tr("Zip files (*.zip)"))
        return path

    def ask_html_path(self, name: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Save the printable schedule"),
                                               name, self.tr("Web pages (*.html)"))
        return path

    def _package_name(self, sched: Schedule) -> str:
        return f"lich-phat-song-{sched.period_start.isoformat()}-r{sched.revision}"

    def export_package(self, as_zip: bool) -> None:
        sched = self.schedule
        if sched is None:
            return
        target = self.ask_zip_path(self._package_name(sched) + ".zip") if as_zip \
            else self.ask_folder()
        if not target:
            return
        vs.export_package(self, self.station, sched.id, Path(target), as_zip) \
            .with_progress(self.tr("Exporting the schedule package…")) \
            .success(vs.guard(self, self._exported)) \
            .failure(vs.guard(self, lambda exc: self._say(describe(exc), error=True))) \
            .run_in_background()

    def _exported(self, report: PackageReport) -> None:
        text = self.tr("Package written to %1 (%n file(s)).", "", len(report.files)) \
            .replace("%1", report.target)
        if report.not_included:
            text += " " + self.tr("Not included (no file yet): %1").replace(
                "%1", ", ".join(report.not_included))
        self._say(text)

    def print_html(self) -> None:
        sched = self.schedule
        if sched is None:
            return
        target = self.ask_html_path(self._package_name(sched) + ".html")
        if not target:
            return
        vs.export_html(self, self.station, sched.id, Path(target)) \
            .with_progress(self.tr("Writing the printable schedule…"), cancellable=False) \
            .success(vs.guard(self, self._printed)) \
            .failure(vs.guard(self, lambda exc: self._say(describe(exc), error=True))) \
            .run_in_background()

    def _printed(self, path: Path) -> None:
        url = path.resolve().as_uri()
        self.printed = path
        self._say(self.tr("Printable schedule written to %1: open it in a browser to print.")
                  .replace("%1", f'<a href="{url}">{path.name}</a>'))

    # -- publishing, emergencies, reports ----------------------------------------------------------
    def publish(self) -> None:
        sched = self.schedule
        if sched is None or self.busy:
            return
        self.busy = True
        self._update_actions()
        vs.publish(self, self.station, sched) \
            .success(vs.guard(self, self._published)) \
            .failure(vs.guard(self, self._failed)) \
            .run_in_background()

    def _published(self, _changes: Changes) -> None:
        self._say(self.tr("Published: the commune stations may air it."))
        self.reload()

    def open_emergency_dialog(self) -> None:
        dialog = EmergencyDialog(self.station, self)
        self.emergency_dialog = dialog

        def done() -> None:
            item_id, reason = dialog.values()
            vs.declare_emergency(self, self.station, item_id, reason) \
                .success(vs.guard(self, lambda r: self._declared(r[0]))) \
                .failure(vs.guard(self, lambda exc: self._say(describe(exc), error=True))) \
                .run_in_background()

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _declared(self, emergency: Emergency) -> None:
        self.declared = emergency
        self._say(self.tr("Emergency bulletin “%1” is on air; it waits for the chief's "
                          "confirmation.").replace("%1", emergency.title))

    def open_reports(self) -> None:
        if self.reports is None:
            self.reports = ReportsDialog(self.station, self)
            self.reports.set_range(self.monday, self.monday + timedelta(days=6))
        self.reports.show()
        self.reports.raise_()
        self.reports.reload()
