"""Saved searches: a name, the query, its filters and sort, shared by everyone at the
station."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.search.filters import SearchFilters
from station.search.run import SORTS
from station.station import Station
from station.text import fold, nfc, sort_key


@dataclass(frozen=True)
class SavedSearch:
    id: str
    name: str
    query: str
    filters: SearchFilters
    sort: str
    created_by: str
    created_at: str
    updated_at: str

    def to_json_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "query": self.query,
                "filters": self.filters.to_json_dict(), "sort": self.sort,
                "created_by": self.created_by, "created_at": self.created_at,
                "updated_at": self.updated_at}


_SAVED_COLUMNS = "id, name, query, filters, sort, created_by, created_at, updated_at"


def _saved(row: Sequence[Any]) -> SavedSearch:
    return SavedSearch(row[0], row[1], row[2], SearchFilters.from_json_dict(json.loads(row[3])),
                       row[4], row[5], row[6], row[7])


def save_search(st: Station, name: str, query: str, filters: SearchFilters | None = None,
                sort: str = "rank") -> tuple[SavedSearch, Changes]:
    """Save (or, under a name already used, replace) a search for everyone at the station."""
    st.require(Right.LIBRARY_VIEW, "save search")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a saved search needs a name"))
    if sort not in SORTS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown sort order: {sort}"), sort=sort)
    query = nfc(query)
    flt = filters or SearchFilters()
    flt_json = json.dumps(flt.to_json_dict(), ensure_ascii=False, sort_keys=True)
    key = fold(name)
    db = st.db
    now = now_iso()
    with db.atomic():
        row = db.execute("SELECT id, created_by, created_at FROM saved_searches"
                         " WHERE name_key = ?", [key]).fetchone()
        if row:
            saved = SavedSearch(row[0], name, query, flt, sort, row[1], row[2], now)
            db.execute("UPDATE saved_searches SET name = ?, query = ?, filters = ?, sort = ?,"
                       " updated_at = ? WHERE id = ?", [name, query, flt_json, sort, now, row[0]])
        else:
            saved = SavedSearch(uuid7(), name, query, flt, sort, st.actor, now, now)
            db.execute(f"INSERT INTO saved_searches ({_SAVED_COLUMNS}, name_key) VALUES"
                       " (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [saved.id, name, query, flt_json, sort, saved.created_by, now, now, key])
        st.audit("search.save", "saved_search", saved.id,
                 {"name": name, "query": query, "filters": flt.to_json_dict(), "sort": sort})
    return saved, Changes(audit=True)


def list_saved(st: Station) -> list[SavedSearch]:
    """The station's saved searches, by name in Vietnamese order."""
    st.require(Right.LIBRARY_VIEW, "saved searches")
    rows = st.db.execute(f"SELECT {_SAVED_COLUMNS} FROM saved_searches").fetchall()
    return sorted((_saved(r) for r in rows), key=lambda s: sort_key(s.name))


def delete_saved(st: Station, saved_id: str) -> Changes:
    st.require(Right.LIBRARY_VIEW, "delete saved search")
    db = st.db
    with db.atomic():
        row = db.execute("SELECT name FROM saved_searches WHERE id = ?", [saved_id]).fetchone()
        if row is None:
            raise NotFound(QT_TRANSLATE_NOOP("errors", "no saved search {id}"), id=saved_id)
        db.execute("DELETE FROM saved_searches WHERE id = ?", [saved_id])
        st.audit("search.delete_saved", "saved_search", saved_id, {"name": row[0]})
    return Changes(audit=True)
