"""Every error the store raises: each message is one line that names the file.

Callers catch `StoreError` for all of them; the subclasses say what a screen
or a script can do about it.
"""

from __future__ import annotations

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
