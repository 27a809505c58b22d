"""Running a search: rank tiers, sorts, counts, and the ordered doc list a view pages
through (station/search/__init__.py explains the plans and their figures)."""

from __future__ import annotations

from array import array
from typing import Any

import sqlite_utils

from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.rights import Right
from station.search.filters import SearchFilters, where_sql
from station.search.index import update_title_keys
from station.search.query import Query, parse_query
from station.search.results import Hit, fetch
from station.station import Station

PROBE_WALK = 1_000  # index rows looked up one by one before a sort falls back to a set
SORTS = ("rank", "newest", "oldest", "title", "title_desc", "duration", "duration_desc")
# Up to this many matches, sorts other than rank sort the matches; above, they walk an index.
SORT_IN_MEMORY_MAX = 5_000

# sort -> (ORDER BY over search_docs d, the index that walks it in that order, its column)
_ORDER = {
    "newest": ("d.created_at DESC, d.doc DESC", "search_docs_created", "created_at"),
    "oldest": ("d.created_at ASC, d.doc ASC", "search_docs_created", "created_at"),
    "title": ("d.title_key ASC, d.doc ASC", "search_docs_title", "title_key"),
    "title_desc": ("d.title_key DESC, d.doc DESC", "search_docs_title", "title_key"),
    "duration": ("d.duration_s ASC, d.doc ASC", "search_docs_duration", "duration_s"),
    "duration_desc": ("d.duration_s DESC, d.doc DESC", "search_docs_duration", "duration_s"),
}


def _check(st: Station, sort: str) -> None:
    st.require(Right.LIBRARY_VIEW, "search")
    if sort not in SORTS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown sort order: {sort}"), sort=sort)
    if sort.startswith("title"):
        update_title_keys(st)


def _as_query(query: str | Query) -> Query:
    return query if isinstance(query, Query) else parse_query(query)


def search(st: Station, query: str | Query, *, limit: int = 50, offset: int = 0,
           filters: SearchFilters | None = None, sort: str = "rank") -> list[Hit]:
    """Items matching ``query`` and ``filters``, ``limit`` of them from ``offset``.

    ``sort``: "rank" (see the module docstring; with no words it is "newest"), "newest",
    "oldest", "title" (Vietnamese order), "title_desc", "duration", "duration_desc".
    """
    _check(st, sort)
    q = _as_query(query)
    flt = filters or SearchFilters()
    limit, offset = max(0, int(limit)), max(0, int(offset))
    if limit == 0:
        return []
    if sort == "rank" and q.has_text:
        docs, scores = _ranked(st.db, q, flt, limit, offset)
        return fetch(st, docs, q, scores)
    docs = _sorted(st.db, q, flt, "newest" if sort == "rank" else sort, limit, offset)
    return fetch(st, docs, q)


def _matches_sql(db: sqlite_utils.Database, expr: str,
                 flt: SearchFilters) -> tuple[str, list[Any]]:
    """The docs an FTS5 expression matches, with the filters (no order)."""
    where, params = where_sql(db, flt)
    if not where:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [expr]
    return ("SELECT search_fts.rowid FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid"
            " WHERE search_fts MATCH ? AND " + " AND ".join(where), [expr, *params])


def _browse_sql(db: sqlite_utils.Database, q: Query, flt: SearchFilters,
                index: str = "NOT INDEXED") -> tuple[str, list[Any]]:
    """Every item (no words) that passes the filters and the exclusions (no order)."""
    where, params = where_sql(db, flt)
    if q.excluded:
        where.append("d.doc NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
        params.append(q.exclusion())
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    return f"SELECT d.doc FROM search_docs d {index}{cond}", params


def _tier_docs(db: sqlite_utils.Database, expr: str, flt: SearchFilters, limit: int,
               offset: int) -> list[int]:
    sql, params = _matches_sql(db, expr, flt)
    sql += " ORDER BY search_fts.rowid DESC LIMIT ? OFFSET ?"
    return [r[0] for r in db.execute(sql, [*params, limit, offset])]


def _count_sql(db: sqlite_utils.Database, sql: str, params: list[Any], cap: int | None) -> int:
    if cap is not None:
        sql += f" LIMIT {int(cap)}"
    return int(db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])


