"""A province bulletin with emergency priority goes on air by itself: the real hub on loopback
publishes it, `station sync` brings it while the real service plays, and the station's voice
is heard on the PulseAudio null sink within 2 s of the sync that applied it, with an alarm
the service reports and an as-run entry of what was heard."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator

import numpy as np
import pytest

from station import province, settings
from station.clock import parse_iso
from station.paths import DataDir
from station.playout import speech
from station.station import Station
from sync.hub import province as hub_province
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.support.cli import run_cli
from tests.support.playout import Capture
from tests.support.service import NO_KEYRING, Service

HEARD_WITHIN_S = 2.0
TEXT = "Bão số ba đổ bộ. Bà con ở trong nhà."


@pytest.fixture
def capture(pulse: dict[str, str]) -> Iterator[Capture]:
    cap = Capture(pulse)
    cap.wait_started()
    yield cap
    cap.stop()


def _first_sound(samples: np.ndarray, origin: float, after: float, *, rate: int = 48000,
                 floor_db: float = -45.0) -> float | None:
    """When the first 20 ms block louder than ``floor_db`` starts, at or after ``after``."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    block = rate // 50
    first = max(0, int((after - origin) * rate) // block)
    for i in range(first, len(mono) // block):
        chunk = mono[i * block:(i + 1) * block]
        if 20 * np.log10(float(np.sqrt(np.mean(chunk ** 2))) + 1e-12) > floor_db:
            return origin + i * block / rate
    return None


def _sync(datadir: DataDir, *extra: str) -> None:
    done = run_cli("sync", *extra, data_dir=datadir.root, env=NO_KEYRING, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_province_emergency_is_heard_within_2_s_of_the_sync(
        station: Station, datadir: DataDir, hub: HubProcess, token: str,
        capture: Capture) -> None:
    st = station
    settings.SYNC_INTERVAL_MIN.set(st.db, 60)  # the service's own sync stays out of the way
    _sync(datadir, "--hub", hub.url, "--token", token)  # remembers the hub and the token
    window = capture.window()
    svc = Service(datadir)
    try:
        svc.wait_worker()
        deadline = time.monotonic() + 30
        while not svc.status()[1].get("playing"):  # playout has started (it runs for days)
            assert time.monotonic() < deadline, "playout never started"
            time.sleep(0.1)
        time.sleep(speech.WARM_AFTER_S + 1.0)  # and its voice is loaded
        store = HubStore(hub.data_dir)
        try:
            bid = hub_province.publish_bulletin(store, "Khẩn cấp: bão số 3", TEXT, "emergency")
        finally:
            store.close()
        _sync(datadir)
        synced = time.time()
        deadline = time.monotonic() + 15
        while st.db.execute("SELECT count(*) FROM asrun WHERE kind = 'emergency'"
                            " AND ended_at IS NOT NULL").fetchone()[0] == 0:
            assert time.monotonic() < deadline, "the emergency never aired"
            time.sleep(0.1)
        _, state = svc.status()
    finally:
        assert svc.stop() == 0
    samples = window.stop()

    [(eid, item_id, started_at, by, status)] = st.db.execute(
        "SELECT id, item_id, started_at, started_by, status FROM schedule_emergencies").fetchall()
    assert (item_id, by, status) == (bid, province.PROVINCE_ACTOR, "confirmed")
    applied = parse_iso(started_at).timestamp()
    heard = _first_sound(samples, window.origin, applied - 0.5)
    assert heard is not None, "nothing was heard"
    aired = parse_iso(st.db.execute("SELECT aired_at FROM asrun WHERE kind = 'emergency'")
                      .fetchone()[0]).timestamp()
    print(f"province emergency: applied {applied:.2f}, sync done {synced - applied:.2f},"
          f" as-run {aired - applied:.2f}, heard {heard - applied:.2f} s")
    # Heard after the sync applied it, and within 2 s of the end of that sync (the station's
    # voice speaks it in between: about 0.1 s on an idle machine, over a second under load).
    assert applied - 0.05 < heard < synced + HEARD_WITHIN_S
    # The as-run holds what was heard: the spoken file's hash, under the emergency's id.
    voice = settings.PLAYOUT_TTS_VOICE.get(st.db)
    spoken = speech.cached(st.datadir.root, TEXT, voice)
    assert spoken is not None
    [(aired_item, sha, kind)] = st.db.execute(
        "SELECT item_id, sha256, kind FROM asrun WHERE slot_key = ?", [eid]).fetchall()
    assert (aired_item, kind) == (bid, "emergency")
    assert sha == hashlib.sha256(spoken.path.read_bytes()).hexdigest()
    # The operator is told, and the audit says who declared it.
    alarms = [a for a in state["alarms"] if a["kind"] == "emergency"]
    assert alarms and alarms[0]["detail"] == "Khẩn cấp: bão số 3"
    assert alarms[0]["reason"] == "declared by the province, on air now"
    assert st.db.execute("SELECT actor FROM audit WHERE action = 'schedule.emergency'"
                         " AND entity_id = ?", [eid]).fetchone() == (province.PROVINCE_ACTOR,)


def test_a_repeated_or_expired_emergency_does_not_air_again(station: Station, hub: HubProcess,
                                                            token: str) -> None:
    from sync.engine import run_once

    st = station
    store = HubStore(hub.data_dir)
    try:
        bid = hub_province.publish_bulletin(store, "Khẩn cấp", TEXT, "emergency")
        hub_province.publish_bulletin(store, "Cũ", TEXT, "emergency", valid_to="2020-01-01")
    finally:
        store.close()
    assert run_once(st, hub.url, token).ok
    assert [r[0] for r in st.db.execute("SELECT item_id FROM schedule_emergencies")] == [bid]
    store = HubStore(hub.data_dir)
    try:  # an edit of the same bulletin (still an emergency) is not a second emergency
        hub_province.publish_bulletin(store, "Khẩn cấp (sửa)", TEXT, "emergency", bulletin_id=bid)
    finally:
        store.close()
    assert run_once(st, hub.url, token).ok
    assert st.db.execute("SELECT count(*) FROM schedule_emergencies").fetchone() == (1,)
