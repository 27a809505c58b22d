"""Đồng bộ: the link with the provincial hub, what waits, the last result; sync now,
pause, and (for admins) the hub's address and this station's token."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from media.taskstate import TaskState
from station.rights import Right
from station.station import Station
from ui import i18n
from ui.operations import Op
from ui.pages.base import Page


class SyncPage(Page):
    right = Right.SYNC_RUN

    def title(self) -> str:
        return self.tr("Sync")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.link = QLabel(self)
        self.link.setObjectName("sync_link")
        self.link.setWordWrap(True)
        self.layout_.addWidget(self.link)
        self.result = QLabel(self)
        self.result.setObjectName("sync_result")
        self.result.setWordWrap(True)
        self.layout_.addWidget(self.result)
        row = QHBoxLayout()
        self.now = QPushButton(self.tr("Sync now"), self)
        self.now.setObjectName("sync_now")
        self.pause = QPushButton(self.tr("Pause"), self)
        self.pause.setCheckable(True)
        row.addWidget(self.now)
        row.addWidget(self.pause)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.hub_box = QGroupBox(self.tr("Provincial hub"), self)
        form = QFormLayout(self.hub_box)
        self.hub = QLineEdit(self.hub_box)
        self.hub.setObjectName("sync_hub")
        self.hub.setPlaceholderText("https://…")
        self.token = QLineEdit(self.hub_box)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("unchanged"))
        self.save = QPushButton(self.tr("Save"), self.hub_box)
        self.saved = QLabel(self.hub_box)
        form.addRow(self.tr("Hub address"), self.hub)
        form.addRow(self.tr("Station token"), self.token)
        form.addRow(self.save, self.saved)
        self.layout_.addWidget(self.hub_box)
        self.layout_.addStretch(1)
        self.service: Any = None
        self.now.clicked.connect(lambda: self.service and self.service.run_now())
        self.pause.toggled.connect(lambda on: self.service and self.service.set_paused(on))
        self.save.clicked.connect(self._save)
        self.hub_box.setVisible(station.can(Right.SETTINGS_MANAGE))
        self.show_state({"link": None, "running": False, "paused": False, "report": None,
                         "last_success": None, "hub": ""})

    def attach(self, service: Any) -> None:
        self.service = service
        service.state_changed.connect(self.show_state)
        service._emit()

    def show_state(self, state: dict[str, Any]) -> None:
        if not state["hub"]:
            self.link.setText(self.tr("Not connected: no provincial hub is configured yet. "
                                      "Everything works offline."))
        elif state["link"] is None:
            self.link.setText(self.tr("Checking the link to %1…").replace("%1", state["hub"]))
        elif state["link"]:
            self.link.setText(self.tr("Online: %1").replace("%1", state["hub"]))
        else:
            self.link.setText(self.tr("Offline: the hub cannot be reached. Work goes on; "
                                      "sync resumes by itself when the link returns."))
        if not self.hub.hasFocus() and state["hub"]:
            self.hub.setText(state["hub"])
        report = state["report"]
        lines = []
        if state["running"]:
            lines.append(self.tr("Syncing…"))
        if report is not None:
            lines.append(self.tr("Last run: %1 changes sent, %2 received, %3 file(s) uploaded, "
                                 "%4 downloaded; %5 waiting.")
                         .replace("%1", str(report.pushed)).replace("%2", str(report.pulled))
                         .replace("%3", str(report.uploaded))
                         .replace("%4", str(report.downloaded))
                         .replace("%5", str(report.waiting)))
            lines += [*report.warnings, *report.errors]
        if state["last_success"]:
            when = QDateTime.fromSecsSinceEpoch(int(state["last_success"]))
            lines.append(self.tr("Last success: %1").replace(
                "%1", when.toString(i18n.DATETIME_FORMAT)))
        self.result.setText("\n".join(lines))
        self.now.setEnabled(bool(state["hub"]) and not state["running"])
        self.pause.setText(self.tr("Resume") if state["paused"] else self.tr("Pause"))

    def _save(self) -> None:
        from ui.errors import describe

        st, url, token = self.station, self.hub.text().strip(), self.token.text().strip()

        def work(_s: TaskState) -> Any:
            from station import settings
            from station.changes import Changes
            from sync.token import save_token

            st.require(Right.SETTINGS_MANAGE, "sync settings")
            with st.db.atomic():
                settings.SYNC_HUB_URL.set(st.db, url)
                st.audit("settings.sync_hub", "setting", settings.SYNC_HUB_URL.key, {"url": url})
            if token:
                save_token(st.datadir, url, token)
            return Changes(settings=True, audit=True)

        Op(work, self, "db").success(lambda _c: self._saved()) \
            .failure(lambda exc: self.saved.setText(describe(exc))).run_in_background()

    def _saved(self) -> None:
        self.token.clear()
        self.saved.setText(self.tr("Saved."))
