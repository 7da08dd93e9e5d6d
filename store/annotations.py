"""The annotation store: a TinyDB file plus a fsynced journal of edits.

Users see a plain TinyDB file (tables "annotations" and "articles"). Writing
it on every key press costs a full rewrite, so each edit is instead appended
as one JSON line to `<db>.journal` and fsynced before the call returns. On
open the journal is replayed; on close (or when it grows) it is folded into
the TinyDB file by an atomic rewrite. Replaying is idempotent (every record is
a whole-record put or a delete), so a crash between the rewrite and the
journal reset loses nothing. An flock on `<db>.lock` serialises writers of
all processes, and every read first catches up with the journal tail, so two
annotators on one file see each other's labels.
"""

from __future__ import annotations

import contextlib
import gc
import getpass
import json
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from store.journal import (
    CorruptStoreError,
    Journal,
    ReadOnlyStoreError,
    StoreError,
    StoreWriteError,
    UnknownAnnotationError,
    atomic_write,
    corrupt,
    is_read_only_error,
    load_json_file,
)
from store.locking import FileLock
from store.paths import journal_path, lock_path, os_error_message
from store.records import (
    ANNOTATIONS,
    ARTICLES,
    Annotation,
    ArticleInfo,
    MergeResult,
    RecordError,
    StoreState,
    now_iso,
)

if TYPE_CHECKING:
    from store.text.model import Article

__all__ = [
    "Annotation",
    "AnnotationStore",
    "ArticleInfo",
    "CorruptStoreError",
    "MergeResult",
    "ReadOnlyStoreError",
    "StoreError",
    "StoreWriteError",
    "UnknownAnnotationError",
    "now_iso",
]

MIN_FOLD_BYTES = 4 * 1024 * 1024
_EDITABLE = frozenset(
    {"unit", "start", "end", "text", "prefix", "suffix", "label"}
    | {"speaker", "target", "note", "anchor", "annotator"}
)
_ADD_FIELDS = frozenset({"unit", "prefix", "suffix", "speaker", "target", "note"})


def _put(table: str, record: dict[str, Any]) -> dict[str, Any]:
    return {"op": "put", "table": table, "rec": record}


