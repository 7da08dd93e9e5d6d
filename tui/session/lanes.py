"""The open annotation store and the two threads that use it: a writer and a reader.

Every write is a job on one queue, run in order by one thread, so labels land
in the order they were given and an undo always finds what the edit before it
wrote (a Textual `exclusive` worker would cancel queued writes: labels lost).
Reads have a thread of their own, so a read never waits behind a write, nor
for a write that waits for another process's lock.

Jobs return `concurrent.futures.Future`s; `when_done` runs a callback on the
UI's event loop once one has finished, in the order the jobs finished.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from store import AnnotationStore

T = TypeVar("T")
Job = Callable[["AnnotationStore"], T]
"""A job receives the open store; what it returns is the future's result."""

_STOP = object()
_Item = tuple[Callable[["AnnotationStore"], object], "Future[object]"]


class _Lane:
    """One thread running jobs from its queue in order, once the store is open."""

    def __init__(self, name: str, store: Future[AnnotationStore]) -> None:
        self._store = store
        self._queue: queue.SimpleQueue[_Item | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def put(self, job: Callable[[AnnotationStore], object]) -> Future[object]:
        future: Future[object] = Future()
        self._queue.put((job, future))
        return future

    def stop(self, timeout: float | None) -> bool:
        """Finish the queued jobs; returns whether the thread has ended."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            store = self._store.result()
        except BaseException as exc:  # answer every job with the opening error
            self._drain(exc)
            return
        while (item := self._queue.get()) is not _STOP:
            assert isinstance(item, tuple)
            job, future = item
            try:
                future.set_result(job(store))
            except BaseException as exc:  # every future is answered, whatever happened
                future.set_exception(exc)

    def _drain(self, error: BaseException) -> None:
        while (item := self._queue.get()) is not _STOP:
            assert isinstance(item, tuple)
            item[1].set_exception(error)


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
        try:
            store = self._open_store()
        except BaseException as exc:
            self.store.set_exception(exc)
            return
        # The store holds every annotation as an object; freezing them out of the
        # garbage collector's generations keeps collections (pauses) short.
        gc.freeze()
        self.store.set_result(store)

    def write(self, job: Job[T]) -> tuple[int, Future[T]]:
        """Queue a write; returns its ticket and future. Jobs run in ticket order."""
        return next(self._tickets), self._writer.put(job)  # type: ignore[return-value]

    def read(self, job: Job[T]) -> Future[T]:
        """Queue a read: it runs in order with other reads, never behind a write."""
        return self._reader.put(job)  # type: ignore[return-value]

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
