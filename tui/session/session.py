"""The session: what screens ask of the corpus and the annotation store, and get back.

Screens receive the session; they never reach the app or the store directly.
The session owns the corpus scan, the store's lanes (`StoreLanes`), each open
article's labels (`ArticleLabels`) and history (`ArticleHistory`), the label
counts the library shows, and the save state the status line shows. Every
result is applied here first, on the UI thread, then told to the screen that
asked with a typed message (`tui.session.messages`), so the screen only
redraws, and every screen shows the same state.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump

import store  # its modules load on first use: not for the library's first frame
from tui.session.anchors import AnchorCache
from tui.session.config import AppConfig
from tui.session.corpus_loader import CorpusLoader
from tui.session.history import ArticleHistory, Edit
from tui.session.labels import ArticleLabels, MarkState
from tui.session.lanes import StoreLanes
from tui.session.messages import (
    AllLabelsRead,
    CountsReady,
    DecisionSaved,
    EditSaved,
    ExportDone,
    LabelsChanged,
    LabelsRead,
    StoreFailed,
    StoreOpened,
)
from tui.session.user_state import UserState

if TYPE_CHECKING:
    from store import (
        Annotation,
        AnnotationStore,
        Article,
        Change,
        Corpus,
        Disagreement,
        Slot,
        StoreChanges,
        Unit,
    )

Snapshot = tuple[int, "list[Annotation]"]
_EXPORT_SUFFIXES = {
    "jsonl": ".jsonl",
    "semeval": ".semeval.tsv",
    "labelstudio": ".labelstudio.json",
}
"""The file endings of exports that are not one JSON object a line."""
Anchoring = tuple[int, int]
"""Of an article's labels: how many were found again elsewhere in its changed text,
and how many could not be found (orphaned)."""
SKIP = "skip"
"""The label of a skipped unit (see `store.review.SKIP`)."""
"""An article's labels as the store had them, with the store's generation."""


@dataclass(frozen=True, slots=True)
class SaveStatus:
    """The status line's word on saving: its text and a style."""

    text: str
    style: str


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a write job hands back: the store's error, if any, and the article after it."""

    error: store.StoreError | None
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class WriteHandle:
    """A write on its way: the edit, and a future that is done once it is answered."""

    edit: Edit
    answered: asyncio.Future[str | None]
    """Done once the write is answered: None when saved, else why not."""


@dataclass(frozen=True, slots=True)
class _PollResult:
    changes: StoreChanges
    counts: dict[str, int]
    snapshots: dict[str, Snapshot]


