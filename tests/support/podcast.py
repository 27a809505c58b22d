"""A podcast feed served on loopback for the relay UI tests: numbered episodes (Vietnamese
titles, a publication date each), one of them may be a web page in place of its audio."""

from __future__ import annotations

from pathlib import Path

from tests.support.feeds import Server, tone


def item(url: str, n: int, size: int, name: str = "") -> str:
    return f"""  <item>
    <title>Bản tin kỳ {n}</title>
    <guid isPermaLink="false">ban-tin-{n}</guid>
    <pubDate>{n:02d} Mar 2026 17:00:00 +0700</pubDate>
    <enclosure url="{url}/{name or f"ky-{n}.wav"}" length="{size}" type="audio/wav"/>
  </item>
"""


def channel(url: str, items: list[str]) -> bytes:
    return ("""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Tiếng nói Nông thôn</title><language>vi</language>
""" + "".join(items) + "</channel></rss>\n").encode()


def serve(tmp_path: Path, good: list[int], web_page: int | None = None) -> Server:
    """Episodes ``good`` as real audio, and ``web_page`` (if given) as an HTML page sent as
    its enclosure, at ``/feed.rss``."""
    srv = Server({})
    add(srv, tmp_path, good, web_page)
    return srv


def add(srv: Server, tmp_path: Path, good: list[int], web_page: int | None = None) -> None:
    """Publish (again) the feed with these episodes."""
    items = []
    for n in good:
        audio = tone(tmp_path / f"ky-{n}.wav", 0.4 + n / 10).read_bytes()
        srv.routes[f"/ky-{n}.wav"] = ("audio/wav", audio)
        items.append(item(srv.url, n, len(audio)))
    if web_page is not None:
        page = b"<!DOCTYPE html><html><body>Trang web</body></html>"
        srv.routes[f"/ky-{web_page}.wav"] = ("audio/wav", page)
        items.append(item(srv.url, web_page, len(page)))
    srv.routes["/feed.rss"] = ("application/rss+xml", channel(srv.url, items))
