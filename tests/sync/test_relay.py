"""Relay feeds: published on the hub, read by the station, downloaded, verified, imported;
and feeds that try to hurt (XML bombs, external entities, lying sizes, traversal, full disk)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from station.library import items as library
from station.station import Station
from sync import relay
from sync.errors import FeedRefused
from sync.faultproxy import FaultProxy
from sync.hub.process import HubProcess
from sync.hub.serve import add_relay_item, add_station
from sync.transport import Hub
from tests.support.feeds import BOMB, XXE, Server, feed, tone


def test_hub_relay_feed_lands_in_library(station: Station, hub: HubProcess,
                                         tmp_path: Path) -> None:
    _, token = add_station(hub.data_dir, "Yên Bình")
    add_relay_item(hub.data_dir, "vov1", tone(tmp_path / "thoi-su.wav", 3.0),
                   "Thời sự VOV 6 giờ", description="Bản tin sáng")
    with FaultProxy(hub.port) as proxy, Hub(proxy.url, token, stall_s=2) as h:
        relay.subscribe(station, f"{proxy.url}/api/sync/v1/relay/vov1.rss", "Thời sự")
        proxy.cut_every(96_000, 4, "down")  # the download is cut and resumes with Range
        report = relay.refresh(station, h)
        assert not report.errors, report.errors
        assert len(report.imported) == 1
        item = library.get_item(station, report.imported[0])
        assert item is not None and item.title == "Thời sự VOV 6 giờ"
        assert item.category == "Thời sự"
        again = relay.refresh(station, h)  # nothing new, nothing twice
        assert again.imported == [] and library.count(station) == 1


@pytest.mark.parametrize("body", [BOMB, XXE], ids=["bomb", "external-entity"])
def test_hostile_xml_refused(station: Station, body: bytes) -> None:
    srv = Server({"/feed.rss": ("application/rss+xml", body)})
    try:
        relay.subscribe(station, f"{srv.url}/feed.rss")
        report = relay.refresh(station)
        assert report.errors and "not safe XML" in str(report.errors[0])
        # A typed line: the UI translates its template in the "sync" context.
        assert isinstance(report.errors[0], FeedRefused) and report.errors[0].context == "sync"
        assert report.errors[0].params["reason"] in ("EntitiesForbidden", "DTDForbidden")
        assert library.count(station) == 0
    finally:
        srv.close()


def test_enclosure_lying_about_size(station: Station, tmp_path: Path) -> None:
    audio = tone(tmp_path / "a.wav").read_bytes()
    srv = Server({})
    srv.routes.update({"/feed.rss": ("application/rss+xml", feed(srv.url, 1000)),
                       "/tin.wav": ("audio/wav", audio)})
    try:
        relay.subscribe(station, f"{srv.url}/feed.rss")
        report = relay.refresh(station)
        assert report.errors and "larger than the 1000 bytes announced" in str(report.errors[0])
        assert report.errors[0].params["size"] == 1000
        assert library.count(station) == 0
        assert not list((station.datadir.root / "sync" / "relay").glob("*.part"))
    finally:
        srv.close()


def test_path_traversal_in_names() -> None:
    for url in ("http://h/..%2F..%2Fetc%2Fpasswd", "http://h/a/../../x.wav",
                "http://h/%2E%2E%5C%2E%2E%5Cboot.ini", "http://h/.bashrc"):
        name = relay.safe_name(url, "audio/wav", "t")
        assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_full_disk_during_download(station: Station, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    audio = tone(tmp_path / "a.wav").read_bytes()
    srv = Server({})
    srv.routes.update({"/feed.rss": ("application/rss+xml", feed(srv.url, len(audio))),
                       "/tin.wav": ("audio/wav", audio)})
    import builtins

    from sync import media

    real_open = builtins.open

    class Full:
        def __init__(self, fh: object) -> None:
            self.fh = fh

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(self.fh, name)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()  # type: ignore[attr-defined]

    def full_open(path: object, mode: str = "r", *a: object, **k: object) -> object:
        fh = real_open(path, mode, *a, **k)  # type: ignore[call-overload]
        return Full(fh) if str(path).endswith(".part") and "b" in mode and "r" not in mode \
            else fh

    try:
        relay.subscribe(station, f"{srv.url}/feed.rss")
        monkeypatch.setattr(media, "open", full_open, raising=False)
        report = relay.refresh(station)
        assert report.errors and "is full" in str(report.errors[0])
        monkeypatch.undo()
        report = relay.refresh(station)  # space again: it resumes and imports
        assert not report.errors, report.errors
        assert library.count(station) == 1
    finally:
        srv.close()


def test_bad_feed_address_refused(station: Station) -> None:
    with pytest.raises(FeedRefused):
        relay.subscribe(station, "file:///etc/passwd")


def test_refused_type_and_failed_import_are_typed(station: Station, tmp_path: Path) -> None:
    from sync.errors import Problem

    srv = Server({})
    junk = b"not audio at all" * 64
    srv.routes.update({
        "/feed.rss": ("application/rss+xml", f"""<?xml version="1.0"?><rss version="2.0">
<channel><title>T</title>
<item><title>Phần mềm</title><guid>g1</guid>
<enclosure url="{srv.url}/x.exe" length="10" type="application/x-msdownload"/></item>
<item><title>Tin hỏng</title><guid>g2</guid>
<enclosure url="{srv.url}/tin.wav" length="{len(junk)}" type="audio/wav"/></item>
</channel></rss>""".encode()),
        "/tin.wav": ("audio/wav", junk)})
    try:
        relay.subscribe(station, f"{srv.url}/feed.rss")
        report = relay.refresh(station)
        assert len(report.errors) == 2 and library.count(station) == 0
        refused, failed = report.errors
        assert isinstance(refused, FeedRefused) and refused.params["mime"] == \
            "application/x-msdownload"
        assert "is not audio, video or a picture" in str(refused)
        assert isinstance(failed, Problem) and failed.context == "sync"
        assert failed.params["title"] == "Tin hỏng"
        # Why the import failed is itself a typed error, put in words by the UI.
        assert hasattr(failed.params["reason"], "template")
        assert str(failed).startswith("the relay item \u201cTin hỏng\u201d was not imported: ")
        last = {r[0]: r[1] for r in station.db.execute(
            "SELECT guid, last_error FROM relay_entries")}
        assert last == {"g1": str(refused), "g2": str(failed)}
    finally:
        srv.close()
