"""Phê duyệt: what waits for the chief, and the sealed audit trail of every decision."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from station.audit import Entry, VerifyResult
from station.changes import Changes
from station.rights import Right
from station.station import Station
from ui import i18n, verbs
from ui.pages.base import Page


class ApprovalsPage(Page):
    right = Right.AUDIT_VIEW

    def title(self) -> str:
        return self.tr("Approvals")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.pending = QLabel(self.tr("No schedule is waiting for approval."), self)
        self.layout_.addWidget(self.pending)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Audit trail"), self))
        row.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verify the chain"), self)
        self.verify_button.clicked.connect(self._verify)
        row.addWidget(self.verify_button)
        self.layout_.addLayout(row)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("audit_verdict")
        self.layout_.addWidget(self.verdict)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("User"),
                                              self.tr("Action"), self.tr("Object")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.layout_.addWidget(self.table)
        self._loaded = False

    def shown(self) -> None:
        if not self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        verbs.recent_audit(self, self.station).success(self._show).run_in_background()

    def _show(self, entries: list[Entry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            for col, text in enumerate((i18n.format_iso(e.at), e.actor, e.action,
                                        e.entity_id)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _verify(self) -> None:
        verbs.verify_audit(self, self.station).success(self._verdict).run_in_background()

    def _verdict(self, result: VerifyResult) -> None:
        if result.ok:
            self.verdict.setText(self.tr("The chain is intact (%n entries).", "",
                                         result.entries))
        else:
            self.verdict.setText(self.tr("The chain is BROKEN at entry %1: %2")
                                 .replace("%1", str(result.first_bad_seq))
                                 .replace("%2", result.reason))

    def on_changes(self, changes: Changes) -> None:
        if changes.audit and self._loaded:
            self.reload()
