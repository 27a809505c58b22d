"""Trusting the provincial hub's certificate: the system's trust store, or a provincial CA
the station was given as a file (`station sync --ca-file FILE`, remembered in settings)."""

from __future__ import annotations

import ssl
from pathlib import Path

from station.errors import QT_TRANSLATE_NOOP
from sync.errors import Problem, SyncError


class CaFileError(SyncError):
    """The CA file cannot be used (params: path, reason)."""


def load_ca(path: Path | str) -> ssl.SSLContext:
    """A client context that trusts the certificates in ``path`` (PEM) besides the system's;
    CaFileError when the file is missing or holds no certificate."""
    ctx = ssl.create_default_context()
    try:
        ctx.load_verify_locations(cafile=str(path))
    except FileNotFoundError:
        raise CaFileError(QT_TRANSLATE_NOOP("errors", "the CA file {path} does not exist"),
                          path=str(path)) from None
    except (ssl.SSLError, OSError, ValueError) as exc:
        raise CaFileError(QT_TRANSLATE_NOOP("errors", "the CA file {path} holds no usable "
                                            "certificate: {reason}"),
                          path=str(path), reason=str(exc)) from None
    return ctx


def verifier(verify: bool, ca_file: str) -> bool | ssl.SSLContext:
    """What httpx's ``verify`` gets: False (checks off), True (the system's trust store), or
    a context with the provincial CA added."""
    if not verify:
        return False
    return load_ca(ca_file) if ca_file else True


def cert_problem(exc: BaseException) -> Problem | None:
    """The words for a certificate the station does not trust; None for other failures."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return Problem(QT_TRANSLATE_NOOP("sync", "the hub's certificate is not trusted "
                                             "({reason}); give the provincial CA with "
                                             "`station sync --ca-file FILE`"),
                           reason=seen.verify_message or str(seen))
        seen = seen.__cause__ or seen.__context__
    return None


def plain_http_warning(url: str) -> Problem | None:
    """A warning for a hub reached over plain HTTP anywhere but this computer: the token
    crosses the network readable by anyone on the path."""
    import ipaddress
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "http":
        return None
    host = parts.hostname or ""
    try:
        if host == "localhost" or ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass
    return Problem(QT_TRANSLATE_NOOP("sync", "the hub {url} is reached over plain HTTP: its "
                                     "token can be read on the way; use an https:// address "
                                     "(docs/hub-tls.md)"), url=url)
