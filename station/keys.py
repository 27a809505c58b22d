"""Every user's Ed25519 signing key: made with the user (or at the first login of an older
account), its private half sealed under a key derived from the user's password (scrypt, then
ChaCha20-Poly1305, the row's ids bound in as associated data). A password change re-seals it; an
admin's reset makes a new key and retires the old one, whose public half stays (by id and
version) so that approvals signed with it still verify.

While a user is logged in, their password is held in memory for this open station only, so that
approving can unlock the key without asking again; logging out forgets it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import weakref
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from station import passwords
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, AuthError
from station.ids import uuid7
from station.outbox import note_many
from station.station import Station

# The cost of a new password hash (passwords.COST_N, read at each use): the sealed key is never
# an easier target than the password hash beside it in the same database.
_R, _P = 8, 1
_COLUMNS = "id, user_id, version, public_key, created_at, retired_at, reason"


@dataclass(frozen=True)
class SigningKey:
    """The public side of one user key (the private half never leaves this module)."""

    id: str
    user_id: str
    version: int
    public_key: str  # base64 of the raw 32 bytes
    created_at: str
    retired_at: str | None
    reason: str  # 'created', 'first_login', 'reset'

    def public_bytes(self) -> bytes:
        return base64.b64decode(self.public_key)

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kek(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not (1 < n <= passwords.MAX_N and 0 < r <= 32 and 0 < p <= 16):
        raise ValueError("scrypt parameters out of range")  # a forged box must not cost a TiB
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=128 * r * (n + p + 2) + 2**20)


def _aad(key_id: str, user_id: str) -> bytes:
    return f"station-user-key/v1/{key_id}/{user_id}".encode()


def _seal(private: Ed25519PrivateKey, password: str, key_id: str, user_id: str) -> str:
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    salt, nonce, n = os.urandom(16), os.urandom(12), passwords.COST_N
    ct = ChaCha20Poly1305(_kek(password, salt, n, _R, _P)).encrypt(nonce, raw,
                                                                 _aad(key_id, user_id))
    return json.dumps({"kdf": "scrypt", "n": n, "r": _R, "p": _P, "salt": b64(salt),
                       "aead": "chacha20poly1305", "nonce": b64(nonce), "ct": b64(ct)})


def _open(sealed: str, password: str, key_id: str, user_id: str) -> Ed25519PrivateKey | None:
    """The private key, or None when the password does not open it."""
    try:
        box = json.loads(sealed)
        kek = _kek(password, base64.b64decode(box["salt"]), int(box["n"]), int(box["r"]),
                   int(box["p"]))
        raw = ChaCha20Poly1305(kek).decrypt(base64.b64decode(box["nonce"]),
                                            base64.b64decode(box["ct"]), _aad(key_id, user_id))
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None
    return Ed25519PrivateKey.from_private_bytes(raw)


# -- the keys table ------------------------------------------------------------------------------
def _row(r: Any) -> SigningKey:
    return SigningKey(r[0], r[1], int(r[2]), r[3], r[4], r[5], r[6])


def active(st: Station, user_id: str) -> SigningKey | None:
    """The user's current key (None for an account made before keys existed)."""
    r = st.db.execute(f"SELECT {_COLUMNS} FROM user_keys WHERE user_id = ? AND retired_at IS NULL"
                      " ORDER BY version DESC LIMIT 1", [user_id]).fetchone()
    return _row(r) if r else None


def by_id(st: Station, key_id: str) -> SigningKey | None:
    r = st.db.execute(f"SELECT {_COLUMNS} FROM user_keys WHERE id = ?", [key_id]).fetchone()
    return _row(r) if r else None


def _sealed(st: Station, key_id: str) -> str | None:
    row = st.db.execute("SELECT sealed_private FROM user_keys WHERE id = ?", [key_id]).fetchone()
    return row[0] if row else None


