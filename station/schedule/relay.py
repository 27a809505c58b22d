"""Relay slots: the rule saying which episode of a feed a relay slot plays, and the pick.

A relay slot names a feed (its id, address, or the province's name for it) or one entry of a
feed (its guid or enclosure address). With a feed, the slot's rule chooses among the episodes
downloaded (``relay_entries`` imported by sync/relay.py or a USB bundle): the newest one
that matches. The rule is short text, stored with the slot and sealed with it:

- ``newest`` (or empty): the newest episode;
- ``after HH:MM``: published at or after that time of the air day (the station's zone);
- ``within N h``: published in the N hours before the air time;
- ``title TEXT``: its title contains TEXT (marks and case ignored);

joined with ``;`` (``after 17:00; title Thời sự``); what a Vietnamese editor types reads the
same (``mới nhất``, ``sau 17:00``, ``trong 6 giờ``, ``tiêu đề ...``). The air time is the
session's start (a slot's own start depends on what plays before it, which a rule must not
depend on), and an episode published after the session's end is not one it could have aired.

When nothing matches, :func:`pick` says why as a stable code with params and an English
template (context "playout") that the UI translates and the as-run keeps.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from station.clock import fmt_date, fmt_time, local_dt, parse_clock, parse_iso, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.station import Station
from station.text import fold, nfc

MAX_WITHIN_H = 24 * 14  # a rule reaching further back than two weeks is a typing mistake
_WITHIN = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:h|gio)?$")
# The words of a rule, folded (station.text.fold): English, and what a Vietnamese editor
# types in a spreadsheet ("sau 17:00", "trong 6 giờ", "tiêu đề Thời sự", "mới nhất").
_KEYWORDS = {"newest": ("newest", "moi nhat"), "after": ("after", "sau"),
             "within": ("within", "trong"), "title": ("title", "tieu de")}

# The plan's short reasons (Event.problem; the On Air page translates them).
NOT_DOWNLOADED = QT_TRANSLATE_NOOP("playout", "the relay is not downloaded")
NO_MATCH = QT_TRANSLATE_NOOP("playout", "no relay episode matches the slot's rule")

# The as-run's reasons: code -> English template (params in braces).
REASONS = {
    "relay.no_feed": QT_TRANSLATE_NOOP("playout", "relay: no feed or episode named {ref}"),
    "relay.none": QT_TRANSLATE_NOOP("playout", "relay: no episode of {feed} has arrived"),
    "relay.none_after": QT_TRANSLATE_NOOP("playout", "relay: no episode of {feed} published "
                                                     "after {after} {day}"),
    "relay.none_within": QT_TRANSLATE_NOOP("playout", "relay: no episode of {feed} published in "
                                                      "the {hours} hours before {time} {day}"),
    "relay.none_rule": QT_TRANSLATE_NOOP("playout", "relay: no episode of {feed} matches "
                                                    "“{rule}”"),
    "relay.incomplete": QT_TRANSLATE_NOOP("playout", "relay: “{title}” of {feed} is not fully "
                                                     "downloaded"),
}


@dataclass(frozen=True)
class RelayRule:
    """Which episode of the feed: the newest one published after ``after`` on the air day,
    within ``within_h`` hours before air, with ``title`` in its title (each optional)."""

    after: time | None = None
    within_h: float | None = None
    title: str = ""

    @property
    def text(self) -> str:
        """The canonical text (what is stored, exported and sealed); '' for the newest."""
        parts = []
        if self.after is not None:
            parts.append(f"after {self.after:%H:%M}")
        if self.within_h is not None:
            parts.append(f"within {self.within_h:g}h")
        if self.title:
            parts.append(f"title {self.title}")
        return "; ".join(parts)

    def since(self, air_at: datetime, st: Station) -> datetime | None:
        """The earliest publication time the rule accepts for a slot aired at ``air_at``."""
        bounds = []
        if self.after is not None:
            tz = zone(st)
            bounds.append(local_dt(air_at.astimezone(tz).date(), self.after, tz))
        if self.within_h is not None:
            bounds.append(air_at - timedelta(hours=self.within_h))
        return max(bounds) if bounds else None


def _keyword(part: str) -> tuple[str, str]:
    """(the English keyword, the rest) of one part of a rule, typed in English or Vietnamese."""
    folded = fold(part)
    for word, spellings in _KEYWORDS.items():
        for spelling in spellings:
            if folded == spelling or folded.startswith(spelling + " "):
                n = len(spelling.split())
                return word, " ".join(part.split(maxsplit=n)[n:]).strip()
    return "", part


def parse_rule(text: str | None) -> RelayRule:
    """A rule from its text (see the module); a clear error for anything else."""
    after: time | None = None
    within: float | None = None
    title = ""
    for part in (" ".join(p.split()) for p in nfc(text).split(";")):
        word, rest = _keyword(part)
        hours = _WITHIN.match(fold(rest)) if word == "within" else None
        if not part or (word == "newest" and not rest):
            continue
        if word == "after" and rest:
            after = parse_clock(rest)
        elif hours:
            within = float(hours[1].replace(",", "."))
            if not 0 < within <= MAX_WITHIN_H:
                raise ValidationError(QT_TRANSLATE_NOOP(
                    "errors", "a relay rule's hours must be more than 0 and at most {hours}"),
                    hours=MAX_WITHIN_H)
        elif word == "title" and rest:
            title = rest.strip("\"“”'")
        else:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "errors", "not a relay rule: {value} (use newest, after HH:MM, within N h, "
                          "title TEXT, joined with ;)"), value=part)
    return RelayRule(after, within, title)


def canonical(text: str | None) -> str:
    """The stored form of a rule typed by someone (checked)."""
    return parse_rule(text).text


@dataclass(frozen=True)
class Feed:
    id: str
    name: str  # its title, else the province's name for it, else its address


def find_feed(st: Station, ref: str | None) -> Feed | None:
    """The feed a slot names by its id, address or the province's name for it."""
    if not ref:
        return None
    row = st.db.execute("SELECT id, title, province_feed, url FROM relay_feeds"
                        " WHERE id = ? OR url = ? OR province_feed = ? LIMIT 1",
                        [ref, ref, ref]).fetchone()
    return None if row is None else Feed(str(row[0]), str(row[1] or row[2] or row[3]))


