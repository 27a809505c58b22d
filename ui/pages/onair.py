"""On air: the published schedule playing now. The session, the running item with elapsed
and remaining time, a level meter, the next items, a clock; Start/Stop/Skip/Hold; an
approved item inserted by hand; alarms (dead air, a failed stream) in red until seen; the
recordings under way.

Playout is the station service's (station/service), not the window's: the page shows the
state the service pushes (ui/services/link.py) and sends the operator's commands to it as the
logged-in user. Logging out or closing the window changes nothing on air. With no service
running the page says so and offers to start it."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from station.changes import Changes
from station.clock import fmt_day_month, fmt_duration, fmt_time
from station.playout.runner import Alarm, Snapshot
from station.rights import Right
from station.station import Station
from ui import i18n
from ui.errors import describe
from ui.operations import playout as playout_ops
from ui.operations import service as service_ops
from ui.pages.base import Page
from ui.services.link import ServiceLink
from ui.widgets.meters import FLOOR_DB, ProgramMeter


def when_text(at: datetime, tz: tzinfo | None, now: datetime) -> str:
    """An event's start in station time: 05:30:00 today, 05:30 08/12 another day."""
    local, today = (at.astimezone(tz), now.astimezone(tz)) if tz else (at, now)
    if local.date() != today.date():
        return f"{fmt_time(local, seconds=False)} {fmt_day_month(local)}"
    return fmt_time(local, seconds=True)


def _detail(a: Alarm) -> str:
    """An alarm's detail in the user's language when the plan knew the reason."""
    if a.reason:
        return f"{a.detail}: {QCoreApplication.translate('playout', a.reason)}"
    return a.detail


