"""Is the hub reachable? A TCP connect: no request, no token, cheap enough to probe every few
seconds (the window's Sync page and the service's sync job both ask)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def link_up(url: str, timeout: float = 2.0) -> bool:
    """Can a TCP connection reach the hub at ``url``?"""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=timeout).close()
    except OSError:
        return False
    return True
