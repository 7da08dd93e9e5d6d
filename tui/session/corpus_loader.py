"""Open the corpus on a background thread from the moment the session is built.

Scanning starts before Textual has drawn anything, so reading the cache index
overlaps start-up; batches found before the library screen exists are kept and
handed over, in order, when it attaches. (A forked process was measured too:
on two cores it was no faster, so the simpler thread stays.) The loader keeps
the opened corpus; `done` is set once the scan has ended either way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Corpus, ScanBatch

Deliver = Callable[["ScanBatch | None", "BaseException | None"], None]
"""Receives each batch, or None and the error that stopped the scan."""


class CorpusLoader:
    """A one-shot scan of a corpus whose batches go to whoever attaches."""

    def __init__(self, location: Path, cache_dir: Path | None) -> None:
        """Nothing is read until `start`."""
        self.location = location
        self.cache_dir = cache_dir
        self.corpus: Corpus | None = None
        """The opened corpus, once the scan has ended well."""
        self.error: BaseException | None = None
        """What stopped the scan, if it failed."""
        self.done = threading.Event()
        self._lock = threading.Lock()
        self._buffer: list[tuple[ScanBatch | None, BaseException | None]] = []
        self._deliver: Deliver | None = None
        self._thread = threading.Thread(target=self._run, name="marginalia-corpus", daemon=True)

    def start(self) -> None:
        """Start scanning."""
        self._thread.start()

    def attach(self, deliver: Deliver) -> None:
        """Send every batch found so far to `deliver`, then each new one as it comes."""
        # Replayed under the lock, so a batch the scan finds meanwhile comes after them.
        with self._lock:
            for batch, error in self._buffer:
                deliver(batch, error)
            self._buffer = []
            self._deliver = deliver

    def _emit(self, batch: ScanBatch | None, error: BaseException | None) -> None:
        with self._lock:
            deliver = self._deliver
            if deliver is None:
                self._buffer.append((batch, error))
                return
        deliver(batch, error)

    def _run(self) -> None:
        try:
            import store  # here, on this thread: loading the pipeline overlaps start-up

            for batch in store.Corpus.scan(self.location, self.cache_dir, preview=True):
                if batch.corpus is not None:
                    self.corpus = batch.corpus
                    self.done.set()
                self._emit(batch, None)
        except Exception as exc:  # reported on screen as one line
            self.error = exc
            self.done.set()
            self._emit(None, exc)
        finally:
            self.done.set()
