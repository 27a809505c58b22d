"""Roles and what each may do. Checked in the core (Station.require), never only in the UI."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    EDITOR = "editor"
    CHIEF = "chief"
    ARCHIVIST = "archivist"
    ADMIN = "admin"


class Right(StrEnum):
    LIBRARY_VIEW = "library.view"
    LIBRARY_IMPORT = "library.import"
    LIBRARY_EDIT = "library.edit"
    LIBRARY_DELETE = "library.delete"
    ARCHIVE_PURGE = "archive.purge"
    STUDIO_USE = "studio.use"
    PLAYOUT_RUN = "playout.run"
    SCHEDULE_EDIT = "schedule.edit"
    SCHEDULE_SUBMIT = "schedule.submit"
    SCHEDULE_APPROVE = "schedule.approve"
    SYNC_RUN = "sync.run"
    AUDIT_VIEW = "audit.view"
    USERS_MANAGE = "users.manage"
    SETTINGS_MANAGE = "settings.manage"


_ALL = frozenset(Right)
_EDITOR = frozenset({
    Right.LIBRARY_VIEW, Right.LIBRARY_IMPORT, Right.LIBRARY_EDIT, Right.STUDIO_USE,
    Right.PLAYOUT_RUN, Right.SCHEDULE_EDIT, Right.SCHEDULE_SUBMIT, Right.SYNC_RUN,
})

RIGHTS: dict[Role, frozenset[Right]] = {
    Role.EDITOR: _EDITOR,
    # The chief approves and can do an editor's work, but does not manage users.
    Role.CHIEF: _EDITOR | {Right.SCHEDULE_APPROVE, Right.AUDIT_VIEW},
    Role.ARCHIVIST: frozenset({
        Right.LIBRARY_VIEW, Right.LIBRARY_IMPORT, Right.LIBRARY_EDIT, Right.LIBRARY_DELETE,
        Right.ARCHIVE_PURGE, Right.SYNC_RUN, Right.AUDIT_VIEW,
    }),
    # The admin runs the installation; approval stays with the chief (separation of duties).
    Role.ADMIN: _ALL - {Right.SCHEDULE_APPROVE},
}


def has_right(role: Role | str, right: Right) -> bool:
    return right in RIGHTS[Role(role)]
