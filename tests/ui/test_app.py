"""App-level behaviour: responsiveness while working, the daily backup, the crash handler."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer

from station import db as dbmod
from station.paths import DataDir
from tests.support.window import close_window_station
from ui import i18n
from ui.main_window import MainWindow


class StallMeter:
    """The longest gap between ticks of a 10 ms timer: how long the event loop was stuck."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0
        self.last = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now


def test_first_run_with_demo_never_stalls_the_event_loop(qtbot, empty_datadir: DataDir) -> None:
    i18n.install("vi")
    win = MainWindow(empty_datadir)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.ready, timeout=15000)
    form = win.first_run
    form.station_name.setText("Đài truyền thanh xã Hòa Bình")
    form.password.setText("mat-khau-1")
    form.confirm.setText("mat-khau-1")
    assert form.demo.isChecked()
    # The analysis libraries load while the user types (a one-off cost of Python's import
    # of scipy, DESIGN.md section 7); after that, nothing may stall the window.
    qtbot.waitUntil(lambda: win.warmed, timeout=30000)
    meter = StallMeter()
    meter.start()
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=120000)
    meter.timer.stop()
    # Creating the station and the whole demo library (speech synthesis, ffmpeg, hashing,
    # database writes) ran in the background: the window kept answering.
    print(f"longest event-loop stall: {meter.longest} ms")
    assert meter.longest < 100, f"event loop stalled {meter.longest} ms"
    page = win.workspace.pages[0]
    qtbot.waitUntil(lambda: "7" in page.summary.text(), timeout=15000)  # seven demo items
    close_window_station(qtbot, win)


def test_daily_backup_only_when_due(station) -> None:  # type: ignore[no-untyped-def]
    folder = station.datadir.backups
    first = dbmod.backup_if_due(station.db, folder)
    assert first is not None and first.exists()
    assert dbmod.backup_if_due(station.db, folder) is None
    old = time.time() - 2 * 24 * 3600
    import os

    os.utime(first, (old, old))
    assert dbmod.backup_if_due(station.db, folder) is not None


def test_crash_handler_logs_the_traceback(tmp_path: Path) -> None:
    from station import logs
    from ui import crash

    root = logging.getLogger()
    saved = root.handlers[:]
    try:
        log_file = logs.setup(tmp_path / "logs")
        assert log_file is not None
        try:
            raise RuntimeError("hỏng hóc giả lập")
        except RuntimeError as exc:
            crash.handle(type(exc), exc, exc.__traceback__)
        for h in root.handlers:
            h.flush()
        text = log_file.read_text(encoding="utf-8")
        assert "uncaught exception" in text and "hỏng hóc giả lập" in text
        assert "test_crash_handler_logs_the_traceback" in text  # the traceback itself
    finally:
        for h in root.handlers[:]:
            if h not in saved:
                root.removeHandler(h)
                h.close()
