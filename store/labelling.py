"""Labelling as a script or a screen does it: which unit, which label, what changed.

An annotator gives each unit (a sentence, a quote or a span of words) at most
one label per target: the unit's `Slot`. `LabelDraft` is a label about to be
written, with the context the store keeps to find it again (computed here, so
every caller anchors labels the same way). `Change` is what one write did, so
that it can be shown, counted and undone; `StoreChanges` is what other
processes changed since a store last looked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from store.anchoring import context_of
from store.records import Annotation, Unit, now_iso


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a label sits: one unit of one article, for one target.

    An annotator has at most one label in a slot; labelling it again replaces it.
    """

    article_id: str
    unit: Unit
    start: int
    end: int
    target: str | None = None

    @classmethod
    def of(cls, ann: Annotation) -> Slot:
        """The slot an annotation occupies."""
        return cls(ann.article_id, ann.unit, ann.start, ann.end, ann.target)


@dataclass(frozen=True, slots=True)
class LabelDraft:
    """A label about to be written: its slot, label, text and anchoring context."""

    slot: Slot
    label: str
    text: str
    prefix: str = ""
    suffix: str = ""
    speaker: str | None = None
    note: str | None = None

    def new_label(self, annotator: str, flags: tuple[str, ...] | None = None) -> Annotation:
        """The label this draft makes in an empty slot: a fresh id, stamped now, checked."""
        stamp = now_iso()
        slot = self.slot
        label = Annotation(
            id=uuid.uuid4().hex,
            article_id=slot.article_id,
            start=slot.start,
            end=slot.end,
            text=self.text,
            label=self.label,
            annotator=annotator,
            created=stamp,
            updated=stamp,
            unit=slot.unit,
            prefix=self.prefix,
            suffix=self.suffix,
            speaker=self.speaker,
            target=slot.target,
            note=self.note,
            flags=flags or (),
        )
        label.check()
        return label


def draft_label(
    article_id: str,
    article_text: str,
    unit: Unit,
    start: int,
    end: int,
    label: str,
    *,
    speaker: str | None = None,
    target: str | None = None,
    note: str | None = None,
) -> LabelDraft:
    """A draft for `article_text[start:end]`, with the prefix and suffix that let the
    store re-anchor it when a better cleaner shifts the text."""
    if not 0 <= start < end <= len(article_text):
        raise ValueError(f"bad offsets {start}..{end} for a text of {len(article_text)}")
    prefix, suffix = context_of(article_text, start, end)
    return LabelDraft(
        Slot(article_id, unit, start, end, target),
        label,
        article_text[start:end],
        prefix,
        suffix,
        speaker,
        note,
    )


@dataclass(frozen=True, slots=True)
class Change:
    """What one write did to one slot: the label before and after (None: none)."""

    before: Annotation | None
    after: Annotation | None

    @property
    def changed(self) -> bool:
        """False when the write found the slot already as asked."""
        return self.before != self.after


@dataclass(frozen=True, slots=True)
class StoreChanges:
    """Articles whose labels other processes changed since the store last looked.

    `everything` is True when another process rewrote the whole file, so that
    any article may have changed.
    """

    article_ids: frozenset[str] = frozenset()
    everything: bool = False

    def __bool__(self) -> bool:
        """Whether anything changed."""
        return self.everything or bool(self.article_ids)

    def touches(self, article_id: str) -> bool:
        """Whether the labels of `article_id` may have changed."""
        return self.everything or article_id in self.article_ids


def labelled_counts(
    annotations: Iterable[Annotation],
    annotator: str,
    *,
    unit: Unit = "sentence",
    target: str | None = None,
) -> dict[str, int]:
    """Per article, how many distinct units of one kind `annotator` has labelled
    (for `target`). Orphaned labels, whose text is gone, do not count."""
    seen: dict[str, set[tuple[int, int]]] = {}
    for ann in annotations:
        if (
            ann.annotator == annotator
            and ann.unit == unit
            and ann.target == target
            and ann.anchor != "orphaned"
        ):
            seen.setdefault(ann.article_id, set()).add((ann.start, ann.end))
    return {article_id: len(spans) for article_id, spans in seen.items()}
