"""Background operations: a named verb returns an Op; the caller sets what happens next.

    load_items(parent).success(show).run_in_background()

The work runs on a pool thread; callbacks run on the GUI thread. All database work goes
to one single-thread pool, the owner of the station's connection (sqlite connections must
not cross threads); ffmpeg/analysis work goes to a small general pool. A result that is,
or ends with, a Changes value is announced on ``bus.changed`` so views can refresh. Work
that needs the database only at its ends (read, render, save) chains steps with ``then``.
"""

from __future__ import annotations

import itertools
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from media.taskstate import Cancelled, TaskState
from station.changes import Changes

log = logging.getLogger(__name__)
T = TypeVar("T")
U = TypeVar("U")

_pools: dict[str, QThreadPool] = {}


def pool(name: str) -> QThreadPool:
    """'db': one thread, the only one the UI's database work runs on, so writes never race.
    'watch': one thread for the watched folders' imports (its own connection), so a long
    import never holds up the UI's database work. 'net': one thread for sync and link
    checks (a slow link must hold up nothing else). 'service': one thread for commands to the
    station service, in order. 'work': other long media work; two threads for two cores."""
    if name not in _pools:
        # A worker running Python holds the interpreter lock for up to the switch interval
        # each time the GUI thread asks for it, and the GUI asks many times per event:
        # at the default 5 ms a busy worker can stall the window for over 100 ms.
        sys.setswitchinterval(0.001)
        p = QThreadPool()
        p.setMaxThreadCount(1 if name in ("db", "watch", "net", "service") else 2)
        p.setExpiryTimeout(-1)
        _pools[name] = p
    return _pools[name]


def wait_all(msecs: int = 10000) -> bool:
    return all(p.waitForDone(msecs) for p in _pools.values())


class Bus(QObject):
    """One signal for every mutation: views look at the Changes and decide to refresh."""

    changed = Signal(object)  # Changes


bus = Bus()


class _Dispatcher(QObject):
    """Carries every op's outcome and progress to the GUI thread.

    Nothing Python-owned may be freed on a worker thread: a Qt object (or a closure holding
    one) that dies there runs Qt's clean-up off its thread and crashes the process. So the
    work, its state and its outcome live in dicts that only the GUI thread empties; a worker
    holds nothing but the op's number once its work is done. The dispatcher itself lives as
    long as the app.
    """

    finished = Signal(int)
    progressed = Signal(int, float, str)

    def __init__(self) -> None:
        super().__init__()
        self.jobs: dict[int, tuple[Callable[[TaskState], Any], TaskState]] = {}
        self.outcomes: dict[int, tuple[bool, Any]] = {}
        self.handlers: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None],
                                       Callable[[float, str], None]]] = {}
        self.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)

    def execute(self, op_id: int) -> None:
        """On the worker: run the job and store its outcome. Every local dies on return."""
        fn, state = self.jobs[op_id]
        try:
            self.outcomes[op_id] = (True, fn(state))
        except BaseException as exc:  # every failure goes back to the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.outcomes[op_id] = (False, exc)

    def _finished(self, op_id: int) -> None:
        self.jobs.pop(op_id, None)
        ok, value = self.outcomes.pop(op_id, (False, RuntimeError("the operation was lost")))
        handlers = self.handlers.pop(op_id, None)
        if handlers is not None:
            (handlers[0] if ok else handlers[1])(value)

    def _progressed(self, op_id: int, fraction: float, text: str) -> None:
        handlers = self.handlers.get(op_id)
        if handlers is not None:
            handlers[2](fraction, text)


_dispatcher: _Dispatcher | None = None
_next_id = itertools.count(1)


def _dispatch() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()  # made on the GUI thread, by the first op
    return _dispatcher