def _ranked(db: sqlite_utils.Database, q: Query, flt: SearchFilters, limit: int | None,
            offset: int) -> tuple[list[int], list[float]]:
    """Docs in rank order, ``limit`` of them (None: all) from ``offset``."""
    if offset:
        return _ranked_from(db, q, flt, limit if limit is not None else -1, offset)
    docs: list[int] = []
    scores: list[float] = []
    seen: set[int] = set()  # every match of the tiers before: each was read to its end
    reaches = q.reaches()
    for n, (score, expr) in enumerate(reaches):
        want = -1 if limit is None else limit - len(docs) + len(seen)
        found = _tier_docs(db, expr, flt, want, 0)
        fresh = [d for d in found if d not in seen]
        if limit is not None:
            fresh = fresh[:limit - len(docs)]
        docs += fresh
        scores += [score] * len(fresh)
        if limit is not None and len(docs) >= limit:
            break
        # Fewer rows than asked for: this tier's expression is read to its end. (The last
        # tier needs no set; the others go in by slices: one long C call would hold the GIL,
        # and with it the GUI thread, for tens of milliseconds.)
        if n + 1 < len(reaches):
            for start in range(0, len(found), 20_000):
                seen.update(found[start:start + 20_000])
    return docs, scores


def _ranked_from(db: sqlite_utils.Database, q: Query, flt: SearchFilters, limit: int,
                 offset: int) -> tuple[list[int], list[float]]:
    """A page further down: whole tiers before it are counted (as far as needed) and
    skipped, using the disjoint tier expressions."""
    docs: list[int] = []
    scores: list[float] = []
    for score, expr in q.tiers():
        if offset:
            size = _count_sql(db, *_matches_sql(db, expr, flt), cap=offset + 1)
            if size <= offset:
                offset -= size
                continue
        found = _tier_docs(db, expr, flt, limit - len(docs) if limit >= 0 else -1, offset)
        offset = 0
        docs += found
        scores += [score] * len(found)
        if 0 <= limit <= len(docs):
            break
    return docs, scores


def _sort_few(db: sqlite_utils.Database, docs: list[int], sort: str) -> list[int]:
    """A few docs in ``sort`` order, as SQLite would order them (NULL first going up)."""
    column = _ORDER[sort][2]
    values: dict[int, Any] = {}
    for start in range(0, len(docs), 900):
        chunk = docs[start:start + 900]
        values.update(db.execute(f"SELECT doc, {column} FROM search_docs WHERE doc IN"
                                 f" ({','.join('?' * len(chunk))})", chunk).fetchall())
    present = [d for d in docs if d in values]
    if column == "duration_s":
        present.sort(key=lambda d: (values[d] is not None, values[d] or 0.0, d))
    else:
        present.sort(key=lambda d: (values[d] or "", d))
    if sort in ("newest", "title_desc", "duration_desc"):
        present.reverse()
    return present


