"""The one place that turns errors into words for the user (translated)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from media.analysis import MediaError
from media.ffmpeg import FfmpegError
from station.errors import StationError

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    """A sentence in the UI language saying what went wrong and why."""
    text = _describe(exc)
    return text[:1].upper() + text[1:]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, StationError | MediaError):
        context = "media" if isinstance(exc, MediaError) else "errors"
        text = QCoreApplication.translate(context, exc.template)
        try:
            return text.format(**exc.params)
        except (KeyError, IndexError, ValueError):
            return str(exc)
    if isinstance(exc, FfmpegError):
        return QCoreApplication.translate("errors", "ffmpeg failed: {reason}").format(
            reason=str(exc))
    if isinstance(exc, OSError):
        return QCoreApplication.translate("errors", "file error: {reason}").format(
            reason=f"{exc.strerror or exc} {exc.filename or ''}".strip())
    return QCoreApplication.translate("errors", "unexpected error: {reason}").format(
        reason=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, StationError | MediaError):
        log.error("operation failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
    QMessageBox.warning(parent, QCoreApplication.translate("errors", "Station"), describe(exc))
