"""Secrets kept out of sight: a token given on the command line shows in `ps` and in shell
history, so it may also come from the environment or a file; and a hub address never carries
a user name or password into settings, the audit log or a log line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SYNC_TOKEN_ENV = "STATION_SYNC_TOKEN"


class SecretError(ValueError):
    """A secret file that cannot be read or is empty (the message says which)."""


def clean_url(url: str) -> str:
    """``url`` without its user name and password (``http://u:p@host/`` -> ``http://host/``)
    and without a trailing slash. The hub knows a station by its token, never by these."""
    url = url.strip()
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url.rstrip("/")
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)).rstrip("/")


def has_userinfo(url: str) -> bool:
    return "@" in urlsplit(url.strip()).netloc


def read_secret_file(path: str | Path, what: str) -> str:
    """The first line of ``path`` (a token file); SecretError when it cannot be read or
    holds nothing."""
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"the {what} file {path} cannot be read: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    lines = text.strip().splitlines()
    if not lines or not lines[0].strip():
        raise SecretError(f"the {what} file {path} is empty")
    return lines[0].strip()


def pick_secret(given: str | None, file: str | None, env: str, what: str,
                option: str) -> str | None:
    """The secret from ``--OPTION`` (warned about on stderr: others see it in `ps`), the
    ``--OPTION-file`` file, or $``env``, in that order; None when none is given."""
    if given:
        print(f"warning: {option} on the command line can be read by other users of this "
              f"computer (ps, shell history); use {option}-file FILE or ${env} instead",
              file=sys.stderr)
        return given.strip()
    if file:
        return read_secret_file(file, what)
    return os.environ.get(env, "").strip() or None
