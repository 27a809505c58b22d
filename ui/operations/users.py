"""Verbs for the station's users: log in and out, list, add, edit, deactivate, passwords."""

from __future__ import annotations

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station import users
from station.changes import Changes
from station.rights import Role
from station.station import Station, User
from ui.operations import Op


def login(parent: QObject | None, st: Station, username: str, password: str) -> Op[User]:
    return Op(lambda _: users.login(st, username, password), parent, "db")


def logout(parent: QObject | None, st: Station) -> Op[list[User]]:
    """Log out; returns the users to offer at the login panel."""

    def work(_: TaskState) -> list[User]:
        users.logout(st)
        return users.list_users(st)

    return Op(work, parent, "db")


def list_users(parent: QObject | None, st: Station) -> Op[list[User]]:
    return Op(lambda _: users.list_users(st, include_inactive=True), parent, "db")


def add_user(parent: QObject | None, st: Station, username: str, password: str, role: Role,
             full_name: str) -> Op[tuple[User, Changes]]:
    return Op(lambda _: users.create_user(st, username, password, role, full_name), parent,
              "db")


def set_role(parent: QObject | None, st: Station, username: str, role: Role) -> Op[Changes]:
    return Op(lambda _: users.set_role(st, username, role), parent, "db")


def set_active(parent: QObject | None, st: Station, username: str,
               active: bool) -> Op[Changes]:
    return Op(lambda _: users.set_active(st, username, active), parent, "db")


def change_password(parent: QObject | None, st: Station, username: str, new: str,
                    old: str | None) -> Op[Changes]:
    return Op(lambda _: users.change_password(st, username, new, old), parent, "db")


def update_user(parent: QObject | None, st: Station, username: str, full_name: str,
                role: Role) -> Op[Changes]:
    return Op(lambda _: users.update_user(st, username, full_name=full_name, role=role),
              parent, "db")


def reset_password(parent: QObject | None, st: Station, username: str,
                   temporary: str) -> Op[Changes]:
    return Op(lambda _: users.reset_password(st, username, temporary), parent, "db")
