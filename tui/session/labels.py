"""One article's labels as the screen shows them: the store's latest word, plus the
writes that are on their way to it.

The store answers every write and read with a snapshot of the article's labels
(numbered by the store's generation, so an older answer never replaces a newer
one). Writes not yet answered are laid over it, each as the state it gives its
slot, so the screen shows a label the moment its key is pressed and marks it
pending (`…`) until the disk has it. Once every write is answered, what is
shown is exactly the snapshot: what is on disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import store  # the label records load when labels are first read, after the first frame

if TYPE_CHECKING:
    from store import Annotation, Slot, Unit


@dataclass(frozen=True, slots=True)
class MarkState:
    """What a label says, apart from where it is: label, text, speaker, note, flags."""

    label: str
    text: str
    speaker: str | None = None
    note: str | None = None
    flags: tuple[str, ...] = ()
    """"unsure", "review" (flagged for a reviewer), "adjudicated"."""

    @classmethod
    def of(cls, ann: Annotation) -> MarkState:
        """The state of a stored annotation."""
        return cls(ann.label, ann.text, ann.speaker, ann.note, ann.flags)


@dataclass(frozen=True, slots=True)
class Mark:
    """A label as drawn: where, what, whose, and whether it is on disk yet."""

    slot: Slot
    state: MarkState
    annotator: str
    pending: bool = False

    @property
    def start(self) -> int:
        """Where the labelled text starts in the article."""
        return self.slot.start

    @property
    def end(self) -> int:
        """Where the labelled text ends (exclusive)."""
        return self.slot.end

    @property
    def unit(self) -> Unit:
        """Sentence, quote or span."""
        return self.slot.unit


def _mark_of(ann: Annotation) -> Mark:
    """A stored annotation as drawn (saved)."""
    return Mark(store.Slot.of(ann), MarkState.of(ann), ann.annotator)


class ArticleLabels:
    """The labels of one article for one annotator (and, to show, everyone else's)."""

    def __init__(self, article_id: str, annotator: str) -> None:
        """Empty until the first snapshot arrives (`loaded`)."""
        self.article_id = article_id
        self.annotator = annotator
        self.loaded = False
        self._generation = -1
        self._stored: dict[Slot, MarkState] = {}
        self._others: list[Mark] = []
        self._pending: dict[int, tuple[Slot, MarkState | None]] = {}
        self._saved_early: set[int] = set()
        """Writes among `_pending` already on disk, saved while the store opened: drawn
        as saved, laid over the store until it has resolved them."""
        self._shown: list[Mark] | None = None
        """`mine()`, kept until the next change: every paragraph drawn asks for it."""
        self._made: dict[str, tuple[Annotation, Mark]] = {}
        """The last snapshot's records by id, each with the mark made of it."""

    def accept(self, generation: int, annotations: Iterable[Annotation]) -> bool:
        """Take a snapshot from the store unless a newer one was taken; returns
        whether it was. Orphaned labels (their text is gone) are not drawn.

        A record the last snapshot had too keeps the mark made of it then: every
        write is answered with all of the article's labels, hundreds on a busy one.
        """
        if generation < self._generation:
            return False
        self._generation = generation
        self.loaded = True
        stored: dict[Slot, MarkState] = {}
        others: list[Mark] = []
        made: dict[str, tuple[Annotation, Mark]] = {}
        known = self._made
        for ann in annotations:
            if ann.anchor == "orphaned":
                continue
            hit = known.get(ann.id)
            mark = hit[1] if hit is not None and hit[0] is ann else _mark_of(ann)
            made[ann.id] = (ann, mark)
            if ann.annotator == self.annotator:
                stored[mark.slot] = mark.state
            else:
                others.append(mark)
        self._made = made
        self._stored = stored
        self._others = others
        self._shown = None
        return True

    def propose(self, ticket: int, slot: Slot, state: MarkState | None) -> None:
        """Show `slot` as `state` (None: unlabelled) until write `ticket` is answered."""
        self._pending[ticket] = (slot, state)
        self._shown = None

    def settle(self, ticket: int) -> None:
        """Write `ticket` was answered (saved or failed): stop laying it over the store."""
        self._saved_early.discard(ticket)
        if self._pending.pop(ticket, None) is not None:
            self._shown = None

    def saved_early(self, ticket: int) -> None:
        """Write `ticket` is on disk, though the store has not yet said what it
        replaced: draw it as saved."""
        if ticket in self._pending:
            self._saved_early.add(ticket)
            self._shown = None

    @property
    def pending(self) -> int:
        """How many writes of this article are on their way."""
        return len(self._pending)

    def state(self, slot: Slot) -> MarkState | None:
        """What `slot` shows now: the latest pending write to it, else the store."""
        for _ticket, (pending_slot, state) in sorted(self._pending.items(), reverse=True):
            if pending_slot == slot:
                return state
        return self._stored.get(slot)

    def mine(self) -> list[Mark]:
        """This annotator's labels as shown, in text order."""
        if self._shown is not None:
            return self._shown
        shown = dict(self._stored)
        waiting: set[Slot] = set()
        for ticket, (slot, state) in sorted(self._pending.items()):
            if ticket in self._saved_early:
                waiting.discard(slot)
            else:
                waiting.add(slot)
            if state is None:
                shown.pop(slot, None)
            else:
                shown[slot] = state
        marks = [
            Mark(slot, state, self.annotator, slot in waiting) for slot, state in shown.items()
        ]
        self._shown = sorted(marks, key=lambda m: (m.start, m.end))
        return self._shown

    def others(self) -> list[Mark]:
        """Every other annotator's labels, in text order."""
        return sorted(self._others, key=lambda m: (m.start, m.end, m.annotator))

    def find(self, slot: Slot) -> Mark | None:
        """This annotator's label in `slot`, if any."""
        return next((mark for mark in self.mine() if mark.slot == slot), None)

    def overlapping(self, start: int, end: int, *, others: bool = False) -> list[Mark]:
        """Labels that overlap a range, in text order (everyone's with `others`)."""
        marks = self.mine() + (self.others() if others else [])
        found = [m for m in marks if m.start < end and m.end > start]
        return sorted(found, key=lambda m: (m.start, m.end))

    def labelled(self, unit: Unit, target: str | None = None) -> set[tuple[int, int]]:
        """(start, end) of every unit of one kind this annotator has labelled."""
        return {(m.start, m.end) for m in self.mine() if m.unit == unit and m.slot.target == target}
