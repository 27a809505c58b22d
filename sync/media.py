"""Moving media: tus uploads that resume from the hub's offset, and downloads that resume
with Range. The upload URL is stored before the first byte is sent, so a killed station
resumes the same upload instead of starting over."""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from media.taskstate import TaskState
from station.clock import now_iso
from station.station import Station
from sync.errors import (
    QT_TRANSLATE_NOOP,
    DiskFull,
    FeedRefused,
    HubRefused,
    Problem,
    SyncError,
)
from sync.transport import TRANSPORT_ERRORS, Hub, backoff_delays

CHUNK = 256 * 1024
TUS = {"Tus-Resumable": "1.0.0"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode()


@dataclass
class UploadResult:
    sha256: str
    size: int
    bytes_sent: int


def _create(hub: Hub, sha256: str, size: int, name: str) -> str:
    resp = hub.request("POST", "/api/sync/v1/files", ok=(201,), headers={
        **TUS, "Upload-Length": str(size),
        "Upload-Metadata": f"sha256 {_b64(sha256)},filename {_b64(name)}"})
    if resp.status_code != 201 or not resp.headers.get("location"):
        raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                         what="upload", reason=f"HTTP {resp.status_code}")
    return str(httpx.URL(hub.url + "/").join(resp.headers["location"]).path)


def upload(st: Station, hub: Hub, sha256: str, path: Path, size: int,
           state: TaskState | None = None) -> UploadResult:
    """Upload one file with tus and commit it; resumes wherever an earlier try stopped."""
    db = st.db
    row = db.execute("SELECT upload_url, status FROM sync_uploads WHERE sha256 = ?",
                     [sha256]).fetchone()
    if row is not None and row[1] == "committed":
        return UploadResult(sha256, size, 0)
    url = row[0] if row and row[0] else None
    if row is None:
        db.execute("INSERT INTO sync_uploads (sha256, size, hub, status, created_at, updated_at)"
                   " VALUES (?, ?, ?, 'pending', ?, ?)", [sha256, size, hub.url, now_iso(),
                                                         now_iso()])
    sent = 0
    delays = backoff_delays(hub.backoff_base)
    failures = 0
    recreated = 0
    last_offset = -1
    while True:
        if state is not None:
            state.check()
        if url is None:
            url = _create(hub, sha256, size, path.name)
            # Stored before any data is sent: a restart resumes this very upload.
            db.execute("UPDATE sync_uploads SET upload_url = ?, status = 'uploading',"
                       " updated_at = ? WHERE sha256 = ?", [url, now_iso(), sha256])
        head = hub.request("HEAD", url, ok=(200,), headers=TUS)
        if head.status_code in (404, 410):
            url = None  # expired or lost on the hub: start a new upload
            recreated += 1
            if recreated > 3:
                raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                                 what="upload", reason="the upload keeps vanishing")
            continue
        offset = int(head.headers.get("upload-offset", "0"))
        if offset > last_offset:
            # The hub kept what came before the cut: go on at once, back off only when a
            # try moves nothing.
            last_offset, failures = offset, 0
            delays = backoff_delays(hub.backoff_base)
        if offset < size:
            try:
                sent += _patch(hub, url, path, offset, size, state)
            except TRANSPORT_ERRORS:
                failures += 1
                if failures >= hub.attempts * 2:
                    raise hub.unreachable(Problem(QT_TRANSLATE_NOOP(
                        "sync", "the upload kept being cut"))) from None
                if failures > 1:
                    hub.sleep(next(delays))
            continue
        resp = hub.request("POST", f"/api/sync/v1/stations/{st_station_id(st)}/assets/"
                           f"{sha256}:commit", ok=(200,), headers={"Content-Type":
                                                                  "application/json"},
                           content=f'{{"upload_url": "{url}"}}'.encode())
        if resp.status_code == 200:
            db.execute("UPDATE sync_uploads SET status = 'committed', bytes_sent = bytes_sent + ?,"
                       " updated_at = ? WHERE sha256 = ?", [sent, now_iso(), sha256])
            return UploadResult(sha256, size, sent)
        if resp.status_code == 422:  # the hub re-hashed and the bytes differ: once more
            url = None
            recreated += 1
            if recreated > 2:
                raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                                 what="upload", reason="the file arrives damaged every time")
            continue
        if resp.status_code == 409:
            continue
        raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                         what="commit", reason=f"HTTP {resp.status_code}")


def st_station_id(st: Station) -> str:
    row = st.db.execute("SELECT value FROM sync_state WHERE key = 'station_id'").fetchone()
    if row is None:
        raise SyncError(QT_TRANSLATE_NOOP("errors", "the hub has not told this station its id "
                                          "yet; sync again"))
    return str(row[0])


