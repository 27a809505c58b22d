"""The hub side of relay feeds: `station hub add-relay` publishes only what the hub could
decode (its type comes from the decoding, not the file name), and /relay/{feed}.rss serves
the feed with the enclosure lengths and types the hub derived, over loopback HTTP."""

from __future__ import annotations

import unicodedata
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from defusedxml import ElementTree as SafeET

from media import ffmpeg
from sync.hub.process import HubProcess
from tests.support.cli import run_cli
from tests.support.feeds import tone
from tests.support.hub import hub_count

TITLE = "Thời sự & <Bản tin> trưa: Hoà Bình"
HTML = (b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
        b"<body><h1>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</h1></body></html>\n") * 40


def add_relay(hub: HubProcess, feed: str, path: Path, title: str) -> str:
    """`station hub add-relay` as a province editor runs it; returns the item id."""
    done = run_cli("hub", "add-relay", feed, str(path), "--title", title,
                   "--data-dir", str(hub.data_dir))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def mp3(path: Path, seconds: float = 1.5) -> Path:
    """A short real MP3 (a 440 Hz tone, encoded by the bundled ffmpeg)."""
    ffmpeg.run(["-v", "error", "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                "-ac", "1", "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3", "-y", str(path)])
    return path


def published(hub: HubProcess) -> tuple[int, int, int, int]:
    """Relay items, relay feeds, stored assets and province changes at the hub."""
    return (hub_count(hub, "SELECT count(*) FROM relay_items"),
            hub_count(hub, "SELECT count(*) FROM relay_feeds"),
            hub_count(hub, "SELECT count(*) FROM assets"),
            hub_count(hub, "SELECT count(*) FROM changes"))


def stored_files(hub: HubProcess) -> list[Path]:
    return [p for folder in ("media", "uploads") if (hub.data_dir / folder).is_dir()
            for p in (hub.data_dir / folder).rglob("*") if p.is_file()]


def test_html_page_named_mp3_is_refused(hub: HubProcess, token: str, tmp_path: Path) -> None:
    page = tmp_path / "thoi-su.mp3"
    page.write_bytes(HTML)
    before = published(hub)
    done = run_cli("hub", "add-relay", "vov1", str(page), "--title", TITLE,
                   "--data-dir", str(hub.data_dir))
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout.strip() == ""
    message = done.stderr.strip()
    assert "thoi-su.mp3" in message and "nothing was published" in message
    assert "not a media file" in message or "no readable audio" in message, message
    assert "relay-" not in message  # names the user's file, not the hub's temporary copy
    assert published(hub) == before == (0, 0, 0, 0)
    assert stored_files(hub) == []
    r = httpx.get(f"{hub.url}/api/sync/v1/relay/vov1.rss",
                  headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 404


def test_empty_and_missing_files_are_refused(hub: HubProcess, tmp_path: Path) -> None:
    empty = tmp_path / "trong.wav"
    empty.write_bytes(b"")
    for path, why in ((empty, "empty"), (tmp_path / "khong-co.mp3", "cannot be read")):
        done = run_cli("hub", "add-relay", "vov1", str(path), "--title", TITLE,
                       "--data-dir", str(hub.data_dir))
        assert done.returncode == 1 and path.name in done.stderr and why in done.stderr, \
            done.stderr
    assert published(hub) == (0, 0, 0, 0) and stored_files(hub) == []


def test_feed_serves_what_the_hub_derived(hub: HubProcess, token: str,
                                         tmp_path: Path) -> None:
    # Named .dat: the type can only come from decoding the bytes.
    first = mp3(tmp_path / "ban-tin.dat")
    nfd_title = unicodedata.normalize("NFD", TITLE)
    first_id = add_relay(hub, "vov1", first, nfd_title)
    second = tone(tmp_path / "chuong-trinh.mp3", 0.5)  # a WAV misnamed .mp3
    second_id = add_relay(hub, "vov1", second, "Chương trình thiếu nhi")
    assert published(hub)[:3] == (2, 1, 2)

    auth = {"Authorization": f"Bearer {token}"}
    r = httpx.get(f"{hub.url}/api/sync/v1/relay/vov1.rss", headers=auth)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert r.headers["x-content-type-options"] == "nosniff"
    rss = SafeET.fromstring(r.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    items = rss.findall("./channel/item")
    assert [i.findtext("guid") for i in items] == [second_id, first_id]  # newest first
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
    assert dates[0] >= dates[1] and dates[0].tzinfo is not None

    newest, oldest = items
    assert newest.findtext("title") == "Chương trình thiếu nhi"
    assert oldest.findtext("title") == unicodedata.normalize("NFC", TITLE) != nfd_title
    for item, source, mime in ((oldest, first, "audio/mpeg"), (newest, second, "audio/wav")):
        enclosure = item.find("enclosure")
        assert enclosure is not None
        assert enclosure.get("type") == mime
        assert int(enclosure.get("length") or -1) == source.stat().st_size
        url = enclosure.get("url") or ""
        assert url.startswith(f"{hub.url}/api/sync/v1/media/")
        got = httpx.get(url, headers=auth)
        assert got.status_code == 200 and got.content == source.read_bytes()
        assert got.headers["content-type"].startswith(mime)
        assert httpx.get(url).status_code == 401  # the media route wants the token too
    ext = oldest.find("enclosure")
    assert ext is not None and (ext.get("url") or "").endswith("?ext=mp3")


def test_feed_route_refuses_unknown_feeds_and_missing_tokens(
        hub: HubProcess, token: str, tmp_path: Path) -> None:
    add_relay(hub, "vov1", tone(tmp_path / "tin.wav", 0.3), "Tin sáng")
    url = f"{hub.url}/api/sync/v1/relay"
    auth = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{url}/vov1.rss", headers=auth).status_code == 200
    for feed in ("vov2", "VOV1", "-vov1"):
        missing = httpx.get(f"{url}/{feed}.rss", headers=auth)
        assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert httpx.get(f"{url}/..%2Fhub.rss", headers=auth).status_code == 404
    bare = httpx.get(f"{url}/vov1.rss")
    assert bare.status_code == 401 and bare.json()["error"] == "token_missing"
    wrong = httpx.get(f"{url}/vov1.rss", headers={"Authorization": "Bearer not-a-token"})
    assert wrong.status_code == 401 and wrong.json()["error"] == "token_unknown"


def test_admin_page_refuses_a_page_and_publishes_audio(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", "adm_province-42")
    with HubProcess(tmp_path / "hub") as hub:
        auth, head = ("p", "adm_province-42"), {"X-Hub-Admin": "1"}
        url = f"{hub.url}/admin/relay"
        query = {"feed": "vov1", "title": TITLE, "filename": "thoi-su.mp3"}
        bad = httpx.post(url, params=query, content=HTML, auth=auth, headers=head)
        assert bad.status_code == 400 and "thoi-su.mp3" in bad.json()["message"], bad.text
        assert published(hub) == (0, 0, 0, 0) and stored_files(hub) == []
        audio = mp3(tmp_path / "thoi-su.mp3")
        ok = httpx.post(url, params=query, content=audio.read_bytes(), auth=auth, headers=head)
        assert ok.status_code == 200, ok.text
        assert ok.json()["size"] == audio.stat().st_size
        assert hub_count(hub, "SELECT count(*) FROM relay_items WHERE mime = 'audio/mpeg'"
                         " AND ext = 'mp3'") == 1
