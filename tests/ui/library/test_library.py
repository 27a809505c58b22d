"""The library page driven as an archivist or editor would: drop files in, search without
diacritics, preview, edit one item and several, drag items out, a watched folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from media import tones
from station.paths import DataDir
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import close_window_station, show_page
from ui import i18n
from ui.library.page import LibraryPage
from ui.main_window import MainWindow
from ui.settings.page import SettingsPage
from ui.widgets.drag import ITEM_IDS_MIME

WAIT = 20000


@pytest.fixture
def page(qtbot, datadir: DataDir) -> Iterator[LibraryPage]:
    i18n.install("vi")
    win = MainWindow(datadir)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=WAIT)
    win.login_panel.user.setCurrentText("admin")
    win.login_panel.password.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(win.login_panel.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT)
    found = win.workspace.page(LibraryPage)
    assert isinstance(found, LibraryPage)
    found.window_ = win  # type: ignore[attr-defined]
    yield found
    close_window_station(qtbot, win)


def drop_files(page: LibraryPage, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)


def rows(page: LibraryPage) -> list[str]:
    model = page.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_drop_search_preview_edit(qtbot, page: LibraryPage, tmp_path: Path,
                                  _no_modal_dialogs: list) -> None:
    a = tones.write_wav(tmp_path / "Bản tin Hòa Bình.wav", tones.sine(440.0, 3.0, -20.0))
    b = tones.write_wav(tmp_path / "Nhạc hiệu Đắk Lắk.wav", tones.chime())
    bad = tmp_path / "hỏng.mp3"
    bad.write_bytes(b"not audio at all" * 100)
    qtbot.waitUntil(lambda: page.summary.text() == "0 mục", timeout=WAIT)
    drop_files(page, [a, b, bad])
    qtbot.waitUntil(lambda: len(rows(page)) == 2 and "…" not in rows(page), timeout=WAIT)
    assert sorted(rows(page)) == ["Bản tin Hòa Bình", "Nhạc hiệu Đắk Lắk"]
    # The refused file was named, with a plain reason: no raw ffmpeg text.
    qtbot.waitUntil(lambda: any("hỏng.mp3" in text for _k, _t, text in _no_modal_dialogs),
                    timeout=WAIT)
    refusal = next(text for _k, _t, text in _no_modal_dialogs if "hỏng.mp3" in text)
    assert "ffmpeg" not in refusal.lower() and "Invalid data" not in refusal

    page.search.setText("hoa binh")  # no diacritics, old/new tone placement alike
    qtbot.waitUntil(lambda: rows(page) == ["Bản tin Hòa Bình"], timeout=WAIT)
    page.search.setText("dak")  # đ folds to d
    qtbot.waitUntil(lambda: rows(page) == ["Nhạc hiệu Đắk Lắk"], timeout=WAIT)

    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.preview.waveform.peaks is not None, timeout=WAIT)
    assert page.preview.waveform.duration_s == pytest.approx(2.2, abs=0.1)
    qtbot.waitUntil(lambda: page.editor.title.text() == "Nhạc hiệu Đắk Lắk", timeout=WAIT)
    page.editor.title.setText("Nhạc hiệu buổi sáng")
    page.editor.speaker.setText("Ban biên tập")
    page.editor.save.click()
    page.search.clear()
    qtbot.waitUntil(lambda: sorted(rows(page)) == ["Bản tin Hòa Bình", "Nhạc hiệu buổi sáng"],
                    timeout=WAIT)

    # A bulk edit: both rows get the category, nothing else changes.
    page.table.selectAll()
    qtbot.waitUntil(lambda: "2" in page.editor.heading.text(), timeout=WAIT)
    page.editor.category.setEditText("Thời sự")
    page.editor.save.click()
    page.category.setCurrentIndex(page.category.findData("Thời sự"))
    qtbot.waitUntil(lambda: sorted(rows(page)) == ["Bản tin Hòa Bình", "Nhạc hiệu buổi sáng"],
                    timeout=WAIT)

    # Rows drag out as item ids, which the schedule accepts.
    mime = page.model.mimeData([page.model.index(0, 0), page.model.index(1, 0)])
    ids = json.loads(bytes(mime.data(ITEM_IDS_MIME)).decode())
    assert len(ids) == 2 and all(isinstance(i, str) for i in ids)


def test_watched_folder_imports_by_itself(qtbot, page: LibraryPage, tmp_path: Path) -> None:
    win = page.window_  # type: ignore[attr-defined]
    inbox = tmp_path / "tin hằng giờ"
    inbox.mkdir()
    settings = show_page(qtbot, win, SettingsPage)
    settings.watch_box.add_folder(str(inbox), "Thời sự")
    qtbot.waitUntil(lambda: settings.watch_box.folders.count() == 1, timeout=WAIT)
    tones.write_wav(inbox / "Tin 7 giờ.wav", tones.sine(550.0, 2.0))
    assert win.watch is not None
    qtbot.waitUntil(lambda: bool(win.watch._watchers), timeout=WAIT)
    win.watch.timer.setInterval(500)  # the test need not wait five seconds per look
    qtbot.waitUntil(lambda: (inbox / "Đã nhập" / "Tin 7 giờ.wav").exists(), timeout=30000)
    qtbot.waitUntil(lambda: "Tin 7 giờ" in win.statusBar().currentMessage(), timeout=WAIT)
    win.workspace.nav.setCurrentRow(0)
    qtbot.waitUntil(lambda: "Tin 7 giờ" in rows(page), timeout=WAIT)


def test_saved_search_export_and_purge(qtbot, page: LibraryPage, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       _no_modal_dialogs: list) -> None:
    import zipfile

    from PySide6.QtWidgets import QInputDialog, QMessageBox

    for name in ("Tin Hòa Bình", "Tin Đắk Lắk", "Nhạc nền"):
        tones.write_wav(tmp_path / f"{name}.wav", tones.sine(300.0 + len(name) * 10, 1.0))
    qtbot.waitUntil(lambda: page.summary.text() == "0 mục", timeout=WAIT)
    page.import_paths([str(tmp_path / f"{n}.wav") for n in ("Tin Hòa Bình", "Tin Đắk Lắk",
                                                          "Nhạc nền")])
    qtbot.waitUntil(lambda: len(rows(page)) == 3 and "…" not in rows(page), timeout=WAIT)

    # Save "tin" as a search, clear it, then bring it back from the list.
    page.search.setText("tin")
    qtbot.waitUntil(lambda: len(rows(page)) == 2, timeout=WAIT)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Bản tin", True)))
    page.save_search.click()
    qtbot.waitUntil(lambda: page.saved.count() == 2, timeout=WAIT)
    page.search.clear()
    qtbot.waitUntil(lambda: len(rows(page)) == 3, timeout=WAIT)
    page.saved.setCurrentIndex(1)
    page.saved.activated.emit(1)
    qtbot.waitUntil(lambda: sorted(rows(page)) == ["Tin Hòa Bình", "Tin Đắk Lắk"], timeout=WAIT)
    assert page.search.text() == "tin"

    # Export the two found items: bit-exact originals and a sidecar each.
    page.table.selectAll()
    qtbot.waitUntil(lambda: len(page.selected_ids()) == 2, timeout=WAIT)
    target = tmp_path / "xuất.zip"
    page.export_to(page.selected_ids(), str(target))
    qtbot.waitUntil(target.exists, timeout=WAIT)
    with zipfile.ZipFile(target) as z:
        wavs = sorted(n for n in z.namelist() if n.endswith(".wav"))
        assert len(wavs) == 2 and len([n for n in z.namelist() if n.endswith(".json")]) == 2
        assert z.read(wavs[0]) in {(tmp_path / f"{n}.wav").read_bytes()
                                   for n in ("Tin Hòa Bình", "Tin Đắk Lắk")}

    # A temporary item from last year is offered for purge, listed, then deleted.
    from ui.operations import Op

    st = page.station

    def age(_s: object) -> None:
        st.db.execute("UPDATE items SET retention = 'temporary', created_at ="
                      " '2025-01-01T00:00:00.000Z' WHERE title = 'Nhạc nền'")

    done: list[object] = []
    Op(age, None, "db").success(done.append).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    page.purge_button.click()
    page.search.clear()
    qtbot.waitUntil(lambda: sorted(rows(page)) == ["Tin Hòa Bình", "Tin Đắk Lắk"], timeout=WAIT)


# -- the preview waveform ------------------------------------------------------------------
def _peaks_loud_then_silent() -> Any:
    import numpy as np

    from media.peaks import PeaksBuilder

    rate = 8000
    t = np.arange(rate) / rate
    loud = 0.8 * np.sin(2 * np.pi * 220 * t)
    builder = PeaksBuilder(rate, 1)
    builder.feed(np.concatenate([loud, np.zeros(rate)]).reshape(-1, 1))
    return builder.finish()


def test_the_waveform_shows_its_peaks_a_scale_and_a_play_head(qtbot) -> None:
    from PySide6.QtGui import QColor, QImage

    from ui.widgets import waveform as wf

    view = wf.WaveformView()
    qtbot.addWidget(view)
    view.resize(400, 130)
    view.set_peaks(_peaks_loud_then_silent())
    assert view.duration_s == pytest.approx(2.0)
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    wave = view.wave_rect()
    mid = int(wave.height() / 2)
    middle_rows = [r for r in range(mid - 25, mid + 26) if r != mid]  # the centre line aside

    def colour_at(x: int, y: int) -> QColor:
        return QColor(image.pixel(x, y))

    def waveform_in(columns: range) -> int:
        return sum(colour_at(x, y) == wf.WAVE for x in columns for y in middle_rows)

    assert waveform_in(range(20, 180)) > 0.9 * 160 * len(middle_rows)  # the loud half
    assert waveform_in(range(220, 380)) == 0  # the silent half
    # The frame is a line, not a fill: the silent half's middle is the background.
    assert colour_at(300, mid - 20) == wf.BACKGROUND
    # The time scale: a labelled tick at 1 s, the middle of the width.
    step = wf.tick_step(view.duration_s, view.width())
    assert step == 1.0
    x_one = round(1.0 / view.duration_s * (view.width() - 1))
    ruler_top = int(wave.bottom())
    assert any(colour_at(x, ruler_top + 3) == wf.SCALE_TICK for x in (x_one - 1, x_one, x_one + 1))
    # The play head follows the position.
    view.set_position(1.5)
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    x_head = round(0.75 * (view.width() - 1))
    assert any(QColor(image.pixel(x, 10)) == wf.PLAY_HEAD for x in range(x_head - 2, x_head + 3))
    # A click asks to seek there.
    with qtbot.waitSignal(view.seek_requested) as sought:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 40))
    assert sought.args[0] == pytest.approx(0.5, abs=0.02)


# -- the metadata editor ---------------------------------------------------------------------
def _import(qtbot, page: LibraryPage, tmp_path: Path, names: list[str]) -> None:
    paths = [tones.write_wav(tmp_path / f"{n}.wav", tones.sine(330.0 + 20 * i, 1.0))
             for i, n in enumerate(names)]
    qtbot.waitUntil(lambda: page.model.total == 0 or page.summary.text() != "", timeout=WAIT)
    page.import_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: sorted(rows(page)) == sorted(names), timeout=WAIT)


def _select(qtbot, page: LibraryPage, title: str) -> str:
    row = rows(page).index(title)
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.editor.title.text() == title, timeout=WAIT)
    item_id = page.model.item_id(row)
    assert item_id is not None
    return item_id


def _title_in_db(qtbot, page: LibraryPage, item_id: str) -> str:
    from tests.support.window import on_db

    return on_db(qtbot, page.window_, lambda st: st.db.execute(  # type: ignore[attr-defined]
        "SELECT title FROM items WHERE id = ?", [item_id]).fetchone()[0])


def test_saving_a_field_back_is_saved_too(qtbot, page: LibraryPage, tmp_path: Path) -> None:
    _import(qtbot, page, tmp_path, ["Tin sáng"])
    item_id = _select(qtbot, page, "Tin sáng")
    assert page.editor.status.text() == ""
    height = page.editor.status.height()
    page.editor.title.setText("Tin sáng thứ Hai")
    page.editor.save.click()
    qtbot.waitUntil(lambda: page.editor.status.text() != "", timeout=WAIT)
    assert page.editor.status.height() == height  # "Saved" took no new space
    assert _title_in_db(qtbot, page, item_id) == "Tin sáng thứ Hai"
    page.editor.title.setText("Tin sáng")  # back as it was: still a change to save
    assert page.editor.status.text() == ""  # an edit clears "Saved"
    page.editor.save.click()
    qtbot.waitUntil(lambda: page.editor.status.text() != "", timeout=WAIT)
    assert _title_in_db(qtbot, page, item_id) == "Tin sáng"


def test_the_pane_clears_when_the_item_leaves_the_list(qtbot, page: LibraryPage,
                                                       tmp_path: Path) -> None:
    _import(qtbot, page, tmp_path, ["Tin Hòa Bình", "Nhạc nền"])
    _select(qtbot, page, "Nhạc nền")
    assert page.editor.ids and page.editor.save.isEnabled()
    # The player's total reads as the table's duration (one formatter).
    duration = page.model.index(rows(page).index("Nhạc nền"), 3).data()
    qtbot.waitUntil(lambda: page.preview.clock.text().endswith(f" / {duration}"), timeout=WAIT)
    assert page.preview.stop_button.isVisibleTo(page.preview)
    assert page.preview.volume.isVisibleTo(page.preview)
    page.search.setText("hoa binh")
    qtbot.waitUntil(lambda: rows(page) == ["Tin Hòa Bình"], timeout=WAIT)
    qtbot.waitUntil(lambda: page.editor.ids == [], timeout=WAIT)
    assert page.editor.title.text() == "" and not page.editor.save.isEnabled()
    assert not page.preview.play.isVisible()
    # A search that finds nothing says so, over the table.
    page.search.setText("khong co gi")
    qtbot.waitUntil(lambda: page.empty_note.isVisible(), timeout=WAIT)
    assert "khong co gi" in page.empty_note.text()
    page.search.clear()
    qtbot.waitUntil(lambda: not page.empty_note.isVisible(), timeout=WAIT)


def test_province_bulletins_are_read_only(qtbot, page: LibraryPage) -> None:
    from station import province
    from tests.support.window import on_db

    def add(st: Any) -> None:
        with st.db.atomic():
            province.apply_bulletin(st.db, "0190aaaa-0000-7000-8000-000000000001",
                                    {"title": "Thông báo của tỉnh", "text": "Nội dung"}, False, 1)

    on_db(qtbot, page.window_, add)  # type: ignore[attr-defined]
    page.search.setText("thong bao")
    qtbot.waitUntil(lambda: rows(page) == ["Thông báo của tỉnh"], timeout=WAIT)
    _select(qtbot, page, "Thông báo của tỉnh")
    assert page.editor.notice.isVisibleTo(page.editor) and page.editor.notice.text()
    assert page.editor.title.isReadOnly() and not page.editor.save.isEnabled()
    assert not page.editor.retention.isEnabled()
    assert page.model.index(0, 5).data() not in ("province", "")  # the province in words


# -- delete, the bin, the menu and the keys --------------------------------------------------
def test_delete_restore_and_empty_from_the_page(qtbot, page: LibraryPage, tmp_path: Path,
                                                _no_modal_dialogs: list) -> None:
    from tests.support.window import on_db

    _import(qtbot, page, tmp_path, ["Phóng sự cũ", "Ca nhạc"])
    item_id = _select(qtbot, page, "Phóng sự cũ")
    menu = page.actions_.build_menu()
    names = [a.objectName() or a.text() for a in menu.actions() if not a.isSeparator()]
    assert len(names) == 5 and all(a.isEnabled() for a in menu.actions()
                                   if not a.isSeparator())
    page.actions_.delete([item_id])
    qtbot.waitUntil(lambda: rows(page) == ["Ca nhạc"], timeout=WAIT)
    qtbot.waitUntil(lambda: page.editor.ids != [item_id], timeout=WAIT)

    dialog = page.actions_.open_bin()
    qtbot.waitUntil(lambda: [e.id for e in dialog.entries] == [item_id], timeout=WAIT)
    assert dialog.table.item(0, 0).text() == "Phóng sự cũ"
    dialog.restore_ids([item_id])
    qtbot.waitUntil(lambda: sorted(rows(page)) == ["Ca nhạc", "Phóng sự cũ"], timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.entries == [], timeout=WAIT)

    item_id = _select(qtbot, page, "Phóng sự cũ")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # asks first: the fake answer is not Yes
    assert any(kind == "question" for kind, _t, _x in _no_modal_dialogs)
    page.actions_.delete([item_id])
    qtbot.waitUntil(lambda: [e.id for e in dialog.entries] == [item_id], timeout=WAIT)
    dialog.empty_now()
    qtbot.waitUntil(lambda: dialog.entries == [] and dialog.status.text() != "", timeout=WAIT)
    actions = on_db(qtbot, page.window_, lambda st: [r[0] for r in st.db.execute(  # type: ignore[attr-defined]
        "SELECT action FROM audit WHERE entity_id = ? ORDER BY seq", [item_id])])
    assert actions[-4:] == ["item.delete", "item.restore", "item.delete", "bin.empty"]
    assert on_db(qtbot, page.window_, lambda st: st.db.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM items WHERE id = ?", [item_id]).fetchone()[0]) == 0
    dialog.close()


def test_ctrl_f_finds_the_search_box(page: LibraryPage) -> None:
    from ui.help import search_field

    assert search_field(page) is page.search  # the window's Ctrl+F puts the cursor there
    page.actions_.focus_search()
