"""Outside relay feeds through the real `station relay ...` commands: real-shaped RSS 2.0 and
Atom podcast feeds (iTunes and Podcasting 2.0 tags) served over loopback, the newest N only,
nothing twice, the size cap, web pages, a download cut by one refresh and resumed by the next,
transcripts (WebVTT, SubRip, plain text) as searchable text, hostile XML."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from station import settings
from station.library import items as library
from station.search.run import search
from station.station import Station
from tests.support.cli import ADMIN, password_of, run_cli
from tests.support.feeds import BOMB, XXE, Server, tone

RSS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Bản tin Nông nghiệp</title>
  <link>https://vov.example/nong-nghiep</link>
  <atom:link href="{url}/feed.rss" rel="self" type="application/rss+xml"/>
  <language>vi</language>
  <itunes:author>VOV</itunes:author>
  <itunes:category text="News"/>
  <itunes:explicit>false</itunes:explicit>
  <podcast:locked>no</podcast:locked>
"""


def rss_item(url: str, n: int, size: int | None, *, guid: str = "", day: int = 0,
             name: str = "", mime: str = "audio/wav", transcript: str = "") -> str:
    length = f' length="{size}"' if size is not None else ""
    extra = f'<podcast:transcript url="{url}{transcript}" type="{_type(transcript)}"' \
            ' language="vi"/>' if transcript else ""
    return f"""  <item>
    <title>Kỳ {n}</title>
    <guid isPermaLink="false">{guid or f"vov-nn-{n}"}</guid>
    <pubDate>{day or n:02d} Mar 2026 17:00:00 +0700</pubDate>
    <description><![CDATA[<p>Chương trình kỳ {n}</p>]]></description>
    <enclosure url="{url}/{name or f"ky-{n}.wav"}"{length} type="{mime}"/>
    <itunes:duration>00:01</itunes:duration>
    <itunes:episode>{n}</itunes:episode>
    {extra}
  </item>
"""


def _type(path: str) -> str:
    return {".vtt": "text/vtt", ".srt": "application/srt"}.get(Path(path).suffix, "text/plain")


def rss(url: str, items: list[str]) -> bytes:
    return (RSS_HEAD.format(url=url) + "".join(items) + "</channel>\n</rss>\n").encode()


def relay(data: Path, *args: str) -> Any:
    done = run_cli("relay", *args, "--json", data_dir=data)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else done


def serve_episodes(tmp_path: Path, count: int) -> tuple[Server, list[str]]:
    srv = Server({})
    items = []
    for n in range(1, count + 1):
        audio = tone(tmp_path / f"ky-{n}.wav", 0.5 + n / 10).read_bytes()
        srv.routes[f"/ky-{n}.wav"] = ("audio/wav", audio)
        items.append(rss_item(srv.url, n, len(audio)))
    srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, items))
    return srv, items


