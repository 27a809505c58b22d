"""How a slot row and a session's fill are drawn in the week view, and the line that shows
where a drop will land (used by the session lists and the rundown table).

A row is three parts: the start time (HH:mm in the week, HH:mm:ss in the day), the title
elided in the room left, and the length right-aligned, so a narrow column still shows what
airs and for how long; the whole row is in its tooltip. In the week's narrow columns the
title gets two lines of its own (wrapped at a word), under the time and the length."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.schedule import words

KEY_ROLE = Qt.ItemDataRole.UserRole
TIME_ROLE = Qt.ItemDataRole.UserRole + 1  # "05:30"
TIME_S_ROLE = Qt.ItemDataRole.UserRole + 2  # "05:30:18"
TITLE_ROLE = Qt.ItemDataRole.UserRole + 3
LENGTH_ROLE = Qt.ItemDataRole.UserRole + 4  # "5:00", "≈1:10"
MARKS_ROLE = Qt.ItemDataRole.UserRole + 5  # "Priority, length unknown"

AnyIndex = QModelIndex | QPersistentModelIndex


class SlotDelegate(QStyledItemDelegate):
    """Time | title (elided) | length. ``detailed`` (the day view): seconds and marks;
    ``two_lines`` (the week): time and length above, the title wrapped on two lines below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detailed = False
        self.two_lines = False

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        lines = 3 if self.two_lines else 1
        return QSize(60, option.fontMetrics.height() * lines + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        fm = opt.fontMetrics
        rect = opt.rect.adjusted(4, 0, -4, 0)
        time = str(index.data(TIME_S_ROLE if self.detailed else TIME_ROLE) or "")
        length = str(index.data(LENGTH_ROLE) or "")
        title = str(index.data(TITLE_ROLE) or "")
        marks = str(index.data(MARKS_ROLE) or "")
        if marks and self.detailed:
            title += f"  [{marks}]"
        elif marks:
            title = "• " + title  # something to see in the tooltip
        gap = fm.horizontalAdvance("  ")
        time_w = fm.horizontalAdvance(time)
        length_w = fm.horizontalAdvance(length)
        painter.save()
        painter.setFont(opt.font)
        dim = QColor(colour)
        dim.setAlpha(170)
        flags = Qt.AlignmentFlag.AlignVCenter
        top = QRect(rect)
        if self.two_lines:
            top.setHeight(rect.height() // 3)
        elif rect.width() - time_w - length_w - 2 * gap < fm.horizontalAdvance("Wwww…"):
            length, length_w = "", 0  # too narrow for both: the title matters more
        painter.setPen(dim)
        painter.drawText(QRect(top.left(), top.top(), time_w, top.height()),
                         flags | Qt.AlignmentFlag.AlignLeft, time)
        if length:
            painter.drawText(QRect(top.right() - length_w, top.top(), length_w + 1,
                                   top.height()), flags | Qt.AlignmentFlag.AlignRight, length)
        painter.setPen(colour)
        if self.two_lines:
            line = QRect(rect.left(), top.bottom(), rect.width(), rect.height() - top.height())
        else:
            left = rect.left() + time_w + gap
            line = QRect(left, rect.top(), rect.right() - left - (length_w + gap if length else 0),
                         rect.height())
        if line.width() > 0 and self.two_lines:
            first, rest = wrap_once(title, fm, line.width())
            half = line.height() // 2
            painter.drawText(QRect(line.left(), line.top(), line.width(), half),
                             flags | Qt.AlignmentFlag.AlignLeft, first)
            painter.drawText(QRect(line.left(), line.top() + half, line.width(), half),
                             flags | Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(rest, Qt.TextElideMode.ElideRight, line.width()))
        elif line.width() > 0:
            shown = fm.elidedText(title, Qt.TextElideMode.ElideRight, line.width())
            painter.drawText(line, flags | Qt.AlignmentFlag.AlignLeft, shown)
        painter.restore()


def wrap_once(text: str, fm: QFontMetrics, width: int) -> tuple[str, str]:
    """``text`` as its longest first line within ``width`` (broken at a space when one fits)
    and the rest."""
    if fm.horizontalAdvance(text) <= width:
        return text, ""
    cut = 1
    while cut < len(text) and fm.horizontalAdvance(text[:cut + 1]) <= width:
        cut += 1
    space = text.rfind(" ", 0, cut + 1)
    if space > 0:
        cut = space
    return text[:cut].rstrip(), text[cut:].lstrip()


def paint_drop_line(view: QAbstractItemView, line: int, count: int) -> None:
    """A line in the view's viewport where a drop lands: above row ``line``, or below the
    last row when ``line`` is ``count``. Nothing when ``line`` is negative."""
    if line < 0:
        return
    model = view.model()
    if count == 0:
        y = 2
    elif line < count:
        y = view.visualRect(model.index(line, 0)).top()
    else:
        y = view.visualRect(model.index(count - 1, 0)).bottom()
    painter = QPainter(view.viewport())
    pen = QPen(view.palette().color(QPalette.ColorRole.Highlight))
    pen.setWidth(2)
    painter.setPen(pen)
    painter.drawLine(2, max(1, y), view.viewport().width() - 3, max(1, y))
    painter.end()


class FillBar(QWidget):
    """A session's fill against its length: green on time, amber when it under-runs, red when
    it over-runs (the words are beside it; this is for a glance across the week)."""

    def __init__(self, total_s: float, length_s: float, status: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total_s, self.length_s, self.status = total_s, length_s, status
        self.setFixedHeight(5)

    @property
    def fraction(self) -> float:
        return 1.0 if self.length_s <= 0 else min(1.0, self.total_s / self.length_s)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        colour = {"over": words.ERROR_COLOUR, "under": words.WARNING_COLOUR}.get(
            self.status, words.GOOD_COLOUR)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Midlight))
        filled = QRect(self.rect())
        filled.setWidth(round(self.width() * self.fraction))
        painter.fillRect(filled, QColor(colour))
        painter.end()
