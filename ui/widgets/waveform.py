"""A waveform drawn from the cached multi-resolution peaks: instant at any length, with a
play head; a click asks to seek there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from media.peaks import WaveformPeaks


class WaveformView(QWidget):
    seek_requested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.peaks: WaveformPeaks | None = None
        self.position_s = 0.0
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_peaks(self, peaks: WaveformPeaks | None) -> None:
        self.peaks = peaks
        self.position_s = 0.0
        self.update()

    @property
    def duration_s(self) -> float:
        return self.peaks.frames / self.peaks.sample_rate if self.peaks else 0.0

    def set_position(self, seconds: float) -> None:
        self.position_s = seconds
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1e2a33"))
        width, height = self.width(), self.height()
        if self.peaks is None or self.peaks.frames == 0 or width <= 0:
            painter.setPen(QColor("#8aa0ad"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No waveform"))
            return
        env = self.peaks.envelope(0, self.peaks.frames, width)
        lanes = env.shape[1]
        lane_h = height / lanes
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#4fc3f7"))
        for ch in range(lanes):
            mid = lane_h * (ch + 0.5)
            half = lane_h * 0.45
            top = [QPointF(x, mid - env[x, ch, 1] * half) for x in range(width)]
            bottom = [QPointF(x, mid - env[x, ch, 0] * half) for x in reversed(range(width))]
            painter.drawPolygon(QPolygonF(top + bottom))
        if self.duration_s > 0:
            x = self.position_s / self.duration_s * width
            painter.setPen(QPen(QColor("#ffca28"), 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.setPen(QColor("#37474f"))
        painter.drawRect(QRectF(0, 0, width - 1, height - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.peaks is not None and self.width() > 0:
            fraction = min(max(event.position().x() / self.width(), 0.0), 1.0)
            self.seek_requested.emit(fraction * self.duration_s)
