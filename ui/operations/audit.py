"""Verbs for the audit log: read it as people read it (filtered, with names and titles, in
station time), verify its chain, save an export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject

from station import anchor, audit
from station.changes import Changes
from station.station import Station
from ui import i18n
from ui.operations import Op


@dataclass(frozen=True)
class AuditView:
    """The rows the filters chose, what the filters offer, and the zone to show times in."""

    rows: list[audit.Row]
    choices: audit.Choices
    tz: tzinfo
    limit: int


def audit_view(parent: QObject | None, st: Station, since: date | None = None,
               until: date | None = None, user: str | None = None, action: str | None = None,
               limit: int = 2000) -> Op[AuditView]:
    def work(_s: object) -> AuditView:
        rows = audit.entries(st, since, until, user, action, limit)
        return AuditView(rows, audit.choices(st), i18n.read_zone(st), limit)

    return Op(work, parent, "db")


def verify_audit(parent: QObject | None, st: Station) -> Op[anchor.AnchoredResult]:
    """The chain, and the hub's anchor of it (asked with a 3 s timeout, else the last one
    it acknowledged): a log cut or rewritten since a sync is broken too."""
    return Op(lambda _: anchor.verify(st), parent, "db")


def save_export(parent: QObject | None, st: Station, path: Path, data: bytes,
                rows: int) -> Op[Changes]:
    return Op(lambda _: audit.save_export(st, path, data, rows), parent, "db")
