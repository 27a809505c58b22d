"""tus 1.0 uploads on the hub: core, creation, termination, expiration.

The upload URL exists before any data moves (creation carries no body). Where the bytes go
is the media store's (:class:`FolderBytes` here; sync/hub/tus_s3.py for S3). With a folder,
PATCH writes every byte as it arrives, so a cut loses only what was still in flight, and the
offset is the file's size on disk, true even after the hub was killed. Creation is
idempotent per station, hash and length: a creation retried after its answer was lost finds
the same upload. One PATCH at a time per upload: a lock in this process, and on PostgreSQL
an advisory lock every hub process honours.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate
from pathlib import Path
from typing import Any, Protocol

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from sync.hub.store import UPLOAD_TTL_S, HubStore

TUS_VERSION = "1.0.0"
MAX_SIZE = 8 * 1024**3
BASE = "/api/sync/v1/files"


def tus_headers(**extra: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **extra}


def parse_metadata(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in header.split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        try:
            out[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (ValueError, UnicodeDecodeError):
            continue
    return out


def _expires(ts: float) -> str:
    return formatdate(ts, usegmt=True)


STALL_S = 60.0


async def _stalling(request: Request, stall_s: float) -> AsyncIterator[bytes]:
    """The request body, ending as a disconnect when no byte arrives for ``stall_s``."""
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), timeout=stall_s)
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise ClientDisconnect() from None
        yield chunk


class UploadBytes(Protocol):
    """Where a tus upload's bytes stay until it is committed."""

    def begin(self, uid: str) -> dict[str, Any]: ...  # the new upload's stored state
    def offset(self, uid: str, row: dict[str, Any]) -> int: ...
    async def write(self, uid: str, row: dict[str, Any], offset: int,
                    chunks: AsyncIterator[bytes]) -> int: ...  # the offset reached
    def sha256(self, uid: str, row: dict[str, Any]) -> str: ...
    def place(self, uid: str, row: dict[str, Any], sha256: str, by: str) -> None: ...
    def remove(self, uid: str, row: dict[str, Any]) -> None: ...


