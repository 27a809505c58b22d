"""The search query language: what the user typed, read into words, phrases, exclusions and a
typed prefix, and turned into FTS5 expressions (one per ranking tier)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from station.text import fold, syllables_starting_with

PREFIX_MIN = 3  # the last word is a prefix from this many letters
MAX_ENDINGS = 40  # a prefix may stand for this many syllables, OR-ed
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
