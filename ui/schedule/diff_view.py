"""What the chief reads before deciding: the changes of a new revision against the approved
one (slots added, removed, moved, replaced or changed; sessions added, removed or retimed),
or, for a first revision, what it holds. One line per change, coloured by its kind."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from station.clock import fmt_date, fmt_duration, fmt_time, parse_utc
from station.schedule.diff import Change, Diff
from station.schedule.model import Schedule
from ui.schedule import words

COLOURS = {"added": words.GOOD_COLOUR, "removed": words.ERROR_COLOUR, "moved": "#1565c0",
           "replaced": words.WARNING_COLOUR, "changed": words.WARNING_COLOUR,
           "retimed": words.WARNING_COLOUR}


class DiffView(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("approvals_diff")
        self.changes: list[Change] = []

    def show_diff(self, diff: Diff, labels: dict[str, str], tz: tzinfo) -> None:
        self.clear()
        self.changes = list(diff.changes)
        if diff.empty:
            QListWidgetItem(self.tr("No change: this revision holds what was approved."), self)
            return
        # Sessions first, then slots, in the order the core found them.
        for change in sorted(diff.changes, key=lambda c: c.what != "session"):
            row = QListWidgetItem(self.describe(change, labels, tz), self)
            row.setForeground(QBrush(QColor(COLOURS.get(change.change, ""))))
            row.setData(Qt.ItemDataRole.UserRole, change.change)

    def show_contents(self, sched: Schedule, tz: tzinfo) -> None:
        """A first revision: every session and its slots."""
        self.clear()
        self.changes = []
        QListWidgetItem(self.tr("First revision: nothing was approved before. It holds:"), self)
        for x in sched.sessions:
            titles = ", ".join(s.title for s in x.slots) or self.tr("(empty)")
            when = _session_text(x.starts_at.isoformat(), x.ends_at.isoformat(), x.title, tz)
            QListWidgetItem(f"{when}: {titles}", self)

    def texts(self) -> list[str]:
        return [self.item(r).text() for r in range(self.count())]

    def describe(self, c: Change, labels: dict[str, str], tz: tzinfo) -> str:
        before, after = c.before or {}, c.after or {}
        if c.what == "session":
            if c.change == "added":
                return self.tr("New session %1").replace("%1", _session_of(after, tz))
            if c.change == "removed":
                return self.tr("Removed session %1").replace("%1", _session_of(before, tz))
            return self.tr("Session %1 now %2").replace("%1", _session_of(before, tz)) \
                .replace("%2", _session_of(after, tz))
        where = labels.get(c.session_key, c.session_key)
        if c.change == "added":
            return self.tr("Added “%1” to %2").replace("%1", c.title).replace("%2", where)
        if c.change == "removed":
            return self.tr("Removed “%1” from %2").replace("%1", before.get("title", c.title)) \
                .replace("%2", where)
        if c.change == "moved":
            old = before.get("session_key", c.session_key)
            if old == after.get("session_key", c.session_key):
                return self.tr("Moved “%1” within %2").replace("%1", c.title).replace("%2", where)
            return self.tr("Moved “%1” from %2 to %3").replace("%1", c.title) \
                .replace("%2", labels.get(old, old)).replace("%3", where)
        if c.change == "replaced":
            return self.tr("Replaced “%1” with “%2” in %3") \
                .replace("%1", before.get("title", "")).replace("%2", after.get("title", "")) \
                .replace("%3", where)
        return self.tr("Changed “%1” in %2: %3").replace("%1", c.title).replace("%2", where) \
            .replace("%3", "; ".join(self._details(before, after)))

    def _details(self, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
        out = []
        if before.get("priority") != after.get("priority"):
            out.append(self.tr("priority %1 → %2")
                       .replace("%1", words.priority_name(str(before.get("priority"))))
                       .replace("%2", words.priority_name(str(after.get("priority")))))
        if before.get("planned_s") != after.get("planned_s"):
            out.append(self.tr("length %1 → %2")
                       .replace("%1", _length(before.get("planned_s"), self.tr("(as its item)")))
                       .replace("%2", _length(after.get("planned_s"), self.tr("(as its item)"))))
        if before.get("title") != after.get("title"):
            out.append(self.tr("title “%1” → “%2”").replace("%1", str(before.get("title")))
                       .replace("%2", str(after.get("title"))))
        if before.get("note") != after.get("note"):
            out.append(self.tr("note changed"))
        return out


def _length(value: Any, otherwise: str) -> str:
    return otherwise if value is None else fmt_duration(float(value))


def _session_of(d: dict[str, Any], tz: tzinfo) -> str:
    return _session_text(d.get("starts_at", ""), d.get("ends_at", ""), d.get("title", ""), tz)


def _session_text(starts: str, ends: str, title: str, tz: tzinfo) -> str:
    try:
        a, b = parse_utc(starts).astimezone(tz), parse_utc(ends).astimezone(tz)
    except ValueError:
        return title
    return f"{fmt_time(a, seconds=False)}–{fmt_time(b, seconds=False)} {fmt_date(a)} {title}".rstrip()
