"""The audit trail (Right.AUDIT_VIEW), for a chief or an inspector: every recorded action in
words, by whom (their name), on what (its title), in station time, newest first; filtered by
dates, person and action; exported as CSV or a printable page; and a check of its hash chain.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.anchor import AnchoredResult
from station.audit import ACTION_NAMES, RIGHT_NAMES, Row
from station.errors import QT_TRANSLATE_NOOP
from station.station import Station
from ui import i18n, words
from ui.approvals import exports
from ui.errors import describe
from ui.operations import audit as audit_ops
from ui.operations.schedule import guard
from ui.schedule import words as schedule_words
from ui.settings.users import role_names

# Detail fields that say nothing to a reader (ids, hashes, what the subject already says).
_QUIET = {"key", "series_id", "content_sha256", "period_start", "warnings", "approved_at", "revision",
          "title", "name", "username", "version"}
COLUMNS = 5

# The schedule's edits ("op" in a schedule.edit entry), in words.
_EDITS: dict[str, str] = {
    "add_session": QT_TRANSLATE_NOOP("audit", "session added"),
    "update_session": QT_TRANSLATE_NOOP("audit", "session changed"),
    "remove_session": QT_TRANSLATE_NOOP("audit", "session removed"),
    "add_slot": QT_TRANSLATE_NOOP("audit", "item added"),
    "move_slot": QT_TRANSLATE_NOOP("audit", "item moved"),
    "remove_slot": QT_TRANSLATE_NOOP("audit", "item removed"),
    "replace_slot": QT_TRANSLATE_NOOP("audit", "item replaced"),
    "set_slot": QT_TRANSLATE_NOOP("audit", "item's priority or length changed"),
    "import": QT_TRANSLATE_NOOP("audit", "imported from a file"),
}


def action_name(code: str) -> str:
    """An action code in words (the code itself when the core wrote one this UI does not know)."""
    source = ACTION_NAMES.get(code)
    return QCoreApplication.translate("audit", source) if source else code


def subject_text(row: Row) -> str:
    if row.entity == "right":
        source = RIGHT_NAMES.get(row.entity_id)
        return QCoreApplication.translate("audit", source) if source else row.entity_id
    if row.revision is not None:
        return QCoreApplication.translate("AuditTrail", "%1, revision %2") \
            .replace("%1", row.subject).replace("%2", str(row.revision))
    return row.subject


def person(row: Row) -> str:
    return row.actor_name if row.actor_name != row.actor else words.actor_name(row.actor)


def detail_text(row: Row, tz: tzinfo) -> str:
    parts = []
    for key, value in row.detail.items():
        if key in _QUIET or key.endswith(("_id", "_key")) or value in ("", None, [], {}):
            continue
        if key == "op" and isinstance(value, str):
            source = _EDITS.get(value)
            value = QCoreApplication.translate("audit", source) if source else \
                value.replace("_", " ")
        elif key == "priority" and isinstance(value, str):
            value = schedule_words.priority_name(value)
        elif key == "seal":
            value = str(value)[:12]
        elif key == "role" or (row.action == "user.role" and key in ("from", "to")):
            value = role_names().get(value, value)
        text = words.field_value(key, value, tz)
        if len(text) > 80:
            text = text[:79] + "…"
        parts.append(f"{words.field_name(key)}: {text}")
    return "; ".join(parts)


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class AuditTrail(QGroupBox):
    def __init__(self, station: Station, may_audit: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Audit trail"))
        self.station = station
        self.loaded = False
        self.busy = False
        self.view: audit_ops.AuditView | None = None
        self.exported: Path | None = None  # the last file written
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("From"), self)
        self.use_dates.setObjectName("audit_use_dates")
        today = datetime.now(i18n.zone_of(station)).date()
        self.since = self._date_edit("audit_since", today - timedelta(days=30))
        self.until = self._date_edit("audit_until", today)
        self.user = QComboBox(self)
        self.user.setObjectName("audit_user")
        self.action = QComboBox(self)
        self.action.setObjectName("audit_action")
        self.action.setMinimumContentsLength(18)
        self.user.addItem(self.tr("Everyone"), "")
        self.action.addItem(self.tr("All actions"), "")
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(QLabel(self.tr("to"), self))
        filters.addWidget(self.until)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Who"), self))
        filters.addWidget(self.user, 1)
        filters.addWidget(QLabel(self.tr("Action"), self))
        filters.addWidget(self.action, 1)
        layout.addLayout(filters)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.since.dateChanged.connect(lambda _d: self.reload())
        self.until.dateChanged.connect(lambda _d: self.reload())
        self.user.activated.connect(lambda _i: self.reload())
        self.action.activated.connect(lambda _i: self.reload())

        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels(self.headers())
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(3, 260)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)  # one line a row: many rows in sight
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count = QLabel(self)
        self.count.setObjectName("audit_count")
        self.verdict = QLabel(self)
        self.verdict.setObjectName("audit_verdict")
        self.verdict.setOpenExternalLinks(True)
        self.verdict.setWordWrap(True)
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        self.csv_button.setObjectName("audit_export_csv")
        self.print_button = QPushButton(self.tr("Printable page…"), self)
        self.print_button.setObjectName("audit_print")
        self.verify_button = QPushButton(self.tr("Verify the chain"), self)
        self.verify_button.setObjectName("audit_verify")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.print_button.clicked.connect(lambda: self.export_html())
        self.verify_button.clicked.connect(self._verify)
        bottom.addWidget(self.count)
        bottom.addWidget(self.verdict, 1)
        for b in (self.csv_button, self.print_button, self.verify_button):
            bottom.addWidget(b)
        layout.addLayout(bottom)
        self.setEnabled(may_audit)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setDisplayFormat(i18n.DATE_FORMAT)
        edit.setCalendarPopup(True)
        return edit

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Who"), self.tr("Action"), self.tr("About"),
                self.tr("Details")]

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.reload()

    # -- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = True
        self.busy = True
        since: date | None = None
        until: date | None = None
        if self.use_dates.isChecked():
            since, until = _day(self.since), _day(self.until)
        user = str(self.user.currentData() or "") or None
        action = str(self.action.currentData() or "") or None
        audit_ops.audit_view(self, self.station, since, until, user, action) \
            .success(guard(self, self._show)) \
            .failure(guard(self, self._failed)).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.verdict.setText(describe(exc))

    def _fill(self, combo: QComboBox, choices: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for key, text in choices:
            combo.addItem(text, key)
        found = combo.findData(keep) if keep else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    def _show(self, view: audit_ops.AuditView) -> None:
        self.busy = False
        self.view = view
        self._fill(self.user, [(u, words.actor_name(n) if n == u else n)
                               for u, n in view.choices.users])
        named = sorted(((a, action_name(a)) for a in view.choices.actions),
                       key=lambda p: p[1].casefold())
        self._fill(self.action, named)
        rows = self.cells(view)
        self.table.setRowCount(len(rows))
        for r, (row, cells) in enumerate(zip(view.rows, rows, strict=True)):
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setToolTip(row.action)  # the code, for whoever needs it
                elif col == 3 and row.entity_id:
                    item.setToolTip(f"{row.entity} {row.entity_id}")
                elif col == 4:
                    item.setToolTip(text)
                self.table.setItem(r, col, item)
        if len(view.rows) >= view.limit:
            self.count.setText(self.tr("Only the newest %1 entries are shown: narrow the "
                                       "filters.").replace("%1", str(view.limit)))
        else:
            self.count.setText(self.tr("%n entries", "", len(view.rows)))

    def cells(self, view: audit_ops.AuditView) -> list[list[str]]:
        """The table's text, row by row: what the screen, the CSV and the printed page show."""
        tz = view.tz
        return [[i18n.format_moment(row.at, tz, seconds=True), person(row),
                 action_name(row.action), subject_text(row), detail_text(row, tz)]
                for row in view.rows]

    # -- exports ----------------------------------------------------------------------------------
    def _filters_text(self) -> str:
        parts = []
        if self.use_dates.isChecked():
            parts.append(self.tr("From %1 to %2").replace("%1", self.since.text())
                         .replace("%2", self.until.text()))
        parts.append(self.user.currentText())
        parts.append(self.action.currentText())
        return " · ".join(parts)

    def _ask(self, title: str, name: str, kinds: str) -> str:
        path, _f = QFileDialog.getSaveFileName(self, title, name, kinds)
        return path

    def _stamp(self) -> str:
        tz = self.view.tz if self.view else i18n.zone_of(self.station)
        return datetime.now(tz).strftime("%Y-%m-%d")

    def export_csv(self, path: Path | None = None) -> None:
        if self.view is None:
            return
        if path is None:
            chosen = self._ask(self.tr("Export the audit trail"),
                               f"nhat-ky-{self._stamp()}.csv", self.tr("CSV files (*.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        rows = self.cells(self.view)
        data = exports.csv_bytes(self.headers(), rows)
        self._save(path, data, len(rows))

    def export_html(self, path: Path | None = None) -> None:
        if self.view is None:
            return
        if path is None:
            chosen = self._ask(self.tr("Save the printable audit trail"),
                               f"nhat-ky-{self._stamp()}.html", self.tr("Web pages (*.html)"))
            if not chosen:
                return
            path = Path(chosen)
        rows = self.cells(self.view)
        made = self.tr("Printed %1").replace(
            "%1", i18n.format_moment(datetime.now(self.view.tz), self.view.tz))
        data = exports.html_bytes(self.tr("Audit trail"), self._filters_text(), made,
                                     self.headers(), rows)
        self._save(path, data, len(rows))

    def _save(self, path: Path, data: bytes, rows: int) -> None:
        def saved(_c: Any) -> None:
            self.exported = path
            url = QUrl.fromLocalFile(str(path)).toString()
            self.verdict.setText(self.tr("Written to %1").replace(
                "%1", f'<a href="{url}">{path.name}</a>'))

        audit_ops.save_export(self, self.station, path, data, rows) \
            .success(guard(self, saved)).failure(guard(self, self._failed)).run_in_background()

    # -- the chain --------------------------------------------------------------------------------
    def _anchored(self, result: AnchoredResult) -> str:
        """How far the provincial hub vouches for the log (station/anchor.py)."""
        if result.anchor is None:
            return self.tr("It is not yet anchored at the provincial hub: a sync anchors it.")
        if result.anchor_source == "hub":
            return self.tr("The provincial hub anchors it up to entry %1.").replace(
                "%1", str(result.anchor.seq))
        return self.tr("It holds the last head the hub acknowledged (entry %1).").replace(
            "%1", str(result.anchor.seq))

    def _verify(self) -> None:
        audit_ops.verify_audit(self, self.station).success(guard(self, self._verdict)) \
            .run_in_background()

    def _verdict(self, result: AnchoredResult) -> None:
        if result.ok:
            self.verdict.setText(self.tr("The chain is intact (%n entries).", "",
                                         result.entries) + " " + self._anchored(result))
        else:
            self.verdict.setText(self.tr("The chain is BROKEN at entry %1: %2")
                                 .replace("%1", str(result.first_bad_seq))
                                 .replace("%2", result.reason))
