"""Folder bundles for stations whose link is down for weeks, and the hub's admin page. The
real hub runs on loopback; bundles are real folders; the CLI runs as a user would."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
import pytest

from media.tones import sine, write_wav
from station.library import items as library
from station.library import metadata
from station.paths import DataDir
from station.station import Station
from sync import bundle, outbox
from sync.bundle_format import MANIFEST, BundleError, media_rel
from sync.engine import run_once
from sync.faultproxy import FaultProxy
from sync.hub import bundle as hub_bundle
from sync.hub.process import HubProcess
from sync.hub.serve import add_relay_item
from sync.hub.store import HubStore
from tests.support.cli import run_cli
from tests.support.hub import hub_file, hub_has, publish_unchecked
from tests.support.library import add_media_item
from tests.support.sync import fast, second_station


def hub_import(hub: HubProcess, folder: Path, station: str = "") -> hub_bundle.HubBundleReport:
    store = HubStore(hub.data_dir)
    try:
        return hub_bundle.import_bundle(store, folder, station)
    finally:
        store.close()


def hub_export(hub: HubProcess, station: str, folder: Path) -> hub_bundle.HubBundleReport:
    store = HubStore(hub.data_dir)
    try:
        return hub_bundle.export_bundle(store, station, folder)
    finally:
        store.close()


def offline_work(station: Station, proxy: FaultProxy, token: str) -> tuple[str, str, str]:
    """Sync once online, then the link goes down and work goes on."""
    fast(station)
    text, _ = library.add_text(station, "Tin sáng", "Nội dung")
    assert run_once(station, proxy.url, token).ok
    item_id, sha = add_media_item(station, "Phóng sự tuần", 300 * 1024)
    metadata.update_items(station, [text.id], {"title": "Tin sáng (sửa)"})
    return text.id, item_id, sha


def test_round_trip_by_folder(station: Station, hub: HubProcess, token: str,
                              proxy: FaultProxy, tmp_path: Path) -> None:
    text_id, item_id, sha = offline_work(station, proxy, token)
    usb = tmp_path / "usb" / "len-tinh"
    out = bundle.export_bundle(station, usb)
    assert out.mutations >= 3 and out.files == 1 and out.files_copied == 1
    assert (usb / media_rel(sha)).read_bytes() == station.store.path(sha, "wav").read_bytes()
    again = bundle.export_bundle(station, usb)  # resumable: nothing copied twice
    assert again.files_copied == 0 and again.mutations == out.mutations

    got = hub_import(hub, usb)
    assert got.applied == out.mutations and got.files_new == 1 and got.rejected == 0
    assert hub_file(hub, sha).read_bytes() == station.store.path(sha, "wav").read_bytes()
    assert hub_has(hub, "item", item_id)
    twice = hub_import(hub, usb)  # the same drive plugged in again
    assert twice.duplicates == out.mutations and twice.applied == 0 and twice.files_new == 0

    # The province publishes a relay programme and sends the station its changes back.
    wav = write_wav(tmp_path / "vov.wav", sine(440.0, 2.0, level_dbfs=-18.0))
    add_relay_item(hub.data_dir, "vov1", wav, "Thời sự VOV", description="Bản tin trưa",
                   category="Thời sự")
    down = tmp_path / "usb" / "ve-dai"
    back = hub_export(hub, "Yên Bình", down)
    assert back.files == 1 and back.changes >= out.mutations + 1
    report, _ = bundle.import_bundle(station, down)
    assert report.imported == 1, report.warnings
    relay = station.db.execute("SELECT title, category FROM items WHERE title = ?",
                               ["Thời sự VOV"]).fetchone()
    assert relay == ("Thời sự VOV", "Thời sự")
    # Our changes came back acknowledged: nothing of them waits any more.
    assert outbox.waiting(station.db) <= 2  # at most the relay import's own new rows
    assert library.get_item(station, text_id).title == "Tin sáng (sửa)"  # type: ignore[union-attr]
    # When the link returns, nothing is sent twice.
    online = run_once(station, proxy.url, token)
    assert online.ok and online.uploaded <= 1, [str(e) for e in online.errors]
    assert proxy.bytes_up < 300 * 1024 + wav.stat().st_size + 200_000


def test_bad_bundles_apply_nothing(station: Station, hub: HubProcess, token: str,
                                   proxy: FaultProxy, tmp_path: Path,
                                   template_station: Path) -> None:
    _text_id, item_id, sha = offline_work(station, proxy, token)
    good = tmp_path / "good"
    bundle.export_bundle(station, good)

    def variant(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(good, target, symlinks=True)
        return target

    cut = variant("cut")
    media = cut / media_rel(sha)
    media.write_bytes(media.read_bytes()[:1000])
    with pytest.raises(BundleError, match="incomplete or missing"):
        hub_import(hub, cut)
    bad = variant("bad")
    data = bytearray((bad / media_rel(sha)).read_bytes())
    data[5000] ^= 0xFF
    (bad / media_rel(sha)).write_bytes(bytes(data))
    with pytest.raises(BundleError, match="damaged"):
        hub_import(hub, bad)
    trick = variant("trick")
    manifest = json.loads((trick / MANIFEST).read_text())
    manifest["media"][0]["path"] = "../../../etc/passwd"
    (trick / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BundleError, match="outside its folder"):
        hub_import(hub, trick)
    link = variant("link")
    (tmp_path / "secret").write_bytes(b"x" * 10)
    target = link / media_rel(sha)
    target.unlink()
    os.symlink(tmp_path / "secret", target)
    with pytest.raises(BundleError, match="outside its folder"):
        hub_import(hub, link)
    half = variant("half")
    records = half / "records.jsonl"
    records.write_bytes(records.read_bytes()[:-40])
    with pytest.raises(BundleError, match="incomplete or damaged"):
        hub_import(hub, half)
    unfinished = variant("unfinished")
    (unfinished / MANIFEST).unlink()
    with pytest.raises(BundleError, match="no finished bundle"):
        hub_import(hub, unfinished)
    with pytest.raises(BundleError, match="other way"):
        bundle.import_bundle(station, good)
    # None of it reached the hub.
    assert not hub_has(hub, "item", item_id) and not hub_file(hub, sha).exists()

    # A bundle for another station is refused by the station.
    store = HubStore(hub.data_dir)
    try:
        store.add_station("Xã khác")
    finally:
        store.close()
    other_down = tmp_path / "other-down"
    hub_export(hub, "Xã khác", other_down)
    before = station.db.execute("SELECT count(*) FROM items").fetchone()[0]
    with pytest.raises(BundleError, match="Xã khác"):
        bundle.import_bundle(station, other_down)
    assert station.db.execute("SELECT count(*) FROM items").fetchone()[0] == before
    # And the hub refuses a station bundle named for another station.
    with pytest.raises(BundleError, match="Yên Bình"):
        hub_import(hub, good, "Xã khác")


def test_bundles_from_the_command_line(station: Station, hub: HubProcess, token: str,
                                       proxy: FaultProxy, datadir: DataDir,
                                       tmp_path: Path) -> None:
    _text_id, item_id, sha = offline_work(station, proxy, token)
    station.close()
    usb = tmp_path / "usb"
    out = run_cli("sync", "export-bundle", str(usb), "--json", data_dir=datadir.root)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["files"] == 1
    got = run_cli("hub", "import-bundle", str(usb), "--data-dir", str(hub.data_dir))
    assert got.returncode == 0, got.stderr
    assert "files_new=1" in got.stdout and hub_file(hub, sha).is_file()
    bad = run_cli("hub", "import-bundle", str(tmp_path / "nowhere"), "--data-dir",
                  str(hub.data_dir))
    assert bad.returncode == 1 and "no finished bundle" in bad.stderr
    down = tmp_path / "down"
    back = run_cli("hub", "export-bundle", str(down), "--station", "Yên Bình", "--data-dir",
                   str(hub.data_dir))
    assert back.returncode == 0, back.stderr
    applied = run_cli("sync", "import-bundle", str(down), data_dir=datadir.root)
    assert applied.returncode == 0, applied.stderr
    assert hub_has(hub, "item", item_id)


def test_admin_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", "adm_test-token-123")
    with HubProcess(tmp_path / "hub") as hub:
        store = HubStore(hub.data_dir)
        try:
            store.add_station("Xã Yên Bình")
        finally:
            store.close()
        base = hub.url
        assert httpx.get(f"{base}/admin").status_code == 401
        assert httpx.get(f"{base}/admin", auth=("x", "wrong")).status_code == 401
        page = httpx.get(f"{base}/admin", auth=("province", "adm_test-token-123"))
        assert page.status_code == 200 and "Xã Yên Bình" in page.text
        wav = write_wav(tmp_path / "tin.wav", sine(440.0, 1.0))
        params = {"feed": "tinh", "title": "Bản tin tỉnh", "description": "Trưa nay",
                  "filename": "tin.wav"}
        no_header = httpx.post(f"{base}/admin/relay", params=params, content=wav.read_bytes(),
                               auth=("p", "adm_test-token-123"))
        assert no_header.status_code == 403  # a form on another site cannot send it
        ok = httpx.post(f"{base}/admin/relay", params=params, content=wav.read_bytes(),
                        auth=("p", "adm_test-token-123"), headers={"X-Hub-Admin": "1"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["size"] == wav.stat().st_size
        bad = httpx.post(f"{base}/admin/relay", params={**params, "feed": "../x"},
                         content=b"abc", auth=("p", "adm_test-token-123"),
                         headers={"X-Hub-Admin": "1"})
        assert bad.status_code == 400
        listed = httpx.get(f"{base}/admin", auth=("p", "adm_test-token-123")).text
        assert "tinh" in listed
        # The station sees it in the feed (with its own token).
        store = HubStore(hub.data_dir)
        try:
            _sid, st_token = store.add_station("Xã khác")
        finally:
            store.close()
        rss = httpx.get(f"{base}/api/sync/v1/relay/tinh.rss",
                        headers={"Authorization": f"Bearer {st_token}"})
        assert rss.status_code == 200 and "Bản tin tỉnh" in rss.text


def test_second_workstation_restored_by_bundle(station: Station, hub: HubProcess, token: str,
                                               proxy: FaultProxy, tmp_path: Path,
                                               template_station: Path) -> None:
    _text_id, item_id, _sha = offline_work(station, proxy, token)
    usb = tmp_path / "usb"
    bundle.export_bundle(station, usb)
    hub_import(hub, usb)
    other = second_station(tmp_path, template_station)
    try:
        from station import settings

        settings.STATION_NAME.set(other.db, "Yên Bình")
        down = tmp_path / "down"
        store = HubStore(hub.data_dir)
        try:
            store.set_meta(f"bundle_cursor:{outbox.get_state(station.db, 'station_id')}", "")
        finally:
            store.close()
        hub_export(hub, "Yên Bình", down)
        report, _ = bundle.import_bundle(other, down)
        assert report.changes >= 3
        got = library.get_item(other, item_id)
        assert got is not None and got.title == "Phóng sự tuần"
    finally:
        other.close()


def test_failed_import_leaves_no_files(station: Station, hub: HubProcess, token: str,
                                       proxy: FaultProxy, tmp_path: Path,
                                       template_station: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are placed under store intents: when the transaction fails after they are in
    the store, none stays behind; the same bundle then applies whole."""
    from station import settings
    from station.library import archive

    _text_id, item_id, _sha = offline_work(station, proxy, token)
    usb = tmp_path / "usb"
    bundle.export_bundle(station, usb)
    hub_import(hub, usb)
    wav = write_wav(tmp_path / "vov.wav", sine(440.0, 2.0, level_dbfs=-18.0))
    add_relay_item(hub.data_dir, "vov1", wav, "Thời sự VOV", category="Thời sự")
    other = second_station(tmp_path, template_station)
    try:
        settings.STATION_NAME.set(other.db, "Yên Bình")
        store = HubStore(hub.data_dir)
        try:  # the whole feed, as a new workstation needs it
            store.set_meta(f"bundle_cursor:{outbox.get_state(station.db, 'station_id')}", "")
        finally:
            store.close()
        down = tmp_path / "down"
        files = hub_export(hub, "Yên Bình", down).files
        assert files >= 1  # the relay programme's file at least
        store_files = other.store.root / "sha256"

        def disk_full(*_a: object, **_k: object) -> None:
            # The transaction's last step fails (as with a full disk), after the files are in.
            assert len([p for p in store_files.rglob("*") if p.is_file()]) == files
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(other, "audit", disk_full)
        with pytest.raises(OSError):
            bundle.import_bundle(other, down)
        assert not [p for p in store_files.rglob("*") if p.is_file()]
        assert other.db.execute("SELECT count(*) FROM store_intents").fetchone()[0] == 0
        assert library.get_item(other, item_id) is None and library.count(other) == 0
        assert outbox.get_state(other.db, "cursor") == ""

        monkeypatch.undo()
        report, _ = bundle.import_bundle(other, down)
        assert report.files_copied == files and report.imported == 1, report.warnings
        assert library.get_item(other, item_id) is not None
        assert not archive.verify(other, quick=True).orphans
    finally:
        other.close()


