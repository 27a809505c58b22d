"""The waveform editor driven like a user: find an item, select with mouse and keys, cut,
undo, redo, cut again, render, and check the rendered samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from station.library import items as library
from station.library.ingest import import_file
from station.paths import DataDir
from station.station import Station
from ui.studio.editor.panel import EditorPanel

SR = 48000


def numbered(n: int) -> np.ndarray:
    idx = np.arange(n, dtype=np.int32) + 1
    return np.stack([idx, -idx], axis=1)


def make_item(st: Station, tmp_path: Path, title: str, frames: np.ndarray) -> str:
    src = tmp_path / "source.flac"
    sf.write(src, (frames.astype(np.int64) << 8).astype(np.int32), SR, subtype="PCM_24")
    return import_file(st, src, title=title)[0].item.id


def idle(qtbot: QtBot, panel: EditorPanel) -> None:
    qtbot.waitUntil(lambda: panel.busy == 0, timeout=20000)


def panel_for(qtbot: QtBot, station: Station) -> EditorPanel:
    panel = EditorPanel(station)
    qtbot.addWidget(panel)
    panel.resize(1200, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def opened(qtbot: QtBot, station: Station, item_id: str) -> EditorPanel:
    """The editor with ``item_id`` open and nothing left to load."""
    panel = panel_for(qtbot, station)
    panel.open_item(item_id)
    qtbot.waitUntil(lambda: panel.edl is not None, timeout=10000)
    idle(qtbot, panel)
    return panel


def test_select_cut_undo_redo_cut_render(qtbot: QtBot, station: Station, tmp_path: Path) -> None:
    signal = numbered(4 * SR)
    item_id = make_item(station, tmp_path, "Phóng sự nông thôn mới", signal)
    panel = panel_for(qtbot, station)

    qtbot.keyClicks(panel.search, "phong su")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10000)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.edl is not None, timeout=10000)
    idle(qtbot, panel)
    view = panel.view
    assert panel.title.text() == "Phóng sự nông thôn mới"
    assert view.frames == len(signal)

    # Click, then Shift+click: a selection; Shift+Right grows it by one pixel's worth.
    y = view.height() // 2
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     QPoint(450, y))
    a, b = view.frame_at(300), view.frame_at(450)
    assert view.selection == (a, b)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    a, b = view.selection
    assert b > view.frame_at(450)

    qtbot.keyClick(view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)
    assert view.frames == len(signal) - (b - a)
    assert panel.commands["undo"].isEnabled() and not panel.commands["redo"].isEnabled()

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)
    assert view.frames == len(signal)
    assert panel.commands["redo"].isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    idle(qtbot, panel)
    assert view.frames == len(signal) - (b - a)
    expected = np.concatenate([signal[:a], signal[b:]])

    # Cut again, further on; then paste the first part of it back at the start.
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(700, y))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     QPoint(900, y))
    c, d = view.selection
    qtbot.keyClick(view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)
    cut = expected[c:d]
    expected = np.concatenate([expected[:c], expected[d:]])
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, panel)
    expected = np.concatenate([cut, expected])
    assert view.frames == len(expected)

    panel.run_command("render")
    qtbot.waitUntil(lambda: panel.last_render is not None, timeout=30000)
    idle(qtbot, panel)
    item = panel.last_render
    assert item is not None and item.id != item_id
    assert item.title == "Phóng sự nông thôn mới (edited)"
    path = library.file_path(station, item)
    assert path is not None
    got, rate = sf.read(path, dtype="int32", always_2d=True)
    assert rate == SR
    assert np.array_equal(got >> 8, expected)


def test_zoom_to_single_samples_reads_them_off_the_gui_thread(qtbot: QtBot, station: Station,
                                                              tmp_path: Path) -> None:
    signal = numbered(2 * SR)
    item_id = make_item(station, tmp_path, "Mẫu", signal)
    panel = opened(qtbot, station, item_id)
    view = panel.view
    whole = view.fpp
    assert whole * view.width() >= len(signal)
    view.set_cursor(50_000)
    for _ in range(20):
        view.zoom(0.5)
    assert view.fpp < 1  # several pixels per sample
    view.repaint()
    qtbot.waitUntil(lambda: view._samples is not None, timeout=10000)
    idle(qtbot, panel)
    first, data = view._samples
    frame = view.frame_at(view.width() // 2)
    value = data[frame - first, 0] * (1 << 23)
    assert round(value) == signal[frame, 0]
    view.repaint()  # draws the samples themselves now

    # Scroll: the scroll bar moves the view through the whole edit, a page at a time.
    bar = panel.scrollbar
    assert bar.maximum() > 0 and bar.value() == int(view.start / panel._unit())
    bar.setValue(bar.maximum())
    assert view.start + view.visible_frames() == pytest.approx(len(signal), abs=panel._unit())
    bar.setValue(0)
    assert view.start == 0


def test_play_from_cursor_and_loop_the_selection(qtbot: QtBot, station: Station,
                                                 tmp_path: Path, pulse: dict[str, str]) -> None:
    """Real playback into the PulseAudio null sink: the play head moves from the cursor to
    the end and stops; a loop stays inside the selection."""
    t = np.arange(SR) / SR
    tone = np.round(0.2 * np.sin(2 * np.pi * 440 * t) * (1 << 23)).astype(np.int32)
    item_id = make_item(station, tmp_path, "Nghe thử", np.stack([tone, tone], axis=1))
    panel = opened(qtbot, station, item_id)
    seen: list[int] = []
    panel.player.position.connect(seen.append)
    panel.view.set_cursor(SR // 2)
    with qtbot.waitSignal(panel.player.stopped, timeout=15000):
        qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert seen and min(seen) >= SR // 2 and max(seen) >= SR - SR // 10
    assert panel.view.play_pos is None

    seen.clear()
    panel.view.set_selection(SR // 4, SR // 2)
    qtbot.keyClick(panel.view, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: len(seen) > 60, timeout=15000)  # over a second: it has looped
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)  # stops
    assert not panel.player.playing
    assert all(SR // 4 <= p <= SR // 2 for p in seen)

    # Scrub: the right button on the waveform moves the cursor there and plays a few tens
    # of milliseconds from it, then stops by itself.
    seen.clear()
    view = panel.view
    qtbot.mousePress(view, Qt.MouseButton.RightButton, pos=QPoint(view.width() // 3,
                                                                   view.height() // 2))
    at = view.frame_at(view.width() // 3)
    assert view.position == at and panel.player.playing
    with qtbot.waitSignal(panel.player.stopped, timeout=10000):
        pass
    qtbot.mouseRelease(view, Qt.MouseButton.RightButton)
    assert seen and all(at <= p <= at + SR // 12 for p in seen)


def test_render_runs_ffmpeg_off_the_database_thread_and_cancels(
        qtbot: QtBot, station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the render's ffmpeg is held still, other database work still gets done (the
    render holds the database only to read and to save); the progress dialog's Cancel asks
    first, then ends it across the steps: no item, no temp file, the editor usable again."""
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

    from tests.support.ffmpeg_pause import FfmpegPauser
    from ui.operations import Op

    signal = numbered(10 * SR)
    item_id = make_item(station, tmp_path, "Tọa đàm", signal)
    panel = opened(qtbot, station, item_id)
    before = library.count(station)

    def db_answers_while_paused(items: int) -> None:
        qtbot.waitUntil(lambda: pauser.paused, timeout=20000)
        counted: list[int] = []
        Op(lambda _s: library.count(station), None, "db").success(counted.append) \
            .run_in_background()
        qtbot.waitUntil(lambda: bool(counted), timeout=5000)  # not held up by the render
        assert counted == [items] and panel.busy == 1 and panel.last_render is None

    with FfmpegPauser() as pauser:  # 1: let it finish
        panel.run_command("render")
        db_answers_while_paused(before)
    qtbot.waitUntil(lambda: panel.last_render is not None, timeout=30000)
    idle(qtbot, panel)
    path = library.file_path(station, panel.last_render)
    assert path is not None
    got, rate = sf.read(path, dtype="int32", always_2d=True)
    assert rate == SR and np.array_equal(got >> 8, signal)

    def dialogs() -> list[QProgressDialog]:
        return panel.findChildren(QProgressDialog)

    panel.last_render = None
    with FfmpegPauser() as pauser:  # 2: cancel it from the progress dialog
        panel.run_command("render")
        db_answers_while_paused(before + 1)
        qtbot.waitUntil(lambda: any(d.isVisible() for d in dialogs()), timeout=5000)
        dialog = next(d for d in dialogs() if d.isVisible())
        assert dialog.labelText() == "Rendering the edit…"
        # Cancel asks first: "No" brings the dialog back and the render goes on...
        answer = [QMessageBox.StandardButton.No]
        monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: answer[0]))
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5000)
        assert pauser.running()
        answer[0] = QMessageBox.StandardButton.Yes  # ... "Yes" cancels it
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not pauser.running(), timeout=5000)  # killed, while stopped
    idle(qtbot, panel)
    assert "cancelled" in panel.status.text() and panel.last_render is None
    assert library.count(station) == before + 1
    assert not any(station.store.tmp.iterdir())
    assert panel.commands["render"].isEnabled()


