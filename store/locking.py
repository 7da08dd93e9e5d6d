"""An inter-process lock beside the database: flock on the `.lock` file and its folder.

flock locks belong to an open file description, so two stores in one process
exclude each other just like two processes do, and the kernel releases the
lock when a process dies (kill -9 never leaves a stale lock behind).

A lock file can be deleted while processes use it; the next process to come
then creates a new one and would lock that while the old holder still works.
Two guards keep that from ever letting two writers in at once:

- the folder is locked too (after the file). A folder that holds the database
  can't be deleted, so this lock can't be lost; where the file system refuses
  folder locks (some network mounts) the file alone guards, as before;
- after taking the file's lock, the file locked must still be the one at the
  lock path (same inode); if it was deleted or replaced, the lock is taken
  again on the file that is there now, so every process meets on one file
  (older versions, which lock only the file, included).

An exclusive holder writes its pid, host and the time into the lock file (no
fsync: it is advice, not data). A process that must wait publishes who holds the
lock as `busy` (a `StoreBusy`) until it gets it; it never gives up waiting.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from store.errors import StoreBusy

try:  # POSIX; on other systems the store still works, one process at a time.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_CANT_OPEN = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT)
_NO_FOLDER_LOCKS = (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP)
_HOLDER_BYTES = 512
"""How much of the lock file is read for the holder's details."""


class FileLock:
    """A shared/exclusive OS lock on one file and its folder, usable as context managers."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open (and, if `create`, create) the lock file; no lock is taken yet.

        When the file can't be opened at all (read-only folder and no lock file
        yet) only the folder is locked: there can be no writer then anyway.
        """
        self.path = path
        self.busy: StoreBusy | None = None
        """Set while this process waits for another one's lock: who holds it."""
        self._create = create
        self._fd: int | None = self._open_file()
        self._dir_fd: int | None = self._open_folder()

    def _open_file(self) -> int | None:
        """The lock file's descriptor, read-write where possible, else None."""
        flags = os.O_RDWR | (os.O_CREAT if self._create else 0)
        try:
            return os.open(self.path, flags | _CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno not in _CANT_OPEN:
                raise
        try:
            return os.open(self.path, os.O_RDONLY | _CLOEXEC)
        except OSError:
            return None

    def _open_folder(self) -> int | None:
        """The folder's descriptor, or None where folders can't be opened."""
        try:
            return os.open(self.path.parent, os.O_RDONLY | _CLOEXEC)
        except OSError:  # pragma: no cover - platforms without directory fds
            return None

    # -- taking and releasing --------------------------------------------------

    @contextmanager
    def _held(self, mode: str, blocking: bool = True) -> Iterator[bool]:
        """Hold the lock in `mode` ("LOCK_EX" or "LOCK_SH") for the block; a no-op
        where the OS has no flock.

        Yields whether the lock is held: without `blocking`, False when another
        process holds it in a mode that excludes this one (nothing is held then).
        """
        if fcntl is None:
            yield True
            return
        op = getattr(fcntl, mode)
        if not self._take_file(op, blocking):
            yield False
            return
        try:
            folder_held = self._take_folder(op, blocking)
        except BaseException:
            self._unlock(self._fd)
            raise
        if not folder_held:
            self._unlock(self._fd)
            yield False
            return
        exclusive = op == fcntl.LOCK_EX
        if exclusive:
            self._write_holder()
        try:
            yield True
        finally:
            if exclusive:
                self._clear_holder()
            self._unlock(self._dir_fd)
            self._unlock(self._fd)

    def _take_file(self, op: int, blocking: bool) -> bool:
        """Lock the file at the lock path, following it when it was deleted or replaced."""
        while self._fd is not None:
            if not self._flock(self._fd, op, blocking):
                return False
            if self._is_at_path(self._fd):
                return True
            self._unlock(self._fd)
            os.close(self._fd)
            self._fd = self._open_file()
        return True  # no lock file can be opened: the folder alone guards

    def _take_folder(self, op: int, blocking: bool) -> bool:
        """Lock the folder too (a guard no deleted file can take away)."""
        if self._dir_fd is None:
            return True
        try:
            return self._flock(self._dir_fd, op, blocking)
        except OSError as exc:
            if exc.errno not in _NO_FOLDER_LOCKS:
                raise
            os.close(self._dir_fd)  # this file system can't lock folders: the file guards
            self._dir_fd = None
            return True

    def _flock(self, fd: int, op: int, blocking: bool) -> bool:
        """flock `fd`; when another process holds it, publish `busy` while waiting."""
        try:
            fcntl.flock(fd, op | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not blocking:
                return False
        self.busy = self._read_holder(time.time())
        try:
            fcntl.flock(fd, op)
        finally:
            self.busy = None
        return True

    def _unlock(self, fd: int | None) -> None:
        """Release our flock on `fd` (nothing for a file or folder not locked)."""
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def _is_at_path(self, fd: int) -> bool:
        """Whether `fd` is still the file at the lock path (not deleted, not replaced)."""
        try:
            at_path = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino)

    # -- who holds it ------------------------------------------------------------

    def _write_holder(self) -> None:
        """Note our pid, host and the time in the lock file, for processes that wait."""
        if self._fd is None:
            return
        note = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        with contextlib.suppress(OSError):  # advice only: a full disk must not stop a save
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, json.dumps(note).encode("ascii"), 0)

    def _clear_holder(self) -> None:
        """Empty the lock file: nobody holds the lock exclusively any more."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)

    def _read_holder(self, now: float) -> StoreBusy:
        """Who the lock file says holds the lock (nobody named: a reader, or an old
        version, or the folder's lock is held by a process of another file)."""
        note: object = None
        if self._fd is not None:
            with contextlib.suppress(OSError, ValueError):
                note = json.loads(os.pread(self._fd, _HOLDER_BYTES, 0) or b"null")
        if not isinstance(note, dict):
            note = {}
        pid, host, since = note.get("pid"), note.get("host"), note.get("since")
        return StoreBusy(
            self.path,
            pid if isinstance(pid, int) else None,
            host if isinstance(host, str) else None,
            float(since) if isinstance(since, int | float) else None,
            now,
        )

    # -- the public face -----------------------------------------------------------

    def exclusive(self) -> AbstractContextManager[bool]:
        """Hold the lock alone: for appends, repairs and folds."""
        return self._held("LOCK_EX")

    def shared(self, *, blocking: bool = True) -> AbstractContextManager[bool]:
        """Hold the lock with other readers: no fold or append runs meanwhile.

        Without `blocking` it yields False at once if a writer holds the lock.
        """
        return self._held("LOCK_SH", blocking)

    def close(self) -> None:
        """Close the lock file and folder (which also releases any lock still held)."""
        for fd in (self._fd, self._dir_fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._dir_fd = None
