"""Time as the core stores it: UTC ISO 8601 with milliseconds, sortable as text."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
