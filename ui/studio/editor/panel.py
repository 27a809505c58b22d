"""The Studio's tab: The waveform editor: non-destructive edit lists, rendered to new assets.

Every edit is a verb (ui.operations.edits) on the database pool; the view redraws from the
returned edit list and the cached peaks. A render reads and saves there but runs ffmpeg on
the work pool. Sample reads (deep zoom, playback) run on worker threads; the GUI thread only
draws and pushes already-decoded audio to the sound card.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from media.taskstate import TaskState
from station.changes import Changes
from station.station import Station
from ui.operations import Op
from ui.operations import edits as verbs
from ui.studio.editor.commands import EditCommands, MakeEdit
from ui.studio.editor.finder import ItemFinder
from ui.studio.editor.player import EditPlayer
from ui.studio.editor.ruler import LevelScale, TimeRuler, clock_ms, count_text, seconds_text
from ui.studio.editor.toolbar import EditToolbars
from ui.widgets.waveform_editor import TimelineView, timeline_markers

if TYPE_CHECKING:
    from media.editgraph import EditList
    from media.peaks import WaveformPeaks
    from station.edits.projects import EditorView, Project
    from station.library.items import Item


class EditorPanel(QWidget):
    """Open an item (search above, or ``open_item`` from another tab), edit, render."""

    rendered = Signal(object)  # the new library Item

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.project: Project | None = None
        self.edl: EditList | None = None
        self.paths: dict[str, Path] = {}
        self.peaks: dict[str, WaveformPeaks] = {}
        self.last_render: Item | None = None
        self.busy = 0  # operations in flight (tests and the bench wait on it)
        self._scrub_at = 0.0

        layout = QVBoxLayout(self)
        self.finder = ItemFinder(self)
        self.search, self.open_button, self.results = \
            self.finder.search, self.finder.open_button, self.finder.results
        self.finder.search_requested.connect(lambda _text: self.find_items())
        self.finder.open_requested.connect(self.open_item)
        layout.addWidget(self.finder)
        self.bars = EditToolbars(self)
        self.transport, self.toolbar = self.bars.transport, self.bars.toolbar
        self.commands, self.curve = self.bars.commands, self.bars.curve
        head = QHBoxLayout()
        self.title = QLabel(self.tr("No item open"), self)
        head.addWidget(self.title, 1)
        head.addWidget(self.transport)
        layout.addLayout(head)
        self.lineage = QLabel("", self)  # where a rendered item came from
        self.lineage.setWordWrap(True)
        self.lineage.setVisible(False)
        layout.addWidget(self.lineage)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.bars.tools)

        self.view = TimelineView(self)
        self.ruler = TimeRuler(self.view, self)
        self.level_scale = LevelScale(self.view, self)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        wave = QGridLayout()
        wave.setSpacing(0)
        wave.addWidget(self.ruler, 0, 1)
        wave.addWidget(self.level_scale, 1, 0)
        wave.addWidget(self.view, 1, 1)
        wave.addWidget(self.scrollbar, 2, 1)
        layout.addLayout(wave, 1)
        # Where the cursor and selection are (always current), and what the last command
        # did (cleared by the next command or another item).
        foot = QHBoxLayout()
        self.position_line = QLabel("", self)
        self.position_line.setObjectName("editorPosition")
        self.position_line.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel("", self)
        self.status.setObjectName("editorStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status.setWordWrap(True)
        for label in (self.position_line, self.status):
            label.setMinimumHeight(label.fontMetrics().height())  # no jump when text comes
        foot.addWidget(self.position_line, 1)
        foot.addWidget(self.status, 1)
        layout.addLayout(foot)
        self.edits = EditCommands(self, self, self.curve)

        self.bars.triggered.connect(self.run_command)
        self.view.command.connect(self.run_command)
        self.view.view_changed.connect(self._sync_scroll)
        self.view.cursor_moved.connect(lambda _: self._show_status())
        self.view.selection_changed.connect(self._show_status)
        self.view.samples_needed.connect(self._read_samples)
        self.view.scrub.connect(self._scrub)
        self.scrollbar.valueChanged.connect(lambda v: self.view.scroll_to(float(v) * self._unit()))
        self.player = EditPlayer(self)
        self.player.position.connect(self.view.set_play_position)
        self.player.stopped.connect(lambda: self.view.set_play_position(None))
        self._enable()

    # -- opening -------------------------------------------------------------------
    def find_items(self) -> None:
        self._run(verbs.find_items(self, self.station, self.search.text().strip()),
                  self.finder.show_results)

    def chosen_item(self) -> str | None:
        """The item chosen in the search results (the music for 'Music under')."""
        return self.finder.chosen()

    def open_item(self, item_id: str, *, new: bool = False) -> None:
        """Open ``item_id``'s latest editing project (a new one if it has none)."""
        self.player.stop()
        self.status.clear()  # what was said of the item before is stale now
        self._run(verbs.open_project(self, self.station, item_id, new=new),
                  lambda r: self._loaded(r[0], keep_view=False))

    def _loaded(self, loaded: EditorView, *, keep_view: bool = True) -> None:
        if not keep_view:
            self.peaks, self.paths = {}, {}
        self.project = loaded.project
        self.edl = loaded.edl
        self.peaks.update(loaded.peaks)
        self.paths.update(loaded.paths)
        self.title.setText(loaded.title)
        sources = [self.tr("(deleted item)") if t is None else t for t in loaded.sources]
        self.lineage.setText(self.tr("Rendered from: %1").replace("%1", ", ".join(sources))
                             if sources else "")
        self.lineage.setVisible(bool(sources))
        self.view.markers = timeline_markers(self.edl, loaded.markers)
        self.view.set_edit(self.edl, self.peaks, keep_view=keep_view)
        self._sync_scroll()
        self._enable()
        self._show_status()

    # -- commands ------------------------------------------------------------------
    def run_command(self, name: str) -> None:
        if name not in ("play", "loop", "zoom_in", "zoom_out", "zoom_all"):
            self.status.clear()  # the last command's message; this one may say its own
        if self.edits.run(name):
            return
        handler: Callable[[], None] | None = getattr(self, f"_cmd_{name}", None)
        if handler is not None:
            handler()

    def apply(self, make: MakeEdit) -> None:
        """Run one edit on the db thread, then redraw from the edit list it produced."""
        if self.project is None:
            return
        self._run(make(self.project.id, list(self.paths)), lambda r: self._loaded(r[0]))

    def copy_selection(self, start: int, end: int) -> None:
        if self.project is not None:
            self._run(verbs.copy(self, self.station, self.project.id, start, end),
                      lambda _: self.status.setText(self.tr("Copied")))

    def _cmd_zoom_in(self) -> None:
        self.view.zoom(0.5)

    def _cmd_zoom_out(self) -> None:
        self.view.zoom(2.0)

    def _cmd_zoom_all(self) -> None:
        self.view.zoom_all()

    def _cmd_play(self) -> None:
        if self.player.playing:
            self.player.stop()
        elif self.edl is not None:
            self._play(self.view.position)

    def _cmd_loop(self) -> None:
        sel = self.edits.selection()
        if sel and self.edl is not None:
            self._play(sel[0], loop=sel)

    def _play(self, frame: int, **kwargs: Any) -> None:
        if self.edl is None:
            return
        try:
            self.player.play(self.edl, self.paths, frame, **kwargs)
        except ImportError as exc:  # QtMultimedia without its system audio library
            from ui.errors import show_error

            show_error(self, exc)

    def _scrub(self, frame: int) -> None:
        now = time.monotonic()
        if self.edl is None or now - self._scrub_at < 0.05:
            return
        self._scrub_at = now
        self.view.set_cursor(frame)
        self._play(frame, end=min(frame + self.edl.rate // 12, self.edl.frames))

    def _cmd_render(self, title: str | None = None) -> None:
        if self.project is None:
            return
        title = title or self.tr("{title} (edited)").format(title=self.title.text())
        self.player.stop()

        def done(result: tuple[Any, Changes] | None) -> None:
            if result is None:
                self.status.setText(self.tr("Render cancelled: nothing was saved."))
                return
            self.last_render = result[0]
            self.status.setText(self.tr("Rendered to a new item: {title}").format(
                title=result[0].title))
            self.rendered.emit(result[0])

        # The database is read and written at the ends only: ffmpeg runs on the work pool,
        # so the other tabs' database work goes on meanwhile.
        self._run(verbs.render_edit(self, self.station, self.project.id, title), done,
                  progress=self.tr("Rendering the edit…"))

    # -- plumbing ------------------------------------------------------------------
    def _run(self, op: Op[Any], done: Callable[[Any], None], *,
             progress: str | None = None) -> TaskState:
        self.busy += 1
        self._enable()

        def ok(result: Any) -> None:
            self.busy -= 1
            done(result)
            self._enable()

        def failed(exc: BaseException) -> None:
            from ui.errors import describe, show_error

            self.busy -= 1
            self._enable()
            self.status.setText(describe(exc))
            show_error(self, exc)

        op = op.success(ok).failure(failed)
        if progress:
            op = op.with_progress(progress)
        return op.run_in_background()

    def _read_samples(self, first: int, last: int) -> None:
        edl = self.edl
        if edl is None:
            return

        def done(data: np.ndarray) -> None:
            if self.edl is edl:
                self.view.set_samples(first, data)

        self._run(verbs.read_samples(self, edl, dict(self.paths), first, last), done)

    def _unit(self) -> float:
        """Frames per scroll bar step (a 2-hour edit would overflow an int of samples)."""
        return max(self.view.fpp, 1.0)

    def _sync_scroll(self) -> None:
        unit = self._unit()
        total = max(self.view.frames - self.view.visible_frames(), 0)
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, int(total / unit))
        self.scrollbar.setPageStep(max(int(self.view.visible_frames() / unit), 1))
        self.scrollbar.setValue(int(self.view.start / unit))
        self.scrollbar.blockSignals(False)

    def _enable(self) -> None:
        project = self.project
        self.bars.enable(project is not None and self.busy == 0,
                         project is not None and project.can_undo,
                         project is not None and project.can_redo)

    def _show_status(self) -> None:
        edl = self.edl
        if edl is None:
            self.position_line.clear()
            return
        rate = edl.rate
        text = self.tr("Cursor {cursor} (sample {sample}) · length {length}").format(
            cursor=clock_ms(self.view.position / rate), sample=count_text(self.view.position),
            length=clock_ms(edl.frames / rate))
        if self.view.selection:
            a, b = self.view.selection
            text += " · " + self.tr("selection {start}–{end} ({seconds} s)").format(
                start=clock_ms(a / rate), end=clock_ms(b / rate),
                seconds=seconds_text((b - a) / rate))
        if edl.loudness_target is not None:
            text += " · " + self.tr("normalised to {lufs} LUFS").format(
                lufs=QLocale().toString(float(edl.loudness_target), "f", 0))
        self.position_line.setText(text)

    def on_changes(self, changes: Changes) -> None:
        pass  # the editor redraws from the results of its own edits
