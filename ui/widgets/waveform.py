"""A waveform drawn from the cached multi-resolution peaks: instant at any length, with a
time scale under it (ticks and m:ss labels) and a play head; a click or a drag asks to seek
there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from station.clock import fmt_duration

if TYPE_CHECKING:
    from media.peaks import WaveformPeaks

BACKGROUND = QColor("#1e2a33")
WAVE = QColor("#4fc3f7")
SILENCE_LINE = QColor("#2f4250")  # the centre line where there is no sound
PLAY_HEAD = QColor("#ffca28")
FRAME = QColor("#37474f")
SCALE_TEXT = QColor("#b0bec5")
SCALE_TICK = QColor("#607d8b")
RULER_HEIGHT = 18
# Label steps in seconds: the smallest that leaves room for an "h:mm:ss" label is used.
STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800)
MIN_LABEL_GAP_PX = 64


def tick_step(duration_s: float, width: int) -> float:
    """Seconds between labelled ticks, so that labels keep at least MIN_LABEL_GAP_PX apart."""
    if duration_s <= 0 or width <= 0:
        return 0.0
    px_per_s = width / duration_s
    return float(next((s for s in STEPS if s * px_per_s >= MIN_LABEL_GAP_PX), STEPS[-1]))


class WaveformView(QWidget):
    seek_requested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.peaks: WaveformPeaks | None = None
        self.position_s = 0.0
        self._duration_s: float | None = None
        self.setMinimumHeight(90 + RULER_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_peaks(self, peaks: WaveformPeaks | None, duration_s: float | None = None) -> None:
        """Show ``peaks``; ``duration_s`` (the item's, as the library lists it) sets the time
        scale, else the peaks' own length."""
        self.peaks = peaks
        self._duration_s = duration_s
        self.position_s = 0.0
        self.update()

    @property
    def duration_s(self) -> float:
        if self._duration_s:
            return self._duration_s
        return self.peaks.frames / self.peaks.sample_rate if self.peaks else 0.0

    def set_position(self, seconds: float) -> None:
        self.position_s = seconds
        self.update()

    def wave_rect(self) -> QRectF:
        """Where the waveform is drawn (the time scale is under it)."""
        return QRectF(0, 0, self.width(), max(self.height() - RULER_HEIGHT, 1))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        width = self.width()
        wave = self.wave_rect()
        if self.peaks is None or self.peaks.frames == 0 or width <= 0:
            painter.setPen(SCALE_TEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No waveform"))
            self._frame(painter)
            return
        self._waveform(painter, wave)
        self._scale(painter, wave)
        if self.duration_s > 0:
            x = min(max(self.position_s / self.duration_s, 0.0), 1.0) * (width - 1)
            painter.setPen(QPen(PLAY_HEAD, 2))
            painter.drawLine(QPointF(x, 0), QPointF(x, wave.bottom()))
        self._frame(painter)

    def _waveform(self, painter: QPainter, wave: QRectF) -> None:
        assert self.peaks is not None
        width = int(wave.width())
        env = self.peaks.envelope(0, self.peaks.frames, width)
        lanes = env.shape[1]
        lane_h = wave.height() / lanes
        for ch in range(lanes):
            mid = lane_h * (ch + 0.5)
            half = lane_h * 0.45
            painter.setPen(SILENCE_LINE)
            painter.drawLine(QPointF(0, mid), QPointF(width, mid))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(WAVE)
            top = [QPointF(x, mid - env[x, ch, 1] * half) for x in range(width)]
            bottom = [QPointF(x, mid - env[x, ch, 0] * half) for x in reversed(range(width))]
            painter.drawPolygon(QPolygonF(top + bottom))
        painter.setBrush(Qt.BrushStyle.NoBrush)  # nothing after this may fill

    def _scale(self, painter: QPainter, wave: QRectF) -> None:
        duration, width = self.duration_s, self.width()
        step = tick_step(duration, width)
        if step <= 0:
            return
        top = wave.bottom()
        painter.setPen(SCALE_TICK)
        painter.drawLine(QPointF(0, top), QPointF(width, top))
        minor = step / 5 if step >= 5 else step / 2
        n_minor = int(duration / minor) + 1
        metrics = painter.fontMetrics()
        for n in range(n_minor + 1):
            t = n * minor
            if t > duration + 1e-9:
                break
            x = t / duration * (width - 1)
            labelled = abs(t / step - round(t / step)) < 1e-6
            painter.setPen(SCALE_TICK)
            painter.drawLine(QPointF(x, top), QPointF(x, top + (6 if labelled else 3)))
            if labelled:
                text = fmt_duration(t, truncate=True)
                w = metrics.horizontalAdvance(text)
                left = min(max(x - w / 2, 1), width - w - 1)
                painter.setPen(SCALE_TEXT)
                painter.drawText(QPointF(left, top + RULER_HEIGHT - 3), text)

    def _frame(self, painter: QPainter) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(FRAME)
        painter.drawRect(QRectF(0, 0, self.width() - 1, self.height() - 1))

    def _seek_to(self, event: QMouseEvent) -> None:
        if self.peaks is not None and self.width() > 0:
            fraction = min(max(event.position().x() / self.width(), 0.0), 1.0)
            self.seek_requested.emit(fraction * self.duration_s)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self._seek_to(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._seek_to(event)
