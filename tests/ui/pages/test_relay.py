"""The Relay tab of the Sync page, the Library's relay marks and the size cap in Settings,
driven as an admin would, over feeds served on loopback and the real core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from station import settings, users
from station.paths import DataDir
from station.station import Station
from sync import province_relay, relay, subscriptions
from tests.conftest import ADMIN_PASSWORD
from tests.support import podcast
from tests.support.feeds import Server, tone
from tests.support.window import WAIT, close_window_station, log_in, on_db, open_window, show_page
from ui.library.page import LibraryPage
from ui.pages.relay_tab import FEED_ID, RelayTab
from ui.pages.sync import SyncPage
from ui.settings.page import SettingsPage


def _province_feed(st: Station, hub_url: str, feed: str = "tin-tinh") -> list[str]:
    """The hub announced a relay item of ``feed``: the station takes the province's feed."""
    st.db.execute("INSERT INTO sync_remote (entity, entity_id, data) VALUES"
                  " ('relay_item', ?, ?)", [f"r-{feed}", json.dumps({"feed": feed})])
    return province_relay.ensure_feeds(st, hub_url)


def _rows(tree: Any) -> list[str]:
    return [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]


def _pick(tree: Any, text: str) -> None:
    tree.setCurrentItem(next(tree.topLevelItem(n) for n in range(tree.topLevelItemCount())
                             if tree.topLevelItem(n).text(0) == text))


def test_relay_tab_feeds_episodes_refresh_subscribe_remove(
        qtbot: Any, datadir: DataDir, tmp_path: Path, monkeypatch: Any) -> None:
    srv = podcast.serve(tmp_path, [1, 2], web_page=3)
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        subscriptions.subscribe_feed(st, f"{srv.url}/feed.rss", keep=5)
        subscriptions.refresh_feeds(st)
        _province_feed(st, "http://127.0.0.1:9")
    finally:
        st.close()
    win = open_window(qtbot, datadir, "en")
    try:
        log_in(qtbot, win, "admin")
        page = show_page(qtbot, win, SyncPage)
        page.tabs.setCurrentWidget(page.relay_tab)
        tab = page.relay_tab
        assert isinstance(tab, RelayTab) and tab.isVisibleTo(win)
        qtbot.waitUntil(lambda: len(_rows(tab.feeds)) == 2, timeout=WAIT)
        assert _rows(tab.feeds)[0] == "Tiếng nói Nông thôn"
        first = tab.feeds.topLevelItem(0)
        assert first.text(2) == "Subscribed" and first.text(3) == "5"
        assert first.text(5) == "2 added, 1 refused" and first.text(6) == "3 (2 downloaded)"
        assert len(first.text(4)) == len("dd/mm/yyyy hh:mm") and first.text(4)[2] == "/"
        _pick(tab.feeds, "Tiếng nói Nông thôn")
        qtbot.waitUntil(lambda: tab.episodes.topLevelItemCount() == 3, timeout=WAIT)
        states = {tab.episodes.topLevelItem(n).text(0): tab.episodes.topLevelItem(n)
                  for n in range(3)}
        assert states["Bản tin kỳ 1"].data(3, FEED_ID) == "downloaded"
        assert states["Bản tin kỳ 2"].text(1) == "02/03/2026 17:00"  # station time
        refused = states["Bản tin kỳ 3"]
        assert refused.data(3, FEED_ID) == "refused"
        assert refused.text(3).startswith("Refused: ") and "web page" in refused.text(3)
        assert tab.remove.isEnabled() and tab.why.text() == ""

        # A new episode is published; Refresh now brings it and says what it did.
        podcast.add(srv, tmp_path, [1, 2, 4], web_page=3)
        tab.refresh.click()
        qtbot.waitUntil(lambda: "Added: Bản tin kỳ 4" in tab.result.text(), timeout=WAIT)
        assert "1 new, 1 added, 0 resumed, 0 refused" in tab.result.text()
        assert tab.refresh.isEnabled()
        qtbot.waitUntil(lambda: tab.episodes.topLevelItemCount() == 4, timeout=WAIT)
        assert tab.episodes.topLevelItem(0).text(0) == "Bản tin kỳ 4"
        assert tab.episodes.topLevelItem(0).data(3, FEED_ID) == "downloaded"

        # The province's feed is read-only here, and says why.
        _pick(tab.feeds, "http://127.0.0.1:9/api/sync/v1/relay/tin-tinh.rss")
        province = tab.feeds.currentItem()
        assert province.text(2) == "Province" and province.text(4) == "never"
        assert not tab.remove.isEnabled() and "province" in tab.why.text()
        monkeypatch.setattr(RelayTab, "confirm_remove", lambda _self, _name: True)
        tab.remove_selected()  # even asked directly, nothing happens
        assert len(_rows(tab.feeds)) == 2

        # Subscribe: a refused address keeps the dialog open with the reason.
        dialog = tab.open_subscribe()
        dialog.url.setText("ftp://vov.example/feed.rss")
        dialog.submit()
        qtbot.waitUntil(lambda: "http://" in dialog.problem.text(), timeout=WAIT)
        assert dialog.isVisible()
        other = Server({})
        podcast.add(other, tmp_path, [5])
        dialog.url.setText(f"{other.url}/feed.rss")
        dialog.title_edit.setText("Thời sự VOV")
        dialog.keep.setValue(3)
        dialog.submit()
        qtbot.waitUntil(lambda: "Thời sự VOV" in _rows(tab.feeds), timeout=WAIT)
        assert not dialog.isVisible() and "Subscribed to" in tab.result.text()
        other.close()

        # Remove, confirmed: the feed goes, its items stay in the library.
        _pick(tab.feeds, "Thời sự VOV")
        tab.remove.click()
        qtbot.waitUntil(lambda: "Thời sự VOV" not in _rows(tab.feeds), timeout=WAIT)
        assert on_db(qtbot, win, lambda s: [f.title for f in subscriptions.list_feeds(s)
                                            if not f.province]) == ["Tiếng nói Nông thôn"]
    finally:
        close_window_station(qtbot, win)
        srv.close()


