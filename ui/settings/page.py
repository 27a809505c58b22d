"""Cài đặt: this workstation's language and the user's own password for everyone; for admins
the station (name, time zone), its users, the watched folders and the On air settings. The
sections sit in one scroll area, so the page works in a 1280x720 window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station.changes import Changes
from station.rights import Right
from station.station import Station
from ui import i18n
from ui.operations import users as user_ops
from ui.pages.base import Page
from ui.settings.passwords import PasswordPair
from ui.settings.playout import PlayoutSettingsBox
from ui.settings.relay import RelaySettingsBox
from ui.settings.station import StationBox
from ui.settings.users import UsersBox, role_names
from ui.settings.watch import WatchFoldersBox

__all__ = ["SettingsPage", "role_names"]


class SettingsPage(Page):
    right = None
    language_changed = Signal(str)
    station_renamed = Signal(str)

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("SettingsPage", "Settings")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("settings_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.scroll_area)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.scroll_area.setWidget(content)
        self.layout_.addWidget(self.scroll_area, 1)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._workstation_box(content))
        left.addWidget(self._password_box(content))
        left.addStretch(1)
        top.addLayout(left, 1)
        self.station_box = StationBox(station, content)
        self.station_box.renamed.connect(self.station_renamed)
        top.addWidget(self.station_box, 1)
        column.addLayout(top)

        self.users_box = UsersBox(station, content)
        column.addWidget(self.users_box)
        # The names earlier code and tests use for the users table and the new-user form.
        self.users = self.users_box.table
        self.new_user = self.users_box.new_user
        self.new_full = self.users_box.new_full
        self.new_role = self.users_box.new_role
        self.new_user_pw = self.users_box.new_pw.first
        self.add_button = self.users_box.add_button
        self.users_status = self.users_box.status

        self.watch_box = WatchFoldersBox(station, content)
        column.addWidget(self.watch_box)
        self.playout_box = PlayoutSettingsBox(station, content)
        column.addWidget(self.playout_box)
        self.relay_box = RelaySettingsBox(station, content)
        column.addWidget(self.relay_box)
        column.addStretch(1)
        self._loaded = False

    def _workstation_box(self, parent: QWidget) -> QGroupBox:
        general = QGroupBox(self.tr("This workstation"), parent)
        form = QFormLayout(general)
        self.language = QComboBox(general)
        self.language.setObjectName("settings_language")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(i18n.LANGUAGES).index(i18n.saved_language()))
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_changed.emit(self.language.currentData()))
        form.addRow(self.tr("Language"), self.language)
        return general

    def _password_box(self, parent: QWidget) -> QGroupBox:
        mine = QGroupBox(self.tr("My password"), parent)
        form = QFormLayout(mine)
        self.old_pw = QLineEdit(mine)
        self.old_pw.setEchoMode(QLineEdit.EchoMode.Password)
        self.old_pw.setObjectName("my_old_pw")
        form.addRow(self.tr("Current password"), self.old_pw)
        self.new_pw_pair = PasswordPair(form, mine, "my_new_pw", self.tr("New password"))
        self.new_pw = self.new_pw_pair.first
        self.pw_button = QPushButton(self.tr("Change password"), mine)
        self.pw_button.setObjectName("my_pw_change")
        self.pw_status = QLabel(mine)
        self.pw_status.setObjectName("my_pw_status")
        self.pw_status.setWordWrap(True)
        form.addRow(self.pw_button, self.pw_status)
        self.pw_button.clicked.connect(self._change_password)
        self.new_pw_pair.repeat.returnPressed.connect(self._change_password)
        return mine

    def shown(self) -> None:
        manage = self.station.can(Right.USERS_MANAGE)
        self.users_box.setVisible(manage)
        if manage and not self._loaded:
            self._loaded = True
            self.users_box.reload()
        settings_right = self.station.can(Right.SETTINGS_MANAGE)
        for box in (self.station_box, self.watch_box, self.playout_box, self.relay_box):
            box.setVisible(settings_right)
        if settings_right:
            self.station_box.reload()
            self.watch_box.reload()
            self.playout_box.reload()  # the output list is read off the GUI thread
            self.relay_box.reload()

    def reload(self) -> None:
        self._loaded = True
        self.users_box.reload()

    def _change_password(self) -> None:
        from ui.errors import describe

        user = self.station.user
        if user is None:
            return
        problem = self.new_pw_pair.problem()
        if problem:
            self.pw_status.setText(problem)
            return
        (user_ops.change_password(self, self.station, user.username, self.new_pw_pair.text(),
                                  self.old_pw.text())
         .success(lambda _c: self._password_changed())
         .failure(lambda exc: self.pw_status.setText(describe(exc)))
         .run_in_background())

    def _password_changed(self) -> None:
        self.pw_status.setText(self.tr("Password changed."))
        self.old_pw.clear()
        self.new_pw_pair.clear()

    def on_changes(self, changes: Changes) -> None:
        if changes.users and self._loaded:
            self.users_box.reload()
        if changes.settings and self.station_box.isVisible():
            self.station_box.reload()
        if self.watch_box.isVisible():
            self.watch_box.on_changes(changes)
        self.playout_box.on_changes(changes)