@dataclass(frozen=True)
class Pick:
    """What a relay slot plays (``item_id``), or why nothing (``problem`` for the plan,
    ``code`` and ``params`` for the as-run)."""

    item_id: str | None
    problem: str = ""
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English reason (the UI translates REASONS[code] instead)."""
        return REASONS[self.code].format(**self.params) if self.code else ""

    def reason_json(self) -> str:
        """What the as-run keeps: the code, its params and the English text."""
        if not self.code:
            return ""
        return json.dumps({"code": self.code, "params": self.params, "text": self.message},
                          ensure_ascii=False, sort_keys=True)


def _published(value: str | None, fallback: str) -> datetime:
    return parse_iso(value or fallback)


def pick(st: Station, ref: str | None, rule_text: str, air_at: datetime,
         until: datetime | None = None) -> Pick:
    """The newest downloaded episode that the slot (``ref`` and its rule) may play at
    ``air_at`` (published by ``until``, the session's end: a later one did not exist yet);
    an entry named by guid or address plays whatever the rule says."""
    if not ref:
        return Pick(None, NOT_DOWNLOADED, "relay.no_feed", {"ref": ""})
    row = st.db.execute("SELECT e.item_id, e.status, e.title, f.title, f.province_feed, f.url"
                        " FROM relay_entries e JOIN relay_feeds f ON f.id = e.feed_id"
                        " WHERE e.guid = ? OR e.url = ?"
                        " ORDER BY e.status = 'imported' DESC LIMIT 1", [ref, ref]).fetchone()
    feed = find_feed(st, ref)
    if row is not None and feed is None:
        if row[1] == "imported" and row[0] and _exists(st, row[0]):
            return Pick(str(row[0]))
        return Pick(None, NOT_DOWNLOADED, "relay.incomplete",
                    {"title": row[2] or ref, "feed": row[3] or row[4] or row[5]})
    if feed is None:  # maybe an entry still to come: the checks warn about the name
        return Pick(None, NOT_DOWNLOADED, "relay.no_feed", {"ref": ref})
    try:
        rule = parse_rule(rule_text)
    except ValidationError:  # stored rules are checked; an old or hand-made one plays newest
        rule = RelayRule()
    since = rule.since(air_at, st)
    wanted = fold(rule.title) if rule.title else ""
    waiting = None
    for item_id, status, title, published, created in st.db.execute(
            "SELECT e.item_id, e.status, e.title, e.published_at, e.created_at"
            " FROM relay_entries e WHERE e.feed_id = ?"
            " ORDER BY coalesce(e.published_at, e.created_at) DESC, e.created_at DESC LIMIT 500",
            [feed.id]).fetchall():
        when = _published(published, created)
        if until is not None and when > until:
            continue  # published after the session: not what it aired
        if since is not None and when < since:
            break  # newest first: the rest are older still
        if wanted and wanted not in fold(title or ""):
            continue
        if status == "imported" and item_id and _exists(st, item_id):
            return Pick(str(item_id))
        if status == "pending" and waiting is None:
            waiting = title or ""
    if waiting is not None:
        return Pick(None, NOT_DOWNLOADED, "relay.incomplete",
                    {"title": waiting, "feed": feed.name})
    tz = zone(st)
    day = fmt_date(air_at, tz)
    if rule.title or (rule.after is not None and rule.within_h is not None):
        return Pick(None, NO_MATCH, "relay.none_rule", {"feed": feed.name, "rule": rule.text})
    if rule.after is not None:
        return Pick(None, NO_MATCH, "relay.none_after",
                    {"feed": feed.name, "after": fmt_time(rule.after, seconds=False), "day": day})
    if rule.within_h is not None:
        return Pick(None, NO_MATCH, "relay.none_within",
                    {"feed": feed.name, "hours": f"{rule.within_h:g}",
                     "time": fmt_time(air_at, tz), "day": day})
    return Pick(None, NOT_DOWNLOADED, "relay.none", {"feed": feed.name})


def _exists(st: Station, item_id: str) -> bool:
    return st.db.execute("SELECT 1 FROM items WHERE id = ?", [item_id]).fetchone() is not None
