"""Library search: FTS5 over folded text, tiered ranking, filters, sorts, saved searches.

Design, with the figures that chose it (1,000,000 generated Vietnamese items, SQLite 3.40,
this 2-core machine; bench/bench_search.py measures the result):

- **The index.** ``search_fts`` is a *contentless* FTS5 table (``content=''``): the text
  lives in ``items`` already, and the triggers hold the old values that a contentless
  table's ``delete`` needs. Three columns, for the ranking: ``title``; ``meta`` (series,
  speaker, tags, category, file name); ``text`` (description, body, notes).
  ``detail=full``: quoted phrases need token positions (``detail=column`` builds in 20 s /
  235 MB and ``none`` in 14 s / 85 MB, against 27 s / 381 MB, but neither answers a
  phrase). ``columnsize=0``: nothing reads per-row token counts (see ranking). No prefix
  index: ``prefix='2 3'`` made the index 2.4 times larger (913 MB) and the build 2.8 times
  longer; typed prefixes are handled below. FTS rowids spaced by creation time (so rowid
  order would be date order) made the index 45 % larger: rowids are dense, in insertion
  order.
- **Folding in SQL.** DESIGN.md's fold is NFC -> one tone placement -> no marks -> đ -> d ->
  casefold. The ``unicode61 remove_diacritics 2`` tokenizer strips every mark of every
  Vietnamese letter (all 144 vowel forms, NFC or NFD) and folds case; it keeps đ, so the
  triggers replace đ/Đ (and Ð, ß) in plain SQL. Every connection, whatever opened it, keeps
  the index right with no function to register; the query side folds with
  :func:`station.text.fold`, and the tests check both routes agree letter by letter.
- **search_docs.** One narrow row per item: the FTS rowid (``doc``) and what filters and
  sorts read (created_at, kind, category, language, duration, aired, retention,
  recorded_on, the Vietnamese title sort key, made in Python and filled in lazily). Filters
  scan it (about 140 ms for a million rows) rather than the wide ``items`` rows (300-500
  ms); sorts walk its indexes. It points at ``items.id``, not ``items.rowid``, which VACUUM
  may renumber.
- **Ranking.** FTS5's bm25() scores every matching row and first counts each term's
  documents: 340-640 ms for two-word queries matching 400k+ items, 30 ms or more even on a
  window of 2,000 rows. Instead a match falls in a tier, best first: the words as a phrase in
  the title (score 5); all the words in the title (4); all in title, series, speaker, tags or
  category (3); the phrase anywhere (2); the words anywhere (1). Within a tier, the most
  recently added first. Each tier is one plain FTS5 query walked in rowid order and cut at
  what the page still needs, so a dense top 50 costs about a millisecond; a sparse tier costs
  one pass over the rows that have all the words (15-20 ms for 15,000 of them).
- **Typed prefixes.** The last word (3 letters or more, no space after it) is a prefix.
  FTS5's own prefix search merges the postings of every matching term before the first row
  (20-40 ms for "binh*", paid again by each tier); instead the prefix becomes the
  Vietnamese syllables it can begin ("thon" -> thon OR thong), whose postings stream.
- **Other sorts** (newest, oldest, title, duration): up to SORT_IN_MEMORY_MAX matches are
  sorted; more, and a first page walks the sort's index looking each row up in the postings
  (3 ms for "hoa binh" by date), else the matches become a set that the index walk consults
  (70-150 ms for 485,000 matches).
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

import sqlite_utils

from station import settings
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.rights import Right
from station.station import Station
from station.text import LETTERS, fold, sort_key, syllables_starting_with

log = logging.getLogger(__name__)

PREFIX_MIN = 3  # the last word is a prefix from this many letters
MAX_ENDINGS = 40  # a prefix may stand for this many syllables, OR-ed
PROBE_WALK = 1_000  # index rows looked up one by one before a sort falls back to a set
SORTS = ("rank", "newest", "oldest", "title", "title_desc", "duration", "duration_desc")
KINDS = ("audio", "video", "image", "text")
# Up to this many matches, sorts other than rank sort the matches; above, they walk an index.
SORT_IN_MEMORY_MAX = 5_000


# -- filters ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchFilters:
    """What a result must also satisfy. Empty tuples and None mean "any".

    Dates: ``created_*`` take a day ``yyyy-mm-dd`` (the station's local day, whole day
    included at both ends) or a full ISO time in UTC; ``recorded_*`` take days.
    """

    categories: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    retention: tuple[str, ...] = ()
    aired: bool | None = None
    created_from: str | None = None
    created_to: str | None = None
    recorded_from: str | None = None
    recorded_to: str | None = None
    min_duration_s: float | None = None
    max_duration_s: float | None = None

    def __post_init__(self) -> None:
        for name in ("categories", "kinds", "languages", "retention"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = (value,)
            object.__setattr__(self, name, tuple(unicodedata.normalize("NFC", v) for v in value))

    @property
    def empty(self) -> bool:
        return self == SearchFilters()

    def to_json_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()
                if v not in ((), None)}

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> SearchFilters:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                  for k, v in data.items() if k in known}
        return cls(**values)


def _station_tz(db: sqlite_utils.Database) -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(settings.TIMEZONE.get(db))
    except Exception:  # no tz database (Windows without tzdata): Vietnam has no DST
        return timezone(timedelta(hours=7))


def _utc_bound(db: sqlite_utils.Database, text: str, end: bool) -> str:
    """A created_at bound: a local day's start (or the next day's start), or a UTC time."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text) + timedelta(days=1 if end else 0)
            moment = datetime.combine(day, time(), _station_tz(db))
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            if end:
                moment += timedelta(milliseconds=1)
    except ValueError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a date: {value}"),
                              value=text) from exc
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "not a date: {value}"),
                              value=text) from exc


