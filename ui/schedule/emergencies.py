"""Declaring an emergency bulletin (Thông tư 39/2020) from the Schedule page: it goes on
air at once; the chief confirms or cancels it on the Approvals page."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton

from station.rights import Right
from station.schedule.bulletins import Emergency
from ui.errors import describe
from ui.operations import schedule as ops
from ui.schedule.current import CurrentWeek
from ui.schedule.dialogs import EmergencyDialog


class EmergencyDeclaring(QObject):
    """Its button belongs to the page, which lays it out."""

    def __init__(self, current: CurrentWeek) -> None:
        super().__init__(current.host)
        self.current = current
        self.station = current.station
        self.emergency_dialog: EmergencyDialog | None = None
        self.confirm_box: QMessageBox | None = None  # the question before it goes on air
        self.declared: Emergency | None = None  # the last emergency bulletin declared
        self.emergency_button = QPushButton(self.tr("Emergency bulletin…"), current.host)
        self.emergency_button.setToolTip(self.tr("Thông tư 39/2020: an emergency bulletin "
                                                 "goes on air at once; the chief confirms it"))
        self.emergency_button.clicked.connect(self.open_emergency_dialog)
        current.refreshed.connect(self.update_actions)

    def update_actions(self) -> None:
        self.emergency_button.setVisible(self.station.can(Right.SCHEDULE_EDIT))

    def open_emergency_dialog(self) -> None:
        dialog = EmergencyDialog(self.station, self.current.host)
        self.emergency_dialog = dialog

        def done() -> None:
            item_id, reason = dialog.values()
            self.confirm(item_id, dialog.chosen_title(), reason)

        dialog.accepted.connect(done)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def confirm(self, item_id: str, title: str, reason: str) -> None:
        """Airing an emergency interrupts what plays: ask first, saying what will happen."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Air an emergency bulletin"),
                          self.tr("Put “%1” on air now?").replace("%1", title),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.current.host)
        box.setInformativeText(self.tr("It interrupts what is playing and goes on air at once, "
                                       "before the schedule; the chief must then confirm it. "
                                       "Reason: %1").replace("%1", reason))
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Air now"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_box = box

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.declare(item_id, reason)

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        box.open()

    def declare(self, item_id: str, reason: str) -> None:
        ops.declare_emergency(self.current.host, self.station, item_id, reason) \
            .success(ops.guard(self, lambda r: self._declared(r[0]))) \
            .failure(ops.guard(self, lambda exc: self.current.say(describe(exc), error=True))) \
            .run_in_background()

    def _declared(self, emergency: Emergency) -> None:
        self.declared = emergency
        self.current.say(self.tr("Emergency bulletin “%1” is on air; it waits for the chief's "
                                 "confirmation.").replace("%1", emergency.title))
