"""Make the README's screenshots: a demo station in a temporary folder (as the first run makes
it), the main window offscreen at 1366x768 in Vietnamese, one PNG per view.

    .venv/bin/python docs/screenshots/make.py [OUT_DIR]     # default: docs/screenshots/

The editor ("bientap") shows the Library with an item selected, the editor with that item
open and the week's schedule; the chief ("truongdai") shows Approvals with the week
submitted and On air. CI runs ``main`` through tests/ui/test_screenshots.py."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script: our packages, no screen, no real settings
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="station-shots-config-")

SIZE = (1366, 768)
SHOTS = ("library", "editor", "schedule", "approvals", "onair")
STATION_NAME = "Đài truyền thanh xã Yên Bình"
PASSWORDS = {"admin": "quan-tri-2026", "bientap": "bien-tap-2026", "truongdai": "truong-dai-2026"}
SELECTED = "Bản tin thời sự sáng"  # the demo item shown in the Library and the editor
TIMEOUT_S = 30.0


def prepare(root: Path) -> dict[str, str]:
    """The demo station with an editor and a chief, and this week's schedule submitted by
    the editor; returns the demo items' ids by title."""
    from station import demo, startup, users
    from station.clock import zone
    from station.library import items as library
    from station.paths import DataDir
    from station.rights import Role
    from station.schedule import approval
    from station.schedule import periods as schedule

    st = startup.create_station(DataDir(root), STATION_NAME, "admin", PASSWORDS["admin"],
                                "Nguyễn Văn Quân", "vi")
    try:
        demo.populate(st)
        users.create_user(st, "bientap", PASSWORDS["bientap"], Role.EDITOR, "Trần Thị Biên")
        users.create_user(st, "truongdai", PASSWORDS["truongdai"], Role.CHIEF, "Lê Văn Đài")
        users.login(st, "bientap", PASSWORDS["bientap"])
        found = library.list_items(st, 100)
        ids = {item.title: item.id for item in found}
        sounds = [item for item in found if item.kind == "audio" and item.duration_s]
        from datetime import datetime

        today = datetime.now(zone(st)).date()
        monday = today - timedelta(days=today.weekday())
        sched, _ = schedule.create_week(st, monday, empty=True)
        for n in range(7):
            day: date = monday + timedelta(days=n)
            for start, title, picks in (("05:30", "Chương trình sáng", sounds[:3]),
                                        ("17:00", "Chương trình chiều", sounds[1:])):
                minutes = max(1, round(sum(i.duration_s or 0 for i in picks) / 60) + 1)
                session, _ = schedule.add_session(st, sched.id, day, start, minutes=minutes,
                                                  title=title)
                for item in picks:
                    schedule.add_slot(st, sched.id, session.key, item_id=item.id)
        approval.submit(st, sched.id)
        return ids
    finally:
        st.close()


