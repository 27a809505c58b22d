"""Acceptance checks of the sync issue that the other sync tests did not cover: as-run rows
with every column playout writes, a full disk and hostile names in what the hub sends, a hub
answering garbage. The real hub runs on loopback (a child process) behind the fault proxy."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from station.library import items as library
from station.playout.asrun import Aired, end_airing, note_interruption, start_airing
from station.station import Station
from sync import outbox
from sync.engine import run_once
from sync.errors import DiskFull
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from tests.support.disks import small_tmpfs
from tests.support.feeds import Server
from tests.support.hub import hub_entity
from tests.support.library import MB, add_media_item
from tests.support.sync import fast, second_station


def asrun_rows(st: Station) -> dict[str, dict[str, object]]:
    cur = st.db.execute("SELECT * FROM asrun ORDER BY aired_at")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return {str(r["id"]): {k: v for k, v in r.items() if k not in ("rev", "hlc")} for r in rows}


def test_asrun_rows_go_up_whole_and_reach_a_second_workstation(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy, tmp_path: Path,
        template_station: Path) -> None:
    """Every column playout writes (m0009: planned start, end, file hash, kind, relay
    source, interruptions...) reaches the hub and a second workstation, and an airing that
    ends after it first went up follows with its end."""
    fast(station)
    item, _ = library.add_text(station, "Bản tin trưa", "Nội dung")
    start = datetime(2031, 3, 3, 11, 0, 2, tzinfo=UTC)
    on_air = start_airing(station, Aired(
        start, item.id, title="Bản tin trưa", source="playout", kind="scheduled",
        scheduled_at=start - timedelta(seconds=2), sha256="ab" * 32, schedule_id="sch-1",
        slot_key="slot-7", offset_s=1.5))
    relayed = start_airing(station, Aired(
        start + timedelta(minutes=5), None, title="Thời sự VOV", source="relay",
        relay_ref="vov1:g42", stream_url="http://vov.example/live", kind="added",
        scheduled_at=start + timedelta(minutes=5)))
    note_interruption(station, relayed, "cảnh báo khẩn cấp")
    end_airing(station, relayed, start + timedelta(minutes=9), "mất tín hiệu")
    assert run_once(station, proxy.url, token).ok
    # The first airing was still on air at that sync: its end goes up with the next.
    end_airing(station, on_air, start + timedelta(minutes=4, seconds=58))
    assert run_once(station, proxy.url, token).ok
    here = asrun_rows(station)
    assert here[on_air]["ended_at"] == "2031-03-03T11:05:00.000Z"
    assert json.loads(str(here[relayed]["interruptions"])) == ["cảnh báo khẩn cấp",
                                                               "mất tín hiệu"]
    for eid, row in here.items():
        at_hub = hub_entity(hub, "asrun", eid)
        assert at_hub is not None and not at_hub[1]
        assert {k: at_hub[0].get(k) for k in row if k != "id"} == \
            {k: v for k, v in row.items() if k != "id"}, eid

    other = second_station(tmp_path, template_station)
    try:
        got = run_once(other, proxy.url, token)
        assert got.ok, [str(e) for e in got.errors]
        assert asrun_rows(other) == here
        assert outbox.scan(other) == 0 and outbox.waiting(other.db) == 0
    finally:
        other.close()


def test_full_disk_during_a_download_loses_nothing(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy, tmp_path: Path,
        template_station: Path) -> None:
    """A second workstation whose download folder is a real 1 MB file system: the 3 MB file
    stops with a clear error, the metadata is kept, and with room again it resumes."""
    fast(station)
    item_id, sha = add_media_item(station, "Phóng sự dài", 3 * MB)
    assert run_once(station, proxy.url, token).ok
    other = second_station(tmp_path, template_station)
    partial = other.datadir.root / "sync" / "partial"
    try:
        with small_tmpfs(partial, "1m"):
            report = run_once(other, proxy.url, token)
            assert not report.ok and report.downloaded == 0
            [full] = [e for e in report.errors if isinstance(e, DiskFull)]
            assert "is full" in str(full) and str(partial) in str(full)
            assert library.get_item(other, item_id) is not None  # the metadata is here
            assert not other.store.has(sha, "wav")
        report = run_once(other, proxy.url, token)  # room again
        assert report.ok and report.downloaded == 1, [str(e) for e in report.errors]
        assert other.store.path(sha, "wav").read_bytes() == \
            station.store.path(sha, "wav").read_bytes()
    finally:
        other.close()


def test_hostile_asset_names_from_the_hub_stay_inside(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy, tmp_path: Path,
        template_station: Path) -> None:
    """Asset ids and extensions become store paths: ones that are not a SHA-256 and a plain
    extension are refused (said in the report), never written, and the sync goes on."""
    fast(station)
    item, _ = library.add_text(station, "Tin", "Nội dung")
    sid = run_once(station, proxy.url, token).station_id
    good = hashlib.sha256(b"x").hexdigest()
    evil = [("../../../../../../tmp/r6-evil", "wav"), (good, "../../r6-evil")]
    batch = {"mutations": [
        {"id": f"01900000-0000-7000-8000-00000000000{n}", "entity": "asset",
         "entity_id": eid, "op": "upsert", "fields": {"ext": ext, "size": 1, "kind": "audio"},
         "hlc": f"0000000000001-0000{n}-x"} for n, (eid, ext) in enumerate(evil)]}
    answer = httpx.post(f"{hub.url}/api/sync/v1/stations/{sid}/mutations", json=batch,
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    other = second_station(tmp_path, template_station)
    try:
        report = run_once(other, proxy.url, token)
        assert report.ok and library.get_item(other, item.id) is not None
        refused = [str(w) for w in report.warnings if "not named by its SHA-256" in str(w)]
        assert len(refused) == 2, [str(w) for w in report.warnings]
        assert other.db.execute("SELECT count(*) FROM sync_downloads").fetchone()[0] == 0
        assert other.db.execute("SELECT count(*) FROM assets WHERE sha256 = ? OR sha256"
                                " LIKE '%..%'", [good]).fetchone()[0] == 0
        assert not list(Path("/tmp").glob("r6-evil*"))
        assert not list(other.datadir.root.rglob("r6-evil*"))
    finally:
        other.close()


@pytest.mark.parametrize(("ctype", "body", "said"), [
    ("application/json", b"\x00\xff{{{ not json", "JSON that does not parse"),
    ("application/octet-stream", b"\x89PNG\r\n\x1a\n" + bytes(200),
     "a document of type \u2018application/octet-stream\u2019"),
    ("application/json", b'{"protocol": "other/9"}', "JSON of another kind")],
    ids=["broken-json", "binary", "other-json"])
def test_hub_answering_garbage(station: Station, ctype: str, body: bytes, said: str) -> None:
    """Whatever a wrong server sends, the run stops with a sentence that says so (typed, the
    detail too), and the waiting edit stays queued."""
    server = Server({}, fallback=(ctype, body))
    try:
        fast(station)
        library.add_text(station, "Tin", "Nội dung")
        report = run_once(station, server.url, "t")
        assert not report.ok
        [error] = report.errors
        assert f"did not answer as a sync hub (it sent {said})" in str(error)
        assert hasattr(error.params["what"], "template")  # worded by the UI, translated
        assert outbox.waiting(station.db) == 1
    finally:
        server.close()


def test_sync_messages_are_whole_vietnamese_sentences(qtbot: object) -> None:
    """With the shipped translation, the token refusals, a bundle taken the wrong way and a
    hub answering HTML read as Vietnamese sentences, the detail inside them too."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from sync.bundle_format import BundleError
    from sync.errors import QT_TRANSLATE_NOOP, token_refused
    from sync.transport import _describe, protocol_error
    from ui.errors import describe

    qm = Path(__file__).resolve().parents[2] / "ui" / "translations" / "station_vi.qm"
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        expired = describe(token_refused("http://hub", "token_expired"))
        assert "hết hạn" in expired and "expired" not in expired
        assert "thu hồi" in describe(token_refused("http://hub", "token_revoked"))
        wrong_way = describe(BundleError(QT_TRANSLATE_NOOP(
            "sync", "this bundle goes the other way (it was made for the hub); nothing was "
            "applied")))
        assert "máy chủ tỉnh" in wrong_way and "hub" not in wrong_way
        html = describe(protocol_error("http://hub", QT_TRANSLATE_NOOP("sync", "an HTML page")))
        assert "một trang HTML" in html and "sent" not in html
        from sync.transport import Hub

        with Hub("http://127.0.0.1:9", "t") as h:
            offline = describe(h.unreachable(_describe(httpx.ConnectError("refused"))))
        assert "không có kết nối" in offline and "no connection" not in offline
    finally:
        QCoreApplication.removeTranslator(translator)