def test_library_open_in_the_editor_then_the_render_is_in_the_library(
        qtbot: QtBot, datadir: DataDir, tmp_path: Path) -> None:
    """From the library page, "Open in the editor" lands on the Studio's Edit tab with the
    item open; the render then shows up in the library, where it opens showing its source."""
    from media import tones
    from tests.conftest import ADMIN_PASSWORD
    from tests.support.window import close_window_station
    from ui.library.page import LibraryPage
    from ui.main_window import MainWindow
    from ui.studio.page import StudioPage

    win = MainWindow(datadir)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    win.login_panel.user.setCurrentText("admin")
    win.login_panel.password.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=20000)
    try:
        ws = win.workspace
        lib, studio = ws.page(LibraryPage), ws.page(StudioPage)
        assert isinstance(lib, LibraryPage) and isinstance(studio, StudioPage)
        wav = tones.write_wav(tmp_path / "Bản tin chiều.wav", tones.sine(440.0, 2.0, -20.0))
        lib.import_paths([str(wav)])
        lib.search.setText("ban tin chieu")
        qtbot.waitUntil(lambda: lib.model.rowCount() == 1
                        and lib.model.index(0, 0).data() == "Bản tin chiều", timeout=20000)
        assert not lib.edit_button.isEnabled()  # nothing chosen yet
        lib.table.selectRow(0)
        qtbot.waitUntil(lib.edit_button.isEnabled, timeout=5000)
        qtbot.mouseClick(lib.edit_button, Qt.MouseButton.LeftButton)
        editor = studio.editor
        assert ws.stack.currentWidget() is studio and studio.tabs.currentWidget() is editor
        qtbot.waitUntil(lambda: editor.edl is not None and editor.busy == 0, timeout=20000)
        assert editor.title.text() == "Bản tin chiều" and editor.view.frames == 2 * SR
        editor.view.set_selection(0, SR // 2)
        editor.run_command("delete")
        qtbot.waitUntil(lambda: editor.busy == 0 and editor.view.frames == 3 * SR // 2,
                        timeout=20000)
        editor.run_command("render")
        qtbot.waitUntil(lambda: editor.last_render is not None and editor.busy == 0,
                        timeout=30000)
        # Back in the library, the render is found like any item, and opens from there.
        ws.nav.setCurrentRow(ws.pages.index(lib))
        lib.search.setText("ban tin chieu edited")
        qtbot.waitUntil(lambda: lib.model.rowCount() == 1 and lib.model.index(0, 0).data()
                        == "Bản tin chiều (edited)", timeout=20000)
        lib.table.selectRow(0)
        qtbot.waitUntil(lib.edit_button.isEnabled, timeout=5000)
        qtbot.mouseClick(lib.edit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: editor.title.text() == "Bản tin chiều (edited)"
                        and editor.busy == 0, timeout=20000)
        assert editor.view.frames == 3 * SR // 2
        assert editor.lineage.text() == "Rendered from: Bản tin chiều"
    finally:
        close_window_station(qtbot, win)


def test_times_show_milliseconds_and_numbers_follow_the_ui_language(
        qtbot: QtBot, station: Station, tmp_path: Path) -> None:
    from ui import i18n

    i18n.install("vi")  # (the fixture puts English back after the test)
    panel = opened(qtbot, station, make_item(station, tmp_path, "Bản tin", numbered(4 * SR)))
    panel.view.set_selection(12_000, 58_560)  # 0,250 s to 1,220 s
    text = panel.position_line.text()
    assert "0:00,250–0:01,220" in text and "0,970" in text  # not whole seconds only
    panel.view.set_cursor(175_044)
    assert "175.044" in panel.position_line.text()  # the Vietnamese group sign
    assert "0:03,647" in panel.position_line.text()
    panel.run_command("fade_in")  # no selection: the status line says how to make one
    assert panel.status.text()
    panel.open_item(make_item(station, tmp_path, "Bản tin hai", numbered(SR)))
    assert panel.status.text() == ""  # not stale over another item
    idle(qtbot, panel)


def test_a_ruler_with_labels_and_a_level_scale_follow_the_zoom(
        qtbot: QtBot, station: Station, tmp_path: Path) -> None:
    panel = opened(qtbot, station, make_item(station, tmp_path, "Thời sự", numbered(90 * SR)))
    ruler = panel.ruler
    assert ruler.isVisible() and ruler.geometry().bottom() <= panel.view.geometry().top()
    labels = ruler.labels()
    assert labels[:2] == ["0:00", "0:10"]  # a 90 s edit in about 1150 px: every 10 s
    assert len(labels) >= 5
    for _ in range(8):
        panel.run_command("zoom_in")
    fine = ruler.labels()
    assert fine != labels and any("." in label for label in fine)  # tenths once zoomed in
    scale = panel.level_scale
    assert scale.isVisible()
    marks = [text for _y, text in scale.marks()]
    assert marks.count("0") == 2 and "-6" in marks and "-∞" in marks  # per channel lane


def test_the_tools_are_all_visible_at_1280_px(qtbot: QtBot, station: Station,
                                              datadir: DataDir, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QToolBar, QWidget

    from tests.support.window import close_window_station, open_window

    item_id = make_item(station, tmp_path, "Phóng sự", numbered(2 * SR))
    win = open_window(qtbot, datadir, "vi")  # Vietnamese words are the longer ones
    try:
        qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=15000)
        win.login_panel.user.setCurrentText("bientap")
        win.login_panel.password.setText("bientap-password")
        qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: win.workspace is not None, timeout=15000)
        win.resize(1280, 800)
        assert win.workspace is not None
        win.workspace.open_in_editor(item_id)
        from ui.studio.page import StudioPage

        editor = win.workspace.page(StudioPage).editor
        qtbot.waitUntil(lambda: editor.edl is not None and editor.busy == 0, timeout=15000)
        qtbot.wait(50)
        assert win.width() <= 1280
        for name in ("gain", "envelope", "normalise", "truncate", "voice_over", "fade_in",
                     "crossfade", "undo", "cut", "render"):
            act = editor.commands[name]
            bar = next(b for b in editor.bars.bars() if act in b.actions())
            button = bar.widgetForAction(act)
            assert button is not None and button.isVisible(), name
            assert bar.rect().contains(button.geometry()), name
        for bar in editor.findChildren(QToolBar):
            ext = bar.findChild(QWidget, "qt_toolbar_ext_button")
            assert ext is None or not ext.isVisible(), bar.objectName()
    finally:
        close_window_station(qtbot, win)


def test_a_fade_over_an_earlier_cut_is_applied_not_refused(
        qtbot: QtBot, station: Station, tmp_path: Path,
        _no_modal_dialogs: list[tuple[str, str, str]]) -> None:
    panel = opened(qtbot, station, make_item(station, tmp_path, "Tọa đàm", numbered(4 * SR)))
    panel.view.set_selection(SR, 2 * SR)
    panel.run_command("cut")
    idle(qtbot, panel)
    panel.view.set_selection(SR // 2, SR + SR // 2)  # across the cut at 1 s
    panel.run_command("fade_out")
    idle(qtbot, panel)
    assert not _no_modal_dialogs and panel.status.text() == ""
    assert panel.edl is not None
    faded = [c for c in panel.edl.clips if c.fade_out]
    assert len(faded) == 2 and faded[0].fade_out_tail == SR // 2  # one curve, two pieces
