"""The Programmes tab, driven as an editor would: a programme from the built-in news template,
library rows dropped on its empty slots (real QDropEvents), a TTS bulletin and a crossfade
added, rendered with the real ffmpeg and espeak-ng, and the measured loudness shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent

from station import settings
from station.clock import fmt_duration
from station.programmes import rundowns as programmes
from station.station import Station
from tests.support import studio_ui as studio_ui_support
from tests.support.programmes import tone_item
from tests.support.studio_ui import WAIT, on_db
from ui.operations import wait_all
from ui.studio.rundown.panel import RundownPanel
from ui.widgets.drag import items_mime

ui_station = studio_ui_support.ui_station  # the fixture, used by name


def drop_on_row(panel: RundownPanel, ids: list[str], row: int) -> None:
    """A real drop of library rows on the table's viewport, on ``row`` (-1: below them)."""
    table = panel.table
    if row >= 0:
        rect = table.visualRect(table.model().index(row, 2))
        pos = rect.center()
    else:
        pos = QPoint(10, table.viewport().height() - 5)
    mime = items_mime(ids)
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    table.dropEvent(event)
    assert event.isAccepted()


def segments_loaded(panel: RundownPanel, n: int) -> bool:
    return panel.view is not None and len(panel.view[0].segments) == n


def test_template_drop_render(qtbot: Any, ui_station: Station, tmp_path: Path) -> None:
    st = ui_station
    jingle = on_db(qtbot, st, lambda s: tone_item(s, tmp_path, 440, 1.0, title="Nhạc hiệu đài",
                                                  category="Nhạc hiệu"))
    news = [on_db(qtbot, st, lambda s, n=n: tone_item(s, tmp_path, 700 + 200 * n, 0.6,
                                                      title=f"Tin {n + 1}"))
            for n in range(6)]
    panel = RundownPanel(st)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.show()
    qtbot.waitUntil(lambda: panel.templates.count() > 0, timeout=WAIT)
    assert panel.templates.currentText() == "Bản tin thời sự 30 phút"
    qtbot.mouseClick(panel.from_template, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: segments_loaded(panel, 8), timeout=WAIT)
    assert panel.programmes.count() == 1
    assert panel.table.item(0, 3).text() == "Nhạc hiệu đài"  # the station jingle, by default
    assert "(choose an item)" in panel.table.item(2, 3).text()
    assert "under by" in panel.total.text() and "estimated" in panel.total.text()

    # Drop library rows on the six empty slots, one by one, as an editor drags them.
    for n, item in enumerate(news):
        version = panel.view[0].version if panel.view else 0
        drop_on_row(panel, [item.id], n + 1)
        qtbot.waitUntil(lambda v=version: panel.view is not None
                        and panel.view[0].version > v, timeout=WAIT)
    assert [panel.table.item(r, 3).text() for r in range(1, 7)] == [f"Tin {n + 1}"
                                                                    for n in range(6)]
    assert "estimated" not in panel.total.text()
    # Dropped below the rows: a new segment at the end.
    drop_on_row(panel, [jingle.id], -1)
    qtbot.waitUntil(lambda: segments_loaded(panel, 9), timeout=WAIT)
    assert panel.view is not None and panel.view[0].segments[-1].kind == "jingle"
    # A TTS bulletin after the weather, and a crossfade into it.
    panel.table.selectRow(5)
    panel.add_tts_segment(title="Thông báo", tts_text="Xin mời bà con đi họp lúc 8h.",
                          tts_voice="bac", tts_rate=1.3, tts_pitch=1.0)
    qtbot.waitUntil(lambda: segments_loaded(panel, 10), timeout=WAIT)
    assert panel.view is not None and panel.view[0].segments[6].kind == "tts"
    panel.table.selectRow(2)
    qtbot.waitUntil(lambda: panel.segue.isEnabled(), timeout=WAIT)
    version = panel.view[0].version
    panel.set_transition("crossfade", 0.3)
    qtbot.waitUntil(lambda: panel.view is not None and panel.view[0].version > version,
                    timeout=WAIT)
    assert panel.view is not None and panel.view[0].segments[2].segue == "crossfade"
    assert "Crossfade 0.3 s" in panel.table.item(2, 6).text()
    # Back-timing in the table: the crossfade pulls the third segment 0.3 s earlier.
    timing = panel.view[1]
    assert timing.segments[2].start_s == pytest.approx(1.0 + 0.6 - 0.3)
    assert [panel.table.item(r, 5).text() for r in range(10)] == \
        [fmt_duration(s.start_s, decimals=1) for s in timing.segments]
    assert panel.table.item(2, 5).text() == "0:01.3"

    # Render, and see the measured loudness.
    qtbot.mouseClick(panel.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_render is not None, timeout=60000)
    wait_all()
    qtbot.waitUntil(lambda: "Rendered:" in panel.rendered.text(), timeout=WAIT)
    result = panel.last_render
    assert result is not None
    target = on_db(qtbot, st, lambda s: settings.LOUDNESS_TARGET_LUFS.get(s.db))
    assert result.integrated_lufs == pytest.approx(target, abs=0.5)
    assert f"{target:.1f} LUFS" in panel.rendered.text() or \
        f"{result.integrated_lufs:.1f} LUFS" in panel.rendered.text()
    prog = on_db(qtbot, st, lambda s: programmes.get_programme(s, result.programme_id))
    assert prog.rendered_item_id == result.item.id and not prog.render_stale
    assert result.item.duration_s == pytest.approx(result.timing.total_s, abs=0.001)


