"""Station users: create, log in (with a growing delay after failed attempts), edit, deactivate,
change and reset passwords. Rights are checked and changes audited here."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime, timedelta

from station import keys, passwords
from station.changes import Changes
from station.clock import iso_ms, now_iso, parse_utc
from station.errors import QT_TRANSLATE_NOOP, AuthError, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right, Role
from station.station import Station, User
from station.text import name_key, nfc

MIN_PASSWORD = passwords.MIN_LENGTH
# Failed logins in a row before each further attempt waits; the wait doubles from 2 s up to
# a minute: a guesser gets a few dozen tries an hour, a user who mistyped waits seconds.
FREE_FAILURES = 3
MAX_DELAY_S = 60.0
# A name's failures are forgotten a day after the last one (and the table stays small).
FORGET_AFTER = timedelta(days=1)


class LoginDelayed(AuthError):
    """Too many failed logins in a row for this name: refused unchecked until the delay ends
    (params: seconds)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(QT_TRANSLATE_NOOP(
            "errors", "too many failed attempts: try again in {seconds} seconds"),
            seconds=seconds, retry_after=seconds)


def _utcnow() -> datetime:
    """The login clock (a test moves it instead of sleeping)."""
    return datetime.now(UTC)


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
            key = keys.create(st, user.id, password, "created")  # for signing approvals
            st.audit("user.create", "user", user.id, {"username": username, "role": role,
                                                      "signing_key": key.id})
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


def delay_after(failures: int) -> float:
    """Seconds the next attempt waits after ``failures`` failed logins in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY_S, 2.0 ** (failures - FREE_FAILURES + 1))


def login_wait(st: Station, username: str) -> float:
    """Seconds before ``username`` may try again (0: now). Any name counts, known or not, so
    the delay tells nothing about which names exist."""
    return _wait(st, name_key(nfc(username)), _utcnow())


def _wait(st: Station, key: str, now: datetime) -> float:
    row = st.db.execute("SELECT failures, last_at FROM login_failures WHERE username_key = ?",
                        [key]).fetchone()
    if row is None:
        return 0.0
    elapsed = (now - parse_utc(row[1])).total_seconds()
    if elapsed >= FORGET_AFTER.total_seconds():
        return 0.0
    # A clock set back never makes the wait longer than the longest delay.
    return max(0.0, min(delay_after(int(row[0])) - elapsed, MAX_DELAY_S))


def _failed(st: Station, key: str, now: datetime) -> float:
    """Count one more failure for ``key``; returns the wait it starts (0: none yet)."""
    stamp, old = iso_ms(now), iso_ms(now - FORGET_AFTER)
    st.db.execute("DELETE FROM login_failures WHERE last_at < ? AND username_key != ?",
                  [old, key])
    row = st.db.execute("SELECT failures, last_at FROM login_failures WHERE username_key = ?",
                        [key]).fetchone()
    fresh = row is not None and row[1] >= old
    failures = int(row[0]) + 1 if fresh else 1
    st.db.execute(
        "INSERT INTO login_failures (username_key, failures, last_at) VALUES (?, ?, ?)"
        " ON CONFLICT(username_key) DO UPDATE SET failures = excluded.failures,"
        " last_at = excluded.last_at", [key, failures, stamp])
    return delay_after(failures)


def login(st: Station, username: str, password: str) -> User:
    """Check the password and make the user the station's actor. Failures are audited and
    say nothing about which part was wrong; after a few in a row the name must wait before
    its next attempt, which is refused unchecked (and unaudited) until then."""
    name = nfc(username)
    key = name_key(name)
    now = _utcnow()
    wait = _wait(st, key, now)
    if wait > 0:
        raise LoginDelayed(math.ceil(wait))
    row = st.db.execute(
        "SELECT id, username, full_name, role, active, password_hash FROM users"
        " WHERE username_key = ?", [key],
    ).fetchone()
    if row is None:
        passwords.burn_time(password)
        ok = False
    else:
        ok = passwords.check_password(password, row[5]) and bool(row[4])
    if not ok:
        with st.db.atomic():
            delay = _failed(st, key, now)
            st.audit("user.login_failed", "user", row[0] if row else "", {"username": name})
        raise AuthError(QT_TRANSLATE_NOOP("errors", "wrong user name or password"),
                        retry_after=math.ceil(delay))
    user = _row_to_user(row)
    st.user = user
    # An older, cheaper hash: store one at today's cost (made before the write lock is taken).
    upgraded = passwords.hash_password(password) if passwords.needs_rehash(row[5]) else None
    with st.db.atomic():
        st.db.execute("DELETE FROM login_failures WHERE username_key = ?", [key])
        if upgraded is not None:
            st.db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                          [upgraded, user.id])
        made = keys.on_login(st, user.id, password)  # an account older than signing gets its key
        if made is not None:
            st.audit("user.key_create", "user", user.id, {"key_id": made.id,
                                                          "version": made.version})
        st.audit("user.login", "user", user.id)
    return user


def logout(st: Station) -> None:
    if st.user is not None:
        st.audit("user.logout", "user", st.user.id)
    keys.forget(st)
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
    old = old_password if own and old_password is not None else \
        keys.session_password(st, target.id)
    with st.db.atomic():
        st.db.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                      [passwords.hash_password(new_password), now_iso(), target.id])
        # The signing key is re-sealed under the new password; without the old one (an
        # admin's reset) it cannot be opened, so a new key replaces it.
        kept = keys.rewrap(st, target.id, old, new_password) if old is not None else None
        key = kept or keys.create(st, target.id, new_password, "reset")
        st.audit("user.password_change", "user", target.id,
                 {"signing_key": key.id, "new_signing_key": kept is None})
    if own:
        keys.remember(st, target.id, new_password)
    return Changes(users=True, audit=True)


def _active_admins(st: Station) -> int:
    return int(st.db.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1").fetchone()[0])


def _keep_an_admin(st: Station, target: User, what: str) -> None:
    """An admin may not take away their own administration, nor the station's last one:
    someone must always be able to manage users. ``what``: 'demote' or 'deactivate'."""
    if st.user is not None and st.user.id == target.id:
        if what == "deactivate":
            raise ValidationError(QT_TRANSLATE_NOOP("errors",
                                                    "you cannot deactivate your own account"))
        raise ValidationError(QT_TRANSLATE_NOOP(
            "errors", "you cannot take away your own administrator role"))
    if target.role is Role.ADMIN and target.active and _active_admins(st) <= 1:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "errors", "{name} is the last active administrator: the station needs one"),
            name=target.username)


def update_user(st: Station, username: str, *, full_name: str | None = None,
                role: Role | None = None) -> Changes:
    """Change a user's display name and/or role (audited with the old and new values)."""
    st.require(Right.USERS_MANAGE, "edit user")
    target = get(st, username)
    changed: dict[str, list[str]] = {}
    if full_name is not None and nfc(full_name).strip() != target.full_name:
        full_name = nfc(full_name).strip()
        if len(full_name) > 200:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "errors", "a full name is at most 200 characters"))
        changed["full_name"] = [target.full_name, full_name]
    if role is not None and Role(role) is not target.role:
        if target.role is Role.ADMIN:
            _keep_an_admin(st, target, "demote")
        changed["role"] = [target.role.value, Role(role).value]
    if not changed:
        return Changes()
    with st.db.atomic():
        st.db.execute(
            "UPDATE users SET full_name = ?, role = ?, updated_at = ? WHERE id = ?",
            [changed.get("full_name", [None, target.full_name])[1],
             changed.get("role", [None, target.role.value])[1], now_iso(), target.id])
        st.audit("user.update", "user", target.id, {"username": target.username, **changed})
    return Changes(users=True, audit=True)


