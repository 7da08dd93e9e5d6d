"""Parse a corpus's files in worker processes, ahead of the scan that consumes them.

The text pipeline is pure Python and takes milliseconds per article, so a cold
open of 10,000 articles is CPU-bound: worker processes divide it by the number
of cores. Results are consumed in the scan's order, so "first wins"
deduplication and the order of entries do not depend on which worker finishes
first. Page dumps are one job each; big JSONL files are cut into runs of lines.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus.read import Found, Span, file_hash, finish_jsonl, is_jsonl, iter_file, read_span
from store.prestart import PARALLEL_MIN_UNITS, worker_context

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

LINES_PER_JOB = 64
"""JSONL lines per worker job: small enough for smooth progress, big enough to be cheap."""

MAX_WORKERS = 8

MAX_CHUNK = 16
"""Most files (or JSONL runs) sent to a worker as one job: each job costs the
scanning thread a round trip, which at one page a job took a tenth of the time
the parsing did."""

_CHUNK = 1 << 20

_Item = tuple[Path, str, Span | None]


def read_items(items: list[_Item]) -> list[Found]:
    """Read a chunk of files or JSONL runs (in a worker process), in order."""
    return [read_span(path, name, span) for path, name, span in items]


def worker_count(requested: int | None, units: int) -> int:
    """How many worker processes to use for `units` articles to parse (1: none)."""
    # Workers re-import the main script; one read from stdin cannot be, and
    # every worker would die with a traceback on stderr.
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if main_file is not None and not os.path.exists(main_file):
        return 1
    if requested is not None:
        return max(1, min(requested, units))
    if units < PARALLEL_MIN_UNITS:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def line_spans(path: Path, per_span: int = LINES_PER_JOB) -> list[Span]:
    """Cut a JSONL file into runs of `per_span` lines: (start byte, end byte, first line)."""
    spans: list[Span] = []
    start = pos = lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            at = chunk.find(b"\n")
            while at != -1:
                lines += 1
                if lines % per_span == 0:
                    spans.append((start, pos + at + 1, lines - per_span + 1))
                    start = pos + at + 1
                at = chunk.find(b"\n", at + 1)
            pos += len(chunk)
    spans.append((start, None, lines - lines % per_span + 1))
    return spans


class ParallelReader:
    """Reads files in worker processes; `iter_file` hands results over in order.

    Jobs are submitted a few per worker ahead of the consumer, never all at
    once: an abandoned scan (the app quit) leaves only a handful of jobs for
    the interpreter to wait for at exit. Workers are started with forkserver
    (or spawn), never fork: the app has threads running. A job whose worker
    failed, or any file when processes cannot be used, is read in this thread.
    """

    def __init__(self, jobs: list[tuple[Path, str, int]], workers: int | None = None) -> None:
        """Start reading `(path, name, units)` jobs in the background, if worth it."""
        self._queue: list[_Item] = []
        self._by_name: dict[str, list[int]] = {}
        self._futures: dict[int, tuple[Future[list[Found]], int]] = {}
        """Queue index -> the future of its chunk and its place in the chunk."""
        self._next = 0
        self._executor: ProcessPoolExecutor | None = None
        count = worker_count(workers, sum(units for _, _, units in jobs))
        self._chunk = 1
        self._window = count * 4
        self.workers = 0
        """How many worker processes were started (0: every file is read in this thread)."""
        if count < 2:
            return
        # Loaded only when there is parsing to share out: a warm reopen never needs them.
        from concurrent.futures import ProcessPoolExecutor

        # The server imports the pipeline once and each worker forks from it ready to
        # parse (the command line may have started it already: `store.prestart`).
        try:
            context = worker_context()
            for path, name, _ in jobs:
                spans: list[Span | None] = list(line_spans(path)) if is_jsonl(path) else [None]
                first = len(self._queue)
                self._queue.extend((path, name, span) for span in spans)
                self._by_name[name] = list(range(first, len(self._queue)))
            # Sixteen chunks a worker at least, so that the workers finish together.
            self._chunk = max(1, min(MAX_CHUNK, len(self._queue) // (count * 16)))
            self._window = count * 4 * self._chunk
            self._executor = ProcessPoolExecutor(count, mp_context=context)
            self.workers = count
        except (OSError, RuntimeError, ValueError):
            self.close()

    def _top_up(self) -> None:
        while self._executor is not None and self._next < len(self._queue):
            if len(self._futures) >= self._window:
                return
            first = self._next
            items = self._queue[first : first + self._chunk]
            try:
                future = self._executor.submit(read_items, items)
            except RuntimeError:  # the pool broke: the rest is read in this thread
                self._executor = None
                return
            for place in range(len(items)):
                self._futures[first + place] = (future, place)
            self._next += len(items)

    def iter_file(self, found: Found, path: Path, name: str) -> Iterator[None]:
        """Like `read.iter_file`, taking the workers' results when there are any."""
        indices = self._by_name.pop(name, None)
        if indices is None:
            yield from iter_file(found, path, name)
            return
        for index in indices:
            self._top_up()
            job = self._futures.pop(index, None)
            job_path, job_name, span = self._queue[index]
            try:
                part = job[0].result()[job[1]] if job else read_span(job_path, job_name, span)
            except Exception:  # a broken pool or a crashed worker: read it here instead
                part = read_span(job_path, job_name, span)
            found.articles.extend(part.articles)
            found.problems.extend(part.problems)
            found.units += part.units
            found.hash = part.hash
            yield
        if is_jsonl(path):
            finish_jsonl(found, file_hash(path) or "")
            yield

    def close(self) -> None:
        """Stop the workers, dropping jobs not started (e.g. the scan was abandoned)."""
        self._by_name.clear()
        self._futures.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ParallelReader:
        """Use as a context manager so the workers always stop."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the workers."""
        self.close()
