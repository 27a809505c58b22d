"""The log file: logs/station.log in the data dir, rotated, plus stderr for warnings."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup(folder: Path, level: int = logging.INFO) -> Path | None:
    root = logging.getLogger()
    if any(getattr(h, "_station", False) for h in root.handlers):
        return None
    root.setLevel(level)
    path = folder / "station.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()  # a read-only data dir still gets a log on stderr
        path = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._station = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
