"""Start the parser's worker server while the app itself starts, on a cold open.

A corpus opened for the first time is parsed in worker processes
(`store.corpus.pool`), forked from multiprocessing's fork server once that
server has imported the parser (a tenth of a second and more). Started by the
scan, the server only began after the app had drawn its first frame and the
files had been walked: the workers' first results came 0.6 s after the
process started. Started here, from the command line, before the interface is
imported, it loads the parser on another core meanwhile.

Only for a corpus with no index yet and big enough for workers (a couple of
hundred files, or a large JSONL or WARC file): a reopen parses little or
nothing, and pays for nothing here but a look at the folder and one `stat`.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PRELOAD = ("store.corpus.pool", "store.text.pipeline")
"""Modules the worker processes need, loaded once in the fork server."""


def worker_context() -> BaseContext:
    """The start method of the parsing workers: forkserver (spawn where there is none),
    never fork (the app has threads running), the server loading `PRELOAD` first.

    Multiprocessing's resource tracker is started first (see `_start_resource_tracker`):
    whoever starts workers inside the app (a cold open's parsing, the full-text
    index's) needs it.
    """
    import multiprocessing

    _start_resource_tracker()

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(list(PRELOAD))
    return context


def prestart_parsers(location: Path, cache_dir: Path | None = None) -> bool:
    """Start the fork server now if `location` has no index yet; whether it was started.

    Never raises: at worst the scan starts the server itself, as before.
    """
    try:
        if len(os.sched_getaffinity(0)) < 2:
            return False  # one core: the corpus is parsed in the scanning thread
        root = Path(location).expanduser().resolve()
        if not _worth_workers(root):
            return False
        from store.corpus.index import index_path  # the corpus package: only when worth it

        if index_path(root, cache_dir).exists():
            return False
        if worker_context().get_start_method() != "forkserver":
            return False
        from multiprocessing import forkserver

        forkserver.ensure_running()
        return True
    except (AttributeError, OSError, ValueError, RuntimeError):  # no affinity call, no fork
        return False


PARALLEL_MIN_UNITS = 200
"""Fewer articles than this to parse are not worth starting worker processes for;
a folder's first open starts the server early from this many files at its top level."""
WORTH_WORKERS_BYTES = 256 * 1024
"""A JSONL or WARC file this big holds a couple of hundred articles or more."""


def _worth_workers(root: Path) -> bool:
    """Whether a corpus is big enough for worker processes, judged without reading it."""
    if root.is_file():
        return root.stat().st_size >= WORTH_WORKERS_BYTES
    if not root.is_dir():
        return False
    with os.scandir(root) as found:
        return sum(1 for _ in itertools.islice(found, PARALLEL_MIN_UNITS)) >= PARALLEL_MIN_UNITS


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (once) with a stderr it can pass on.

    Textual replaces `sys.stderr` with a capture whose `fileno()` is -1, which the
    tracker hands to its process as a descriptor to keep: "bad value(s) in
    fds_to_keep", so no worker could start inside the app (every cold open parsed on
    one core, and a full-text index begun on a reopen was never built). It is given
    /dev/null instead, for the instant it starts.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved
