"""Phê duyệt: the chief's inbox of submitted schedules and the sealed audit trail.

The inbox (Right.SCHEDULE_APPROVE) shows each submitted revision with its diff against the
approved one and its checks; Approve and Reject are one click each (a rejection says why).
An approval seals the revision: the seal (short hash, approver, time) is shown and can be
verified. The audit trail (Right.AUDIT_VIEW) lists every recorded action and verifies its
chain. The page opens for a user with either right; the other section stays disabled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.audit import Entry, VerifyResult
from station.changes import Changes
from station.rights import Right
from station.schedule.approval import SEAL_REASONS, Decision, SealCheck
from station.schedule.bulletins import Emergency
from station.schedule.model import ConflictError, Schedule
from station.station import Station
from ui import i18n, verbs
from ui import verbs_schedule as vs
from ui.errors import describe
from ui.pages.base import Page
from ui.schedule import words
from ui.schedule.diff_view import DiffView

KEY_ROLE = Qt.ItemDataRole.UserRole


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
        self.inbox_state: vs.InboxState | None = None
        self.selected: vs.InboxItem | None = None
        self.sealed: Schedule | None = None  # the decided revision whose seal is shown
        self.busy = False
        self.seal_ok: bool | None = None  # the last seal verification
        self._inbox_loaded = False
        self._loaded = False
        self.emergency_state: vs.EmergencyState | None = None
        self.emergency_busy = False
        self._emergencies_loaded = False
        self.layout_.addWidget(self._build_emergencies())
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self._build_inbox())
        split.addWidget(self._build_audit())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.layout_.addWidget(split, 1)

    # -- building -------------------------------------------------------------------------------
    def _build_inbox(self) -> QGroupBox:
        box = QGroupBox(self.tr("Schedules waiting for approval"), self)
        self.inbox_box = box
        outer = QVBoxLayout(box)
        if not self.may_approve:
            note = QLabel(self.tr("Only the station chief approves schedules."), box)
            outer.addWidget(note)
        row = QHBoxLayout()
        outer.addLayout(row, 1)
        left = QVBoxLayout()
        self.pending = QLabel(self.tr("No schedule is waiting for approval."), box)
        self.pending.setWordWrap(True)
        self.inbox = QListWidget(box)
        self.inbox.setObjectName("approvals_inbox")
        self.inbox.setWordWrap(True)
        self.inbox.currentRowChanged.connect(self._select)
        self.decided = QListWidget(box)
        self.decided.setObjectName("approvals_decided")
        self.decided.setWordWrap(True)
        self.decided.currentRowChanged.connect(self._select_decided)
        left.addWidget(self.pending)
        left.addWidget(self.inbox, 2)
        left.addWidget(QLabel(self.tr("Decided recently"), box))
        left.addWidget(self.decided, 1)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        self.detail = QLabel(box)
        self.detail.setObjectName("approvals_detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-weight: 600;")
        self.diff_heading = QLabel(box)
        self.diff = DiffView(box)
        self.checks_heading = QLabel(box)
        self.checks = QListWidget(box)
        self.checks.setObjectName("approvals_checks")
        self.checks.setWordWrap(True)
        self.comment = QLineEdit(box)
        self.comment.setObjectName("approvals_comment")
        self.comment.setPlaceholderText(self.tr("Comment (required to reject)"))
        self.comment.textChanged.connect(lambda _t: self._update_buttons())
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve"), box)
        self.reject_button = QPushButton(self.tr("Reject"), box)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        buttons.addWidget(self.comment, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        self.message = QLabel(box)
        self.message.setObjectName("approvals_message")
        self.message.setWordWrap(True)
        seal_row = QHBoxLayout()
        self.seal_label = QLabel(box)
        self.seal_label.setObjectName("approvals_seal")
        self.seal_label.setWordWrap(True)
        self.seal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_seal_button = QPushButton(self.tr("Verify seal"), box)
        self.verify_seal_button.clicked.connect(self.verify_seal)
        seal_row.addWidget(self.seal_label, 1)
        seal_row.addWidget(self.verify_seal_button)
        self.seal_verdict = QLabel(box)
        self.seal_verdict.setObjectName("approvals_seal_verdict")
        self.seal_verdict.setWordWrap(True)
        for w in (self.detail, self.diff_heading):
            right.addWidget(w)
        right.addWidget(self.diff, 2)
        right.addWidget(self.checks_heading)
        right.addWidget(self.checks, 1)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addLayout(seal_row)
        right.addWidget(self.seal_verdict)
        row.addLayout(right, 2)
        box.setEnabled(self.may_approve)
        self._show_selected()
        return box

    def _build_emergencies(self) -> QGroupBox:
        """At the top: emergency bulletins on air that the chief has not yet confirmed."""
        box = QGroupBox(self.tr("Emergency bulletins waiting for confirmation"), self)
        box.setStyleSheet("QGroupBox { border: 2px solid #b3261e; }")
        self.emergency_box = box
        layout = QVBoxLayout(box)
        self.emergencies = QListWidget(box)
        self.emergencies.setObjectName("approvals_emergencies")
        self.emergencies.setWordWrap(True)
        self.emergencies.setMaximumHeight(110)
        self.emergencies.currentRowChanged.connect(lambda _r: self._update_emergency_buttons())
        layout.addWidget(self.emergencies)
        row = QHBoxLayout()
        self.emergency_note = QLineEdit(box)
        self.emergency_note.setObjectName("approvals_emergency_note")
        self.emergency_note.setPlaceholderText(self.tr("Note (required to cancel)"))
        self.emergency_note.textChanged.connect(lambda _t: self._update_emergency_buttons())
        self.confirm_emergency_button = QPushButton(self.tr("Confirm"), box)
        self.cancel_emergency_button = QPushButton(self.tr("Cancel the bulletin"), box)
        self.confirm_emergency_button.clicked.connect(lambda: self.settle_emergency(True))
        self.cancel_emergency_button.clicked.connect(lambda: self.settle_emergency(False))
        row.addWidget(self.emergency_note, 1)
        row.addWidget(self.confirm_emergency_button)
        row.addWidget(self.cancel_emergency_button)
        layout.addLayout(row)
        self.emergency_message = QLabel(box)
        self.emergency_message.setObjectName("approvals_emergency_message")
        self.emergency_message.setWordWrap(True)
        layout.addWidget(self.emergency_message)
        box.hide()  # until a load finds pending bulletins this user may confirm
        return box

    def _build_audit(self) -> QGroupBox:
        box = QGroupBox(self.tr("Audit trail"), self)
        self.audit_box = box
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verify the chain"), box)
        self.verify_button.clicked.connect(self._verify)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        self.verdict = QLabel(box)
        self.verdict.setObjectName("audit_verdict")
        layout.addWidget(self.verdict)
        self.table = QTableWidget(0, 4, box)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("User"),
                                              self.tr("Action"), self.tr("Object")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        box.setEnabled(self.may_audit)
        return box

    # -- loading ----------------------------------------------------------------------------------
    def shown(self) -> None:
        if not self._emergencies_loaded:
            self.reload_emergencies()
        if not self._loaded and self.may_audit:
            self.reload()
        if not self._inbox_loaded and self.may_approve:
            self.reload_inbox()

    def reload(self) -> None:
        self._loaded = True
        verbs.recent_audit(self, self.station).success(vs.guard(self, self._show)) \
            .run_in_background()

    def reload_inbox(self) -> None:
        self._inbox_loaded = True
        vs.load_inbox(self, self.station).success(vs.guard(self, self._show_inbox)) \
            .failure(vs.guard(self, lambda exc: self._say(describe(exc), True))) \
            .run_in_background()

    def on_changes(self, changes: Changes) -> None:
        if changes.schedule and self._emergencies_loaded and not self.emergency_busy:
            self.reload_emergencies()
        if changes.audit and self._loaded:
            self.reload()
        if changes.schedule and self._inbox_loaded and not self.busy:
            self.reload_inbox()  # (after its own decision the page reloads by itself)

    # -- the inbox ---------------------------------------------------------------------------------
    def _show_inbox(self, state: vs.InboxState) -> None:
        keep = self.selected.entry.schedule.id if self.selected else None
        self.inbox_state = state
        tz = state.tz
        self.inbox.blockSignals(True)
        self.inbox.clear()
        chosen = -1
        for n, item in enumerate(state.items):
            s, report = item.entry.schedule, item.entry.report
            text = " · ".join([
                _period(s), self.tr("revision %1").replace("%1", str(s.revision)),
                f"{s.submitted_by or ''} {words.moment(s.submitted_at, tz)}",
                self.tr("%n error(s)", "", len(report.errors)),
                self.tr("%n warning(s)", "", len(report.warnings))])
            row = QListWidgetItem(text, self.inbox)
            row.setData(KEY_ROLE, s.id)
            if not report.ok:
                row.setForeground(QBrush(QColor(words.ERROR_COLOUR)))
            if s.id == keep:
                chosen = n
        if chosen < 0 and state.items:
            chosen = 0
        self.inbox.blockSignals(False)
        self.pending.setVisible(not state.items)
        self.inbox.setCurrentRow(chosen)
        self._select(chosen)
        self.decided.blockSignals(True)
        self.decided.clear()
        for s in state.decided:
            text = " · ".join([_period(s), self.tr("revision %1").replace("%1", str(s.revision)),
                               words.status_name(s.status),
                               f"{s.decided_by or ''} {words.moment(s.decided_at, tz)}"])
            row = QListWidgetItem(text, self.decided)
            row.setData(KEY_ROLE, s.id)
        self.decided.blockSignals(False)

    def _select(self, row: int) -> None:
        items = self.inbox_state.items if self.inbox_state else []
        self.selected = items[row] if 0 <= row < len(items) else None
        self._show_selected()

    def _show_selected(self) -> None:
        item = self.selected
        self.diff.clear()
        self.checks.clear()
        if item is None or self.inbox_state is None:
            self.detail.setText("")
            self.diff_heading.setText("")
            self.checks_heading.setText("")
            self._update_buttons()
            return
        tz = self.inbox_state.tz
        s, report = item.entry.schedule, item.entry.report
        self.detail.setText(
            self.tr("%1, revision %2, submitted by %3 on %4: %5 session(s), %6 slot(s)")
            .replace("%1", _period(s)).replace("%2", str(s.revision))
            .replace("%3", s.submitted_by or "").replace("%4", words.moment(s.submitted_at, tz))
            .replace("%5", str(s.session_count)).replace("%6", str(s.slot_count)))
        if item.entry.diff is not None and item.base is not None:
            self.diff_heading.setText(self.tr("Changes since the approved revision %1")
                                      .replace("%1", str(item.base.revision)))
            self.diff.show_diff(item.entry.diff, item.session_labels, tz)
        else:
            self.diff_heading.setText(self.tr("Contents"))
            self.diff.show_contents(s, tz)
        if report.problems:
            self.checks_heading.setText(
                self.tr("Checks: %1, %2")
                .replace("%1", self.tr("%n error(s)", "", len(report.errors)))
                .replace("%2", self.tr("%n warning(s)", "", len(report.warnings))))
        else:
            self.checks_heading.setText(self.tr("Checks: no problems found."))
        for p in sorted(report.problems, key=lambda p: not p.blocking):
            row = QListWidgetItem(f"{words.severity_name(p.severity)}: {words.problem_text(p)}",
                                  self.checks)
            row.setForeground(QBrush(QColor(words.ERROR_COLOUR if p.blocking
                                            else words.WARNING_COLOUR)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.selected
        ready = item is not None and self.may_approve and not self.busy
        ok = item is not None and item.entry.report.ok
        self.approve_button.setEnabled(ready and ok)
        self.approve_button.setToolTip("" if ok else self.tr("The checks found errors: the "
                                                             "editor must fix them first."))
        has_comment = bool(self.comment.text().strip())
        self.reject_button.setEnabled(ready and has_comment)
        self.reject_button.setToolTip("" if has_comment else
                                      self.tr("Write in the comment why it is rejected."))
        self.verify_seal_button.setEnabled(self.sealed is not None and
                                           bool(self.sealed.seal) and not self.busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    def decide(self, approve: bool) -> None:
        item = self.selected
        if item is None or self.busy:
            return
        comment = self.comment.text().strip()
        if not approve and not comment:
            self._say(self.tr("Write in the comment why it is rejected."), True)
            self.comment.setFocus()
            return
        self.busy = True
        self._update_buttons()
        vs.decide(self, self.station, item.entry.schedule, approve, comment) \
            .success(vs.guard(self, lambda r: self._decided(item.entry.schedule, r[0]))) \
            .failure(vs.guard(self, self._decide_failed)) \
            .run_in_background()

    def _decided(self, sched: Schedule, decision: Decision) -> None:
        self.comment.clear()
        self.busy = False
        tz = self.inbox_state.tz if self.inbox_state else None
        if decision.decision == "approved":
            self._say(self.tr("Approved: the schedule is locked and sealed."))
        else:
            self._say(self.tr("Rejected: the editor sees your comment."))
        self.sealed = replace(sched, status=decision.decision, decided_by=decision.by,
                              decided_at=decision.at, comment=decision.comment,
                              seal=decision.seal)
        self._show_seal(self.sealed, tz)
        self.reload_inbox()

    def _decide_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._say(describe(exc), True)
        if isinstance(exc, ConflictError):
            self.reload_inbox()
        self._update_buttons()

    # -- emergency bulletins ------------------------------------------------------------------------
    def reload_emergencies(self) -> None:
        self._emergencies_loaded = True
        vs.load_emergencies(self, self.station) \
            .success(vs.guard(self, self._show_emergencies)) \
            .failure(vs.guard(self, lambda _exc: self._show_emergencies(
                vs.EmergencyState(False, [])))) \
            .run_in_background()

    def _show_emergencies(self, state: vs.EmergencyState) -> None:
        keep = self._emergency()
        self.emergency_state = state
        self.emergencies.blockSignals(True)
        self.emergencies.clear()
        chosen = 0
        for n, e in enumerate(state.pending):
            text = " · ".join([f"“{e.title}”", e.reason,
                               self.tr("on air since %1, declared by %2")
                               .replace("%1", i18n.format_iso(e.started_at))
                               .replace("%2", e.started_by)])
            row = QListWidgetItem(text, self.emergencies)
            row.setData(KEY_ROLE, e.id)
            row.setForeground(QBrush(QColor(words.ERROR_COLOUR)))
            if keep is not None and e.id == keep.id:
                chosen = n
        self.emergencies.blockSignals(False)
        self.emergencies.setCurrentRow(chosen if state.pending else -1)
        self.emergency_box.setVisible(state.may_confirm and
                                      bool(state.pending or self.emergency_message.text()))
        self._update_emergency_buttons()

    def _emergency(self) -> Emergency | None:
        pending = self.emergency_state.pending if self.emergency_state else []
        row = self.emergencies.currentRow()
        return pending[row] if 0 <= row < len(pending) else None

    def _update_emergency_buttons(self) -> None:
        ready = self._emergency() is not None and not self.emergency_busy
        has_note = bool(self.emergency_note.text().strip())
        self.confirm_emergency_button.setEnabled(ready)
        self.cancel_emergency_button.setEnabled(ready and has_note)
        self.cancel_emergency_button.setToolTip(
            "" if has_note else self.tr("Write in the note why it is cancelled."))

    def _say_emergency(self, text: str, error: bool = False) -> None:
        self.emergency_message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.emergency_message.setText(text)

    def settle_emergency(self, confirm: bool) -> None:
        emergency = self._emergency()
        if emergency is None or self.emergency_busy:
            return
        note = self.emergency_note.text().strip()
        if not confirm and not note:
            self._say_emergency(self.tr("Write in the note why it is cancelled."), True)
            self.emergency_note.setFocus()
            return
        self.emergency_busy = True
        self._update_emergency_buttons()
        vs.settle_emergency(self, self.station, emergency.id, confirm, note) \
            .success(vs.guard(self, lambda r: self._settled(r[0]))) \
            .failure(vs.guard(self, self._settle_failed)) \
            .run_in_background()

    def _settled(self, emergency: Emergency) -> None:
        self.emergency_busy = False
        self.emergency_note.clear()
        if emergency.status == "confirmed":
            self._say_emergency(self.tr("Confirmed: “%1” stays on record as an emergency "
                                        "bulletin.").replace("%1", emergency.title))
        else:
            self._say_emergency(self.tr("Cancelled: “%1” is recorded as not confirmed.")
                                .replace("%1", emergency.title))
        self.reload_emergencies()

    def _settle_failed(self, exc: BaseException) -> None:
        self.emergency_busy = False
        self._say_emergency(describe(exc), True)
        self.reload_emergencies()  # it may have been settled on another workstation

    # -- seals -------------------------------------------------------------------------------------
    def _select_decided(self, row: int) -> None:
        decided = self.inbox_state.decided if self.inbox_state else []
        if 0 <= row < len(decided):
            self.sealed = decided[row]
            self._show_seal(self.sealed, self.inbox_state.tz if self.inbox_state else None)

    def _show_seal(self, sched: Schedule, tz: tzinfo | None) -> None:
        when = words.moment(sched.decided_at, tz) if tz else i18n.format_iso(sched.decided_at or "")
        if sched.seal:
            text = self.tr("%1, revision %2: sealed %3 by %4 on %5") \
                .replace("%1", _period(sched)).replace("%2", str(sched.revision)) \
                .replace("%3", sched.seal[:12]).replace("%4", sched.decided_by or "") \
                .replace("%5", when)
            self.seal_label.setToolTip(sched.seal)
        else:
            text = self.tr("%1, revision %2: %3 by %4 on %5: %6") \
                .replace("%1", _period(sched)).replace("%2", str(sched.revision)) \
                .replace("%3", words.status_name(sched.status)) \
                .replace("%4", sched.decided_by or "").replace("%5", when) \
                .replace("%6", sched.comment)
            self.seal_label.setToolTip("")
        self.seal_label.setText(text)
        self.seal_verdict.setText("")
        self._update_buttons()

    def verify_seal(self) -> None:
        if self.sealed is None:
            return
        vs.verify_seal(self, self.station, self.sealed.id) \
            .success(vs.guard(self, self._seal_verdict)) \
            .failure(vs.guard(self, lambda exc: self._say(describe(exc), True))) \
            .run_in_background()

    def _seal_verdict(self, check: SealCheck) -> None:
        if check.ok:
            self.seal_verdict.setStyleSheet(f"color: {words.GOOD_COLOUR};")
            self.seal_verdict.setText(self.tr("The seal holds: the schedule is as approved "
                                              "(audit entry %1).")
                                      .replace("%1", str(check.audit_seq)))
        else:
            reasons = "; ".join(QCoreApplication.translate("schedule", SEAL_REASONS[r])
                                for r in check.reasons)
            self.seal_verdict.setStyleSheet(f"color: {words.ERROR_COLOUR};")
            self.seal_verdict.setText(self.tr("The seal does NOT hold: %1").replace("%1", reasons))
        self.seal_ok = check.ok

    # -- the audit trail ----------------------------------------------------------------------------
    def _show(self, entries: list[Entry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            for col, text in enumerate((i18n.format_iso(e.at), e.actor, e.action,
                                        e.entity_id)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _verify(self) -> None:
        verbs.verify_audit(self, self.station).success(vs.guard(self, self._verdict)) \
            .run_in_background()

    def _verdict(self, result: VerifyResult) -> None:
        if result.ok:
            self.verdict.setText(self.tr("The chain is intact (%n entries).", "",
                                         result.entries))
        else:
            self.verdict.setText(self.tr("The chain is BROKEN at entry %1: %2")
                                 .replace("%1", str(result.first_bad_seq))
                                 .replace("%2", result.reason))


def _period(s: Schedule) -> str:
    return f"{s.period_start:%d/%m/%Y} – {s.period_end:%d/%m/%Y}"

