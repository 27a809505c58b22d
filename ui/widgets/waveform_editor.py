"""The editor's waveform: an edit list drawn from its sources' cached peaks, at any zoom.

Each visible clip asks its source's multi-resolution peaks for the columns it covers, so a
2-hour programme draws from a few thousand values at any zoom. Zoomed in to a few samples per
pixel the peaks are too coarse: the view asks (``samples_needed``) for the real samples of
what it shows, which the editor reads with soundfile off the GUI thread and hands back with
``set_samples``. Positions are timeline samples (integers) throughout.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from media.editgraph import Clip, EditList
    from media.peaks import WaveformPeaks

SAMPLE_ZOOM_FPP = 32.0  # below this many frames per pixel, draw the real samples
MIN_FPP = 1.0 / 16  # the deepest zoom: 16 pixels per sample


def timeline_envelope(edl: EditList, peaks: dict[str, WaveformPeaks], start: float,
                      fpp: float, width: int) -> np.ndarray:
    """Min/max per column (width, channels, 2) of the timeline from ``start`` at ``fpp``
    frames per pixel, composed from each visible clip's source peaks (gain applied)."""
    out = np.zeros((max(width, 0), edl.channels, 2), dtype=np.float32)
    if width <= 0 or not edl.clips:
        return out
    stop = start + width * fpp
    for clip, at in zip(edl.clips, edl.starts(), strict=True):
        n = clip.length(edl.rate)
        a, b = max(float(at), start), min(float(at + n), stop)
        if b <= a or clip.silent:
            continue
        src = peaks.get(clip.sha256)
        if src is None:
            continue
        x0, x1 = int((a - start) / fpp), min(width, math.ceil((b - start) / fpp))
        cols = max(x1 - x0, 1)
        s0 = clip.to_source(round(start + x0 * fpp - at), edl.rate)
        s1 = clip.to_source(round(start + (x0 + cols) * fpp - at), edl.rate)
        env = src.envelope(max(s0, clip.start), min(s1, clip.end), cols)
        if clip.gain_db or clip.fade_in or clip.fade_out or clip.envelope:
            offsets = start + (x0 + np.arange(cols) + 0.5) * fpp - at
            env = env * _shape(clip, offsets, n)[:, None, None]
        ch = min(env.shape[1], edl.channels)
        if env.shape[1] < edl.channels:  # a mono source on a stereo timeline: both lanes
            env = np.repeat(env[:, :1], edl.channels, axis=1)
            ch = edl.channels
        part = out[x0 : x0 + cols, :ch]
        np.minimum(part[..., 0], env[: len(part), :ch, 0], out=part[..., 0])
        np.maximum(part[..., 1], env[: len(part), :ch, 1], out=part[..., 1])
    return out


def timeline_markers(edl: EditList,
                     source_markers: Mapping[str, list[tuple[float, str]]]) -> list[tuple[int, str]]:
    """Markers of the sources (item id -> (seconds into the source, label), e.g. dropped
    while recording) where they now fall on the timeline; a marker in a part cut away is
    not shown, one in a part pasted twice is shown twice."""
    out: list[tuple[int, str]] = []
    for clip, at in zip(edl.clips, edl.starts(), strict=True):
        for seconds, label in source_markers.get(clip.item_id, ()) if not clip.silent else ():
            pos = round(seconds * clip.rate)
            if clip.start <= pos < clip.end:
                offset = pos - clip.start
                out.append((at + (offset if clip.rate == edl.rate
                                  else round(offset * edl.rate / clip.rate)), label))
    return sorted(out)


