"""An inter-process lock on a `.lock` file beside the database (fcntl.flock).

flock locks belong to an open file description, so two stores in one process
exclude each other just like two processes do, and the kernel releases the
lock when a process dies (kill -9 never leaves a stale lock behind).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

try:  # POSIX; on other systems the store still works, one process at a time.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class FileLock:
    """A shared/exclusive OS lock on one file, usable as context managers."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (and, if `create`, create) the lock file; no lock is taken yet.

        When the file can't be opened at all (read-only folder and no lock file
        yet) the lock degrades to a no-op: there can be no writer then anyway.
        """
        self.path = path
        self._fd: int | None = None
        flags = os.O_RDWR | (os.O_CREAT if create else 0)
        try:
            self._fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT):
                raise
            try:
                self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            except OSError:
                self._fd = None

    @contextmanager
    def _held(self, mode: str, blocking: bool = True) -> Iterator[bool]:
        """Hold the lock in `mode` ("LOCK_EX" or "LOCK_SH") for the block; a no-op
        where the OS has no flock or the lock file could not be opened.

        Yields whether the lock is held: without `blocking`, False when another
        process holds it in a mode that excludes this one (nothing is held then).
        """
        if self._fd is None or fcntl is None:
            yield True
            return
        flags = getattr(fcntl, mode) | (0 if blocking else fcntl.LOCK_NB)
        try:
            fcntl.flock(self._fd, flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def exclusive(self) -> AbstractContextManager[bool]:
        """Hold the lock alone: for appends, repairs and folds."""
        return self._held("LOCK_EX")

    def shared(self, *, blocking: bool = True) -> AbstractContextManager[bool]:
        """Hold the lock with other readers: no fold or append runs meanwhile.

        Without `blocking` it yields False at once if a writer holds the lock.
        """
        return self._held("LOCK_SH", blocking)

    def close(self) -> None:
        """Close the lock file (which also releases any lock still held)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
