"""A relay slot whose rule matches no episode that arrived: at air time the filler is heard on
the PulseAudio null sink 'studio', the On Air alarm says why, and the as-run row of the filler
keeps the reason as a stable code with its params."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from station import settings
from station.playout.runner import Runner, make_engine, plan
from station.schedule.relay import NO_MATCH
from tests.support.feeds import Server, tone
from tests.support.playout import Capture, find_tones, make_schedule, soon, tone_item

OLD_EPISODE = """<?xml version="1.0"?><rss version="2.0"><channel><title>VOV1</title>
<item><title>Thời sự hôm kia</title><guid>old-1</guid>
<pubDate>Sat, 05 Dec 2026 06:00:00 +0700</pubDate>
<enclosure url="{url}/old.wav" length="{length}" type="audio/wav"/></item></channel></rss>"""


@pytest.fixture(autouse=True)
def _gui_app(qapp: Any) -> None:
    """The engine makes a bare QCoreApplication when none exists; widgets need a QApplication
    first in this test process."""


def test_relay_rule_matching_nothing_airs_the_filler_and_says_why(
        station: Any, pulse: dict[str, str], tmp_path: Path) -> None:
    from sync import relay, subscriptions

    st = station
    audio = tone(tmp_path / "old.wav", 0.5).read_bytes()
    srv = Server({})
    srv.routes["/old.wav"] = ("audio/wav", audio)
    srv.routes["/vov1.rss"] = ("application/rss+xml",
                               OLD_EPISODE.format(url=srv.url, length=len(audio)).encode())
    try:
        url = f"{srv.url}/vov1.rss"
        subscriptions.subscribe_feed(st, url, title="VOV1")
        assert len(relay.refresh(st).imported) == 1  # an episode arrived, but an old one
    finally:
        srv.close()
    filler = tone_item(st, "Nhạc nền", 1500.0, 0.8)
    settings.PLAYOUT_FILLER_ITEM.set(st.db, filler.id)
    cap = Capture(pulse)
    cap.wait_started()
    start = soon(3)
    make_schedule(st, start, [{"relay_ref": url, "relay_rule": "within 6h",
                               "title": "Thời sự VOV", "planned_s": 1.5}])
    (event,) = plan(st, start - timedelta(minutes=1), start + timedelta(minutes=2)).events
    assert (event.path, event.problem) == (None, NO_MATCH)
    runner = Runner(st, make_engine(st))
    runner.start()
    try:
        while time.time() < start.timestamp() + 2.0:
            runner.tick()
            time.sleep(0.05)
    finally:
        runner.stop()
    samples = cap.stop()
    heard = find_tones(samples, cap.origin, [1500.0])[1500.0]
    assert heard and abs(heard[0].at - start.timestamp()) < 0.35, heard
    assert [a.reason for a in runner.alarms] == [NO_MATCH]
    rows = st.db.execute("SELECT kind, reason FROM asrun ORDER BY aired_at").fetchall()
    fillers = [json.loads(r[1]) for r in rows if r[0] == "filler"]
    assert fillers and fillers[0]["code"] == "relay.none_within"
    assert fillers[0]["params"]["feed"] == "VOV1" and fillers[0]["params"]["hours"] == "6"
    assert fillers[0]["text"].startswith("relay: no episode of VOV1 published in the 6 hours")
