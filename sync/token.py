"""The station's hub token: in the OS keyring, or (no keyring on this machine) in a file
that only this user can read; and the hub's address it goes with."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from media.files import write_atomic
from station import settings
from station.changes import Changes
from station.paths import DataDir
from station.rights import Right
from station.station import Station

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
    write_atomic(path, json.dumps(data).encode("utf-8"), private=True)
    return str(path)


def save_hub(st: Station, url: str, token: str = "") -> Changes:
    """The Sync page's hub address (audited) and, if given, a new token for it."""
    from sync.credentials import clean_url

    st.require(Right.SETTINGS_MANAGE, "sync settings")
    url = clean_url(url)  # a password in the address never reaches settings or the audit
    with st.db.atomic():
        settings.SYNC_HUB_URL.set(st.db, url)
        st.audit("settings.sync_hub", "setting", settings.SYNC_HUB_URL.key, {"url": url})
    if token:
        save_token(st.datadir, url, token)
    return Changes(settings=True, audit=True)


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