def test_bundle_lines_are_typed_and_say_the_direction_whole(
        station: Station, hub: HubProcess, token: str, proxy: FaultProxy,
        tmp_path: Path) -> None:
    """A bundle taken the wrong way is refused in one whole translatable sentence per case,
    and what an import could not do (a relay file that is not audio) comes back as typed
    lines that the Sync page words through ui.errors.describe."""
    from sync.errors import Problem

    offline_work(station, proxy, token)
    up = tmp_path / "up"
    bundle.export_bundle(station, up)
    with pytest.raises(BundleError) as wrong_way:
        bundle.import_bundle(station, up)  # a station's bundle, for the hub
    assert wrong_way.value.context == "sync" and not wrong_way.value.params
    assert "made for the hub" in wrong_way.value.template
    hub_import(hub, up)
    junk = tmp_path / "hong.wav"
    junk.write_bytes(b"not audio at all" * 512)
    publish_unchecked(hub, "vov1", junk, "Tin hỏng", category="Thời sự")
    down = tmp_path / "down"
    hub_export(hub, "Yên Bình", down)
    with pytest.raises(BundleError) as other_way:
        hub_import(hub, down)  # the hub's bundle, for a station
    assert "made for a station" in other_way.value.template and not other_way.value.params

    report, _ = bundle.import_bundle(station, down)
    assert report.imported == 0 and len(report.warnings) == 1
    [line] = report.warnings
    assert isinstance(line, Problem) and line.context == "sync"
    assert line.params["title"] == "Tin hỏng" and hasattr(line.params["reason"], "template")
    assert str(line).startswith("the relay item \u201cTin hỏng\u201d was not imported: ")
    assert report.to_json_dict()["warnings"] == [str(line)]
