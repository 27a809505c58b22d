"""What changed between two revisions (the chief's inbox: the approved one and the new draft).

Sessions and slots are matched by their keys, which revisions keep. A slot is 'added',
'removed', 'moved' (to another session, or out of the order the others keep: the longest
common subsequence stays put), 'replaced' (other content in the same slot) or 'changed'
(same content; priority, length, title or note differ). Sessions are 'added', 'removed'
or 'retimed'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from station.rights import Right
from station.schedule.model import Schedule, content_of, load
from station.station import Station

_CONTENT = ("kind", "item_id", "sha256", "programme_id", "relay_ref", "stream_url")
_DETAILS = ("priority", "planned_s", "title", "note", "relay_rule")


@dataclass(frozen=True)
class Change:
    change: str  # added, removed, moved, replaced, changed, retimed
    what: str  # 'session' or 'slot'
    key: str
    session_key: str  # the session (in the new revision when it is there)
    title: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json_dict(self) -> dict[str, Any]:
        return {"change": self.change, "what": self.what, "key": self.key,
                "session_key": self.session_key, "title": self.title, "before": self.before,
                "after": self.after}


@dataclass(frozen=True)
class Diff:
    old_id: str
    new_id: str
    changes: tuple[Change, ...]

    def of(self, change: str) -> list[Change]:
        return [c for c in self.changes if c.change == change]

    @property
    def empty(self) -> bool:
        return not self.changes

    def to_json_dict(self) -> dict[str, Any]:
        return {"old_id": self.old_id, "new_id": self.new_id,
                "changes": [c.to_json_dict() for c in self.changes]}


def content_for_diff(st: Station, sched: Schedule) -> dict[str, Any]:
    """What was approved for a sealed revision; the live content for any other."""
    row = st.db.execute("SELECT sealed_content FROM schedules WHERE id = ?", [sched.id]).fetchone()
    if row and row[0]:
        return dict(json.loads(row[0]))
    return content_of(st, sched)


def diff(st: Station, old_id: str, new_id: str) -> Diff:
    """The changes from revision ``old_id`` to revision ``new_id``."""
    st.require(Right.LIBRARY_VIEW, "compare schedules")
    old = content_for_diff(st, load(st, old_id))
    new = content_for_diff(st, load(st, new_id))
    return Diff(old_id, new_id, tuple(diff_content(old, new)))


def diff_content(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    old_sessions = {x["key"]: x for x in old["sessions"]}
    new_sessions = {x["key"]: x for x in new["sessions"]}
    for key, x in new_sessions.items():
        before = old_sessions.get(key)
        if before is None:
            changes.append(Change("added", "session", key, key, x["title"], None, _session(x)))
        elif (before["starts_at"], before["ends_at"]) != (x["starts_at"], x["ends_at"]):
            changes.append(Change("retimed", "session", key, key, x["title"], _session(before),
                                  _session(x)))
    for key, x in old_sessions.items():
        if key not in new_sessions:
            changes.append(Change("removed", "session", key, key, x["title"], _session(x), None))
    old_slots = {s["key"]: (x["key"], s) for x in old["sessions"] for s in x["slots"]}
    new_slots = {s["key"]: (x["key"], s) for x in new["sessions"] for s in x["slots"]}
    for x in new["sessions"]:
        # Slots of this session that were in it before and keep their relative order.
        common = [s["key"] for s in x["slots"]
                  if s["key"] in old_slots and old_slots[s["key"]][0] == x["key"]]
        was = [s["key"] for s in old_sessions.get(x["key"], {"slots": []})["slots"]
               if s["key"] in common]
        staying = set(_lcs(was, common))
        for s in x["slots"]:
            found = old_slots.get(s["key"])
            if found is None:
                changes.append(Change("added", "slot", s["key"], x["key"], s["title"], None, s))
                continue
            old_session, before = found
            if old_session != x["key"] or s["key"] not in staying:
                changes.append(Change("moved", "slot", s["key"], x["key"], s["title"],
                                      {**before, "session_key": old_session},
                                      {**s, "session_key": x["key"]}))
            if any(before.get(f) != s.get(f) for f in _CONTENT):
                changes.append(Change("replaced", "slot", s["key"], x["key"], s["title"], before, s))
            elif any(before.get(f) != s.get(f) for f in _DETAILS):
                changes.append(Change("changed", "slot", s["key"], x["key"], s["title"], before, s))
    for key, (session_key, s) in old_slots.items():
        if key not in new_slots:
            changes.append(Change("removed", "slot", key, session_key, s["title"], s, None))
    return changes


def _session(x: dict[str, Any]) -> dict[str, Any]:
    return {k: x[k] for k in ("key", "title", "starts_at", "ends_at")}


def _lcs(a: list[str], b: list[str]) -> list[str]:
    """Longest common subsequence (sessions hold tens of slots: quadratic is fine)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else \
                max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            out.append(a[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out
