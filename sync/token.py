"""The station's hub token: in the OS keyring, or (no keyring on this machine) in a file
that only this user can read."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from station.paths import DataDir

log = logging.getLogger(__name__)
SERVICE = "station-sync"


def _account(datadir: DataDir, hub_url: str) -> str:
    return f"{datadir.root}|{hub_url.rstrip('/')}"


def _file(datadir: DataDir) -> Path:
    return datadir.root / "sync" / "token.json"


def save_token(datadir: DataDir, hub_url: str, token: str) -> str:
    """Keep the token; returns where: 'keyring' or the fallback file's path."""
    try:
        import keyring

        keyring.set_password(SERVICE, _account(datadir, hub_url), token)
        return "keyring"
    except Exception as exc:
        log.info("no usable keyring (%s): the token goes to a private file", exc)
    path = _file(datadir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _read_file(path)
    data[hub_url.rstrip("/")] = token
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(temp, 0o600)
    os.replace(temp, path)
    return str(path)


def load_token(datadir: DataDir, hub_url: str) -> str | None:
    try:
        import keyring

        found = keyring.get_password(SERVICE, _account(datadir, hub_url))
        if found:
            return found
    except Exception:
        pass
    return _read_file(_file(datadir)).get(hub_url.rstrip("/"))


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
