"""Settings › Users (admins): the station's users in a table with room to read them, the
selected one edited beside it (full name, role, deactivate or reactivate, a temporary
password), and a new user added below. Every change is a core verb (station/users.py
checks rights, keeps an active admin and audits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.rights import Role
from station.station import Station, User
from ui.operations import Op
from ui.operations import users as user_ops
from ui.settings.passwords import PasswordPair

ROWS_SHOWN = 8  # the table shows this many users before it scrolls


def role_names() -> dict[Role, str]:
    translate = QCoreApplication.translate
    return {Role.EDITOR: translate("roles", "Editor"),
            Role.CHIEF: translate("roles", "Station chief"),
            Role.ARCHIVIST: translate("roles", "Archivist"),
            Role.ADMIN: translate("roles", "Administrator")}


def _role_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for role, text in role_names().items():
        combo.addItem(text, role.value)
    return combo


class UsersBox(QGroupBox):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Users"))
        self.setObjectName("users_box")
        self.station = station
        self._users: list[User] = []
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        outer.addLayout(row, 1)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels([self.tr("User"), self.tr("Full name"),
                                              self.tr("Role"), self.tr("State")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        rows = self.table.verticalHeader().defaultSectionSize() * ROWS_SHOWN
        self.table.setMinimumHeight(rows + header.sizeHint().height() + 4)
        self.table.itemSelectionChanged.connect(self._selected)
        row.addWidget(self.table, 1)

        side = QVBoxLayout()
        row.addLayout(side)
        side.addWidget(self._edit_box())
        side.addWidget(self._new_box())
        side.addStretch(1)
        self.status = QLabel(self)
        self.status.setObjectName("users_status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2)
        outer.addWidget(self.status)
        self._select(None)

    # -- building ----------------------------------------------------------------------------
    def _edit_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Selected user"), self)
        box.setMinimumWidth(360)
        form = QFormLayout(box)
        self.edit_name = QLabel(box)
        self.edit_name.setObjectName("user_edit_name")
        self.edit_name.setStyleSheet("font-weight: 600;")
        form.addRow(self.tr("User"), self.edit_name)
        self.edit_full = QLineEdit(box)
        self.edit_full.setObjectName("user_edit_full")
        form.addRow(self.tr("Full name"), self.edit_full)
        self.edit_role = _role_combo(box, "user_edit_role")
        form.addRow(self.tr("Role"), self.edit_role)
        self.save_button = QPushButton(self.tr("Save changes"), box)
        self.save_button.setObjectName("user_save")
        self.save_button.clicked.connect(self._save)
        self.active_button = QPushButton(self.tr("Deactivate"), box)
        self.active_button.setObjectName("user_active")
        self.active_button.setToolTip(self.tr("A deactivated user cannot log in; their work "
                                              "and the audit keep their name"))
        self.active_button.clicked.connect(self._toggle_active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.active_button)
        form.addRow(buttons)
        self.reset_pw = PasswordPair(form, box, "user_reset_pw", self.tr("Temporary password"))
        self.reset_button = QPushButton(self.tr("Set the temporary password"), box)
        self.reset_button.setObjectName("user_reset")
        self.reset_button.setToolTip(self.tr("Tell the user; they change it in Settings › My "
                                             "password after logging in"))
        self.reset_button.clicked.connect(self._reset)
        form.addRow(self.reset_button)
        self.edit_box = box
        return box

    def _new_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("New user"), self)
        form = QFormLayout(box)
        self.new_user = QLineEdit(box)
        self.new_user.setObjectName("user_new_name")
        self.new_user.setPlaceholderText(self.tr("no spaces, e.g. bientap2"))
        form.addRow(self.tr("User name"), self.new_user)
        self.new_full = QLineEdit(box)
        self.new_full.setObjectName("user_new_full")
        form.addRow(self.tr("Full name"), self.new_full)
        self.new_role = _role_combo(box, "user_new_role")
        form.addRow(self.tr("Role"), self.new_role)
        self.new_pw = PasswordPair(form, box, "user_new_pw", self.tr("Password"))
        self.add_button = QPushButton(self.tr("Add user"), box)
        self.add_button.setObjectName("user_add")
        self.add_button.clicked.connect(self._add)
        form.addRow(self.add_button)
        return box

    # -- showing -----------------------------------------------------------------------------
    def reload(self) -> None:
        user_ops.list_users(self, self.station).success(self._show).run_in_background()

    def _show(self, found: list[User]) -> None:
        keep = self._current()
        self._users = found
        names = role_names()
        grey = QBrush(QColor("#808080"))
        self.table.blockSignals(True)
        self.table.setRowCount(len(found))
        for row, u in enumerate(found):
            cells = (u.username, u.full_name, names[u.role],
                     self.tr("active") if u.active else self.tr("deactivated"))
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if not u.active:
                    cell.setForeground(grey)
                self.table.setItem(row, col, cell)
        self.table.blockSignals(False)
        again = next((r for r, u in enumerate(found) if keep and u.username == keep.username),
                     None)
        if again is None:
            self.table.clearSelection()
            self._select(None)
        else:
            self.table.selectRow(again)
            self._select(found[again])

    def _current(self) -> User | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self._users[min(rows)] if rows and min(rows) < len(self._users) else None

    def select_user(self, username: str) -> None:
        for row, u in enumerate(self._users):
            if u.username == username:
                self.table.selectRow(row)

    def _selected(self) -> None:
        self._select(self._current())

    def _select(self, user: User | None) -> None:
        me = self.station.user
        own = user is not None and me is not None and me.id == user.id
        self.edit_name.setText(user.username if user else self.tr("(choose a user in the "
                                                                  "table)"))
        self.edit_full.setText(user.full_name if user else "")
        if user is not None:
            self.edit_role.setCurrentIndex(self.edit_role.findData(user.role.value))
        self.active_button.setText(self.tr("Reactivate") if user and not user.active
                                   else self.tr("Deactivate"))
        for widget in (self.edit_full, self.save_button, self.reset_button,
                       self.reset_pw.first, self.reset_pw.repeat):
            widget.setEnabled(user is not None)
        # Guidance only: the core refuses it anyway (an admin keeps their own account).
        self.edit_role.setEnabled(user is not None and not own)
        self.active_button.setEnabled(user is not None and not own)
        self.reset_pw.clear()

    # -- acting ------------------------------------------------------------------------------
    def _run(self, op: Op[Any], done: str, then: Callable[[], None] | None = None) -> None:
        from ui.errors import describe

        self.status.clear()
        (op.success(lambda _r: self._done(done, then))
         .failure(lambda exc: self.status.setText(describe(exc)))
         .run_in_background())

    def _done(self, message: str, then: Callable[[], None] | None) -> None:
        self.status.setText(message)
        if then is not None:
            then()  # the table follows through bus.changed (on_changes)

    def _save(self) -> None:
        user = self._current()
        if user is None:
            return
        self._run(user_ops.update_user(self, self.station, user.username, self.edit_full.text(),
                                       Role(self.edit_role.currentData())),
                  self.tr("Changes to %1 saved.").replace("%1", user.username))

    def _toggle_active(self) -> None:
        user = self._current()
        if user is None:
            return
        message = (self.tr("%1 can log in again.") if not user.active
                   else self.tr("%1 is deactivated and can no longer log in."))
        self._run(user_ops.set_active(self, self.station, user.username, not user.active),
                  message.replace("%1", user.username))

    def _reset(self) -> None:
        user = self._current()
        if user is None:
            return
        problem = self.reset_pw.problem()
        if problem:
            self.status.setText(problem)
            return
        self._run(user_ops.reset_password(self, self.station, user.username,
                                          self.reset_pw.text()),
                  self.tr("Temporary password set for %1. A new signing key was made for "
                          "them: approvals they signed before still verify with the old "
                          "one.").replace("%1", user.username))

    def _add(self) -> None:
        problem = self.new_pw.problem()
        if problem:
            self.status.setText(problem)
            return
        name = self.new_user.text().strip()
        op = user_ops.add_user(self, self.station, name, self.new_pw.text(),
                               Role(self.new_role.currentData()), self.new_full.text())
        self._run(op, self.tr("User %1 added.").replace("%1", name), self._added)

    def _added(self) -> None:
        for edit in (self.new_user, self.new_full):
            edit.clear()
        self.new_pw.clear()
