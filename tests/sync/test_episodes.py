"""What the Relay tab reads of a feed: episodes with their download state (a cut download
shows what it holds), stored reasons typed again for the UI, a relay item's feed, and the
size cap saved by an admin only, audited."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from media.analysis import MediaError
from station import settings, users
from station.errors import PermissionDenied, StationError, ValidationError
from station.station import Station
from sync import episodes, feeds, relay, subscriptions
from sync.errors import QT_TRANSLATE_NOOP, FeedRefused, Problem, typed_json
from tests.support import podcast


def test_episodes_states_and_origin(station: Station, tmp_path: Path) -> None:
    srv = podcast.serve(tmp_path, [1, 2], web_page=3)
    try:
        feed = subscriptions.subscribe_feed(station, f"{srv.url}/feed.rss", keep=5)
        subscriptions.refresh_feeds(station)
        found = {e.title: e for e in episodes.episodes(station, feed.id)}
        assert [e.title for e in episodes.episodes(station, feed.id)] == \
            ["Bản tin kỳ 3", "Bản tin kỳ 2", "Bản tin kỳ 1"]  # newest first
        assert found["Bản tin kỳ 1"].state == "downloaded" and found["Bản tin kỳ 1"].item_id
        refused = found["Bản tin kỳ 3"]
        assert refused.state == "refused" and "web page" in refused.reason
        typed = episodes.reason_of(refused.reason, refused.reason_typed)
        assert isinstance(typed, FeedRefused) and "web page" in typed.template
        assert typed.params["url"] == f"{srv.url}/ky-3.wav"
        # A download cut halfway: its part file is what the tab shows.
        station.db.execute("UPDATE relay_entries SET status = 'pending', last_error = ''"
                           " WHERE feed_id = ? AND guid = 'ban-tin-3'", [feed.id])
        part = relay.part_file(station, feed.id, "ban-tin-3")
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"\0" * ((refused.length or 0) // 2))
        cut = {e.guid: e for e in episodes.episodes(station, feed.id)}["ban-tin-3"]
        assert cut.state == "partial" and cut.have == (refused.length or 0) // 2
        part.write_bytes(b"\0" * 10)
        cut = {e.guid: e for e in episodes.episodes(station, feed.id)}["ban-tin-3"]
        assert cut.percent == 10 * 100 // (refused.length or 1)
        item_id = found["Bản tin kỳ 2"].item_id or ""
        origin = episodes.origins(station, [item_id, "no-such-item"])
        assert list(origin) == [item_id] and not origin[item_id].province
        assert origin[item_id].feed_title == "Tiếng nói Nông thôn"
        assert origin[item_id].published_at == "2026-03-02T10:00:00Z"
        assert episodes.relay_items(station) == {found["Bản tin kỳ 1"].item_id:
                                                 "Tiếng nói Nông thôn",
                                                 item_id: "Tiếng nói Nông thôn"}
    finally:
        srv.close()


def _refusal_templates() -> set[str]:
    """Every "... was refused" template the relay modules raise (read from their source)."""
    found = set()
    for module in ("relay", "feeds", "media"):
        tree = ast.parse((Path(__file__).parents[2] / "sync" / f"{module}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == \
                    "QT_TRANSLATE_NOOP" and len(node.args) == 2:
                text = node.args[1]
                if isinstance(text, ast.Constant) and " was refused" in str(text.value):
                    found.add(str(text.value))
    return found


def test_every_refusal_is_typed_again() -> None:
    """What relay stores beside each English refusal gives the same error back, typed (the
    window words it in Vietnamese); a reason stored before that stays its sentence."""
    templates = _refusal_templates()
    assert len(templates) >= 10
    for template in templates:
        params = {"url": "https://vov.vn/a.mp3", "reason": "ParseError", "status": 404,
                  "size": 5, "mime": "text/html", "length": 9, "have": 3}
        refused = FeedRefused(template, **params)
        typed = episodes.reason_of(str(refused), typed_json(refused))
        assert isinstance(typed, FeedRefused)
        assert typed.template == template and str(typed) == str(refused)
    cut = FeedRefused(next(t for t in templates if "web page" in t), url="https://x/a")
    not_imported = Problem(QT_TRANSLATE_NOOP("sync", "the relay item “{title}” was not "
                                                     "imported: {reason}"),
                           title="Kỳ 1", reason=cut)
    nested = episodes.reason_of(str(not_imported), typed_json(not_imported))
    assert isinstance(nested.params["reason"], FeedRefused)
    assert str(nested) == str(not_imported)
    damaged = MediaError(QT_TRANSLATE_NOOP("media", "cannot decode {path}"), path="a.mp3")
    assert isinstance(episodes.reason_of(str(damaged), typed_json(damaged)), MediaError)
    odd = episodes.reason_of("something else")
    assert isinstance(odd, StationError) and str(odd) == "something else"
    assert str(episodes.reason_of("old", "not json")) == "old"


def test_size_cap_needs_the_settings_right_and_is_audited(station: Station) -> None:
    feeds.set_max_enclosure_mb(station, 120)
    assert settings.RELAY_MAX_ENCLOSURE_MB.get(station.db) == 120.0
    assert feeds.max_enclosure_bytes(station) == 120 * 1024 * 1024
    row = station.db.execute("SELECT detail FROM audit WHERE action ="
                             " 'settings.relay_max_enclosure'").fetchone()
    assert row is not None and json.loads(row[0]) == {"from_mb": 500.0, "to_mb": 120.0}
    for bad in (0, 5000):
        with pytest.raises(ValidationError):
            feeds.set_max_enclosure_mb(station, bad)
    users.login(station, "truongdai", "truongdai-password")  # a chief: no settings right
    with pytest.raises(PermissionDenied):
        feeds.set_max_enclosure_mb(station, 50)
    assert settings.RELAY_MAX_ENCLOSURE_MB.get(station.db) == 120.0
