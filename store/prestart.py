"""Start the parser's worker server while the app itself starts, on a cold open.

A corpus opened for the first time is parsed in worker processes
(`store.corpus.pool`), forked from multiprocessing's fork server once that
server has imported the parser (a tenth of a second and more). Started by the
scan, the server only began after the app had drawn its first frame and the
files had been walked: the workers' first results came 0.6 s after the
process started. Started here, from the command line, before the interface is
imported, it loads the parser on another core meanwhile.

Only for a corpus with no index yet: a reopen parses little or nothing, and
pays for nothing here but one `stat`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

PRELOAD = ("store.corpus.pool", "store.text.pipeline")
"""Modules the worker processes need, loaded once in the fork server."""


def worker_context() -> BaseContext:
    """The start method of the parsing workers: forkserver (spawn where there is none),
    never fork (the app has threads running), the server loading `PRELOAD` first."""
    import multiprocessing

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
        from store.corpus.index import index_path

        root = Path(location).expanduser().resolve()
        if not root.exists() or index_path(root, cache_dir).exists():
            return False
        if worker_context().get_start_method() != "forkserver":
            return False
        from multiprocessing import forkserver

        forkserver.ensure_running()
        return True
    except (AttributeError, OSError, ValueError, RuntimeError):  # no affinity call, no fork
        return False
