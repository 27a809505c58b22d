"""Verbs for the audit log: read its latest entries, verify its chain."""

from __future__ import annotations

from PySide6.QtCore import QObject

from station import audit
from station.station import Station
from ui.operations import Op


def recent_audit(parent: QObject | None, st: Station,
                 limit: int = 200) -> Op[list[audit.Entry]]:
    return Op(lambda _: audit.trail(st, limit), parent, "db")


def verify_audit(parent: QObject | None, st: Station) -> Op[audit.VerifyResult]:
    return Op(lambda _: audit.verify(st.db), parent, "db")
