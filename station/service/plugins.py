"""The jobs the layers above the core add to the service (sync, relay refresh), registered by
the composition root (ui/launch.py) at every start: so this module imports nothing, and a
provider is called only in the service's worker, where its imports are paid."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Provider = Callable[[], Iterable[Callable[[], Any]]]  # () -> job factories
_providers: list[Provider] = []


def plug(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def providers() -> list[Provider]:
    return list(_providers)
