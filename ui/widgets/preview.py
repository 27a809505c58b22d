"""Preview of the selected item: play it with its waveform (click to seek), stop, set the
volume; see its picture or text. Durations read as in the library's table (one formatter,
station.clock.fmt_duration)."""

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
    QSlider,
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
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("preview_stop")
        self.clock = QLabel(self)
        self.clock.setObjectName("preview_clock")
        self.volume_label = QLabel(self.tr("Volume"), self)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setObjectName("preview_volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(120)
        self.volume.setToolTip(self.tr("Preview volume (not the air level)"))
        for button in (self.play, self.stop_button):
            controls.addWidget(button)
        controls.addWidget(self.clock)
        controls.addStretch(1)
        controls.addWidget(self.volume_label)
        controls.addWidget(self.volume)
        for w in (self.picture, self.text, self.waveform):
            layout.addWidget(w)
        layout.addLayout(controls)
        layout.addStretch(1)
        self.play.clicked.connect(self._toggle)
        self.stop_button.clicked.connect(self._stop_pressed)
        self.volume.valueChanged.connect(self._set_volume)
        self.waveform.seek_requested.connect(self._seek)
        self._player: Any = None
        self._audio: Any = None
        self._path: Path | None = None
        self._duration_s: float | None = None
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
        details = preview.get("details") or {}
        self._duration_s = details.get("duration_s")
        self.waveform.set_peaks(peaks, self._duration_s)
        playable = self._path is not None and preview.get("kind") in ("audio", "video")
        self.waveform.setVisible(playable)
        for w in (self.play, self.stop_button, self.clock, self.volume, self.volume_label):
            w.setVisible(playable)
        self._show_clock(0.0)

    def _show_clock(self, seconds: float) -> None:
        # The total as the table shows it; the position never shows a second not yet played.
        total = fmt_duration(self._duration_s if self._duration_s is not None
                             else self.waveform.duration_s)
        self.clock.setText(f"{format_clock(seconds)} / {total}")

    def _ensure_player(self) -> Any:
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._audio = QAudioOutput(self)
            self._audio.setVolume(self.volume.value() / 100)
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
        """A click on the waveform: the play head goes there (playing or not)."""
        if self._path is None:
            return
        player = self._ensure_player()
        url = QUrl.fromLocalFile(str(self._path))
        if player.source() != url:
            player.setSource(url)
        player.setPosition(int(seconds * 1000))
        self.waveform.set_position(seconds)
        self._show_clock(seconds)

    def _moved(self, ms: int) -> None:
        self.waveform.set_position(ms / 1000)
        self._show_clock(ms / 1000)

    def _set_volume(self, value: int) -> None:
        if self._audio is not None:
            self._audio.setVolume(value / 100)

    def _stop_pressed(self) -> None:
        if self._player is not None:
            self._player.stop()
        self.waveform.set_position(0.0)
        self._show_clock(0.0)

    def _state_changed(self, state: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())
