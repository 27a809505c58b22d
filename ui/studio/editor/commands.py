"""What each edit command does: the selection or cursor it works on, the values it asks
for, and the verb it runs (ui.operations.edits). The editor redraws from the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QWidget

from station.station import Station
from ui.operations import Op
from ui.operations import edits as verbs
from ui.widgets.waveform_editor import TimelineView

if TYPE_CHECKING:
    from media.editgraph import EditList

MakeEdit = Callable[[str, list[str]], Op[Any]]  # (project id, sources known) -> the op


class EditorHost(Protocol):
    """The panel the commands work in."""

    station: Station
    view: TimelineView
    status: QLabel
    edl: EditList | None

    def apply(self, make: MakeEdit) -> None: ...

    def copy_selection(self, start: int, end: int) -> None: ...

    def chosen_item(self) -> str | None: ...


class EditCommands(QObject):
    def __init__(self, host: EditorHost, window: QWidget, curve: QComboBox) -> None:
        super().__init__(window)
        self.host = host
        self.window = window  # the dialogs' parent
        self.curve = curve

    def run(self, name: str) -> bool:
        """Run the edit command ``name``; False if it is not one."""
        handler: Callable[[], None] | None = getattr(self, f"cmd_{name}", None)
        if handler is None:
            return False
        handler()
        return True

    def selection(self) -> tuple[int, int] | None:
        """The selection; with none, the status line says how to make one."""
        view = self.host.view
        if view.selection is None:
            self.host.status.setText(self.tr("Select a stretch first (drag, or Shift+click)"))
        return view.selection

    def _ask(self, title: str, label: str, value: float, low: float, high: float,
             decimals: int = 2) -> float | None:
        got, ok = QInputDialog.getDouble(self.window, title, label, value, low, high, decimals)
        return got if ok else None

    def _on_selection(self, verb: Callable[..., Op[Any]], cursor: int | None = None) -> None:
        """Apply ``verb`` to the selection; the cursor goes to ``cursor`` (default: where the
        selection started)."""
        sel = self.selection()
        if sel:
            self.host.view.set_cursor(sel[0] if cursor is None else cursor)
            self.host.apply(lambda pid, known: verb(self.window, self.host.station, pid, known,
                                                    *sel))

    def cmd_undo(self) -> None:
        self.host.apply(lambda pid, known: verbs.undo(self.window, self.host.station, pid,
                                                      known))

    def cmd_redo(self) -> None:
        self.host.apply(lambda pid, known: verbs.redo(self.window, self.host.station, pid,
                                                      known))

    def cmd_cut(self) -> None:
        self._on_selection(verbs.cut)

    def cmd_copy(self) -> None:
        sel = self.selection()
        if sel:
            self.host.copy_selection(*sel)

    def cmd_paste(self) -> None:
        at = self.host.view.position
        self.host.apply(lambda pid, known: verbs.paste(self.window, self.host.station, pid,
                                                       known, at))

    def cmd_delete(self) -> None:
        self._on_selection(verbs.delete)

    def cmd_trim(self) -> None:
        self._on_selection(verbs.trim, cursor=0)

    def cmd_silence(self, seconds: float | None = None) -> None:
        seconds = seconds if seconds is not None else self._ask(
            self.tr("Insert silence"), self.tr("Seconds:"), 1.0, 0.001, 3600)
        edl = self.host.edl
        if seconds and edl is not None:
            at, n = self.host.view.position, round(seconds * edl.rate)
            self.host.apply(lambda pid, known: verbs.insert_silence(
                self.window, self.host.station, pid, known, at, n))

    def cmd_fade_in(self) -> None:
        sel, curve = self.selection(), self.curve.currentData()
        if sel:
            self.host.apply(lambda pid, known: verbs.fade_in(
                self.window, self.host.station, pid, known, *sel, curve))

    def cmd_fade_out(self) -> None:
        sel, curve = self.selection(), self.curve.currentData()
        if sel:
            self.host.apply(lambda pid, known: verbs.fade_out(
                self.window, self.host.station, pid, known, *sel, curve))

    def cmd_crossfade(self, seconds: float | None = None) -> None:
        seconds = seconds if seconds is not None else self._ask(
            self.tr("Crossfade"), self.tr("Length in seconds:"), 0.5, 0.001, 60)
        edl = self.host.edl
        if seconds and edl is not None:
            at, n, curve = self.host.view.position, round(seconds * edl.rate), \
                self.curve.currentData()
            self.host.apply(lambda pid, known: verbs.crossfade(
                self.window, self.host.station, pid, known, at, n, curve))

    def cmd_gain(self, db: float | None = None) -> None:
        sel = self.selection()
        if not sel:
            return
        db = db if db is not None else self._ask(self.tr("Gain"), self.tr("Change in dB:"),
                                                 -3.0, -60, 24)
        if db is not None:
            change = db
            self.host.apply(lambda pid, known: verbs.gain(
                self.window, self.host.station, pid, known, *sel, change))

    def cmd_envelope(self) -> None:
        sel = self.selection()
        if not sel:
            return
        first = self._ask(self.tr("Volume ramp"), self.tr("Level at the start (dB):"), 0.0,
                          -60, 24)
        last = self._ask(self.tr("Volume ramp"), self.tr("Level at the end (dB):"), -12.0,
                         -60, 24) if first is not None else None
        if first is not None and last is not None:
            points = [(sel[0], first), (sel[1], last)]
            self.host.apply(lambda pid, known: verbs.envelope(
                self.window, self.host.station, pid, known, points))

    def cmd_normalise(self) -> None:
        edl = self.host.edl
        on = edl is None or edl.loudness_target is None
        self.host.apply(lambda pid, known: verbs.normalise(
            self.window, self.host.station, pid, known, on=on))

    def cmd_truncate(self) -> None:
        self.host.apply(lambda pid, known: verbs.truncate_silence(
            self.window, self.host.station, pid, known))

    def cmd_voice_over(self) -> None:
        music = self.host.chosen_item()
        if not music:
            self.host.status.setText(self.tr("Choose the music in the list above first"))
            return
        at = self.host.view.position
        self.host.apply(lambda pid, known: verbs.voice_over(
            self.window, self.host.station, pid, known, music, at))
