"""Password hashing with scrypt (stdlib, memory-hard); the parameters travel with the hash."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

# 16 MiB and about 50 ms per check here: slow for a guesser, quick for a login.
_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(n), r=int(r),
                                p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(os.urandom(8).hex())


def burn_time(password: str) -> None:
    """Spend a check's time when the user does not exist: a refusal takes as long either way."""
    check_password(password, _dummy_hash())