def test_subscribe_list_refresh_remove(station: Station, tmp_path: Path) -> None:
    srv, _ = serve_episodes(tmp_path, 4)
    data = station.datadir.root
    try:
        sub = relay(data, "subscribe", f"{srv.url}/feed.rss", "--title", "Nông nghiệp",
                    "--keep", "2")
        assert sub["url"] == f"{srv.url}/feed.rss" and sub["keep"] == 2
        assert sub["title"] == "Nông nghiệp" and sub["id"]
        done = relay(data, "refresh")
        assert done["ok"] and done["errors"] == []
        [feed] = done["feeds"]
        assert feed["reached"] and feed["new"] == 2 and feed["refused"] == []
        assert sorted(a["title"] for a in feed["added"]) == ["Kỳ 3", "Kỳ 4"]  # the newest 2
        assert srv.hits.get("/ky-1.wav") is None and srv.hits.get("/ky-2.wav") is None
        assert library.count(station) == 2
        fetched = dict(srv.hits)

        again = relay(data, "refresh")  # nothing new: nothing added, nothing downloaded
        assert again["feeds"][0]["new"] == 0 and again["feeds"][0]["added"] == []
        assert {k: v for k, v in srv.hits.items() if k.endswith(".wav")} == \
            {k: v for k, v in fetched.items() if k.endswith(".wav")}
        assert library.count(station) == 2

        [listed] = relay(data, "list")
        assert listed["id"] == sub["id"] and listed["keep"] == 2
        assert listed["entries"] == {"pending": 0, "imported": 2, "failed": 0}
        assert listed["last_checked_at"] and listed["last_result"]["added"] == 0
        text = run_cli("relay", "list", data_dir=data)
        assert "Nông nghiệp" in text.stdout and "2 imported" in text.stdout

        gone = run_cli("relay", "remove", sub["id"], data_dir=data)
        assert gone.returncode == 0, gone.stderr
        assert relay(data, "list") == [] and library.count(station) == 2  # items stay
        actions = [r[0] for r in station.db.execute(
            "SELECT action FROM audit WHERE action LIKE 'relay.%' ORDER BY seq")]
        assert actions == ["relay.subscribe", "relay.remove"]
        assert run_cli("relay", "remove", sub["id"], data_dir=data).returncode == 1
    finally:
        srv.close()


def test_changing_guids_download_once(station: Station, tmp_path: Path) -> None:
    srv, items = serve_episodes(tmp_path, 1)
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.rss")
        assert len(relay(data, "refresh")["feeds"][0]["added"]) == 1
        for n in range(3):  # a new guid at every refresh, the same file
            srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, [
                items[0].replace("vov-nn-1", f"renamed-{n}")]))
            feed = relay(data, "refresh")["feeds"][0]
            assert feed["new"] == 0 and feed["added"] == []
        assert srv.hits["/ky-1.wav"] == 1 and library.count(station) == 1
    finally:
        srv.close()


def test_size_cap_cannot_be_raised(station: Station, tmp_path: Path) -> None:
    settings.RELAY_MAX_ENCLOSURE_MB.set(station.db, 0.01)  # 10485 bytes
    srv = Server({})
    srv.endless["/endless.wav"] = "audio/wav"
    srv.routes["/big.wav"] = ("audio/wav", tone(tmp_path / "big.wav", 2.0).read_bytes())
    srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, [
        rss_item(srv.url, 1, 10**10, name="big.wav"),  # declared above the cap
        rss_item(srv.url, 2, None, name="endless.wav"),  # no length; the body never ends
    ]))
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.rss")
        feed = relay(data, "refresh")["feeds"][0]
        reasons = {r["title"]: r["reason"] for r in feed["refused"]}
        assert "declares 10000000000 bytes, more than the 10485 bytes allowed" in reasons["Kỳ 1"]
        assert "larger than the 10485 bytes allowed" in reasons["Kỳ 2"]
        assert srv.hits.get("/big.wav") is None  # refused before a byte moved
        assert feed["added"] == [] and library.count(station) == 0
        assert not list((data / "sync" / "relay").glob("*.part"))
    finally:
        srv.close()


def test_web_page_as_enclosure_refused(station: Station, tmp_path: Path) -> None:
    srv = Server({})
    page = b"<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not here</body></html>"
    srv.routes["/ky-1.mp3"] = ("audio/mpeg", page)
    srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, [
        rss_item(srv.url, 1, len(page), name="ky-1.mp3", mime="audio/mpeg")]))
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.rss")
        done = run_cli("relay", "refresh", data_dir=data)
        assert done.returncode == 0  # the feed was read; one episode refused
        assert "refused Kỳ 1:" in done.stdout and "is a web page, not audio" in done.stdout
        assert library.count(station) == 0
    finally:
        srv.close()


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <title>Sức khỏe cộng đồng</title>
  <id>urn:uuid:4b1c0d2e-0000-4000-8000-000000000001</id>
  <updated>2026-03-05T10:00:00Z</updated>
  <entry>
    <title>Phòng sốt xuất huyết</title>
    <id>urn:uuid:4b1c0d2e-0000-4000-8000-000000000002</id>
    <updated>2026-03-05T10:00:00Z</updated>
    <summary>Bản tin y tế</summary>
    <link rel="enclosure" href="{url}/sxh.wav" length="{size}" type="audio/wav"/>
    <podcast:transcript url="{url}/sxh.vtt" type="text/vtt"/>
  </entry>
