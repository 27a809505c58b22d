"""Keeping the search index: the SQL that fills search_docs and search_fts from items, a
full rebuild, segment merging, and the title sort keys made lazily in Python."""

from __future__ import annotations

from station.changes import Changes
from station.rights import Right
from station.station import Station
from station.text import LETTERS, sort_key


def update_title_keys(st: Station, batch: int = 5000) -> int:
    """Make the title sort keys that new or renamed items still lack; returns how many."""
    db = st.db
    done = 0
    while True:
        rows = db.execute(
            "SELECT d.doc, i.title FROM search_docs d INDEXED BY search_docs_title"
            " JOIN items i ON i.id = d.item_id WHERE d.title_key IS NULL LIMIT ?", [batch]
        ).fetchall()
        if not rows:
            return done
        with db.atomic():
            db.conn.executemany("UPDATE search_docs SET title_key = ? WHERE doc = ?",
                                [(sort_key(title), doc) for doc, title in rows])
        done += len(rows)


def _fold_sql(expr: str) -> str:
    for letter, plain in LETTERS.items():
        expr = f"replace({expr}, '{letter}', '{plain}')"
    return expr


# The same text as the m0002 triggers index; reindex() rebuilds with it.
FTS_COLUMNS_SQL = ", ".join((
    _fold_sql("i.title"),
    _fold_sql("i.series || ' ' || i.speaker || ' ' || i.tags || ' ' || i.category || ' ' || "
              "i.source_name"),
    _fold_sql("i.description || ' ' || coalesce(i.body, '') || ' ' || i.notes"),
))
DOC_COLUMNS = ("item_id, created_at, kind, category, language, duration_s, aired, retention,"
               " recorded_on")
DOC_VALUES_SQL = ("i.id, i.created_at, i.kind, i.category, i.language, i.duration_s,"
                  " i.first_aired_at IS NOT NULL, i.retention, i.recorded_on")


def reindex(st: Station) -> Changes:
    """Rebuild search_docs and the FTS index from items (after a repair, or a change of the
    folding). Doc numbers follow created_at, so rank ties go newest first again."""
    st.require(Right.LIBRARY_EDIT, "reindex")
    db = st.db
    with db.atomic():
        db.execute("DELETE FROM search_docs")
        db.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        db.execute(f"INSERT INTO search_docs ({DOC_COLUMNS}) SELECT {DOC_VALUES_SQL}"
                   " FROM items i WHERE i.id NOT IN (SELECT item_id FROM item_bin)"  # binned: out
                   " ORDER BY i.created_at, i.rowid")
        db.execute(f"INSERT INTO search_fts (rowid, title, meta, text) SELECT d.doc,"
                   f" {FTS_COLUMNS_SQL} FROM search_docs d JOIN items i ON i.id = d.item_id")
        items = db.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        st.audit("search.reindex", "search", "", {"items": items})
    optimize(st)
    update_title_keys(st)
    return Changes(library=True, audit=True)


def optimize(st: Station) -> None:
    """Merge the FTS5 segments into one (after a bulk import; queries get faster)."""
    db = st.db
    with db.atomic():
        db.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
