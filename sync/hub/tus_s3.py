"""tus uploads into S3-compatible storage: each upload is an S3 multipart upload.

S3 parts must be at least 5 MiB (but the last), while a tus PATCH may carry any number of
bytes and be cut anywhere. So bytes gather in memory into parts of PART_SIZE; what is left
when a PATCH ends (the tail, under a part) is written as an object of its own and read back
by the next PATCH, in whichever process it arrives. The offset, the parts' ETags and the
tail's length are in the database, written after each part and at the end of each PATCH, so
a process killed mid-PATCH leaves the upload at its last stored offset, resumable anywhere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import anyio

from sync.hub.media_store import S3Media
from sync.hub.store import HubStore

PART_SIZE = 8 * 1024 * 1024  # S3 wants 5 MiB at least; 8 MiB keeps the part count low
MIN_PART = 5 * 1024 * 1024
HASH_CHUNK = 1 << 20


class S3Bytes:
    def __init__(self, store: HubStore, media: S3Media) -> None:
        self.store = store
        self.media = media
        self.s3 = media.client

    def _key(self, uid: str) -> str:
        return self.media.key(f"uploads/{uid}")

    def _tail_key(self, uid: str) -> str:
        return self.media.key(f"uploads/{uid}.tail")

    def begin(self, uid: str) -> dict[str, Any]:
        made = self.s3.create_multipart_upload(Bucket=self.media.bucket, Key=self._key(uid))
        return {"mpu": made["UploadId"], "parts": [], "part_bytes": 0, "tail": 0,
                "done": False}

    def offset(self, uid: str, row: dict[str, Any]) -> int:
        return int(row["received"])

    def _save(self, uid: str, state: dict[str, Any]) -> None:
        received = int(state["part_bytes"]) + int(state["tail"])
        if state["done"]:
            received = int(state["part_bytes"])
        with self.store.tx() as c:
            c.execute("UPDATE uploads SET received = ?, state = ? WHERE id = ?",
                      [received, json.dumps(state), uid])

    def _read_tail(self, uid: str, size: int) -> bytes:
        if size <= 0:
            return b""
        got = self.s3.get_object(Bucket=self.media.bucket, Key=self._tail_key(uid),
                                 Range=f"bytes=0-{size - 1}")
        data: bytes = got["Body"].read()
        if len(data) != size:
            raise OSError(f"the upload's kept tail has {len(data)} of {size} bytes")
        return data

    def _put_part(self, uid: str, state: dict[str, Any], data: bytes) -> None:
        number = len(state["parts"]) + 1
        sent = self.s3.upload_part(Bucket=self.media.bucket, Key=self._key(uid),
                                   UploadId=state["mpu"], PartNumber=number, Body=data)
        state["parts"].append(sent["ETag"])
        state["part_bytes"] += len(data)
        state["tail"] = 0
        self._save(uid, state)

    def _put_tail(self, uid: str, state: dict[str, Any], data: bytes) -> None:
        # The tail object first, then its length: a process killed between the two leaves
        # the old length, whose bytes the new tail starts with (or 0 after a part).
        self.s3.put_object(Bucket=self.media.bucket, Key=self._tail_key(uid), Body=data)
        state["tail"] = len(data)
        self._save(uid, state)

    def _complete(self, uid: str, state: dict[str, Any]) -> None:
        parts = [{"PartNumber": i + 1, "ETag": etag} for i, etag in enumerate(state["parts"])]
        self.s3.complete_multipart_upload(Bucket=self.media.bucket, Key=self._key(uid),
                                          UploadId=state["mpu"],
                                          MultipartUpload={"Parts": parts})
        state["done"] = True
        self._save(uid, state)
        self.s3.delete_object(Bucket=self.media.bucket, Key=self._tail_key(uid))

    async def write(self, uid: str, row: dict[str, Any], offset: int,
                    chunks: AsyncIterator[bytes]) -> int:
        state: dict[str, Any] = dict(row["state"])
        state["parts"] = list(state.get("parts", []))
        length = int(row["length"])
        if state.get("done"):
            return offset
        buffer = bytearray(await anyio.to_thread.run_sync(self._read_tail, uid,
                                                          int(state["tail"])))
        try:
            async for chunk in chunks:
                buffer += chunk
                if len(buffer) >= PART_SIZE:
                    part, buffer = bytes(buffer), bytearray()
                    await anyio.to_thread.run_sync(self._put_part, uid, state, part)
        finally:
            # Whatever ended the PATCH (its end, a cut, too many bytes), what arrived is kept.
            await anyio.to_thread.run_sync(self._finish_patch, uid, state, bytes(buffer),
                                           length)
        return int(state["part_bytes"]) + (0 if state["done"] else int(state["tail"]))

    def _finish_patch(self, uid: str, state: dict[str, Any], rest: bytes, length: int) -> None:
        if state["part_bytes"] + len(rest) == length:
            if rest or not state["parts"]:
                self._put_part(uid, state, rest)  # the last part may be short
            self._complete(uid, state)
        elif len(rest) >= MIN_PART:
            self._put_part(uid, state, rest)
        elif rest or state["tail"]:
            self._put_tail(uid, state, rest)

    def sha256(self, uid: str, row: dict[str, Any]) -> str:
        digest = hashlib.sha256()
        body = self.s3.get_object(Bucket=self.media.bucket, Key=self._key(uid))["Body"]
        try:
            while chunk := body.read(HASH_CHUNK):
                digest.update(chunk)
        finally:
            body.close()
        return digest.hexdigest()

    def place(self, uid: str, row: dict[str, Any], sha256: str, by: str) -> None:
        from sync.hub.mediatype import HEAD_BYTES, media_type_of

        head = self.s3.get_object(Bucket=self.media.bucket, Key=self._key(uid),
                                  Range=f"bytes=0-{HEAD_BYTES - 1}")["Body"].read()
        self.media.put_object(sha256, self._key(uid))
        self.store.record_media(sha256, int(row["length"]), media_type_of(head), by)

    def remove(self, uid: str, row: dict[str, Any]) -> None:
        from botocore.exceptions import ClientError

        state = row.get("state") or {}
        bucket = self.media.bucket
        try:
            if state.get("mpu") and not state.get("done"):
                self.s3.abort_multipart_upload(Bucket=bucket, Key=self._key(uid),
                                               UploadId=state["mpu"])
        except ClientError:
            pass  # aborted already, or expired by the bucket's own rule
        for key in (self._key(uid), self._tail_key(uid)):
            self.s3.delete_object(Bucket=bucket, Key=key)
