"""Errors of the sync engine: each says in words what went wrong and what to do."""

from __future__ import annotations

import json
from typing import Any

from media.analysis import MediaError
from station.errors import QT_TRANSLATE_NOOP, StationError

__all__ = ["QT_TRANSLATE_NOOP", "DiskFull", "FeedRefused", "HubProtocolError", "HubRefused",
           "HubUnreachable", "NoHubConfigured", "Problem", "SyncError", "TokenRefused"]


class SyncError(StationError):
    """Base of every sync failure."""


class NoHubConfigured(SyncError):
    """No hub URL or no token."""


class HubUnreachable(SyncError):
    """The link is down, or the hub kept failing after every retry (params: url, reason)."""


class TokenRefused(SyncError):
    """The hub refused the token; nothing was sent (params: url, why)."""


class HubRefused(SyncError):
    """The hub refused one request for a reason it gave (params: what, reason)."""


class HubProtocolError(SyncError):
    """The answer is not the sync protocol: a captive portal, a web server, garbage."""


class DiskFull(SyncError):
    """No space left to store what was downloaded (params: path)."""


class FeedRefused(SyncError):
    """A relay feed or one of its files was refused (params: url and what the template
    names). Its templates are in the "sync" translation context."""

    context = "sync"


def token_refused(url: str, code: str) -> TokenRefused:
    """The hub's 401 in words: one whole sentence for each reason it gives (a reason put in
    as a separate English phrase would stay English in a translated sentence)."""
    if code == "token_expired":
        template = QT_TRANSLATE_NOOP("errors", "the hub at {url} refused this station's token "
                                     "(it has expired); nothing was sent. Ask the province "
                                     "for a new token and enter it in Settings > Sync")
    elif code == "token_revoked":
        template = QT_TRANSLATE_NOOP("errors", "the hub at {url} refused this station's token "
                                     "(it was revoked); nothing was sent. Ask the province "
                                     "for a new token and enter it in Settings > Sync")
    elif code == "token_rotated":
        template = QT_TRANSLATE_NOOP("errors", "the hub at {url} refused this station's token "
                                     "(the province replaced it with a new one); nothing was "
                                     "sent. Enter the new token in Settings > Sync")
    elif code == "token_missing":
        template = QT_TRANSLATE_NOOP("errors", "the hub at {url} refused this station's token "
                                     "(no token was sent); nothing was sent. Enter the token "
                                     "the province gave you in Settings > Sync")
    else:
        template = QT_TRANSLATE_NOOP("errors", "the hub at {url} refused this station's token "
                                     "(the hub does not know it); nothing was sent. Ask the "
                                     "province for a new token and enter it in Settings > Sync")
    return TokenRefused(template, url=url, code=code or "token_unknown")


class Problem(SyncError):
    """Something a sync run reports without stopping (an error of one change, a warning, why
    media waits): a template in the "sync" translation context with its params. The UI
    translates it (``context``) and formats it; ``str()`` is the English sentence."""

    context = "sync"


def problem_of(exc: BaseException) -> StationError | MediaError:
    """A report line for an exception caught during a run (typed errors keep their type)."""
    if isinstance(exc, StationError | MediaError):
        return exc  # typed: the UI words it in its own context
    return Problem(QT_TRANSLATE_NOOP("sync", "unexpected error: {reason}"),
                   reason=f"{type(exc).__name__}: {exc}")


# -- a refusal kept in the database with its English sentence ----------------------------------
Typed = StationError | MediaError


def typed_json(exc: Typed) -> str:
    """``exc`` as stored beside its English sentence (relay_entries, relay_feeds), so that a
    reader words it in its own language: its kind, template and params, nested reasons too."""
    def plain(e: Typed) -> dict[str, Any]:
        return {"kind": type(e).__name__, "template": e.template,
                "params": {k: plain(v) if isinstance(v, Typed) else v
                           for k, v in e.params.items()}}
    return json.dumps(plain(exc), ensure_ascii=False, default=str)


def from_typed_json(text: str) -> Typed | None:
    """What :func:`typed_json` stored, typed again (None: nothing, or not such a record)."""
    kinds: dict[str, Any] = {c.__name__: c for c in (
        StationError, SyncError, FeedRefused, Problem, HubRefused, HubUnreachable,
        HubProtocolError, DiskFull, MediaError)}

    def typed(d: Any) -> Typed:
        params = {k: typed(v) if isinstance(v, dict) and "template" in v else v
                  for k, v in dict(d.get("params") or {}).items()}
        return kinds.get(str(d.get("kind")), Problem)(str(d["template"]), **params)
    try:
        found = json.loads(text) if text else None
        return typed(found) if isinstance(found, dict) and "template" in found else None
    except (ValueError, TypeError, KeyError, IndexError):
        return None