class _Runnable(QRunnable):
    def __init__(self, op_id: int) -> None:
        super().__init__()
        self.op_id = op_id
        self.setAutoDelete(True)

    def run(self) -> None:
        dispatcher = _dispatch()
        dispatcher.execute(self.op_id)
        dispatcher.finished.emit(self.op_id)


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
        self._steps: list[tuple[Callable[[TaskState, Any], Any], str]] = []

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = cb
        return self

    def then(self, fn: Callable[[TaskState, T], U], pool_name: str) -> Op[U]:
        """A further step on ``pool_name``, given the step before's result: a render reads
        on "db", runs ffmpeg on "work" and saves on "db", so other database work waits only
        for the parts that need the database. The steps share one state (progress, cancel)
        and one dialog; a cancel between steps reaches the next step through its state, so a
        step that owns a temp file from the step before still runs and removes it. A
        Changes result of any step is announced; success/failure see the last step."""
        self._steps.append((fn, pool_name))
        return cast("Op[U]", self)

    def unless(self, stale: Callable[[], bool]) -> Op[T | None]:
        """Skip the work when ``stale()`` says, as its turn comes, that nobody wants its
        result any more (a newer search began): the result is then None."""
        fn = self._fn

        def unless_stale(state: TaskState) -> T | None:
            return None if stale() else fn(state)

        self._fn = unless_stale  # type: ignore[assignment]
        return cast("Op[T | None]", self)

    def with_progress(self, label: str, cancellable: bool = True) -> Op[T]:
        self._progress_label = label
        self._cancellable = cancellable
        return self

    def run_in_background(self) -> TaskState:
        dispatcher = _dispatch()
        op_id = next(_next_id)
        state = TaskState(lambda f, t: dispatcher.progressed.emit(op_id, f, t))
        dialog = self._make_dialog(state) if self._progress_label else None
        if self._progress_label:
            _under_way[op_id] = self._progress_label

        def progressed(fraction: float, _text: str) -> None:
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.setValue(int(fraction * 1000))

        def finish() -> None:
            _under_way.pop(op_id, None)
            # The dialog dies with its parent: a page closed before the work ended.
            if dialog is not None and shiboken6.isValid(dialog):
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

        steps: list[tuple[Callable[[TaskState, Any], Any], str]] = [
            (lambda s, _none: self._fn(s), self._pool), *self._steps]

        def start(n: int, previous: Any) -> None:
            # One op id for every step: the dispatcher has dropped the step before's entries
            # (on this, the GUI thread) by the time the next is queued.
            fn, pool_name = steps[n]

            def step_done(result: Any) -> None:
                changes = _changes_of(result)
                if changes is not None and changes.any():
                    bus.changed.emit(changes)
                start(n + 1, result)

            last = n == len(steps) - 1
            dispatcher.handlers[op_id] = (on_done if last else step_done, on_failed, progressed)
            dispatcher.jobs[op_id] = (lambda s: fn(s, previous), state)
            pool(pool_name).start(_Runnable(op_id))

        start(0, None)
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
            dialog.canceled.connect(lambda: _confirm_cancel(dialog, state))
        else:
            dialog.setCancelButton(None)
        def start() -> None:
            if shiboken6.isValid(dialog):
                dialog.setValue(0)

        QTimer.singleShot(0, start)
        return dialog


_under_way: dict[int, str] = {}  # op id -> the label of its progress dialog


def work_under_way() -> list[str]:
    """The labels of the long jobs still running (an import, an export, a render): what the
    window names before the user quits or logs out."""
    return list(_under_way.values())


def _confirm_cancel(dialog: QProgressDialog, state: TaskState) -> None:
    """Cancel, Esc or closing the dialog: the user says yes before the work is cancelled;
    no brings the dialog back and the work goes on."""
    if not shiboken6.isValid(dialog) or state.cancelled:
        return
    value = dialog.value()
    answer = QMessageBox.question(
        dialog.parentWidget(), dialog.labelText(),
        QCoreApplication.translate("operations", "Cancel “{0}”? What it has not finished "
                                                 "is not kept.").format(dialog.labelText()))
    if answer == QMessageBox.StandardButton.Yes:
        state.cancel()
    elif shiboken6.isValid(dialog):
        dialog.show()
        dialog.setValue(max(value, 0))


def _changes_of(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], Changes):
        return result[-1]
    return None
