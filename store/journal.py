"""On-disk primitives of the annotation store: errors, atomic rewrites, backups,
and the append-only journal of edits.

The journal holds one JSON object per line. A line is acknowledged only after
it has been written and fsynced in full, so after a crash only the last line
can be incomplete ("torn"); it is cut away (after a backup copy). A bad line
anywhere else means the file was damaged by something else: that is an error,
never something to skip silently.
"""

from __future__ import annotations

import errno
import filecmp
import glob
import json
import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from store.atomic import CLOEXEC, fsync_dir, write_bytes_atomically
from store.errors import (
    CorruptStoreError,
    ReadOnlyStoreError,
    StoreError,
    StoreWriteError,
)
from store.paths import os_error_message

_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def is_read_only_error(exc: OSError) -> bool:
    """Whether an OSError means "you may not write here"."""
    return exc.errno in _READ_ONLY_ERRNOS


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _same_backup(path: Path, kind: str) -> Path | None:
    """An earlier `kind` copy of `path` with exactly its bytes, if there is one."""
    try:
        size = path.stat().st_size
        for earlier in sorted(path.parent.glob(f"{glob.escape(path.name)}.{kind}-*")):
            if earlier.stat().st_size == size and filecmp.cmp(path, earlier, shallow=False):
                return earlier
    except OSError:
        return None  # unreadable now: a fresh copy will say why
    return None


def backup_copy(path: Path, kind: str = "corrupt") -> Path:
    """Copy a damaged file to `<path>.<kind>-<UTC timestamp>` and return the copy.

    One copy per damaged content: when an earlier copy holds the same bytes (the
    same damaged file opened again) that copy is returned and none is added.
    """
    earlier = _same_backup(path, kind)
    if earlier is not None:
        return earlier
    target = path.with_name(f"{path.name}.{kind}-{_timestamp()}")
    try:
        shutil.copyfile(path, target)
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
    except OSError as exc:
        raise StoreWriteError(
            f"{path}: could not save a backup copy to {target}: {os_error_message(exc)}"
        ) from exc
    return target


