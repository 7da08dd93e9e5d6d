"""The reader: one article, a cursor on one statement, one key to label it.

A label key shows the label at once (pending), hands the write to the
session's ordered writer and moves on; the label turns to saved when it is on
disk. Keys are priority bindings, run in the order they arrive; keys typed
before the article is ready wait for it (`tui.typeahead`).
"""

from __future__ import annotations

import asyncio

from tui.clipboard import citation, copy_text
from tui.screens.bound import with_bindings
from tui.screens.reader_keys import READER_BINDINGS, label_bindings, target_bindings
from tui.screens.reader_view import ReaderView
from tui.session import Edit, EditSaved, Mark, Session, WriteHandle, short_words
from tui.widgets.raw_view import RawView

SKIP = "skip"
"""The label a skipped unit gets: seen, no stance for this target."""
SAVE_WAIT = 0.012
"""How long a key waits for the disk before drawing its label as pending (s):
a label saved within a frame is drawn once, saved, instead of twice."""

ALWAYS = frozenset({"back", "toggle_raw", "article", "toggle_others", "guidelines"})
"""Actions that need no cursor."""
TARGETS = frozenset({"next_target", "pick_target", "set_target"})
"""Actions that only mean something in a project with targets."""
SPAN_ONLY = frozenset({"span_end", "span_start"})
EDITING = frozenset({"label", "remove_label", "undo", "redo", "note", "skip", "flag"})
"""Actions that save: shown dimmed, and doing nothing, when nothing can be saved."""


