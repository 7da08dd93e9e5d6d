"""The annotation store: labels of one TinyDB file, safe across crashes and processes.

`AnnotationStore` is the durable file (`store.durable`) seen as annotations.
Every write is on disk (fsynced) when it returns. An annotator has at most one
label per unit and target (`store.labelling.Slot`): labelling a labelled unit
replaces its label, whichever call does it. Writes meant for undo are
conditional (`revert`): they refuse, with `ConflictError`, to overwrite what
another session changed since.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from store.durable import DurableFile
from store.errors import (
    ConflictError,
    CorruptStoreError,
    ReadOnlyStoreError,
    StoreError,
    StoreWriteError,
    UnknownAnnotationError,
)
from store.labelling import Change, LabelDraft, Slot, labelled_counts
from store.paths import default_annotator
from store.records import (
    ANNOTATIONS,
    ARTICLES,
    Annotation,
    ArticleInfo,
    MergeResult,
    is_tombstone,
    now_iso,
    tombstone,
)
from store.state import later_stamp, resolve_slot

if TYPE_CHECKING:
    from store.early import EarlySaves
    from store.text.model import Article

__all__ = [
    "Annotation",
    "AnnotationStore",
    "ArticleInfo",
    "ConflictError",
    "CorruptStoreError",
    "MergeResult",
    "ReadOnlyStoreError",
    "StoreError",
    "StoreWriteError",
    "UnknownAnnotationError",
    "now_iso",
]

_EDITABLE = frozenset(
    {"unit", "start", "end", "text", "prefix", "suffix", "label"}
    | {"speaker", "target", "note", "anchor", "annotator"}
)
_ADD_FIELDS = frozenset({"unit", "prefix", "suffix", "speaker", "target", "note", "flags"})


def _put(table: str, record: dict[str, Any]) -> dict[str, Any]:
    return {"op": "put", "table": table, "rec": record}


def _delete(ann: Annotation, *, tomb: bool = True) -> dict[str, Any]:
    """The op that deletes a label, leaving its tombstone (unless it is replaced by
    another label of the unit, which says more than a tombstone would)."""
    op: dict[str, Any] = {"op": "del", "table": ANNOTATIONS, "id": ann.id}
    if tomb:
        op["tomb"] = tombstone(ann, now_iso())
    return op


def _stamp_after(previous: str | None) -> str:
    """Now, or a millisecond after `previous` if the clock has not moved past it,
    so that every edit of a label has a later `updated` than the one before."""
    return now_iso() if previous is None else later_stamp(now_iso(), previous)


def _moment(stamp: str) -> datetime | None:
    """An ISO 8601 time stamp as an aware datetime (UTC when it names no zone)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _later(stamp: str, than: str) -> bool:
    """Whether `stamp` is a later moment than `than` (an unreadable one never is)."""
    moment, other = _moment(stamp), _moment(than)
    return moment is not None and (other is None or moment > other)


def _content(ann: Annotation) -> tuple[object, ...]:
    """What a label says, apart from its id and time stamps."""
    return (Slot.of(ann), ann.annotator, ann.label, ann.note, ann.text, ann.speaker, ann.flags)


def info_of(article: Article) -> ArticleInfo:
    """What the store keeps of an article: id, title, source, date, file, text, URL."""
    return ArticleInfo(
        article.id,
        article.title,
        article.source,
        article.date,
        article.file,
        article.text,
        article.date_text,
        article.url,
    )