class OnAirPage(Page):
    right = Right.PLAYOUT_RUN

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("OnAirPage", "On air")

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(station, parent)
        self.link: ServiceLink | None = None
        self._on = False  # the service plays
        self.last_alarms: list[Alarm] = []  # as the service last said
        self._state: dict[str, Any] | None = None
        self._shown_once = False
        self._tz: tzinfo | None = None
        self._snap: Snapshot | None = None  # the last one, for the countdowns between them
        self._filler: str | None = None  # the filler's title; '' none set; None not known
        service = QHBoxLayout()
        self.service_line = QLabel(self)
        self.service_line.setObjectName("onair_service")
        self.service_line.setWordWrap(True)
        self.start_service_button = QPushButton(self.tr("Start the service"), self)
        self.start_service_button.setObjectName("onair_start_service")
        self.start_service_button.setToolTip(self.tr(
            "Start the station service now; to have it start with the computer, run "
            "“station service install” once"))
        self.start_service_button.clicked.connect(self._start_service)
        service.addWidget(self.service_line, 1)
        service.addWidget(self.start_service_button)
        self.layout_.addLayout(service)
        grid = QGridLayout()
        self.clock = QLabel("--:--:--", self)
        self.clock.setObjectName("onair_clock")
        self.clock.setStyleSheet("font-size: 28px; font-weight: 600;")
        self.session = QLabel(self)
        self.session.setObjectName("onair_session")
        grid.addWidget(self.clock, 0, 0)
        grid.addWidget(self.session, 0, 1)
        self.now_title = QLabel(self.tr("Stopped"), self)
        self.now_title.setObjectName("onair_title")
        self.now_title.setStyleSheet("font-size: 16px;")
        self.times = QLabel(self)
        self.times.setObjectName("onair_times")
        grid.addWidget(self.now_title, 1, 0, 1, 2)
        grid.addWidget(self.times, 2, 0, 1, 2)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setRange(0, 1000)
        grid.addWidget(self.progress, 3, 0, 1, 2)
        self.meter = ProgramMeter(self)
        self.meter.setObjectName("onair_meter")
        grid.addWidget(self.meter, 4, 0, 1, 2)
        self.countdown = QLabel(self)  # to the next item and the next session
        self.countdown.setObjectName("onair_countdown")
        self.countdown.setStyleSheet("font-size: 15px;")
        grid.addWidget(self.countdown, 5, 0, 1, 2)
        self.layout_.addLayout(grid)
        self.alarm = QLabel(self)
        self.alarm.setObjectName("onair_alarm")
        self.alarm.setWordWrap(True)
        self.alarm.setStyleSheet("background: #c00000; color: white; font-size: 16px;"
                                 " font-weight: 600; padding: 8px;")
        self.alarm.hide()
        # Room for two lines of the alarm, always: it appearing moves nothing below it.
        big = self.alarm.font()
        big.setPixelSize(16)
        self.alarm.setMinimumHeight(2 * QFontMetrics(big).lineSpacing() + 18)
        self.ack = QPushButton(self.tr("Alarm seen"), self)
        self.ack.setObjectName("onair_ack")
        self.ack.hide()
        self.ack.clicked.connect(self._acknowledge)
        for w in (self.alarm, self.ack):  # the alarm's row keeps its place: no jumping controls
            keep = w.sizePolicy()
            keep.setRetainSizeWhenHidden(True)
            w.setSizePolicy(keep)
        row = QHBoxLayout()
        row.addWidget(self.alarm, 1)
        row.addWidget(self.ack)
        self.layout_.addLayout(row)
        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.skip_button = QPushButton(self.tr("Skip"), self)
        self.hold_button = QPushButton(self.tr("Hold"), self)
        self.hold_button.setCheckable(True)
        for b in (self.start_button, self.stop_button, self.skip_button, self.hold_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.start_button.clicked.connect(self._start)
        self.stop_button.clicked.connect(self._stop)
        self.skip_button.clicked.connect(lambda: self._send("playout.skip"))
        self.hold_button.toggled.connect(lambda on: self._send("playout.hold", on=on))
        insert = QHBoxLayout()
        self.insert_pick = QComboBox(self)
        self.insert_pick.setObjectName("onair_insert_pick")
        self.insert_pick.setMinimumWidth(320)
        self.insert_button = QPushButton(self.tr("Insert now"), self)
        self.insert_button.setToolTip(self.tr("Play this approved item now, over the schedule; "
                                              "it is logged as an addition"))
        self.insert_button.clicked.connect(self._insert)
        insert.addWidget(QLabel(self.tr("Approved item:"), self))
        insert.addWidget(self.insert_pick, 1)
        insert.addWidget(self.insert_button)
        self.layout_.addLayout(insert)
        self.layout_.addWidget(QLabel(self.tr("Next"), self))
        self.next_list = QListWidget(self)
        self.next_list.setObjectName("onair_next")
        self.layout_.addWidget(self.next_list, 1)
        self.alarm_log = QListWidget(self)
        self.alarm_log.setObjectName("onair_alarm_log")
        self.alarm_log.setMaximumHeight(90)
        self.layout_.addWidget(self.alarm_log)
        self.recording_now = QLabel(self)
        self.recording_now.setObjectName("onair_recording")
        self.recording_now.setWordWrap(True)
        self.layout_.addWidget(self.recording_now)
        self.ticker = QTimer(self)
        self.ticker.setInterval(250)
        self.ticker.timeout.connect(self._tick_clock)
        self.ticker.start()
        self.show_state(None)

    def attach(self, link: ServiceLink) -> None:
        """Follow the service through the window's link (it outlives this page)."""
        self.link = link
        link.changed.connect(self.show_state)
        self.show_state(link.state)

    # -- data ------------------------------------------------------------------------------
    def shown(self) -> None:
        self.show_state(self._state)
        playout_ops.filler_title(self, self.station).success(self._filler_known) \
            .failure(self._failed).run_in_background()
        playout_ops.insertable(self, self.station).success(self._loaded) \
            .failure(self._failed).run_in_background()

    def _loaded(self, result: tuple[tzinfo, list[tuple[str, str]]]) -> None:
        self._tz, items = result
        current = self.insert_pick.currentData()
        self.insert_pick.clear()
        for item_id, title in items:
            self.insert_pick.addItem(title, item_id)
        if current is not None:
            self.insert_pick.setCurrentIndex(max(0, self.insert_pick.findData(current)))
        self.insert_button.setEnabled(self._on and bool(items))

    def _filler_known(self, title: str) -> None:
        self._filler = title
        if self._snap is not None:
            self.show_snapshot(self._snap)

    def on_changes(self, changes: Changes) -> None:
        if changes.schedule and self.isVisible():
            self.shown()

    # -- showing -----------------------------------------------------------------------------
    def _tick_clock(self) -> None:
        now = datetime.now(self._tz or i18n.zone_of(self.station))  # station time, always
        self.clock.setText(fmt_time(now, seconds=True))
        self._show_countdown()

    def _show_countdown(self) -> None:
        """Time to the next item and to the next session, from the last snapshot."""
        s = self._snap
        now = datetime.now(UTC)
        parts = []
        if s is not None and s.next_events:
            at, title = s.next_events[0][0], s.next_events[0][1]
            parts.append(self.tr("Next item in {0}: {1}").format(
                fmt_duration(max((at - now).total_seconds(), 0.0), hours=True, truncate=True),
                title))
        if s is not None and s.next_session is not None:
            parts.append(self.tr("next session in {0} ({1})").format(
                fmt_duration(max((s.next_session - now).total_seconds(), 0.0), hours=True,
                             truncate=True), when_text(s.next_session, self._tz, now)))
        text = " · ".join(parts) if parts else (
            self.tr("Nothing more is planned") if s is not None and s.running else "")
        if self.countdown.text() != text:
            self.countdown.setText(text)

    def show_state(self, state: dict[str, Any] | None) -> None:
        """The service's state (None: no service answers); ten times a second while the
        page is seen, kept for later while it is not."""
        self._state = state
        if not self.isVisible() and self._shown_once:
            return
        self._shown_once = True
        playout = (state or {}).get("playout") or {}
        found = playout.get("snapshot")
        snap = Snapshot.from_json_dict(found) if isinstance(found, dict) else None
        on = snap is not None and snap.running
        if state is None:
            self.service_line.setText(self.tr(
                "The station service is not running: nothing goes on air by the schedule and "
                "no scheduled recording is made."))
            self._line_style("color: #b00000; font-weight: 600;")
        else:
            from station import __version__

            stopped = playout.get("on_air") is False
            lines = [self.tr("The station service is running (process {0}).").format(
                state.get("pid", "?"))]
            if stopped:
                lines.append(self.tr("Playout was stopped by an operator: press Start to go "
                                     "back on air."))
            if state.get("version") not in (None, __version__):
                lines.append(self.tr("The service is version {0}, this window {1}: restart "
                                     "the service.").format(state.get("version"), __version__))
            jobs = {"playout": self.tr("Playout"), "recordings": self.tr("Scheduled recording"),
                    "watch": self.tr("Watched folders"), "sync": self.tr("Sync")}
            for alarm in state.get("alarms") or []:
                if alarm.get("source") == "service":  # a job that keeps failing
                    job = str(alarm.get("job", ""))
                    lines.append(self.tr("⚠ {0} keeps failing: {1}").format(
                        jobs.get(job, job), alarm.get("detail", "")))
            self.service_line.setText("\n".join(lines))
            self._line_style("color: #b00000;" if len(lines) > 1 else "")
        self.start_service_button.setVisible(state is None)
        if on != self._on or state is None:
            self._running(on)
        if snap is not None:
            self.show_snapshot(snap)
        self._show_recordings((state or {}).get("recordings") or {})

    def _line_style(self, style: str) -> None:
        if self.service_line.styleSheet() != style:  # a new style sheet re-polishes
            self.service_line.setStyleSheet(style)

    def _running(self, on: bool) -> None:
        self._on = on
        self.start_button.setEnabled(not on)
        for b in (self.stop_button, self.skip_button, self.hold_button):
            b.setEnabled(on)
        self.insert_button.setEnabled(on and self.insert_pick.count() > 0)
        if not on:
            self.now_title.setText(self.tr("Stopped"))
            self.times.clear()
            self.progress.setValue(0)
            self.meter.set_levels((FLOOR_DB, FLOOR_DB), (FLOOR_DB, FLOOR_DB))

    def _show_recordings(self, recordings: dict[str, Any]) -> None:
        lines = []
        if recordings.get("failed") and recordings.get("last_error"):
            lines.append(self.tr("⚠ A scheduled recording failed: {0}").format(
                recordings["last_error"]))
        for run in recordings.get("now") or []:
            length = fmt_duration(float(run.get("seconds") or 0))
            lines.append(self.tr("● Recording “{0}” ({1})").format(run.get("title", ""), length))
        self.recording_now.setText("\n".join(lines))
        self.recording_now.setVisible(bool(lines))

    def show_snapshot(self, s: Snapshot) -> None:
        tz = self._tz
        self._snap = s
        self.last_alarms = s.alarms
        now = datetime.now(UTC)
        self.session.setText(self.tr("Session {0}").format(s.session) if s.session else
                             self.tr("No session on air"))
        if s.title:
            kinds = {"emergency": self.tr("EMERGENCY"), "added": self.tr("added"),
                     "filler": self.tr("filler")}
            tag = kinds.get(s.kind, "")
            self.now_title.setText(f"▶ {s.title}" + (f"  [{tag}]" if tag else ""))
            remaining = fmt_duration(s.remaining_s) if s.remaining_s is not None else "?"
            self.times.setText(self.tr("elapsed {0} · remaining {1}").format(
                fmt_duration(s.elapsed_s), remaining))
            total = s.elapsed_s + (s.remaining_s or 0)
            self.progress.setValue(int(1000 * s.elapsed_s / total) if total > 0 else 0)
        else:
            self.now_title.setText(self.tr("Silence") if s.running else self.tr("Stopped"))
            self.times.clear()
            self.progress.setValue(0)
        self.meter.set_levels(s.rms_db, s.peak_db)
        self.hold_button.blockSignals(True)
        self.hold_button.setChecked(s.hold)
        self.hold_button.blockSignals(False)
        lines = []
        for at, title, duration, problem in s.next_events:
            line = f"{when_text(at, tz, now)}  {title}  ({fmt_duration(duration)})"
            if problem:  # the filler will play instead: the operator sees why, in advance
                line += "  ⚠ " + QCoreApplication.translate("playout", problem)
            lines.append(line)
        if lines != [self.next_list.item(i).text() for i in range(self.next_list.count())]:
            self.next_list.clear()  # ten snapshots a second: rebuilt only when it changes
            self.next_list.addItems(lines)
        words = {"dead_air": self.tr("Dead air"), "stream_failed": self.tr("Stream failed"),
                 "item_failed": self.tr("Item cannot play"),
                 "emergency": self.tr("Emergency bulletin")}
        if self.alarm_log.count() != len(s.alarms):
            self.alarm_log.clear()
            for a in s.alarms:
                when = fmt_time(a.at, tz, seconds=True) if tz else ""
                self.alarm_log.addItem(f"{when}  {words.get(a.kind, a.kind)}: {_detail(a)}")
        active = [a for a in s.alarms if not a.cleared]
        if active:
            last = active[-1]
            text = self.tr("ALARM: {0}: {1}").format(words.get(last.kind, last.kind),
                                                       _detail(last))
            text += " " + self._on_air_now(s)
            if s.alert_problem:  # the operator must know the alarm is not heard
                text += "\n" + self.tr("The alarm cannot sound: {0}").format(s.alert_problem)
            self.alarm.setText(text)
        self.alarm.setVisible(bool(active))
        self.ack.setVisible(bool(active))

    def _on_air_now(self, s: Snapshot) -> str:
        """What the loudspeakers give during an alarm, as it is (not as it should be)."""
        if s.kind == "filler" and s.title:
            return self.tr("(the filler “{0}” plays)").format(s.title)
        if s.title:
            return self.tr("(now playing: “{0}”)").format(s.title)
        if self._filler == "":
            return self.tr("(no filler is set: silence on air; choose one in Settings › "
                           "On air)")
        return self.tr("(silence on air)")

    # -- the operator's commands, sent to the service ---------------------------------------
    def _send(self, op: str, **args: Any) -> None:
        service_ops.command(self, self.station, op, **args).failure(self._failed) \
            .run_in_background()

    def _start(self) -> None:
        if self.link is not None and self.link.running:
            self._send("playout.start")
            return
        answer = QMessageBox.question(
            self, self.tr("On air"),
            self.tr("The station service is not running. Start it now? It plays the approved "
                    "schedule, makes the scheduled recordings and syncs, and goes on when this "
                    "window is closed or you log out."))
        if answer == QMessageBox.StandardButton.Yes:
            self._start_service(then_play=True)

    def _start_service(self, then_play: bool = False) -> None:
        self.start_service_button.setEnabled(False)
        self.service_line.setText(self.tr("Starting the station service…"))

        def started(_pid: int) -> None:
            self.start_service_button.setEnabled(True)
            if then_play:
                self._send("playout.start")

        def failed(exc: BaseException) -> None:
            self.start_service_button.setEnabled(True)
            self._failed(exc)

        service_ops.start_service(self, self.station).success(started).failure(failed) \
            .run_in_background()

    def _stop(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("On air"),
            self.tr("Stop playout? The loudspeakers stay silent, also after a restart, until "
                    "someone presses Start."))
        if answer == QMessageBox.StandardButton.Yes:
            self._send("playout.stop")

    def _acknowledge(self) -> None:
        self._send("playout.acknowledge")
        self.alarm.hide()
        self.ack.hide()

    def _insert(self) -> None:
        item_id = self.insert_pick.currentData()
        if item_id:
            self._send("playout.insert", item_id=str(item_id))

    def _failed(self, exc: BaseException) -> None:
        self.alarm.setText(describe(exc))
        self.alarm.show()