def _shape(clip: Clip, offsets: np.ndarray, length: int) -> np.ndarray:
    """The clip's gain, envelope and fades at ``offsets`` (drawn as straight ramps)."""
    gain = np.full(len(offsets), 10 ** (clip.gain_db / 20), dtype=np.float32)
    if clip.envelope:
        xs, dbs = zip(*sorted(clip.envelope), strict=True)
        gain *= 10 ** (np.interp(offsets, xs, dbs) / 20)
    if clip.fade_in:  # one piece of a curve that may have begun on the clips before
        lead = clip.fade_in_lead
        gain *= np.clip((lead + offsets) / (lead + clip.fade_in), 0, 1)
    if clip.fade_out:  # ... or that may end on the clips after
        tail = clip.fade_out_tail
        gain *= np.clip((length - offsets + tail) / (clip.fade_out + tail), 0, 1)
    return gain


class TimelineView(QWidget):
    """Cursor, selection (drag, Shift+click), zoom (Ctrl+wheel, +/-), scroll (wheel);
    editing keys are passed on as ``command`` names."""

    cursor_moved = Signal(int)
    selection_changed = Signal()
    view_changed = Signal()
    samples_needed = Signal(int, int)  # timeline frames [start, end) to read
    scrub = Signal(int)  # a position dragged over with the right button
    command = Signal(str)

    KEYS: ClassVar[dict[tuple[int, bool, bool], str]] = {
        (Qt.Key.Key_Space, False, False): "play",
        (Qt.Key.Key_X, True, False): "cut",
        (Qt.Key.Key_C, True, False): "copy",
        (Qt.Key.Key_V, True, False): "paste",
        (Qt.Key.Key_Delete, False, False): "delete",
        (Qt.Key.Key_Backspace, False, False): "delete",
        (Qt.Key.Key_Z, True, False): "undo",
        (Qt.Key.Key_Z, True, True): "redo",
        (Qt.Key.Key_Y, True, False): "redo",
        (Qt.Key.Key_T, True, False): "trim",
        (Qt.Key.Key_L, False, False): "loop",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edl: EditList | None = None
        self.peaks: dict[str, WaveformPeaks] = {}
        self.start = 0.0  # the first visible frame
        self.fpp = 1.0  # frames per pixel
        self.position = 0
        self.anchor: int | None = None
        self.selection: tuple[int, int] | None = None
        self.play_pos: int | None = None
        self.markers: list[tuple[int, str]] = []  # (timeline frame, label)
        self._samples: tuple[int, np.ndarray] | None = None  # (first frame, frames x channels)
        self._asked: tuple[int, int] | None = None
        self._whole = True
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)

    # -- model ---------------------------------------------------------------------
    @property
    def frames(self) -> int:
        return self.edl.frames if self.edl else 0

    def set_edit(self, edl: EditList | None, peaks: dict[str, WaveformPeaks], *,
                 keep_view: bool = False) -> None:
        self.edl = edl
        self.peaks = peaks
        self._samples = None
        self._asked = None
        if not keep_view:
            self.position = 0
            self.selection = None
            self.zoom_all()
        else:
            self.position = min(self.position, self.frames)
            if self.selection and self.selection[1] > self.frames:
                self.selection = None
            if self._whole:
                self.zoom_all()
            self._clamp()
        self.update()

    def set_samples(self, first: int, data: np.ndarray) -> None:
        self._samples = (first, data)
        self.update()

    # -- view ----------------------------------------------------------------------
    def zoom_all(self) -> None:
        self.start = 0.0
        self.fpp = max(self.frames / max(self.width(), 1), MIN_FPP) if self.frames else 1.0
        self._whole = True
        self.view_changed.emit()
        self.update()

    def zoom(self, factor: float, around: float | None = None) -> None:
        """Zoom by ``factor`` (< 1 zooms in) keeping the frame ``around`` where it is."""
        if not self.frames:
            return
        pivot = self.position if around is None else around
        x = (pivot - self.start) / self.fpp
        most = max(self.frames / max(self.width(), 1), MIN_FPP)
        self.fpp = min(max(self.fpp * factor, MIN_FPP), most)
        self._whole = self.fpp >= most
        self.start = pivot - x * self.fpp
        self._clamp()
        self.view_changed.emit()
        self.update()

    def scroll_to(self, frame: float) -> None:
        self.start = frame
        self._clamp()
        self.view_changed.emit()
        self.update()

    def visible_frames(self) -> float:
        return self.width() * self.fpp

    def _clamp(self) -> None:
        self.start = min(max(self.start, 0.0), max(self.frames - self.visible_frames(), 0.0))

    def frame_at(self, x: float) -> int:
        return int(min(max(round(self.start + x * self.fpp), 0), self.frames))

    def x_of(self, frame: float) -> float:
        return (frame - self.start) / self.fpp

    def set_cursor(self, frame: int, *, extend: bool = False) -> None:
        frame = int(min(max(frame, 0), self.frames))
        if extend:
            anchor = self.anchor if self.anchor is not None else self.position
            self.anchor = anchor
            self.selection = (min(anchor, frame), max(anchor, frame)) if frame != anchor \
                else None
            self.selection_changed.emit()
        else:
            self.anchor = frame
            if self.selection is not None:
                self.selection = None
                self.selection_changed.emit()
        self.position = frame
        self.cursor_moved.emit(frame)
        self.update()

    def set_selection(self, start: int, end: int) -> None:
        self.anchor, self.position = start, end
        self.selection = (start, end) if end > start else None
        self.selection_changed.emit()
        self.update()

    def set_play_position(self, frame: int | None) -> None:
        self.play_pos = frame
        if frame is not None and not self.start <= frame < self.start + self.visible_frames():
            self.scroll_to(frame - self.visible_frames() * 0.1)  # follow the play head
        self.update()

    # -- events --------------------------------------------------------------------
    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        if self._whole:
            self.zoom_all()  # showing everything stays showing everything
        else:
            self._clamp()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.setFocus()
        frame = self.frame_at(event.position().x())
        if event.button() == Qt.MouseButton.RightButton:
            self.scrub.emit(frame)
            return
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.set_cursor(frame, extend=extend)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        frame = self.frame_at(event.position().x())
        if event.buttons() & Qt.MouseButton.RightButton:
            self.scrub.emit(frame)
        elif event.buttons() & Qt.MouseButton.LeftButton:
            self.set_cursor(frame, extend=True)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(0.8**steps, self.start + event.position().x() * self.fpp)
        else:
            self.scroll_to(self.start - steps * self.visible_frames() / 8)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        key = event.key()
        name = self.KEYS.get((key, ctrl, shift)) or self.KEYS.get((key, ctrl, False))
        if name == "redo" and key == Qt.Key.Key_Z and not shift:
            name = "undo"
        if name is not None:
            self.command.emit(name)
            return
        step = max(1, round(self.fpp * (10 if ctrl else 1)))
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.set_cursor(self.position + (step if key == Qt.Key.Key_Right else -step),
                            extend=shift)
        elif key == Qt.Key.Key_Home:
            self.set_cursor(0, extend=shift)
        elif key == Qt.Key.Key_End:
            self.set_cursor(self.frames, extend=shift)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(0.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom(2.0)
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.set_selection(0, self.frames)
        else:
            super().keyPressEvent(event)

    # -- drawing -------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1e2a33"))
        width, height = self.width(), self.height()
        edl = self.edl
        if edl is None or not edl.clips:
            painter.setPen(QColor("#8aa0ad"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Open an item to edit it"))
            return
        if self.selection is not None:
            a, b = (self.x_of(v) for v in self.selection)
            painter.fillRect(QRectF(a, 0, max(b - a, 1), height), QColor("#35506a"))
        lanes = edl.channels
        lane_h = height / lanes
        if self.fpp <= SAMPLE_ZOOM_FPP and self._draw_samples(painter, lane_h):
            pass
        else:
            env = timeline_envelope(edl, self.peaks, self.start, self.fpp, width)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#4fc3f7"))
            xs = np.arange(width, dtype=np.float64)
            for ch in range(lanes):
                mid, half = lane_h * (ch + 0.5), lane_h * 0.45
                top = [QPointF(x, y) for x, y in zip(xs, mid - env[:, ch, 1] * half,
                                                     strict=True)]
                bottom = [QPointF(x, y) for x, y in zip(xs[::-1], mid - env[::-1, ch, 0] * half,
                                                        strict=True)]
                painter.drawPolygon(QPolygonF(top + bottom))
        # Clip boundaries, beds, cursor and play head.
        painter.setPen(QPen(QColor("#ffb74d"), 1, Qt.PenStyle.DashLine))
        for at in edl.starts()[1:]:
            x = self.x_of(at)
            if 0 <= x <= width:
                painter.drawLine(QPointF(x, 0), QPointF(x, height))
        painter.setPen(QPen(QColor("#aed581"), 1))
        for at, label in self.markers:
            x = self.x_of(at)
            if 0 <= x <= width:
                painter.drawLine(QPointF(x, 0), QPointF(x, height))
                painter.drawText(QPointF(x + 3, 12), label)
        for bed in edl.beds:
            a = self.x_of(bed.at)
            b = self.x_of(bed.at + bed.clip.length(edl.rate))
            painter.fillRect(QRectF(a, height - 6, max(b - a, 1), 6), QColor("#81c784"))
        painter.setPen(QPen(QColor("#ffffff"), 1))
        x = self.x_of(self.position)
        painter.drawLine(QPointF(x, 0), QPointF(x, height))
        if self.play_pos is not None:
            painter.setPen(QPen(QColor("#e57373"), 2))
            x = self.x_of(self.play_pos)
            painter.drawLine(QPointF(x, 0), QPointF(x, height))

    def _draw_samples(self, painter: QPainter, lane_h: float) -> bool:
        first = int(self.start)
        last = min(math.ceil(self.start + self.visible_frames()) + 1, self.frames)
        have = self._samples
        if have is None or have[0] > first or have[0] + len(have[1]) < last:
            want = (max(first - (last - first), 0), min(last + (last - first), self.frames))
            if self._asked != want:
                self._asked = want
                self.samples_needed.emit(*want)
            return False
        offset, data = have
        part = data[first - offset : last - offset]
        xs = (np.arange(first, first + len(part)) - self.start) / self.fpp
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#4fc3f7"), 1))
        for ch in range(min(part.shape[1], self.edl.channels if self.edl else 1)):
            mid, half = lane_h * (ch + 0.5), lane_h * 0.45
            ys = mid - part[:, ch] * half
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in zip(xs, ys, strict=True)]))
            if self.fpp < 0.25:  # a dot per sample once they are far apart
                for x, y in zip(xs, ys, strict=True):
                    painter.drawEllipse(QPointF(x, y), 2, 2)
        return True