</feed>
"""
VTT = """WEBVTT

NOTE made by the station's test

1
00:00:00.000 --> 00:00:02.500
<v Bác sĩ>Diệt lăng quăng trong chum vại

2
00:00:02.500 --> 00:00:05.000
và úp ngược dụng cụ chứa nước.
"""


def test_transcript_is_searchable_text(station: Station, tmp_path: Path) -> None:
    audio = tone(tmp_path / "sxh.wav", 1.0).read_bytes()
    srv = Server({})
    srv.routes.update({
        "/feed.atom": ("application/atom+xml", ATOM.format(url=srv.url, size=len(audio))
                       .encode()),
        "/sxh.wav": ("audio/wav", audio),
        "/sxh.vtt": ("text/vtt", VTT.encode())})
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.atom")
        [added] = relay(data, "refresh")["feeds"][0]["added"]
        for words in ("lăng quăng", "lang quang", "chum vai"):  # only in the transcript
            hits = search(station, words)
            assert [h.id for h in hits] == [added["item_id"]], words
        body = station.db.execute("SELECT body FROM items WHERE id = ?",
                                  [added["item_id"]]).fetchone()[0]
        assert "-->" not in body and "WEBVTT" not in body and "<v" not in body
        assert body.startswith("Diệt lăng quăng")
    finally:
        srv.close()


BROKEN = """<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>
<item><title>Kỳ 1</title><enclosure url="http://x/a.wav" type="audio/wav"></channel>""".encode()


def test_hostile_and_malformed_feeds_refused(station: Station) -> None:
    srv = Server({"/bomb.rss": ("application/rss+xml", BOMB),
                  "/xxe.rss": ("application/rss+xml", XXE),
                  "/broken.rss": ("application/rss+xml", BROKEN)})
    data = station.datadir.root
    try:
        for name in ("bomb", "xxe", "broken"):
            relay(data, "subscribe", f"{srv.url}/{name}.rss")
        done = run_cli("relay", "refresh", "--json", data_dir=data)
        assert done.returncode == 1  # no feed could be read
        result = json.loads(done.stdout)
        assert not result["ok"]
        errors = {f["url"].rsplit("/", 1)[1]: f["error"] for f in result["feeds"]}
        assert all(not f["reached"] for f in result["feeds"])
        assert "not safe XML (EntitiesForbidden)" in errors["bomb.rss"] or \
            "not safe XML (DTDForbidden)" in errors["bomb.rss"]
        assert "not safe XML" in errors["xxe.rss"]
        assert "was refused" in errors["broken.rss"]
        assert library.count(station) == 0
        assert station.db.execute("SELECT count(*) FROM relay_entries").fetchone()[0] == 0
    finally:
        srv.close()


def test_refresh_resumes_a_download_cut_by_the_previous_one(station: Station,
                                                            tmp_path: Path) -> None:
    source = tone(tmp_path / "ky-1.wav", 4.0).read_bytes()  # 128 kB
    half = len(source) // 2
    srv = Server({})
    srv.routes["/ky-1.wav"] = ("audio/wav", source)
    srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, [
        rss_item(srv.url, 1, len(source))]))
    srv.stall_after["/ky-1.wav"] = half  # the link dies in mid-file...
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.rss")
        exe = Path(sys.executable).with_name("station")
        first = subprocess.Popen([str(exe), "--data-dir", str(data), "--user", ADMIN, "relay",
                                  "refresh"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "STATION_PASSWORD": password_of(ADMIN)})
        try:  # ... and the station is switched off while it waits for the rest
            deadline = time.monotonic() + 60
            while not [p for p in (data / "sync" / "relay").glob("*.part")
                       if p.stat().st_size >= half]:
                assert first.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            first.kill()
            first.wait(10)
        [part] = (data / "sync" / "relay").glob("*.part")
        have = part.stat().st_size
        assert have == half and library.count(station) == 0
        [listed] = relay(data, "list")
        assert listed["entries"] == {"pending": 1, "imported": 0, "failed": 0}

        del srv.stall_after["/ky-1.wav"]  # the link is back
        done = run_cli("relay", "refresh", data_dir=data)
        assert done.returncode == 0, done.stdout + done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == "Bản tin Nông nghiệp: 0 new, 0 added, 1 resumed, 0 refused", lines
        assert lines[1].startswith("  resumed Kỳ 1 ("), lines
        item_id = lines[1].split("(")[1].rstrip(")")
        # Resumed where the cut left it, not fetched again from the start.
        assert srv.ranges == [("/ky-1.wav", f"bytes={have}-")]
        sha = station.db.execute("SELECT asset_sha256 FROM items WHERE id = ?",
                                 [item_id]).fetchone()[0]
        assert station.store.path(sha, "wav").read_bytes() == source  # byte-identical
        assert not list((data / "sync" / "relay").glob("*.part"))
        [listed] = relay(data, "list")
        assert listed["last_result"]["resumed"] == 1 and listed["last_result"]["added"] == 0
        text = run_cli("relay", "list", data_dir=data).stdout
        assert ": 0 added, 1 resumed, 0 refused" in text, text
    finally:
        srv.close()


SRT = """1
00:00:00,000 --> 00:00:02,500
Bà con chú ý chằng chống mái tôn

