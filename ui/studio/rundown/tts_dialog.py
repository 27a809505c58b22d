"""A TTS bulletin segment: the text, voice, speed and pitch it is spoken with at render."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


class TtsSegmentDialog(QDialog):
    """A TTS bulletin spoken at render: its text, voice, speed and pitch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a TTS bulletin"))
        form = QFormLayout(self)
        self.title_edit = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.voice = QComboBox(self)
        for code, name in (("bac", self.tr("Northern")), ("trung", self.tr("Central")),
                           ("nam", self.tr("Southern"))):
            self.voice.addItem(name, code)
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0.5, 2.5)
        self.rate.setSingleStep(0.1)
        self.rate.setValue(1.0)
        self.pitch = QDoubleSpinBox(self)
        self.pitch.setRange(0.5, 1.8)
        self.pitch.setSingleStep(0.1)
        self.pitch.setValue(1.0)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Text"), self.text)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("Speed"), self.rate)
        form.addRow(self.tr("Pitch"), self.pitch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "tts_text": self.text.toPlainText(),
                "tts_voice": self.voice.currentData(), "tts_rate": self.rate.value(),
                "tts_pitch": self.pitch.value()}
