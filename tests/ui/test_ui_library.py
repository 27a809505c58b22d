"""The library page driven as an archivist or editor would: drop files in, search without
diacritics, preview, edit one item and several, drag items out, a watched folder."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from media import tones
from station.paths import DataDir
from tests.conftest import ADMIN_PASSWORD
from tests.support.window import close_window_station
from ui import i18n
from ui.library.page import ITEM_IDS_MIME, LibraryPage
from ui.main_window import MainWindow
from ui.settings.page import SettingsPage

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
    # The refused file was named, with its reason, in Vietnamese.
    qtbot.waitUntil(lambda: any("hỏng.mp3" in text and "không phải" in text
                                for _k, _t, text in _no_modal_dialogs), timeout=WAIT)

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
    settings = win.workspace.page(SettingsPage)
    assert isinstance(settings, SettingsPage)
    win.workspace.nav.setCurrentRow(win.workspace.pages.index(settings))
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