def _cost(sealed: str) -> int:
    """The scrypt N a sealed key was made with (0: unreadable)."""
    try:
        return int(json.loads(sealed).get("n", 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def history(st: Station, user_id: str) -> list[SigningKey]:
    """Every key the user has had, oldest first."""
    return [_row(r) for r in st.db.execute(
        f"SELECT {_COLUMNS} FROM user_keys WHERE user_id = ? ORDER BY version", [user_id])]


def create(st: Station, user_id: str, password: str, reason: str) -> SigningKey:
    """A new key for the user, sealed by ``password``; any older key is retired (its public
    half and approvals stay valid). The caller holds the transaction and writes the audit."""
    private = Ed25519PrivateKey.generate()
    key_id, at = uuid7(), now_iso()
    public = b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    version = int(st.db.execute("SELECT coalesce(max(version), 0) + 1 FROM user_keys"
                                " WHERE user_id = ?", [user_id]).fetchone()[0])
    # A retired key's private half is dropped: nobody can sign with it any more.
    st.db.execute("UPDATE user_keys SET retired_at = ?, sealed_private = NULL"
                  " WHERE user_id = ? AND retired_at IS NULL", [at, user_id])
    st.db.execute("INSERT INTO user_keys (id, user_id, version, public_key, sealed_private,"
                  " created_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  [key_id, user_id, version, public, _seal(private, password, key_id, user_id),
                   at, reason])
    # A key the hub holds (it signed an approval) goes up again retired; a new key goes up
    # with the first approval it signs (approval.decide).
    note_many(st, "user_key", [r[0] for r in st.db.execute(
        "SELECT k.id FROM user_keys k WHERE k.user_id = ? AND k.retired_at = ? AND (EXISTS"
        " (SELECT 1 FROM sync_shadow s WHERE s.entity = 'user_key' AND s.entity_id = k.id)"
        " OR EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = 'user_key'"
        " AND o.entity_id = k.id))", [user_id, at])])
    _forget_key(st, user_id)
    return SigningKey(key_id, user_id, version, public, at, None, reason)


def rewrap(st: Station, user_id: str, old_password: str, new_password: str) -> SigningKey | None:
    """Seal the user's key under their new password (None: no key, or the old password does
    not open it; the caller then makes a new one)."""
    key = active(st, user_id)
    if key is None:
        return None
    sealed = _sealed(st, key.id)
    private = _open(sealed, old_password, key.id, user_id) if sealed else None
    if private is None:
        return None
    st.db.execute("UPDATE user_keys SET sealed_private = ? WHERE id = ?",
                  [_seal(private, new_password, key.id, user_id), key.id])
    return key


def unlock(st: Station, user_id: str, password: str) -> tuple[SigningKey, Ed25519PrivateKey]:
    """The user's current key, opened by ``password`` (AuthError when it does not open)."""
    key = active(st, user_id)
    if key is None:
        raise AuthError(QT_TRANSLATE_NOOP("errors", "this account has no signing key yet: "
                                                    "log in once with its password"))
    sealed = _sealed(st, key.id)
    private = _open(sealed, password, key.id, user_id) if sealed else None
    if private is None:
        raise AuthError(QT_TRANSLATE_NOOP("errors", "the password does not unlock the signing "
                                                    "key: nothing was signed"))
    return key, private


def verify(public_key: bytes, payload: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, payload)
    except (InvalidSignature, ValueError):
        return False
    return True


# -- the logged-in session -----------------------------------------------------------------------
@dataclass
class _Session:
    user_id: str
    password: str
    unlocked: tuple[SigningKey, Ed25519PrivateKey] | None = None


_sessions: weakref.WeakKeyDictionary[Station, _Session] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def remember(st: Station, user_id: str, password: str) -> None:
    """Keep the password of the user who just logged in, for signing during this session."""
    with _lock:
        _sessions[st] = _Session(user_id, password)


def forget(st: Station) -> None:
    with _lock:
        _sessions.pop(st, None)


def _forget_key(st: Station, user_id: str) -> None:
    with _lock:
        session = _sessions.get(st)
        if session is not None and session.user_id == user_id:
            session.unlocked = None


def session_password(st: Station, user_id: str) -> str | None:
    with _lock:
        session = _sessions.get(st)
        return session.password if session and session.user_id == user_id else None


def signing_key(st: Station, user_id: str,
                password: str | None = None) -> tuple[SigningKey, Ed25519PrivateKey]:
    """The acting user's opened key: with ``password`` when given, else with the password of
    this session's login (opened once, then kept until logout or a key change)."""
    if password is not None:
        return unlock(st, user_id, password)
    with _lock:
        session = _sessions.get(st)
        if session is None or session.user_id != user_id:
            session = None
        elif session.unlocked is not None:
            return session.unlocked
    if session is None:
        raise AuthError(QT_TRANSLATE_NOOP("errors", "signing needs your password: log in with "
                                                    "it first"))
    opened = unlock(st, user_id, session.password)
    with _lock:
        session.unlocked = opened
    return opened


def on_login(st: Station, user_id: str, password: str) -> SigningKey | None:
    """At a successful login: remember the password; make the key of an account that has none
    yet (returned, for the audit entry). The caller holds the transaction."""
    made = None
    key = active(st, user_id)
    sealed = _sealed(st, key.id) if key else None
    # No key yet, or only its public half (a station restored from the hub's copy).
    if key is None or sealed is None:
        made = create(st, user_id, password, "first_login")
    elif _cost(sealed) < passwords.COST_N:
        rewrap(st, user_id, password, password)  # sealed at an older, cheaper cost
    remember(st, user_id, password)
    return made