def corrupt(path: Path, problem: str) -> CorruptStoreError:
    """The error for a damaged file, after saving a copy of it (if that is possible).

    The damaged file itself is never changed.
    """
    backup: Path | None = None
    try:
        backup = backup_copy(path)
        saved = f"a copy was saved as {backup.name}"
    except StoreWriteError as exc:
        saved = f"no copy could be saved ({exc})"
    return CorruptStoreError(
        f"{path}: {problem}; the file was left as it is and {saved}", path, backup
    )


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` durably and atomically (`store.atomic`), with the
    store's errors: `ReadOnlyStoreError` or `StoreWriteError` naming the file."""
    try:
        write_bytes_atomically(path, data)
    except OSError as exc:
        cls = ReadOnlyStoreError if is_read_only_error(exc) else StoreWriteError
        raise cls(f"{path}: could not write: {os_error_message(exc)}") from exc


def load_json_file(path: Path) -> dict[str, Any] | None:
    """Read a TinyDB JSON file; None if it is empty (TinyDB's "no tables yet").

    A file that is not a JSON object of tables is backed up and reported.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {os_error_message(exc)}") from exc
    if not data.strip():
        return None
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise corrupt(path, f"not a valid TinyDB file ({exc})") from exc
    if not isinstance(value, dict) or not all(isinstance(t, dict) for t in value.values()):
        raise corrupt(path, "not a TinyDB file (expected an object of tables)")
    return value


def encode_ops(ops: list[dict[str, Any]]) -> bytes:
    """Journal lines for `ops`, ASCII-escaped like the TinyDB file (so that any str,
    even a lone surrogate, round-trips)."""
    return ("\n".join(json.dumps(op, separators=(",", ":")) for op in ops) + "\n").encode("ascii")


def _read_at(fd: int, count: int, offset: int) -> bytes:
    """Read `count` bytes at `offset` (os.pread where the system has it)."""
    if hasattr(os, "pread"):
        return os.pread(fd, count, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    chunks, left = [], count
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Journal:
    """The append-only journal file: tail reading, torn-tail repair, durable appends.

    `offset` is how far this process has read; callers hold the store's lock
    (shared to read, exclusive to append or repair) around every method.
    """

    def __init__(self, path: Path, *, writable: bool) -> None:
        """Open (and create, when writable) the journal; nothing is read yet."""
        self.path = path
        self.writable = writable
        self.offset = 0
        self._fd = -1
        self._identity: tuple[int, int] = (0, 0)
        self._open()

    def _open(self) -> None:
        flags = (os.O_RDWR | os.O_APPEND | os.O_CREAT) if self.writable else os.O_RDONLY
        created = self.writable and not self.path.exists()
        try:
            self._fd = os.open(self.path, flags | CLOEXEC, 0o644)
        except FileNotFoundError:
            if self.writable:
                raise
            self._fd = -1  # read-only and no journal yet: nothing to replay
        except IsADirectoryError as exc:
            raise self._not_a_file() from exc
        if created:
            fsync_dir(self.path.parent)  # the new file's name must survive a crash too
        st = os.fstat(self._fd) if self._fd >= 0 else None
        if st is not None and not stat.S_ISREG(st.st_mode):
            self.close()
            raise self._not_a_file()
        self._identity = (st.st_dev, st.st_ino) if st else (0, 0)
        self.offset = 0

    def _not_a_file(self) -> StoreError:
        """The error for a journal path that holds a folder (or a device, a pipe...)."""
        return StoreError(
            f"{self.path}: the journal of edits is not a file (a folder?); "
            "move it away to open the store"
        )

    def reopen(self) -> None:
        """Follow the path to the current journal (after a fold replaced it)."""
        self.close()
        self._open()

    def replaced_on_disk(self) -> bool:
        """Whether the journal at our path is no longer the file we have open.

        While we keep our file open its inode can't be reused, so a changed
        (device, inode) pair reliably means another process folded.
        """
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return self._fd >= 0
        return (st.st_dev, st.st_ino) != self._identity

    def size(self) -> int:
        """The current size of the open journal file."""
        return os.fstat(self._fd).st_size if self._fd >= 0 else 0

    def has_unread(self) -> bool:
        """Whether the file holds bytes past what we have read."""
        return self.size() != self.offset

    def read_new(self, *, repair: bool) -> list[dict[str, Any]]:
        """Parse the complete lines past `offset` and advance it.

        A torn last line is cut away when `repair` (the caller holds the lock
        exclusively) after a backup copy; otherwise it is left for a writer to
        repair and not consumed. A bad line before the end raises.
        """
        if self._fd < 0:
            return []
        size = self.size()
        if size < self.offset:
            raise StoreError(f"{self.path}: the journal shrank while open; reopen the store")
        data = _read_at(self._fd, size - self.offset, self.offset) if size > self.offset else b""
        ops: list[dict[str, Any]] = []
        pos = 0
        good_end = 0
        lines = data.split(b"\n")
        partial = lines.pop()  # bytes after the last newline (usually b"")
        for index, line in enumerate(lines):
            pos += len(line) + 1
            if not line.strip():
                good_end = pos
                continue
            try:
                op = json.loads(line)
                if not isinstance(op, dict) or "op" not in op:
                    raise ValueError("not a journal record")
            except (ValueError, UnicodeDecodeError) as exc:
                is_last = index == len(lines) - 1 and not partial
                if is_last:
                    break  # torn: handled below like a partial line
                self._raise_corrupt(self.offset + good_end, exc)
            ops.append(op)
            good_end = pos
        torn = good_end < len(data)
        if torn and repair and self.writable:
            self._cut_torn_tail(self.offset + good_end)
        self.offset += good_end
        return ops

    def _raise_corrupt(self, at: int, exc: Exception) -> NoReturn:
        raise corrupt(
            self.path, f"damaged journal record at byte {at} ({exc}) followed by more records"
        )

    def _cut_torn_tail(self, good_size: int) -> None:
        backup_copy(self.path, "torn")
        try:
            os.ftruncate(self._fd, good_size)
            os.fsync(self._fd)
        except OSError as exc:
            raise StoreWriteError(
                f"{self.path}: could not cut a torn last line: {os_error_message(exc)}"
            ) from exc

    def append(self, data: bytes) -> None:
        """Append whole lines and fsync; on failure cut back to the previous size.

        The caller has read everything (offset == size) under the exclusive lock.
        """
        if not self.writable:
            raise ReadOnlyStoreError(f"{self.path}: the store is read-only")
        before = self.offset
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            try:
                os.ftruncate(self._fd, before)
                os.fsync(self._fd)
            except OSError:
                pass  # a torn tail left here is cut by the next writer or open
            cls = ReadOnlyStoreError if is_read_only_error(exc) else StoreWriteError
            raise cls(
                f"{self.path}: could not save the change: {os_error_message(exc)}; "
                "nothing was written"
            ) from exc
        self.offset = before + len(data)

    def close(self) -> None:
        """Close the journal file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
