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

Modules, bottom up: ``filters`` (SearchFilters and their SQL), ``query`` (the query
language), ``results`` (hits and highlighting), ``index`` (keeping the index), ``run``
(search, count, ordered_docs), ``saved`` (saved searches). Import each name from its module.
"""
