"""Undo and redo, one history per article.

An `Edit` records what one key did to one slot: the state before and after,
as the screen showed them (to show an undo at once and to name it), and the
store's `Change` (filled in by the writer thread when the write has run, so an
undo queued behind it finds it there). Undo asks the store to revert that
change, which it refuses if another session changed the label since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Change, Slot
    from tui.session.labels import MarkState


@dataclass(eq=False)
class Edit:
    """One change to one slot, as the annotator made it."""

    slot: Slot
    before: MarkState | None
    after: MarkState | None
    kind: str
    """What the annotator did, for messages: label, relabel, remove, note."""
    change: Change | None = field(default=None, repr=False)
    """What the store did; set on the writer thread once the write has run."""

    @property
    def label(self) -> str:
        """The label the edit is about (the new one; the old one for a removal)."""
        state = self.after or self.before
        return state.label if state is not None else ""

    @property
    def text(self) -> str:
        """The labelled words."""
        state = self.after or self.before
        return state.text if state is not None else ""

    def undoing(self) -> Edit:
        """The edit that takes this one back (its store change is set when it runs)."""
        kind = self.kind[5:] if self.kind.startswith("undo ") else f"undo {self.kind}"
        return Edit(self.slot, self.after, self.before, kind)

    def describe(self) -> str:
        """What the edit did, as a person says it: "relabel favor → against"."""
        before = self.before.label if self.before is not None else ""
        after = self.after.label if self.after is not None else ""
        kind = self.kind.removeprefix("undo ")
        undone = self.kind.startswith("undo ")
        if undone:
            before, after = after, before
        if kind == "relabel":
            return f"relabel {before} → {after}"
        if kind == "remove":
            return f"removal of {before}"
        if kind == "note":
            return f"note on {after or before}"
        if kind == "flag":
            return f"flag on {after or before}"
        return f"label {after or before}"


class ArticleHistory:
    """The undo and redo stacks of one article."""

    def __init__(self) -> None:
        """Nothing to undo yet."""
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []

    def record(self, edit: Edit) -> None:
        """A new edit: it can be undone, and what was undone can no longer be redone."""
        self._undo.append(edit)
        self._redo.clear()

    def take_undo(self) -> tuple[Edit, Edit] | None:
        """The last edit and the edit that undoes it (now redoable), or None."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        undoing = edit.undoing()
        self._redo.append(undoing)
        return edit, undoing

    def take_redo(self) -> tuple[Edit, Edit] | None:
        """The last undo and the edit that redoes it (now undoable again), or None."""
        if not self._redo:
            return None
        undoing = self._redo.pop()
        redoing = undoing.undoing()
        self._undo.append(redoing)
        return undoing, redoing

    def edits(self) -> list[Edit]:
        """Every edit that can still be undone or redone."""
        return [*self._undo, *self._redo]

    def last(self) -> Edit | None:
        """The latest edit that can be undone, if any."""
        return self._undo[-1] if self._undo else None

    def forget(self, edit: Edit) -> None:
        """Drop an edit whose write failed: there is nothing on disk to undo or redo."""
        for stack in (self._undo, self._redo):
            if edit in stack:
                stack.remove(edit)

    def __bool__(self) -> bool:
        """Whether there is anything to undo."""
        return bool(self._undo)