def open_programme(qtbot: Any, st: Station, programme_id: str) -> RundownPanel:
    panel = RundownPanel(st)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.programmes.count() > 0, timeout=WAIT)
    panel.reload_list(select=programme_id)
    qtbot.waitUntil(lambda: panel.view is not None and panel.view[0].id == programme_id,
                    timeout=WAIT)
    return panel


def test_render_leaves_the_database_free(qtbot: Any, ui_station: Station,
                                         tmp_path: Path) -> None:
    """While the programme's ffmpeg is held still, other database work gets done: the render
    holds the database only to read the rundown and to save the master."""
    from station.library import items as library
    from tests.support.ffmpeg_pause import FfmpegPauser
    from ui.operations import Op

    st = ui_station

    def make(s: Station) -> tuple[str, int]:
        item = tone_item(s, tmp_path, 440, 8.0, title="Phóng sự")
        prog, _ = programmes.create_programme(s, "Chuyên đề")
        programmes.add_segment(s, prog.id, "interview", item_id=item.id)
        return prog.id, library.count(s)

    pid, before = on_db(qtbot, st, make)
    panel = open_programme(qtbot, st, pid)
    with FfmpegPauser() as pauser:
        qtbot.mouseClick(panel.render_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pauser.paused, timeout=WAIT)
        counted: list[int] = []
        Op(lambda _s: library.count(st), None, "db").success(counted.append) \
            .run_in_background()
        qtbot.waitUntil(lambda: bool(counted), timeout=5000)  # not held up by the render
        assert counted == [before] and panel.last_render is None
        assert not panel.render_button.isEnabled()
    qtbot.waitUntil(lambda: panel.last_render is not None, timeout=60000)
    result = panel.last_render
    assert result.item.duration_s == pytest.approx(8.0, abs=0.001)
    assert on_db(qtbot, st, lambda s: library.count(s)) == before + 1
    assert panel.render_button.isEnabled()


def test_a_rundown_not_ready_names_each_segment_in_the_ui_language(
        qtbot: Any, ui_station: Station, tmp_path: Path) -> None:
    """The reasons are typed templates put into words by ui.errors.describe: a translator
    installed for the "errors" context changes every line the user sees."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    words = {"“{title}” cannot be rendered yet": "Chưa thể dựng “{title}”",
             "{position}. {segment}: no item chosen": "{position}. {segment}: chưa chọn mục nào"}

    class Vietnamese(QTranslator):  # stands in for the .qm the lead builds at the end
        def translate(self, context: str, text: str, *_args: Any) -> str:
            return words.get(text, "") if context == "errors" else ""

    st = ui_station

    def make(s: Station) -> str:
        prog, _ = programmes.create_programme(s, "Thời sự tối")
        programmes.add_segment(s, prog.id, "news", title="Tin chưa có", planned_s=60)
        return prog.id

    panel = open_programme(qtbot, st, on_db(qtbot, st, make))
    qtbot.mouseClick(panel.render_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be rendered" in panel.status.text(), timeout=WAIT)
    assert panel.status.text().splitlines() == ["“Thời sự tối” cannot be rendered yet",
                                                "1. Tin chưa có: no item chosen"]
    translator = Vietnamese()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.mouseClick(panel.render_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Chưa thể" in panel.status.text(), timeout=WAIT)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert panel.status.text().splitlines() == ["Chưa thể dựng “Thời sự tối”",
                                                "1. Tin chưa có: chưa chọn mục nào"]
    assert panel.render_button.isEnabled()


# -- the library beside the rundown, reordering by drag, undo ----------------------------------------
def _three_segments(s: Station) -> str:
    from tests.support.schedule import audio_item

    prog, _ = programmes.create_programme(s, "Thời sự sáng")
    for title in ("Một", "Hai", "Ba"):
        item = audio_item(s, f"Tin {title}", 20)
        programmes.add_segment(s, prog.id, "news", title=title, item_id=item.id,
                               segue="crossfade", segue_s=0.5)
    return prog.id


def stored(qtbot: Any, st: Station, pid: str) -> list[str]:
    """The segments' titles as the database has them."""
    return [s.title for s in on_db(qtbot, st, lambda s: programmes.get_programme(s, pid)).segments]


