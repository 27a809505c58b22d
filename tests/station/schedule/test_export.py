"""The package for the commune stations and the printable Lịch phát sóng."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from media import tones
from station.clock import parse_utc, zone
from station.errors import ValidationError
from station.library import ingest
from station.library.export import ExportError
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.schedule.export import export_package
from station.schedule.html import export_html
from station.schedule.model import seal_of
from tests.support.schedule import MONDAY, login, text_item


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def approved(station, tmp_path: Path):
    """An approved week with two real WAVs, a text bulletin, a live window and a relay."""
    wavs = []
    for name, seconds, freq in (("Nhạc hiệu.wav", 2.0, 660.0), ("Bản tin sáng.wav", 3.0, 440.0)):
        path = tones.write_wav(tmp_path / name, tones.sine(freq, seconds, -20.0))
        result, _ = ingest.import_file(station, path, category="Thời sự")
        wavs.append(result.item)
    login(station, "bientap")
    bulletin = text_item(station, "Thông báo lịch tiêm", words=40)
    sched, _ = schedule.create_week(station, MONDAY, empty=True)
    morning, _ = schedule.add_session(station, sched.id, MONDAY, "05:30", minutes=15,
                                      title="Buổi sáng")
    for item in (*wavs, bulletin):
        schedule.add_slot(station, sched.id, morning.key, item_id=item.id)
    schedule.add_slot(station, sched.id, morning.key, stream_url="http://vov.example/vov1",
                      planned_s=600, title="Tiếp sóng VOV1")
    evening, _ = schedule.add_session(station, sched.id, MONDAY, "17:00", minutes=15)
    schedule.add_slot(station, sched.id, evening.key, item_id=wavs[0].id)
    schedule.add_slot(station, sched.id, evening.key, relay_ref="urn:tinh:ban-tin-15",
                      title="Bản tin của tỉnh", planned_s=300)
    schedule_approval.submit(station, sched.id)
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    login(station, "bientap")
    return schedule.get_schedule(station, sched.id), wavs, bulletin


def _check_package(root: Path, station, wavs) -> dict:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:  # every file is listed with its true hash
        data = (root / f["path"]).read_bytes()
        assert _sha(data) == f["sha256"] and len(data) == f["size"]
    listed = {f["path"] for f in manifest["files"]} | {"manifest.json"}
    assert listed == {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    for item in wavs:  # media bit-exact
        store = station.store.path(item.asset_sha256, "wav").read_bytes()
        assert (root / "media" / f"{item.asset_sha256}.wav").read_bytes() == store
    seal = manifest["seal"]
    sealed = (root / seal["content_file"]).read_text(encoding="utf-8")
    assert _sha(sealed.encode()) == seal["content_sha256"]
    assert seal_of(sealed, seal["approved_by"], seal["approved_at"]) == seal["sha256"]
    assert seal["approver_name"] == "Trần Thị Trưởng"
    assert seal["approved_at_local"].endswith("+07:00")
    first = manifest["sessions"][0]
    assert first["starts_at"] == "2031-03-03T05:30:00+07:00"
    assert [s["starts_at"][11:19] for s in first["slots"]] == \
        ["05:30:00", "05:30:02", "05:30:05", "05:30:17"]
    assert [s["status"] for s in first["slots"]] == ["ok", "ok", "needs_tts", "live"]
    assert all(s["priority"] == "normal" for s in first["slots"])
    assert [s["status"] for s in manifest["sessions"][1]["slots"]] == ["ok", "relay_pending"]
    return manifest


def _check_playlist(path: Path) -> list[tuple[int, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#EXTM3U"
    entries = []
    for n, line in enumerate(lines):
        if line.startswith("#EXTINF:"):
            seconds, title = line[len("#EXTINF:"):].split(",", 1)
            target = lines[n + 1]
            assert not target.startswith("#")
            if not target.startswith("http"):
                assert (path.parent / target).resolve().is_file()
            entries.append((int(seconds), title, target))
    return entries


def test_package_folder(station, approved, tmp_path: Path) -> None:
    sched, wavs, bulletin = approved
    report = export_package(station, sched.id, tmp_path / "out")
    root = Path(report.target)
    assert root == tmp_path / "out" and report.seal == sched.seal
    assert report.not_included == ("Bản tin của tỉnh",)
    manifest = _check_package(root, station, wavs)
    playlist = root / manifest["sessions"][0]["playlist"]
    assert playlist.name == "2031-03-03_0530.m3u8"
    entries = _check_playlist(playlist)
    assert [(s, t) for s, t, _ in entries] == [(2, "Nhạc hiệu"), (3, "Bản tin sáng"),
                                               (600, "Tiếp sóng VOV1")]
    assert "# TTS: Thông báo lịch tiêm" in playlist.read_text(encoding="utf-8")
    assert (root / f"texts/{bulletin.id}.txt").read_text(encoding="utf-8").startswith("tin tin")
    again = export_package(station, sched.id, tmp_path / "out")  # into the existing folder
    assert Path(again.target) == root / "lich-phat-song-2031-03-03-r1"
    with pytest.raises(ExportError, match="exists"):  # never over an earlier package
        export_package(station, sched.id, tmp_path / "out")
    assert not list(tmp_path.rglob("*.part"))


def test_package_zip(station, approved, tmp_path: Path) -> None:
    sched, wavs, _ = approved
    report = export_package(station, sched.id, tmp_path, as_zip=True)
    assert report.target.endswith("lich-phat-song-2031-03-03-r1.zip")
    with zipfile.ZipFile(report.target) as zf:
        assert zf.testzip() is None
        zf.extractall(tmp_path / "unzipped")
    root = tmp_path / "unzipped"
    _check_package(root, station, wavs)
    for playlist in (root / "playlists").iterdir():
        _check_playlist(playlist)


def test_only_an_approved_schedule_leaves_the_station(station, tmp_path: Path) -> None:
    sched, _ = schedule.create_week(station, MONDAY)
    with pytest.raises(ValidationError):
        export_package(station, sched.id, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_printable_schedule(station, approved, tmp_path: Path) -> None:
    sched, *_ = approved
    page = export_html(station, sched.id, tmp_path / "lich.html")
    assert (tmp_path / "lich.html").read_text(encoding="utf-8") == page
    assert "LỊCH PHÁT SÓNG" in page and "Từ ngày 03/03/2031 đến ngày 09/03/2031" in page
    assert "Thứ Hai, ngày 03/03/2031" in page
    assert "Trần Thị Trưởng" in page and sched.seal in page
    when = parse_utc(sched.decided_at).astimezone(zone(station))
    assert f"duyệt lúc {when:%H:%M} ngày {when:%d/%m/%Y}" in page
    assert "05:30–05:45" in page and "17:00–17:15" in page
    assert "Tiếp sóng trực tiếp" in page and "(ước tính)" in page
    assert "BẢN NHÁP" not in page
    draft, _ = schedule.create_week(station, MONDAY.replace(day=10))
    assert "BẢN NHÁP — CHƯA ĐƯỢC DUYỆT" in export_html(station, draft.id)


def test_views_for_the_cli(station, approved) -> None:
    from station.cli import schedule_views

    sched, *_ = approved
    shown = schedule_views.show_json(station, sched.id)
    json.dumps(shown, ensure_ascii=False)  # --json must serialise
    assert shown["seal_check"]["ok"] and shown["status"] == "approved"
    assert shown["sessions"][0]["starts_at"] == "2031-03-03T05:30:00+07:00"
    assert shown["check"]["ok"]
    text = schedule_views.show_text(station, sched.id)
    assert "03/03/2031" in text and "05:30–05:45" in text and "approved by truongdai" in text
    assert "warning: the relay “Bản tin của tỉnh” is not downloaded yet" in text
    listed = schedule_views.list_json(station)
    assert [s["id"] for s in listed] == [sched.id]
    assert "03/03/2031 – 09/03/2031" in schedule_views.list_text(station)
