"""Named verbs for user actions: each returns a background Op over the station.

A button handler is then one line: ``verbs.login(win, st, user, pw).success(...).run...``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from media.taskstate import TaskState
from station import audit, demo, users
from station.changes import Changes
from station.create import create_station
from station.library import items as library
from station.paths import DataDir
from station.rights import Role
from station.station import Station, User
from ui.operations import Op


def _db(parent: QWidget | None, fn: Callable[[TaskState], Any]) -> Op[Any]:
    return Op(fn, parent, "db")


def open_station(parent: QWidget | None,
                 datadir: DataDir) -> Op[tuple[Station, list[User], str]]:
    def work(_: TaskState) -> tuple[Station, list[User], str]:
        from station import db
        from station.errors import DatabaseCorrupt

        try:
            st = Station.open(datadir)
        except DatabaseCorrupt as exc:
            # Whether a backup can be offered is known here, off the GUI thread.
            exc.backups = db.list_backups(datadir.backups)  # type: ignore[attr-defined]
            raise
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


def logout(parent: QWidget | None, st: Station) -> Op[list[User]]:
    """Log out; returns the users to offer at the login panel."""

    def work(_: TaskState) -> list[User]:
        users.logout(st)
        return users.list_users(st)

    return _db(parent, work)


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


def item_preview(parent: QWidget | None, st: Station, item_id: str) -> Op[dict[str, Any]]:
    """What the preview shows: the file, its cached waveform, its picture or text."""

    def work(_: TaskState) -> dict[str, Any]:
        from media.peaks import WaveformPeaks
        from station.library import metadata

        found = metadata.details(st, item_id)
        sha = found.get("asset_sha256")
        out: dict[str, Any] = {"id": item_id, "kind": found["kind"], "body": found.get("body"),
                               "details": found, "path": None, "peaks": None, "picture": None}
        if sha:
            asset = found.get("asset") or {}
            out["path"] = st.store.path(sha, asset.get("ext", ""))
            row = st.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?", [sha]).fetchone()
            if row is not None:
                out["peaks"] = WaveformPeaks.from_bytes(bytes(row[0]))
            pic = st.db.execute("SELECT data FROM asset_previews WHERE sha256 = ?",
                                [sha]).fetchone()
            if pic is not None:
                out["picture"] = bytes(pic[0])
        return out

    return _db(parent, work)


def shared_values(parent: QWidget | None, st: Station,
                  item_ids: list[str]) -> Op[tuple[dict[str, Any], list[str]]]:
    """The editable values the items have in common (empty where they differ), and the
    station's categories for the editor's list."""

    def work(_: TaskState) -> tuple[dict[str, Any], list[str]]:
        from station import settings
        from station.library import metadata

        common: dict[str, Any] = {}
        for n, item_id in enumerate(item_ids):
            found = metadata.details(st, item_id)
            for field in metadata.EDITABLE:
                if n == 0:
                    common[field] = found.get(field)
                elif common.get(field) != found.get(field):
                    common[field] = None
        return common, settings.CATEGORIES.get(st.db)

    return _db(parent, work)


def update_items(parent: QWidget | None, st: Station, item_ids: list[str],
                 fields: dict[str, Any]) -> Op[Changes]:
    from station.library import metadata

    return _db(parent, lambda _: metadata.update_items(st, item_ids, fields))


def import_files(parent: QWidget | None, st: Station, paths: list[str],
                 category: str = "") -> Op[tuple[list[Any], list[tuple[str, str]], Changes]]:
    """Import files one after the other; a refused file does not stop the others."""

    def work(state: TaskState) -> tuple[list[Any], list[tuple[str, str]], Changes]:
        from pathlib import Path

        from media.analysis import MediaError
        from media.taskstate import Cancelled
        from station.errors import StationError
        from station.library import ingest

        done: list[Any] = []
        refused: list[tuple[str, str]] = []
        changes = Changes()
        for n, name in enumerate(paths):
            state.progress(n / len(paths), Path(name).name)
            try:
                result, ch = ingest.import_file(st, Path(name), category=category,
                                                state=state.child(n / len(paths), 1 / len(paths)))
            except Cancelled:
                break
            except (StationError, MediaError) as exc:
                from ui.errors import describe

                refused.append((name, describe(exc)))
                continue
            done.append(result)
            changes = changes | ch
        state.progress(1.0, "")
        return done, refused, changes

    return _db(parent, work)
