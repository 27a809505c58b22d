"""The seal of a decided revision: who approved (or rejected) it and when, the short hash,
and a check that the schedule is still as approved."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station.schedule.approval import SEAL_REASONS, SealCheck
from station.schedule.model import Schedule
from station.station import Station
from ui import i18n
from ui.errors import describe
from ui.operations import approvals as ops
from ui.operations.schedule import guard
from ui.schedule import words


class SealPanel(QWidget):
    failed = Signal(str)  # why the verification could not run

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.sealed: Schedule | None = None  # the decided revision whose seal is shown
        self.seal_ok: bool | None = None  # the last seal verification
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        seal_row = QHBoxLayout()
        self.seal_label = QLabel(self)
        self.seal_label.setObjectName("approvals_seal")
        self.seal_label.setWordWrap(True)
        self.seal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_seal_button = QPushButton(self.tr("Verify seal"), self)
        self.verify_seal_button.clicked.connect(self.verify_seal)
        seal_row.addWidget(self.seal_label, 1)
        seal_row.addWidget(self.verify_seal_button)
        self.seal_verdict = QLabel(self)
        self.seal_verdict.setObjectName("approvals_seal_verdict")
        self.seal_verdict.setWordWrap(True)
        layout.addLayout(seal_row)
        layout.addWidget(self.seal_verdict)

    def update_button(self, busy: bool) -> None:
        self.verify_seal_button.setEnabled(self.sealed is not None and
                                           bool(self.sealed.seal) and not busy)

    def show_seal(self, sched: Schedule, tz: tzinfo | None) -> None:
        self.sealed = sched
        when = i18n.format_moment(sched.decided_at, tz or i18n.zone_of(self.station))
        if sched.seal:
            text = self.tr("%1, revision %2: sealed %3 by %4 on %5") \
                .replace("%1", words.period(sched)).replace("%2", str(sched.revision)) \
                .replace("%3", sched.seal[:12]).replace("%4", sched.decided_by or "") \
                .replace("%5", when)
            if sched.comment:  # the chief's words go with the seal
                text += "\n" + self.tr("Comment: %1").replace("%1", sched.comment)
            self.seal_label.setToolTip(sched.seal)
        else:
            text = self.tr("%1, revision %2: %3 by %4 on %5: %6") \
                .replace("%1", words.period(sched)).replace("%2", str(sched.revision)) \
                .replace("%3", words.status_name(sched.status)) \
                .replace("%4", sched.decided_by or "").replace("%5", when) \
                .replace("%6", sched.comment)
            self.seal_label.setToolTip("")
        self.seal_label.setText(text)
        self.seal_verdict.setText("")

    def verify_seal(self) -> None:
        if self.sealed is None:
            return
        ops.verify_seal(self, self.station, self.sealed.id) \
            .success(guard(self, self._seal_verdict)) \
            .failure(guard(self, lambda exc: self.failed.emit(describe(exc)))) \
            .run_in_background()

    def _seal_verdict(self, check: SealCheck) -> None:
        if check.ok:
            self.seal_verdict.setStyleSheet(f"color: {words.GOOD_COLOUR};")
            text = self.tr("The seal holds: the schedule is as approved "
                           "(audit entry %1).").replace("%1", str(check.audit_seq))
            if check.signed_by:
                text += " " + self.tr("Signed by %1 with their key.").replace(
                    "%1", check.signed_by)
            self.seal_verdict.setText(text)
        else:
            reasons = "; ".join(QCoreApplication.translate("schedule", SEAL_REASONS[r])
                                for r in check.reasons)
            self.seal_verdict.setStyleSheet(f"color: {words.ERROR_COLOUR};")
            self.seal_verdict.setText(self.tr("The seal does NOT hold: %1").replace("%1", reasons))
        self.seal_ok = check.ok
