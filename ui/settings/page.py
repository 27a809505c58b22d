"""Cài đặt: language, the user's password, and (for admins) the station's users."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.rights import Right, Role
from station.station import Station, User
from ui import i18n
from ui.operations import users as user_ops
from ui.pages.base import Page
from ui.settings.playout import PlayoutSettingsBox
from ui.settings.watch import WatchFoldersBox


def role_names() -> dict[Role, str]:
    translate = QCoreApplication.translate
    return {Role.EDITOR: translate("roles", "Editor"),
            Role.CHIEF: translate("roles", "Station chief"),
            Role.ARCHIVIST: translate("roles", "Archivist"),
            Role.ADMIN: translate("roles", "Administrator")}


class SettingsPage(Page):
    right = None
    language_changed = Signal(str)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SettingsPage", "Settings")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        general = QGroupBox(self.tr("This workstation"), self)
        form = QFormLayout(general)
        self.language = QComboBox(general)
        self.language.setObjectName("settings_language")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(i18n.LANGUAGES).index(i18n.saved_language()))
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_changed.emit(self.language.currentData()))
        form.addRow(self.tr("Language"), self.language)
        self.layout_.addWidget(general)

        mine = QGroupBox(self.tr("My password"), self)
        pform = QFormLayout(mine)
        self.old_pw = QLineEdit(mine)
        self.new_pw = QLineEdit(mine)
        for w in (self.old_pw, self.new_pw):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.pw_button = QPushButton(self.tr("Change password"), mine)
        self.pw_status = QLabel(mine)
        pform.addRow(self.tr("Current password"), self.old_pw)
        pform.addRow(self.tr("New password"), self.new_pw)
        pform.addRow(self.pw_button, self.pw_status)
        self.pw_button.clicked.connect(self._change_password)
        self.layout_.addWidget(mine)

        self.users_box = QGroupBox(self.tr("Users"), self)
        ubox = QVBoxLayout(self.users_box)
        self.users = QTableWidget(0, 4, self.users_box)
        self.users.setObjectName("users_table")
        self.users.setHorizontalHeaderLabels([self.tr("User"), self.tr("Full name"),
                                              self.tr("Role"), self.tr("Active")])
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.users.verticalHeader().setVisible(False)
        ubox.addWidget(self.users)
        add_row = QHBoxLayout()
        self.new_user = QLineEdit(self.users_box)
        self.new_user.setPlaceholderText(self.tr("user name"))
        self.new_full = QLineEdit(self.users_box)
        self.new_full.setPlaceholderText(self.tr("full name"))
        self.new_role = QComboBox(self.users_box)
        for role, name in role_names().items():
            self.new_role.addItem(name, role.value)
        self.new_user_pw = QLineEdit(self.users_box)
        self.new_user_pw.setPlaceholderText(self.tr("password"))
        self.new_user_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add user"), self.users_box)
        row_widgets: tuple[QWidget, ...] = (self.new_user, self.new_full, self.new_role,
                                            self.new_user_pw, self.add_button)
        for widget in row_widgets:
            add_row.addWidget(widget)
        ubox.addLayout(add_row)
        self.users_status = QLabel(self.users_box)
        ubox.addWidget(self.users_status)
        self.add_button.clicked.connect(self._add_user)
        self.layout_.addWidget(self.users_box)
        self.watch_box = WatchFoldersBox(station, self)
        self.layout_.addWidget(self.watch_box)
        self.playout_box = PlayoutSettingsBox(station, self)
        self.layout_.addWidget(self.playout_box)
        self.layout_.addStretch(1)
        self._loaded = False

    def shown(self) -> None:
        manage = self.station.can(Right.USERS_MANAGE)
        self.users_box.setVisible(manage)
        if manage and not self._loaded:
            self.reload()
        settings_right = self.station.can(Right.SETTINGS_MANAGE)
        self.watch_box.setVisible(settings_right)
        self.playout_box.setVisible(settings_right)
        if settings_right:
            self.watch_box.reload()
            self.playout_box.reload()  # the output list is read off the GUI thread

    def reload(self) -> None:
        self._loaded = True
        user_ops.list_users(self, self.station).success(self._show_users).run_in_background()

    def _show_users(self, users: list[User]) -> None:
        names = role_names()
        self.users.setRowCount(len(users))
        for row, u in enumerate(users):
            cells = (u.username, u.full_name, names[u.role],
                     self.tr("yes") if u.active else self.tr("no"))
            for col, text in enumerate(cells):
                self.users.setItem(row, col, QTableWidgetItem(text))

    def _add_user(self) -> None:
        from ui.errors import describe

        (user_ops.add_user(self, self.station, self.new_user.text(), self.new_user_pw.text(),
                           Role(self.new_role.currentData()), self.new_full.text())
         .success(lambda _r: self._user_added())
         .failure(lambda exc: self.users_status.setText(describe(exc)))
         .run_in_background())

    def _user_added(self) -> None:
        self.users_status.setText(self.tr("User added."))
        for edit in (self.new_user, self.new_user_pw, self.new_full):
            edit.clear()

    def _change_password(self) -> None:
        from ui.errors import describe

        user = self.station.user
        if user is None:
            return
        (user_ops.change_password(self, self.station, user.username, self.new_pw.text(),
                                  self.old_pw.text())
         .success(lambda _c: self._password_changed())
         .failure(lambda exc: self.pw_status.setText(describe(exc)))
         .run_in_background())

    def _password_changed(self) -> None:
        self.pw_status.setText(self.tr("Password changed."))
        self.old_pw.clear()
        self.new_pw.clear()

    def on_changes(self, changes: Changes) -> None:
        if changes.users and self._loaded:
            self.reload()
        if self.watch_box.isVisible():
            self.watch_box.on_changes(changes)
        self.playout_box.on_changes(changes)
