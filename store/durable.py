"""The durable file under the annotation store: a TinyDB file, a journal and a lock.

Users see a plain TinyDB file (tables "annotations" and "articles"). Writing
it on every key press costs a full rewrite, so each edit is instead appended
as one JSON line to `<db>.journal` and fsynced before the call returns. On
open the journal is replayed; on close (or when it grows) it is folded into
the TinyDB file by an atomic rewrite. Replaying is idempotent (every record is
a whole-record put or a delete), so a crash between the rewrite and the
journal reset loses nothing. An flock on `<db>.lock` and its folder
(`store.locking`) serialises writers of all processes, and reads first catch
up with the journal tail, so two annotators on one file see each other's labels.

The TinyDB file may also change under us: another program (plain `tinydb`)
may write it while the store is open. Its size, times and inode as we last
read or wrote it are kept; when they differ, the file is read again and the
whole journal replayed on top before anything is folded, so that write is
kept, never overwritten.

A label key pressed while a big file is being read is saved before the read
ends, through the `EarlySaves` door that the opening store holds open while it
reads the tables (`store.early`).

Two locks inside the process: `_write_mutex` orders everything that touches
the files (and may wait for another process's lock), `_state_lock` guards the
in-memory state for the moment it takes to change or copy it. A read on one
thread therefore never waits for a write on another to reach the disk.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from store.atomic import through_links
from store.errors import ReadOnlyStoreError, StoreBusy, StoreError, StoreWriteError
from store.journal import (
    Journal,
    atomic_write,
    corrupt,
    encode_ops,
    is_read_only_error,
    load_json_file,
)
from store.labelling import Change, StoreChanges
from store.locking import FileLock
from store.paths import journal_path, lock_path, os_error_message
from store.records import ANNOTATIONS
from store.state import RecordError, StoreState
from store.tinyfile import Unreadable, read_tables

if TYPE_CHECKING:
    from store.early import EarlySaves

MIN_FOLD_BYTES = 4 * 1024 * 1024
"""The smallest journal that is folded into the TinyDB file while the store is open."""

FileSeen = tuple[int, int, int, int, int] | None
"""A file as we last saw it: device, inode, size, mtime and ctime (ns); None: absent."""


def file_seen(path: Path) -> FileSeen:
    """How `path` looks now (through links), to tell later whether it changed."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class DurableFile:
    """The TinyDB file, its journal and its lock, and the state they hold in memory."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        fold_threshold: int | None = None,
        early: EarlySaves | None = None,
    ) -> None:
        """Open (creating if needed) the database at `path` and replay its journal.

        If the file can't be written (read-only file system or permissions) it
        opens read-only and `read_only_reason` says why; writes then raise
        `ReadOnlyStoreError`. `fold_threshold` is the journal size in bytes that
        triggers a fold (default: the larger of 4 MiB and the database size).
        Saves made through `early` while the file is read are resolved with it
        (`store.early`); `early_change` says what each did.
        """
        self.path = Path(path)
        self.read_only = read_only
        self.read_only_reason: str | None = "opened read-only" if read_only else None
        self.fold_threshold = fold_threshold
        self._write_mutex = threading.RLock()
        self._state_lock = threading.Lock()
        self._closed = False
        self._state = StoreState()
        self._generation = 0
        self._external: set[str] = set()
        self._external_everything = False
        self._db_bytes = 0
        self._db_seen: FileSeen = None
        self._retry_fold_at = 0
        self._early_changes: dict[str, Change] = {}
        self.fold_problem: str | None = None
        """Why the journal could not be folded into the TinyDB file, if it could not
        (a read-only folder, a full disk): every label is still in the journal."""
        if not read_only:
            try:
                self._open_writable(early)
                return
            except OSError as exc:
                if not is_read_only_error(exc):
                    raise StoreError(f"{self.path}: cannot open: {os_error_message(exc)}") from exc
                self.read_only_reason = f"{self.path}: {os_error_message(exc)}"
            except ReadOnlyStoreError as exc:
                self.read_only_reason = str(exc)
            self.read_only = True
        self._lock = FileLock(lock_path(self.path), create=False)
        try:
            with self._lock.shared():
                self._journal = Journal(journal_path(self.path), writable=False)
                self._load()
        except BaseException:
            self._lock.close()
            raise

    def _open_writable(self, early: EarlySaves | None) -> None:
        parent = self.path.parent
        if parent.exists() and not parent.is_dir():
            raise StoreError(f"{self.path}: cannot open: {parent} is not a folder")
        parent.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(lock_path(self.path))
        try:
            with self._lock.exclusive():
                self._remove_stale_temp_files()
                if not self.path.exists():
                    atomic_write(self.path, self._state.serialise())
                self._journal = Journal(journal_path(self.path), writable=True)
                self._load(repair=True, early=early)
        except BaseException:
            self._lock.close()
            raise

    def _remove_stale_temp_files(self) -> None:
        """Delete temp files of folds cut short by a crash (we hold the lock: no fold runs).

        They lie beside the file a rewrite replaces: a link's target, for a link.
        """
        for path in (self.path, journal_path(self.path)):
            real = through_links(path)
            for stale in real.parent.glob(f".{glob.escape(real.name)}.tmp-*"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    # -- loading and catching up -------------------------------------------

    def _load(self, repair: bool = False, early: EarlySaves | None = None) -> None:
        """(Re)build the in-memory state from the db file and the whole journal.

        The journal is read first: with it read to its end, `early` saves may be
        appended (we hold the lock) while the tables are read, and are applied last.
        """
        state = StoreState()
        ops = self._journal.read_new(repair=repair)
        if early is not None:
            early.open(self._journal)
        paused = gc.isenabled()
        gc.disable()  # building 100,000 records triggers many useless full collections
        try:
            seen = file_seen(self.path)  # before reading: a write meanwhile shows as a change
            data = self._read_tables(state.words) if seen is not None else None
            self._db_bytes = self.path.stat().st_size if data is not None else 0
            state.load_tables(data or {})
            del data  # the typed records live on in `state`; the rest can go now
        except RecordError as exc:
            raise corrupt(self.path, str(exc)) from exc
        finally:
            if paused:
                gc.enable()
            early_ops = early.shut() if early is not None else []
        # Half a million long-lived labels would otherwise be traversed by every full
        # collection (tens of ms, in the middle of a key press): they never form cycles.
        gc.freeze()
        try:
            state.apply(ops + early_ops)
        except RecordError as exc:
            raise corrupt(self._journal.path, str(exc)) from exc
        for op in early_ops:
            if op["op"] == "slot":
                op_id = op["rec"]["id"]
                self._early_changes[op_id] = Change(*state.unresolved[op_id])
        with self._state_lock:
            self._state = state
            self._db_seen = seen
            self._generation += 1
        if repair and not self.read_only:
            # When the disk refuses, they stay resolved in memory; the next write
            # (which needs the disk too) journals them first.
            with contextlib.suppress(StoreWriteError):
                self._journal_resolutions()

    def _journal_resolutions(self) -> None:
        """Journal what the slot ops resolved here did (the caller holds the lock
        exclusively), so that no later replay resolves them again (`store.early`)."""
        with self._state_lock:
            pending = list(self._state.unresolved.items())
        if not pending:
            return
        self._journal.append(
            encode_ops(
                [
                    {"op": "put", "table": ANNOTATIONS, "rec": new.to_dict(), "resolves": op_id}
                    for op_id, (_old, new) in pending
                ]
            )
        )
        with self._state_lock:
            for op_id, _change in pending:
                self._state.unresolved.pop(op_id, None)

    def early_change(self, op_id: str) -> Change:
        """What the early save whose slot op has id `op_id` did, once the store is open."""
        change = self._early_changes.pop(op_id, None)
        if change is None:
            raise StoreError(f"{self.path}: no early save {op_id} was resolved by this store")
        return change

    def _read_tables(self, words: dict[str, str]) -> dict[str, Any] | None:
        """The TinyDB file's tables (`store.tinyfile`, its labels' repeated words
        shared through `words`); a file that it can't read is read by `json`, which
        keeps it as it is and says what is wrong with it."""
        try:
            return read_tables(self.path, words)
        except Unreadable:
            return load_json_file(self.path)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {os_error_message(exc)}") from exc

    def _apply(self, ops: list[dict[str, Any]]) -> set[str]:
        """Apply ops to the state; returns the articles whose labels they changed."""
        with self._state_lock:
            try:
                touched = self._state.apply(ops)
            except RecordError as exc:
                raise corrupt(self._journal.path, str(exc)) from exc
            self._generation += 1
        return touched

    def _sync(self, *, exclusive: bool) -> None:
        """Catch up with other processes; the caller holds the write mutex and the lock.

        When another process folded, its TinyDB file has everything; when another
        program wrote the TinyDB file, our journal is replayed over what it wrote.
        """
        if self._journal.replaced_on_disk() or self._db_changed():
            self._journal.reopen()
            self._load(repair=exclusive)
            with self._state_lock:
                self._external_everything = True
        elif self._journal.has_unread():
            touched = self._apply(self._journal.read_new(repair=exclusive))
            with self._state_lock:
                self._external |= touched
        if exclusive:
            self._journal_resolutions()

    def _db_changed(self) -> bool:
        """Whether the TinyDB file is not as we last read or wrote it."""
        return file_seen(self.path) != self._db_seen

    def _behind(self) -> bool:
        return self._journal.replaced_on_disk() or self._journal.has_unread() or self._db_changed()

    @property
    def busy(self) -> StoreBusy | None:
        """While a save or read waits for another process's lock: who holds it and
        since when (any thread may look); None when nothing waits."""
        return self._lock.busy

    def refresh(self, *, wait: bool = True) -> None:
        """See what other processes wrote since the last call (cheap if nothing).

        With `wait=False` it never blocks: when a write of this process or
        another one holds the files, it keeps what it has and looks next time.
        """
        if not wait:
            if not self._write_mutex.acquire(blocking=False):
                return
            try:
                self._check_open()
                if self._behind():
                    with self._lock.shared(blocking=False) as held:
                        if held:
                            self._sync(exclusive=False)
            finally:
                self._write_mutex.release()
            return
        with self._write_mutex:
            self._check_open()
            if self._behind():
                with self._lock.shared():
                    self._sync(exclusive=False)

    def take_external_changes(self) -> StoreChanges:
        """What other processes changed since the last call (after a `refresh`); never
        waits for a write."""
        with self._state_lock:
            changes = StoreChanges(frozenset(self._external), self._external_everything)
            self._external = set()
            self._external_everything = False
        return changes

    @property
    def generation(self) -> int:
        """A number that grows whenever the state in memory changes (ours or synced)."""
        return self._generation

    # -- writing ---------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Hold the exclusive lock, caught up with every other process."""
        with self._write_mutex:
            self._check_open()
            if self.read_only:
                raise ReadOnlyStoreError(
                    f"{self.path}: cannot save, the store is read-only ({self.read_only_reason})"
                )
            with self._lock.exclusive():
                self._sync(exclusive=True)
                yield
                self._maybe_fold()

    def _commit(self, ops: list[dict[str, Any]]) -> None:
        """Append ops durably, then apply them in memory (never the other way)."""
        if not ops:
            return
        self._journal.append(encode_ops(ops))
        self._apply(ops)

    # -- folding and closing ---------------------------------------------------

    def _fold(self) -> None:
        """Rewrite the TinyDB file with everything, then start an empty journal."""
        with self._state_lock:
            data = self._state.serialise()
        atomic_write(self.path, data)
        self._db_bytes = len(data)
        self._db_seen = file_seen(self.path)
        atomic_write(self._journal.path, b"")
        self._journal.reopen()
        self.fold_problem = None

    def _maybe_fold(self) -> None:
        threshold = self.fold_threshold or max(MIN_FOLD_BYTES, self._db_bytes)
        if self._journal.offset >= max(threshold, self._retry_fold_at):
            try:
                self._fold()
                self._retry_fold_at = 0
            except StoreWriteError as exc:
                # The journal still holds every change; don't retry on every key press.
                self._retry_fold_at = self._journal.offset + threshold // 2
                self.fold_problem = str(exc)

    def fold(self) -> None:
        """Write every change into the TinyDB file now (close does this too)."""
        with self._transaction():
            if self._journal.size():
                self._fold()

    def close(self) -> None:
        """Fold the journal into the TinyDB file and release the files.

        A fold that can't be written (read-only folder, full disk) loses nothing:
        the journal keeps every label and is folded by a later open. Close then
        ends quietly and `fold_problem` says why, once.
        """
        with self._write_mutex:
            if self._closed:
                return
            try:
                if not self.read_only:
                    self.fold()
            except StoreWriteError as exc:
                self.fold_problem = str(exc)
            finally:
                self._closed = True
                self._journal.close()
                self._lock.close()

    def __enter__(self) -> Self:
        """Use the store in a `with` block; it is closed at the end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()