class FolderBytes:
    """A file per upload in the hub's uploads folder; its size is the offset."""

    def __init__(self, store: HubStore) -> None:
        self.store = store

    def path(self, uid: str) -> Path:
        return self.store.uploads / uid

    def begin(self, uid: str) -> dict[str, Any]:
        self.path(uid).touch()
        return {}

    def offset(self, uid: str, row: dict[str, Any]) -> int:
        try:
            return self.path(uid).stat().st_size
        except FileNotFoundError:
            return 0

    async def write(self, uid: str, row: dict[str, Any], offset: int,
                    chunks: AsyncIterator[bytes]) -> int:
        fd = os.open(self.path(uid), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            async for chunk in chunks:
                os.write(fd, chunk)
                offset += len(chunk)
            return offset
        finally:
            await asyncio.to_thread(os.fsync, fd)
            os.close(fd)

    def sha256(self, uid: str, row: dict[str, Any]) -> str:
        from station.library.archive import hash_file

        return hash_file(self.path(uid))

    def place(self, uid: str, row: dict[str, Any], sha256: str, by: str) -> None:
        temp = self.store.uploads / f"{uid}.commit"
        self.path(uid).rename(temp)
        self.store.place_media(temp, sha256, int(row["length"]), by)

    def remove(self, uid: str, row: dict[str, Any]) -> None:
        self.path(uid).unlink(missing_ok=True)


class TooLong(Exception):
    """A PATCH carried more than the upload's declared length."""

    def __init__(self, offset: int) -> None:
        super().__init__("more data than Upload-Length")
        self.offset = offset


class Uploads:
    def __init__(self, store: HubStore) -> None:
        from sync.hub.media_store import S3Media

        self.store = store
        self.bytes: UploadBytes
        if isinstance(store.media, S3Media):
            from sync.hub.tus_s3 import S3Bytes

            self.bytes = S3Bytes(store, store.media)
        else:
            self.bytes = FolderBytes(store)
        self._locks: dict[str, asyncio.Lock] = {}
        self._gen: dict[str, int] = {}

    def get(self, uid: str, sid: str) -> dict[str, Any] | None:
        with self.store.read() as c:
            row = c.execute("SELECT id, station_id, length, sha256, expires_at, received, state"
                            " FROM uploads WHERE id = ?", [uid]).fetchone()
        if row is None or row[1] != sid:
            return None
        return {"id": row[0], "length": row[2], "sha256": row[3], "expires_at": row[4],
                "received": row[5], "state": json.loads(row[6] or "{}")}

    def offset(self, uid: str, row: dict[str, Any]) -> int:
        return self.bytes.offset(uid, row)

    def expire(self) -> int:
        """Remove uploads past their expiry (the expiration extension)."""
        now = time.time()
        with self.store.tx() as c:
            rows = c.execute("DELETE FROM uploads WHERE expires_at < ? RETURNING id, length,"
                             " received, state", [now]).fetchall()
        for uid, length, received, state in rows:
            self.bytes.remove(uid, {"length": length, "received": received,
                                    "state": json.loads(state or "{}")})
        return len(rows)

    def remove(self, uid: str, row: dict[str, Any]) -> None:
        with self.store.tx() as c:
            c.execute("DELETE FROM uploads WHERE id = ?", [uid])
        self.bytes.remove(uid, row)

    async def commit(self, uid: str, row: dict[str, Any], sha256: str, sid: str) -> bool:
        """Re-hash the whole upload from where it is stored; when it is ``sha256``, move it
        into the media store for ``sid``. False (and the upload removed) when it is not."""
        import anyio

        actual = await anyio.to_thread.run_sync(self.bytes.sha256, uid, row)
        if actual != sha256:
            await anyio.to_thread.run_sync(self.remove, uid, row)
            return False
        await anyio.to_thread.run_sync(self.bytes.place, uid, row, sha256, sid)
        with self.store.tx() as c:
            c.execute("DELETE FROM uploads WHERE id = ?", [uid])
        return True

    @asynccontextmanager
    async def _one_patch(self, uid: str) -> AsyncIterator[bool]:
        """True while this PATCH alone writes the upload; False after 5 s of waiting."""
        import anyio

        lock = self._locks.setdefault(uid, asyncio.Lock())
        try:
            await asyncio.wait_for(lock.acquire(), timeout=5)
        except TimeoutError:
            yield False
            return
        try:
            held = self.store.db.session_lock(f"upload:{uid}", 5.0)
            got = await anyio.to_thread.run_sync(held.__enter__)
            try:
                yield got
            finally:
                await anyio.to_thread.run_sync(held.__exit__, None, None, None)
        finally:
            lock.release()

    # -- handlers ----------------------------------------------------------------------
    def options(self) -> Response:
        return Response(status_code=204, headers=tus_headers(
            **{"Tus-Version": TUS_VERSION, "Tus-Extension": "creation,termination,expiration",
               "Tus-Max-Size": str(MAX_SIZE)}))

    def create(self, request: Request, sid: str) -> Response:
        if request.headers.get("tus-resumable") != TUS_VERSION:
            return Response(status_code=412, headers=tus_headers(**{"Tus-Version": TUS_VERSION}))
        try:
            length = int(request.headers["upload-length"])
        except (KeyError, ValueError):
            return Response("Upload-Length is required", status_code=400, headers=tus_headers())
        if length < 0 or length > MAX_SIZE:
            return Response(status_code=413, headers=tus_headers())
        meta = parse_metadata(request.headers.get("upload-metadata", ""))
        sha = meta.get("sha256", "").lower()
        if sha and (len(sha) != 64 or any(ch not in "0123456789abcdef" for ch in sha)):
            return Response("bad sha256 metadata", status_code=400, headers=tus_headers())
        now = time.time()
        with self.store.tx() as c:
            row = c.execute("SELECT id, expires_at FROM uploads WHERE station_id = ? AND"
                            " sha256 = ? AND length = ? AND sha256 != '' AND expires_at > ?"
                            " ORDER BY created_at DESC LIMIT 1",
                            [sid, sha, length, now]).fetchone()
            if row is not None:
                uid, expires = row[0], row[1]
            else:
                uid, expires = uuid.uuid4().hex, now + UPLOAD_TTL_S
                state = self.bytes.begin(uid)
                c.execute("INSERT INTO uploads (id, station_id, length, sha256, metadata,"
                          " created_at, expires_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [uid, sid, length, sha, json.dumps(meta, ensure_ascii=False), now,
                           expires, json.dumps(state)])
        return Response(status_code=201, headers=tus_headers(
            Location=f"{BASE}/{uid}", **{"Upload-Expires": _expires(expires)}))

    async def head(self, uid: str, sid: str) -> Response:
        # A PATCH whose link was just cut may still be writing what reached us before the
        # cut: wait for it, so the offset we give is final and the client sends nothing twice.
        lock = self._locks.get(uid)
        if lock is not None and lock.locked():
            try:
                await asyncio.wait_for(lock.acquire(), timeout=3)
                lock.release()
            except TimeoutError:
                pass
        up = self.get(uid, sid)
        if up is None:
            return Response(status_code=404, headers=tus_headers())
        if up["expires_at"] < time.time():
            return Response(status_code=410, headers=tus_headers())
        return Response(status_code=200, headers=tus_headers(**{
            "Upload-Offset": str(self.offset(uid, up)), "Upload-Length": str(up["length"]),
            "Upload-Expires": _expires(up["expires_at"]), "Cache-Control": "no-store"}))

    async def patch(self, request: Request, uid: str, sid: str) -> Response:
        if request.headers.get("tus-resumable") != TUS_VERSION:
            return Response(status_code=412, headers=tus_headers(**{"Tus-Version": TUS_VERSION}))
        if request.headers.get("content-type") != "application/offset+octet-stream":
            return Response(status_code=415, headers=tus_headers())
        up = self.get(uid, sid)
        if up is None:
            return Response(status_code=404, headers=tus_headers())
        if up["expires_at"] < time.time():
            return Response(status_code=410, headers=tus_headers())
        try:
            claimed = int(request.headers["upload-offset"])
        except (KeyError, ValueError):
            return Response(status_code=400, headers=tus_headers())
        # A new PATCH takes over from an older one still draining a dead connection.
        gen = self._gen.get(uid, 0) + 1
        self._gen[uid] = gen
        async with self._one_patch(uid) as alone:
            if not alone:
                return Response(status_code=423, headers=tus_headers())
            up = self.get(uid, sid) or up  # what another process stored meanwhile
            offset = self.offset(uid, up)
            if claimed != offset:
                return Response(status_code=409, headers=tus_headers(
                    **{"Upload-Offset": str(offset)}))
            length = up["length"]
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and offset + int(declared) > length:
                # Refused before a byte is read: more than the upload declared.
                return Response("more data than Upload-Length", status_code=413,
                                headers=tus_headers(**{"Upload-Offset": str(offset),
                                                       "Connection": "close"}))
            try:
                offset = await self.bytes.write(uid, up, offset,
                                                self._body(request, uid, gen, offset, length))
            except TooLong as exc:
                return Response("more data than Upload-Length", status_code=413,
                                headers=tus_headers(**{"Upload-Offset": str(exc.offset)}))
            return Response(status_code=204, headers=tus_headers(**{
                "Upload-Offset": str(offset), "Upload-Expires": _expires(up["expires_at"])}))

    async def _body(self, request: Request, uid: str, gen: int, offset: int,
                    length: int) -> AsyncIterator[bytes]:
        """The PATCH's bytes until it ends, is cut, stalls, or a newer PATCH takes over;
        TooLong past the declared length (what came before it is kept)."""
        try:
            async for chunk in _stalling(request, STALL_S):
                if self._gen.get(uid) != gen:
                    return
                if offset + len(chunk) > length:
                    raise TooLong(offset)
                offset += len(chunk)
                yield chunk
        except ClientDisconnect:
            return  # what arrived is kept; the client asks HEAD and goes on

    def delete(self, uid: str, sid: str) -> Response:
        up = self.get(uid, sid)
        if up is None:
            return Response(status_code=404, headers=tus_headers())
        self.remove(uid, up)
        return Response(status_code=204, headers=tus_headers())
