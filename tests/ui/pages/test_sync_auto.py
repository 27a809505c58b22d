"""The Sync page and its service with the real hub on loopback behind the fault proxy: sync
by itself at start and within 5 s of the link coming back, Pause/Resume, the bandwidth cap
and upload hours set from the page, and clashes shown with a choice of the value to keep."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from station import settings, users
from station.library import items as library
from station.library import metadata
from station.paths import DataDir
from station.station import Station
from sync import outbox
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from sync.token import save_token
from tests.conftest import ADMIN_PASSWORD
from tests.support.hub import hub_file
from tests.support.library import MB, add_media_item
from tests.support.sync import fast, second_station
from tests.support.window import WAIT, on_db
from tests.support.window import close_window_station as _close
from tests.support.window import open_window as _open
from ui import words


def _prepare(datadir: DataDir, proxy: FaultProxy, token: str) -> None:
    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        settings.SYNC_HUB_URL.set(st.db, proxy.url)
        fast(st)
        save_token(st.datadir, proxy.url, token)
    finally:
        st.close()


def _logged_in(qtbot: Any, datadir: DataDir) -> Any:
    from ui.pages.sync import SyncPage

    win = _open(qtbot, datadir)
    qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                    timeout=WAIT)
    win.login_panel.user.setCurrentText("admin")
    win.login_panel.password.setText(ADMIN_PASSWORD)
    win.login_panel.button.click()
    qtbot.waitUntil(lambda: win.workspace is not None and win.sync is not None, timeout=WAIT)
    page = win.workspace.page(SyncPage)
    assert isinstance(page, SyncPage)
    return win, page


def test_syncs_by_itself_link_back_within_5s_pause_resume(
        qtbot: Any, datadir: DataDir, hub: HubProcess, token: str, proxy: FaultProxy) -> None:
    _prepare(datadir, proxy, token)
    win, page = _logged_in(qtbot, datadir)
    try:
        service = win.sync
        # At start: the service finds the link and syncs with no click.
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert service.last_report.ok and service.link is True

        # The link drops: the page says so; work goes on and waits.
        proxy.set_link(False)
        qtbot.waitUntil(lambda: service.link is False, timeout=WAIT)
        assert page.link.text() and proxy.url not in page.link.text()
        on_db(qtbot, win, lambda s: library.add_text(s, "Tin lúc mất mạng", "Nội dung"))
        started: list[float] = []
        service.state_changed.connect(lambda s: s["running"] and started.append(
            time.monotonic()))
        service.last_report = None
        back = time.monotonic()
        proxy.set_link(True)
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert started and started[0] - back < 5.0, started[0] - back
        assert service.last_report.ok and service.last_report.pushed >= 1

        # Pause stops a run at once; nothing starts while paused, even when the link returns.
        size = 3 * MB
        _item, sha = on_db(qtbot, win, lambda s: add_media_item(s, "Phóng sự dài", size))
        proxy.rate_bps = 1 * MB
        moving: list[Any] = []
        service.transfer.connect(moving.append)
        service.last_report = None
        page.now.click()
        qtbot.waitUntil(lambda: any(t.direction == "up" and t.done > 0 for t in moving),
                        timeout=WAIT)
        page.pause.click()
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert not service.last_report.ok
        assert any("cancelled" in str(e) for e in service.last_report.errors)
        assert service.paused and page.pause.isChecked() and not hub_file(hub, sha).exists()
        sent_before = proxy.bytes_up
        service.last_report = None
        proxy.set_link(False)
        qtbot.waitUntil(lambda: service.link is False, timeout=WAIT)
        proxy.set_link(True)
        qtbot.waitUntil(lambda: service.link is True, timeout=WAIT)
        qtbot.wait(500)
        assert not service.running and service.last_report is None

        # Resume syncs at once and goes on from where the upload stopped.
        proxy.rate_bps = 0
        page.pause.click()
        assert not service.paused
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert service.last_report.ok and service.last_report.uploaded == 1
        assert hub_file(hub, sha).is_file()
        assert proxy.bytes_up - sent_before < size  # resumed, not sent again

        # Every few minutes while online (the interval shortened for the test).
        service.interval_s = 1.0
        service.last_report = None
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert service.last_report.ok
    finally:
        _close(qtbot, win)


def test_bandwidth_cap_and_upload_hours_from_the_page(
        qtbot: Any, datadir: DataDir, hub: HubProcess, token: str, proxy: FaultProxy) -> None:
    _prepare(datadir, proxy, token)
    win, page = _logged_in(qtbot, datadir)
    try:
        service = win.sync
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert page.limits_box.isVisibleTo(page)
        # Hours that do not parse are refused in words; nothing is saved.
        page.hours.setText("22:00-05:00, soon")
        page.save_limits.click()
        qtbot.waitUntil(lambda: "soon" in page.limits_saved.text(), timeout=WAIT)
        assert on_db(qtbot, win, lambda s: settings.SYNC_UPLOAD_HOURS.get(s.db)) == []
        # A cap of 4000 kbit/s (500 kB/s) and any hour.
        page.cap.setValue(4000)
        page.hours.setText("")
        page.save_limits.click()
        qtbot.waitUntil(lambda: on_db(qtbot, win, lambda s: settings.SYNC_BANDWIDTH_CAP_KBPS
                                      .get(s.db)) == 4000, timeout=WAIT)
        size = 1 * MB
        _item, sha = on_db(qtbot, win, lambda s: add_media_item(s, "Bản tin", size))
        moving: list[Any] = []
        service.transfer.connect(moving.append)
        service.last_report = None
        began = time.monotonic()
        service.run_now()
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        took = time.monotonic() - began
        assert service.last_report.ok and hub_file(hub, sha).is_file()
        cap = 4000 * 1000 / 8
        assert took > 0.8 * size / cap, took  # never faster than the cap
        fastest = max(t.bytes_per_s for t in moving if t.direction == "up")
        assert fastest < 1.3 * cap, fastest
        # Hours set from the page hold media back (the sentence names them).
        page.hours.setText("03:00-03:01")
        page.save_limits.click()
        qtbot.waitUntil(lambda: on_db(qtbot, win, lambda s: settings.SYNC_UPLOAD_HOURS
                                      .get(s.db)) == ["03:00-03:01"], timeout=WAIT)
        qtbot.waitUntil(lambda: service.waiting is not None and
                        (service.waiting.held is not None or service.waiting.files == 0),
                        timeout=WAIT)
    finally:
        _close(qtbot, win)


def test_clash_is_shown_and_the_user_picks(
        qtbot: Any, datadir: DataDir, hub: HubProcess, token: str, proxy: FaultProxy,
        tmp_path: Path, template_station: Path) -> None:
    _prepare(datadir, proxy, token)
    st = Station.open(datadir)
    other = second_station(tmp_path, template_station)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        item, _ = library.add_text(st, "Gốc", "Nội dung")
        assert run_once(st, proxy.url, token).ok
        assert run_once(other, proxy.url, token).ok
        metadata.update_items(st, [item.id], {"title": "Sửa ở máy A"})
        time.sleep(0.01)
        metadata.update_items(other, [item.id], {"title": "Sửa ở máy B"})  # later: wins
        assert run_once(other, proxy.url, token).ok
        assert run_once(st, proxy.url, token).ok
    finally:
        st.close()
    win, page = _logged_in(qtbot, datadir)
    try:
        qtbot.waitUntil(lambda: page.conflicts_box.isVisibleTo(page), timeout=WAIT)
        rows = [[page.conflicts.topLevelItem(i).text(c) for c in range(4)]
                for i in range(page.conflicts.topLevelItemCount())]
        title = words.field_name("title")  # named in the UI's language, never the raw code
        assert title != "title"
        assert ["Sửa ở máy B", title, "Sửa ở máy B", "Sửa ở máy A"] in rows, rows
        assert all(r[1] != words.field_name("updated_at") for r in rows), rows  # bookkeeping
        title_row = next(i for i, r in enumerate(rows) if r[1] == title)
        page.conflicts.setCurrentItem(page.conflicts.topLevelItem(title_row))
        assert page.use_other.isEnabled()
        page.use_other.click()  # the user puts A's value back
        qtbot.waitUntil(lambda: not page.conflicts_box.isVisibleTo(page), timeout=WAIT)
        got = on_db(qtbot, win, lambda s: library.get_item(s, item.id))
        assert got is not None and got.title == "Sửa ở máy A"
        assert on_db(qtbot, win, lambda s: outbox.open_conflicts(s)) == []
        service = win.sync
        service.last_report = None
        service.run_now()
        qtbot.waitUntil(lambda: service.last_report is not None and not service.running,
                        timeout=WAIT)
        assert service.last_report.ok
        assert run_once(other, proxy.url, token).ok
        assert library.get_item(other, item.id).title == "Sửa ở máy A"  # type: ignore[union-attr]
    finally:
        other.close()
        _close(qtbot, win)
