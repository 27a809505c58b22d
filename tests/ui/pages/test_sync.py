"""The Sync page with the real hub on loopback: what waits and why media is held, speed while
files move, report lines in words, and a bundle written from the page."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from station import settings, users
from station.paths import DataDir
from station.station import Station
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from sync.token import save_token
from tests.conftest import ADMIN_PASSWORD
from tests.support.hub import hub_file
from tests.support.library import MB, add_media_item
from tests.support.window import WAIT, on_db
from tests.support.window import close_window_station as _close
from tests.support.window import open_window as _open


def test_sync_page_shows_waiting_held_speed_and_bundles(
        qtbot: Any, datadir: DataDir, hub: HubProcess, token: str, proxy: FaultProxy,
        tmp_path: Path) -> None:
    from ui.pages.sync import SyncPage

    st = Station.open(datadir)
    try:
        users.login(st, "admin", ADMIN_PASSWORD)
        settings.SYNC_HUB_URL.set(st.db, proxy.url)
        settings.SYNC_STALL_TIMEOUT_S.set(st.db, 2.0)
        save_token(st.datadir, proxy.url, token)
        later = datetime.now(ZoneInfo(settings.TIMEZONE.get(st.db))) + timedelta(hours=3)
        window = f"{later:%H:%M}-{later + timedelta(hours=1):%H:%M}"
        settings.SYNC_UPLOAD_HOURS.set(st.db, [window])
        _item, sha = add_media_item(st, "Phóng sự", 3 * MB)
    finally:
        st.close()
    win = _open(qtbot, datadir)
    try:
        qtbot.waitUntil(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                        timeout=WAIT)
        win.login_panel.user.setCurrentText("admin")
        win.login_panel.password.setText(ADMIN_PASSWORD)
        win.login_panel.button.click()
        qtbot.waitUntil(lambda: win.workspace is not None and win.sync is not None,
                        timeout=WAIT)
        assert win.workspace is not None and win.sync is not None
        page = win.workspace.page(SyncPage)
        assert isinstance(page, SyncPage)
        service = win.sync
        # The service syncs by itself when it finds the link: metadata goes, media waits.
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        report = service.last_report
        assert report.ok and report.uploaded == 0 and report.held is not None
        assert window in page.result.text() and not hub_file(hub, sha).exists()
        qtbot.waitUntil(lambda: window in page.waiting.text(), timeout=WAIT)
        assert "3" in page.waiting.text()  # 3 MB (one file)

        # Inside the hours the file goes up; the page shows speed while it moves.
        moves: list[Any] = []
        service.transfer.connect(moves.append)
        on_db(qtbot, win, lambda s: settings.SYNC_UPLOAD_HOURS.set(s.db, []))
        proxy.rate_bps = 3 * MB  # about a second on the wire
        service.last_report = None
        service.run_now()
        qtbot.waitUntil(lambda: service.last_report is not None, timeout=WAIT)
        assert service.last_report.ok and service.last_report.uploaded == 1
        assert hub_file(hub, sha).is_file()
        ups = [t for t in moves if t.direction == "up"]
        assert ups and ups[-1].done >= 3 * MB and any(t.bytes_per_s > 0 for t in ups)
        assert 0.5 * MB < max(t.bytes_per_s for t in ups) < 6 * MB  # near the link's rate
        shown = ups[len(ups) // 2]
        page.show_transfer(shown)
        assert page.size_text(int(shown.bytes_per_s)) in page.speed.text()  # the speed, in words
        qtbot.waitUntil(lambda: window not in page.waiting.text(), timeout=WAIT)

        # A line of the report in words (typed template, formatted by the UI).
        from sync.errors import QT_TRANSLATE_NOOP, Problem

        text = page.line(Problem(QT_TRANSLATE_NOOP("sync", "{count} changes still wait to be "
                                                   "sent"), count=7))
        assert text.startswith("7 ") or "7" in text

        # A bundle written from the page, in the background.
        usb = tmp_path / "usb"
        page.run_bundle(str(usb), export=True)
        qtbot.waitUntil(lambda: page.export_bundle.isEnabled() and
                        (usb / "station-bundle.json").is_file(), timeout=WAIT)
        assert "0" in page.bundle_result.text()  # nothing waits after the online sync
    finally:
        _close(qtbot, win)


def test_describe_translates_sync_lines_in_their_context(qtbot: Any, tmp_path: Path) -> None:
    """Relay errors and report lines are templates of the "sync" context: ui.errors.describe
    looks them up there (and a typed reason inside one too), with no help from the page."""
    import subprocess
    import sys

    from PySide6.QtCore import QCoreApplication, QTranslator

    from station.errors import NotFound
    from sync.errors import QT_TRANSLATE_NOOP, FeedRefused, Problem
    from ui.errors import describe

    refused = "{url} was refused: it is not an RSS or Atom feed"
    item = "the relay item \u201c{title}\u201d was not imported: {reason}"
    missing = "no item with id {id}"
    ts = tmp_path / "t.ts"
    ts.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="vi_VN">
<context><name>sync</name>
<message><source>{refused}</source>
<translation>{{url}} bị từ chối: không phải nguồn RSS hay Atom</translation></message>
<message><source>{item}</source>
<translation>tin tiếp sóng “{{title}}” không nhập được: {{reason}}</translation></message>
</context>
<context><name>errors</name>
<message><source>{missing}</source><translation>không có mục mã {{id}}</translation></message>
</context></TS>""", encoding="utf-8")
    qm = tmp_path / "t.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        feed = FeedRefused(QT_TRANSLATE_NOOP("sync", refused), url="http://h/f.rss")
        assert describe(feed) == "http://h/f.rss bị từ chối: không phải nguồn RSS hay Atom"
        line = Problem(QT_TRANSLATE_NOOP("sync", item), title="Thời sự",
                       reason=NotFound(QT_TRANSLATE_NOOP("errors", missing), id="42"))
        assert describe(line) == "Tin tiếp sóng “Thời sự” không nhập được: không có mục mã 42"
        assert str(line) == "the relay item “Thời sự” was not imported: no item with id 42"
    finally:
        QCoreApplication.removeTranslator(translator)