def _patch(hub: Hub, url: str, path: Path, offset: int, size: int,
           state: TaskState | None) -> int:
    counted = [0]

    def body() -> Iterator[bytes]:
        with open(path, "rb") as fh:
            fh.seek(offset)
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    return
                hub.throttle.take(len(chunk))
                counted[0] += len(chunk)
                hub.bytes_up += len(chunk)
                if state is not None:
                    state.check()
                    state.progress((offset + counted[0]) / max(size, 1))
                yield chunk

    try:
        resp = hub.client.request("PATCH", url, content=body(), headers={
            **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
            "Content-Length": str(size - offset)})
    finally:
        pass
    if resp.status_code == 401:
        from sync.errors import token_refused

        raise token_refused(hub.url, "")
    return counted[0]


def download(client: httpx.Client, url: str, partial: Path, *, expected_size: int | None,
             max_size: int, deadline_s: float, sha256: str | None = None,
             hub: Hub | None = None, attempts: int = 8,
             state: TaskState | None = None) -> tuple[Path, int]:
    """Fetch ``url`` into ``partial`` with Range resume; verify size (and hash if given).
    Returns (path, bytes received this call). Raises FeedRefused for a lying or oversize
    file, DiskFull when the disk fills (the part file stays for the next try)."""
    start = time.monotonic()
    received = 0
    delays = backoff_delays(hub.backoff_base if hub else 0.5)
    partial.parent.mkdir(parents=True, exist_ok=True)
    etag = ""
    failures = 0
    last_have = -1
    while failures < attempts:
        if time.monotonic() - start > deadline_s:
            break
        have = partial.stat().st_size if partial.exists() else 0
        if have > last_have:  # progress: the next cut is a new story
            last_have, failures = have, 0
            delays = backoff_delays(hub.backoff_base if hub else 0.5)
        if expected_size is not None and have == expected_size:
            break
        headers = {"Range": f"bytes={have}-"} if have else {}
        if have and etag:
            headers["If-Range"] = etag
        try:
            with client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 416 and have:
                    partial.unlink()
                    continue
                if resp.status_code not in (200, 206):
                    if resp.status_code in (401, 403, 404, 410):
                        raise FeedRefused(QT_TRANSLATE_NOOP(
                            "sync", "{url} was refused: the server answered HTTP {status}"),
                            url=url, status=resp.status_code)
                    raise httpx.ReadError(f"HTTP {resp.status_code}")
                etag = resp.headers.get("etag", etag)
                mode = "ab" if resp.status_code == 206 else "wb"
                with open(partial, mode) as out:
                    total = have if mode == "ab" else 0
                    # As the bytes arrive (not in CHUNK blocks): what came before a cut
                    # is on disk, so the resume asks only for the rest.
                    for chunk in resp.iter_bytes():
                        if hub is not None:
                            hub.throttle.take(len(chunk))
                            hub.bytes_down += len(chunk)
                        total += len(chunk)
                        received += len(chunk)
                        # The bytes received are counted: what the feed or the server
                        # declares can lower the limit, never raise it above max_size.
                        limit = max_size if expected_size is None else \
                            min(expected_size, max_size)
                        if total > limit:
                            out.close()
                            partial.unlink(missing_ok=True)
                            if limit == expected_size:
                                raise FeedRefused(QT_TRANSLATE_NOOP(
                                    "sync", "{url} was refused: it is larger than the {size} "
                                            "bytes announced"), url=url, size=limit)
                            raise FeedRefused(QT_TRANSLATE_NOOP(
                                "sync", "{url} was refused: it is larger than the {size} "
                                        "bytes allowed"), url=url, size=limit)
                        try:
                            out.write(chunk)
                            out.flush()
                        except OSError as exc:
                            if exc.errno == errno.ENOSPC:
                                raise DiskFull(QT_TRANSLATE_NOOP("errors", "the disk holding "
                                                                 "{path} is full"),
                                               path=str(partial.parent)) from exc
                            raise
                        if state is not None:
                            state.progress(total / limit)
                        if time.monotonic() - start > deadline_s:
                            raise TimeoutError
                    out.flush()
                    os.fsync(out.fileno())
            if expected_size is None:
                break
        except TRANSPORT_ERRORS:
            failures += 1
            if failures > 1:
                (hub.sleep if hub is not None else time.sleep)(next(delays))
        except TimeoutError:
            break
    have = partial.stat().st_size if partial.exists() else 0
    if expected_size is not None and have != expected_size:
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: only {have} of {size} "
                                            "bytes arrived before the deadline"),
                          url=url, have=have, size=expected_size)
    if sha256 is not None and _sha256(partial) != sha256:
        partial.unlink(missing_ok=True)
        raise FeedRefused(QT_TRANSLATE_NOOP("sync", "{url} was refused: its content does not "
                                            "match its SHA-256"), url=url)
    return partial, received


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fetch_asset(st: Station, hub: Hub, sha256: str, ext: str, size: int,
                state: TaskState | None = None) -> int:
    """Download one asset's file from the hub into the media store (verified)."""
    partial = st.datadir.root / "sync" / "partial" / f"{sha256}.part"
    path, got = download(hub.client, f"/api/sync/v1/media/{sha256}", partial,
                         expected_size=size, max_size=size, deadline_s=3600,
                         sha256=sha256, hub=hub, state=state)
    st.store.commit(path, sha256, ext)
    return got