class Session:
    """The open corpus and annotation file, and everything screens share about them."""

    def __init__(self, config: AppConfig) -> None:
        """Start opening the corpus at once (the store opens with `start_store`)."""
        self.config = config
        self.annotator = config.annotator
        self.scheme = config.scheme
        self.project = config.project
        self.target: str | None = config.project.targets[0].name if config.project.targets else None
        """The target labels are given for now (None in a project without targets)."""
        self.user_state = UserState(config.state_file)
        self.article_order: list[str] = []
        """Article ids as the library lists them (search, filter, sort), for > and <."""
        self.read_last: str | None = None
        """The article a reader showed last, until the library's cursor has gone to
        it (after > and <, it is not the one opened from the list)."""
        self.counts: dict[str, int] = {}
        """Labelled statements per article id, for the library's progress column."""
        self.counts_ready = False
        self.show_others = False
        """Whether the reader shows other annotators' labels (off: annotation is blind)."""
        self.status = SaveStatus("no changes this session", "dim")
        self.store_problem: str | None = "read-only (--read-only)" if config.read_only else None
        """Why labels cannot be saved (read-only or unreadable file), once known."""
        self.corpus_loader = CorpusLoader(config.corpus, config.cache_dir)
        self.corpus_loader.start()
        self.early_saves = store.EarlySaves()
        """Label keys pressed while the store opens are saved through it at once."""
        self.lanes = StoreLanes(self._open_store)
        self._labels: dict[str, ArticleLabels] = {}
        self._histories: dict[str, ArticleHistory] = {}
        self._anchors = AnchorCache()
        """Labels re-anchored to their article's text, kept for the next answer."""
        self._shown: dict[str, Article] = {}
        self._listeners: list[MessagePump] = []
        self._pending: dict[int, Edit] = {}
        self._waiting: str | None = None
        """While pending saves wait for another process's lock: who holds it, how long."""
        self._last: tuple[Edit, str | None] | None = None
        self._polling = False
        self._update_status()

    # -- life cycle ------------------------------------------------------------------

    def _open_store(self) -> AnnotationStore:
        """Runs on the lanes' opening thread."""
        try:
            return store.AnnotationStore(
                self.config.db,
                annotator=self.annotator,
                read_only=self.config.read_only,
                early=self.early_saves,
            )
        finally:
            self.early_saves.abandon()

    @property
    def saves_early(self) -> bool:
        """Whether the store is still opening, and a label key is saved at once all
        the same (`store.early`): the reader need not wait for its labels."""
        return self.lanes.started and not self.lanes.store.done() and self.writable

    def start_store(self) -> None:
        """Open the annotation file (once) and count the labels; call on the UI thread.

        Called once the library's list is on screen, or when a reader opens,
        so that opening a large file does not compete with the first frame.
        """
        if self.lanes.started:
            return
        self.lanes.start(asyncio.get_running_loop())
        self.lanes.when_done(self.lanes.store, self._store_opened)
        self._read_counts()

    def preload_parser(self) -> None:
        """Load the parser on a thread while the list is being read: the first article
        opened would otherwise wait for its import (about 80 ms)."""
        threading.Thread(
            target=store.preload_parser, name="marginalia-preload", daemon=True
        ).start()

    def _read_counts(self) -> None:
        """Count the labelled statements of every article, for the current target."""
        target = self.target
        counts = self.lanes.read(lambda db: db.labelled_counts(target=target))
        self.lanes.when_done(counts, partial(self._counts_read, target))

    def set_target(self, name: str | None) -> None:
        """Label for another target from now on; the counts follow (a `CountsReady`)."""
        if name == self.target:
            return
        self.target = name
        for article_id in self._shown:
            self._count(article_id)
        if self.lanes.started:
            self.counts_ready = False
            self._read_counts()

    def _store_opened(self, future: Future[AnnotationStore]) -> None:
        error = future.exception()
        if error is not None:
            self.store_problem = f"cannot open {self.config.db_display}: {error}"
            self._broadcast(lambda: StoreFailed(str(error)))
        else:
            store = future.result()
            reason, set_aside = store.read_only_reason, store.set_aside_note
            if reason:
                self.store_problem = f"read-only ({reason})"
            self._broadcast(lambda: StoreOpened(reason, set_aside))
        self._update_status()

    def _counts_read(self, target: str | None, future: Future[dict[str, int]]) -> None:
        if target != self.target:
            return  # the target changed meanwhile: a newer count is on its way
        if future.exception() is None:
            self.counts = dict(future.result())
            for article_id in self._shown:
                self._count(article_id)  # with this session's writes on their way
        self.counts_ready = True
        self._broadcast(CountsReady)

    def listen(self, pump: MessagePump) -> None:
        """Send news that concerns every screen (labels changed elsewhere…) to `pump`."""
        if pump not in self._listeners:
            self._listeners.append(pump)

    def stop_listening(self, pump: MessagePump) -> None:
        """No more news for `pump` (a screen that closed)."""
        if pump in self._listeners:
            self._listeners.remove(pump)

    def _broadcast(self, make: Callable[[], Message]) -> None:
        """Post a fresh message from `make()` to every listener (a message has one home)."""
        for pump in list(self._listeners):
            pump.post_message(make())

    def close(self) -> None:
        """Finish every queued write, close the store and save the user's state."""
        self.lanes.close()
        self.user_state.save()

    # -- the corpus ------------------------------------------------------------------

    @property
    def corpus(self) -> Corpus | None:
        """The opened corpus, once its scan has ended well."""
        return self.corpus_loader.corpus

    def wait_for_corpus(self, cancelled: Callable[[], bool]) -> Corpus:
        """The corpus, waiting for its scan to end (on a worker thread)."""
        while not self.corpus_loader.done.wait(0.1):
            if cancelled():
                raise LookupError("cancelled")
        if self.corpus is None:
            raise LookupError("the articles could not be opened")
        return self.corpus

    # -- an article's labels ------------------------------------------------------------

    def labels_of(self, article_id: str) -> ArticleLabels:
        """The labels of an article as shown (empty until read)."""
        labels = self._labels.get(article_id)
        if labels is None:
            labels = self._labels[article_id] = ArticleLabels(article_id, self.annotator)
        return labels

    def history_of(self, article_id: str) -> ArticleHistory:
        """The undo history of an article."""
        history = self._histories.get(article_id)
        if history is None:
            history = self._histories[article_id] = ArticleHistory()
        return history

    def open_article(self, article: Article, requester: MessagePump) -> None:
        """Read an article's labels for `requester` (a `LabelsRead` follows), and
        save their positions re-anchored to its current text (a separate write)."""
        self.start_store()
        self._shown[article.id] = article
        text = article.text

        def read(db: AnnotationStore) -> tuple[Snapshot, Anchoring]:
            generation, found = db.snapshot(article.id)
            anchored = self._anchors.anchored(article.id, text, found)
            moved = sum(
                (old.start, old.end) != (new.start, new.end) and new.anchor == "moved"
                for old, new in zip(found, anchored, strict=True)
            )
            orphaned = sum(ann.anchor == "orphaned" for ann in anchored)
            return (generation, anchored), (moved, orphaned)

        future = self.lanes.read(read)
        self.lanes.when_done(future, partial(self._labels_read, article.id, requester))

        def anchor(db: AnnotationStore) -> None:
            if not db.read_only:
                db.annotations_for(article)

        self.lanes.write(anchor, overtakable=True)  # a label saved early is the newer word

    def close_article(self, article_id: str) -> None:
        """The reader of an article closed: no more looking for others' changes to it.

        Its labels are forgotten once no write of it is on the way (they are read
        afresh when it is opened again), so nothing stale is counted meanwhile.
        """
        self._shown.pop(article_id, None)
        labels = self._labels.get(article_id)
        if labels is not None and not labels.pending:
            del self._labels[article_id]

    def _labels_read(
        self,
        article_id: str,
        requester: MessagePump,
        future: Future[tuple[Snapshot, Anchoring]],
    ) -> None:
        error = future.exception()
        anchoring = (0, 0)
        if error is None:
            snapshot, anchoring = future.result()
            self.labels_of(article_id).accept(*snapshot)
            self._count(article_id)
        requester.post_message(
            LabelsRead(article_id, None if error is None else str(error), *anchoring)
        )

    # -- writing -------------------------------------------------------------------------

    def label(
        self,
        article: Article,
        unit: Unit,
        start: int,
        end: int,
        label: str,
        speaker: str | None,
        requester: MessagePump,
    ) -> WriteHandle | None:
        """Label a unit (replacing the annotator's label there); None if it already
        has that label. The label shows at once, pending until saved."""
        slot = store.Slot(article.id, unit, start, end, self.target)
        before = self.labels_of(article.id).state(slot)
        if before is not None and before.label == label:
            return None
        draft = store.draft_label(
            article.id, article.text, unit, start, end, label, speaker=speaker, target=self.target
        )
        # A skip has no stance to be unsure of or to review: it takes no flags.
        flags = () if label == SKIP or before is None else before.flags
        after = MarkState(label, draft.text, speaker, before.note if before else None, flags)
        edit = Edit(slot, before, after, "relabel" if before else "label")
        info = store.info_of(article)
        cleared = () if label == SKIP else None
        if not self.saves_early:
            job = partial(_set_label, draft=draft, article=info, flags=cleared)
            return self._write(article, edit, job, requester)
        ops = store.slot_ops(draft, self.annotator, article=info, flags=cleared)
        saved_early: list[bool] = []

        def save() -> bool:  # on the writer thread, while the store opens
            saved_early.append(self.early_saves.save(ops))
            return saved_early[-1]

        def resolve(db: AnnotationStore) -> Change:  # on the writer thread, once it is open
            if saved_early and saved_early[-1]:
                return db.early_change(ops[0]["rec"]["id"])
            return db.set_label(draft, article=info, flags=cleared)

        return self._write(article, edit, resolve, requester, early=save)

    def last_labelled(self, article_id: str) -> Slot | None:
        """The slot of the article's latest edit that left a label there, if any."""
        history = self._histories.get(article_id)
        edit = history.last() if history is not None else None
        if edit is None or edit.after is None:
            return None
        return edit.slot

    def remove(self, article: Article, slot: Slot, requester: MessagePump) -> WriteHandle | None:
        """Remove the annotator's label from a slot; None if it has none."""
        before = self.labels_of(article.id).state(slot)
        if before is None:
            return None
        edit = Edit(slot, before, None, "remove")
        return self._write(article, edit, lambda db: db.clear_label(slot), requester)

    def set_note(
        self, article: Article, slot: Slot, note: str | None, requester: MessagePump
    ) -> WriteHandle | None:
        """Write (None: remove) the note on the label in a slot; None if nothing changes."""
        before = self.labels_of(article.id).state(slot)
        if before is None or before.note == note:
            return None
        edit = Edit(slot, before, replace(before, note=note), "note")
        return self._write(article, edit, lambda db: db.set_note(slot, note), requester)

    def toggle_flag(
        self, article: Article, slot: Slot, flag: str, requester: MessagePump
    ) -> WriteHandle | None:
        """Put a flag ("unsure", "review") on the label in a slot, or take it off; None
        if the slot has no label."""
        before = self.labels_of(article.id).state(slot)
        if before is None:
            return None
        on = flag not in before.flags
        flags = tuple(sorted({*before.flags, flag} if on else set(before.flags) - {flag}))
        edit = Edit(slot, before, replace(before, flags=flags), "flag")
        return self._write(article, edit, lambda db: db.set_flag(slot, flag, on), requester)

    def undo(self, article: Article, requester: MessagePump) -> WriteHandle | None:
        """Take back the last edit of this article; None if there is none."""
        taken = self.history_of(article.id).take_undo()
        if taken is None:
            return None
        edit, undoing = taken
        others = self.history_of(article.id).edits()
        return self._write(article, undoing, _revert(edit, others), requester, record=False)

    def redo(self, article: Article, requester: MessagePump) -> WriteHandle | None:
        """Do again what the last undo of this article took back; None if nothing."""
        taken = self.history_of(article.id).take_redo()
        if taken is None:
            return None
        undoing, redoing = taken
        others = self.history_of(article.id).edits()
        return self._write(article, redoing, _revert(undoing, others), requester, record=False)

    def _write(
        self,
        article: Article,
        edit: Edit,
        job: Callable[[AnnotationStore], Change],
        requester: MessagePump,
        *,
        record: bool = True,
        early: Callable[[], bool] | None = None,
    ) -> WriteHandle:
        """Queue `job` on the writer, show `edit` at once, and answer `requester`
        (as soon as `early` has saved it, if it can while the store opens)."""
        self.start_store()
        text = article.text

        def run(db: AnnotationStore) -> _Outcome:
            error: store.StoreError | None = None
            try:
                change = job(db)
            except store.StoreError as exc:
                error = exc
            else:
                edit.change = change
            generation, found = db.snapshot(article.id)
            return _Outcome(error, (generation, self._anchors.anchored(article.id, text, found)))

        saved: Future[bool] | None = None
        if early is None:
            ticket, future = self.lanes.write(run)
        else:
            ticket, saved, future = self.lanes.write_early(run, early)
        labels = self.labels_of(article.id)
        labels.propose(ticket, edit.slot, edit.after)
        if record:
            self.history_of(article.id).record(edit)
        self._pending[ticket] = edit
        handle = WriteHandle(edit, asyncio.get_running_loop().create_future())
        if saved is not None:
            self.lanes.when_done(
                saved, partial(self._saved_early, ticket, article.id, edit, requester, handle)
            )
        self.lanes.when_done(
            future, partial(self._written, ticket, article.id, edit, requester, handle)
        )
        self._count(article.id)
        self._update_status()
        return handle

    def _no_longer_pending(self, ticket: int) -> None:
        """Write `ticket` is on disk or has failed: the status stops counting it."""
        self._pending.pop(ticket, None)
        if not self._pending:
            self._waiting = None

    def _saved_early(
        self,
        ticket: int,
        article_id: str,
        edit: Edit,
        requester: MessagePump,
        handle: WriteHandle,
        future: Future[bool],
    ) -> None:
        """A label was saved while the store opens: show it saved. What it replaced is
        known once the store is open (`_written`); if it could not be saved early, it
        stays pending and is saved the ordinary way."""
        if future.exception() is not None or not future.result():
            return
        self.labels_of(article_id).saved_early(ticket)
        self._no_longer_pending(ticket)
        self._last = (edit, None)
        self._update_status()
        requester.post_message(EditSaved(article_id, edit, None))
        if not handle.answered.done():
            handle.answered.set_result(None)

    def _written(
        self,
        ticket: int,
        article_id: str,
        edit: Edit,
        requester: MessagePump,
        handle: WriteHandle,
        future: Future[_Outcome],
    ) -> None:
        """A write was answered: settle it, take the store's snapshot, tell the screen."""
        labels = self.labels_of(article_id)
        labels.settle(ticket)
        self._no_longer_pending(ticket)
        failure: BaseException | None = future.exception()
        if failure is None:
            outcome = future.result()
            labels.accept(*outcome.snapshot)
            failure = outcome.error
        if failure is not None:
            self.history_of(article_id).forget(edit)
        elif edit.before is None and edit.change is not None and edit.change.before is not None:
            # Saved while the store opened: only now is it known what it replaced.
            edit.before = MarkState.of(edit.change.before)
            edit.kind = "relabel"
        if isinstance(failure, store.ConflictError):
            error: str | None = _conflict_text(failure, edit)
        else:
            error = None if failure is None else str(failure)
        if error is not None or not handle.answered.done():  # not already said saved
            self._last = (edit, error)
        self._count(article_id)
        if article_id not in self._shown:
            if not labels.pending:
                self._labels.pop(article_id, None)  # read afresh when it is opened again
            self._broadcast(CountsReady)  # the library shows this article's progress
        self._update_status()
        requester.post_message(
            EditSaved(article_id, edit, error, conflict=isinstance(failure, store.ConflictError))
        )
        if not handle.answered.done():
            handle.answered.set_result(error)

    # -- counts and the save state --------------------------------------------------------

    def _count(self, article_id: str) -> None:
        labels = self._labels.get(article_id)
        if labels is not None and labels.loaded:
            self.counts[article_id] = len(labels.labelled("sentence", self.target))

    @property
    def writable(self) -> bool:
        """Whether labels can be saved (not a read-only or unreadable file)."""
        return not self.config.read_only and self.store_problem is None

    @property
    def pending(self) -> int:
        """Writes on their way to the disk."""
        return len(self._pending)

    def _update_status(self) -> None:
        if self._pending:
            waiting = list(self._pending.values())
            if len(waiting) == 1:
                edit = waiting[0]
                text = f"{edit.kind} {edit.label} pending…"
            else:
                text = f"{len(waiting)} pending…"
            if self._waiting is not None:
                text += f" {self._waiting}"
            self.status = SaveStatus(text, "italic $text-warning")
        elif self._last is not None:
            edit, error = self._last
            if error is not None:
                self.status = SaveStatus(f"NOT saved: {error}", "bold $text-error")
            else:
                self.status = SaveStatus(f"{edit.kind} {edit.label} saved ✓", "$text-success")
        elif self.store_problem is not None:
            self.status = SaveStatus(
                f"labels will not be saved: {self.store_problem}", "$text-error"
            )

    # -- other sessions --------------------------------------------------------------------

    def poll(self) -> None:
        """Look for labels other sessions saved; changed articles are re-read and a
        `LabelsChanged` goes to every listening screen. Cheap when nothing changed."""
        if not self.lanes.started:
            return
        self._show_waiting()
        if self._polling:
            return
        self._polling = True
        shown = dict(self._shown)
        target = self.target

        def look(db: AnnotationStore) -> _PollResult:  # counts for `target`, as it was
            db.refresh(wait=False)
            changes = db.take_external_changes()
            if not changes:
                return _PollResult(changes, {}, {})
            ids = None if changes.everything else changes.article_ids
            counts = db.labelled_counts(article_ids=ids, target=target)
            snapshots: dict[str, Snapshot] = {}
            for article_id, article in shown.items():
                if changes.touches(article_id):
                    generation, found = db.snapshot(article_id)
                    anchored = self._anchors.anchored(article_id, article.text, found)
                    snapshots[article_id] = (generation, anchored)
            return _PollResult(changes, counts, snapshots)

        future = self.lanes.read(look)
        self.lanes.when_done(future, partial(self._polled, target))

    def _polled(self, target: str | None, future: Future[_PollResult]) -> None:
        self._polling = False
        if future.exception() is not None:
            return
        result = future.result()
        changes = result.changes
        if not changes:
            return
        if target != self.target:
            pass  # counted for a target no longer current: a new count is on its way
        elif changes.everything:
            self.counts = dict(result.counts)
        else:
            for article_id in changes.article_ids:
                self.counts[article_id] = result.counts.get(article_id, 0)
        for article_id, snapshot in result.snapshots.items():
            self.labels_of(article_id).accept(*snapshot)
        for article_id in self._shown:
            self._count(article_id)  # the store's count, with this session's pending writes
        self._broadcast(lambda: LabelsChanged(changes.article_ids, changes.everything))

    def _show_waiting(self) -> None:
        """While saves are pending, say who holds the lock they wait for, and how long
        they have waited (the store never gives up: the save completes when the holder
        lets go). Screens showing a pending article redraw their status line."""
        opened = self.lanes.store
        ready = opened.done() and opened.exception() is None
        busy = opened.result().busy if ready and self._pending else None
        waiting = None
        if busy is not None:
            waited = round(time.time() - busy.waiting_since)
            waiting = f"waiting {waited} s for {busy.holder()}, which holds the lock"
        if waiting == self._waiting:
            return
        self._waiting = waiting
        self._update_status()
        articles = frozenset(edit.slot.article_id for edit in self._pending.values())
        self._broadcast(lambda: LabelsChanged(articles, everything=False))

    # -- review ---------------------------------------------------------------------------

    def read_all(self, requester: MessagePump) -> None:
        """Read everyone's labels for review or statistics (an `AllLabelsRead` follows)."""
        self.start_store()
        future = self.lanes.read(lambda db: db.annotations())

        def done(finished: Future[list[Annotation]]) -> None:
            error = finished.exception()
            found = finished.result() if error is None else []
            requester.post_message(AllLabelsRead(found, None if error is None else str(error)))

        self.lanes.when_done(future, done)

    def decide(self, disagreement: Disagreement, label: str, requester: MessagePump) -> None:
        """Store a reviewer's final label for a disagreed unit (a `DecisionSaved` follows).

        It is this annotator's decision as a reviewer (`<name>/gold`, flagged
        adjudicated): their own label as an annotator stays as it is.
        """
        self.start_store()
        some = next(iter(disagreement.labels.values()))
        draft = store.LabelDraft(
            store.Slot(some.article_id, some.unit, some.start, some.end, some.target),
            label,
            some.text,
            some.prefix,
            some.suffix,
            some.speaker,
        )
        reviewer = store.reviewer_name(self.annotator)
        _ticket, future = self.lanes.write(
            lambda db: db.set_label(draft, annotator=reviewer, flags=("adjudicated",))
        )

        def done(finished: Future[Change]) -> None:
            error = finished.exception()
            decision = finished.result().after if error is None else None
            requester.post_message(DecisionSaved(decision, None if error is None else str(error)))

        self.lanes.when_done(future, done)

    # -- export ---------------------------------------------------------------------------

    def export_target(self, fmt: str) -> Path:
        """Beside the annotation file (annotations.jsonl, annotations.prodigy.jsonl…),
        never the annotation file itself (a `--db labels.jsonl`)."""
        db = self.config.db
        suffix = _EXPORT_SUFFIXES.get(fmt, f".{fmt}.jsonl")
        target = db.with_name(db.stem + suffix)
        return db.with_name(f"{db.stem}.export{suffix}") if target == db else target

    def export(self, fmt: str, requester: MessagePump) -> Path:
        """Export every label through the writer (so it sees every label saved so
        far); an `ExportDone` follows. Returns where it goes."""
        self.start_store()
        target = self.export_target(fmt)
        _ticket, future = self.lanes.write(lambda db: store.write_export_file(db, fmt, target))

        def done(finished: Future[int]) -> None:
            error = finished.exception()
            count = finished.result() if error is None else 0
            requester.post_message(ExportDone(target, count, None if error is None else str(error)))

        self.lanes.when_done(future, done)
        return target


