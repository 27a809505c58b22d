"""The Studio's text-to-speech tab: a Vietnamese bulletin spoken into the library.

The editor types the text, picks a voice from the engine's own list, speed and pitch, sees
what the normaliser will read (numbers, dates, units and abbreviations as words), listens,
and saves. Speaking runs on the work pool (seconds of CPU, no database); the import runs
on the database pool; the player is made on the first Listen (QtMultimedia is slow to load).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.library import items as library
from station.station import Station
from station.text import nfc
from ui.operations.tts import import_spoken, list_voices, speak_to_temp
from ui.widgets.status_line import StatusLine


class TtsPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._player: Any = None
        self._audio: Any = None
        self._heard: Path | None = None  # the last spoken preview (a temp file)
        self._heard_key: tuple[Any, ...] | None = None
        self.last_duration_s: float | None = None
        self.last_item: library.Item | None = None
        self._dialects: dict[str, str] = {}
        self.layout_ = QVBoxLayout(self)
        intro = QLabel(self.tr("Text-to-speech bulletin: type or paste the text, choose a "
                               "voice, listen, and save the spoken bulletin to the library."),
                       self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.title_edit = QLineEdit(self)
        self.voice = QComboBox(self)
        # a long engine voice name must not widen the whole Studio
        self.voice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.voice.setMinimumContentsLength(16)
        self.voice.setEnabled(False)
        self.voice.currentIndexChanged.connect(lambda _i: self._schedule_preview())
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0.5, 2.5)
        self.rate.setSingleStep(0.1)
        self.rate.setValue(1.0)
        self.rate.setSuffix(" ×")
        self.pitch = QDoubleSpinBox(self)
        self.pitch.setRange(0.5, 1.8)
        self.pitch.setSingleStep(0.1)
        self.pitch.setValue(1.0)
        self.pitch.setSuffix(" ×")
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("Speed"), self.rate)
        form.addRow(self.tr("Pitch"), self.pitch)
        self.layout_.addLayout(form)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("tts_split")
        split.setChildrenCollapsible(False)
        self.text = QPlainTextEdit(split)
        self.text.setPlaceholderText(self.tr("Bulletin text in Vietnamese"))
        self.text.textChanged.connect(self._schedule_preview)
        self.normalized = QPlainTextEdit(split)
        self.normalized.setReadOnly(True)
        self.normalized.setPlaceholderText(self.tr("What the voice will read: numbers, dates, "
                                                   "times, units and abbreviations as words"))
        self.layout_.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.listen = QPushButton(self.tr("Listen"), self)
        self.listen.clicked.connect(self._listen)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.clicked.connect(self.stop)
        self.speak = QPushButton(self.tr("Save to the library"), self)
        self.speak.clicked.connect(self._save)
        for b in (self.listen, self.stop_button, self.speak):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        # Two lines always reserved: a message never moves the buttons above it.
        self.status = StatusLine(self, lines=2)
        self.status.setObjectName("tts_status")
        self.layout_.addWidget(self.status)
        # The normalised view follows typing after a pause, not at every key.
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self.refresh_normalized)
        list_voices(self).success(self._show_voices).failure(self._failed).run_in_background()

    # -- voices and the normalised text --------------------------------------------------------
    def _show_voices(self, voices: list[tuple[str, Any]]) -> None:
        names = {"bac": self.tr("Northern"), "trung": self.tr("Central"),
                 "nam": self.tr("Southern")}
        self.voice.clear()
        for engine, v in voices:
            name = names.get(v.id, v.name) if engine == "espeak" else f"{v.name} ({engine})"
            self.voice.addItem(name, (engine, v.id))
            self._dialects[f"{engine}/{v.id}"] = v.dialect
        self.voice.setEnabled(bool(voices))
        if not voices:
            self.status.setText(self.tr("The speech engine has no voice installed."))
        self.refresh_normalized()

    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def refresh_normalized(self) -> None:
        from media.vi_normalize import normalize_vi

        engine, voice = self._voice()
        dialect = self._dialects.get(f"{engine}/{voice}", "bac")
        self.normalized.setPlainText(normalize_vi(self._text(), dialect) if self._text() else "")

    def _text(self) -> str:
        return nfc(self.text.toPlainText())

    def _voice(self) -> tuple[str, str]:
        data = self.voice.currentData()
        return (str(data[0]), str(data[1])) if data else ("espeak", "bac")

    def _settings(self) -> tuple[str, str, float, float, str]:
        engine, voice = self._voice()
        return (self._text(), voice, round(self.rate.value(), 2), round(self.pitch.value(), 2),
                engine)

    # -- listening ---------------------------------------------------------------------------------
    def _listen(self) -> None:
        if not self._text():
            self.status.setText(self.tr("Type the bulletin's text first."))
            return
        key = self._settings()
        if key == self._heard_key and self._heard is not None and self._heard.exists():
            self._play()
            return
        self.listen.setEnabled(False)
        self.status.setText(self.tr("Speaking…"))
        text, voice, rate, pitch, engine = key
        (speak_to_temp(self, self.station, text, voice, rate, pitch, engine)
         .with_progress(self.tr("Speaking the bulletin…"))
         .success(lambda r: self._heard_ready(r, key))
         .failure(self._failed)
         .run_in_background())

    def _heard_ready(self, result: Any, key: tuple[Any, ...]) -> None:
        self.listen.setEnabled(True)
        if result is None:
            self.status.setText(self.tr("Cancelled."))
            return
        self._drop_heard()
        self._heard, self._heard_key = Path(result.path), key
        self.last_duration_s = result.duration_s
        self.status.setText(self.tr("Spoken length: %1 s").replace(
            "%1", f"{result.duration_s:.1f}"))
        self._play()

    def _play(self) -> None:
        if self._heard is None:
            return
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._audio = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._audio)
        self._player.setSource(QUrl.fromLocalFile(str(self._heard)))
        self._player.play()

    def stop(self) -> None:
        if self._player is not None and shiboken6.isValid(self._player):
            self._player.stop()
            self._player.setSource(QUrl())

    def _drop_heard(self) -> None:
        self.stop()
        if self._heard is not None:
            self._heard.unlink(missing_ok=True)
        self._heard, self._heard_key = None, None

    # -- saving --------------------------------------------------------------------------------------
    def _save(self) -> None:
        title = nfc(self.title_edit.text())
        text, voice, rate, pitch, engine = self._settings()
        if not title or not text:
            self.status.setText(self.tr("A bulletin needs a title and a text."))
            return
        self.speak.setEnabled(False)
        self.status.setText(self.tr("Speaking…"))
        (speak_to_temp(self, self.station, text, voice, rate, pitch, engine)
         .with_progress(self.tr("Speaking the bulletin…"))
         .success(lambda r: self._import(r, title, text))
         .failure(self._failed)
         .run_in_background())

    def _import(self, spoken: Any, title: str, text: str) -> None:
        if spoken is None:
            self.speak.setEnabled(True)
            self.status.setText(self.tr("Cancelled."))
            return
        (import_spoken(self, self.station, Path(spoken.path), title, text)
         .with_progress(self.tr("Adding the bulletin to the library…"))
         .success(self._done)
         .failure(self._failed)
         .run_in_background())

    def _done(self, result: tuple[library.Item, Changes] | None) -> None:
        self.speak.setEnabled(True)
        if result is None:
            self.status.setText(self.tr("Cancelled."))
            return
        self.last_item = result[0]
        self.status.setText(self.tr("Added to the library: %1").replace("%1", result[0].title))

    def _failed(self, exc: BaseException) -> None:
        from ui.errors import describe

        self.speak.setEnabled(True)
        self.listen.setEnabled(True)
        self.status.setText(describe(exc))

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self._drop_heard()
        super().closeEvent(event)
