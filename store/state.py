"""The in-memory picture of an annotation store, and how files and journal ops build it.

Kept apart from the records (`store.records`) so that the formats and the TUI
can use those without the store's machinery.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from store.labelling import Slot
from store.records import (
    ANNOTATIONS,
    ARTICLES,
    DELETED,
    FORMAT_META,
    META,
    SET_ASIDE,
    Annotation,
    ArticleInfo,
    article_record,
    is_tombstone,
    settle,
    share_words,
)


class RecordError(ValueError):
    """A stored record is malformed; the message says where and what."""


class StoreState:
    """The in-memory picture of a store: annotations indexed by id and article.

    Built from the TinyDB tables, then changed only by journal ops, so that
    every process that replays the same files gets the same state.
    """

    def __init__(self) -> None:
        """An empty state."""
        self.annotations: dict[str, Annotation] = {}
        self.by_article: dict[str, dict[str, Annotation]] = {}
        self.articles: dict[str, ArticleInfo] = {}
        self.other_tables: dict[str, Any] = {}
        self.deleted: dict[str, dict[str, Any]] = {}
        """Tombstones by label id: {"id", "article_id", "annotator", "deleted": when}."""
        self.set_aside: dict[str, dict[str, Any]] = {}
        """Broken records (wrong types, terminal controls…) by a digest of their content,
        each as {"from": where it was, "reason": what is wrong, "record": it}."""
        self.words: dict[str, str] = {}
        """The one copy in memory of each repeated word (`records.share_words`)."""
        self.unresolved: dict[str, tuple[Annotation | None, Annotation]] = {}
        """Slot ops (`store.early`) resolved here whose resolution is not yet in the
        journal, by the op's id: the label the slot had, and the one it has now."""

    def load_tables(self, data: dict[str, Any]) -> None:
        """Take in the tables of a TinyDB file, keeping tables we don't know."""
        for name, table in data.items():
            if name == ANNOTATIONS:
                self._load_annotations(table)
            elif name == ARTICLES:
                for doc_id, record in table.items():
                    self.set_article(_article(record, f"articles document {doc_id}"))
            elif name == DELETED and isinstance(table, dict):
                for tomb in table.values():
                    if is_tombstone(tomb):
                        self.deleted[tomb["id"]] = tomb
            elif name == SET_ASIDE and isinstance(table, dict):
                for entry in table.values():
                    if isinstance(entry, dict):
                        self.set_aside[_digest(entry.get("record"))] = entry
            elif name != META:
                self.other_tables[name] = table

    def _load_annotations(self, table: dict[str, Any]) -> None:
        """The hot loop of opening a big store: 500,000 records, kept lean.

        A record is an `Annotation` decoded straight from the file
        (`store.tinyfile`), still to be checked, or a plain dict."""
        from_dict, set_ann, words = Annotation.from_dict, self.set, self.words
        annotations, by_article = self.annotations, self.by_article
        for doc_id, record in table.items():
            try:
                if type(record) is Annotation:
                    ann = record  # its words were shared as it was decoded (tinyfile)
                    settle(ann)
                else:
                    ann = from_dict(record)
                    share_words(ann, words)
            except (ValueError, TypeError, AttributeError) as exc:
                if type(record) is Annotation:
                    record = record.to_dict()
                self.put_aside(record, f"annotations document {doc_id}", str(exc))
                continue
            if ann.id in annotations:
                set_ann(ann)
                continue
            annotations[ann.id] = ann
            bucket = by_article.get(ann.article_id)
            if bucket is None:
                by_article[ann.article_id] = {ann.id: ann}
            else:
                bucket[ann.id] = ann

    def apply(self, ops: list[dict[str, Any]]) -> set[str]:
        """Apply journal ops in order (idempotent: puts and deletes of whole records);
        returns the ids of the articles whose annotations changed."""
        touched: set[str] = set()
        # A slot op whose resolution follows it was resolved by its writer: the
        # resolution says what it did (replaying it again, over a later state, might not).
        resolved = {op["resolves"] for op in ops if "resolves" in op}
        for op in ops:
            kind, table = op.get("op"), op.get("table")
            if kind == "slot" and table == ANNOTATIONS:
                self._apply_slot(op, resolved, touched)
            elif kind == "put" and table == ANNOTATIONS:
                try:
                    ann = _annotation(op.get("rec"), "journal record")
                except RecordError as exc:
                    self.put_aside(op.get("rec"), "the journal", str(exc.__cause__ or exc))
                    continue
                share_words(ann, self.words)
                old = self.annotations.get(ann.id)
                if old is not None:
                    touched.add(old.article_id)
                self.set(ann)
                self.deleted.pop(ann.id, None)  # put back (an undo): no longer deleted
                touched.add(ann.article_id)
                self.unresolved.pop(str(op.get("resolves")), None)
            elif kind == "del" and table == ANNOTATIONS:
                dropped = self.drop(str(op.get("id")))
                if dropped is not None:
                    touched.add(dropped.article_id)
                tomb = op.get("tomb")
                if is_tombstone(tomb):
                    self.deleted[tomb["id"]] = tomb
            elif kind == "put" and table == ARTICLES:
                self.set_article(_article(op.get("rec"), "journal record"))
            else:
                raise RecordError(f"unknown journal record {op!r}")
        return touched

    def _apply_slot(self, op: dict[str, Any], resolved: set[str], touched: set[str]) -> None:
        """Resolve a slot op: the label its annotator has in its slot becomes the op's."""
        try:
            ann = _annotation(op.get("rec"), "journal record")
        except RecordError as exc:
            self.put_aside(op.get("rec"), "the journal", str(exc.__cause__ or exc))
            return
        if ann.id in resolved:
            return
        keep = op.get("keep") or ()
        old = self.in_slot(Slot.of(ann), ann.annotator)
        new = resolve_slot(old, ann, keep_note="note" in keep, keep_flags="flags" in keep)
        share_words(new, self.words)
        self.set(new)
        self.deleted.pop(new.id, None)
        touched.add(new.article_id)
        self.unresolved[ann.id] = (old, new)

    def in_slot(self, slot: Slot, annotator: str, *, other_than: str = "") -> Annotation | None:
        """`annotator`'s label in `slot`, if any."""
        bucket = self.by_article.get(slot.article_id)
        if bucket:
            for ann in bucket.values():
                if ann.annotator == annotator and ann.id != other_than and Slot.of(ann) == slot:
                    return ann
        return None

    def put_aside(self, record: Any, where: str, reason: str) -> None:
        """Keep a broken record in the set-aside table instead of using it."""
        self.set_aside[_digest(record)] = {"from": where, "reason": reason, "record": record}

    def set_aside_note(self) -> str | None:
        """One line on the records kept aside, naming the first; None when there are none."""
        if not self.set_aside:
            return None
        first = next(iter(self.set_aside.values()))
        count = len(self.set_aside)
        what = "record is" if count == 1 else "records are"
        return (
            f"{count} broken label {what} kept aside, unused, in the {SET_ASIDE!r} table "
            f"(first: {first.get('from')}: {first.get('reason')})"
        )

    def set(self, ann: Annotation) -> None:
        """Insert or replace an annotation in both indexes."""
        old = self.annotations.get(ann.id)
        if old is not None and old.article_id != ann.article_id:
            self.drop(ann.id)
        self.annotations[ann.id] = ann
        self.by_article.setdefault(ann.article_id, {})[ann.id] = ann

    def drop(self, ann_id: str) -> Annotation | None:
        """Remove an annotation from both indexes; returns it if it was there."""
        old = self.annotations.pop(ann_id, None)
        if old is not None:
            bucket = self.by_article.get(old.article_id)
            if bucket is not None:
                bucket.pop(ann_id, None)
                if not bucket:
                    del self.by_article[old.article_id]
        return old

    def set_article(self, info: ArticleInfo) -> None:
        """Insert or replace an article's details."""
        self.articles[info.id] = info

    def serialise(self) -> bytes:
        """The whole state as a TinyDB JSON file (ASCII, as TinyDB writes it)."""
        doc: dict[str, Any] = {
            META: {"1": FORMAT_META},
            ANNOTATIONS: {str(i): a.to_dict() for i, a in enumerate(self.annotations.values(), 1)},
            ARTICLES: {str(i): a.to_dict() for i, a in enumerate(self.articles.values(), 1)},
        }
        doc.update(self.other_tables)
        if self.deleted:
            doc[DELETED] = {str(i): t for i, t in enumerate(self.deleted.values(), 1)}
        if self.set_aside:
            doc[SET_ASIDE] = {str(i): e for i, e in enumerate(self.set_aside.values(), 1)}
        return json.dumps(doc, separators=(",", ":")).encode("ascii")