class AnnotationStore:
    """Annotations of one TinyDB file, safe across crashes and processes.

    Every write is on disk when it returns. `annotations(article_id)` costs
    O(labels of that article). Use as a context manager or call `close()`,
    which folds the journal so plain `tinydb.TinyDB(path)` sees every label.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        annotator: str | None = None,
        *,
        read_only: bool = False,
        fold_threshold: int | None = None,
    ) -> None:
        """Open (creating if needed) the database at `path` and replay its journal.

        If the file can't be written (read-only file system or permissions) the
        store opens read-only and `read_only_reason` says why; writes then raise
        `ReadOnlyStoreError`. `fold_threshold` is the journal size in bytes that
        triggers a fold (default: the larger of 4 MiB and the database size).
        """
        self.path = Path(path)
        self.annotator = annotator or default_annotator()
        self.read_only = read_only
        self.read_only_reason: str | None = "opened read-only" if read_only else None
        self.fold_threshold = fold_threshold
        self._mutex = threading.RLock()
        self._closed = False
        self._state = StoreState()
        self._db_bytes = 0
        self._retry_fold_at = 0
        if not read_only:
            try:
                self._open_writable()
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

    def _open_writable(self) -> None:
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
                self._load(repair=True)
        except BaseException:
            self._lock.close()
            raise

    def _remove_stale_temp_files(self) -> None:
        """Delete temp files of folds cut short by a crash (we hold the lock: no fold runs)."""
        for name in (self.path.name, journal_path(self.path).name):
            for stale in self.path.parent.glob(f".{name}.tmp-*"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    # -- loading and catching up -------------------------------------------

    def _load(self, repair: bool = False) -> None:
        """(Re)build the in-memory state from the db file and the whole journal."""
        state = StoreState()
        paused = gc.isenabled()
        gc.disable()  # building 100,000 records triggers many useless full collections
        try:
            data = load_json_file(self.path) if self.path.exists() else None
            self._db_bytes = self.path.stat().st_size if data is not None else 0
            state.load_tables(data or {})
        except RecordError as exc:
            raise corrupt(self.path, str(exc)) from exc
        finally:
            if paused:
                gc.enable()
        self._state = state
        self._apply(self._journal.read_new(repair=repair))

    def _apply(self, ops: list[dict[str, Any]]) -> None:
        try:
            self._state.apply(ops)
        except RecordError as exc:
            raise corrupt(self._journal.path, str(exc)) from exc

    def _sync(self, *, exclusive: bool) -> None:
        """Catch up with other processes; the caller holds the lock."""
        if self._journal.replaced_on_disk():
            self._journal.reopen()  # another process folded: its db has everything
            self._load(repair=exclusive)
        elif self._journal.has_unread():
            self._apply(self._journal.read_new(repair=exclusive))

    def refresh(self) -> None:
        """See what other processes wrote since the last call (cheap if nothing)."""
        with self._mutex:
            self._check_open()
            if self._journal.replaced_on_disk() or self._journal.has_unread():
                with self._lock.shared():
                    self._sync(exclusive=False)

    # -- reading ---------------------------------------------------------------

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Annotations of one article (by start offset), or all of them."""
        self.refresh()
        with self._mutex:
            if article_id is None:
                return list(self._state.annotations.values())
            bucket = self._state.by_article.get(article_id)
            if not bucket:
                return []
            return sorted(bucket.values(), key=lambda a: (a.start, a.end, a.created))

    def get(self, ann_id: str) -> Annotation | None:
        """The annotation with this id, or None."""
        self.refresh()
        return self._state.annotations.get(ann_id)

    def counts(self) -> dict[str, int]:
        """How many annotations each article has (for the library screen)."""
        self.refresh()
        with self._mutex:
            return {aid: len(bucket) for aid, bucket in self._state.by_article.items()}

    def article_info(self, article_id: str) -> ArticleInfo | None:
        """What `remember_article` stored about an article, or None."""
        self.refresh()
        return self._state.articles.get(article_id)

    def articles(self) -> list[ArticleInfo]:
        """Every remembered article."""
        self.refresh()
        with self._mutex:
            return list(self._state.articles.values())

    def __len__(self) -> int:
        """The number of annotations."""
        self.refresh()
        return len(self._state.annotations)

    # -- writing ---------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Hold the exclusive lock, caught up with every other process."""
        with self._mutex:
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
        # ASCII-escaped like the TinyDB file: any str (even a lone surrogate) round-trips.
        lines = [json.dumps(op, separators=(",", ":")) for op in ops]
        self._journal.append(("\n".join(lines) + "\n").encode("ascii"))
        self._apply(ops)

    def add(
        self, article_id: str, start: int, end: int, label: str, text: str, **fields: Any
    ) -> Annotation:
        """Label `text` at `start:end` of an article; on disk when it returns.

        `fields` may give unit, prefix, suffix, speaker, target and note.
        """
        unknown = set(fields) - _ADD_FIELDS
        if unknown:
            raise TypeError(f"add() got unexpected fields: {', '.join(sorted(unknown))}")
        stamp = now_iso()
        ann = Annotation.from_dict(
            {
                **fields,
                "id": uuid.uuid4().hex,
                "article_id": article_id,
                "start": start,
                "end": end,
                "text": text,
                "label": label,
                "annotator": self.annotator,
                "created": stamp,
                "updated": stamp,
            }
        )
        with self._transaction():
            self._commit([_put(ANNOTATIONS, ann.to_dict())])
        return ann

    def update(self, ann_id: str, **fields: Any) -> Annotation:
        """Change fields of an annotation (label, note, offsets...); returns the new one."""
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise TypeError(f"update() can't change: {', '.join(sorted(unknown))}")
        with self._transaction():
            old = self._state.annotations.get(ann_id)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no annotation with id {ann_id}")
            if old.anchor == "moved" and "anchor" not in fields:
                fields["anchor"] = "exact"  # a person has looked at it since it moved
            new = Annotation.from_dict({**old.to_dict(), **fields, "updated": now_iso()})
            self._commit([_put(ANNOTATIONS, new.to_dict())])
        return new

    def remove(self, ann_id: str) -> Annotation:
        """Delete an annotation; returns it so that an undo can `restore` it."""
        with self._transaction():
            old = self._state.annotations.get(ann_id)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no annotation with id {ann_id}")
            self._commit([{"op": "del", "table": ANNOTATIONS, "id": ann_id}])
        return old

    def restore(self, annotation: Annotation) -> Annotation:
        """Put an annotation back exactly as it was (undo of remove or update)."""
        with self._transaction():
            self._commit([_put(ANNOTATIONS, annotation.to_dict())])
        return annotation

    def merge(self, annotations: Iterable[Annotation]) -> MergeResult:
        """Add annotations made elsewhere (import), in one durable write.

        An annotation is a duplicate, and skipped, if the store has its id or
        one with the same article, offsets, label and annotator.
        """
        incoming = list(annotations)
        with self._transaction():
            keys = {
                (a.article_id, a.start, a.end, a.label, a.annotator)
                for a in self._state.annotations.values()
            }
            ids = set(self._state.annotations)
            ops, duplicates = [], 0
            for ann in incoming:
                key = (ann.article_id, ann.start, ann.end, ann.label, ann.annotator)
                if ann.id in ids or key in keys:
                    duplicates += 1
                    continue
                ids.add(ann.id)
                keys.add(key)
                ops.append(_put(ANNOTATIONS, ann.to_dict()))
            self._commit(ops)
        return MergeResult(len(ops), duplicates)

    def remember_article(self, article: Article) -> None:
        """Keep an article's id, title, source, date, file and cleaned text."""
        info = ArticleInfo(
            article.id,
            article.title,
            article.source,
            article.date,
            article.file,
            article.text,
            article.date_text,
        )
        self.remember_articles([info])

    def remember_articles(self, infos: Iterable[ArticleInfo]) -> None:
        """Keep several articles' details at once; unchanged ones cost nothing."""
        infos = list(infos)
        with self._mutex:
            if all(self._state.articles.get(i.id) == i for i in infos):
                return
        with self._transaction():
            changed = [i for i in infos if self._state.articles.get(i.id) != i]
            self._commit([_put(ARTICLES, i.to_dict()) for i in changed])

    def annotations_for(self, article: Article, *, persist: bool = True) -> list[Annotation]:
        """The article's annotations re-anchored against its current cleaned text.

        Moved and orphaned annotations are saved as such (when `persist` and the
        store is writable) unless another process changed them meanwhile.
        """
        pairs = [(ann, ann.reanchored(article.text)) for ann in self.annotations(article.id)]
        changed = [(old, new) for old, new in pairs if old != new]
        if changed and persist and not self.read_only:
            try:
                with self._transaction():
                    current = self._state.annotations
                    ops = [
                        _put(ANNOTATIONS, n.to_dict()) for o, n in changed if current.get(o.id) == o
                    ]
                    self._commit(ops)
            except StoreWriteError:
                pass  # the re-anchored positions are still returned; saved next time
        return sorted((new for _, new in pairs), key=lambda a: (a.start, a.end, a.created))

    # -- folding and closing ---------------------------------------------------

    def _fold(self) -> None:
        """Rewrite the TinyDB file with everything, then start an empty journal."""
        data = self._state.serialise()
        atomic_write(self.path, data)
        self._db_bytes = len(data)
        atomic_write(self._journal.path, b"")
        self._journal.reopen()

    def _maybe_fold(self) -> None:
        threshold = self.fold_threshold or max(MIN_FOLD_BYTES, self._db_bytes)
        if self._journal.offset >= max(threshold, self._retry_fold_at):
            try:
                self._fold()
                self._retry_fold_at = 0
            except StoreWriteError:
                # The journal still holds every change; don't retry on every key press.
                self._retry_fold_at = self._journal.offset + threshold // 2

    def fold(self) -> None:
        """Write every change into the TinyDB file now (close does this too)."""
        with self._transaction():
            if self._journal.size():
                self._fold()

    def close(self) -> None:
        """Fold the journal into the TinyDB file and release the files."""
        with self._mutex:
            if self._closed:
                return
            try:
                if not self.read_only:
                    self.fold()
            finally:
                self._closed = True
                self._journal.close()
                self._lock.close()

    def __enter__(self) -> AnnotationStore:
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


def default_annotator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "anonymous"
