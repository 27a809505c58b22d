"""The crash handler, installed before the main window exists.

An uncaught exception is logged with its traceback and shown in a dialog the user can copy
from; STATION_NO_CRASH_DIALOG=1 (set by the tests and CI) keeps it to the log.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from types import TracebackType

log = logging.getLogger("station.crash")


def _show(text: str) -> None:
    from PySide6.QtCore import QCoreApplication, QThread
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return
    box = QMessageBox(QMessageBox.Icon.Critical,
                      QCoreApplication.translate("crash", "Station: unexpected error"),
                      QCoreApplication.translate(
                          "crash", "Something went wrong. Your saved work is safe. The details "
                          "below were written to the log file; please send them to support."))
    box.setDetailedText(text)
    box.exec()


def handle(exc_type: type[BaseException], exc: BaseException,
           tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("uncaught exception:\n%s", text)
    if os.environ.get("STATION_NO_CRASH_DIALOG") != "1":
        _show(text)


def install() -> None:
    sys.excepthook = handle

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    threading.excepthook = thread_hook