def _wait(app: Any, done: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError(f"screenshots: waited {timeout:.0f} s for {what}")
        app.processEvents()
        time.sleep(0.01)


def _settle(app: Any, seconds: float = 0.4) -> None:
    """Let queued paints and the last background results land before a grab."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


class Shooter:
    """Drives the main window through the views and grabs each."""

    def __init__(self, app: Any, win: Any, out: Path) -> None:
        self.app, self.win, self.out = app, win, out
        self.saved: list[Path] = []

    def wait(self, done: Callable[[], bool], what: str) -> None:
        _wait(self.app, done, what)

    def grab(self, name: str) -> Path:
        _settle(self.app)
        path = self.out / f"{name}.png"
        if not self.win.grab().save(str(path), "PNG"):
            raise OSError(f"screenshots: could not write {path}")
        self.saved.append(path)
        return path

    def log_in(self, user: str) -> None:
        win = self.win
        self.wait(lambda: win.central.currentWidget() is win.login_panel and win.ready,
                  "the login panel")
        win.login_panel.user.setCurrentText(user)
        win.login_panel.password.setText(PASSWORDS[user])
        win.login_panel.button.click()
        self.wait(lambda: win.workspace is not None and win.station.user is not None
                  and win.station.user.username == user, f"{user} to log in")

    def log_out(self) -> None:
        from ui.operations import wait_all

        wait_all()
        self.win.ready = False
        self.win.logout_action.trigger()
        self.wait(lambda: self.win.central.currentWidget() is self.win.login_panel
                  and self.win.ready, "the logout")

    def section(self, cls: type) -> Any:
        workspace = self.win.workspace
        page = workspace.page(cls)
        workspace.nav.setCurrentRow(workspace.pages.index(page))
        return page

    def library(self, item_id: str) -> None:
        from ui.library.page import LibraryPage

        page = self.section(LibraryPage)
        model = page.model
        self.wait(lambda: model.rowCount() > 0, "the library list")
        row = next((r for r in range(model.rowCount())
                    if model.index(r, 0).data() == SELECTED), 0)
        page.table.selectRow(row)
        waveform = page.preview.waveform
        self.wait(lambda: waveform.isVisible() and waveform.peaks is not None,
                  "the preview waveform")
        self.grab("library")

    def editor(self, item_id: str) -> None:
        from ui.studio.page import StudioPage

        self.win.workspace.open_in_editor(item_id)
        studio = self.win.workspace.page(StudioPage)
        panel = studio.editor
        self.wait(lambda: panel.edl is not None and not panel.busy, "the editor")
        self.grab("editor")

    def schedule(self) -> None:
        from ui.schedule.page import SchedulePage

        page = self.section(SchedulePage)
        self.wait(lambda: page.schedule is not None and not page.busy, "the week")
        self.grab("schedule")

    def approvals(self) -> None:
        from ui.approvals.page import ApprovalsPage

        page = self.section(ApprovalsPage)
        self.wait(lambda: page.inbox_state is not None and page.inbox.count() > 0,
                  "the approvals inbox")
        if page.inbox.currentRow() < 0:
            page.inbox.setCurrentRow(0)
        self.wait(lambda: page.selected is not None and not page.busy, "the submitted week")
        self.grab("approvals")
        page.approve_button.click()  # approved, so On air offers the week's items
        self.wait(lambda: page.sealed is not None and not page.busy, "the approval")

    def onair(self) -> None:
        from ui.pages.onair import OnAirPage

        self.section(OnAirPage)
        _settle(self.app, 1.0)  # the service's state and the coming items arrive
        self.grab("onair")


def _close(app: Any, win: Any) -> None:
    """Stop the window's services, let its background work end, close the station on the
    thread that owns its connection, then the window."""
    from ui.operations import Op, wait_all

    win._stop_watching()
    win.link.stop()
    wait_all()
    st = win.station
    if st is not None:
        done: list[object] = []
        Op(lambda _s: st.close(), None, "db").success(done.append).run_in_background()
        _wait(app, lambda: bool(done), "the station to close")
    win._closing = True
    win.close()
    win.deleteLater()
    _settle(app, 0.1)


def main(out: Path | None = None, work: Path | None = None) -> list[Path]:
    """Write the five screenshots into ``out`` (docs/screenshots/ by default); the demo
    station is made in ``work`` (a temporary folder by default). Returns the PNG paths."""
    from PySide6.QtWidgets import QApplication

    out = Path(out) if out is not None else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="station-shots-") as tmp:
        root = Path(work) if work is not None else Path(tmp) / "data"
        ids = prepare(root)
        from station.paths import DataDir
        from ui import i18n
        from ui.main_window import MainWindow

        i18n.install("vi")
        win = MainWindow(DataDir(root))
        win.resize(*SIZE)
        win.show()
        shooter = Shooter(app, win, out)
        try:
            win.start()
            shooter.log_in("bientap")
            win.resize(*SIZE)
            shooter.library(ids[SELECTED])
            shooter.editor(ids[SELECTED])
            shooter.schedule()
            shooter.log_out()
            shooter.log_in("truongdai")
            shooter.approvals()
            shooter.onair()
        finally:
            _close(app, win)
    return shooter.saved


if __name__ == "__main__":
    began = time.monotonic()
    paths = main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    for p in paths:
        print(p)
    print(f"{len(paths)} screenshots in {time.monotonic() - began:.1f} s")
