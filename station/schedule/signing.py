"""The approver's signature on an approved schedule.

Approving signs, with the approver's Ed25519 key (station/keys.py), canonical JSON bytes that
name the schedule, the SHA-256 of its canonical content (every slot with the SHA-256 of the file
it will air), the approver (name and key), the time and the seal of the series' previous
approval. The exact bytes are stored with the signature, so anyone can check them with the
public key alone (the hub and the commune package do). :func:`check` finds a bad signature, a key
that is not the approver's, and a payload that does not match the schedule; :func:`check_files`
re-hashes the files it airs.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from station import keys, settings
from station.library.items import asset_path
from station.schedule.model import Schedule, canonical_json, sha256_text
from station.station import Station

PAYLOAD_KIND = "station.schedule.approval"
_BLOCK = 1 << 20
# Written by the migration that brought signing: approvals decided before it stay unsigned.
_SINCE = settings.Option("signing_since", "")


@dataclass(frozen=True)
class Signature:
    signature: str  # base64, raw Ed25519 (64 bytes)
    payload: str  # base64 of the exact bytes signed
    key: keys.SigningKey

    def to_json_dict(self, signed_by: str) -> dict[str, Any]:
        return {"signature": self.signature, "public_key": self.key.public_key,
                "signed_payload": self.payload, "signed_by": signed_by,
                "key_id": self.key.id, "key_version": self.key.version}


def previous_seal(st: Station, sched: Schedule, before: str | None = None) -> str | None:
    """The seal of the series' last approval before this one (None for the first)."""
    row = st.db.execute(
        "SELECT seal FROM schedules WHERE series_id = ? AND id <> ? AND seal IS NOT NULL"
        " AND (? IS NULL OR decided_at < ?) ORDER BY decided_at DESC LIMIT 1",
        [sched.series_id, sched.id, before, before]).fetchone()
    return row[0] if row else None


def payload_of(sched: Schedule, content_json: str, seal: str, approver: str, approver_id: str,
               key: keys.SigningKey, at: str, previous: str | None) -> bytes:
    return canonical_json({
        "kind": PAYLOAD_KIND, "version": 1, "schedule_id": sched.id,
        "series_id": sched.series_id, "revision": sched.revision,
        "content_sha256": sha256_text(content_json), "seal": seal,
        "approved_by": approver, "approver_id": approver_id, "key_id": key.id,
        "public_key": key.public_key, "approved_at": at, "previous_seal": previous,
    }).encode("utf-8")


def sign(st: Station, sched: Schedule, content_json: str, seal: str, at: str,
         password: str | None = None) -> Signature:
    """Sign an approval as the acting user (their session's password, or ``password``)."""
    assert st.user is not None
    key, private = keys.signing_key(st, st.user.id, password)
    payload = payload_of(sched, content_json, seal, st.user.username, st.user.id, key, at,
                         previous_seal(st, sched, at))
    return Signature(keys.b64(private.sign(payload)), keys.b64(payload), key)


def stored(st: Station, schedule_id: str) -> Signature | None:
    row = st.db.execute("SELECT signature, signed_payload, signing_key_id FROM schedules"
                        " WHERE id = ?", [schedule_id]).fetchone()
    if not row or not row[0]:
        return None
    key = keys.by_id(st, row[2] or "")
    if key is None:
        key = keys.SigningKey(row[2] or "", "", 0, "", "", None, "missing")
    return Signature(row[0], row[1], key)


def seal_json(st: Station, sched: Schedule) -> dict[str, Any] | None:
    """What `schedule show --json` says of the seal: the hash, and the signature with its key."""
    if not sched.seal:
        return None
    out: dict[str, Any] = {"sha256": sched.seal, "signed_by": None, "signature": None,
                           "public_key": None, "signed_payload": None}
    sig = stored(st, sched.id)
    if sig is not None:
        out |= sig.to_json_dict(sched.decided_by or "")
    return out


def is_legacy(st: Station, sched: Schedule) -> bool:
    """Approved before this station signed approvals (kept valid unsigned)."""
    since = _SINCE.get(st.db)
    return bool(since) and bool(sched.decided_at) and (sched.decided_at or "") < since


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def check(st: Station, sched: Schedule, sealed: str) -> list[str]:
    """Reason codes (approval.SEAL_REASONS) for the signature of an approved revision."""
    sig = stored(st, sched.id)
    if sig is None:
        return [] if is_legacy(st, sched) else ["unsigned"]
    try:
        payload, signature = _b64(sig.payload), _b64(sig.signature)
        fields = json.loads(payload)
    except ValueError:
        return ["bad_signature"]
    key = sig.key
    approver = st.db.execute("SELECT id FROM users WHERE username = ?",
                             [sched.decided_by]).fetchone()
    if (not key.public_key or approver is None or key.user_id != approver[0]
            or fields.get("public_key") != key.public_key or fields.get("key_id") != key.id
            or (key.retired_at is not None and key.retired_at < (sched.decided_at or ""))):
        return ["wrong_key"]
    if not keys.verify(key.public_bytes(), payload, signature):
        return ["bad_signature"]
    expected = {"kind": PAYLOAD_KIND, "schedule_id": sched.id, "series_id": sched.series_id,
                "revision": sched.revision, "content_sha256": sha256_text(sealed),
                "seal": sched.seal, "approved_by": sched.decided_by,
                "approver_id": approver[0], "approved_at": sched.decided_at,
                "previous_seal": previous_seal(st, sched, sched.decided_at)}
    if any(fields.get(k) != v for k, v in expected.items()):
        return ["payload_mismatch"]
    return []


@dataclass(frozen=True)
class FileProblem:
    sha256: str
    path: str
    problem: str  # 'missing' or 'changed'

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_files(st: Station, sealed: str) -> list[FileProblem]:
    """Re-hash every file the sealed content airs: a missing or changed file is a problem."""
    wanted = sorted({s["sha256"] for x in json.loads(sealed).get("sessions", [])
                     for s in x.get("slots", []) if s.get("sha256")})
    problems = []
    for sha in wanted:
        path = asset_path(st, sha)
        if path is None or not path.is_file():
            problems.append(FileProblem(sha, str(path or ""), "missing"))
            continue
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while block := f.read(_BLOCK):
                digest.update(block)
        if digest.hexdigest() != sha:
            problems.append(FileProblem(sha, str(path), "changed"))
    return problems
