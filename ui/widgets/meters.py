"""Level meters: per channel a peak bar with its hold line and an RMS bar, the momentary and
short-term loudness and a clip lamp (the Record tab, fed with media.meters readings); the
programme meter of On air (RMS and peak per channel); both over a dBFS scale. They only
paint, so updating them 15 times a second costs nothing."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from media.meters import MeterReading

FLOOR_DB = -60.0
SCALE_DB = (0, -6, -12, -18, -24, -36, -48, -60)  # the marks of the scale under the bars


def _frac(db: float) -> float:
    if not math.isfinite(db):
        return 0.0
    return min(1.0, max(0.0, (db - FLOOR_DB) / -FLOOR_DB))


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if not math.isfinite(value):
        return f"-∞ {unit}"
    return f"{QLocale().toString(float(value), 'f', 1)} {unit}"  # 0,5 in Vietnamese


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
        _grid(p, w, self.height())


def _grid(p: QPainter, w: float, h: float) -> None:
    """Faint lines across the bars at the scale's marks, so a level reads against them."""
    p.setPen(QPen(QColor(255, 255, 255, 40), 1))
    for db in SCALE_DB[1:-1]:
        x = w * _frac(db)
        p.drawLine(QPointF(x, 0), QPointF(x, h))


class DbScale(QWidget):
    """Tick marks and dBFS labels under a horizontal meter, at the bars' positions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meterScale")
        self.setFixedHeight(max(self.fontMetrics().height() + 2, 14))  # ticks above the labels

    def marks(self) -> list[tuple[float, str]]:
        """(x, label) of each mark, left (-60) to right (0)."""
        w = float(self.width())
        return sorted((w * _frac(db), str(db)) for db in SCALE_DB)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        font = p.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.0))
        p.setFont(font)
        p.setPen(QColor("#909090"))
        h = self.height()
        marks = self.marks()
        for n, (x, text) in enumerate(marks):
            p.drawLine(QPointF(x, 0), QPointF(x, 3))
            width = p.fontMetrics().horizontalAdvance(text)
            # Labels centred on their tick; the end ones kept inside the widget.
            left = 0.0 if n == 0 else x - width if n == len(marks) - 1 else x - width / 2
            p.drawText(QRectF(left, 4, width + 1, h - 4),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class _StereoBars(QWidget):
    """Two bars (left, right): RMS filled (yellow above -18 dBFS), peak as a line (red
    above -3 dBFS)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(24)
        self.rms = (FLOOR_DB, FLOOR_DB)
        self.peak = (FLOOR_DB, FLOOR_DB)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        w, h = float(self.width()), float(self.height())
        p.fillRect(self.rect(), QColor("#202020"))
        bar = (h - 3) / 2
        warn = w * _frac(-18.0)
        for ch in range(2):
            top = 1 + ch * (bar + 1)
            rms_x = w * _frac(self.rms[ch])
            p.fillRect(QRectF(0, top, min(rms_x, warn), bar), QColor("#3cb371"))
            if rms_x > warn:
                p.fillRect(QRectF(warn, top, rms_x - warn, bar), QColor("#e0c020"))
            peak_x = w * _frac(self.peak[ch])
            p.fillRect(QRectF(max(0.0, peak_x - 2), top, 2, bar),
                       QColor("#ff3030") if self.peak[ch] > -3 else QColor("#f0f0f0"))
        _grid(p, w, h)


class ProgramMeter(QWidget):
    """On air's meter: what goes out, left and right, over a dBFS scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = _StereoBars(self)
        self.scale = DbScale(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.bars)
        layout.addWidget(self.scale)

    @property
    def rms(self) -> tuple[float, float]:
        return self.bars.rms

    @property
    def peak(self) -> tuple[float, float]:
        return self.bars.peak

    def set_levels(self, rms: tuple[float, float], peak: tuple[float, float]) -> None:
        self.bars.rms, self.bars.peak = rms, peak
        self.bars.update()


class LevelMeterWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = _Bars(self)
        self.scale = DbScale(self)
        self.peak = QLabel(self)
        self.rms = QLabel(self)
        self.momentary = QLabel(self)
        self.short_term = QLabel(self)
        self.clip = QLabel(self.tr("CLIP"), self)
        self.clip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clip.setMinimumWidth(48)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.bars)
        layout.addWidget(self.scale)
        figures = QHBoxLayout()
        figures.setSpacing(18)  # the readouts apart, not run together
        for label in (self.peak, self.rms, self.momentary, self.short_term):
            figures.addWidget(label)
        figures.addStretch(1)
        figures.addWidget(self.clip)
        layout.addLayout(figures)
        self.clear()

    def clear(self) -> None:
        """No reading: empty bars and dashes (before the first one, and after a stop)."""
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
