"""Settings › On air: the output device, the dead-air time, the filler item, the audible
alarm and its output, the voice for text bulletins. Saved in one Op (station/playout/
settings.py checks and audits).

The output lists come from QtMultimedia, which costs some 200 ms to load: they are read
on the "work" pool the first time the box is shown, never at start-up or on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from station.changes import Changes
from station.station import Station
from ui.operations import playout as playout_ops


class PlayoutSettingsBox(QGroupBox):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("On air"))
        self.setObjectName("playout_settings")
        self.station = station
        form = QFormLayout(self)
        self.device = QComboBox(self)
        self.device.setObjectName("playout_device")
        form.addRow(self.tr("Output"), self.device)
        self.dead_air = QDoubleSpinBox(self)
        self.dead_air.setObjectName("playout_dead_air")
        self.dead_air.setRange(1.0, 600.0)
        self.dead_air.setDecimals(1)
        self.dead_air.setSuffix(self.tr(" s"))
        # Its own size, never squeezed: a squeezed page clipped its bottom ("10,0 giây").
        self.dead_air.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.dead_air.setMinimumSize(self.dead_air.sizeHint())
        form.addRow(self.tr("Dead air after"), self.dead_air)
        filler_row = QHBoxLayout()
        self.filler_search = QLineEdit(self)
        self.filler_search.setPlaceholderText(self.tr("search the library"))
        self.filler_search.returnPressed.connect(self._find_fillers)
        self.filler = QComboBox(self)
        self.filler.setObjectName("playout_filler")
        self.filler.setMinimumWidth(260)
        filler_row.addWidget(self.filler_search)
        filler_row.addWidget(self.filler, 1)
        form.addRow(self.tr("Filler item"), filler_row)
        self.alarm = QCheckBox(self.tr("Sound the alarm"), self)
        self.alarm.setObjectName("playout_alarm")
        form.addRow("", self.alarm)
        self.alert_device = QComboBox(self)
        self.alert_device.setObjectName("playout_alert_device")
        self.alert_device.setToolTip(self.tr("The alarm never sounds on the on-air output"))
        form.addRow(self.tr("Alarm output"), self.alert_device)
        self.alarm.toggled.connect(self.alert_device.setEnabled)
        self.voice = QComboBox(self)
        self.voice.setObjectName("playout_voice")
        form.addRow(self.tr("Voice for text bulletins"), self.voice)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("playout_save")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setObjectName("playout_status")
        form.addRow(self.save_button, self.status)
        self._saved: Any = None
        self._outputs_loaded = False
        self._names: list[str] = []  # the outputs QtMultimedia lists (once read)
        self.save_button.setEnabled(False)  # until the stored values are shown

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        playout_ops.read_settings(self, self.station).success(self._show).run_in_background()
        if not self._outputs_loaded:
            self._outputs_loaded = True
            playout_ops.output_names(self).success(self._show_outputs).run_in_background()

    def _show(self, found: tuple[Any, list[Any], list[tuple[str, str]]]) -> None:
        value, fillers, voices = found
        self._saved = value
        self.dead_air.setValue(value.dead_air_s)
        self.alarm.setChecked(value.alarm)
        self.alert_device.setEnabled(value.alarm)
        self.voice.clear()
        for voice_id, name in voices:
            self.voice.addItem(name, voice_id)
        self.voice.setCurrentIndex(max(0, self.voice.findData(value.tts_voice)))
        self._fill_fillers(fillers, value.filler_item)
        self._fill_devices(value.device, value.alert_device)
        self.save_button.setEnabled(True)

    def _fill_fillers(self, fillers: list[Any], current: str) -> None:
        self.filler.clear()
        self.filler.addItem(self.tr("(none)"), "")
        for f in fillers:
            self.filler.addItem(f.title, f.item_id)
        self.filler.setCurrentIndex(max(0, self.filler.findData(current)))

    def _find_fillers(self) -> None:
        current = self.filler.currentData() or ""
        playout_ops.filler_choices(self, self.station, self.filler_search.text()) \
            .success(lambda found: self._fill_fillers(found, current)).run_in_background()

    def _show_outputs(self, names: list[str]) -> None:
        self._names = names
        self._fill_devices(self.device.currentData(), self.alert_device.currentData())

    def _fill_devices(self, device: str | None, alert: str | None) -> None:
        for combo, keep, extra in (
                (self.device, device or "", []),
                (self.alert_device, alert or "", [(self.tr("No audible alarm"), "none")])):
            combo.clear()
            combo.addItem(self.tr("System default output"), "")
            for text, data in extra:
                combo.addItem(text, data)
            for name in self._names:
                combo.addItem(name, name)
            if keep and combo.findData(keep) < 0:  # saved, but not present now
                combo.addItem(self.tr("%1 (not found)").replace("%1", keep), keep)
            combo.setCurrentIndex(max(0, combo.findData(keep)))

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        from station.playout import settings as playout_settings
        from ui.errors import describe

        value = playout_settings.PlayoutSettings(
            device=str(self.device.currentData() or ""), dead_air_s=self.dead_air.value(),
            filler_item=str(self.filler.currentData() or ""), alarm=self.alarm.isChecked(),
            alert_device=str(self.alert_device.currentData() or ""),
            tts_voice=str(self.voice.currentData() or "bac"))
        playout_ops.save_settings(self, self.station, value) \
            .success(lambda _c: self._saved_ok(value)) \
            .failure(lambda exc: self.status.setText(describe(exc))) \
            .run_in_background()

    def _saved_ok(self, value: Any) -> None:
        self._saved = value
        self.status.setText(self.tr("Saved. Playout uses these at its next start."))

    def on_changes(self, changes: Changes) -> None:
        if changes.settings and self.isVisible():
            self.reload()
