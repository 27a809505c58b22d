"""The audit trail's "Verify the chain" button holds the log against the head the hub
acknowledged (station/anchor.py): cut entries show as BROKEN in the window too."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from station import anchor
from station.paths import DataDir
from station.station import Station
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window, show_page
from ui.approvals.page import ApprovalsPage


def _verdict(qtbot: Any, page: ApprovalsPage) -> str:
    label = page.findChild(QLabel, "audit_verdict")
    button = page.findChild(QPushButton, "audit_verify")
    assert label is not None and button is not None
    label.setText("")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(label.text()), timeout=WAIT)
    return str(label.text())


def test_the_verify_button_finds_entries_cut_after_the_hub_anchored_them(
        qtbot: Any, datadir: DataDir) -> None:
    win = open_window(qtbot, datadir, language="en")
    try:
        log_in(qtbot, win, "admin")
        page = show_page(qtbot, win, ApprovalsPage)
        qtbot.waitUntil(lambda: page.audit_box.view is not None and not page.audit_box.busy,
                        timeout=WAIT)
        assert "not yet anchored" in _verdict(qtbot, page)

        def acked(st: Station) -> int:
            top = anchor.head(st.db)
            assert top is not None
            with st.db.atomic():
                anchor.acknowledge(st.db, anchor.Anchor("https://hub.example", top.seq,
                                                        top.hash), "sid", "2026-12-07T08:00:00")
            return top.seq

        seq = on_db(qtbot, win, acked)
        assert f"acknowledged (entry {seq})" in _verdict(qtbot, page)
        on_db(qtbot, win, lambda st: st.db.execute("DELETE FROM audit WHERE seq >= ?",
                                                   [seq - 1]))
        text = _verdict(qtbot, page)
        assert f"BROKEN at entry {seq}" in text and "removed" in text
    finally:
        close_window_station(qtbot, win, WAIT)
