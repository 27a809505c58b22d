"""Named verbs for user actions: each returns a background Op over the station.

A button handler is then one line: ``verbs.login(win, st, user, pw).success(...).run...``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from media.taskstate import TaskState
from station import audit, demo, library, users
from station.changes import Changes
from station.create import create_station
from station.paths import DataDir
from station.rights import Role
from station.station import Station, User
from ui.operations import Op


def _db(parent: QWidget | None, fn: Callable[[TaskState], Any]) -> Op[Any]:
    return Op(fn, parent, "db")


def open_station(parent: QWidget | None,
                 datadir: DataDir) -> Op[tuple[Station, list[User], str]]:
    def work(_: TaskState) -> tuple[Station, list[User], str]:
        st = Station.open(datadir)
        return st, users.list_users(st), st.name

    return _db(parent, work)


def create(parent: QWidget | None, datadir: DataDir, name: str, admin: str, password: str,
           full_name: str, language: str) -> Op[Station]:
    return _db(parent, lambda _: create_station(datadir, name, admin, password, full_name,
                                                language))


def populate_demo(parent: QWidget | None, st: Station) -> Op[Changes]:
    return _db(parent, lambda state: demo.populate(st, state))


def login(parent: QWidget | None, st: Station, username: str, password: str) -> Op[User]:
    return _db(parent, lambda _: users.login(st, username, password))


def logout(parent: QWidget | None, st: Station) -> Op[None]:
    return _db(parent, lambda _: users.logout(st))


def list_users(parent: QWidget | None, st: Station) -> Op[list[User]]:
    return _db(parent, lambda _: users.list_users(st, include_inactive=True))


def add_user(parent: QWidget | None, st: Station, username: str, password: str, role: Role,
             full_name: str) -> Op[tuple[User, Changes]]:
    return _db(parent, lambda _: users.create_user(st, username, password, role, full_name))


def set_role(parent: QWidget | None, st: Station, username: str, role: Role) -> Op[Changes]:
    return _db(parent, lambda _: users.set_role(st, username, role))


def set_active(parent: QWidget | None, st: Station, username: str,
               active: bool) -> Op[Changes]:
    return _db(parent, lambda _: users.set_active(st, username, active))


def change_password(parent: QWidget | None, st: Station, username: str, new: str,
                    old: str | None) -> Op[Changes]:
    return _db(parent, lambda _: users.change_password(st, username, new, old))


def list_items(parent: QWidget | None, st: Station, limit: int = 500) -> Op[list[library.Item]]:
    return _db(parent, lambda _: library.list_items(st, limit))


def recent_audit(parent: QWidget | None, st: Station, limit: int = 200) -> Op[list[audit.Entry]]:
    def work(_: TaskState) -> list[audit.Entry]:
        from station.rights import Right

        st.require(Right.AUDIT_VIEW, "view audit log")
        return audit.recent(st.db, limit)

    return _db(parent, work)


def verify_audit(parent: QWidget | None, st: Station) -> Op[audit.VerifyResult]:
    return _db(parent, lambda _: audit.verify(st.db))
