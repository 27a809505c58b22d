"""A level meter display: per channel a peak bar with its hold line and an RMS bar, the
momentary and short-term loudness, and a clip lamp. Fed with media.meters readings; it only
paints, so updating it 15 times a second costs nothing."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from media.meters import MeterReading

FLOOR_DB = -60.0


def _frac(db: float) -> float:
    if not math.isfinite(db):
        return 0.0
    return min(1.0, max(0.0, (db - FLOOR_DB) / -FLOOR_DB))


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if not math.isfinite(value):
        return f"-∞ {unit}"
    return f"{value:.1f} {unit}"


class _Bars(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: MeterReading | None = None
        self.setMinimumHeight(36)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, 44)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#202020"))
        r = self.reading
        if r is None:
            return
        rows = max(1, len(r.peak_dbfs))
        h = self.height() / rows
        w = self.width()
        for c in range(rows):
            top = c * h + 2
            height = h - 4
            peak = _frac(r.peak_dbfs[c])
            colour = QColor("#d03030") if r.peak_dbfs[c] > -3 else (
                QColor("#e0b020") if r.peak_dbfs[c] > -12 else QColor("#30b040"))
            p.fillRect(QRectF(0, top, w * peak, height), colour)
            p.fillRect(QRectF(0, top + height * 0.35, w * _frac(r.rms_dbfs[c]), height * 0.3),
                       QColor("#a0e0ff"))
            x = w * _frac(r.hold_dbfs[c])
            p.fillRect(QRectF(max(0.0, x - 2), top, 2, height), QColor("#ffffff"))
        p.setPen(QColor("#808080"))
        for db in (-48, -36, -24, -18, -12, -6, -3):
            x = w * _frac(db)
            p.drawLine(int(x), 0, int(x), 3)


class LevelMeterWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = _Bars(self)
        self.peak = QLabel(self)
        self.rms = QLabel(self)
        self.momentary = QLabel(self)
        self.short_term = QLabel(self)
        self.clip = QLabel(self.tr("CLIP"), self)
        self.clip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clip.setMinimumWidth(48)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bars)
        figures = QHBoxLayout()
        for label in (self.peak, self.rms, self.momentary, self.short_term):
            figures.addWidget(label)
        figures.addStretch(1)
        figures.addWidget(self.clip)
        layout.addLayout(figures)
        self.clear()

    def clear(self) -> None:
        self.bars.reading = None
        self.bars.update()
        self.peak.setText(self.tr("Peak hold: —"))
        self.rms.setText(self.tr("RMS: —"))
        self.momentary.setText(self.tr("M: —"))
        self.short_term.setText(self.tr("S: —"))
        self._set_clip(False)

    def _set_clip(self, on: bool) -> None:
        self.clip.setStyleSheet("background:#d03030;color:white;font-weight:bold" if on
                                else "background:#404040;color:#808080")
        self.clip.setToolTip(self.tr("A sample reached full scale: lower the input level")
                             if on else "")

    def set_reading(self, r: MeterReading) -> None:
        self.bars.reading = r
        self.bars.update()
        self.peak.setText(self.tr("Peak hold: %1").replace(
            "%1", _fmt(max(r.hold_dbfs, default=-math.inf), "dBFS")))
        self.rms.setText(self.tr("RMS: %1").replace(
            "%1", _fmt(max(r.rms_dbfs, default=-math.inf), "dBFS")))
        self.momentary.setText(self.tr("M: %1").replace("%1", _fmt(r.momentary_lufs, "LUFS")))
        self.short_term.setText(self.tr("S: %1").replace("%1",
                                                         _fmt(r.short_term_lufs, "LUFS")))
        self._set_clip(any(r.clipped))

    @property
    def clipped(self) -> bool:
        r = self.bars.reading
        return bool(r and any(r.clipped))
