"""What a province editor publishes besides relay items: mandatory bulletins and reviews of
a station's schedule or item. Both are province-owned rows in every station's change feed
(``publish_province``); a station applies them in ``station.province``."""

from __future__ import annotations

from datetime import date
from typing import Any

from station.clock import now_iso
from station.ids import uuid7
from station.outbox import Clock
from station.text import nfc
from sync.hub.mutations import publish_province
from sync.hub.store import HubStore

PRIORITIES = ("normal", "priority", "emergency")
VERDICTS = ("approved", "changes_requested", "note")


class PublishError(ValueError):
    """What the editor gave cannot be published; the message says why."""


def _day(text: str | None, what: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise PublishError(f"{what} is not a date (yyyy-mm-dd): {text!r}") from None


def bulletin_data(title: str, text: str, priority: str = "normal",
                  valid_from: str | None = None, valid_to: str | None = None) -> dict[str, Any]:
    title, text = nfc(title), nfc(text)
    if not title or not text:
        raise PublishError("a bulletin needs a title and a text")
    if priority not in PRIORITIES:
        raise PublishError(f"priority is one of {', '.join(PRIORITIES)}, not {priority!r}")
    start, end = _day(valid_from, "valid-from"), _day(valid_to, "valid-to")
    if start and end and end < start:
        raise PublishError("valid-to is before valid-from")
    return {"title": title, "text": text, "priority": priority, "valid_from": start,
            "valid_to": end, "published_at": now_iso()}


def publish_bulletin(store: HubStore, title: str, text: str, priority: str = "normal",
                     valid_from: str | None = None, valid_to: str | None = None,
                     bulletin_id: str | None = None) -> str:
    """Publish (or, with ``bulletin_id``, replace) a mandatory bulletin; returns its id."""
    eid = bulletin_id or uuid7()
    publish_province(store, "bulletin", eid,
                     bulletin_data(title, text, priority, valid_from, valid_to),
                     Clock("hub").now())
    return eid


def publish_review(store: HubStore, target_entity: str, target_id: str, verdict: str,
                   comment: str = "", reviewer: str = "", review_id: str | None = None) -> str:
    """Publish (or replace) the province's review of a station's schedule or item."""
    if not target_entity or not target_id:
        raise PublishError("a review names its target: an entity and its id")
    if verdict not in VERDICTS:
        raise PublishError(f"verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
    eid = review_id or uuid7()
    publish_province(store, "review", eid, {
        "target_entity": target_entity, "target_id": target_id, "verdict": verdict,
        "comment": nfc(comment), "reviewer": nfc(reviewer), "reviewed_at": now_iso()},
        Clock("hub").now())
    return eid


def withdraw(store: HubStore, entity: str, eid: str) -> None:
    """Delete a bulletin or review at every station (a tombstone in the feed)."""
    if entity not in ("bulletin", "review"):
        raise PublishError(f"only bulletins and reviews are withdrawn here, not {entity!r}")
    with store.read() as c:
        known = c.execute("SELECT 1 FROM entities WHERE entity = ? AND entity_id = ? AND"
                          " owner = 'province' AND deleted = 0", [entity, eid]).fetchone()
    if known is None:
        raise PublishError(f"no {entity} {eid}")
    publish_province(store, entity, eid, {}, Clock("hub").now(), delete=True)
