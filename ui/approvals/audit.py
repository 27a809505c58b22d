"""The audit trail (Right.AUDIT_VIEW): every recorded action, newest first, and a check of
its hash chain."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.audit import Entry, VerifyResult
from station.station import Station
from ui import i18n
from ui.operations import audit as audit_ops
from ui.operations.schedule import guard


class AuditTrail(QGroupBox):
    def __init__(self, station: Station, may_audit: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Audit trail"))
        self.station = station
        self.loaded = False
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verify the chain"), self)
        self.verify_button.clicked.connect(self._verify)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("audit_verdict")
        layout.addWidget(self.verdict)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("User"),
                                              self.tr("Action"), self.tr("Object")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)
        self.setEnabled(may_audit)

    def reload(self) -> None:
        self.loaded = True
        audit_ops.recent_audit(self, self.station).success(guard(self, self._show)) \
            .run_in_background()

    def _show(self, entries: list[Entry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            for col, text in enumerate((i18n.format_iso(e.at), e.actor, e.action,
                                        e.entity_id)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _verify(self) -> None:
        audit_ops.verify_audit(self, self.station).success(guard(self, self._verdict)) \
            .run_in_background()

    def _verdict(self, result: VerifyResult) -> None:
        if result.ok:
            self.verdict.setText(self.tr("The chain is intact (%n entries).", "",
                                         result.entries))
        else:
            self.verdict.setText(self.tr("The chain is BROKEN at entry %1: %2")
                                 .replace("%1", str(result.first_bad_seq))
                                 .replace("%2", result.reason))
