"""The log file: logs/station.log in the data dir, rotated, plus stderr for warnings.

No secret reaches it: every line is passed through :func:`redact` on its way out (the message,
its arguments and any traceback), which hides bearer and basic credentials, the password in
a URL, hub tokens and ``password=``/``token=`` pairs, whoever logged them.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

HIDDEN = "[redacted]"

_SECRETS = (
    # Authorization: Bearer st1_..., Basic dXNlcjpwdw==
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{4,}"), rf"\1\2{HIDDEN}"),
    # http://user:password@host -> http://[redacted]@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@"), rf"\1{HIDDEN}@"),
    # the hub's station and admin tokens (sync/hub/store.py, serve.py)
    (re.compile(r"\b(st1|adm)_[A-Za-z0-9_-]{8,}"), rf"\1_{HIDDEN}"),
    # password=..., "token": "...", secret: ...
    (re.compile(r"(?i)([\"']?\b(?:password|passwd|token|secret|api[_-]?key|authorization)"
                r"[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&]+"), rf"\1{HIDDEN}"),
)


def redact(text: str) -> str:
    """``text`` with anything that looks like a credential replaced by [redacted]."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup(folder: Path, level: int = logging.INFO) -> Path | None:
    root = logging.getLogger()
    if any(getattr(h, "_station", False) for h in root.handlers):
        return None
    root.setLevel(level)
    # One line per HTTP request would bury what matters (a sync makes thousands).
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    path = folder / "station.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()  # a read-only data dir still gets a log on stderr
        path = None  # type: ignore[assignment]
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._station = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
