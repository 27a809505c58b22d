"""What stands before the workspace: opening, first-run set-up, login, and problems
(damaged database, newer schema, unusable data folder)."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station.passwords import MIN_LENGTH
from station.station import User
from ui import i18n


def _card(parent: QWidget, title: str) -> tuple[QVBoxLayout, QVBoxLayout]:
    """A centred column with a heading; returns (outer, inner) layouts."""
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    box = QWidget(parent)
    box.setMaximumWidth(460)
    box.setMinimumWidth(380)
    inner = QVBoxLayout(box)
    heading = QLabel(title, box)
    heading.setObjectName("heading")
    heading.setStyleSheet("font-size: 20px; font-weight: 600;")
    inner.addWidget(heading)
    row.addWidget(box)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return outer, inner


class OpeningPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Opening the station…"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)


class LoginPanel(QWidget):
    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, inner = _card(self, self.tr("Log in"))
        self.station_label = QLabel(self)
        inner.addWidget(self.station_label)
        form = QFormLayout()
        self.user = QComboBox(self)
        self.user.setEditable(True)
        self.user.setObjectName("login_user")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("login_password")
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        inner.addLayout(form)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        inner.addWidget(self.message)
        self.button = QPushButton(self.tr("Log in"), self)
        self.button.setObjectName("login_button")
        self.button.setDefault(True)
        inner.addWidget(self.button)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        # After failed attempts the core makes the name wait: count down, then allow again.
        self.countdown = QLabel(self)
        self.countdown.setObjectName("login_countdown")
        inner.addWidget(self.countdown)
        self._wait_left = 0
        self._wait_until = 0.0
        self._wait_for = ""
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._count_down)
        self.user.currentTextChanged.connect(self._user_changed)

    def prepare(self, station_name: str, users: list[User], message: str = "") -> None:
        self.station_label.setText(station_name)
        current = self.user.currentText()
        self.user.clear()
        for u in users:
            if u.active:
                self.user.addItem(u.username)
        if current:
            self.user.setCurrentText(current)
        self.password.clear()
        self.message.setText(message)
        self._stop_waiting()
        self.password.setFocus()

    def _submit(self) -> None:
        if not self.button.isEnabled() or self._wait_left > 0:
            return
        self.button.setEnabled(False)
        self.message.clear()
        self.submitted.emit(self.user.currentText().strip(), self.password.text())

    def refused(self, message: str, retry_after: int = 0) -> None:
        self.password.clear()
        self.message.setText(message)
        self.button.setEnabled(True)
        self.password.setFocus()
        if retry_after > 0:
            self._wait_for = self.user.currentText().strip()
            self._wait_left = retry_after
            # By the clock, not by counting ticks: a coarse timer may fire up to 5 % early,
            # and the button would come back before the core lets the name try again.
            self._wait_until = time.monotonic() + retry_after
            self.button.setEnabled(False)
            self._show_wait()
            self._tick.start()

    def refused_with(self, exc: BaseException) -> None:
        """A refused login in words, and the wait the core asks for before the next try."""
        from station.users import LoginDelayed
        from ui.errors import describe

        params = getattr(exc, "params", None) or {}
        # While the name waits, the countdown line says for how long.
        message = self.tr("Too many failed attempts.") if isinstance(exc, LoginDelayed) \
            else describe(exc)
        self.refused(message, int(params.get("retry_after", 0) or 0))

    def _show_wait(self) -> None:
        self.countdown.setText(self.tr("Try again in %n second(s).", "", self._wait_left))

    def _count_down(self) -> None:
        self._wait_left = math.ceil(self._wait_until - time.monotonic())
        if self._wait_left <= 0:
            self._stop_waiting()
        else:
            self._show_wait()

    def _stop_waiting(self) -> None:
        self._tick.stop()
        self._wait_left = 0
        self._wait_until = 0.0
        self.countdown.clear()
        self.button.setEnabled(True)

    def _user_changed(self, text: str) -> None:
        """The wait belongs to the name that failed; another name may try at once."""
        if self._wait_left > 0 and text.strip() != self._wait_for:
            self._stop_waiting()


class FirstRunPanel(QWidget):
    """A new station: its name, the admin account, and whether to add the demo library."""

    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, inner = _card(self, self.tr("Welcome to Station"))
        intro = QLabel(self.tr("Create your station. You can change these later in "
                               "Settings."), self)
        intro.setWordWrap(True)
        inner.addWidget(intro)
        form = QFormLayout()
        self.station_name = QLineEdit(self)
        self.station_name.setPlaceholderText(self.tr("e.g. Đài truyền thanh xã Yên Bình"))
        self.admin = QLineEdit("admin", self)
        self.full_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox(self)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(i18n.LANGUAGES).index(i18n.saved_language()))
        self.demo = QCheckBox(self.tr("Add a demo library (speech, chimes, a picture, a "
                                      "bulletin)"), self)
        self.demo.setChecked(True)
        for name, widget in (("station_name", self.station_name), ("admin", self.admin),
                             ("password", self.password), ("confirm", self.confirm)):
            widget.setObjectName(f"firstrun_{name}")
        form.addRow(self.tr("Station name"), self.station_name)
        form.addRow(self.tr("Admin user"), self.admin)
        form.addRow(self.tr("Admin full name"), self.full_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.confirm)
        form.addRow(self.tr("Language"), self.language)
        inner.addLayout(form)
        inner.addWidget(self.demo)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        inner.addWidget(self.message)
        self.button = QPushButton(self.tr("Create the station"), self)
        self.button.setObjectName("firstrun_button")
        self.button.setDefault(True)
        inner.addWidget(self.button)
        self.button.clicked.connect(self._submit)
        for edit in (self.station_name, self.admin, self.full_name, self.password,
                     self.confirm):
            edit.returnPressed.connect(self._submit)  # Enter submits, as on the login form

    def _submit(self) -> None:
        if not self.button.isEnabled():
            return
        problem = ""
        if not self.station_name.text().strip():
            problem = self.tr("Give the station a name.")
        elif not self.admin.text().strip():
            problem = self.tr("Choose the admin's user name.")
        elif len(self.password.text()) < MIN_LENGTH:
            problem = self.tr("The password must have at least %n characters.", "",
                              MIN_LENGTH)
        elif self.password.text() != self.confirm.text():
            problem = self.tr("The two passwords differ.")
        self.message.setText(problem)
        if problem:
            return
        self.button.setEnabled(False)
        self.submitted.emit({
            "name": self.station_name.text(), "admin": self.admin.text().strip(),
            "full_name": self.full_name.text(), "password": self.password.text(),
            "language": self.language.currentData(), "demo": self.demo.isChecked(),
        })

    def failed(self, message: str) -> None:
        self.message.setText(message)
        self.button.setEnabled(True)


class ProblemPanel(QWidget):
    """The station cannot open: say why; offer to restore the last backup when it helps."""

    restore_requested = Signal()
    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _, inner = _card(self, self.tr("The station cannot be opened"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("problem_message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(self.message)
        self.restore = QPushButton(self.tr("Restore the last backup"), self)
        self.restore.setObjectName("problem_restore")
        self.retry = QPushButton(self.tr("Try again"), self)
        inner.addWidget(self.restore)
        inner.addWidget(self.retry)
        self.restore.clicked.connect(self.restore_requested)
        self.retry.clicked.connect(self.retry_requested)

    def show_problem(self, message: str, can_restore: bool) -> None:
        self.message.setText(message)
        self.restore.setVisible(can_restore)