def _where(db: sqlite_utils.Database, flt: SearchFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions over search_docs (alias d)."""
    parts: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: tuple[str, ...]) -> None:
        if values:
            parts.append(f"d.{column} IN ({','.join('?' * len(values))})")
            params.extend(values)

    any_of("category", flt.categories)
    any_of("kind", flt.kinds)
    any_of("language", flt.languages)
    any_of("retention", flt.retention)
    if flt.aired is not None:
        parts.append("d.aired = ?")
        params.append(1 if flt.aired else 0)
    if flt.created_from:
        parts.append("d.created_at >= ?")
        params.append(_utc_bound(db, flt.created_from, end=False))
    if flt.created_to:
        parts.append("d.created_at < ?")
        params.append(_utc_bound(db, flt.created_to, end=True))
    if flt.recorded_from:
        parts.append("d.recorded_on >= ?")
        params.append(_day(flt.recorded_from))
    if flt.recorded_to:
        parts.append("d.recorded_on <= ?")
        params.append(_day(flt.recorded_to))
    if flt.min_duration_s is not None:
        parts.append("d.duration_s >= ?")
        params.append(float(flt.min_duration_s))
    if flt.max_duration_s is not None:
        parts.append("d.duration_s <= ?")
        params.append(float(flt.max_duration_s))
    return parts, params


# -- the query language ------------------------------------------------------------------------

_QUOTES = '"“”„«»'
_OPERATORS = frozenset({"AND", "OR", "NEAR"})
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Unit:
    """A word or a quoted phrase, folded; ``prefix``: its last token may be a prefix."""

    text: str
    prefix: bool = False

    @property
    def tokens(self) -> list[str]:
        return _TOKEN.findall(self.text)

    def fts(self) -> str:
        """The FTS5 form. A prefix becomes the Vietnamese syllables it can begin, OR-ed:
        FTS5's own prefix search merges the postings of every matching term before the
        first row (20-40 ms for "binh*" at a million items, and again for each tier), and a
        prefix index costs a third more index and import time. A word that cannot begin a
        Vietnamese syllable (a name, a number) uses FTS5's prefix search from 4 letters."""
        if not self.prefix:
            return _quote(self.text)
        head, _, last = self.text.rpartition(" ")
        endings = syllables_starting_with(last)
        if not endings:  # not Vietnamese (a name, a number): FTS5's own prefix search
            return _quote(self.text) + (" *" if len(last) > PREFIX_MIN else "")
        if len(endings) > MAX_ENDINGS:  # "ngh": wait for another letter
            return _quote(self.text)
        phrases = [_quote(f"{head} {e}" if head else e) for e in endings]
        return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class Query:
    """A parsed search: words and phrases that must all match, and words that must not.

    The syntax an archivist expects: words are AND-ed; "quoted phrases"; -word or NOT word
    excludes; the last word matches as a prefix (as you type); case, marks, đ and tone
    placement never matter. Anything else (unbalanced quotes, NEAR/OR/*, lone
    punctuation) is read as plain words and can never become an FTS5 syntax error.
    """

    units: tuple[Unit, ...] = ()
    excluded: tuple[Unit, ...] = ()

    @property
    def has_text(self) -> bool:
        return bool(self.units)

    @property
    def empty(self) -> bool:
        return not self.units and not self.excluded

    def terms(self) -> tuple[frozenset[str], str | None]:
        """Folded tokens to highlight, and the prefix that the last one may be."""
        tokens = [t for u in self.units for t in u.tokens]
        prefix = tokens[-1] if self.units and self.units[-1].prefix and tokens else None
        return frozenset(tokens), prefix

    def _all(self) -> str:
        return " AND ".join(u.fts() for u in self.units)

    def _phrase(self) -> str | None:
        """All the words as one phrase, when that differs from the words AND-ed."""
        if sum(len(u.tokens) for u in self.units) < 2 or len(self.units) < 2:
            return None
        text = " ".join(" ".join(u.tokens) for u in self.units)
        return Unit(text, self.units[-1].prefix).fts()

    def _without(self, expr: str) -> str:
        for unit in self.excluded:
            expr = f"({expr}) NOT {_quote(unit.text)}"
        return expr

    def match(self) -> str:
        """The FTS5 expression for every result (empty when there are no words)."""
        return self._without(self._all()) if self.units else ""

    def exclusion(self) -> str:
        return " OR ".join(_quote(u.text) for u in self.excluded)

    def reaches(self) -> list[tuple[float, str]]:
        """(score, FTS5 expression) for each tier, best first, without excluding the tiers
        before: tier k is its expression's matches less those of every tier before it.
        Plain expressions are cheaper for FTS5 than the NOT chains of :meth:`tiers`."""
        if not self.units:
            return []
        words = f"({self._all()})"
        phrase = self._phrase()
        reaches = [(5.0, f"{{title}} : {phrase}")] if phrase else []
        reaches += [(4.0, f"{{title}} : {words}"), (3.0, f"{{title meta}} : {words}")]
        reaches += [(2.0, phrase)] if phrase else []
        reaches.append((1.0, words))
        return [(score, self._without(expr)) for score, expr in reaches]

    def tiers(self) -> list[tuple[float, str]]:
        """(score, FTS5 expression) for each tier, best first; the tiers do not overlap."""
        if not self.units:
            return []
        words = f"({self._all()})"
        phrase = self._phrase()
        title = f"{{title}} : {words}"
        named = f"{{title meta}} : {words}"
        tiers: list[tuple[float, str]] = []
        if phrase:
            tiers.append((5.0, f"{{title}} : {phrase}"))
            tiers.append((4.0, f"({title}) NOT ({{title}} : {phrase})"))
        else:
            tiers.append((4.0, title))
        tiers.append((3.0, f"({named}) NOT ({title})"))
        if phrase:
            tiers.append((2.0, f"({phrase}) NOT ({named})"))
            tiers.append((1.0, f"({words}) NOT ({named}) NOT ({phrase})"))
        else:
            tiers.append((1.0, f"({words}) NOT ({named})"))
        return [(score, self._without(expr)) for score, expr in tiers]


def parse_query(text: str) -> Query:
    """Read what the user typed (see :class:`Query`)."""
    text = unicodedata.normalize("NFC", text or "")
    units: list[Unit] = []
    excluded: list[Unit] = []
    i, n = 0, len(text)
    negate_next = False
    last_open = False  # the last unit ran to the end of the text (still being typed)
    last_quoted = False
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = negate_next
        negate_next = False
        if ch in "-−" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in _QUOTES):
            negate, i = True, i + 1
            ch = text[i]
        if ch in _QUOTES:
            end = next((j for j in range(i + 1, n) if text[j] in _QUOTES), n)
            raw, quoted = text[i + 1:end], True
            last_open = end == n
            i = end + 1
        else:
            end = next((j for j in range(i, n) if text[j].isspace() or text[j] in _QUOTES), n)
            raw, quoted = text[i:end], False
            last_open = end == n
            i = end
            if raw == "NOT":
                negate_next = True
                continue
            if raw in _OPERATORS:
                continue
            if raw.startswith("NEAR("):
                raw = raw[5:]
        folded = fold(raw)
        tokens = _TOKEN.findall(folded)
        if not tokens:
            continue
        unit = Unit(" ".join(tokens))
        if not quoted and raw.endswith("*") and len(tokens[-1]) >= PREFIX_MIN:
            unit = Unit(unit.text, prefix=True)
        if quoted and not negate:
            unit = Unit(unit.text, prefix=last_open)  # an unclosed quote: still typing
        (excluded if negate else units).append(unit)
        last_quoted = quoted and not negate
    # As you type: the last word is a prefix once it has PREFIX_MIN letters (shorter ones
    # stand for too many words to be of use). A space after it ends it.
    if (units and last_open and not units[-1].prefix and not last_quoted
            and len(units[-1].tokens[-1]) >= PREFIX_MIN):
        units[-1] = Unit(units[-1].text, prefix=True)
    return Query(tuple(units), tuple(excluded))


