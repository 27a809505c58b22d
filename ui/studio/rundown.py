"""The Studio's tab: Programmes: rundowns of segments, templates, rendered programmes.

Left, the programmes (new, from a template, delete); right, the rundown of the chosen one:
each segment with its kind, title, item, length, back-timed start and transition, the total
against the target (over or under), and the render with its measured loudness. Library rows
dropped on the table become segments (on an empty template slot: they fill it). Every read
and write runs on the database pool; the render reads and saves there and speaks and runs
ffmpeg on the work pool in between, so the connection never crosses threads and other
database work need not wait (one progress dialog and cancel across the three steps).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt, QTime, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.programmes import rundowns as programmes
from station.programmes import templates as programme_templates
from station.programmes.render import (
    Assembled,
    ProgrammeJob,
    RenderResult,
    RundownNotReady,
    prepare_programme,
    run_programme,
    save_programme,
)
from station.programmes.rundowns import ItemFacts, Programme, ProgrammeConflict, ProgrammeTiming
from station.station import Station
from station.text import fold
from ui.operations import Op
from ui.schedule.week import ITEM_IDS_MIME, item_ids_of

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = 7  # #, kind, title, item, length, starts, transition

View = tuple[Programme, ProgrammeTiming, dict[str, ItemFacts], dict[str, Any]]


def clock(seconds: float | None) -> str:
    """m:ss.t (h:mm:ss.t past an hour): back-timing to a tenth of a second."""
    if seconds is None:
        return "?"
    sign = "-" if seconds < 0 else ""
    tenths = round(abs(seconds) * 10)
    h, rest = divmod(tenths, 36000)
    m, rest = divmod(rest, 600)
    s, t = divmod(rest, 10)
    return f"{sign}{h}:{m:02d}:{s:02d}.{t}" if h else f"{sign}{m}:{s:02d}.{t}"


def guess_kind(category: str) -> str:
    """The segment kind of a dropped item, from its library category."""
    folded = fold(category)
    if folded in (fold("Nhạc hiệu"), "jingle"):
        return "jingle"
    if folded in (fold("Âm nhạc"), "music"):
        return "bed"
    if folded == "tts":
        return "tts"
    return "news"


# -- verbs: each one runs on the database pool -----------------------------------------------------
def _db(parent: QWidget, fn: Any) -> Op[Any]:
    return Op(fn, parent, "db")


def load_view(st: Station, programme_id: str) -> View:
    """The rundown, its back-timing, its items' facts, and what its render measured."""
    prog, timing = programmes.back_time(st, programme_id)
    facts = programmes.item_facts(st, prog)
    rendered: dict[str, Any] = {}
    if prog.rendered_item_id:
        row = st.db.execute(
            "SELECT i.title, i.duration_s, a.integrated_lufs, a.true_peak_dbtp FROM items i"
            " LEFT JOIN assets a ON a.sha256 = i.asset_sha256 WHERE i.id = ?",
            [prog.rendered_item_id]).fetchone()
        if row is not None:
            rendered = {"title": row[0], "duration_s": row[1], "lufs": row[2], "peak": row[3]}
    return prog, timing, facts, rendered


