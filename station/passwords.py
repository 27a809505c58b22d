"""Password hashing with scrypt (stdlib, memory-hard); the parameters travel with the hash.

New and changed passwords get N=2^17, r=8, p=1 (OWASP's current advice: 128 MiB and about
0.4 s per check here). A hash made with a lower cost (N=2^14 before December 2026) still
verifies, with the cost read from the hash itself, and :func:`needs_rehash` tells the login
to store a new one.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

# The cost of new hashes. Checking always reads N from the stored hash, so lowering this
# (the test suite does, in tests/conftest.py, to stay fast) changes only hashes made in that
# process: a station's real hashes are always made at 2^17.
COST_N = 2**17
_R, _P = 8, 1
# A stored hash may not make a check take more than this (a forged N=2^30 would take 1 TiB).
MAX_N = 2**20
MIN_LENGTH = 8


def _maxmem(n: int, r: int, p: int) -> int:
    """What OpenSSL needs for these parameters (128·r·(N+p+2) bytes), with 1 MiB to spare:
    its default ceiling of 32 MiB refuses N=2^17, r=8."""
    return 128 * r * (n + p + 2) + 2**20


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=_maxmem(n, r, p))


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    n = COST_N
    digest = _scrypt(password, salt, n, _R, _P, 32)
    b64 = base64.b64encode
    return f"scrypt${n}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return None
        values = int(n), int(r), int(p)
        salt, digest = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except (ValueError, TypeError):
        return None
    if not (1 < values[0] <= MAX_N and 0 < values[1] <= 32 and 0 < values[2] <= 16):
        return None
    return (*values, salt, digest)


def check_password(password: str, stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    try:
        digest = _scrypt(password, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with a lower cost than new hashes get: the login that
    just checked the password stores a new hash."""
    parsed = _parse(stored)
    return parsed is None or parsed[0] < COST_N or parsed[1] < _R


@functools.cache
def _dummy_hash() -> str:
    return hash_password(os.urandom(8).hex())


def burn_time(password: str) -> None:
    """Spend a check's time when the user does not exist: a refusal takes as long either way."""
    check_password(password, _dummy_hash())
