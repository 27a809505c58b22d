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
    if isinstance(exc, StationError | MediaError):
        return _sentence(_template(exc), _params(exc), str(exc))
    if isinstance(exc, FfmpegError):
        return _sentence(QCoreApplication.translate("errors", "ffmpeg failed: {reason}"),
                         {"reason": str(exc)}, str(exc))
    if isinstance(exc, OSError):
        reason = f"{exc.strerror or exc} {exc.filename or ''}".strip()
        return _sentence(QCoreApplication.translate("errors", "file error: {reason}"),
                         {"reason": reason}, reason)
    reason = f"{type(exc).__name__}: {exc}"
    return _sentence(QCoreApplication.translate("errors", "unexpected error: {reason}"),
                     {"reason": reason}, reason)


def _template(exc: StationError | MediaError) -> str:
    """The error's template in the UI language, looked up in its translation context:
    "media", a class's own (sync report lines and relay errors say "sync"), or "errors"."""
    context = "media" if isinstance(exc, MediaError) else getattr(exc, "context", "errors")
    return QCoreApplication.translate(context, exc.template)


def _params(exc: StationError | MediaError) -> dict:
    """Params that are typed errors themselves (why one relay item was not imported) are put
    in words too, as they stand inside the sentence (not capitalised)."""
    out = {}
    for name, value in exc.params.items():
        if isinstance(value, StationError | MediaError):
            try:
                value = _template(value).format(**_params(value))
            except (KeyError, IndexError, ValueError):
                value = str(value)
        out[name] = value
    return out


def _sentence(template: str, params: dict, fallback: str) -> str:
    """Capitalise the template's own first word (never a file name put in front)."""
    if template[:1].isalpha():
        template = template[:1].upper() + template[1:]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return fallback


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, StationError | MediaError):
        log.error("operation failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
    QMessageBox.warning(parent, QCoreApplication.translate("errors", "Station"), describe(exc))