def short_words(text: str, limit: int = 60) -> str:
    """`text` on one line, cut at a word with "…" when longer than `limit`."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0] or words[: limit - 1]
    return cut + "…"


def _conflict_text(conflict: store.ConflictError, edit: Edit) -> str:
    """Why an undo or redo was refused, for the annotator (no file path, no jargon)."""
    now = conflict.current
    state = f"it is {now.label} there now" if now is not None else "it was removed there"
    return (
        f"“{short_words(edit.text)}” was changed in another session since ({state}); "
        "left as that session made it"
    )


def _set_label(
    db: AnnotationStore,
    *,
    draft: store.LabelDraft,
    article: store.ArticleInfo,
    flags: tuple[str, ...] | None,
) -> Change:
    """The ordinary write of a label key."""
    return db.set_label(draft, article=article, flags=flags)


def _revert(edit: Edit, history: list[Edit]) -> Callable[[AnnotationStore], Change]:
    """The job that takes `edit` back, once its own write has run.

    Putting a label back gives it a new time stamp; the other edits of the
    history that left the label as it was put back now expect that one, so
    that undoing twice in a row on one statement is not taken for a change
    made by another session.
    """

    def job(db: AnnotationStore) -> Change:
        change = edit.change
        if change is None:
            raise store.StoreError("that edit was never saved, so there is nothing to take back")
        result = db.revert(change)
        if change.before is not None and result.after is not None:
            for other in history:
                if other.change is not None and other.change.after == change.before:
                    other.change = replace(other.change, after=result.after)
        return result

    return job
