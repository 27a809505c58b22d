"""The hub's committed media, content-addressed, behind one interface with two backends: a
folder in the hub's data dir (the embedded default) and an S3 bucket (any S3: AWS, SeaweedFS,
MinIO, a province's cloud), so that many hub processes on many machines serve the same files.

Keys are ``sha256/ab/cd/<hex>`` under the folder or under the bucket's optional prefix. A
stored object is never changed: an existing copy wins, so storing the same file twice (or from
two processes at once) is harmless. Objects carry no metadata: names stay in the database.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from media.files import fsync_dir

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
# S3's rules for a bucket name (3-63 lowercase letters, digits, dots, hyphens).
BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_RANGE_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$", re.ASCII)
PREFIX_RE = re.compile(r"^[A-Za-z0-9!_.*'()/-]*$")
STREAM_CHUNK = 512 * 1024
MiB = 1024 * 1024
MEDIA_ACCEPTED = "an empty value (a folder in the hub's data dir) or s3://BUCKET[/PREFIX]"


class MediaStoreError(Exception):
    """The media store cannot do what was asked; the message says what and why."""


class MediaStore(Protocol):
    """Where the hub keeps committed media. A missing object: ``has`` is False, ``size`` is
    None, ``open`` and ``head`` raise FileNotFoundError. Every other failure (store down, bad
    credentials, no bucket) raises MediaStoreError."""

    describe: str

    def has(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int | None: ...

    def put(self, temp: Path, sha256: str) -> None: ...

    def put_object(self, key_sha256: str, source_key: str) -> None: ...

    def open(self, sha256: str) -> BinaryIO: ...

    def head(self, sha256: str, n: int = 4096) -> bytes: ...

    def response(self, request: Request, sha256: str, media_type: str,
                 headers: dict[str, str]) -> Response: ...

    def check(self) -> None: ...


def open_media(media: str | None, data_dir: Path, s3_endpoint: str | None = None) -> MediaStore:
    """The store ``media`` names: nothing for ``<data_dir>/media``, ``s3://BUCKET[/PREFIX]``
    for a bucket at ``s3_endpoint`` (AWS itself when None). The endpoint is ignored for the
    folder."""
    if not media:
        return FolderMedia(Path(data_dir) / "media")
    if media.startswith("s3://"):
        return S3Media(media, s3_endpoint)
    raise MediaStoreError(f"the media store must be {MEDIA_ACCEPTED}, not {media!r}")


def _sha(sha256: str) -> str:
    # A key is built from it: nothing but 64 hex digits may reach a path or a bucket.
    if not SHA_RE.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


def _relative_key(sha256: str) -> str:
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{_sha(sha256)}"


# -- the folder ------------------------------------------------------------------------------
class FolderMedia:
    """``<root>/sha256/ab/cd/<hex>``, files moved in whole (rename, then the folder synced)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.describe = f"folder {self.root}"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise MediaStoreError(f"cannot make the media folder {self.root}:"
                                  f" {exc.strerror or exc}") from exc

    def path(self, sha256: str) -> Path:
        return self.root / _relative_key(sha256)

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def put(self, temp: Path, sha256: str) -> None:
        final = self.path(sha256)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            if not final.is_file():
                os.replace(temp, final)
                fsync_dir(final.parent)
        except OSError as exc:
            raise MediaStoreError(f"could not store {sha256} in {self.root}:"
                                  f" {exc.strerror or exc}") from exc
        finally:
            temp.unlink(missing_ok=True)

    def put_object(self, key_sha256: str, source_key: str) -> None:
        raise NotImplementedError("a folder store takes files (put), not objects")

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path(sha256), "rb")

    def head(self, sha256: str, n: int = 4096) -> bytes:
        with open(self.path(sha256), "rb") as fh:
            return fh.read(n)

    def response(self, request: Request, sha256: str, media_type: str,
                 headers: dict[str, str]) -> Response:
        path = self.path(sha256)
        if not path.is_file():  # FileResponse would fail halfway instead
            return PlainTextResponse("no such media", 404)
        # Starlette's FileResponse serves Range and If-Range (against our ETag) itself.
        return FileResponse(path, media_type=media_type, headers=headers)

    def check(self) -> None:
        if not self.root.is_dir():
            raise MediaStoreError(f"the media folder {self.root} does not exist")
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise MediaStoreError(f"the media folder {self.root} is not writable by the hub")