def set_role(st: Station, username: str, role: Role) -> Changes:
    st.require(Right.USERS_MANAGE, "change role")
    target = get(st, username)
    if target.role is Role.ADMIN and Role(role) is not Role.ADMIN:
        _keep_an_admin(st, target, "demote")
    with st.db.atomic():
        st.db.execute("UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
                      [Role(role).value, now_iso(), target.id])
        st.audit("user.role", "user", target.id, {"from": target.role.value, "to": role})
    return Changes(users=True, audit=True)


def set_active(st: Station, username: str, active: bool) -> Changes:
    """Deactivate (the user can no longer log in; their work and audit stay) or reactivate."""
    st.require(Right.USERS_MANAGE, "activate/deactivate user")
    target = get(st, username)
    if not active:
        _keep_an_admin(st, target, "deactivate")
    with st.db.atomic():
        st.db.execute("UPDATE users SET active = ?, updated_at = ? WHERE id = ?",
                      [int(active), now_iso(), target.id])
        st.audit("user.activate" if active else "user.deactivate", "user", target.id,
                 {"username": target.username})
    return Changes(users=True, audit=True)


def reset_password(st: Station, username: str, temporary: str) -> Changes:
    """An admin sets a temporary password for someone who forgot theirs (and lifts any login
    delay on the name); the user changes it in Settings once logged in."""
    st.require(Right.USERS_MANAGE, "reset password")
    target = get(st, username)
    check_new_password(temporary)
    with st.db.atomic():
        st.db.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                      [passwords.hash_password(temporary), now_iso(), target.id])
        st.db.execute("DELETE FROM login_failures WHERE username_key = ?",
                      [name_key(target.username)])
        # The old key is sealed by a password the admin does not know: a new key replaces it
        # (the old public key stays, so approvals signed with it still verify).
        key = keys.create(st, target.id, temporary, "reset")
        st.audit("user.password_reset", "user", target.id,
                 {"username": target.username, "new_signing_key": key.id,
                  "key_version": key.version})
    return Changes(users=True, audit=True)
