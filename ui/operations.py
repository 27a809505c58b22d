"""Background operations: a named verb returns an Op; the caller sets what happens next.

    load_items(parent).success(show).run_in_background()

The work runs on a pool thread; callbacks run on the GUI thread. All database work goes
to one single-thread pool, the owner of the station's connection (sqlite connections must
not cross threads); ffmpeg/analysis work goes to a small general pool. A result that is,
or ends with, a Changes value is announced on ``bus.changed`` so views can refresh.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from media.taskstate import Cancelled, TaskState
from station.changes import Changes

log = logging.getLogger(__name__)
T = TypeVar("T")

_pools: dict[str, QThreadPool] = {}


def pool(name: str) -> QThreadPool:
    """'db': one thread, the only one the UI's database work runs on, so writes never race.
    'watch': one thread for the watched folders' imports (its own connection), so a long
    import never holds up the UI's database work. 'net': one thread for sync and link
    checks (a slow link must hold up nothing else). 'work': other long media work; two
    threads for two cores."""
    if name not in _pools:
        # A worker running Python holds the interpreter lock for up to the switch interval
        # each time the GUI thread asks for it, and the GUI asks many times per event:
        # at the default 5 ms a busy worker can stall the window for over 100 ms.
        sys.setswitchinterval(0.001)
        p = QThreadPool()
        p.setMaxThreadCount(1 if name in ("db", "watch", "net") else 2)
        p.setExpiryTimeout(-1)
        _pools[name] = p
    return _pools[name]


def wait_all(msecs: int = 10000) -> bool:
    return all(p.waitForDone(msecs) for p in _pools.values())


class Bus(QObject):
    """One signal for every mutation: views look at the Changes and decide to refresh."""

    changed = Signal(object)  # Changes


bus = Bus()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(float, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[TaskState], Any], state: TaskState, relay: _Relay) -> None:
        super().__init__()
        self.fn, self.state, self.relay = fn, state, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(self.state)
        except BaseException as exc:  # every failure goes back to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class Op(Generic[T]):
    """``parent``: the widget (or object) the result is for. If it is gone by the time the
    work ends (a page closed, a user logged out), the callbacks are skipped; the Changes
    are still announced, because the database did change."""

    def __init__(self, fn: Callable[[TaskState], T], parent: QObject | None = None,
                 pool_name: str = "db") -> None:
        self._fn = fn
        self._parent = parent
        self._pool = pool_name
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._progress_label: str | None = None
        self._cancellable = True

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = cb
        return self

    def with_progress(self, label: str, cancellable: bool = True) -> Op[T]:
        self._progress_label = label
        self._cancellable = cancellable
        return self

    def run_in_background(self) -> TaskState:
        relay = _Relay()
        state = TaskState(lambda f, t: relay.progressed.emit(f, t))
        dialog = self._make_dialog(state) if self._progress_label else None
        if dialog is not None:
            relay.progressed.connect(
                lambda f, _t: dialog.setValue(int(f * 1000)), Qt.ConnectionType.QueuedConnection)

        def finish() -> None:
            _live.discard(relay)
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()

        parent = self._parent

        def parent_gone() -> bool:
            return parent is not None and not shiboken6.isValid(parent)

        def on_done(result: Any) -> None:
            finish()
            changes = _changes_of(result)
            if changes is not None and changes.any():
                bus.changed.emit(changes)
            if self._on_success is not None and not parent_gone():
                self._on_success(result)

        def on_failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, Cancelled) or parent_gone():
                return
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                from ui.errors import show_error

                show_error(parent if isinstance(parent, QWidget) else None, exc)

        relay.done.connect(on_done, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(on_failed, Qt.ConnectionType.QueuedConnection)
        _live.add(relay)
        pool(self._pool).start(_Runnable(self._fn, state, relay))
        return state

    def _make_dialog(self, state: TaskState) -> QProgressDialog:
        owner = self._parent if isinstance(self._parent, QWidget) else None
        dialog = QProgressDialog(self._progress_label or "", "", 0, 1000, owner)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)  # quick work never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("operations", "Cancel"))
            dialog.canceled.connect(state.cancel)
        else:
            dialog.setCancelButton(None)
        QTimer.singleShot(0, lambda: dialog.setValue(0))
        return dialog


# Relays are kept alive until their op ends (a garbage-collected relay drops its signals).
_live: set[_Relay] = set()


def _changes_of(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], Changes):
        return result[-1]
    return None
