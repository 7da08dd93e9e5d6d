"""The open annotation store and the two threads that use it: a writer and a reader.

Every write is a job on one queue, run in order by one thread, so labels land
in the order they were given and an undo always finds what the edit before it
wrote (a Textual `exclusive` worker would cancel queued writes: labels lost).
Reads have a thread of their own, so a read never waits behind a write, nor
for a write that waits for another process's lock.

Jobs return `concurrent.futures.Future`s; `when_done` runs a callback on the
UI's event loop once one has finished, in the order the jobs finished.

While the store is still opening (seconds, for a big file), a write may be
saved early (`write_early`: `store.early`): its early part runs at once and
its job, which then only fetches what the early save did, runs in its turn
once the store is open. An early save never overtakes a write that is waiting
for the store, unless that write says it may be overtaken (re-anchoring) or was
itself saved early: keys typed one after another while the file loads are all
saved at once, in order.
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from store import AnnotationStore

T = TypeVar("T")
Job = Callable[["AnnotationStore"], T]
"""A job receives the open store; what it returns is the future's result."""

OPENING_SWITCH_INTERVAL = 0.0005
"""Seconds a thread runs before another that waits gets the interpreter, while the
store opens (`sys.setswitchinterval`)."""

_STOP = object()
_OPENED = object()
"""Queued once the store has opened (or failed to): the jobs held for it can run."""


@dataclass(frozen=True, slots=True)
class _Item:
    """A job, its future, and (for a write that can be saved early) its early part."""

    job: Callable[[AnnotationStore], object]
    future: Future[object]
    early: Callable[[], bool] | None = None
    saved: Future[bool] | None = None
    overtakable: bool = False


def _may_overtake(waiting: _Item) -> bool:
    """Whether an early save may go before `waiting`, a job held for the store: one
    that says it may be, or one saved early itself (already in the journal, ahead)."""
    saved = waiting.saved
    return waiting.overtakable or (
        saved is not None and saved.done() and saved.exception() is None and saved.result()
    )


class _Lane:
    """One thread running jobs from its queue in order, once the store is open."""

    def __init__(self, name: str, store: Future[AnnotationStore]) -> None:
        self._store = store
        self._queue: queue.SimpleQueue[_Item | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def put(self, item: _Item) -> None:
        self._queue.put(item)

    def opened(self) -> None:
        """The store has opened (or failed to): run the jobs held for it."""
        self._queue.put(_OPENED)

    def stop(self, timeout: float | None) -> bool:
        """Finish the queued jobs; returns whether the thread has ended."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        held: list[_Item] = []  # jobs waiting for the store to open, in order
        is_open = False
        while (item := self._queue.get()) is not _STOP:
            if item is _OPENED:
                is_open = True
                for waiting in held:
                    self._do(waiting)
                held.clear()
                continue
            assert isinstance(item, _Item)
            if item.saved is not None and (is_open or not all(map(_may_overtake, held))):
                item.saved.set_result(False)
            elif item.saved is not None and item.early is not None:
                self._save_early(item.early, item.saved)
            if is_open:
                self._do(item)
            else:
                held.append(item)
        for waiting in held:  # stopped before the store opened: it still gets them
            self._do(waiting)

    @staticmethod
    def _save_early(early: Callable[[], bool], saved: Future[bool]) -> None:
        try:
            saved.set_result(early())
        except BaseException as exc:  # the job, in its turn, saves the ordinary way
            saved.set_exception(exc)

    def _do(self, item: _Item) -> None:
        """Run one job on the open store; every future is answered, whatever happened."""
        try:
            store = self._store.result()
        except BaseException as exc:  # answer the job with the opening error
            item.future.set_exception(exc)
            return
        try:
            item.future.set_result(item.job(store))
        except BaseException as exc:
            item.future.set_exception(exc)


class StoreLanes:
    """Opens the store on a thread of its own and runs jobs on the writer or reader lane."""

    def __init__(self, open_store: Callable[[], AnnotationStore]) -> None:
        """`open_store` is called once, on the opening thread, by `start`."""
        self._open_store = open_store
        self.store: Future[AnnotationStore] = Future()
        """Resolves to the open store, or to the error that stopped it opening."""
        self._tickets = itertools.count(1)
        self._writer = _Lane("marginalia-writer", self.store)
        self._reader = _Lane("marginalia-reader", self.store)
        self._opener = threading.Thread(target=self._open, name="marginalia-open", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.started = False

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Open the store and start both lanes; callbacks run on `loop`."""
        if self.started:
            return
        self.started = True
        self._loop = loop
        self._opener.start()
        self._writer.start()
        self._reader.start()

    def _open(self) -> None:
        # While the file loads (seconds, for a big one), this thread holds the
        # interpreter most of the time; the UI thread gets it back at each switch,
        # after up to a whole interval (5 ms by default) each time it waited on the
        # terminal or a save. Shorter turns keep keys and frames prompt meanwhile.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, OPENING_SWITCH_INTERVAL))
        try:
            store = self._open_store()
        except BaseException as exc:
            self.store.set_exception(exc)
        else:
            self.store.set_result(store)  # its load froze the labels out of the collector
        finally:
            sys.setswitchinterval(interval)
        self._writer.opened()
        self._reader.opened()

    def write(self, job: Job[T], *, overtakable: bool = False) -> tuple[int, Future[T]]:
        """Queue a write; returns its ticket and future. Jobs run in ticket order
        (but an early save may overtake an `overtakable` one while the store opens)."""
        future: Future[T] = Future()
        self._writer.put(_Item(job, future, overtakable=overtakable))  # type: ignore[arg-type]
        return next(self._tickets), future

    def write_early(
        self, job: Job[T], early: Callable[[], bool]
    ) -> tuple[int, Future[bool], Future[T]]:
        """Queue a write whose `early` part saves it at once if the store is still
        opening (returning True); returns its ticket, a future that is True once it
        is saved early (False: it is saved the ordinary way, by `job`), and `job`'s."""
        saved: Future[bool] = Future()
        future: Future[T] = Future()
        self._writer.put(_Item(job, future, early, saved))  # type: ignore[arg-type]
        return next(self._tickets), saved, future

    def read(self, job: Job[T]) -> Future[T]:
        """Queue a read: it runs in order with other reads, never behind a write."""
        future: Future[T] = Future()
        self._reader.put(_Item(job, future))  # type: ignore[arg-type]
        return future

    def when_done(self, future: Future[T], callback: Callable[[Future[T]], None]) -> None:
        """Run `callback(future)` on the UI's loop once `future` has finished."""
        loop = self._loop
        if loop is None:
            raise RuntimeError("the store lanes have not been started")
        future.add_done_callback(lambda done: loop.call_soon_threadsafe(callback, done))

    def close(self, timeout: float | None = 30.0) -> None:
        """Finish every queued job, then close the store (folding its journal)."""
        if not self.started:
            return
        stopped = self._writer.stop(timeout) and self._reader.stop(timeout)
        self._opener.join(timeout)
        # A lane still running (another process holds the lock) keeps the store:
        # what is acknowledged is on disk, and the journal is folded next time.
        if stopped and self.store.done() and self.store.exception() is None:
            self.store.result().close()
