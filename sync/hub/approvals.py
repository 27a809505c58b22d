"""The hub's check of the approvals stations push: a schedule mutation that carries a seal is
refused unless the approver's Ed25519 signature holds, made with a key the station sent
earlier (the `user_key` entity, public half only) and over a payload that names this schedule,
its seal, its approver, its time and the SHA-256 of its sealed content.

A station whose database was edited can recompute the plain seal, but not sign without the
chief's password; the hub keeps the public keys it has seen, so a key swapped in later is
caught too (the key's id is fixed and its public half is first-writer-wins here).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sync.hub.db import Conn

# Fields whose change makes a schedule mutation an approval to check.
APPROVAL_FIELDS = frozenset({"seal", "signature", "signed_payload", "signing_key_id",
                             "sealed_content", "decided_by", "decided_at"})
_KIND = "station.schedule.approval"


def key_data(c: Conn, sid: str, key_id: str) -> dict[str, Any] | None:
    row = c.execute("SELECT data FROM entities WHERE scope = ? AND entity = 'user_key'"
                    " AND entity_id = ? AND deleted = 0", [sid, key_id]).fetchone()
    return json.loads(row[0]) if row else None


def key_change(c: Conn, sid: str, eid: str, fields: dict[str, Any]) -> str:
    """A key's public half, once the hub has it, never changes ('' when fine)."""
    known = key_data(c, sid, eid)
    new = fields.get("public_key")
    if known and new is not None and known.get("public_key") != new:
        return "a signing key's public half cannot change"
    return ""


def check(c: Conn, sid: str, eid: str, data: dict[str, Any],
          pending_keys: dict[str, dict[str, Any]] | None = None) -> str:
    """Why the schedule ``data`` (as it would be stored) carries a bad approval ('' when it
    carries a good one, or none). ``pending_keys``: keys applied earlier in the same batch."""
    seal, signature, payload_b64 = (data.get("seal"), data.get("signature"),
                                    data.get("signed_payload"))
    if not seal:
        return ""
    if not signature or not payload_b64:
        # Approvals from before signing existed carry none; a signed one never loses it.
        return "" if not data.get("signing_key_id") else "the approval's signature is missing"
    key_id = str(data.get("signing_key_id") or "")
    key = (pending_keys or {}).get(key_id) or key_data(c, sid, key_id)
    if key is None:
        return "the approval is signed with a key this hub has not received"
    try:
        payload = base64.b64decode(payload_b64, validate=True)
        raw_sig = base64.b64decode(signature, validate=True)
        public = base64.b64decode(str(key.get("public_key", "")), validate=True)
        fields = json.loads(payload)
        Ed25519PublicKey.from_public_bytes(public).verify(raw_sig, payload)
    except (ValueError, binascii.Error, TypeError, InvalidSignature):
        return "the approver's signature does not match"
    sealed = data.get("sealed_content")
    expected = {"kind": _KIND, "schedule_id": eid, "seal": seal, "key_id": key_id,
                "public_key": key.get("public_key"), "approved_by": data.get("decided_by"),
                "approved_at": data.get("decided_at"), "approver_id": key.get("user_id")}
    if isinstance(sealed, str):
        expected["content_sha256"] = hashlib.sha256(sealed.encode("utf-8")).hexdigest()
    if not isinstance(fields, dict) or any(fields.get(k) != v for k, v in expected.items()):
        return "what was signed is not this schedule's approval"
    return ""
