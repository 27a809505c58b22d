"""The editor's scales: a time ruler above the waveform (ticks that follow the zoom), a level
scale in dB beside it, and the time and number formats of the UI language (QLocale)."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from station.clock import fmt_duration
from ui.widgets.waveform_editor import TimelineView

# Steps between labelled ticks, in seconds; the ruler takes the first at least LABEL_PX apart.
_STEPS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120,
          300, 600, 900, 1800, 3600, 7200)
LABEL_PX = 90.0
LEVEL_TICKS_DB = (0, -3, -6, -12, -18, -24)  # the waveform's amplitude is linear


def clock_ms(seconds: float, decimals: int = 3) -> str:
    """``m:ss.mmm`` (``h:mm:ss.mmm`` from an hour), the fraction after the locale's decimal
    sign: 0:01,250 in Vietnamese, 0:01.250 in English."""
    return fmt_duration(max(seconds, 0.0), decimals=decimals, point=QLocale().decimalPoint())


def seconds_text(seconds: float, decimals: int = 3) -> str:
    """A number of seconds in the UI language's format (0,970 in Vietnamese)."""
    return QLocale().toString(float(seconds), "f", decimals)


def count_text(n: int) -> str:
    """A count with the UI language's group separator (175.044 in Vietnamese)."""
    return QLocale().toString(int(n))


def ruler_step(seconds_per_px: float) -> float:
    """The labelled tick step for a zoom: the smallest that leaves room for a label."""
    for step in _STEPS:
        if step / seconds_per_px >= LABEL_PX:
            return step
    return _STEPS[-1] * math.ceil(LABEL_PX * seconds_per_px / _STEPS[-1])


def _label(at: float, step: float) -> str:
    decimals = 0 if step >= 1 else 1 if step >= 0.1 else 2 if step >= 0.01 else 3
    return clock_ms(at, decimals)


class TimeRuler(QWidget):
    """Ticks and m:ss labels over the view's visible stretch, redrawn when it zooms or
    scrolls; ``labels()`` says what it shows (for tests and screen readers)."""

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("editorTimeRuler")
        self.setFixedHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        view.view_changed.connect(self.update)
        view.cursor_moved.connect(lambda _: self.update())

    def ticks(self) -> list[tuple[float, str]]:
        """(x, label) of each labelled tick in view; minor ticks are drawn between."""
        edl = self.view.edl
        if edl is None or not edl.clips or self.view.width() <= 0:
            return []
        rate, fpp = edl.rate, self.view.fpp
        step = ruler_step(fpp / rate)
        first = math.floor(self.view.start / rate / step)
        last = (self.view.start + self.view.visible_frames()) / rate
        out, k = [], first
        while k * step <= last:
            at = k * step
            if at >= 0:
                out.append((self.view.x_of(at * rate), _label(at, step)))
            k += 1
        return out

    def labels(self) -> list[str]:
        return [text for _x, text in self.ticks()]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#263640"))
        ticks = self.ticks()
        h = self.height()
        painter.setPen(QPen(QColor("#8aa0ad"), 1))
        if len(ticks) >= 2:  # four minor ticks between labels
            gap = (ticks[1][0] - ticks[0][0]) / 5
            x = ticks[0][0] - 5 * gap
            while x <= self.width():
                painter.drawLine(QPointF(x, h - 4), QPointF(x, h))
                x += gap
        painter.setPen(QPen(QColor("#cfd8dc"), 1))
        for x, text in ticks:
            painter.drawLine(QPointF(x, h - 10), QPointF(x, h))
            painter.drawText(QPointF(x + 3, h - 10), text)
        # Where the cursor is, on the ruler too.
        painter.setPen(QPen(QColor("#ffffff"), 1))
        x = self.view.x_of(self.view.position)
        painter.drawLine(QPointF(x, 0), QPointF(x, h))


class LevelScale(QWidget):
    """dBFS marks beside each channel's lane of the waveform (0 dB at the lane's edge)."""

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("editorLevelScale")
        self.setFixedWidth(34)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        view.view_changed.connect(self.update)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(34, 160)

    def marks(self) -> list[tuple[float, str]]:
        """(y, label) of each mark, lane by lane, matching how the view draws amplitude."""
        lanes = self.view.edl.channels if self.view.edl is not None else 1
        lane_h = self.height() / lanes
        out = []
        for ch in range(lanes):
            mid, half = lane_h * (ch + 0.5), lane_h * 0.45
            for db in LEVEL_TICKS_DB:
                amp = 10 ** (db / 20)
                out.append((mid - amp * half, str(db)))
                if db:
                    out.append((mid + amp * half, str(db)))
            out.append((mid, "-∞"))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#263640"))
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 6.0))
        painter.setFont(font)
        painter.setPen(QPen(QColor("#cfd8dc"), 1))
        w = self.width()
        last_y = -100.0
        for y, text in sorted(self.marks()):
            painter.drawLine(QPointF(w - 4, y), QPointF(w, y))
            if y - last_y >= 11:  # labels that would overlap are left out, ticks stay
                painter.drawText(QRectF(0, y - 6, w - 5, 12),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 text)
                last_y = y