def _sorted(db: sqlite_utils.Database, q: Query, flt: SearchFilters, sort: str,
            limit: int | None, offset: int) -> list[int]:
    """Results in a column's order: sorted in memory when they are few; otherwise the
    sort's index is walked, keeping the docs in the (materialised) match set."""
    order, index, _ = _ORDER[sort]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    if q.has_text:
        source, params = _matches_sql(db, q.match(), flt)
    elif flt.empty and not q.excluded:
        sql = f"SELECT d.doc FROM search_docs d INDEXED BY {index} ORDER BY {order}{page}"
        return [r[0] for r in db.execute(sql)]
    else:
        source, params = _browse_sql(db, q, flt)
    few = [r[0] for r in db.execute(f"{source} LIMIT {SORT_IN_MEMORY_MAX + 1}", params)]
    if len(few) <= SORT_IN_MEMORY_MAX:
        ordered = _sort_few(db, few, sort)
        return ordered[offset:offset + limit] if limit is not None else ordered[offset:]
    if not q.has_text:
        if limit is None:  # every row: one scan and a sort beats walking the index
            sql = f"{source} ORDER BY {order}"
        else:
            sql = _browse_sql(db, q, flt, f"INDEXED BY {index}")[0] + f" ORDER BY {order}{page}"
        return [r[0] for r in db.execute(sql, params)]
    match = q.match()
    where, flt_params = where_sql(db, flt)
    cond = "".join(f" AND {w}" for w in where)
    if limit is None:  # every row: sorting the matches beats walking the whole index
        sql = (f"SELECT d.doc FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid"
               f" WHERE search_fts MATCH ?{cond} ORDER BY {order}")
        return [r[0] for r in db.execute(sql, [match, *flt_params])]
    if offset + limit <= PROBE_WALK // 10 and " *" not in match:
        # Dense matches, a first page: walk the first rows of the index and look each up in
        # the postings (no FTS5 prefix search here: it would merge postings at every row).
        found = _probe_walk(db, match, where, flt_params, order, index, offset + limit)
        if len(found) >= offset + limit:
            return found[offset:offset + limit]
    # Otherwise the matches become a temporary set that the index walk consults.
    sql = (f"SELECT d.doc FROM search_docs d INDEXED BY {index} WHERE d.doc IN"
           f" (SELECT rowid FROM search_fts WHERE search_fts MATCH ?){cond} ORDER BY {order}{page}")
    return [r[0] for r in db.execute(sql, [match, *flt_params])]


def _probe_walk(db: sqlite_utils.Database, match: str, where: list[str], params: list[Any],
                order: str, index: str, need: int) -> list[int]:
    """The first ``need`` docs in index order that ``match`` matches, looking at no more
    than PROBE_WALK index rows (fewer found: the caller uses another plan)."""
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    walk = db.execute(f"SELECT d.doc FROM search_docs d INDEXED BY {index}{cond} ORDER BY"
                      f" {order} LIMIT {PROBE_WALK}", params)
    found: list[int] = []
    while len(found) < need:
        chunk = [r[0] for r in walk.fetchmany(200)]
        if not chunk:
            break
        # rowid IN (...): FTS5 looks each one up in the postings of every word.
        hits = {r[0] for r in db.execute(
            f"SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid IN"
            f" ({','.join('?' * len(chunk))})", [match, *chunk])}
        found += [d for d in chunk if d in hits]
    return found[:need]


def ordered_docs(st: Station, query: str | Query, filters: SearchFilters | None = None,
                 sort: str = "rank") -> tuple[array[int], array[float] | None]:
    """Every result's doc number, in order (and the scores for rank): a result list that
    stays put while a view scrolls through it, fetched page by page with :func:`fetch`."""
    _check(st, sort)
    q = _as_query(query)
    flt = filters or SearchFilters()
    db = st.db
    if sort == "rank" and q.has_text:
        docs, scores = _ranked(db, q, flt, None, 0)
        return array("q", docs), array("d", scores)
    return array("q", _sorted(db, q, flt, "newest" if sort == "rank" else sort, None, 0)), None


def count(st: Station, query: str | Query = "", filters: SearchFilters | None = None, *,
          cap: int | None = None) -> int:
    """How many items match; with ``cap``, counting stops there (for "10,000+" labels)."""
    st.require(Right.LIBRARY_VIEW, "search")
    q = _as_query(query)
    flt = filters or SearchFilters()
    db = st.db
    if q.has_text:
        return _count_sql(db, *_matches_sql(db, q.match(), flt), cap)
    if q.empty and flt.empty and cap is None:
        return int(db.execute("SELECT count(*) FROM search_docs").fetchone()[0])
    return _count_sql(db, *_browse_sql(db, q, flt), cap)
