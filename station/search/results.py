"""Search results: the hits for a list of doc numbers, with the matched words marked in the
title and in a snippet of the text (marks, đ and tone placement never matter)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from station.search.query import Query
from station.station import Station
from station.text import fold


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