def _item_rows(st: Station, ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, title, category) of the given items, in the given order (unknown ids skipped)."""
    found = {r[0]: r for r in st.db.execute(
        f"SELECT id, title, category FROM items WHERE id IN ({', '.join('?' for _ in ids)})",
        ids).fetchall()} if ids else {}
    return [found[i] for i in ids if i in found]


def drop_items(st: Station, prog: Programme, ids: list[str], row: int) -> Changes:
    """Items dropped at ``row``: the first fills an empty slot there, the rest are inserted."""
    changes = Changes()
    rows = _item_rows(st, ids)
    position = len(prog.segments) if row < 0 else row
    target = prog.segments[row] if 0 <= row < len(prog.segments) else None
    version: int | None = prog.version
    if target is not None and target.item_id is None and not target.is_tts and rows:
        item_id, _title, _category = rows.pop(0)
        _, changes = programmes.update_segment(st, prog.id, target.id, item_id=item_id,
                                               expected_version=version)
        version, position = None, position + 1  # our own change: no conflict with it
    for n, (item_id, _title, category) in enumerate(rows):
        kind = guess_kind(category)
        kind = "news" if kind == "tts" else kind  # a spoken file plays like any news item
        _, more = programmes.add_segment(st, prog.id, kind, item_id=item_id,
                                         position=position + n, expected_version=version)
        version = None
        changes |= more
    return changes


def render_op(parent: QWidget, st: Station,
              programme_id: str) -> Op[tuple[RenderResult, Changes] | None]:
    """Read the rundown on the database pool, speak and render on the work pool, save on the
    database pool: other database work goes on during the long middle step. None: cancelled
    (the caller puts its buttons back)."""

    def run(state: TaskState, job: ProgrammeJob) -> Assembled | None:
        try:
            return run_programme(job, state.child(0.0, 0.9))
        except Cancelled:
            return None

    def save(state: TaskState, done: Assembled | None) -> tuple[RenderResult, Changes] | None:
        try:
            return None if done is None else save_programme(st, done, state.child(0.9, 0.1))
        except Cancelled:
            return None

    return (_db(parent, lambda _s: prepare_programme(st, programme_id))
            .then(run, "work").then(save, "db"))


def refusal_text(exc: BaseException) -> str:
    """An error in words; a rundown that is not ready lists its segments, one a line."""
    from ui.errors import describe

    found = exc.problems if isinstance(exc, RundownNotReady) else ()
    return "\n".join([describe(exc), *(describe(p) for p in found)])


# -- widgets --------------------------------------------------------------------------------------------
class SegmentTable(QTableWidget):
    """The rundown's segments. Accepts library rows (ITEM_IDS_MIME) dropped between or on
    rows; the panel does the edit and reloads."""

    items_dropped = Signal(list, int)  # item ids, row (-1: the end)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, COLUMNS, parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def row_at(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` (viewport coordinates) lands on; -1 below the rows."""
        index = self.indexAt(pos)
        return index.row() if index.isValid() else -1

    def _offer(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        """Library rows may be dropped here (as copies); anything else may not."""
        if item_ids_of(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self._offer(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = item_ids_of(event.mimeData())
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.items_dropped.emit(ids, self.row_at(event.position().toPoint()))

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ITEM_IDS_MIME]


class TtsSegmentDialog(QDialog):
    """A TTS bulletin spoken at render: its text, voice, speed and pitch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a TTS bulletin"))
        form = QFormLayout(self)
        self.title_edit = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.voice = QComboBox(self)
        for code, name in (("bac", self.tr("Northern")), ("trung", self.tr("Central")),
                           ("nam", self.tr("Southern"))):
            self.voice.addItem(name, code)
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0.5, 2.5)
        self.rate.setSingleStep(0.1)
        self.rate.setValue(1.0)
        self.pitch = QDoubleSpinBox(self)
        self.pitch.setRange(0.5, 1.8)
        self.pitch.setSingleStep(0.1)
        self.pitch.setValue(1.0)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Text"), self.text)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("Speed"), self.rate)
        form.addRow(self.tr("Pitch"), self.pitch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {"title": self.title_edit.text(), "tts_text": self.text.toPlainText(),
                "tts_voice": self.voice.currentData(), "tts_rate": self.rate.value(),
                "tts_pitch": self.pitch.value()}


class RundownPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.view: View | None = None
        self.last_render: RenderResult | None = None
        self.rendering = False  # one render at a time: a reload meanwhile must not re-enable it
        self._filling = False
        self._kinds = {"jingle": self.tr("Jingle"), "link": self.tr("Presenter link"),
                       "news": self.tr("News item"), "interview": self.tr("Interview"),
                       "bed": self.tr("Music bed"), "tts": self.tr("TTS bulletin"),
                       "relay": self.tr("Relay item")}
        self._segues = {"butt": self.tr("Straight after"), "crossfade": self.tr("Crossfade"),
                        "overlap": self.tr("Overlap")}
        outer = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(split, 1)

        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.programmes = QListWidget(left)
        self.programmes.currentItemChanged.connect(lambda cur, _prev: self._open(cur))
        lv.addWidget(self.programmes, 1)
        self.templates = QComboBox(left)
        lv.addWidget(self.templates)
        self.from_template = QPushButton(self.tr("New from template"), left)
        self.from_template.clicked.connect(self.new_from_template)
        self.new_button = QPushButton(self.tr("New empty programme"), left)
        self.new_button.clicked.connect(self.new_empty)
        self.delete_button = QPushButton(self.tr("Delete programme"), left)
        self.delete_button.clicked.connect(self.delete_current)
        for b in (self.from_template, self.new_button, self.delete_button):
            lv.addWidget(b)

        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.title_edit = QLineEdit(right)
        self.title_edit.editingFinished.connect(self._rename)
        self.target = QTimeEdit(right)
        self.target.setDisplayFormat("HH:mm:ss")
        self.target.editingFinished.connect(self._set_target)
        self.total = QLabel(right)
        head.addWidget(QLabel(self.tr("Title"), right))
        head.addWidget(self.title_edit, 1)
        head.addWidget(QLabel(self.tr("Target"), right))
        head.addWidget(self.target)
        head.addWidget(self.total)
        rv.addLayout(head)
        self.table = SegmentTable(right)
        self.table.setHorizontalHeaderLabels([
            "#", self.tr("Kind"), self.tr("Title"), self.tr("Item"), self.tr("Length"),
            self.tr("Starts"), self.tr("Transition")])
        self.table.items_dropped.connect(self.drop)
        self.table.itemSelectionChanged.connect(self._selected)
        rv.addWidget(self.table, 1)

        edit = QHBoxLayout()
        self.kind = QComboBox(right)
        for code, name in self._kinds.items():
            self.kind.addItem(name, code)
        self.kind.activated.connect(lambda _i: self._set_kind(str(self.kind.currentData())))
        self.segue = QComboBox(right)
        for code, name in self._segues.items():
            self.segue.addItem(name, code)
        self.segue.activated.connect(lambda _i: self._set_segue())
        self.segue_s = QDoubleSpinBox(right)
        self.segue_s.setRange(0, 30)
        self.segue_s.setSingleStep(0.5)
        self.segue_s.setSuffix(" s")
        self.segue_s.editingFinished.connect(self._set_segue)
        self.under = QSpinBox(right)
        self.under.setRange(0, 50)
        self.under.setPrefix(self.tr("under "))
        self.under.setToolTip(self.tr("A music bed runs ducked under this many segments"))
        self.under.editingFinished.connect(
            lambda: self._set_fields(bed_under=self.under.value()))
        for w in (self.kind, self.segue, self.segue_s, self.under):
            edit.addWidget(w)
        edit.addStretch(1)
        rv.addLayout(edit)

        buttons = QHBoxLayout()
        self.add_items = QPushButton(self.tr("Add items…"), right)
        self.add_items.clicked.connect(self.pick_items)
        self.set_item = QPushButton(self.tr("Set item…"), right)
        self.set_item.clicked.connect(self.pick_item_for_segment)
        self.add_tts = QPushButton(self.tr("Add TTS bulletin…"), right)
        self.add_tts.clicked.connect(self.new_tts)
        self.up = QPushButton(self.tr("Up"), right)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down = QPushButton(self.tr("Down"), right)
        self.down.clicked.connect(lambda: self._move(1))
        self.remove = QPushButton(self.tr("Remove"), right)
        self.remove.clicked.connect(self._remove)
        self.save_template = QPushButton(self.tr("Save as template…"), right)
        self.save_template.clicked.connect(self._save_template)
        self.render_button = QPushButton(self.tr("Render"), right)
        self.render_button.clicked.connect(self.start_render)
        for b in (self.add_items, self.set_item, self.add_tts, self.up, self.down, self.remove,
                  self.save_template):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.render_button)
        rv.addLayout(buttons)
        self.status = QLabel(right)
        self.status.setWordWrap(True)
        self.rendered = QLabel(right)
        self.rendered.setWordWrap(True)
        rv.addWidget(self.rendered)
        rv.addWidget(self.status)
        split.setStretchFactor(1, 3)
        self._enable()
        self.reload_list()

    # -- loading ---------------------------------------------------------------------------------------
    def reload_list(self, select: str | None = None) -> None:
        st = self.station

        def work(_: TaskState) -> tuple[list[Programme], list[Any]]:
            return programmes.list_programmes(st), programme_templates.list_templates(st)

        current = select or self.current_id()
        _db(self, work).success(lambda r: self._show_list(r[0], r[1], current)) \
            .failure(self._failed).run_in_background()

    def _show_list(self, progs: list[Programme], templates: list[Any],
                   select: str | None) -> None:
        self.programmes.blockSignals(True)
        self.programmes.clear()
        for p in progs:
            row = QListWidgetItem(p.title, self.programmes)
            row.setData(ID_ROLE, p.id)
            if p.id == select:
                self.programmes.setCurrentItem(row)
        self.programmes.blockSignals(False)
        chosen = self.templates.currentData()
        self.templates.clear()
        for t in templates:
            self.templates.addItem(t.name, t.id)
        if chosen:
            self.templates.setCurrentIndex(max(0, self.templates.findData(chosen)))
        self._enable()
        if select and self.programmes.currentItem() is not None:
            self.reload()

    def current_id(self) -> str | None:
        item = self.programmes.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.reload()

    def reload(self) -> None:
        pid = self.current_id()
        if pid is None:
            self.view = None
            self._show()
            return
        st = self.station
        _db(self, lambda _s: load_view(st, pid)).success(self._loaded) \
            .failure(self._failed).run_in_background()

    def _loaded(self, view: View) -> None:
        if view[0].id != self.current_id():
            return  # another programme was chosen meanwhile
        self.view = view
        self._show()

    def _show(self) -> None:
        self._filling = True
        keep = self.selected_row()
        self.table.setRowCount(0)
        view = self.view
        if view is None:
            self.title_edit.clear()
            self.total.clear()
            self.rendered.clear()
            self._filling = False
            self._enable()
            return
        prog, timing, facts, rendered = view
        self.title_edit.setText(prog.title)
        target = int(prog.target_s or 0)
        self.target.setTime(QTime(0, 0).addSecs(target))
        self.table.setRowCount(len(prog.segments))
        for r, (seg, t) in enumerate(zip(prog.segments, timing.segments, strict=True)):
            f = facts.get(seg.item_id or "")
            item_text = f.title if f else (self.tr("(spoken at render)") if seg.is_tts else
                                           self.tr("(missing)") if seg.item_id else
                                           self.tr("(choose an item)"))
            segue = self._segues.get(seg.segue, seg.segue)
            if seg.segue != "butt":
                segue += f" {seg.segue_s:g} s"
            if seg.runs_under:
                segue += "  " + self.tr("bed under %n segment(s)", "", seg.bed_under)
            length = clock(t.audio_s if seg.runs_under else t.length_s)
            if t.estimated:
                length = "≈ " + length
            cells = [str(r + 1), self._kinds.get(seg.kind, seg.kind), seg.title, item_text,
                     length, clock(t.start_s), segue]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, seg.id)
                if c == 3 and f is None and not seg.is_tts:
                    cell.setForeground(QBrush(QColor("#c62828")))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnToContents(0)
        self._show_total(timing)
        if rendered:
            lufs = rendered.get("lufs")
            text = self.tr("Rendered: “%1”, %2, %3 LUFS").replace("%1", rendered["title"]) \
                .replace("%2", clock(rendered.get("duration_s"))) \
                .replace("%3", "?" if lufs is None else f"{lufs:.1f}")
            if prog.render_stale:
                text += "  " + self.tr("(the rundown changed since: render again)")
            self.rendered.setText(text)
        else:
            self.rendered.setText(self.tr("Not rendered yet."))
        if 0 <= keep < self.table.rowCount():
            self.table.selectRow(keep)
        self._filling = False
        self._enable()
        self._selected()

    def _show_total(self, timing: ProgrammeTiming) -> None:
        text = self.tr("Total %1").replace("%1", clock(timing.total_s))
        over = timing.over_s
        color = "#2e7d32"
        if over is not None:
            if over > 1:
                text += "  " + self.tr("over by %1").replace("%1", clock(over))
                color = "#c62828"
            elif over < -1:
                text += "  " + self.tr("under by %1").replace("%1", clock(-over))
                color = "#ef6c00"
            else:
                text += "  " + self.tr("on time")
        if timing.uncertain:
            text += "  " + self.tr("(estimated)")
        self.total.setText(text)
        self.total.setStyleSheet(f"color: {color}; font-weight: 600;")

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() if rows else -1

    def selected_segment(self) -> programmes.Segment | None:
        row = self.selected_row()
        if self.view is None or not 0 <= row < len(self.view[0].segments):
            return None
        return self.view[0].segments[row]

    def _selected(self) -> None:
        seg = self.selected_segment()
        self._enable()
        if seg is None:
            return
        self._filling = True
        self.kind.setCurrentIndex(self.kind.findData(seg.kind))
        self.segue.setCurrentIndex(self.segue.findData(seg.segue))
        self.segue_s.setValue(seg.segue_s)
        self.under.setValue(seg.bed_under)
        self._filling = False

    def _enable(self) -> None:
        has = self.view is not None
        seg = self.selected_segment()
        for w in (self.title_edit, self.target, self.table, self.add_items, self.add_tts,
                  self.render_button, self.delete_button, self.save_template):
            w.setEnabled(has)
        self.render_button.setEnabled(has and not self.rendering)
        for other in (self.kind, self.segue, self.segue_s, self.set_item, self.up, self.down,
                      self.remove):
            other.setEnabled(seg is not None)
        self.under.setEnabled(seg is not None and seg.kind == "bed")
        self.from_template.setEnabled(self.templates.count() > 0)

    # -- edits ----------------------------------------------------------------------------------------
    def _edit(self, fn: Any, select: str | None = None) -> None:
        """Run a core edit on the database pool, then reload (a conflict reloads too)."""

        def done(_result: Any) -> None:
            if select:
                self.reload_list(select)
            else:
                self.reload()

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            if isinstance(exc, ProgrammeConflict):
                self.reload()

        self.status.clear()
        _db(self, lambda _s: fn()).success(done).failure(failed).run_in_background()

    def _version(self) -> int | None:
        return self.view[0].version if self.view else None

    def new_from_template(self) -> None:
        tid = self.templates.currentData()
        if not tid:
            return
        st = self.station

        def work() -> tuple[Programme, Changes]:
            return programme_templates.programme_from_template(st, tid)

        _db(self, lambda _s: work()).success(lambda r: self.reload_list(r[0].id)) \
            .failure(self._failed).run_in_background()

    def new_empty(self) -> None:
        title, ok = QInputDialog.getText(self, self.tr("New programme"), self.tr("Title"))
        if not ok or not title.strip():
            return
        st = self.station
        _db(self, lambda _s: programmes.create_programme(st, title)) \
            .success(lambda r: self.reload_list(r[0].id)).failure(self._failed) \
            .run_in_background()

    def delete_current(self) -> None:
        if self.view is None:
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        self.view = None
        _db(self, lambda _s: programmes.delete_programme(st, pid, expected_version=version)) \
            .success(lambda _r: self.reload_list()).failure(self._failed).run_in_background()

    def _rename(self) -> None:
        if self._filling or self.view is None:
            return
        title = self.title_edit.text().strip()
        if not title or title == self.view[0].title:
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        self._edit(lambda: programmes.update_programme(st, pid, title=title,
                                                       expected_version=version), select=pid)

    def _set_target(self) -> None:
        if self._filling or self.view is None:
            return
        seconds = QTime(0, 0).secsTo(self.target.time())
        pid, version, st = self.view[0].id, self._version(), self.station
        if seconds == int(self.view[0].target_s or 0):
            return
        self._edit(lambda: programmes.update_programme(
            st, pid, target_s=seconds or None, clear_target=seconds == 0,
            expected_version=version))

    def drop(self, ids: list[str], row: int) -> None:
        if self.view is None:
            return
        prog, st = self.view[0], self.station
        self._edit(lambda: drop_items(st, prog, ids, row))

    def _set_fields(self, **fields: Any) -> None:
        seg = self.selected_segment()
        if self._filling or seg is None or self.view is None:
            return
        if all(getattr(seg, k) == v for k, v in fields.items()):
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        self._edit(lambda: programmes.update_segment(st, pid, seg.id, expected_version=version,
                                                     **fields))

    def _set_kind(self, kind: str) -> None:
        # Only a bed runs under others; only a TTS bulletin keeps a text to speak.
        seg = self.selected_segment()
        fields: dict[str, Any] = {"kind": kind}
        if kind != "bed" and seg is not None and seg.bed_under:
            fields["bed_under"] = 0
        if kind != "tts" and seg is not None and seg.tts_text and seg.item_id:
            fields["tts_text"] = None
        self._set_fields(**fields)

    def _set_segue(self) -> None:
        mode = str(self.segue.currentData())
        self._set_fields(segue=mode, segue_s=0.0 if mode == "butt" else self.segue_s.value())

    def set_transition(self, mode: str, seconds: float) -> None:
        """Set the selected segment's transition (what the combo and the spin box do)."""
        self.segue_s.setValue(seconds)
        self.segue.setCurrentIndex(self.segue.findData(mode))
        self._set_segue()

    def _move(self, step: int) -> None:
        seg, row = self.selected_segment(), self.selected_row()
        if seg is None or self.view is None:
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        target = max(0, row + step)
        self._edit(lambda: programmes.move_segment(st, pid, seg.id, target,
                                                   expected_version=version))
        self.table.selectRow(min(target, self.table.rowCount() - 1))

    def _remove(self) -> None:
        seg = self.selected_segment()
        if seg is None or self.view is None:
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        self._edit(lambda: programmes.remove_segment(st, pid, seg.id,
                                                     expected_version=version))

    def pick_items(self) -> None:
        from ui.schedule.dialogs import ItemPicker

        if self.view is None:
            return
        picker = ItemPicker(self.station, self)
        picker.setWindowTitle(self.tr("Add items to the programme"))
        row = self.selected_row()
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen():
            self.drop(picker.chosen(), row + 1 if row >= 0 else -1)

    def pick_item_for_segment(self) -> None:
        from ui.schedule.dialogs import ItemPicker

        seg = self.selected_segment()
        if seg is None:
            return
        picker = ItemPicker(self.station, self)
        picker.setWindowTitle(self.tr("Choose the item for this segment"))
        picker.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen():
            self._set_fields(item_id=picker.chosen()[0], tts_text=None)

    def new_tts(self) -> None:
        if self.view is None:
            return
        dialog = TtsSegmentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add_tts_segment(**dialog.values())

    def add_tts_segment(self, **fields: Any) -> None:
        if self.view is None:
            return
        pid, version, st = self.view[0].id, self._version(), self.station
        row = self.selected_row()
        self._edit(lambda: programmes.add_segment(
            st, pid, "tts", position=row + 1 if row >= 0 else None, expected_version=version,
            **fields))

    def _save_template(self) -> None:
        if self.view is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Save as template"),
                                        self.tr("Template name"), text=self.view[0].title)
        if ok and name.strip():
            self.save_as_template(name)

    def save_as_template(self, name: str) -> None:
        if self.view is None:
            return
        pid, st = self.view[0].id, self.station
        self._edit(lambda: programme_templates.save_as_template(st, pid, name), select=pid)

    # -- render ---------------------------------------------------------------------------------------
    def start_render(self) -> None:
        if self.view is None or self.rendering:
            return
        self.rendering = True
        self.render_button.setEnabled(False)
        self.status.setText(self.tr("Rendering…"))
        (render_op(self, self.station, self.view[0].id)
         .with_progress(self.tr("Rendering the programme…"))
         .success(self._rendered)
         .failure(self._render_failed)
         .run_in_background())

    def _rendered(self, saved: tuple[RenderResult, Changes] | None) -> None:
        self.rendering = False
        self.render_button.setEnabled(self.view is not None)
        if saved is None:
            self.status.setText(self.tr("Render cancelled: nothing was saved."))
            return
        result = self.last_render = saved[0]
        lufs = "?" if result.integrated_lufs is None else f"{result.integrated_lufs:.1f}"
        self.status.setText(self.tr("Rendered into the library: %1 LUFS").replace("%1", lufs))
        self.reload()

    def _render_failed(self, exc: BaseException) -> None:
        self.rendering = False
        self.render_button.setEnabled(self.view is not None)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(refusal_text(exc))

    def on_changes(self, changes: Changes) -> None:
        # Another tab renamed or deleted an item a segment shows: refresh the titles.
        if changes.library and self.view is not None:
            self.reload()
