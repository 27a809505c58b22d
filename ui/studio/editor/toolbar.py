"""The editor's commands as actions: transport (zoom, play, render) beside the title, the
edits (undo, cut, paste...) and the tools (fades, gain, loudness, ducking) each in a toolbar
of their own, one row each, so that nothing hides behind an overflow button at 1280 px."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QToolBar, QWidget

from media.editgraph import CURVES

_TRANSPORT = ("zoom_in", "zoom_out", "zoom_all", "play", "loop", "render")
_EDITS = ("undo", "redo", "cut", "copy", "paste", "delete", "trim", "silence")
_SEPARATE_AFTER = ("redo", "trim", "fade_out", "envelope", "zoom_all", "loop")


class EditToolbars(QObject):
    """The three toolbars and the curve combo (the panel lays them out); ``triggered`` names
    the command chosen."""

    triggered = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.transport = QToolBar(parent)  # zoom, play and render, beside the title
        self.toolbar = QToolBar(parent)  # the edits
        self.tools = QToolBar(parent)  # fades, levels, loudness, pauses, music under
        for bar, name in ((self.transport, "editorTransport"), (self.toolbar, "editorEdits"),
                          (self.tools, "editorTools")):
            bar.setObjectName(name)
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.commands: dict[str, QAction] = {}
        self.curve = QComboBox(parent)
        names = self._curve_names()
        for code in CURVES:
            self.curve.addItem(names.get(code, code), code)
        self.curve.setToolTip(self.tr("Fade curve"))
        self.curve.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for name, text, tip in self._action_list():
            act = QAction(text, parent)
            act.setToolTip(tip)
            act.setObjectName(f"edit_{name}")
            act.triggered.connect(lambda _=False, n=name: self.triggered.emit(n))
            self.commands[name] = act
            bar = self.transport if name in _TRANSPORT else \
                self.toolbar if name in _EDITS else self.tools
            bar.addAction(act)
            if name == "fade_out":
                bar.addWidget(self.curve)
            if name in _SEPARATE_AFTER:
                bar.addSeparator()

    def bars(self) -> tuple[QToolBar, ...]:
        return self.transport, self.toolbar, self.tools

    def enable(self, have: bool, can_undo: bool, can_redo: bool) -> None:
        """``have``: a project is open and nothing is in flight."""
        for name, act in self.commands.items():
            act.setEnabled(have and (can_undo if name == "undo" else
                                     can_redo if name == "redo" else True))

    def _action_list(self) -> list[tuple[str, str, str]]:
        return [
            ("undo", self.tr("Undo"), self.tr("Undo the last edit (Ctrl+Z)")),
            ("redo", self.tr("Redo"), self.tr("Redo (Ctrl+Shift+Z)")),
            ("cut", self.tr("Cut"), self.tr("Cut the selection (Ctrl+X)")),
            ("copy", self.tr("Copy"), self.tr("Copy the selection (Ctrl+C)")),
            ("paste", self.tr("Paste"), self.tr("Paste at the cursor (Ctrl+V)")),
            ("delete", self.tr("Delete"), self.tr("Delete the selection (Delete)")),
            ("trim", self.tr("Trim"), self.tr("Keep only the selection (Ctrl+T)")),
            ("silence", self.tr("Silence…"), self.tr("Insert silence at the cursor")),
            ("fade_in", self.tr("Fade in"), self.tr("Fade in over the selection")),
            ("fade_out", self.tr("Fade out"), self.tr("Fade out over the selection")),
            ("crossfade", self.tr("Crossfade…"),
             self.tr("Crossfade the two clips meeting nearest the cursor")),
            ("gain", self.tr("Gain…"), self.tr("Change the level of the selection")),
            ("envelope", self.tr("Volume ramp…"),
             self.tr("A volume envelope from the selection's start to its end")),
            ("normalise", self.tr("Normalise"),
             self.tr("Render at the station's loudness target (EBU R128)")),
            ("truncate", self.tr("Truncate silence"),
             self.tr("Shorten pauses longer than a second")),
            ("voice_over", self.tr("Music under…"),
             self.tr("Lay the item chosen in the list under the voice from the cursor, "
                     "ducked while the voice speaks")),
            ("zoom_in", self.tr("Zoom in"), self.tr("Zoom in (+, Ctrl+wheel)")),
            ("zoom_out", self.tr("Zoom out"), self.tr("Zoom out (-)")),
            ("zoom_all", self.tr("Whole"), self.tr("Show the whole edit")),
            ("play", self.tr("Play"), self.tr("Play from the cursor / stop (Space)")),
            ("loop", self.tr("Loop"), self.tr("Play the selection in a loop (L)")),
            ("render", self.tr("Render"),
             self.tr("Render the edit to a new library item; the original stays")),
        ]

    def _curve_names(self) -> dict[str, str]:
        """Words for ffmpeg's fade curves (the editor shows these, the edit list keeps codes)."""
        return {
            "tri": self.tr("Linear"), "qsin": self.tr("Quarter sine"),
            "hsin": self.tr("Half sine"), "esin": self.tr("Exponential sine"),
            "log": self.tr("Logarithmic"), "ipar": self.tr("Inverted parabola"),
            "qua": self.tr("Quadratic"), "cub": self.tr("Cubic"),
            "squ": self.tr("Square root"), "cbr": self.tr("Cube root"),
            "par": self.tr("Parabola"), "exp": self.tr("Exponential"),
            "iqsin": self.tr("Inverted quarter sine"), "ihsin": self.tr("Inverted half sine"),
            "losi": self.tr("Logistic sigmoid"), "desi": self.tr("Double-exponential sigmoid"),
        }