# -- S3 --------------------------------------------------------------------------------------
def parse_s3_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of ``s3://BUCKET[/PREFIX]``; the prefix without slashes at its ends."""
    rest = url[len("s3://"):] if url.startswith("s3://") else ""
    bucket, _, prefix = rest.partition("/")
    prefix = prefix.strip("/")
    if not BUCKET_RE.match(bucket) or ".." in bucket:
        raise MediaStoreError(f"{url!r} does not name a bucket: the media store must be"
                              f" {MEDIA_ACCEPTED} (a bucket name is 3 to 63 lowercase letters,"
                              " digits, dots or hyphens)")
    if not PREFIX_RE.match(prefix) or "//" in prefix or ".." in prefix.split("/"):
        raise MediaStoreError(f"the key prefix {prefix!r} in {url!r} is not usable: letters,"
                              " digits and !_.*'()- in folders separated by single slashes")
    return bucket, prefix


def _boto_client(endpoint: str | None, region: str | None, attempts: int) -> tuple[Any, Any]:
    """(session, client): path-style addressing (any S3, not only AWS), bounded timeouts,
    retries with backoff, checksums only where S3 requires them (other S3s refuse some)."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise MediaStoreError("S3 media needs boto3, which is not installed: install"
                              " station[hub] (pip install 'station[hub]')") from None
    if endpoint is not None and not re.match(r"^https?://[^/\s]+", endpoint):
        raise MediaStoreError(f"the S3 endpoint must be an http:// or https:// URL, not"
                              f" {endpoint!r}")
    options: dict[str, Any] = {
        "s3": {"addressing_style": "path"}, "connect_timeout": 5, "read_timeout": 60,
        "retries": {"max_attempts": attempts, "mode": "standard"},
        "max_pool_connections": 64,  # each streaming download holds one for its length
        "request_checksum_calculation": "when_required",
        "response_checksum_validation": "when_required"}
    try:
        config = Config(**options)
    except TypeError:  # botocore before 1.36 has no checksum settings (and sends none)
        del options["request_checksum_calculation"], options["response_checksum_validation"]
        config = Config(**options)
    try:
        session = boto3.session.Session()
        client = session.client("s3", endpoint_url=endpoint or None,
                                region_name=region or session.region_name or "us-east-1",
                                config=config)
    except Exception as exc:  # a missing AWS profile, a malformed config file or region
        raise MediaStoreError(f"cannot set up the S3 client: {exc}") from exc
    return session, client


class S3Media:
    """Media in an S3 bucket: ``<prefix>/sha256/ab/cd/<hex>``. Credentials come from the
    standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an AWS profile). ``attempts``: how
    many times one request is tried before a network failure is an error."""

    # Multipart from 64 MiB: a failed part is retried alone, not the whole file.
    multipart_threshold = 64 * MiB
    multipart_chunksize = 16 * MiB

    def __init__(self, url: str, endpoint: str | None = None, *, region: str | None = None,
                 attempts: int = 4) -> None:
        self.bucket, self.prefix = parse_s3_url(url)
        self.endpoint = endpoint
        self.region = region
        self._session, self.client = _boto_client(endpoint, region, attempts)
        self._probe: Any = None
        where = endpoint or f"AWS ({self.client.meta.region_name})"
        self.describe = f"s3://{self.bucket}{'/' + self.prefix if self.prefix else ''} at {where}"

    def key(self, name: str) -> str:
        """The full key of ``name`` under the prefix (``uploads/<id>``, ``sha256/...``)."""
        return f"{self.prefix}/{name}" if self.prefix else name

    def media_key(self, sha256: str) -> str:
        return self.key(_relative_key(sha256))

    # -- errors ------------------------------------------------------------------------
    def _where(self) -> str:
        return self.endpoint or str(self.client.meta.endpoint_url)

    def _access_key(self) -> str:
        try:
            creds = self._session.get_credentials()
        except Exception:  # a broken profile: the error itself says more elsewhere
            return "?"
        return str(creds.access_key) if creds is not None else "?"

    def explain(self, exc: BaseException, action: str, *,
                bucket_level: bool = False) -> MediaStoreError:
        """One sentence for a botocore failure: what could not be done and why.
        ``bucket_level``: the request was about the bucket, so a bare 404 means no bucket."""
        from botocore.exceptions import (
            ClientError,
            HTTPClientError,
            NoCredentialsError,
            PartialCredentialsError,
            ReadTimeoutError,
        )
        from botocore.exceptions import ConnectionError as NetworkError

        where, bucket = self._where(), self.bucket
        if type(exc).__name__ == "S3UploadFailedError" and isinstance(exc.__context__,
                                                                       ClientError):
            exc = exc.__context__  # upload_file wraps the real error in text
        if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
            return MediaStoreError(f"cannot {action}: no S3 credentials were found; set"
                                   " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        if isinstance(exc, ReadTimeoutError):
            return MediaStoreError(f"cannot {action}: the S3 endpoint {where} did not answer"
                                   " in time")
        if isinstance(exc, (NetworkError, HTTPClientError)):
            return MediaStoreError(f"cannot {action}: the S3 endpoint {where} cannot be reached"
                                   f" ({_reason(exc)}); is the object store running and the"
                                   " endpoint right?")
        if not isinstance(exc, ClientError):
            return MediaStoreError(f"cannot {action}: {exc}")
        err = exc.response.get("Error", {})
        code = str(err.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        key = self._access_key()
        if code == "NoSuchBucket" or (code in ("404", "NotFound") and bucket_level):
            return MediaStoreError(f"the bucket '{bucket}' does not exist at {where}: create it"
                                   " first (the hub stores media in it but never creates it)")
        if code == "InvalidAccessKeyId":
            return MediaStoreError(f"cannot {action}: the S3 access key '{key}' is not known"
                                   f" at {where}; check AWS_ACCESS_KEY_ID")
        if code == "SignatureDoesNotMatch":
            return MediaStoreError(f"cannot {action}: the S3 secret key is wrong for the access"
                                   f" key '{key}' at {where}; check AWS_SECRET_ACCESS_KEY")
        if code in ("AccessDenied", "403", "Forbidden") or status == 403:
            return MediaStoreError(f"cannot {action}: {where} refused the access key '{key}'"
                                   f" on bucket '{bucket}' (wrong secret key, or a key without"
                                   " the right); check AWS_ACCESS_KEY_ID and"
                                   " AWS_SECRET_ACCESS_KEY and the key's policy")
        if code == "InvalidBucketName":
            return MediaStoreError(f"'{bucket}' is not a bucket name {where} accepts")
        message = err.get("Message") or code
        return MediaStoreError(f"cannot {action}: S3 at {where} answered {status or ''}"
                               f" {code}: {message}".replace("  ", " "))

    def _missing(self, exc: Exception) -> bool:
        return _code(exc) in ("404", "NoSuchKey", "NotFound")

    # -- the interface -----------------------------------------------------------------
    def size(self, sha256: str) -> int | None:
        return self._size(self.media_key(sha256), f"look up {sha256}")

    def _size(self, key: str, action: str) -> int | None:
        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"])
        except Exception as exc:
            if self._missing(exc):
                return None
            raise self.explain(exc, action) from exc

    def has(self, sha256: str) -> bool:
        return self.size(sha256) is not None

    def put(self, temp: Path, sha256: str) -> None:
        from boto3.s3.transfer import TransferConfig

        key = self.media_key(sha256)
        try:
            if self.has(sha256):
                return
            size = temp.stat().st_size
            config = TransferConfig(multipart_threshold=self.multipart_threshold,
                                    multipart_chunksize=self.multipart_chunksize,
                                    max_concurrency=4)
            try:
                self.client.upload_file(str(temp), self.bucket, key, Config=config)
            except Exception as exc:
                raise self.explain(exc, f"store {sha256}") from exc
            stored = self.size(sha256)
            if stored != size:
                self._delete(key)
                raise MediaStoreError(f"S3 at {self._where()} kept {stored} bytes of {sha256},"
                                      f" not {size}: it was not stored")
        except OSError as exc:
            raise MediaStoreError(f"could not read {temp}: {exc.strerror or exc}") from exc
        finally:
            temp.unlink(missing_ok=True)

    def put_object(self, key_sha256: str, source_key: str) -> None:
        """Give the object at ``source_key`` (a full key, as :meth:`key` makes it) its content
        address, then delete it: a copy inside S3, no byte through the hub."""
        from boto3.s3.transfer import TransferConfig

        target = self.media_key(key_sha256)
        try:
            if not self.has(key_sha256):
                # One CopyObject up to 4 GiB; beyond it, a multipart copy (UploadPartCopy).
                config = TransferConfig(multipart_threshold=4096 * MiB,
                                        multipart_chunksize=512 * MiB)
                self.client.copy({"Bucket": self.bucket, "Key": source_key}, self.bucket,
                                 target, Config=config)
            self.client.delete_object(Bucket=self.bucket, Key=source_key)
        except MediaStoreError:
            raise
        except Exception as exc:
            if self._missing(exc):
                raise MediaStoreError(f"cannot store {key_sha256}: there is no object"
                                      f" '{source_key}' in bucket '{self.bucket}'") from exc
            raise self.explain(exc, f"store {key_sha256} from {source_key}") from exc

    def _delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except Exception as exc:
            raise self.explain(exc, f"delete {key}") from exc

    def _get(self, key: str, action: str, byte_range: str | None = None) -> Any:
        """get_object's answer; FileNotFoundError when there is no such object."""
        extra = {"Range": byte_range} if byte_range else {}
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key, **extra)
        except Exception as exc:
            if self._missing(exc):
                raise FileNotFoundError(f"no object {key} in bucket {self.bucket}") from exc
            raise self.explain(exc, action) from exc

    def open(self, sha256: str) -> BinaryIO:
        body = self._get(self.media_key(sha256), f"read {sha256}")["Body"]
        return io.BufferedReader(_BodyReader(body, self, sha256), buffer_size=MiB)

    def head(self, sha256: str, n: int = 4096) -> bytes:
        if n <= 0:
            return b""
        key = self.media_key(sha256)
        try:  # one request: it runs for every media answer (the type comes from the bytes)
            answer = self.client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{n - 1}")
        except Exception as exc:
            if self._missing(exc):
                raise FileNotFoundError(f"no object {key} in bucket {self.bucket}") from exc
            if _code(exc) == "InvalidRange":
                return b""  # an empty object: S3 answers 416 to any range of it
            raise self.explain(exc, f"read {sha256}") from exc
        body = answer["Body"]
        try:
            return bytes(body.read())
        finally:
            body.close()

    def response(self, request: Request, sha256: str, media_type: str,
                 headers: dict[str, str]) -> Response:
        return _S3Response(self, sha256, media_type, headers)

    def check(self) -> None:
        if self._probe is None:
            # Readiness is asked again and again: one quick try, no retries.
            self._probe = _boto_client(self.endpoint, self.region, 1)[1]
        try:
            self._probe.list_objects_v2(Bucket=self.bucket, Prefix=self.key(""), MaxKeys=1)
        except Exception as exc:
            raise self.explain(exc, f"use the bucket '{self.bucket}'", bucket_level=True) from exc


