"""The Studio's tab: The waveform editor: non-destructive edit lists, rendered to new assets.

Every edit is a call into ``station.edits`` on the database pool; the view redraws from the
returned edit list and the cached peaks. A render reads and saves there but runs ffmpeg on
the work pool. Sample reads (deep zoom, playback) run on worker threads; the GUI thread only
draws and pushes already-decoded audio to the sound card.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from media.editgraph import CURVES
from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.station import Station
from ui.operations import Op
from ui.widgets.preview import format_clock
from ui.widgets.waveform_editor import TimelineView, read_timeline, timeline_markers

if TYPE_CHECKING:
    from media.editgraph import EditList
    from media.peaks import WaveformPeaks
    from station.edits import Project
    from station.library.items import Item


_TRANSPORT = ("zoom_in", "zoom_out", "zoom_all", "play", "loop", "render")


class EditPlayer(QObject):
    """Plays the edit (gain applied; fades are heard in the render) from a position, once
    or looping a range, through QtMultimedia. A reader thread decodes ahead into a small
    queue; a 20 ms timer on the GUI thread hands what is ready to the sound card."""

    position = Signal(int)
    stopped = Signal()
    BLOCK = 4096

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink: Any = None
        self._device: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self._pending = b""
        self._start = 0
        self._rate = 48000
        self._loop: tuple[int, int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._pump)
        self._done_reading = False

    @property
    def playing(self) -> bool:
        return self._sink is not None

    def play(self, edl: EditList, paths: dict[str, Path], frame: int, *,
             end: int | None = None, loop: tuple[int, int] | None = None) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

        self.stop()
        fmt = QAudioFormat()
        fmt.setSampleRate(edl.rate)
        fmt.setChannelCount(edl.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        self._sink = QAudioSink(QMediaDevices.defaultAudioOutput(), fmt, self)
        self._rate, self._start, self._loop = edl.rate, frame, loop
        self._stop = threading.Event()
        self._queue = queue.Queue(maxsize=16)
        self._pending = b""
        self._done_reading = False
        stop_at = end if end is not None else edl.frames
        self._thread = threading.Thread(
            target=self._read, args=(edl, dict(paths), frame, stop_at, loop, self._stop,
                                     self._queue), name="edit-player", daemon=True)
        self._thread.start()
        self._device = self._sink.start()
        self._timer.start()

    def _read(self, edl: EditList, paths: dict[str, Path], frame: int, end: int,
              loop: tuple[int, int] | None, stop: threading.Event,
              out: queue.Queue[bytes | None]) -> None:
        pos = frame
        limit = loop[1] if loop else end
        try:
            while not stop.is_set():
                if pos >= limit:
                    if loop is None:
                        break
                    pos = loop[0]
                n = min(self.BLOCK, limit - pos)
                data = read_timeline(edl, paths, pos, pos + n)
                pcm = (np.clip(data, -1, 1) * 32767).astype("<i2").tobytes()
                pos += n
                while not stop.is_set():
                    try:
                        out.put(pcm, timeout=0.1)
                        break
                    except queue.Full:
                        continue
        finally:
            with contextlib.suppress(queue.Full):
                out.put(None, timeout=0.5)

    def _pump(self) -> None:
        if self._sink is None or self._device is None:
            return
        free = self._sink.bytesFree()
        while len(self._pending) < free and not self._done_reading:
            try:
                chunk = self._queue.get_nowait()
            except queue.Empty:
                break
            if chunk is None:
                self._done_reading = True
                break
            self._pending += chunk
        if self._pending and free:
            written = self._device.write(self._pending[:free])
            self._pending = self._pending[max(written, 0):]
        played = int(self._sink.processedUSecs() * self._rate / 1_000_000)
        if self._loop is not None:
            span = max(self._loop[1] - self._loop[0], 1)
            first = max(self._loop[0] - self._start, 0)
            where = self._start + played if played < first else \
                self._loop[0] + (played - first) % span
        else:
            where = self._start + played
        self.position.emit(where)
        idle = self._sink.bytesFree() >= self._sink.bufferSize()
        if self._done_reading and not self._pending and idle:
            self.stop()

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
            self._sink = None
            self._device = None
            self.stopped.emit()


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
        find = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Find an item to edit (title, words)…"))
        self.search.returnPressed.connect(self.find_items)
        find.addWidget(self.search, 1)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self._open_selected)
        find.addWidget(self.open_button)
        layout.addLayout(find)
        self.results = QListWidget(self)
        self.results.setMaximumHeight(80)
        self.results.itemActivated.connect(lambda _: self._open_selected())
        layout.addWidget(self.results)
        head = QHBoxLayout()
        self.title = QLabel(self.tr("No item open"), self)
        self.transport = QToolBar(self)  # zoom, play and render, beside the title
        head.addWidget(self.title, 1)
        head.addWidget(self.transport)
        layout.addLayout(head)
        self.lineage = QLabel("", self)  # where a rendered item came from
        self.lineage.setWordWrap(True)
        self.lineage.setVisible(False)
        layout.addWidget(self.lineage)
        self.toolbar = QToolBar(self)
        layout.addWidget(self.toolbar)
        self.commands: dict[str, QAction] = {}
        self.curve = QComboBox(self)
        names = self._curve_names()
        for code in CURVES:
            self.curve.addItem(names.get(code, code), code)
        self.curve.setToolTip(self.tr("Fade curve"))
        for name, text, tip in self._action_list():
            act = QAction(text, self)
            act.setToolTip(tip)
            act.triggered.connect(lambda _=False, n=name: self.run_command(n))
            self.commands[name] = act
            bar = self.transport if name in _TRANSPORT else self.toolbar
            bar.addAction(act)
            if name in ("redo", "trim", "fade_out", "envelope", "zoom_all", "loop"):
                if name == "fade_out":
                    bar.addWidget(self.curve)
                bar.addSeparator()

        self.view = TimelineView(self)
        layout.addWidget(self.view, 1)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        layout.addWidget(self.scrollbar)
        self.status = QLabel("", self)
        layout.addWidget(self.status)

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

    # -- opening -------------------------------------------------------------------
    def find_items(self) -> None:
        text = self.search.text().strip()

        def work(_: TaskState) -> list[Any]:
            from station import search
            from station.library import items as library

            if text:
                hits = search.search(self.station, text, limit=50)
                return [(h.id, h.title, h.duration_s) for h in hits
                        if h.kind in ("audio", "video")]
            return [(i.id, i.title, i.duration_s) for i in library.list_items(self.station, 50)
                    if i.kind in ("audio", "video")]

        self._op(work, self._show_results)

    def _show_results(self, rows: list[tuple[str, str, float | None]]) -> None:
        self.results.clear()
        for item_id, title, duration in rows:
            entry = QListWidgetItem(f"{title}  ({format_clock(duration or 0)})")
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            self.results.addItem(entry)
        if rows:
            self.results.setCurrentRow(0)

    def _chosen(self) -> str | None:
        entry = self.results.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _open_selected(self) -> None:
        item_id = self._chosen()
        if item_id:
            self.open_item(item_id)

    def open_item(self, item_id: str, *, new: bool = False) -> None:
        """Open ``item_id``'s latest editing project (a new one if it has none)."""
        from station import edits

        def work(_: TaskState) -> tuple[dict[str, Any], Changes]:
            project, changes = edits.open_project(self.station, item_id, new=new)
            return self._load(project.id, {}), changes

        self.player.stop()
        self._op(work, lambda r: self._loaded(r[0], keep_view=False))

    def _load(self, project_id: str, known: dict[str, Path]) -> dict[str, Any]:
        """On the db thread: the project, its edit list, and peaks and files of new sources."""
        from media.peaks import WaveformPeaks
        from station import edits

        project = edits.get_project(self.station, project_id)
        edl = edits.edit_list(self.station, project_id)
        peaks: dict[str, WaveformPeaks] = {}
        paths: dict[str, Path] = {}
        for clip in (*edl.clips, *(b.clip for b in edl.beds)):
            sha = clip.sha256
            if not sha or sha in known or sha in paths:
                continue
            row = self.station.db.execute("SELECT ext FROM assets WHERE sha256 = ?",
                                          [sha]).fetchone()
            if row is not None:
                paths[sha] = self.station.store.path(sha, row[0])
            blob = self.station.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?",
                                           [sha]).fetchone()
            if blob is not None:
                peaks[sha] = WaveformPeaks.from_bytes(bytes(blob[0]))
        title = self.station.db.execute("SELECT title FROM items WHERE id = ?",
                                        [project.item_id]).fetchone()
        return {"project": project, "edl": edl, "peaks": peaks, "paths": paths,
                "title": title[0] if title else project.title,
                "markers": self._markers(edl), "sources": self._sources(project.item_id)}

    def _markers(self, edl: EditList) -> dict[str, list[tuple[float, str]]]:
        """On the db thread: the markers dropped while recording each source item."""
        from station.recording import takes as recordings

        ids = {c.item_id for c in (*edl.clips, *(b.clip for b in edl.beds)) if not c.silent}
        return {i: recordings.item_markers(self.station, i) for i in ids}

    def _sources(self, item_id: str) -> list[str]:
        """On the db thread: titles of the items the open item was rendered from, if any."""
        from station.edits import renders

        found = renders.lineage(self.station, item_id)
        if found is None:
            return []
        titles = []
        for source in found.sources:
            row = self.station.db.execute("SELECT title FROM items WHERE id = ?",
                                          [source]).fetchone()
            titles.append(row[0] if row else self.tr("(deleted item)"))
        return titles

    def _loaded(self, loaded: dict[str, Any], *, keep_view: bool = True) -> None:
        if not keep_view:
            self.peaks, self.paths = {}, {}
        self.project = loaded["project"]
        self.edl = loaded["edl"]
        self.peaks.update(loaded["peaks"])
        self.paths.update(loaded["paths"])
        self.title.setText(loaded["title"])
        sources = loaded["sources"]
        self.lineage.setText(self.tr("Rendered from: %1").replace("%1", ", ".join(sources))
                             if sources else "")
        self.lineage.setVisible(bool(sources))
        self.view.markers = timeline_markers(self.edl, loaded["markers"])
        self.view.set_edit(self.edl, self.peaks, keep_view=keep_view)
        self._sync_scroll()
        self._enable()
        self._show_status()

    # -- commands ------------------------------------------------------------------
    def run_command(self, name: str) -> None:
        handler: Callable[[], None] | None = getattr(self, f"_cmd_{name}", None)
        if handler is not None:
            handler()

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

    def _selection(self) -> tuple[int, int] | None:
        if self.view.selection is None:
            self.status.setText(self.tr("Select a stretch first (drag, or Shift+click)"))
        return self.view.selection

    def _edit(self, fn: Callable[[str], Any]) -> None:
        """Run one edit on the db thread, then redraw from the edit list it produced."""
        if self.project is None:
            return
        project_id = self.project.id
        known = dict(self.paths)

        def work(_: TaskState) -> tuple[dict[str, Any], Changes]:
            result = fn(project_id)
            changes = result[-1] if isinstance(result, tuple) else result
            return self._load(project_id, known), changes

        self._op(work, lambda r: self._loaded(r[0]))

    def _cmd_undo(self) -> None:
        from station import edits

        self._edit(lambda pid: edits.undo(self.station, pid))

    def _cmd_redo(self) -> None:
        from station import edits

        self._edit(lambda pid: edits.redo(self.station, pid))

    def _on_selection(self, fn: Callable[..., Any], cursor: int | None = None) -> None:
        """Apply ``fn(station, project, start, end)`` to the selection; the cursor goes to
        ``cursor`` (default: where the selection started)."""
        sel = self._selection()
        if sel:
            self.view.set_cursor(sel[0] if cursor is None else cursor)
            self._edit(lambda pid: fn(self.station, pid, *sel))

    def _cmd_cut(self) -> None:
        from station import edits

        self._on_selection(edits.cut)

    def _cmd_copy(self) -> None:
        from station import edits

        sel = self._selection()
        if sel and self.project is not None:
            pid = self.project.id
            self._op(lambda _: edits.copy(self.station, pid, *sel),
                     lambda _: self.status.setText(self.tr("Copied")))

    def _cmd_paste(self) -> None:
        from station import edits

        at = self.view.position
        self._edit(lambda pid: edits.paste(self.station, pid, at))

    def _cmd_delete(self) -> None:
        from station import edits

        self._on_selection(edits.delete)

    def _cmd_trim(self) -> None:
        from station import edits

        self._on_selection(edits.trim, cursor=0)

    def _ask(self, title: str, label: str, value: float, low: float, high: float,
             decimals: int = 2) -> float | None:
        got, ok = QInputDialog.getDouble(self, title, label, value, low, high, decimals)
        return got if ok else None

    def _cmd_silence(self, seconds: float | None = None) -> None:
        from station import edits

        seconds = seconds if seconds is not None else self._ask(
            self.tr("Insert silence"), self.tr("Seconds:"), 1.0, 0.001, 3600)
        if seconds and self.edl is not None:
            at, n = self.view.position, round(seconds * self.edl.rate)
            self._edit(lambda pid: edits.insert_silence(self.station, pid, at, n))

    def _cmd_fade_in(self) -> None:
        from station import edits

        sel, curve = self._selection(), self.curve.currentData()
        if sel:
            self._edit(lambda pid: edits.fade_in(self.station, pid, *sel, curve))

    def _cmd_fade_out(self) -> None:
        from station import edits

        sel, curve = self._selection(), self.curve.currentData()
        if sel:
            self._edit(lambda pid: edits.fade_out(self.station, pid, *sel, curve))

    def _cmd_crossfade(self, seconds: float | None = None) -> None:
        from station import edits

        seconds = seconds if seconds is not None else self._ask(
            self.tr("Crossfade"), self.tr("Length in seconds:"), 0.5, 0.001, 60)
        if seconds and self.edl is not None:
            at, n, curve = self.view.position, round(seconds * self.edl.rate), \
                self.curve.currentData()
            self._edit(lambda pid: edits.crossfade(self.station, pid, at, n, curve))

    def _cmd_gain(self, db: float | None = None) -> None:
        from station import edits

        sel = self._selection()
        if not sel:
            return
        db = db if db is not None else self._ask(self.tr("Gain"), self.tr("Change in dB:"),
                                                 -3.0, -60, 24)
        if db is not None:
            self._edit(lambda pid: edits.gain(self.station, pid, *sel, db))

    def _cmd_envelope(self) -> None:
        from station import edits

        sel = self._selection()
        if not sel:
            return
        first = self._ask(self.tr("Volume ramp"), self.tr("Level at the start (dB):"), 0.0,
                          -60, 24)
        last = self._ask(self.tr("Volume ramp"), self.tr("Level at the end (dB):"), -12.0,
                         -60, 24) if first is not None else None
        if first is not None and last is not None:
            self._edit(lambda pid: edits.envelope(self.station, pid,
                                                  [(sel[0], first), (sel[1], last)]))

    def _cmd_normalise(self) -> None:
        from station import edits

        on = self.edl is None or self.edl.loudness_target is None
        self._edit(lambda pid: edits.normalise(self.station, pid, on=on))

    def _cmd_truncate(self) -> None:
        from station import edits

        self._edit(lambda pid: edits.truncate_silence(self.station, pid))

    def _cmd_voice_over(self) -> None:
        from station import edits

        music = self._chosen()
        if not music:
            self.status.setText(self.tr("Choose the music in the list above first"))
            return
        at = self.view.position
        self._edit(lambda pid: edits.voice_over(self.station, pid, music, at))

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
        sel = self._selection()
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
        from station import edits

        if self.project is None:
            return
        pid = self.project.id
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

        st = self.station

        def run(state: TaskState, job: edits.RenderJob) -> edits.RenderJob | None:
            try:
                return edits.run_render(job, state.child(0.0, 0.8))
            except Cancelled:  # a cancel is an ending, not a failure: the buttons come back
                job.out.unlink(missing_ok=True)
                return None

        def save(state: TaskState, job: edits.RenderJob | None) -> tuple[Any, Changes] | None:
            try:
                return None if job is None else edits.save_rendered(st, job,
                                                                    state.child(0.8, 0.2))
            except Cancelled:
                return None

        # The database is read and written at the ends only: ffmpeg runs on the work pool,
        # so the other tabs' database work goes on meanwhile.
        op = (Op(lambda _s: edits.prepare_render(st, pid, title=title), self, "db")
              .then(run, "work").then(save, "db"))
        self._run(op, done, progress=self.tr("Rendering the edit…"))

    # -- plumbing ------------------------------------------------------------------
    def _op(self, work: Callable[[TaskState], Any], done: Callable[[Any], None], *,
            progress: str | None = None, pool: str = "db") -> TaskState:
        return self._run(Op(work, self, pool), done, progress=progress)

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
        edl, paths = self.edl, dict(self.paths)
        if edl is None:
            return

        def done(data: np.ndarray) -> None:
            if self.edl is edl:
                self.view.set_samples(first, data)

        self._op(lambda _: read_timeline(edl, paths, first, last), done, pool="work")

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
        have = self.project is not None and self.busy == 0
        for name, act in self.commands.items():
            act.setEnabled(have)
            if name == "undo" and self.project is not None:
                act.setEnabled(have and self.project.can_undo)
            if name == "redo" and self.project is not None:
                act.setEnabled(have and self.project.can_redo)

    def _show_status(self) -> None:
        edl = self.edl
        if edl is None:
            return
        rate = edl.rate
        text = self.tr("Cursor {cursor} (sample {sample}) · length {length}").format(
            cursor=format_clock(self.view.position / rate), sample=f"{self.view.position:,}",
            length=format_clock(edl.frames / rate))
        if self.view.selection:
            a, b = self.view.selection
            text += " · " + self.tr("selection {start}–{end} ({seconds:.3f} s)").format(
                start=format_clock(a / rate), end=format_clock(b / rate),
                seconds=(b - a) / rate)
        if edl.loudness_target is not None:
            text += " · " + self.tr("normalised to {lufs:.0f} LUFS").format(
                lufs=edl.loudness_target)
        self.status.setText(text)

    def on_changes(self, changes: Changes) -> None:
        pass  # the editor redraws from the results of its own edits
