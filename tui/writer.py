"""The ordered writer: one background thread that owns the annotation store.

Every call to the store (opening it, writes, and the reads that must see earlier
writes) is a job on one queue, run in order by one thread. The screen never
waits: it submits a job, shows the change as pending, and gets a
`AnnotationWriter.Done` message when the job has finished, which for a write
means the label is durable on disk. A Textual `exclusive` worker would cancel
queued writes; a queue and a single thread keeps every one of them, in order.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

Job = Callable[[Any], Any]
"""A job receives the open store and returns a result for the `Done` message."""

_STOP = object()


class AnnotationWriter:
    """Run store jobs in submission order on one thread; report each one as a message."""

    class Done(Message, bubble=False):
        """A job has finished: `result` is what it returned, or `error` what it raised."""

        def __init__(self, ticket: int, tag: object, result: Any, error: BaseException | None):
            super().__init__()
            self.ticket = ticket
            self.tag = tag
            self.result = result
            self.error = error
            self.changed = True
            """False when the screen already showed this result (see `wait`)."""

    class Failed(Message, bubble=False):
        """The store could not be opened: nothing can be saved in this session."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    class Opened(Message, bubble=False):
        """The store is open; `read_only_reason` says why labels cannot be saved, if so."""

        def __init__(self, read_only_reason: str | None) -> None:
            super().__init__()
            self.read_only_reason = read_only_reason

    def __init__(self, open_store: Callable[[], Any], target: MessagePump) -> None:
        self._open_store = open_store
        self._target = target
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._tickets = itertools.count(1)
        self._thread = threading.Thread(target=self._run, name="marginalia-writer", daemon=True)
        self._store: Any = None
        self._futures: dict[int, Future[Any]] = {}
        self.pending = 0
        """Jobs submitted and not yet finished (read on the UI thread only)."""

    def start(self) -> None:
        """Open the store on the writer thread and start taking jobs."""
        self._thread.start()

    def submit(self, job: Job, tag: object = None) -> int:
        """Queue `job`; returns its ticket, echoed in the `Done` message."""
        ticket = next(self._tickets)
        self.pending += 1
        future: Future[Any] = Future()
        self._futures[ticket] = future
        self._queue.put((ticket, tag, job, future))
        return ticket

    async def wait(self, ticket: int, timeout: float) -> Future[Any] | None:
        """Wait up to `timeout` seconds for a job without blocking the screen.

        Returns its finished future, or None if it is still running. A label
        written within a frame can then be drawn once, already saved, instead
        of pending in one frame and saved in the next.
        """
        future = self._futures.get(ticket)
        if future is None:
            return None
        if not future.done():
            try:
                await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout)
            except TimeoutError:
                return None
            except Exception:
                pass  # the job failed: the future holds the error
        return future if future.done() else None

    def finished(self, message: Done) -> None:
        """Book-keeping for the UI thread when it receives a `Done` message."""
        self.pending = max(0, self.pending - 1)
        self._futures.pop(message.ticket, None)

    def close(self, timeout: float | None = 30.0) -> None:
        """Finish every queued job, close the store and stop the thread."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            self._store = self._open_store()
        except BaseException as exc:  # any failure must reach the screen, not a log
            self._target.post_message(self.Failed(exc))
            self._drain_failed(exc)
            return
        # The store holds every annotation as an object; freezing them out of the
        # garbage collector's generations keeps collections (pauses) short.
        gc.freeze()
        self._target.post_message(self.Opened(getattr(self._store, "read_only_reason", None)))
        try:
            while (item := self._queue.get()) is not _STOP:
                ticket, tag, job, future = item
                try:
                    result, error = job(self._store), None
                except Exception as exc:
                    result, error = None, exc
                if error is None:
                    future.set_result(result)
                else:
                    future.set_exception(error)
                self._target.post_message(self.Done(ticket, tag, result, error))
        finally:
            close = getattr(self._store, "close", None)
            if close is not None:
                close()

    def _drain_failed(self, error: BaseException) -> None:
        """Answer every job with the opening error, so nothing stays pending forever."""
        while (item := self._queue.get()) is not _STOP:
            ticket, tag, _job, future = item
            future.set_exception(error)
            self._target.post_message(self.Done(ticket, tag, None, error))