def _code(exc: BaseException) -> str:
    """The S3 error code of a ClientError ("NoSuchKey", "404", ...); "" for anything else."""
    response = getattr(exc, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, dict) else ""


def _reason(exc: BaseException) -> str:
    """The innermost cause of a network failure, in a few words (connection refused, ...)."""
    inner: BaseException = exc
    for _ in range(10):  # a chain, never a loop
        if inner.__context__ is None:
            break
        inner = inner.__context__
    text = str(getattr(inner, "strerror", None) or inner)
    return text.split(": ")[-1] if ": " in text else text


class _BodyReader(io.RawIOBase):
    """An S3 object's body as a raw binary stream (a BufferedReader goes on top)."""

    def __init__(self, body: Any, store: S3Media, sha256: str) -> None:
        super().__init__()
        self._body, self._store, self._sha = body, store, sha256

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        from botocore.exceptions import HTTPClientError

        try:
            data = self._body.read(len(buffer))
        except HTTPClientError as exc:
            raise self._store.explain(exc, f"read {self._sha}") from exc
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._body.close()
        super().close()


# -- one Range over S3 -----------------------------------------------------------------------
class RangeNotSatisfiable(Exception):
    """No byte of the asked range exists (the answer is 416)."""


def single_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a one-range ``bytes=`` header against ``size`` bytes; None when
    the header is to be ignored (another unit, several ranges, malformed: RFC 9110 lets a
    server answer those with the whole file). Raises RangeNotSatisfiable when no byte of it
    exists."""
    unit, _, spec = header.partition("=")
    found = _RANGE_SPEC.match(spec)
    if unit.strip().lower() != "bytes" or found is None:
        return None
    first_text, last_text = found.groups()
    if not (first_text or last_text):
        return None
    if not first_text:  # the last N bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise RangeNotSatisfiable
    return first, min(int(last_text), size - 1) if last_text else size - 1


class _S3Response(Response):
    """GET/HEAD of one object with single Range and If-Range, streamed from S3 in chunks;
    every boto3 call and chunk read runs in a worker thread, never on the event loop. Headers
    set on it before it is sent (``response.headers[...]``) go out with it."""

    def __init__(self, store: S3Media, sha256: str, media_type: str,
                 headers: dict[str, str]) -> None:
        self.store, self.sha = store, sha256
        self.media_type = media_type
        self.status_code = 200
        self.background = None
        self.init_headers(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        import anyio
        from starlette.datastructures import Headers

        key, action = self.store.media_key(self.sha), f"read {self.sha}"
        # The inner responses set the length and the type themselves.
        headers = {k: v for k, v in self.headers.items()
                   if k not in ("content-length", "content-type")}
        headers["accept-ranges"] = "bytes"
        asked = Headers(scope=scope)
        if_range = asked.get("if-range")
        wants_range = bool(asked.get("range")) and (if_range is None
                                                    or if_range == headers.get("etag"))
        answer: Any = None
        if scope["method"] == "GET" and not wants_range:
            # The whole file: one request, its length comes with it.
            try:
                answer = await anyio.to_thread.run_sync(self.store._get, key, action)
            except FileNotFoundError:
                return await PlainTextResponse("no such media", 404)(scope, receive, send)
            size = int(answer["ContentLength"])
        else:
            found = await anyio.to_thread.run_sync(self.store._size, key, action)
            if found is None:
                return await PlainTextResponse("no such media", 404)(scope, receive, send)
            size = found
        byte_range = None
        if wants_range:
            try:
                byte_range = single_range(asked["range"], size)
            except RangeNotSatisfiable:
                return await Response(status_code=416, headers={
                    **headers, "content-range": f"bytes */{size}"})(scope, receive, send)
        status, length = 200, size
        if byte_range is not None:
            status, length = 206, byte_range[1] - byte_range[0] + 1
            headers["content-range"] = f"bytes {byte_range[0]}-{byte_range[1]}/{size}"
        headers["content-length"] = str(length)
        if scope["method"] == "HEAD" or length == 0:
            if answer is not None:
                answer["Body"].close()
            return await Response(b"", status, headers, self.media_type)(scope, receive, send)
        if answer is None:
            wanted = f"bytes={byte_range[0]}-{byte_range[1]}" if byte_range else None
            answer = await anyio.to_thread.run_sync(self.store._get, key, action, wanted)
        body = answer["Body"]

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await anyio.to_thread.run_sync(body.read, STREAM_CHUNK):
                yield chunk

        try:
            await StreamingResponse(chunks(), status, headers, self.media_type)(
                scope, receive, send)
        finally:
            body.close()  # also when the listener went away halfway