2
00:00:02,500 --> 00:00:05,000
trước khi <i>bão số 3</i> đổ bộ.
"""
# Plain text as some feeds write it: decomposed (NFD) Vietnamese.
PLAIN = unicodedata.normalize("NFD", "Đưa trẻ đi tiêm phòng sởi đúng lịch.\n")


def test_srt_and_plain_text_transcripts_are_searchable(station: Station,
                                                       tmp_path: Path) -> None:
    srv = Server({})
    items = []
    for n, (name, body, mime) in enumerate((("/ky-1.srt", SRT, "application/srt"),
                                            ("/ky-2.txt", PLAIN, "text/plain")), start=1):
        audio = tone(tmp_path / f"ky-{n}.wav", 0.5 + n / 10).read_bytes()
        srv.routes[f"/ky-{n}.wav"] = ("audio/wav", audio)
        srv.routes[name] = (mime, body.encode())
        items.append(rss_item(srv.url, n, len(audio), transcript=name))
    assert 'type="application/srt"' in items[0] and 'type="text/plain"' in items[1]
    srv.routes["/feed.rss"] = ("application/rss+xml", rss(srv.url, items))
    data = station.datadir.root
    try:
        relay(data, "subscribe", f"{srv.url}/feed.rss")
        added = {a["title"]: a["item_id"] for a in relay(data, "refresh")["feeds"][0]["added"]}
        srt_item, plain_item = added["Kỳ 1"], added["Kỳ 2"]
        for words, found in (("chằng chống", srt_item), ("chang chong", srt_item),
                             ("bão số", srt_item), ("bao so", srt_item),
                             ("tiêm phòng sởi", plain_item), ("tiem phong soi", plain_item),
                             ("đúng lịch", plain_item), ("dung lich", plain_item)):
            assert [h.id for h in search(station, words)] == [found], words
        srt_body = station.db.execute("SELECT body FROM items WHERE id = ?",
                                      [srt_item]).fetchone()[0]
        assert srt_body == "Bà con chú ý chằng chống mái tôn\ntrước khi bão số 3 đổ bộ."
    finally:
        srv.close()