# -- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """One item in a result list. ``title_spans`` and ``snippet_spans`` are (start, end)
    character ranges of the matched words, for bold text in a view."""

    id: str
    title: str
    kind: str
    category: str
    duration_s: float | None
    created_at: str
    created_by: str
    language: str = "vi"
    aired: bool = False
    retention: str = "standard"
    score: float = 0.0
    snippet: str = ""
    title_spans: tuple[tuple[int, int], ...] = ()
    snippet_spans: tuple[tuple[int, int], ...] = ()
    doc: int = field(default=0, compare=False, repr=False)

    def to_json_dict(self) -> dict[str, object]:
        return {"id": self.id, "title": self.title, "kind": self.kind,
                "category": self.category, "duration_s": self.duration_s,
                "created_at": self.created_at, "created_by": self.created_by,
                "language": self.language, "aired": self.aired, "retention": self.retention,
                "score": self.score, "snippet": self.snippet}


_HIT_SQL = ("SELECT d.doc, i.id, i.title, i.kind, i.category, i.duration_s, i.created_at,"
            " i.created_by, i.language, d.aired, i.retention{extra}"
            " FROM search_docs d JOIN items i ON i.id = d.item_id WHERE d.doc IN ({marks})")


def fetch(st: Station, docs: Sequence[int], query: Query | None = None,
          scores: Sequence[float] | None = None) -> list[Hit]:
    """The hits for ``docs``, in that order (docs of deleted items are skipped)."""
    if not docs:
        return []
    found: dict[int, tuple[Any, ...]] = {}
    want_text = query is not None and query.has_text
    extra = ", i.description, substr(coalesce(i.body, ''), 1, 2000)" if want_text else ""
    for start in range(0, len(docs), 500):
        chunk = list(docs[start:start + 500])
        sql = _HIT_SQL.format(extra=extra, marks=",".join("?" * len(chunk)))
        for row in st.db.execute(sql, chunk):
            found[row[0]] = row
    terms = query.terms() if want_text and query is not None else (frozenset(), None)
    hits = []
    for pos, doc in enumerate(docs):
        row = found.get(doc)
        if row is None:
            continue
        score = scores[pos] if scores is not None else 0.0
        snippet = ""
        snippet_spans: tuple[tuple[int, int], ...] = ()
        title_spans: tuple[tuple[int, int], ...] = ()
        if want_text:
            title_spans = _spans(row[2], *terms)
            snippet, snippet_spans = _snippet(row[11] or row[12] or "", *terms)
        hits.append(Hit(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                        bool(row[9]), row[10], score, snippet, title_spans, snippet_spans,
                        doc=row[0]))
    return hits


def _letter_classes() -> dict[str, str]:
    """For each folded letter or digit, a regex class of every letter that folds to it
    (a: aàáảãạăằắẳẵặâầấẩẫậ and capitals; d: dđĐ...)."""
    groups: dict[str, list[str]] = {}
    for code in range(0x30, 0x2000):
        ch = chr(code)
        if ch.isalnum():
            folded = fold(ch)
            if len(folded) == 1 and folded.isascii():
                groups.setdefault(folded, []).append(ch)
    return {k: "[" + re.escape("".join(v)) + "]" for k, v in groups.items()}


_CLASSES = _letter_classes()


@functools.lru_cache(maxsize=64)
def _highlighter(terms: frozenset[str], prefix: str | None) -> re.Pattern[str] | None:
    """A regex that finds the query's words in unfolded text, marks and all."""
    def pattern(term: str) -> str:
        return "".join(_CLASSES.get(c, re.escape(c)) for c in term)

    words = [pattern(t) + r"(?!\w)" for t in sorted(terms, key=len, reverse=True)]
    if prefix:
        words.insert(0, pattern(prefix) + r"\w*")
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + ")") if words else None


