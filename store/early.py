"""Labels saved while the store is still reading its file (issue 15).

Opening a file of 500,000 labels takes seconds, and a label key pressed
meanwhile must not wait for it. A save needs the slot's old label (its id, note
and flags are kept, and undo puts it back), which is known only once the file
is read. So an early save is journalled as a *slot op*: "this annotator's label
in this slot is now this one, whatever was there". It is appended and fsynced
at once, while the opening thread holds the exclusive lock with the journal
read to its end, and resolved when the tables have been read, exactly as
`set_label` resolves a key press (`store.state.resolve_slot`).

The opening thread then journals the resolved label as an ordinary
whole-record put that names the slot op it `resolves`. Replaying a journal
(after a crash between a fold and the journal's reset, say) skips slot ops
whose resolution follows, so no slot op is ever resolved twice against
different states. One left unresolved by a crash is resolved by whoever reads
it next, the same way, and its resolution journalled by the next writer,
before anything else, under the exclusive lock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the session makes its door before the library's first frame,
    # which needs none of the label records: they load with the first save
    from store.journal import Journal
    from store.labelling import LabelDraft
    from store.records import ArticleInfo


def slot_ops(
    draft: LabelDraft,
    annotator: str,
    *,
    article: ArticleInfo | None = None,
    flags: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    """The journal ops of `set_label(draft, article=..., flags=...)` saved early:
    the slot op (its record has a fresh id: the op's id) and the article's details.

    The note and (when `flags` is None) the flags of the slot's old label are kept.
    """
    from store.records import ANNOTATIONS, ARTICLES

    label = draft.new_label(annotator, flags)
    keep = [name for name, kept in (("note", draft.note is None), ("flags", flags is None)) if kept]
    ops: list[dict[str, Any]] = [
        {"op": "slot", "table": ANNOTATIONS, "rec": label.to_dict(), "keep": keep}
    ]
    if article is not None:
        ops.append({"op": "put", "table": ARTICLES, "rec": article.to_dict()})
    return ops


class EarlySaves:
    """The door through which saves reach the journal while the store reads its file.

    The store opens it (`open`) once it holds the exclusive lock and has read
    the journal to its end, and shuts it (`shut`) when the tables are read;
    `save` waits for it to open and returns False once it is shut for good
    (save the ordinary way then). Whoever opens the store calls `abandon` when
    the store's constructor has returned or failed: a read-only store never opens it.
    """

    def __init__(self) -> None:
        """A door not yet open."""
        self._cond = threading.Condition()
        self._journal: Journal | None = None
        self._done = False
        self._ops: list[dict[str, Any]] = []
        self._release = threading.Event()
        self._release.set()

    def hold(self) -> None:
        """Keep the door open, once it opens, until `release`: the store's reading
        ends only then. For tests and benchmarks, which need a load that lasts."""
        self._release.clear()

    def release(self) -> None:
        """Let the store finish opening (after `hold`)."""
        self._release.set()

    def save(self, ops: list[dict[str, Any]]) -> bool:
        """Append `ops` to the journal and fsync, waiting for the door to open;
        False, with nothing written, once it is shut. Raises `StoreWriteError` (or
        `ReadOnlyStoreError`) when the journal can't be written."""
        from store.journal import encode_ops  # not under the lock: other threads wait on it

        with self._cond:
            while self._journal is None and not self._done:
                self._cond.wait()
            if self._journal is None:
                return False
            self._journal.append(encode_ops(ops))
            self._ops.extend(ops)
            return True

    def open(self, journal: Journal) -> None:
        """The store holds the exclusive lock and has read `journal` to its end."""
        with self._cond:
            if not self._done:
                self._journal = journal
                self._cond.notify_all()

    def shut(self) -> list[dict[str, Any]]:
        """No more early saves (after `release`, if held); returns the ops saved."""
        self._release.wait()
        with self._cond:
            self._done = True
            self._journal = None
            self._cond.notify_all()
            ops, self._ops = self._ops, []
        return ops

    def abandon(self) -> None:
        """The store is open (or failed to open): saves from now on go the ordinary way."""
        with self._cond:
            self._done = True
            self._journal = None
            self._cond.notify_all()
