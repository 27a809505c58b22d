"""Typed errors of the core. The UI turns them into words in one place (ui/errors.py).

Every message is a template marked for Qt's translation tools with QT_TRANSLATE_NOOP
(a plain function here: the core never imports Qt; lupdate reads the call by its name).
``str(error)`` gives the English sentence for the CLI and logs; the UI translates
``error.template`` and formats it with ``error.params``.
"""

from __future__ import annotations

from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    return text


class StationError(Exception):
    """Base of every error the core raises on purpose; the text is for the user."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


class DataDirError(StationError):
    """The data directory cannot be used (read-only, full, missing permissions)."""


class DiskFull(DataDirError):
    """The disk holding the data is full (params: path, the folder). Never damage."""


class ReadOnlyFolder(DataDirError):
    """The data folder is on a read-only disk or mount (params: path). Never damage."""


class NoAccess(DataDirError):
    """This OS user may not write in the data folder (params: path). Never damage."""


class DatabaseCorrupt(StationError):
    """The database file is damaged; the caller may restore a backup (params: path)."""


class SchemaTooNew(StationError):
    """The database was written by a newer version of the app (params: found, supported)."""


class NotInitialized(StationError):
    """No station exists in the data dir yet."""


class AlreadyInitialized(StationError):
    pass


class InstanceLocked(StationError):
    """Another Station process has this data dir open."""


class AuthError(StationError):
    """Login refused. Deliberately does not say whether the user or the password was wrong."""


class PermissionDenied(StationError):
    """The current user's role does not allow the action."""


class ValidationError(StationError):
    """Input the user gave is not acceptable; the message says why."""


class NotFound(StationError):
    pass


class ServiceUnavailable(StationError):
    """The station service does not answer on its channel (params: reason)."""


class RowRefused(StationError):
    """One row of a file to import cannot be used (params: where it is, and ``reason``,
    itself a StationError the UI puts in words)."""


class RowsRefused(StationError):
    """A file was refused whole, nothing of it imported: ``rows`` lists every bad row
    (RowRefused), and the items it names that the library does not have."""

    def __init__(self, template: str, rows: tuple[RowRefused, ...] = (),
                 unknown_items: tuple[str, ...] = (), **params: Any) -> None:
        super().__init__(template, **params)
        self.rows = tuple(rows)
        self.unknown_items = tuple(unknown_items)
