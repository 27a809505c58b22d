"""A new password typed twice, wherever one is set (own change, new user, reset): the two
must match before anything is sent to the core, which checks the rest (length)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from station.passwords import MIN_LENGTH


class PasswordPair(QObject):
    """Two password fields added to a form; ``problem()`` says what is wrong, or ''."""

    def __init__(self, form: QFormLayout, parent: QWidget, name: str, label: str) -> None:
        super().__init__(parent)
        self.first = QLineEdit(parent)
        self.repeat = QLineEdit(parent)
        for widget, suffix in ((self.first, ""), (self.repeat, "_repeat")):
            widget.setEchoMode(QLineEdit.EchoMode.Password)
            widget.setObjectName(f"{name}{suffix}")
        self.first.setPlaceholderText(self.tr("at least %n characters", "", MIN_LENGTH))
        form.addRow(label, self.first)
        form.addRow(self.tr("Repeat password"), self.repeat)

    def text(self) -> str:
        return self.first.text()

    def problem(self) -> str:
        if len(self.first.text()) < MIN_LENGTH:
            return self.tr("The password must have at least %n characters.", "", MIN_LENGTH)
        if self.first.text() != self.repeat.text():
            return self.tr("The two passwords differ.")
        return ""

    def clear(self) -> None:
        self.first.clear()
        self.repeat.clear()