def read_timeline(edl: EditList, paths: Mapping[str, object], first: int, last: int) -> np.ndarray:
    """The timeline's samples [first, last) as float32 (frames, channels): clips read with
    soundfile, gain applied, fades and envelopes left out (a preview for drawing and
    playing, not the render). Runs on a worker thread."""
    import soundfile as sf

    out = np.zeros((max(last - first, 0), edl.channels), dtype=np.float32)
    for clip, at in zip(edl.clips, edl.starts(), strict=True):
        n = clip.length(edl.rate)
        a, b = max(at, first), min(at + n, last)
        if b <= a or clip.silent or clip.sha256 not in paths:
            continue
        s0 = clip.to_source(a - at, edl.rate)
        s1 = clip.to_source(b - at, edl.rate)
        with sf.SoundFile(str(paths[clip.sha256])) as f:
            f.seek(s0)
            data = f.read(s1 - s0, dtype="float32", always_2d=True)
        if clip.rate != edl.rate and len(data):
            idx = np.linspace(0, len(data) - 1, b - a)
            data = data[np.round(idx).astype(np.int64)]
        if data.shape[1] != edl.channels:
            data = np.repeat(data[:, :1], edl.channels, axis=1) if data.shape[1] == 1 \
                else data[:, : edl.channels]
        if clip.gain_db:
            data = data * np.float32(10 ** (clip.gain_db / 20))
        out[a - first : a - first + len(data)] += data[: b - a]
    return out
