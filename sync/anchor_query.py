"""The quick question `station audit verify` asks the hub: its anchor of this station's
audit log (sync/anchor.py is the sync step that sets it). Plugged into station/anchor.py by
the entry point (ui/launch.py)."""

from __future__ import annotations

from station import anchor, settings
from station.station import Station
from sync import outbox
from sync.anchor import path, point
from sync.credentials import clean_url

QUICK_S = 3.0  # `audit verify` waits no longer than this for the hub


def ask_hub(st: Station) -> anchor.Anchor | None:
    """The hub's anchor for this station, asked once with a short timeout (the source
    `station audit verify` uses; ui/launch.py plugs it in). None: no hub or never synced;
    raises when the hub cannot be asked."""
    import httpx

    from sync.engine import open_hub
    from sync.token import load_token

    db = st.db
    url = clean_url(settings.SYNC_HUB_URL.get(db))
    station_id = outbox.get_state(db, "station_id")
    if not url or not station_id or clean_url(outbox.get_state(db, "hub")) != url:
        return None
    token = load_token(st.datadir, url)
    if not token:
        return None
    hub = open_hub(st, url, token, attempts=1)
    try:
        hub.stall_s = QUICK_S
        hub.client.timeout = httpx.Timeout(QUICK_S)
        got = hub.json("GET", path(db, station_id))
    finally:
        hub.close()
    held = point(got.get("anchor")) if isinstance(got, dict) else None
    return anchor.Anchor(url, held[0], held[1]) if held else None