class AnnotationStore(DurableFile):
    """Annotations of one TinyDB file, safe across crashes and processes.

    `annotations(article_id)` costs O(labels of that article). Use as a context
    manager or call `close()`, which folds the journal so that plain
    `tinydb.TinyDB(path)` sees every label.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        annotator: str | None = None,
        *,
        read_only: bool = False,
        fold_threshold: int | None = None,
        early: EarlySaves | None = None,
    ) -> None:
        """Open the store at `path` for `annotator` (default: the login name); labels
        saved through `early` while it reads the file are resolved (`store.early`)."""
        self.annotator = annotator or default_annotator()
        super().__init__(path, read_only=read_only, fold_threshold=fold_threshold, early=early)

    # -- reading ---------------------------------------------------------------

    @property
    def set_aside_note(self) -> str | None:
        """One line naming the broken records found in the file and kept aside, or None.

        Fit for a terminal: nothing from the records can control it.
        """
        with self._state_lock:
            note = self._state.set_aside_note()
        if not note:
            return None
        from store.text.decode import strip_control  # the text pipeline: not for every open

        return strip_control(f"{self.path}: {note}")

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Annotations of one article (by start offset), or all of them."""
        self.refresh()
        return self._read(article_id)

    def _read(self, article_id: str | None) -> list[Annotation]:
        with self._state_lock:
            if article_id is None:
                return list(self._state.annotations.values())
            bucket = self._state.by_article.get(article_id)
            found = list(bucket.values()) if bucket else []
        return sorted(found, key=lambda a: (a.start, a.end, a.created))

    def snapshot(self, article_id: str) -> tuple[int, list[Annotation]]:
        """The labels of one article as they are now, in no particular order, with the
        `generation` they are from. Never waits for a write: it may be a moment behind
        another process. (Every label key is answered with one: on an article with
        thousands of labels, sorting them each time was a good part of the key.)"""
        self.refresh(wait=False)
        with self._state_lock:
            generation = self._generation
            bucket = self._state.by_article.get(article_id)
            found = list(bucket.values()) if bucket else []
        return generation, found

    def get(self, ann_id: str) -> Annotation | None:
        """The annotation with this id, or None."""
        self.refresh()
        with self._state_lock:
            return self._state.annotations.get(ann_id)

    def counts(self) -> dict[str, int]:
        """How many annotations each article has."""
        self.refresh()
        with self._state_lock:
            return {aid: len(bucket) for aid, bucket in self._state.by_article.items()}

    def labelled_counts(
        self,
        annotator: str | None = None,
        *,
        article_ids: Iterable[str] | None = None,
        target: str | None = None,
    ) -> dict[str, int]:
        """Per article, the sentences `annotator` (default: ours) has labelled for
        `target`; only the articles in `article_ids` when given. Never waits for a write."""
        self.refresh(wait=False)
        who = annotator or self.annotator
        with self._state_lock:
            if article_ids is None:
                found = list(self._state.annotations.values())
            else:
                found = [
                    ann
                    for aid in article_ids
                    for ann in self._state.by_article.get(aid, {}).values()
                ]
        return labelled_counts(found, who, target=target)

    def article_info(self, article_id: str) -> ArticleInfo | None:
        """What `remember_article` stored about an article, or None."""
        self.refresh()
        with self._state_lock:
            return self._state.articles.get(article_id)

    def articles(self) -> list[ArticleInfo]:
        """Every remembered article."""
        self.refresh()
        with self._state_lock:
            return list(self._state.articles.values())

    def __len__(self) -> int:
        """The number of annotations."""
        self.refresh()
        return len(self._state.annotations)

    # -- one label per slot ----------------------------------------------------

    def _in_slot(self, slot: Slot, annotator: str, *, other_than: str = "") -> Annotation | None:
        """This annotator's label in `slot`, if any (the caller holds the write mutex)."""
        return self._state.in_slot(slot, annotator, other_than=other_than)

    def set_label(
        self,
        draft: LabelDraft,
        *,
        article: ArticleInfo | None = None,
        annotator: str | None = None,
        flags: tuple[str, ...] | None = None,
    ) -> Change:
        """Give the draft's unit its label for our annotator (or `annotator`),
        replacing the label they had there (keeping its id, creation time, note and
        flags unless given). `article` is remembered with the first label of its
        article, so that exports need nothing else. On disk when it returns.
        """
        slot = draft.slot
        who = annotator or self.annotator
        with self._transaction():
            old = self._in_slot(slot, who)
            # The unit's words and context as they are now: an old label whose text had
            # moved or gone is anchored again where it was just given (as an early save).
            new = resolve_slot(
                old,
                draft.new_label(who, flags),
                keep_note=draft.note is None,
                keep_flags=flags is None,
            )
            if new is old:
                return Change(old, old)
            ops = [_put(ANNOTATIONS, new.to_dict())]
            if article is not None and self._state.articles.get(article.id) != article:
                ops.append(_put(ARTICLES, article.to_dict()))
            self._commit(ops)
        return Change(old, new)

    def clear_label(self, slot: Slot) -> Change:
        """Remove our annotator's label from `slot` (nothing to do if it has none)."""
        with self._transaction():
            old = self._in_slot(slot, self.annotator)
            if old is None:
                return Change(None, None)
            self._commit([_delete(old)])
        return Change(old, None)

    def set_note(self, slot: Slot, note: str | None) -> Change:
        """Write (or, with None, remove) the note on our annotator's label in `slot`."""
        with self._transaction():
            old = self._in_slot(slot, self.annotator)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no label here to add a note to")
            if old.note == note:
                return Change(old, old)
            new = old.changed(note=note, updated=_stamp_after(old.updated))
            self._commit([_put(ANNOTATIONS, new.to_dict())])
        return Change(old, new)

    def set_flag(self, slot: Slot, flag: str, on: bool) -> Change:
        """Put a flag ("unsure", "review") on our annotator's label in `slot`, or take
        it off."""
        with self._transaction():
            old = self._in_slot(slot, self.annotator)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no label here to flag")
            flags = tuple(sorted({*old.flags, flag} if on else set(old.flags) - {flag}))
            if flags == old.flags:
                return Change(old, old)
            new = old.changed(flags=flags, updated=_stamp_after(old.updated))
            self._commit([_put(ANNOTATIONS, new.to_dict())])
        return Change(old, new)

    def revert(self, change: Change) -> Change:
        """Undo `change`: put back `change.before`, if the label is still as
        `change.after` left it. Returns the new change (undoing that one redoes).

        Raises `ConflictError` when another session changed or removed the label
        since, or took its unit: their later edit is never overwritten.
        """
        before, after = change.before, change.after
        some = after or before
        if some is None or before == after:
            return Change(after, after)
        with self._transaction():
            current = self._state.annotations.get(some.id)
            expected_updated = after.updated if after is not None else None
            found_updated = current.updated if current is not None else None
            if found_updated != expected_updated:
                raise ConflictError(
                    f"{self.path}: the label on “{some.text[:60]}” was changed in another "
                    "session since; it was left as it is now",
                    current,
                )
            if before is None:
                self._commit([_delete(some)])
                return Change(current, None)
            taken = self._in_slot(Slot.of(before), before.annotator, other_than=before.id)
            if taken is not None:
                raise ConflictError(
                    f"{self.path}: “{before.text[:60]}” was labelled {taken.label!r} in "
                    "another session since; it was left as it is now",
                    taken,
                )
            restored = before.changed(updated=_stamp_after(found_updated or before.updated))
            self._commit([_put(ANNOTATIONS, restored.to_dict())])
        return Change(current, restored)

    # -- plain edits (scripts, import) ----------------------------------------

    def add(
        self, article_id: str, start: int, end: int, label: str, text: str, **fields: Any
    ) -> Annotation:
        """Label `text` at `start:end` of an article; on disk when it returns.

        `fields` may give unit, prefix, suffix, speaker, target, note and flags. If our
        annotator already labelled that unit for that target, that label is
        replaced (one label per unit, target and annotator).
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
            old = self._in_slot(Slot.of(ann), self.annotator)
            if old is not None:
                ann = ann.changed(id=old.id, created=old.created)
            self._commit([_put(ANNOTATIONS, ann.to_dict())])
        return ann

    def update(self, ann_id: str, **fields: Any) -> Annotation:
        """Change fields of an annotation (label, note, offsets...); returns the new one.

        Refuses (`ConflictError`) to move it onto a unit its annotator has labelled.
        """
        unknown = set(fields) - _EDITABLE
        if unknown:
            raise TypeError(f"update() can't change: {', '.join(sorted(unknown))}")
        with self._transaction():
            old = self._state.annotations.get(ann_id)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no annotation with id {ann_id}")
            if old.anchor == "moved" and "anchor" not in fields:
                fields["anchor"] = "exact"  # a person has looked at it since it moved
            new = Annotation.from_dict(
                {**old.to_dict(), **fields, "updated": _stamp_after(old.updated)}
            )
            taken = self._in_slot(Slot.of(new), new.annotator, other_than=new.id)
            if taken is not None:
                raise ConflictError(f"{self.path}: that unit already has a label", taken)
            self._commit([_put(ANNOTATIONS, new.to_dict())])
        return new

    def remove(self, ann_id: str) -> Annotation:
        """Delete an annotation; returns it so that an undo can `restore` it."""
        with self._transaction():
            old = self._state.annotations.get(ann_id)
            if old is None:
                raise UnknownAnnotationError(f"{self.path}: no annotation with id {ann_id}")
            self._commit([_delete(old)])
        return old

    def restore(self, annotation: Annotation) -> Annotation:
        """Put an annotation back exactly as it was (undo of remove or update).

        Refuses (`ConflictError`) if its annotator has labelled that unit since.
        """
        with self._transaction():
            taken = self._in_slot(
                Slot.of(annotation), annotation.annotator, other_than=annotation.id
            )
            if taken is not None:
                raise ConflictError(f"{self.path}: that unit already has a label", taken)
            self._commit([_put(ANNOTATIONS, annotation.to_dict())])
        return annotation

    def merge(
        self, annotations: Iterable[Annotation], deletions: Iterable[dict[str, Any]] = ()
    ) -> MergeResult:
        """Add annotations made elsewhere (import), and their deletions, in one write.

        An annotation whose id the store has, or whose unit and target its
        annotator has labelled, is a duplicate and skipped, unless it says
        something else (label, note…) and is the later edit (a later
        `updated`): then it replaces that label. One label per unit, target and
        annotator; the later edit wins. An annotation deleted here after its
        last edit stays deleted; a tombstone from elsewhere (`deletions`)
        deletes the label here unless it was edited after the deletion.
        """
        incoming, tombs_in = list(annotations), [t for t in deletions if is_tombstone(t)]
        with self._transaction():
            with self._state_lock:
                known = dict(self._state.annotations)
                tombs = dict(self._state.deleted)
            slots = {(Slot.of(a), a.annotator): a for a in known.values()}
            ops: list[dict[str, Any]] = []
            added = duplicates = replaced = deleted_here = 0
            for ann in incoming:
                tomb = tombs.get(ann.id)
                if tomb is not None and not _later(ann.updated, tomb["deleted"]):
                    deleted_here += 1
                    continue
                place = (Slot.of(ann), ann.annotator)
                holders = {h.id: h for h in (known.get(ann.id), slots.get(place)) if h is not None}
                if holders and not all(
                    _later(ann.updated, h.updated) and _content(h) != _content(ann)
                    for h in holders.values()
                ):
                    duplicates += 1
                    continue
                for holder in holders.values():
                    if holder.id != ann.id:
                        ops.append(_delete(holder, tomb=False))
                    known.pop(holder.id, None)
                    slots.pop((Slot.of(holder), holder.annotator), None)
                replaced += bool(holders)
                added += not holders
                known[ann.id] = slots[place] = ann
                ops.append(_put(ANNOTATIONS, ann.to_dict()))
            removed = self._merge_deletions(tombs_in, known, tombs, ops)
            self._commit(ops)
        return MergeResult(added, duplicates, replaced, removed, deleted_here)

    @staticmethod
    def _merge_deletions(
        incoming: list[dict[str, Any]],
        known: dict[str, Annotation],
        tombs: dict[str, dict[str, Any]],
        ops: list[dict[str, Any]],
    ) -> int:
        """Add the ops that apply deletions made elsewhere; returns the labels removed."""
        removed = 0
        for tomb in incoming:
            current = known.get(tomb["id"])
            if current is not None and _later(current.updated, tomb["deleted"]):
                continue  # edited after it was deleted there: the edit wins
            if current is None and tomb["id"] in tombs:
                continue  # deleted here too
            ops.append({"op": "del", "table": ANNOTATIONS, "id": tomb["id"], "tomb": tomb})
            removed += current is not None
            known.pop(tomb["id"], None)
        return removed

    def deletions(self) -> list[dict[str, Any]]:
        """The tombstones of labels deleted from this store (for an export that
        carries deletions)."""
        self.refresh()
        with self._state_lock:
            return list(self._state.deleted.values())

    # -- articles and re-anchoring --------------------------------------------

    def remember_article(self, article: Article) -> None:
        """Keep an article's id, title, source, date, file and cleaned text."""
        self.remember_articles([info_of(article)])

    def remember_articles(self, infos: Iterable[ArticleInfo]) -> None:
        """Keep several articles' details at once; unchanged ones cost nothing."""
        infos = list(infos)
        with self._state_lock:
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
                    # A label saved early in the slot it moves to is the newer word there.
                    current = self._state.annotations
                    ops = [
                        _put(ANNOTATIONS, n.to_dict())
                        for o, n in changed
                        if current.get(o.id) == o
                        and self._in_slot(Slot.of(n), n.annotator, other_than=n.id) is None
                    ]
                    self._commit(ops)
            except StoreWriteError:
                pass  # the re-anchored positions are still returned; saved next time
        return sorted((new for _, new in pairs), key=lambda a: (a.start, a.end, a.created))
