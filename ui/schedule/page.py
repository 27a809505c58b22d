"""Lịch phát sóng: the broadcast week (Monday first, dd/MM/yyyy, 24-hour times) or one day.

Editors build the week (from the default sessions, a template, last week, or empty), drop
library items into sessions, reorder them, mark priority bulletins, see each session's
back-timing and the checks, and submit it to the chief. An approved schedule is locked:
"Make a new revision" opens a draft the chief will see as a diff. Every read and write is a
named verb (ui/operations/schedule.py); the view reloads when a mutation says the schedule
changed. A change that lost a race to another workstation is shown, then applied again on
request (schedule.reapply).

The page composes its parts, which share one :class:`CurrentWeek`: navigation.py (the week
and day shown), slots.py (slot and session editing), workflow.py (create, submit, withdraw,
revise, publish, the conflict banner), exports.py (package, printable page, reports),
emergencies.py (declaring an emergency bulletin) and checks.py (the problems found). Beside
the week, a collapsible library panel (ui/widgets/library_panel.py) to drag items from; the
zoom and the panel are remembered per user on this workstation.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QToolButton, QWidget

from station.changes import Changes
from station.rights import Right
from station.schedule.model import Schedule
from station.schedule.overview import WeekOverview
from station.station import Station
from ui import i18n
from ui.pages.base import Page
from ui.schedule import words
from ui.schedule.checks import ChecksList
from ui.schedule.current import CurrentWeek
from ui.schedule.emergencies import EmergencyDeclaring
from ui.schedule.exports import Exports
from ui.schedule.importer import Importing
from ui.schedule.navigation import WeekNavigation
from ui.schedule.slots import SlotEditor
from ui.schedule.week import WeekView
from ui.schedule.workflow import Workflow
from ui.widgets.flow import FlowLayout
from ui.widgets.library_panel import LibraryPanel


class SchedulePage(Page):
    right = Right.SCHEDULE_EDIT

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SchedulePage", "Broadcast schedule")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.current = current = CurrentWeek(station, self)
        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.setObjectName("schedule_library_split")
        self.library = LibraryPanel(station, self.body)
        split = QSplitter(Qt.Orientation.Vertical, self.body)
        split.setObjectName("schedule_split")  # the main window keeps its position
        self.week = WeekView(split)
        self.navigation = WeekNavigation(current, self.week, self)
        self.slots = SlotEditor(current, self.week, self)
        self.workflow = Workflow(current)
        self.exports = Exports(current)
        self.emergencies = EmergencyDeclaring(current)
        self.checks = ChecksList(split)
        self.checks.chosen.connect(self.navigation.reveal)
        self.message = QLabel(self)
        self.message.setObjectName("schedule_message")
        self.message.setWordWrap(True)
        self.message.setOpenExternalLinks(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        # Two lines reserved even when silent: a message never pushes the slot buttons down.
        self.message.setFixedHeight(2 * self.message.fontMetrics().lineSpacing() + 4)
        current.said.connect(self._say)
        current.shown.connect(self._show_week)

        # The widgets that tests and other pages reach, under the names they always had.
        self.range = self.navigation.range
        self.add_session_button = self.slots.add_session_button
        self.up_button, self.down_button = self.slots.up_button, self.slots.down_button
        self.priority_button = self.slots.priority_button
        self.remove_slot_button = self.slots.remove_slot_button
        w = self.workflow
        self.submit_button, self.withdraw_button = w.submit_button, w.withdraw_button
        self.revise_button, self.publish_button = w.revise_button, w.publish_button
        self.create_panel, self.create_how, self.create_button = \
            w.create_panel, w.create_how, w.create_button
        self.banner, self.reapply_button = w.banner, w.reapply_button
        self.export_button = self.exports.export_button
        self.print_button = self.exports.print_button
        self.reports_button = self.exports.reports_button
        self.emergency_button = self.emergencies.emergency_button
        self.importing = Importing(current, self.navigation.go_to)
        self.import_button = self.importing.import_button
        self.problems = self.checks.problems

        self.layout_.addWidget(self.navigation)
        row = QHBoxLayout()
        row.addWidget(w.status, 1)
        buttons = FlowLayout()  # an approved week shows up to nine: they wrap, the page stays put
        for b in (self.add_session_button, self.submit_button, self.withdraw_button,
                  self.revise_button, self.export_button, self.print_button,
                  self.publish_button, self.emergency_button, self.reports_button,
                  self.exports.template_button, self.import_button):
            buttons.addWidget(b)
        row.addLayout(buttons)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.create_panel)
        self.layout_.addWidget(self.banner)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.slots)
        split.addWidget(self.week)
        split.addWidget(self.checks)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 140])
        self.body.addWidget(self.library)
        self.body.addWidget(split)
        self.body.setStretchFactor(0, 0)
        self.body.setStretchFactor(1, 1)
        self.body.setCollapsible(1, False)
        self.body.setSizes([260, 1000])
        self.layout_.addWidget(self.body, 1)
        self.library_button = QToolButton(self)
        self.library_button.setObjectName("schedule_library_toggle")
        self.library_button.setText(self.tr("Library"))
        self.library_button.setToolTip(self.tr("Show or hide the library beside the week, to "
                                               "drag items onto the sessions"))
        self.library_button.setCheckable(True)
        self.library_button.setChecked(True)
        self.library_button.toggled.connect(self.show_library)
        self.body.splitterMoved.connect(lambda _p, _i: self._library_collapsed())
        self.navigation.tools.addWidget(self.library_button)
        self.library.activated.connect(self.slots.add_where_chosen)
        # Ctrl+Z puts back the last slot removed; Delete removes the chosen slot.
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(context)
        self.undo_shortcut.activated.connect(self.slots.undo)
        self.delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.week)
        self.delete_shortcut.setContext(context)
        self.delete_shortcut.activated.connect(self.slots.remove_slot)
        self.settings_key = self._settings_key()
        self.navigation.restore_zoom(self.settings_key)
        shown = i18n.machine_settings().value(f"{self.settings_key}/library", True)
        self.library_button.setChecked(str(shown).lower() not in ("false", "0"))
        self.show_library(self.library_button.isChecked())
        self.navigation.show_range()

    def _settings_key(self) -> str:
        """This user's preferences for this station on this workstation."""
        where = hashlib.sha256(str(self.station.datadir.root).encode("utf-8")).hexdigest()[:12]
        return f"schedule/{where}/{self.station.actor}"

    def show_library(self, on: bool) -> None:
        """Show or hide the library panel (remembered)."""
        self.library.setVisible(on)
        if on and self.body.sizes()[0] == 0:
            self.body.setSizes([260, max(400, self.body.width() - 260)])
        if self.library_button.isChecked() != on:
            self.library_button.setChecked(on)
        i18n.machine_settings().setValue(f"{self.settings_key}/library", on)

    def _library_collapsed(self) -> None:
        if self.body.sizes()[0] == 0 and self.library_button.isChecked():
            self.library_button.setChecked(False)

    # -- what the parts share ----------------------------------------------------------------------
    @property
    def state(self) -> WeekOverview | None:
        return self.current.state

    @property
    def schedule(self) -> Schedule | None:
        return self.current.schedule

    @property
    def busy(self) -> bool:
        return self.current.busy

    @property
    def editable(self) -> bool:
        return self.current.editable

    @property
    def current_slot(self) -> str:
        return self.current.current_slot

    def go_to(self, day: date) -> None:
        self.navigation.go_to(day)

    def set_day_mode(self, on: bool) -> None:
        self.navigation.set_day_mode(on)

    # -- loading ------------------------------------------------------------------------------
    def shown(self) -> None:
        if not self.current.loaded:
            self.reload()

    def reload(self) -> None:
        self.current.reload()

    def on_changes(self, changes: Changes) -> None:
        self.library.on_changes(changes)
        if (changes.schedule or changes.library) and self.current.loaded and \
                not self.current.busy:
            self.reload()

    def _show_week(self) -> None:
        current = self.current
        state = current.state
        if state is None:  # another week is loading
            self.week.show_schedule(None, [], UTC, [], False, current.monday)
            self.workflow.show_state(None)
            self.checks.show_report(None)
            current.refresh()
            return
        report = state.report
        problems = list(report.problems) if report else []
        self.week.show_schedule(state.schedule, state.timings, state.tz, problems,
                                current.editable, state.monday)
        self.workflow.show_state(state)
        self.checks.show_report(report)
        if current.current_slot and not self.week.select_slot(current.current_slot):
            current.select_slot("")
        current.refresh()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.message.setText(text)
        self.message.setToolTip(text if len(text) > 120 else "")