def move_by_drag(panel: RundownPanel, row: int, onto: int) -> None:
    """A real drop of the rundown's own row ``row`` on the middle of row ``onto``."""
    from ui.studio.rundown.table import segment_mime

    table = panel.table
    assert panel.view is not None
    seg = panel.view[0].segments[row]
    pos = table.visualRect(table.model().index(onto, 2)).center()
    mime = segment_mime(panel.view[0].id, seg.id)  # held: the event does not own it
    event = QDropEvent(QPointF(pos), Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    table.dropEvent(event)
    assert event.isAccepted()


def titles_shown(panel: RundownPanel) -> list[str]:
    return [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())]


def test_rows_are_reordered_by_dragging(qtbot: Any, ui_station: Station) -> None:
    st = ui_station
    pid = on_db(qtbot, st, _three_segments)
    panel = open_programme(qtbot, st, pid)
    assert titles_shown(panel) == ["Một", "Hai", "Ba"]
    move_by_drag(panel, 0, 1)  # dropped on the next row: takes its place
    qtbot.waitUntil(lambda: titles_shown(panel) == ["Hai", "Một", "Ba"], timeout=WAIT)
    assert stored(qtbot, st, pid) == ["Hai", "Một", "Ba"]
    move_by_drag(panel, 2, 0)  # upwards, to the top
    qtbot.waitUntil(lambda: titles_shown(panel) == ["Ba", "Hai", "Một"], timeout=WAIT)
    assert stored(qtbot, st, pid) == ["Ba", "Hai", "Một"]


def test_a_removed_row_comes_back_with_undo(qtbot: Any, ui_station: Station) -> None:
    st = ui_station
    pid = on_db(qtbot, st, _three_segments)
    panel = open_programme(qtbot, st, pid)
    assert not panel.undo_button.isEnabled()
    before = panel.view[0].segments[1] if panel.view else None
    assert before is not None
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: segments_loaded(panel, 2), timeout=WAIT)
    assert stored(qtbot, st, pid) == ["Một", "Ba"]
    assert panel.undo_button.isEnabled() and "Hai" in panel.undo_button.toolTip()
    panel.undo_shortcut.activated.emit()  # Ctrl+Z
    qtbot.waitUntil(lambda: segments_loaded(panel, 3), timeout=WAIT)
    assert stored(qtbot, st, pid) == ["Một", "Hai", "Ba"]
    back = panel.view[0].segments[1] if panel.view else None
    assert back is not None and back.item_id == before.item_id
    assert (back.segue, back.segue_s, back.kind) == ("crossfade", 0.5, "news")
    assert not panel.undo_button.isEnabled()


def test_items_dragged_from_the_library_panel_into_the_rundown(qtbot: Any,
                                                               ui_station: Station) -> None:
    from tests.support.schedule import audio_item

    st = ui_station
    pid = on_db(qtbot, st, _three_segments)
    on_db(qtbot, st, lambda s: audio_item(s, "Phóng sự Hòa Bình", 45))
    panel = open_programme(qtbot, st, pid)
    library = panel.library
    assert library.objectName() == "library_panel" and library.isVisibleTo(panel)
    qtbot.waitUntil(lambda: library.loaded and not library.searching, timeout=WAIT)
    library.search.setText("phong su hoa")  # unaccented, the last word a prefix
    qtbot.waitUntil(lambda: not library.searching and library.titles() == ["Phóng sự Hòa Bình"],
                    timeout=WAIT)
    library.list.topLevelItem(0).setSelected(True)
    table = panel.table
    pos = table.visualRect(table.model().index(1, 2)).center()
    mime = library.mimeData()  # what dragging the selected row carries (held)
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    table.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: segments_loaded(panel, 4), timeout=WAIT)
    prog = on_db(qtbot, st, lambda s: programmes.get_programme(s, pid))
    facts = on_db(qtbot, st, lambda s: programmes.item_facts(s, prog))
    assert [facts[seg.item_id].title for seg in prog.segments if seg.item_id] == [
        "Tin Một", "Phóng sự Hòa Bình", "Tin Hai", "Tin Ba"]
