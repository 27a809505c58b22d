"""Preview of the selected item: play it with its waveform, see its picture or text."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.clock import fmt_duration
from ui.widgets.waveform import WaveformView

# A player's position: whole seconds gone (m:ss, h:mm:ss past an hour, as everywhere).
format_clock = partial(fmt_duration, truncate=True)


class PreviewPanel(QWidget):
    """Fed a dict from ui.operations.library.item_preview; the player is made on the first
    Play (loading QtMultimedia costs time nobody should pay at start-up)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMaximumHeight(220)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(160)
        self.waveform = WaveformView(self)
        controls = QHBoxLayout()
        self.play = QPushButton(self.tr("Play"), self)
        self.play.setObjectName("preview_play")
        self.clock = QLabel("00:00 / 00:00", self)
        controls.addWidget(self.play)
        controls.addWidget(self.clock)
        controls.addStretch(1)
        for w in (self.picture, self.text, self.waveform):
            layout.addWidget(w)
        layout.addLayout(controls)
        self.play.clicked.connect(self._toggle)
        self.waveform.seek_requested.connect(self._seek)
        self._player: Any = None
        self._audio: Any = None
        self._path: Path | None = None
        self.show_item(None)

    def show_item(self, preview: dict[str, Any] | None) -> None:
        self.stop()
        preview = preview or {}
        self._path = preview.get("path")
        picture = preview.get("picture")
        if picture:
            pixmap = QPixmap()
            pixmap.loadFromData(picture)
            self.picture.setPixmap(pixmap.scaled(360, 220, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        self.picture.setVisible(bool(picture))
        body = preview.get("body")
        self.text.setPlainText(body or "")
        self.text.setVisible(bool(body))
        peaks = preview.get("peaks")
        self.waveform.set_peaks(peaks)
        playable = self._path is not None and preview.get("kind") in ("audio", "video")
        self.waveform.setVisible(playable)
        self.play.setVisible(playable)
        self.clock.setVisible(playable)
        self.clock.setText(f"{format_clock(0)} / {format_clock(self.waveform.duration_s)}")

    def _ensure_player(self) -> Any:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._audio = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._audio)
            self._player.positionChanged.connect(self._moved)
            self._player.playbackStateChanged.connect(self._state_changed)
        return self._player

    def _toggle(self) -> None:
        if self._path is None:
            return
        player = self._ensure_player()
        from PySide6.QtMultimedia import QMediaPlayer

        if player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            player.pause()
            return
        url = QUrl.fromLocalFile(str(self._path))
        if player.source() != url:
            player.setSource(url)
        player.play()

    def _seek(self, seconds: float) -> None:
        if self._player is not None:
            self._player.setPosition(int(seconds * 1000))
        self.waveform.set_position(seconds)

    def _moved(self, ms: int) -> None:
        self.waveform.set_position(ms / 1000)
        self.clock.setText(f"{format_clock(ms / 1000)} / {format_clock(self.waveform.duration_s)}")

    def _state_changed(self, state: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
