"""Every string the user can see has its Vietnamese translation, and the shipped .qm is
built from the current .ts."""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import Qt

from tests.conftest import ROOT


def test_every_marked_string_is_translated_to_vietnamese() -> None:
    spec = importlib.util.spec_from_file_location("translations",
                                                  ROOT / "installer" / "translations.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert len(tool.sources()) > 20
    assert tool.check() == []


def test_translations_are_nfc() -> None:
    import unicodedata

    text = (ROOT / "ui" / "translations" / "station_vi.ts").read_text(encoding="utf-8")
    assert "Thư viện" in text
    assert unicodedata.normalize("NFC", text) == text


def test_qt_message_box_buttons_speak_vietnamese(qapp: object) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    from ui import i18n

    i18n.install("vi")
    try:
        buttons = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                   | QMessageBox.StandardButton.Cancel)
        box = QMessageBox(QMessageBox.Icon.Question, "Station", "?", buttons)
        assert {b.text() for b in box.buttons()} == {"&Có", "&Không", "Hủy"}
        more = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                | QDialogButtonBox.StandardButton.Close
                                | QDialogButtonBox.StandardButton.Save
                                | QDialogButtonBox.StandardButton.Discard)
        assert {b.text() for b in more.buttons()} == {"Đồng ý", "Đóng", "Lưu", "Bỏ thay đổi"}
    finally:
        i18n.install("en")
    english = QMessageBox(QMessageBox.Icon.Question, "Station", "?", buttons)
    assert "&Yes" in {b.text() for b in english.buttons()}


def test_qt_file_dialog_and_edit_menu_speak_vietnamese(qapp: object, tmp_path: object) -> None:
    from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPushButton, QTreeView

    from ui import i18n

    i18n.install("vi")
    try:
        dialog = QFileDialog(None, "Station", str(tmp_path), "Audio (*.wav)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
        assert labels["lookInLabel"] == "&Tìm trong:"
        assert labels["fileNameLabel"] == "&Tên tệp:"
        assert labels["fileTypeLabel"] == "&Loại tệp:"
        assert {b.text() for b in dialog.findChildren(QPushButton)} >= {"&Mở", "Hủy"}
        view = dialog.findChild(QTreeView, "treeView")
        assert view is not None
        model = view.model()
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Tên"
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        assert "&Lưu" in {b.text() for b in dialog.findChildren(QPushButton)}
        line = QLineEdit()
        menu = line.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        assert texts[:2] == ["&Hoàn tác", "&Làm lại"] and "&Dán" in texts
    finally:
        i18n.install("en")


def test_qt_translations_are_built_from_their_source() -> None:
    import unicodedata
    import xml.etree.ElementTree as ET

    text = (ROOT / "ui" / "translations" / "qt_vi.ts").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    contexts = {c.findtext("name") for c in ET.fromstring(text).iter("context")}
    assert {"QPlatformTheme", "QFileDialog", "QFileSystemModel", "QLineEdit"} <= contexts
    assert (ROOT / "ui" / "translations" / "qt_vi.qm").stat().st_size > 1000
