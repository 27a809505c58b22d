"""The chosen segment's kind and transition, and how many segments a music bed runs under."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QSpinBox, QWidget

from station.programmes.rundowns import Segment


class SegmentBar(QWidget):
    """Says what the user set; the panel makes the edit."""

    kind_chosen = Signal(str)
    transition_changed = Signal()  # read mode and seconds from ``transition()``
    under_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kinds = {"jingle": self.tr("Jingle"), "link": self.tr("Presenter link"),
                      "news": self.tr("News item"), "interview": self.tr("Interview"),
                      "bed": self.tr("Music bed"), "tts": self.tr("TTS bulletin"),
                      "relay": self.tr("Relay item")}
        self.segues = {"butt": self.tr("Straight after"), "crossfade": self.tr("Crossfade"),
                       "overlap": self.tr("Overlap")}
        edit = QHBoxLayout(self)
        edit.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self)
        for code, name in self.kinds.items():
            self.kind.addItem(name, code)
        self.kind.activated.connect(lambda _i: self.kind_chosen.emit(str(self.kind.currentData())))
        self.segue = QComboBox(self)
        for code, name in self.segues.items():
            self.segue.addItem(name, code)
        self.segue.activated.connect(lambda _i: self.transition_changed.emit())
        self.segue_s = QDoubleSpinBox(self)
        self.segue_s.setRange(0, 30)
        self.segue_s.setSingleStep(0.5)
        self.segue_s.setSuffix(" s")
        self.segue_s.editingFinished.connect(self.transition_changed.emit)
        self.under = QSpinBox(self)
        self.under.setRange(0, 50)
        self.under.setPrefix(self.tr("under "))
        self.under.setToolTip(self.tr("A music bed runs ducked under this many segments"))
        self.under.editingFinished.connect(lambda: self.under_changed.emit(self.under.value()))
        for w in (self.kind, self.segue, self.segue_s, self.under):
            edit.addWidget(w)
        edit.addStretch(1)

    def transition(self) -> tuple[str, float]:
        """The transition set: (mode, seconds); straight after has no length."""
        mode = str(self.segue.currentData())
        return mode, 0.0 if mode == "butt" else self.segue_s.value()

    def set_transition(self, mode: str, seconds: float) -> None:
        self.segue_s.setValue(seconds)
        self.segue.setCurrentIndex(self.segue.findData(mode))

    def show_segment(self, seg: Segment) -> None:
        self.kind.setCurrentIndex(self.kind.findData(seg.kind))
        self.segue.setCurrentIndex(self.segue.findData(seg.segue))
        self.segue_s.setValue(seg.segue_s)
        self.under.setValue(seg.bed_under)

    def enable(self, seg: Segment | None) -> None:
        for w in (self.kind, self.segue, self.segue_s):
            w.setEnabled(seg is not None)
        self.under.setEnabled(seg is not None and seg.kind == "bed")
