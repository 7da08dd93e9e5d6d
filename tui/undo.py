"""Reversible edits of annotations, the undo history, and a screen's view of them.

An `Edit` says what one annotation was before and after (None = absent). Undo
applies the inverse edit; redo applies the edit again. Edits go to the store
through the ordered writer, so an undo queued after an add always finds the id
the add produced (`AnnotationRef` is filled in by the writer thread).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(eq=False)
class AnnotationRef:
    """A stable local handle on one annotation; `id` is the store's id once written."""

    id: str | None = None
    removed: Any = None
    """The store's annotation as it was when removed, so undo can restore it whole."""


@dataclass(frozen=True, slots=True)
class MarkState:
    """What one annotation says: where it is, what unit, which label, and a note."""

    unit: str
    start: int
    end: int
    label: str
    text: str
    prefix: str = ""
    suffix: str = ""
    speaker: str | None = None
    note: str | None = None

    @classmethod
    def from_annotation(cls, ann: Any) -> MarkState:
        """The state of an annotation read from the store."""
        return cls(
            ann.unit,
            ann.start,
            ann.end,
            ann.label,
            ann.text,
            ann.prefix or "",
            ann.suffix or "",
            ann.speaker,
            ann.note,
        )


@dataclass(frozen=True, slots=True)
class Edit:
    """One reversible change to one annotation of one article."""

    article_id: str
    ref: AnnotationRef
    before: MarkState | None
    after: MarkState | None
    kind: str = "label"
    """What the user did, for messages: label, relabel, remove, note."""

    def inverse(self) -> Edit:
        """The edit that undoes this one (its messages say "undo …")."""
        kind = self.kind[5:] if self.kind.startswith("undo ") else f"undo {self.kind}"
        return replace(self, before=self.after, after=self.before, kind=kind)


def apply_edit(store: Any, edit: Edit) -> Any:
    """Carry out `edit` on an open AnnotationStore (called on the writer thread)."""
    if edit.after is None:
        if edit.ref.id is not None:
            edit.ref.removed = store.remove(edit.ref.id)
        return None
    after = edit.after
    removed, edit.ref.removed = edit.ref.removed, None
    if edit.before is None and removed is not None:
        ann = store.restore(removed)  # same id and creation time as before the removal
        if (ann.label, ann.note) != (after.label, after.note):
            ann = store.update(ann.id, label=after.label, note=after.note)
        edit.ref.id = ann.id
        return ann
    if edit.before is None or edit.ref.id is None:
        ann = store.add(
            edit.article_id,
            after.start,
            after.end,
            after.label,
            after.text,
            unit=after.unit,
            prefix=after.prefix,
            suffix=after.suffix,
            speaker=after.speaker,
            note=after.note,
        )
        edit.ref.id = ann.id
        return ann
    return store.update(edit.ref.id, label=after.label, note=after.note)


class UndoStack:
    """The undo and redo history of edits (labels, removals and notes)."""

    def __init__(self) -> None:
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []

    def push(self, edit: Edit) -> None:
        """Record a new edit; a new edit forgets what could be redone."""
        self._undo.append(edit)
        self._redo.clear()

    def undo(self) -> Edit | None:
        """The edit to apply to undo the last change, or None if there is none."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return edit.inverse()

    def redo(self) -> Edit | None:
        """The edit to apply to redo the last undone change, or None."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return replace(edit, kind=f"redo {edit.kind}")


@dataclass
class Mark:
    """An annotation as the reader shows it: its state and whether it is on disk yet."""

    ref: AnnotationRef
    state: MarkState
    pending: set[int] = field(default_factory=set)
    """Tickets of writes not yet durable; the mark shows as saved when empty."""


class ArticleMarks:
    """The annotations of one article as shown on screen, ahead of the disk.

    Edits are applied here at once (optimistically, marked pending) and
    confirmed when the writer reports them durable.
    """

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.marks: dict[AnnotationRef, Mark] = {}
        self._unconfirmed: dict[int, Edit] = {}
        self.loaded = False
        """True once the stored labels were read in: until then the marks are partial."""

    def load(self, annotations: list[Any], after_ticket: int) -> None:
        """Replace the marks by what the store holds, keeping edits queued after the read."""
        by_id = {m.ref.id: m.ref for m in self.marks.values() if m.ref.id is not None}
        self.marks = {}
        self.loaded = True
        for ann in annotations:
            if getattr(ann, "anchor", "exact") == "orphaned":
                continue  # its text is no longer in the article: nowhere to draw it
            ref = by_id.get(ann.id) or AnnotationRef(ann.id)
            self.marks[ref] = Mark(ref, MarkState.from_annotation(ann))
        for ticket, edit in sorted(self._unconfirmed.items()):
            if ticket > after_ticket:
                self._apply_local(edit, ticket)

    def apply(self, edit: Edit, ticket: int) -> None:
        """Show `edit` at once, pending until `confirm(ticket)`."""
        self._unconfirmed[ticket] = edit
        self._apply_local(edit, ticket)

    def _apply_local(self, edit: Edit, ticket: int) -> None:
        if edit.after is None:
            self.marks.pop(edit.ref, None)
            return
        mark = self.marks.get(edit.ref)
        if mark is None:
            self.marks[edit.ref] = Mark(edit.ref, edit.after, {ticket})
        else:
            mark.state = edit.after
            mark.pending.add(ticket)

    def confirm(self, ticket: int, error: BaseException | None) -> Edit | None:
        """The write with `ticket` finished; on error the edit is rolled back on screen."""
        edit = self._unconfirmed.pop(ticket, None)
        if edit is None:
            return None
        mark = self.marks.get(edit.ref)
        if mark is not None:
            mark.pending.discard(ticket)
        if error is not None:
            self._apply_local(edit.inverse(), ticket)
            mark = self.marks.get(edit.ref)
            if mark is not None:
                mark.pending.discard(ticket)
        return edit

    def find(self, unit: str, start: int, end: int) -> Mark | None:
        """The mark of exactly this unit, if labelled."""
        for mark in self.marks.values():
            s = mark.state
            if s.unit == unit and s.start == start and s.end == end:
                return mark
        return None

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks that overlap the range, in text order."""
        found = [m for m in self.marks.values() if m.state.start < end and m.state.end > start]
        return sorted(found, key=lambda m: (m.state.start, m.state.end))

    def labelled_spans(self, unit: str = "sentence") -> set[tuple[int, int]]:
        """(start, end) of every labelled unit of one kind."""
        return {(m.state.start, m.state.end) for m in self.marks.values() if m.state.unit == unit}
