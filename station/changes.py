"""What a mutation changed, so each view can decide whether to refresh (one signal in the UI)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    library: bool = False
    users: bool = False
    settings: bool = False
    schedule: bool = False
    sync: bool = False
    audit: bool = False
    studio: bool = False  # recordings, edit lists, programmes
    playout: bool = False  # on-air state and the as-run log

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name)
                          for f in fields(self)})

    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))