def test_library_marks_relay_items_and_admin_saves_the_cap(
        qtbot: Any, datadir: DataDir, tmp_path: Path) -> None:
    srv = Server({})
    audio = tone(tmp_path / "tin.wav", 0.5).read_bytes()
    srv.routes["/tin-tinh.wav"] = ("audio/wav", audio)
    srv.routes[province_relay.FEED_PATH.format(feed="tin-tinh")] = (
        "application/rss+xml", podcast.channel(srv.url, [
            podcast.item(srv.url, 2, len(audio), "tin-tinh.wav")]))
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        ids = _province_feed(st, srv.url)
        relay.refresh(st, None, only=ids)
        [item_id] = [r[0] for r in st.db.execute("SELECT item_id FROM relay_entries")]
    finally:
        st.close()
    win = open_window(qtbot, datadir, "en")
    try:
        log_in(qtbot, win, "admin")
        page = show_page(qtbot, win, LibraryPage)
        model = page.model
        qtbot.waitUntil(lambda: model.rowCount() >= 1 and model.item_id(0) == item_id,
                        timeout=WAIT)
        qtbot.waitUntil(lambda: model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
                        is not None, timeout=WAIT)
        assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == \
            "Bản tin kỳ 2 · Relay from “Tiếng nói Nông thôn”"
        assert model.index(0, 1).data(Qt.ItemDataRole.DecorationRole) is None
        page.table.selectRow(0)
        editor = page.editor
        qtbot.waitUntil(lambda: not editor.relay.isHidden(), timeout=WAIT)
        assert editor.relay.text() == \
            "Relay · from “Tiếng nói Nông thôn”, published 02/03/2026 17:00"
        assert "province" in editor.notice.text() and not editor.notice.isHidden()
        assert editor.title.isReadOnly() and not editor.save.isEnabled()

        # Settings › Relay feeds: the admin lowers the size cap; the core saves and audits.
        settings_page = show_page(qtbot, win, SettingsPage)
        box = settings_page.relay_box
        qtbot.waitUntil(lambda: box.isVisibleTo(win) and box.cap.value() == 500, timeout=WAIT)
        assert box.cap.suffix() == " MB"
        box.cap.setValue(120)
        box.save_button.click()
        qtbot.waitUntil(lambda: box.status.text().startswith("Saved"), timeout=WAIT)
        assert on_db(qtbot, win, lambda s: settings.RELAY_MAX_ENCLOSURE_MB.get(s.db)) == 120.0
        assert on_db(qtbot, win, lambda s: s.db.execute(
            "SELECT count(*) FROM audit WHERE action = 'settings.relay_max_enclosure'"
        ).fetchone()[0]) == 1
    finally:
        close_window_station(qtbot, win)
        srv.close()


def test_cancelled_refresh_leaves_a_partial_download(qtbot: Any, datadir: DataDir) -> None:
    srv = Server({})
    srv.endless["/dai.wav"] = "audio/wav"  # bytes until the client stops
    srv.routes["/feed.rss"] = ("application/rss+xml", podcast.channel(srv.url, [
        podcast.item(srv.url, 1, 10 * 1024 * 1024, "dai.wav")]))
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        subscriptions.subscribe_feed(st, f"{srv.url}/feed.rss")
    finally:
        st.close()
    win = open_window(qtbot, datadir, "en")
    try:
        log_in(qtbot, win, "admin")
        assert win.workspace is not None
        page = win.workspace.page(SyncPage)
        assert isinstance(page, SyncPage)
        tab = page.relay_tab
        qtbot.waitUntil(lambda: tab.feeds.topLevelItemCount() == 1, timeout=WAIT)
        state = tab.refresh_now()
        assert not tab.refresh.isEnabled()
        state.cancel()  # as the progress dialog's Cancel does once confirmed
        qtbot.waitUntil(lambda: tab.result.text().startswith("Refresh cancelled"),
                        timeout=WAIT)
        assert tab.refresh.isEnabled()
        qtbot.waitUntil(lambda: tab.episodes.topLevelItemCount() == 1, timeout=WAIT)
        episode = tab.episodes.topLevelItem(0)
        assert episode.data(3, FEED_ID) == "partial"
        assert episode.text(3).startswith("Partial: ")
    finally:
        close_window_station(qtbot, win)
        srv.close()
