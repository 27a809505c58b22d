"""Settings › Relay feeds (admins): the largest episode an outside feed may bring, in MB.
What a feed or its server declares cannot raise it; saved through the core, which audits."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from station.changes import Changes
from station.station import Station
from sync.feeds import MAX_ENCLOSURE_MB
from ui.operations import relay as relay_ops


class RelaySettingsBox(QGroupBox):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.setObjectName("settings_relay")
        self.setTitle(self.tr("Relay feeds"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.cap = QDoubleSpinBox(self)
        self.cap.setObjectName("relay_max_mb")
        self.cap.setRange(1, MAX_ENCLOSURE_MB)
        self.cap.setDecimals(0)
        self.cap.setSingleStep(50)
        self.cap.setSuffix(self.tr(" MB"))
        self.cap.setMinimumWidth(120)
        note = QLabel(self.tr("An episode larger than this is refused, whatever its feed "
                              "declares; the bytes received are counted."), self)
        note.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("relay_save_cap")
        self.status = QLabel(self)
        self.status.setObjectName("relay_cap_status")
        self.status.setWordWrap(True)
        form.addRow(self.tr("Largest episode"), self.cap)
        form.addRow(note)
        form.addRow(self.save_button, self.status)
        self.save_button.clicked.connect(self.save)

    def reload(self) -> None:
        relay_ops.size_cap(self, self.station).success(self.cap.setValue).run_in_background()

    def save(self) -> None:
        from ui.errors import describe

        self.save_button.setEnabled(False)

        def done(_c: Changes) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(self.tr("Saved; it applies from the next refresh."))

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(describe(exc))

        relay_ops.save_size_cap(self, self.station, self.cap.value()).success(done) \
            .failure(failed).run_in_background()
