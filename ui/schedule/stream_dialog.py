"""The dialog that puts a relay or a live window in a session: a relay names one of the
station's feeds (subscribed or the province's) and the rule choosing its episode; a live
window names a stream address. Both have a planned length and a title.

The rule is checked by the core's parser (station.schedule.relay) as it is typed; the save is
the caller's (it runs the verb and calls :meth:`failed` or closes the dialog), so an error
from the core shows here and the dialog stays open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station.errors import StationError
from station.schedule.relay import parse_rule
from station.station import Station
from ui.errors import describe
from ui.operations import relay as relay_ops
from ui.schedule import words

MAX_MINUTES = 12 * 60  # as long as a session may be


@dataclass(frozen=True)
class StreamSlot:
    """What the dialog asks to add: kind 'relay' (ref and rule) or 'live' (url)."""

    kind: str
    title: str
    planned_s: float
    relay_ref: str | None = None
    relay_rule: str = ""
    stream_url: str | None = None


class StreamSlotDialog(QDialog):
    """Add a relay or a live window to one session; ``submitted`` carries a StreamSlot."""

    submitted = Signal(object)

    def __init__(self, station: Station, session_title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stream_slot_dialog")
        self.setWindowTitle(self.tr("Add relay or live"))
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        where = QLabel(self.tr("Into the session: %1").replace("%1", session_title), self)
        where.setWordWrap(True)
        layout.addWidget(where)
        self.relay_choice = QRadioButton(self.tr("Relay from a feed"), self)
        self.relay_choice.setObjectName("stream_relay")
        self.live_choice = QRadioButton(self.tr("Live stream"), self)
        self.live_choice.setObjectName("stream_live")
        group = QButtonGroup(self)
        group.addButton(self.relay_choice)
        group.addButton(self.live_choice)
        choices = QHBoxLayout()
        choices.addWidget(self.relay_choice)
        choices.addWidget(self.live_choice)
        choices.addStretch(1)
        layout.addLayout(choices)
        form = QFormLayout()
        self.form = form
        layout.addLayout(form)
        self.feed = QComboBox(self)
        self.feed.setObjectName("stream_feed")
        self.feed.setEnabled(False)
        self.feed.addItem(self.tr("Loading the feeds…"))
        self.rule = QLineEdit(self)
        self.rule.setObjectName("stream_rule")
        self.rule.setPlaceholderText(self.tr("newest"))
        self.rule_hint = QLabel(self.tr("newest · after HH:MM · within N h · title TEXT, "
                                        "joined with ;"), self)
        self.rule_hint.setToolTip(self.tr("For example: after 17:00; title Thời sự — the "
                                          "newest episode published after 17:00 on the air "
                                          "day with “Thời sự” in its title"))
        self.rule.setToolTip(self.rule_hint.toolTip())
        self.rule_hint.setStyleSheet("color: palette(mid);")
        self.url = QLineEdit(self)
        self.url.setObjectName("stream_url")
        self.url.setPlaceholderText("http://icecast.example.vn:8000/live")
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("stream_minutes")
        self.minutes.setRange(0, MAX_MINUTES)
        self.minutes.setValue(30)
        self.minutes.setSuffix(" " + self.tr("min"))
        self.seconds = QSpinBox(self)
        self.seconds.setObjectName("stream_seconds")
        self.seconds.setRange(0, 59)
        self.seconds.setSuffix(" " + self.tr("s"))
        length = QHBoxLayout()
        length.addWidget(self.minutes)
        length.addWidget(self.seconds)
        length.addStretch(1)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("stream_title")
        self.title_edit.setPlaceholderText(self.tr("Shown in the schedule and the log"))
        self.feed_label = QLabel(self.tr("Feed"), self)
        self.rule_label = QLabel(self.tr("Which episode"), self)
        self.url_label = QLabel(self.tr("Stream address"), self)
        form.addRow(self.feed_label, self.feed)
        form.addRow(self.rule_label, self.rule)
        form.addRow("", self.rule_hint)
        form.addRow(self.url_label, self.url)
        form.addRow(self.tr("Length"), length)
        form.addRow(self.tr("Title"), self.title_edit)
        self.message = QLabel("", self)
        self.message.setObjectName("stream_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {words.ERROR_COLOUR};")
        layout.addWidget(self.message)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.saving = False
        self.loaded = False
        self.relay_choice.toggled.connect(self._kind_changed)
        self.rule.textChanged.connect(self._check_rule)
        self.relay_choice.setChecked(True)
        relay_ops.feeds(self, station).success(self._show_feeds) \
            .failure(lambda exc: self._feeds_failed(describe(exc))).run_in_background()

    # -- feeds --------------------------------------------------------------------------------
    def _show_feeds(self, result: tuple[Any, list[Any]]) -> None:
        self.loaded = True
        self.feed.clear()
        for feed in result[1]:
            name = feed.title or feed.url
            if feed.province:
                name = self.tr("%1 (province)").replace("%1", name)
            self.feed.addItem(name, feed.url)  # find_feed knows a feed by its address
            self.feed.setItemData(self.feed.count() - 1, feed.url, Qt.ItemDataRole.ToolTipRole)
        self.feed.setEnabled(self.feed.count() > 0)
        if not self.feed.count():
            self.feed.addItem(self.tr("No relay feeds: subscribe to one on the Relay page"))

    def _feeds_failed(self, text: str) -> None:
        self.loaded = True
        self.feed.clear()
        self.message.setText(text)

    # -- the form ----------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        relay = self.relay_choice.isChecked()
        for w in (self.feed, self.rule, self.rule_hint):
            self.form.setRowVisible(w, relay)
        self.form.setRowVisible(self.url, not relay)
        self.message.setText("")
        self.adjustSize()

    def _check_rule(self) -> None:
        """Say at once what is wrong with the rule (the core's words)."""
        try:
            parse_rule(self.rule.text())
        except StationError as exc:
            self.message.setText(describe(exc))
        else:
            self.message.setText("")

    def value(self) -> StreamSlot:
        """What is filled in; a StationError (the core's) when the rule is not one."""
        planned = float(self.minutes.value() * 60 + self.seconds.value())
        title = self.title_edit.text().strip()
        if self.relay_choice.isChecked():
            parse_rule(self.rule.text())
            ref = self.feed.currentData()
            return StreamSlot("relay", title or self.feed.currentText(), planned,
                              relay_ref=str(ref) if ref else None,
                              relay_rule=self.rule.text().strip())
        url = self.url.text().strip()
        return StreamSlot("live", title, planned, stream_url=url)

    def submit(self) -> None:
        if self.saving:
            return
        try:
            value = self.value()
        except StationError as exc:
            self.message.setText(describe(exc))
            return
        if value.kind == "relay" and not value.relay_ref:
            self.message.setText(self.tr("Choose a feed."))
            return
        if value.planned_s <= 0:
            self.message.setText(self.tr("Give the slot a length."))
            return
        self.saving = True
        self.ok.setEnabled(False)
        self.message.setText("")
        self.submitted.emit(value)

    def failed(self, text: str) -> None:
        """The core refused it: say why and stay open."""
        self.saving = False
        self.ok.setEnabled(True)
        self.message.setText(text)
