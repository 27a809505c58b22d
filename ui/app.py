"""Starting the desktop app: log, crash handler, language, lock, then the main window.

Only what the first window needs is imported here; librosa, numba and scipy never load at
start-up (a test enforces it).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def main(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from station import logs
    from station.errors import StationError
    from station.lock import InstanceLock
    from station.paths import DataDir, default_data_dir
    from station.station import ensure_writable
    from ui import crash, i18n

    datadir = DataDir(Path(args.data_dir) if args.data_dir else default_data_dir())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Station")
    app.setOrganizationName("Station")
    crash.install()
    i18n.install(i18n.saved_language())
    logs.setup(datadir.logs)
    log.info("starting Station on %s", datadir.root)

    lock = InstanceLock(datadir.lock_path)
    try:
        ensure_writable(datadir.root)
        lock.acquire()
    except StationError as exc:
        from ui.errors import describe

        QMessageBox.critical(None, "Station", describe(exc))
        return 1

    from ui.main_window import MainWindow
    from ui.operations import wait_all

    window = MainWindow(datadir)
    window.place_on_screen()  # last time's place, or the whole of a small screen
    window.show()
    window.start()
    try:
        return app.exec()
    finally:
        wait_all(10000)
        if window.station is not None:
            window.station.close()
        lock.release()
