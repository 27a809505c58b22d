"""Hybrid logical clocks: the one implementation lives in the core (``station.outbox``), which
stamps each change as it is made; the sync engine and the hub use it from here."""

from __future__ import annotations

from station.outbox import MAX_COUNTER, Clock, format_hlc, parse_hlc

__all__ = ["MAX_COUNTER", "Clock", "format_hlc", "parse_hlc"]
