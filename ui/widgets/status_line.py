"""A status line that keeps its place: as tall when empty as when it speaks, so the buttons
around it never move under the pointer (the rundown's "Remove" missed four clicks in five
when a message pushed it down). Text longer than the line is elided; the tooltip has it all."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def _rich(text: str) -> bool:
    return bool(GuiQt.mightBeRichText(text))


class StatusLine(QLabel):
    """``lines`` lines of text, always reserved. One line is elided at its end; several wrap
    and are cut at the last reserved line. ``text()`` gives the full text."""

    def __init__(self, parent: QWidget | None = None, lines: int = 1) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = max(1, lines)
        self.setWordWrap(self._lines > 1)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Any width will do (the text elides), the height is the reserved lines.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def _fit_height(self) -> None:
        m = self.contentsMargins()
        lines = self.fontMetrics().lineSpacing() * self._lines
        self.setFixedHeight(lines + m.top() + m.bottom() + 2)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text or ""
        self._show()

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def _show(self) -> None:
        if self._lines > 1 or _rich(self._full):
            super().setText(self._full)
            # wrapped text may run past the reserved lines: the tooltip has it whole
            self.setToolTip("" if _rich(self._full) else self._full)
            return
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(0, self.contentsRect().width()))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, self.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(min(400, self.fontMetrics().horizontalAdvance(self._full) + 4),
                     self.height())