class ReaderScreen(ReaderView):
    """Read one article and label its statements, quotes or any span of words.

    Built with `open_reader`, which adds the label scheme's keys to the reader's.
    """

    def __init__(self, session: Session, article_id: str) -> None:
        """The reader of one article of the session's corpus."""
        super().__init__(session, article_id)
        self._awaiting: set[Edit] = set()
        """Edits whose key is waiting for them: it draws them, `EditSaved` need not."""
        self._owed: set[Edit] = set()
        """Undos and redos not yet saved: named once they are."""

    # -- which keys work now ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys need an article; span keys only mean something during a span.

        Over the raw dump the cursor is hidden: the keys that move it or edit
        at it are shown dimmed and do nothing, so no label lands unseen.
        """
        if self.finding:  # the keys are the find bar's, but Esc, which closes it
            return action == "back"
        if action in ALWAYS:
            return True
        if action in TARGETS:
            return bool(self.session.project.targets)
        if self._view is None:
            return False
        if action in SPAN_ONLY:
            return self.span is not None and self._raw is None
        if self._raw is not None:
            return None
        if action in EDITING and not self.session.writable:
            return None
        return True

    # -- moving ---------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        """Cursor to the next or previous unit (or move the span's end)."""
        if self.span is not None:
            self.action_span_end(delta)
            return
        self._set_cursor(self.cursor + delta)

    def action_edge(self, index: int) -> None:
        """Cursor to the first or last unit."""
        self.span = None
        self._set_cursor(index if index >= 0 else len(self._ranges()) - 1)

    def action_unlabelled(self, direction: int) -> None:
        """Jump to the next (or previous) unit that has no label yet."""
        ranges = self._ranges()
        done = self.labels.labelled(self.unit, self.session.target)
        index = self.cursor + direction
        while 0 <= index < len(ranges):
            if ranges[index] not in done:
                self._set_cursor(index)
                return
            index += direction
        if direction > 0:
            self.notify("Every statement after this one is labelled; > opens the next article.")
        else:
            self.notify("Every statement before this one is labelled.", timeout=3)

    def action_article(self, step: int) -> None:
        """Open the next (or previous) article in the library's order, in place of this one.

        Where there is none, the keys typed after this one are dropped: they were
        meant for an article that does not come, not for this one.
        """
        order = self.session.article_order
        if self.article_id not in order:
            self.notify("This article is not in the library's list; go back to it (Esc).")
            self.drop_typed_ahead()
            return
        index = order.index(self.article_id) + step
        if not 0 <= index < len(order):
            self.notify("No more articles that way.", timeout=3)
            self.drop_typed_ahead()
            return
        self.app.switch_screen(open_reader(self.session, order[index]))

    # -- labelling --------------------------------------------------------------------------

    async def _wait(self, handle: WriteHandle | None) -> str | None:
        """Give a write one frame to reach the disk, so it is drawn once, saved.

        Returns why it failed, if it was answered in that time and failed.
        """
        if handle is None:
            return None
        self._awaiting.add(handle.edit)
        try:
            await asyncio.wait({handle.answered}, timeout=SAVE_WAIT)
        finally:
            self._awaiting.discard(handle.edit)
        return handle.answered.result() if handle.answered.done() else None

    async def action_label(self, name: str) -> None:
        """Label the unit (or span) under the cursor, save it, and move on."""
        slot = self._current_slot()
        if slot is None or self.article is None or self.units is None:
            return
        speaker = self.units.speaker_of(slot.start, slot.end)
        handle = self.session.label(
            self.article, slot.unit, slot.start, slot.end, name, speaker, self
        )
        await self._wait(handle)
        if self.span is not None:
            old, self.span = self.span, None
            self._after_change(old)
            self.refresh_bindings()
        else:
            self._set_cursor(self.cursor + 1)

    async def action_skip(self) -> None:
        """Skip the unit for this target (it has no stance to give), and move on."""
        await self.action_label(SKIP)

    async def action_flag(self, flag: str) -> None:
        """Mark the label under the cursor unsure, or flag it for review (or undo that).

        Under a cursor with no label (a label key moved it on), the label just
        given is the one meant: `2 ~` marks that label unsure.
        """
        if self.article is None:
            return
        mark = self._mark_or_last_given(flag.capitalize())
        if mark is None or mark.state.label == SKIP:
            self.notify("Label this statement first, then flag it.", timeout=3)
            return
        await self._wait(self.session.toggle_flag(self.article, mark.slot, flag, self))
        self._after_change((mark.start, mark.end))

    def _mark_or_last_given(self, what: str) -> Mark | None:
        """The label under the cursor; under a cursor with no label (a label key moved
        it on), the label just given, said on screen: `2 ~` marks that label unsure,
        `1 n` writes its note."""
        mark = self._current_mark()
        if mark is not None:
            return mark
        slot = self.session.last_labelled(self.article_id)
        mark = self.labels.find(slot) if slot is not None else None
        if mark is not None and mark.state.label != SKIP:
            words = short_words(mark.state.text, 40)
            self.notify(f"{what}: the label just given, on “{words}”", timeout=3)
        return mark

    def action_next_target(self, step: int) -> None:
        """Label for the next (or previous) target of the project."""
        name = self.session.project.target_after(self.session.target, step)
        if name is not None:
            self.action_set_target(name)

    def action_set_target(self, name: str) -> None:
        """Label for target `name` from now on."""
        if self.session.target == name:
            return
        self.session.set_target(name)
        self.notify(f"Labelling for: {name}", timeout=2)
        self._redraw_all()

    def action_pick_target(self) -> None:
        """Choose the target from a list (for projects with many)."""
        from tui.screens.targets import TargetPicker

        def chosen(name: str | None) -> None:
            if name is not None:
                self.action_set_target(name)

        self.app.push_screen(
            TargetPicker(self.session.project.targets, self.session.target), chosen
        )

    def action_guidelines(self) -> None:
        """The project's guidelines, with the labels beside them."""
        from tui.screens.guidelines import GuidelinesScreen

        self.app.push_screen(GuidelinesScreen(self.session))

    async def action_remove_label(self) -> None:
        """Remove the label under the cursor."""
        mark = self._current_mark()
        if mark is None or self.article is None:
            self.notify("No label here to remove.", timeout=2)
            return
        await self._wait(self.session.remove(self.article, mark.slot, self))
        self._after_change((mark.start, mark.end))

    async def action_undo(self) -> None:
        """Undo the last label, removal or note of this article, and say which."""
        if self.article is not None:
            await self._replay(self.session.undo(self.article, self), "undo")

    async def action_redo(self) -> None:
        """Redo what undo took back in this article, and say which."""
        if self.article is not None:
            await self._replay(self.session.redo(self.article, self), "redo")

    async def _replay(self, handle: WriteHandle | None, what: str) -> None:
        """Show an undo or redo: put the cursor on its unit and, once it is saved,
        name what it did (a refusal is named by `EditSaved`)."""
        if handle is None:
            self.notify(f"Nothing to {what} in this article.", timeout=2)
            return
        failed = await self._wait(handle)
        edit = handle.edit
        if handle.answered.done() and failed is None:
            self.notify(_replayed(edit), timeout=3)
        elif not handle.answered.done():
            self._owed.add(edit)  # said when `EditSaved` comes
        slot = edit.slot
        self.span = None
        old = self._current_range()
        if slot.unit in ("sentence", "quote") and self.units is not None:
            self.unit = slot.unit
            ranges = self._ranges()
            if (slot.start, slot.end) in ranges:
                self.cursor = ranges.index((slot.start, slot.end))
        self._after_change(old)
        if self._view is not None:
            self._view.redraw([(slot.start, slot.end)])

    def action_note(self) -> None:
        """Write a note on the label under the cursor (or, as for flags, the one just given)."""
        from tui.screens.note import NoteScreen

        article = self.article
        mark = self._mark_or_last_given("Note") if article is not None else None
        if mark is None or article is None or mark.state.label == SKIP:
            self.notify("Label this statement first, then add a note.", timeout=3)
            return

        def done(note: str | None) -> None:
            if note is not None:
                self.session.set_note(article, mark.slot, note.strip() or None, self)
                self._after_change((mark.start, mark.end))

        self.app.push_screen(NoteScreen(mark.state.note or "", mark.state.text), done)

    def on_edit_saved(self, message: EditSaved) -> None:
        """An edit is on disk (or failed): redraw its unit, unless its key is about to.

        While the key waits for it, nothing is drawn here: a status line drawn a
        moment before the rest would get a frame of its own, and the labelled
        statement would wait for the next one.
        """
        edit = message.edit
        owed = edit in self._owed
        self._owed.discard(edit)
        if message.conflict:
            self.notify(f"Not done: {message.error}", severity="warning", timeout=8)
        elif message.error is not None:
            self.notify(f"Could not save: {message.error}", severity="error", timeout=8)
        elif owed:
            self.notify(_replayed(edit), timeout=3)
        if edit in self._awaiting:
            return
        if message.article_id == self.article_id and self._view is not None:
            self._view.redraw([(edit.slot.start, edit.slot.end)])
            self._show_panel()
        self._show_status()

    # -- units and spans ----------------------------------------------------------------------

    def action_toggle_unit(self) -> None:
        """Switch the cursor between sentences and quotes."""
        if self.units is None:
            return
        if self.unit == "sentence" and not self.units.quotes:
            self.notify("No quotes in this article.", timeout=2)
            return
        current = self._current_range()
        self.span = None
        self.unit = "quote" if self.unit == "sentence" else "sentence"
        self.cursor = self.units.nearest(self.unit, current[0] if current else 0)
        self._after_change(current)

    def action_start_span(self) -> None:
        """Start a span at the first word of the unit under the cursor (or cancel it)."""
        if self.units is None:
            return
        current = self._current_range()
        if self.span is not None:
            self.span = None
        elif current is not None:
            self.span = self.units.first_span(*current)
            self.notify(
                "Span: . or shift+→ moves its end on, , or shift+← back; → and ← move its "
                "start; a label key labels it, Esc cancels.",
                timeout=5,
            )
        self._after_change(current)
        self.refresh_bindings()

    def action_span_end(self, words: int) -> None:
        """Move the span's end by words."""
        if self.span is not None and self.units is not None:
            old = self.span
            self.span = self.units.move_span_end(self.span, words)
            self._after_change(old)

    def action_span_start(self, words: int) -> None:
        """Move the span's start by words."""
        if self.span is not None and self.units is not None:
            old = self.span
            self.span = self.units.move_span_start(self.span, words)
            self._after_change((min(old[0], self.span[0]), max(old[1], self.span[1])))

    # -- the rest ---------------------------------------------------------------------------

    def action_copy(self) -> None:
        """Copy the unit under the cursor with speaker, title, source and date."""
        current = self._current_range()
        article = self.article
        if current is None or self.units is None or article is None:
            return
        text = citation(
            article.text[current[0] : current[1]],
            speaker=self.units.speaker_of(*current),
            title=article.title,
            source=article.source,
            date=article.date or article.date_text,
        )
        copy_text(self.app, text, local=self.session.config.local_clipboard)
        self.notify(f"Copied: {short_words(text, 140)}", timeout=4)

    def action_toggle_others(self) -> None:
        """Show or hide other annotators' labels beside this annotator's."""
        self.session.show_others = not self.session.show_others
        if not self.session.show_others:
            self.notify("Other annotators' labels hidden.", timeout=2)
        elif self.labels.others():
            self.notify("Other annotators' labels shown, dim, with their names.", timeout=3)
        else:
            self.notify("Other annotators' labels shown (none in this article yet).", timeout=3)
        self._redraw_all()

    async def action_toggle_raw(self) -> None:
        """Show or hide the raw dump with the removed lines and their reasons."""
        if self.article is None or self._view is None:
            return
        if self._raw is None:
            self._raw = RawView(self.article, id="raw")
            await self.query_one("#article-pane").mount(self._raw)
            self._view.display = False
            self._raw.focus()
        else:
            await self._raw.remove()
            self._raw = None
            self._view.display = True
            self._view.focus()
        self.refresh_bindings()

    def give_up(self) -> None:
        """Esc while the article takes long to open: back to the library."""
        self.dismiss()

    async def action_back(self) -> None:
        """Close the find bar, cancel a span, close the raw view, or go back to the library."""
        if self.finding:
            self.close_find()
        elif self.span is not None:
            old, self.span = self.span, None
            self._after_change(old)
            self.refresh_bindings()
        elif self._raw is not None:
            await self.action_toggle_raw()
        else:
            self.dismiss()


def _replayed(edit: Edit) -> str:
    """What an undo or redo did, for the annotator: "Undone: label favor — “…”"."""
    done = "Undone" if edit.kind.startswith("undo ") else "Redone"
    return f"{done}: {edit.describe()} — “{short_words(edit.text)}”"


def open_reader(session: Session, article_id: str) -> ReaderScreen:
    """The reader of one article: the scheme's label keys, then the reader's, then the
    targets' (listed in this order in the footer)."""
    bindings = [
        *label_bindings(session.scheme),
        *READER_BINDINGS,
        *target_bindings(session.project.targets),
    ]
    return with_bindings(ReaderScreen, bindings)(session, article_id)