def _spans(text: str, terms: frozenset[str], prefix: str | None) -> tuple[tuple[int, int], ...]:
    found = _highlighter(terms, prefix)
    return tuple(m.span() for m in found.finditer(text)) if found else ()


def _snippet(text: str, terms: frozenset[str], prefix: str | None,
             width: int = 160) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About ``width`` characters of ``text`` around its first match, and the match spans."""
    if not text:
        return "", ()
    found = _highlighter(terms, prefix)
    first = found.search(text) if found else None
    start = 0
    if first is not None:
        start = max(0, first.start() - width // 3)
        start = text.rfind(" ", 0, start + 1) + 1  # from a word's start (or the text's)
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = " ".join(text[start:end].split())
    snippet = ("… " if start > 0 else "") + piece + (" …" if end < len(text) else "")
    return snippet, _spans(snippet, terms, prefix)


# -- running a search --------------------------------------------------------------------------

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
    where, params = _where(db, flt)
    if not where:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [expr]
    return ("SELECT search_fts.rowid FROM search_fts JOIN search_docs d ON d.doc = search_fts.rowid"
            " WHERE search_fts MATCH ? AND " + " AND ".join(where), [expr, *params])


def _browse_sql(db: sqlite_utils.Database, q: Query, flt: SearchFilters,
                index: str = "NOT INDEXED") -> tuple[str, list[Any]]:
    """Every item (no words) that passes the filters and the exclusions (no order)."""
    where, params = _where(db, flt)
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
    where, flt_params = _where(db, flt)
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


# -- keeping the index -----------------------------------------------------------------------

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
                   " FROM items i ORDER BY i.created_at, i.rowid")
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


# -- saved searches ------------------------------------------------------------------------------

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
    query = unicodedata.normalize("NFC", query).strip()
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
