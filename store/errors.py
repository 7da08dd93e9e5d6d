"""Every error the store raises: each message is one line that names the file.

Callers catch `StoreError` for all of them; the subclasses say what a screen
or a script can do about it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.records import Annotation


class StoreError(Exception):
    """Anything the annotation store can't do; the message names the file."""


class CorruptStoreError(StoreError):
    """A database or journal file can't be read; a backup copy was made."""

    def __init__(self, message: str, path: Path, backup: Path | None) -> None:
        """Remember which file is damaged and where its copy was saved."""
        super().__init__(message)
        self.path = path
        self.backup = backup


class StoreWriteError(StoreError):
    """A write failed (disk full, read-only...); nothing acknowledged was lost."""


class ReadOnlyStoreError(StoreWriteError):
    """The store was opened read-only (by choice or because it can't be written)."""


class UnknownAnnotationError(StoreError, KeyError):
    """No annotation has this id (maybe another process removed it)."""

    def __str__(self) -> str:
        """The plain message, not KeyError's quoted repr."""
        return str(self.args[0]) if self.args else ""


class ConflictError(StoreError):
    """A conditional write found the label changed by another session since it was read.

    `current` is the label as it is now (None: removed), so the caller can show it.
    """

    def __init__(self, message: str, current: Annotation | None) -> None:
        """Keep the label as the store holds it now."""
        super().__init__(message)
        self.current = current


@dataclass(frozen=True, slots=True)
class StoreBusy:
    """A save (or read) waiting for another process that holds the store's lock.

    Not raised: the wait goes on until the holder lets go (a process stopped with
    SIGSTOP included), so no label is dropped. The store shows it as `busy` while
    it lasts, for a screen to say who holds the lock and for how long.
    """

    lock: Path
    """The lock file."""
    pid: int | None
    """The holder's process id, when it wrote one (an older version does not)."""
    host: str | None
    """The holder's host name, when it wrote one."""
    held_since: float | None
    """When the holder took the lock (`time.time()`), when it wrote it."""
    waiting_since: float
    """When this process began to wait (`time.time()`)."""

    def holder(self) -> str:
        """Who holds the lock, as a person reads it: "process 4242 on lab-3"."""
        if self.pid is None:
            return "another process"
        return f"process {self.pid}" + (f" on {self.host}" if self.host else "")

    def message(self, now: float | None = None) -> str:
        """One line: who holds the lock, for how long, and how long we have waited."""
        now = time.time() if now is None else now
        waited = max(0, round(now - self.waiting_since))
        held = "which holds the lock"
        if self.held_since is not None:
            held = f"which has held the lock for {max(0, round(now - self.held_since))} s"
        return (
            f"{self.lock}: waiting {waited} s for {self.holder()}, {held}; "
            "the save completes when it lets go"
        )

    def __str__(self) -> str:
        """The message as of now."""
        return self.message()
