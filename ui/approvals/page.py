"""Phê duyệt: the chief's inbox of submitted schedules and the sealed audit trail.

The inbox (Right.SCHEDULE_APPROVE, inbox.py) shows each submitted revision with its diff
against the approved one and its checks; Approve and Reject are one click each (a rejection
says why). An approval seals the revision: the seal (short hash, approver, time) is shown and
can be verified (seal.py). The audit trail (Right.AUDIT_VIEW, audit.py) lists every recorded
action and verifies its chain. Emergency bulletins waiting for the chief's confirmation show
at the top (emergencies.py). The page opens for a user with either right; the other section
stays disabled.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QWidget

from station.changes import Changes
from station.rights import Right
from station.schedule.model import Schedule
from station.station import Station
from ui.approvals.audit import AuditTrail
from ui.approvals.emergencies import EmergencyBox
from ui.approvals.inbox import InboxBox
from ui.operations.approvals import InboxItem, InboxState
from ui.pages.base import Page


class _Split(QSplitter):
    """A splitter that knows whether the user's kept layout was put back (ui/layout_memory)."""

    restored = False

    def restoreState(self, state: QByteArray | bytes | bytearray | memoryview) -> bool:  # noqa: N802
        self.restored = True
        return super().restoreState(state)


class ApprovalsPage(Page):
    right = Right.AUDIT_VIEW

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("ApprovalsPage", "Approvals")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        # The page opens with either right; each section checks its own (the core checks too).
        self.may_approve = station.can(Right.SCHEDULE_APPROVE)
        self.may_audit = station.can(Right.AUDIT_VIEW)
        if self.may_approve:
            self.right = Right.SCHEDULE_APPROVE
        self.emergency_box = EmergencyBox(station, self)
        self.inbox_box = InboxBox(station, self.may_approve, self)
        self.audit_box = AuditTrail(station, self.may_audit, self)
        # The widgets that tests reach, under the names they always had.
        box = self.inbox_box
        self.inbox, self.diff, self.comment, self.message = \
            box.inbox, box.diff, box.comment, box.message
        self.approve_button, self.reject_button = box.approve_button, box.reject_button
        self.seal_label = box.seal.seal_label
        self.verify_seal_button = box.seal.verify_seal_button
        self.table = self.audit_box.table
        e = self.emergency_box
        self.emergencies, self.emergency_note, self.emergency_message = \
            e.emergencies, e.emergency_note, e.emergency_message
        self.confirm_emergency_button = e.confirm_emergency_button
        self.cancel_emergency_button = e.cancel_emergency_button
        self.layout_.addWidget(self.emergency_box)
        self.split = split = _Split(Qt.Orientation.Vertical, self)
        split.setObjectName("approvals_split")  # the main window keeps its position
        split.setChildrenCollapsible(False)
        split.addWidget(self.inbox_box)
        split.addWidget(self.audit_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # An archivist or an admin only reads the trail: it gets the whole page.
        self.inbox_box.setVisible(self.may_approve)
        self.layout_.addWidget(split, 1)
        self._sized = False

    # -- what the parts hold ----------------------------------------------------------------------
    @property
    def inbox_state(self) -> InboxState | None:
        return self.inbox_box.inbox_state

    @property
    def selected(self) -> InboxItem | None:
        return self.inbox_box.selected

    @property
    def busy(self) -> bool:
        return self.inbox_box.busy

    @property
    def sealed(self) -> Schedule | None:
        return self.inbox_box.seal.sealed

    @property
    def seal_ok(self) -> bool | None:
        return self.inbox_box.seal.seal_ok

    @property
    def emergency_busy(self) -> bool:
        return self.emergency_box.busy

    def decide(self, approve: bool) -> None:
        self.inbox_box.decide(approve)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._first_sizes)

    def _first_sizes(self) -> None:
        """Unless the user's own layout was restored, the trail gets three fifths."""
        split = self.split
        total = sum(split.sizes())
        if not split.restored and total > 0 and self.may_approve:
            split.setSizes([total * 2 // 5, total - total * 2 // 5])

    # -- loading ----------------------------------------------------------------------------------
    def shown(self) -> None:
        if not self.emergency_box.loaded:
            self.emergency_box.reload()
        if not self.audit_box.loaded and self.may_audit:
            self.audit_box.reload()
        if not self.inbox_box.loaded and self.may_approve:
            self.inbox_box.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.schedule and self.emergency_box.loaded and not self.emergency_box.busy:
            self.emergency_box.reload()
        if changes.audit and self.audit_box.loaded:
            self.audit_box.reload()
        if changes.schedule and self.inbox_box.loaded and not self.inbox_box.busy:
            self.inbox_box.reload()  # (after its own decision the box reloads by itself)
