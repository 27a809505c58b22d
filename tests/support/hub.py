"""Looking into the real hub's data folder from a test (the hub itself runs in a child
process: the `hub`, `token` and `proxy` fixtures are in tests/conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from station.station import Station
from sync.hub.process import HubProcess
from sync.hub.store import HubStore


@contextmanager
def open_hub_store(hub: HubProcess) -> Iterator[HubStore]:
    """The hub's store, opened beside the running hub and closed again."""
    store = HubStore(hub.data_dir)
    try:
        yield store
    finally:
        store.close()


def hub_file(hub: HubProcess, sha: str) -> Path:
    return hub.data_dir / "media" / "sha256" / sha[:2] / sha[2:4] / sha


def same_file(st: Station, hub: HubProcess, sha: str) -> bool:
    """The hub holds the very bytes of the station's file."""
    return hub_file(hub, sha).read_bytes() == st.store.path(sha, "wav").read_bytes()


def hub_count(hub: HubProcess, sql: str) -> int:
    with open_hub_store(hub) as store:
        return int(store.conn.execute(sql).fetchone()[0])


def hub_entity(hub: HubProcess, entity: str, eid: str) -> tuple[dict[str, Any], bool] | None:
    """The hub's copy of one row and whether it is deleted; None when the hub has none."""
    with open_hub_store(hub) as store:
        row = store.conn.execute("SELECT data, deleted FROM entities WHERE entity = ? AND"
                                 " entity_id = ?", [entity, eid]).fetchone()
    return (json.loads(row[0]), bool(row[1])) if row else None


def hub_has(hub: HubProcess, entity: str, eid: str) -> bool:
    return hub_entity(hub, entity, eid) is not None


def hub_rows(hub: HubProcess, entity: str) -> list[str]:
    """Ids of the rows of ``entity`` the hub holds for stations (pushed by them)."""
    with open_hub_store(hub) as store:
        return [r[0] for r in store.conn.execute(
            "SELECT entity_id FROM entities WHERE entity = ? AND owner != 'province'",
            [entity])]


def publish_unchecked(hub: HubProcess, feed: str, source: Path, title: str, *,
                      category: str = "") -> str:
    """Publish ``source`` in a relay feed as a hub that did not decode it would (an older or
    another hub): for tests of what a station does with a relay file that is not audio."""
    import hashlib
    import shutil

    from sync.hub.relay import DerivedMedia, publish_file

    with open_hub_store(hub) as store:
        temp = store.uploads / f"unchecked-{source.name}"
        shutil.copyfile(source, temp)
        sha = hashlib.sha256(temp.read_bytes()).hexdigest()
        derived = DerivedMedia("audio/wav", source.suffix.lstrip(".") or "wav", None)
        return publish_file(store, feed, temp, sha, title, derived, category=category).id