def resolve_slot(
    old: Annotation | None, new: Annotation, *, keep_note: bool, keep_flags: bool
) -> Annotation:
    """What a slot holds once `new` is given where `old` was, as `set_label` does it:
    `old` keeps its id, creation time, note and flags (unless `new` gives them),
    and is left as it is when it already says the same. Depends on nothing but its
    arguments (no clock), so that every process replaying a journal agrees."""
    if old is None:
        return new
    if (
        old.label == new.label
        and (keep_note or new.note == old.note)
        and (keep_flags or new.flags == old.flags)
        and old.text == new.text
        and old.anchor == "exact"
    ):
        return old
    return old.changed(
        label=new.label,
        text=new.text,
        prefix=new.prefix,
        suffix=new.suffix,
        note=old.note if keep_note else new.note,
        speaker=new.speaker,
        anchor="exact",
        flags=old.flags if keep_flags else new.flags,
        updated=later_stamp(new.updated, old.updated),
    )


def later_stamp(stamp: str, previous: str) -> str:
    """`stamp`, or a millisecond after `previous` if `stamp` is not later, so that
    every edit of a label has a later `updated` than the one before."""
    if stamp > previous:
        return stamp
    try:
        later = datetime.fromisoformat(previous) + timedelta(milliseconds=1)
    except ValueError:
        return stamp  # a foreign time stamp: ours is the best there is
    return later.isoformat(timespec="milliseconds")


def _digest(record: Any) -> str:
    """A short digest of a record's content: the same broken record is kept once."""
    text = json.dumps(record, sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _annotation(record: Any, where: str) -> Annotation:
    try:
        if not isinstance(record, dict):
            raise ValueError("not an object")
        return Annotation.from_dict(record)
    except (ValueError, TypeError) as exc:
        raise RecordError(f"bad annotation in {where}: {exc}") from exc


def _article(record: Any, where: str) -> ArticleInfo:
    info = record if type(record) is ArticleInfo else article_record(record)
    if info is None:
        raise RecordError(f"bad article in {where}")
    return info
