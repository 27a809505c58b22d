"""Where a station keeps its data: one directory holding the database and the media store."""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "station.db"
ENV_DATA_DIR = "STATION_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("station", "station"))


class DataDir:
    """The layout of one data dir (DESIGN.md section 3)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).expanduser().resolve()

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tmp(self) -> Path:
        """Scratch space on the same file system as the store, so renames are atomic."""
        return self.root / "tmp"

    @property
    def lock_path(self) -> Path:
        return self.root / "station.lock"

    def exists(self) -> bool:
        return self.db_path.exists()

    def __repr__(self) -> str:
        return f"DataDir({str(self.root)!r})"
