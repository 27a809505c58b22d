"""The chief's inbox: submitted revisions with their diff against the approved one and their
checks; Approve and Reject are one click each (a rejection says why). Below the list, the
revisions decided lately; choosing one shows its seal."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.errors import AuthError
from station.schedule.approval import Decision
from station.schedule.model import ConflictError, Schedule
from station.station import Station
from ui import i18n
from ui.approvals.seal import SealPanel
from ui.errors import describe
from ui.operations import approvals as ops
from ui.operations.schedule import guard
from ui.schedule import words
from ui.schedule.diff_view import DiffView

KEY_ROLE = Qt.ItemDataRole.UserRole


class InboxBox(QGroupBox):
    """``may_approve``: the user holds Right.SCHEDULE_APPROVE; without it the box stays
    disabled and nothing is loaded (the core checks too)."""

    def __init__(self, station: Station, may_approve: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Schedules waiting for approval"))
        self.station = station
        self.may_approve = may_approve
        self.inbox_state: ops.InboxState | None = None
        self.selected: ops.InboxItem | None = None
        self.busy = False
        self.loaded = False
        outer = QVBoxLayout(self)
        if not may_approve:
            note = QLabel(self.tr("Only the station chief approves schedules."), self)
            outer.addWidget(note)
        row = QHBoxLayout()
        outer.addLayout(row, 1)
        left = QVBoxLayout()
        self.pending = QLabel(self.tr("No schedule is waiting for approval."), self)
        self.pending.setWordWrap(True)
        self.inbox = QListWidget(self)
        self.inbox.setObjectName("approvals_inbox")
        self.inbox.setWordWrap(True)
        self.inbox.currentRowChanged.connect(self._select)
        self.decided = QListWidget(self)
        self.decided.setObjectName("approvals_decided")
        self.decided.setWordWrap(True)
        self.decided.currentRowChanged.connect(self._select_decided)
        left.addWidget(self.pending)
        left.addWidget(self.inbox, 2)
        left.addWidget(QLabel(self.tr("Decided recently"), self))
        left.addWidget(self.decided, 1)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        self.detail = QLabel(self)
        self.detail.setObjectName("approvals_detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-weight: 600;")
        self.diff_heading = QLabel(self)
        self.diff = DiffView(self)
        self.checks_heading = QLabel(self)
        self.checks = QListWidget(self)
        self.checks.setObjectName("approvals_checks")
        self.checks.setWordWrap(True)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("approvals_comment")
        self.comment.setPlaceholderText(self.tr("Comment (required to reject)"))
        self.comment.textChanged.connect(lambda _t: self._update_buttons())
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        buttons.addWidget(self.comment, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        self.message = QLabel(self)
        self.message.setObjectName("approvals_message")
        self.message.setWordWrap(True)
        self.seal = SealPanel(station, self)
        self.seal.failed.connect(lambda text: self._say(text, True))
        for w in (self.detail, self.diff_heading):
            right.addWidget(w)
        right.addWidget(self.diff, 2)
        right.addWidget(self.checks_heading)
        right.addWidget(self.checks, 1)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addWidget(self.seal)
        row.addLayout(right, 2)
        self.setEnabled(may_approve)
        self._show_selected()

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = True
        ops.load_inbox(self, self.station).success(guard(self, self._show_inbox)) \
            .failure(guard(self, lambda exc: self._say(describe(exc), True))) \
            .run_in_background()

    def _show_inbox(self, state: ops.InboxState) -> None:
        keep = self.selected.entry.schedule.id if self.selected else None
        self.inbox_state = state
        tz = state.tz
        self.inbox.blockSignals(True)
        self.inbox.clear()
        chosen = -1
        for n, item in enumerate(state.items):
            s, report = item.entry.schedule, item.entry.report
            text = " · ".join([
                words.period(s), self.tr("revision %1").replace("%1", str(s.revision)),
                f"{s.submitted_by or ''} {i18n.format_moment(s.submitted_at, tz)}",
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
            text = " · ".join([words.period(s),
                               self.tr("revision %1").replace("%1", str(s.revision)),
                               words.status_name(s.status),
                               f"{s.decided_by or ''} {i18n.format_moment(s.decided_at, tz)}"])
            if s.comment:  # what the chief said, under the decision
                text += "\n" + self.tr("Comment: %1").replace("%1", s.comment)
            row = QListWidgetItem(text, self.decided)
            row.setToolTip(s.comment)
            row.setData(KEY_ROLE, s.id)
        self.decided.blockSignals(False)

    # -- the chosen revision -----------------------------------------------------------------------
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
            .replace("%1", words.period(s)).replace("%2", str(s.revision))
            .replace("%3", s.submitted_by or "")
            .replace("%4", i18n.format_moment(s.submitted_at, tz))
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
        self.seal.update_button(self.busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.message.setText(text)

    # -- the decision -----------------------------------------------------------------------------
    def decide(self, approve: bool, password: str | None = None) -> None:
        item = self.selected
        if item is None or self.busy:
            return
        self._approving = approve and password is None  # a refused key asks for it once
        comment = self.comment.text().strip()
        if not approve and not comment:
            self._say(self.tr("Write in the comment why it is rejected."), True)
            self.comment.setFocus()
            return
        self.busy = True
        self._update_buttons()
        ops.decide(self, self.station, item.entry.schedule, approve, comment, password) \
            .success(guard(self, lambda r: self._decided(item.entry.schedule, r[0]))) \
            .failure(guard(self, self._decide_failed)) \
            .run_in_background()

    def _decided(self, sched: Schedule, decision: Decision) -> None:
        self.comment.clear()
        self.busy = False
        tz = self.inbox_state.tz if self.inbox_state else None
        if decision.decision == "approved":
            self._say(self.tr("Approved: the schedule is locked and sealed."))
        else:
            self._say(self.tr("Rejected: the editor sees your comment."))
        self.seal.show_seal(replace(sched, status=decision.decision, decided_by=decision.by,
                                    decided_at=decision.at, comment=decision.comment,
                                    seal=decision.seal), tz)
        self._update_buttons()
        self.reload()

    def _decide_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, AuthError) and getattr(self, "_approving", False):
            self._approving = False
            # The login's password does not open the signing key (reset meanwhile): ask.
            password, ok = QInputDialog.getText(
                self, self.tr("Sign the approval"),
                self.tr("Your password, to unlock your signing key:"),
                QLineEdit.EchoMode.Password)
            if ok and password:
                self.decide(True, password)
                return
        self._say(describe(exc), True)
        if isinstance(exc, ConflictError):
            self.reload()
        self._update_buttons()

    def _select_decided(self, row: int) -> None:
        decided = self.inbox_state.decided if self.inbox_state else []
        if 0 <= row < len(decided):
            self.seal.show_seal(decided[row], self.inbox_state.tz if self.inbox_state else None)
            self._update_buttons()
