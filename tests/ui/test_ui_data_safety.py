"""The window at start: an empty station.db is damage (the restore is offered, never a new
empty station); a full disk is not (no restore offered, the message says what to do)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from station import backups
from station.paths import DataDir
from station.station import Station
from tests.support.disks import small_tmpfs
from tests.support.window import WAIT, close_window_station, open_window


def _backup(datadir: DataDir) -> None:
    st = Station.open(datadir)
    try:
        backups.backup(st.db, datadir.backups)
    finally:
        st.close()


def test_empty_database_offers_the_backup_not_a_new_station(qtbot, datadir: DataDir) -> None:
    _backup(datadir)
    datadir.db_path.write_bytes(b"")
    win = open_window(qtbot, datadir, language="en")
    assert win.central.currentWidget() is win.problem
    assert win.central.currentWidget() is not win.first_run
    assert win.problem.restore.isVisibleTo(win)
    assert "empty (0 bytes)" in win.problem.message.text()
    qtbot.mouseClick(win.problem.restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel, timeout=WAIT)
    assert win.login_panel.user.count() == 4, "the restored station has its users"
    assert [p.stat().st_size for p in datadir.root.glob("station.db.damaged-*")] == [0]
    close_window_station(qtbot, win)


def test_full_disk_is_said_and_no_restore_is_offered(qtbot, tmp_path: Path,
                                                    template_station: Path) -> None:
    with small_tmpfs(tmp_path / "mnt", "4m") as mnt:
        shutil.copytree(template_station, mnt / "st")
        target = DataDir(mnt / "st")
        _backup(target)
        with open(mnt / "filler", "wb") as fh:
            fh.write(b"\0" * (shutil.disk_usage(mnt).free - 8 * 1024))
        win = open_window(qtbot, target, language="en")
        assert win.central.currentWidget() is win.problem
        assert not win.problem.restore.isVisibleTo(win)
        text = win.problem.message.text()
        assert "is full" in text and "free some space" in text
        assert "damaged" not in text
        win.close()
