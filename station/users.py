"""Station users: create, log in, change password and role. Rights are checked here."""

from __future__ import annotations

import sqlite3

from station import passwords
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, AuthError, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right, Role
from station.station import Station, User
from station.text import name_key, nfc

MIN_PASSWORD = passwords.MIN_LENGTH


def _row_to_user(row: sqlite3.Row | tuple) -> User:
    return User(id=row[0], username=row[1], full_name=row[2], role=Role(row[3]),
                active=bool(row[4]))


def normalize_username(username: str) -> str:
    name = nfc(username)
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a user name is 1 to 64 characters without spaces"))
    return name


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the password must have at least {n} characters"),
                              n=MIN_PASSWORD)


def _insert(st: Station, username: str, password: str, role: Role, full_name: str) -> User:
    username = normalize_username(username)
    check_new_password(password)
    full_name = nfc(full_name)
    now = now_iso()
    user = User(uuid7(), username, full_name, Role(role))
    try:
        with st.db.atomic():
            st.db.execute(
                "INSERT INTO users (id, username, username_key, full_name, role, password_hash,"
                " active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                [user.id, username, name_key(username), full_name, user.role.value,
                 passwords.hash_password(password), now, now],
            )
            st.audit("user.create", "user", user.id, {"username": username, "role": role})
    except sqlite3.IntegrityError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "the user name {name} is taken"),
                              name=username) from exc
    return user


def create_first_admin(st: Station, username: str, password: str, full_name: str = "") -> User:
    """The one user a new station starts with; refused once any user exists."""
    if count(st) > 0:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "this station already has users"))
    return _insert(st, username, password, Role.ADMIN, full_name)


def create_user(st: Station, username: str, password: str, role: Role,
                full_name: str = "") -> tuple[User, Changes]:
    st.require(Right.USERS_MANAGE, "create user")
    return _insert(st, username, password, role, full_name), Changes(users=True, audit=True)


def count(st: Station) -> int:
    return int(st.db.execute("SELECT count(*) FROM users").fetchone()[0])


def list_users(st: Station, include_inactive: bool = False) -> list[User]:
    where = "" if include_inactive else "WHERE active = 1"
    rows = st.db.execute(
        f"SELECT id, username, full_name, role, active FROM users {where} ORDER BY username"
    ).fetchall()
    return [_row_to_user(r) for r in rows]


def get(st: Station, username: str) -> User:
    row = st.db.execute(
        "SELECT id, username, full_name, role, active FROM users WHERE username_key = ?",
        [name_key(username)],
    ).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no user named {name}"), name=username)
    return _row_to_user(row)


def login(st: Station, username: str, password: str) -> User:
    """Check the password and make the user the station's actor. Failures are audited and
    say nothing about which part was wrong."""
    name = nfc(username)
    row = st.db.execute(
        "SELECT id, username, full_name, role, active, password_hash FROM users"
        " WHERE username_key = ?", [name_key(name)],
    ).fetchone()
    if row is None:
        passwords.burn_time(password)
        ok = False
    else:
        ok = passwords.check_password(password, row[5]) and bool(row[4])
    if not ok:
        st.audit("user.login_failed", "user", row[0] if row else "", {"username": name})
        raise AuthError(QT_TRANSLATE_NOOP("errors", "wrong user name or password"))
    user = _row_to_user(row)
    st.user = user
    st.audit("user.login", "user", user.id)
    return user


def logout(st: Station) -> None:
    if st.user is not None:
        st.audit("user.logout", "user", st.user.id)
    st.user = None


def change_password(st: Station, username: str, new_password: str,
                    old_password: str | None = None) -> Changes:
    """Users change their own (with the old one); an admin resets anyone's."""
    target = get(st, username)
    own = st.user is not None and st.user.id == target.id
    if own and old_password is not None:
        stored = st.db.execute("SELECT password_hash FROM users WHERE id = ?",
                               [target.id]).fetchone()[0]
        if not passwords.check_password(old_password, stored):
            st.audit("user.password_change_failed", "user", target.id)
            raise AuthError(QT_TRANSLATE_NOOP("errors", "wrong user name or password"))
    else:
        st.require(Right.USERS_MANAGE, "reset password")
    check_new_password(new_password)
    with st.db.atomic():
        st.db.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                      [passwords.hash_password(new_password), now_iso(), target.id])
        st.audit("user.password_change", "user", target.id)
    return Changes(users=True, audit=True)


def set_role(st: Station, username: str, role: Role) -> Changes:
    st.require(Right.USERS_MANAGE, "change role")
    target = get(st, username)
    with st.db.atomic():
        st.db.execute("UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
                      [Role(role).value, now_iso(), target.id])
        st.audit("user.role", "user", target.id, {"from": target.role.value, "to": role})
    return Changes(users=True, audit=True)


def set_active(st: Station, username: str, active: bool) -> Changes:
    st.require(Right.USERS_MANAGE, "activate/deactivate user")
    target = get(st, username)
    if not active and st.user is not None and st.user.id == target.id:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "you cannot deactivate your own account"))
    with st.db.atomic():
        st.db.execute("UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
                      [int(active), now_iso(), target.id])
        st.audit("user.activate" if active else "user.deactivate", "user", target.id)
    return Changes(users=True, audit=True)
