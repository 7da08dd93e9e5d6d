"""The reader: one article, a cursor on one statement, one key to label it.

A label key shows the label at once (pending), queues the write on the app's
ordered writer and moves on; the label turns to saved when it is on disk.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType

from tui.clipboard import citation, copy_text
from tui.screens.reader_base import ReaderBase, edit_ranges
from tui.screens.reader_keys import READER_BINDINGS, label_bindings
from tui.undo import AnnotationRef, Edit, MarkState
from tui.widgets.raw_view import RawView


class ReaderScreen(ReaderBase):
    """Read one article and label its statements, quotes or any span of words."""

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    def __init__(self, article_id: str) -> None:
        super().__init__(article_id)
        # Label keys come from the scheme, so they are bound per screen, listed first
        # so the footer shows them first.
        merged: dict[str, list[Binding]] = {}
        for binding in label_bindings(self.mapp.config.scheme):
            merged.setdefault(binding.key, []).append(binding)
        for key, bindings in self._bindings.key_to_bindings.items():
            merged.setdefault(key, []).extend(bindings)
        self._bindings.key_to_bindings = merged

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys need an article; span keys only mean something during a span.

        Over the raw dump the cursor is hidden: the keys that move it or edit
        at it are shown dimmed and do nothing, so no label lands unseen.
        """
        if action in {"back", "toggle_raw", "article"}:
            return True
        if self._view is None:
            return False
        if self._raw is not None:
            return None
        if action == "extend_span":
            return self.span_words is not None
        return True

    def action_move(self, delta: int) -> None:
        """Cursor to the next or previous unit (or grow/shrink the span)."""
        if self.span_words is not None:
            self.action_extend_span(delta)
            return
        self._set_cursor(self.cursor + delta)

    def action_edge(self, index: int) -> None:
        """Cursor to the first or last unit."""
        self._set_cursor(index if index >= 0 else len(self._ranges()) - 1)

    def action_goto(self, offset: int) -> None:
        """Cursor to the sentence holding a text offset (a mouse click)."""
        if self.units is None:
            return
        self.span_words = None
        self.unit = "sentence"
        self._set_cursor(self.units.nearest("sentence", offset))

    def action_unlabelled(self, direction: int) -> None:
        """Jump to the next (or previous) unit that has no label yet."""
        ranges = self._ranges()
        done = self.marks.labelled_spans(self.unit)
        index = self.cursor + direction
        while 0 <= index < len(ranges):
            if ranges[index] not in done:
                self._set_cursor(index)
                return
            index += direction
        self.notify("Every statement that way is labelled; > opens the next article.", timeout=3)

    def action_article(self, step: int) -> None:
        """Open the next (or previous) article in the library's order, in place of this one."""
        order = self.mapp.article_order
        if self.article_id not in order:
            return
        index = order.index(self.article_id) + step
        if not 0 <= index < len(order):
            self.notify("No more articles that way.", timeout=2)
            return
        self.app.switch_screen(ReaderScreen(order[index]))

    async def action_label(self, name: str) -> None:
        """Label the unit (or span) under the cursor, save it, and move on."""
        current = self._current_range()
        if current is None or self.units is None:
            return
        start, end = current
        text = self.article.text
        unit = "span" if self.span_words is not None else self.unit
        existing = None if unit == "span" else self.marks.find(unit, start, end)
        if existing is not None:
            if existing.state.label != name:
                after = replace(existing.state, label=name)
                edit = Edit(self.article_id, existing.ref, existing.state, after, "relabel")
                await self._edit(edit, redraw=False)
        else:
            from store.anchoring import context_of

            prefix, suffix = context_of(text, start, end)
            state = MarkState(
                unit,
                start,
                end,
                name,
                text[start:end],
                prefix,
                suffix,
                self.units.speaker_of(start, end),
            )
            await self._edit(
                Edit(self.article_id, AnnotationRef(), None, state, "label"), redraw=False
            )
        if self.span_words is not None:
            self.span_words = None
            self._after_change(current)
        else:
            self._set_cursor(self.cursor + 1)

    async def _edit(self, edit: Edit, record: bool = True, redraw: bool = True) -> None:
        """Queue an edit on the writer, give it a frame to be durable, then draw it."""
        ticket = self.mapp.submit_edit(edit, record=record)
        await self.mapp.wait_saved(edit, ticket)
        if not redraw:  # the caller moves the cursor, which redraws the same text
            return
        if self._view is not None and edit.article_id == self.article_id:
            self._view.redraw(edit_ranges(edit))
        self._show_panel()
        self._show_status()

    async def action_remove_label(self) -> None:
        """Remove the label under the cursor."""
        mark = self._current_mark()
        if mark is None:
            self.notify("No label here to remove.", timeout=2)
            return
        await self._edit(Edit(self.article_id, mark.ref, mark.state, None, "remove"))

    async def _replay(self, edit: Edit | None, what: str) -> None:
        if edit is None:
            self.notify(f"Nothing to {what}.", timeout=2)
            return
        await self._edit(edit, record=False)
        state = edit.after or edit.before
        if (
            edit.article_id == self.article_id
            and state is not None
            and self.units
            and state.unit in ("sentence", "quote")
            and self.span_words is None
        ):
            self.unit = state.unit
            ranges = self._ranges()
            if (state.start, state.end) in ranges:
                self._set_cursor(ranges.index((state.start, state.end)))

    async def action_undo(self) -> None:
        """Undo the last label, removal or note (in any article)."""
        await self._replay(self.mapp.undo_stack.undo(), "undo")

    async def action_redo(self) -> None:
        """Redo what undo took back."""
        await self._replay(self.mapp.undo_stack.redo(), "redo")

    def action_note(self) -> None:
        """Write a note on the label under the cursor."""
        from tui.screens.note import NoteScreen

        mark = self._current_mark()
        if mark is None:
            self.notify("Label this statement first, then add a note.", timeout=3)
            return

        def done(note: str | None) -> None:
            if note is None or mark is None:
                return
            after = replace(mark.state, note=note.strip() or None)
            if after != mark.state:
                self.call_later(
                    self._edit, Edit(self.article_id, mark.ref, mark.state, after, "note")
                )

        self.app.push_screen(NoteScreen(mark.state.note or "", mark.state.text), done)

    def action_toggle_unit(self) -> None:
        """Switch the cursor between sentences and quotes."""
        if self.units is None:
            return
        if self.unit == "sentence" and not self.units.quotes:
            self.notify("No quotes in this article.", timeout=2)
            return
        current = self._current_range()
        self.span_words = None
        self.unit = "quote" if self.unit == "sentence" else "sentence"
        self.cursor = self.units.nearest(self.unit, current[0] if current else 0)
        self._after_change(current)

    def action_start_span(self) -> None:
        """Start (or cancel) a span at the first word of the cursor's unit."""
        if self.units is None or not self.units.words:
            return
        current = self._current_range()
        if self.span_words is not None:
            self.span_words = None
        elif current is not None:
            first = self.units.first_word(current[0])
            self.span_words = (first, first)
            self.notify("Span: . or shift+→ adds a word, a label key labels it.", timeout=3)
        self._after_change(current)

    def action_extend_span(self, delta: int) -> None:
        """Grow or shrink the span by one word, within the statement it starts in."""
        if self.span_words is None or self.units is None:
            return
        old = self._current_range()
        first, last = self.span_words
        statement_end = self.units.of(self.unit)[self.cursor][1]
        last = max(first, min(self.units.last_word(statement_end), last + delta))
        self.span_words = (first, last)
        self._after_change(old)

    def action_copy(self) -> None:
        """Copy the unit under the cursor with speaker, title, source and date."""
        current = self._current_range()
        if current is None or self.units is None:
            return
        article = self.article
        text = citation(
            article.text[current[0] : current[1]],
            speaker=self.units.speaker_of(*current),
            title=article.title,
            source=article.source,
            date=article.date or article.date_text,
        )
        copy_text(self.app, text, local=self.mapp.config.local_clipboard)
        self.notify("Copied with citation.", timeout=2)

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

    async def action_back(self) -> None:
        """Cancel a span, close the raw view, or go back to the library."""
        if self.span_words is not None:
            old = self._current_range()
            self.span_words = None
            self._after_change(old)
        elif self._raw is not None:
            await self.action_toggle_raw()
        else:
            self.dismiss()
