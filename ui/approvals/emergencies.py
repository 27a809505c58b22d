"""At the top of the Approvals page: emergency bulletins on air (Thông tư 39/2020) that the
chief has not yet confirmed; confirm one, or cancel it with a note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.schedule.bulletins import Emergency
from station.station import Station
from ui import i18n
from ui.errors import describe
from ui.operations import approvals as ops
from ui.operations.schedule import guard
from ui.schedule import words

KEY_ROLE = Qt.ItemDataRole.UserRole


class EmergencyBox(QGroupBox):
    """Hidden until a load finds pending bulletins this user may confirm."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Emergency bulletins waiting for confirmation"))
        self.setStyleSheet("QGroupBox { border: 2px solid #b3261e; }")
        self.station = station
        self.emergency_state: ops.EmergencyState | None = None
        self.busy = False
        self.loaded = False
        layout = QVBoxLayout(self)
        self.emergencies = QListWidget(self)
        self.emergencies.setObjectName("approvals_emergencies")
        self.emergencies.setWordWrap(True)
        self.emergencies.setMaximumHeight(110)
        self.emergencies.currentRowChanged.connect(lambda _r: self._update_buttons())
        layout.addWidget(self.emergencies)
        row = QHBoxLayout()
        self.emergency_note = QLineEdit(self)
        self.emergency_note.setObjectName("approvals_emergency_note")
        self.emergency_note.setPlaceholderText(self.tr("Note (required to cancel)"))
        self.emergency_note.textChanged.connect(lambda _t: self._update_buttons())
        self.confirm_emergency_button = QPushButton(self.tr("Confirm"), self)
        self.cancel_emergency_button = QPushButton(self.tr("Cancel the bulletin"), self)
        self.confirm_emergency_button.clicked.connect(lambda: self.settle_emergency(True))
        self.cancel_emergency_button.clicked.connect(lambda: self.settle_emergency(False))
        row.addWidget(self.emergency_note, 1)
        row.addWidget(self.confirm_emergency_button)
        row.addWidget(self.cancel_emergency_button)
        layout.addLayout(row)
        self.emergency_message = QLabel(self)
        self.emergency_message.setObjectName("approvals_emergency_message")
        self.emergency_message.setWordWrap(True)
        layout.addWidget(self.emergency_message)
        self.hide()

    def reload(self) -> None:
        self.loaded = True
        ops.load_emergencies(self, self.station) \
            .success(guard(self, self._show_emergencies)) \
            .failure(guard(self, lambda _exc: self._show_emergencies(
                ops.EmergencyState(False, [])))) \
            .run_in_background()

    def _show_emergencies(self, state: ops.EmergencyState) -> None:
        keep = self._emergency()
        self.emergency_state = state
        self.emergencies.blockSignals(True)
        self.emergencies.clear()
        chosen = 0
        for n, e in enumerate(state.pending):
            text = " · ".join([f"“{e.title}”", e.reason,
                               self.tr("on air since %1, declared by %2")
                               .replace("%1", i18n.format_moment(e.started_at,
                                                                  i18n.zone_of(self.station)))
                               .replace("%2", e.started_by)])
            row = QListWidgetItem(text, self.emergencies)
            row.setData(KEY_ROLE, e.id)
            row.setForeground(QBrush(QColor(words.ERROR_COLOUR)))
            if keep is not None and e.id == keep.id:
                chosen = n
        self.emergencies.blockSignals(False)
        self.emergencies.setCurrentRow(chosen if state.pending else -1)
        self.setVisible(state.may_confirm and
                        bool(state.pending or self.emergency_message.text()))
        self._update_buttons()

    def _emergency(self) -> Emergency | None:
        pending = self.emergency_state.pending if self.emergency_state else []
        row = self.emergencies.currentRow()
        return pending[row] if 0 <= row < len(pending) else None

    def _update_buttons(self) -> None:
        ready = self._emergency() is not None and not self.busy
        has_note = bool(self.emergency_note.text().strip())
        self.confirm_emergency_button.setEnabled(ready)
        self.cancel_emergency_button.setEnabled(ready and has_note)
        self.cancel_emergency_button.setToolTip(
            "" if has_note else self.tr("Write in the note why it is cancelled."))

    def _say(self, text: str, error: bool = False) -> None:
        self.emergency_message.setStyleSheet(f"color: {words.ERROR_COLOUR};" if error else "")
        self.emergency_message.setText(text)

    def settle_emergency(self, confirm: bool) -> None:
        emergency = self._emergency()
        if emergency is None or self.busy:
            return
        note = self.emergency_note.text().strip()
        if not confirm and not note:
            self._say(self.tr("Write in the note why it is cancelled."), True)
            self.emergency_note.setFocus()
            return
        self.busy = True
        self._update_buttons()
        ops.settle_emergency(self, self.station, emergency.id, confirm, note) \
            .success(guard(self, lambda r: self._settled(r[0]))) \
            .failure(guard(self, self._settle_failed)) \
            .run_in_background()

    def _settled(self, emergency: Emergency) -> None:
        self.busy = False
        self.emergency_note.clear()
        if emergency.status == "confirmed":
            self._say(self.tr("Confirmed: “%1” stays on record as an emergency "
                              "bulletin.").replace("%1", emergency.title))
        else:
            self._say(self.tr("Cancelled: “%1” is recorded as not confirmed.")
                      .replace("%1", emergency.title))
        self.reload()

    def _settle_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._say(describe(exc), True)
        self.reload()  # it may have been settled on another workstation
