"""Media per station on the real hub (loopback): a station reads, checks and commits only
files it uploaded itself or that the province published; the type served comes from the
bytes, never from the client, and no media answer lets a browser run what it holds."""

from __future__ import annotations

import base64
import hashlib
import io
import wave
from pathlib import Path

import httpx
import pytest

from sync.hub.mediatype import KNOWN_TYPES, media_type_of
from sync.hub.process import HubProcess
from sync.hub.store import HubStore
from tests.support.hub import hub_file, open_hub_store, publish_unchecked

BASE = "/api/sync/v1"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def wav_bytes(frames: int = 800) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(bytes(range(256)) * (frames * 2 // 256 + 1))
    return out.getvalue()


def add(hub: HubProcess, name: str) -> tuple[str, str]:
    store = HubStore(hub.data_dir)
    try:
        return store.add_station(name)
    finally:
        store.close()


def client(hub: HubProcess, token: str) -> httpx.Client:
    return httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"},
                        timeout=20)


def tus_upload(c: httpx.Client, data: bytes, name: str = "tin.wav") -> str:
    """A whole tus upload; returns its URL (not committed yet)."""
    meta = (f"sha256 {base64.b64encode(hashlib.sha256(data).hexdigest().encode()).decode()},"
            f"filename {base64.b64encode(name.encode()).decode()}")
    made = c.post(f"{BASE}/files", headers={"Tus-Resumable": "1.0.0",
                                            "Upload-Length": str(len(data)),
                                            "Upload-Metadata": meta})
    assert made.status_code == 201, made.text
    url = made.headers["location"]
    sent = c.patch(url, content=data, headers={
        "Tus-Resumable": "1.0.0", "Upload-Offset": "0",
        "Content-Type": "application/offset+octet-stream"})
    assert sent.status_code == 204
    return url


def commit(c: httpx.Client, sid: str, sha: str, body: dict[str, str]) -> httpx.Response:
    return c.post(f"{BASE}/stations/{sid}/assets/{sha}:commit", json=body)


def check(c: httpx.Client, sid: str, sha: str) -> list[str]:
    done = c.post(f"{BASE}/stations/{sid}/assets:check", json={"sha256": [sha]})
    assert done.status_code == 200
    return list(done.json()["missing"])


def test_a_station_cannot_fetch_check_or_commit_another_stations_file(hub: HubProcess) -> None:
    a_sid, a_token = add(hub, "Xã A")
    b_sid, b_token = add(hub, "Xã B")
    data = wav_bytes()
    sha = hashlib.sha256(data).hexdigest()
    with client(hub, a_token) as a, client(hub, b_token) as b:
        assert commit(b, b_sid, sha, {"upload_url": tus_upload(b, data)}).status_code == 200
        assert b.get(f"{BASE}/media/{sha}").content == data
        assert check(b, b_sid, sha) == []

        # For A the file is not there: no download, no existence oracle, no free commit.
        got = a.get(f"{BASE}/media/{sha}")
        assert got.status_code == 404 and got.headers["x-content-type-options"] == "nosniff"
        assert a.head(f"{BASE}/media/{sha}").status_code == 404
        assert check(a, a_sid, sha) == [sha]
        bare = commit(a, a_sid, sha, {})
        assert bare.status_code == 400 and bare.json()["error"] == "upload_required"
        # Another station's upload URL is no way in either.
        b_url = tus_upload(b, data + b"x")
        assert commit(a, a_sid, sha, {"upload_url": b_url}).status_code == 404
        # Other bytes uploaded under this hash are refused.
        wrong = commit(a, a_sid, sha, {"upload_url": tus_upload(a, data[:-1] + b"\x01")})
        assert wrong.status_code == 422
        assert a.get(f"{BASE}/media/{sha}").status_code == 404

        # A real upload of the same bytes: A owns the file now, kept once on disk.
        assert commit(a, a_sid, sha, {"upload_url": tus_upload(a, data)}).status_code == 200
        assert a.get(f"{BASE}/media/{sha}").content == data
        assert check(a, a_sid, sha) == []
        assert commit(a, a_sid, sha, {}).json()["status"] == "committed"  # a retried commit
    assert hub_file(hub, sha).read_bytes() == data
    with open_hub_store(hub) as store:
        owners = {r[0] for r in store.conn.execute(
            "SELECT station_id FROM asset_owners WHERE sha256 = ?", [sha])}
    assert owners == {a_sid, b_sid}


def test_relay_files_reach_every_station(hub: HubProcess, tmp_path: Path) -> None:
    a_sid, a_token = add(hub, "Xã A")
    source = tmp_path / "tin.wav"
    source.write_bytes(wav_bytes(1200))
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    publish_unchecked(hub, "thoi-su", source, "Tin trưa")
    with client(hub, a_token) as a:
        got = a.get(f"{BASE}/media/{sha}")
        assert got.status_code == 200 and got.content == source.read_bytes()
        assert got.headers["content-type"] == "audio/wav"
        assert "content-disposition" not in got.headers  # audio plays in place
        assert check(a, a_sid, sha) == []


def test_html_named_mp3_is_served_as_an_html_download(hub: HubProcess) -> None:
    sid, token = add(hub, "Xã A")
    sha = hashlib.sha256(HTML).hexdigest()
    with client(hub, token) as c:
        url = tus_upload(c, HTML, "tin.mp3")
        # The type the client claims (with a header smuggled in) is ignored.
        done = commit(c, sid, sha, {"upload_url": url, "mime": "audio/mpeg\r\nX-Poison: 1"})
        assert done.status_code == 200
        got = c.get(f"{BASE}/media/{sha}")
    assert got.status_code == 200 and got.content == HTML
    assert got.headers["content-type"].startswith("text/html")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in got.headers["content-security-policy"]
    assert "x-poison" not in got.headers


def test_a_bad_stored_type_is_corrected_when_read(hub: HubProcess) -> None:
    """Rows written before the hub derived types keep what a client said, CRLF included."""
    sid, token = add(hub, "Xã A")
    data = wav_bytes()
    sha = hashlib.sha256(data).hexdigest()
    with client(hub, token) as c:
        assert commit(c, sid, sha, {"upload_url": tus_upload(c, data)}).status_code == 200
        with open_hub_store(hub) as store, store.tx() as tx:
            tx.execute("UPDATE assets SET mime = ? WHERE sha256 = ?",
                       ["audio/wav\r\nX-Poison: 1", sha])
        got = c.get(f"{BASE}/media/{sha}")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "audio/wav" and "x-poison" not in got.headers
    with open_hub_store(hub) as store:
        assert store.conn.execute("SELECT mime FROM assets WHERE sha256 = ?",
                                  [sha]).fetchone()[0] == "audio/wav"


@pytest.mark.parametrize(("head", "mime"), [
    (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
    (b"\xff\xfb\x90\x64" + bytes(60), "audio/mpeg"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
    (b"fLaC\x00\x00\x00\x22", "audio/flac"),
    (b"OggS\x00\x02" + bytes(22) + b"\x13OpusHead", "audio/ogg"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
    (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "video/mp4"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm"),
    (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", "video/x-matroska"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"%PDF-1.7\n", "application/pdf"),
    ("Tin buổi trưa: xã Yên Bình.\r\n".encode(), "text/plain"),
    (b"  \n<html lang=vi><p>x", "text/html"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "text/plain"),
    (b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
    (b"", "application/octet-stream"),
])
def test_the_type_comes_from_the_first_bytes(head: bytes, mime: str) -> None:
    assert media_type_of(head) == mime
    assert mime in KNOWN_TYPES  # so a stored type the hub derived is trusted when read


def test_an_older_hub_keeps_each_stations_files_readable(tmp_path: Path) -> None:
    """Upgrading: the first uploader and the stations that announced the file own it; a
    station that did neither does not."""
    store = HubStore(tmp_path / "hub")
    try:
        a, b, c = (store.add_station(n)[0] for n in ("Xã A", "Xã B", "Xã C"))
        data = wav_bytes()
        sha = hashlib.sha256(data).hexdigest()
        temp = store.uploads / "old"
        temp.write_bytes(data)
        store.place_media(temp, sha, len(data), a)
        with store.tx() as tx:  # what an older hub held: no owners, B announced the file
            tx.execute("DELETE FROM asset_owners")
            tx.execute("DELETE FROM meta WHERE key = 'asset_owners'")
            tx.execute("INSERT INTO entities (scope, entity, entity_id, owner, data, field_hlc,"
                       " hlc, seq) VALUES (?, 'asset', ?, 'station', '{}', '{}', 'h', 1)",
                       [b, sha])
    finally:
        store.close()
    store = HubStore(tmp_path / "hub")
    try:
        assert [store.may_read(s, sha) for s in (a, b, c)] == [True, True, False]
    finally:
        store.close()
