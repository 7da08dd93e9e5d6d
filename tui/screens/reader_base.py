"""The reader's state and drawing: the article, the cursor, the panel and status line.

`ReaderBase` holds what the cursor is on and redraws what changed;
`tui.screens.reader.ReaderScreen` adds the keys and what they do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from tui.screens.reader_units import ArticleUnits
from tui.undo import Edit, Mark
from tui.widgets.article_view import ArticleView, Highlight
from tui.widgets.raw_view import RawView
from tui.widgets.side_panel import StatementPanel
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import MarginaliaApp


class ReaderBase(Screen[None]):
    """One article on screen with a cursor on a sentence, a quote or a span of words."""

    @property
    def mapp(self) -> MarginaliaApp:
        """The running app, typed."""
        return cast("MarginaliaApp", self.app)

    class ArticleLoaded(Message):
        """The article has been read and parsed (or could not be)."""

        def __init__(self, article: Any, error: BaseException | None) -> None:
            super().__init__()
            self.article = article
            self.error = error

    def __init__(self, article_id: str) -> None:
        super().__init__()
        self.article_id = article_id
        self.article: Any = None
        self.units: ArticleUnits | None = None
        self.unit = "sentence"
        self.cursor = 0
        self.span_words: tuple[int, int] | None = None
        self._view: ArticleView | None = None
        self._raw: RawView | None = None
        self.ready = False
        """True once the article is shown and its stored labels are read."""

    # -- layout and loading -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Article (or raw dump) on the left, the statement panel on the right."""
        with Horizontal(id="reader-body"):
            with Vertical(id="article-pane"):
                yield Static("Opening article…", id="reader-loading")
            yield StatementPanel(id="side-panel")
        yield StatusLine(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        """Read the article off the UI thread."""
        self.mapp.start_store()
        self._load_article()
        self._show_status()

    @work(thread=True, exit_on_error=False)
    def _load_article(self) -> None:
        """Read the article; an article listed while the corpus is still opening waits."""
        if not self.mapp.corpus_done.is_set():
            self.app.call_from_thread(
                self.query_one("#reader-loading", Static).update,
                "Opening article… (the corpus is still being read)",
            )
            worker = get_current_worker()
            while not self.mapp.corpus_done.wait(0.1):
                if worker.is_cancelled:  # the reader was closed, or the app quit
                    return
        try:
            if self.mapp.corpus is None:
                raise LookupError("the articles could not be opened")
            article = self.mapp.corpus.article(self.article_id)
        except Exception as exc:
            self.post_message(self.ArticleLoaded(None, exc))
        else:
            self.post_message(self.ArticleLoaded(article, None))

    async def on_reader_base_article_loaded(self, message: ArticleLoaded) -> None:
        """Show the article, then ask the store for its (re-anchored) annotations."""
        if message.error is not None:
            self.query_one("#reader-loading", Static).update(
                f"Cannot open this article: {message.error}"
            )
            return
        article = self.article = message.article
        self.units = ArticleUnits(article)
        last = self.mapp.reading_positions.get(self.article_id, 0)
        self.cursor = max(0, min(last, len(article.statements) - 1))
        self._view = ArticleView(article, self.mapp.config.scheme, id="article")
        self._view.marks = self.marks
        self._view.highlight = Highlight(cursor=self._current_range())
        await self.query_one("#reader-loading").remove()
        await self.query_one("#article-pane").mount(self._view)
        self._view.focus()

        annotator = self.mapp.config.annotator

        def read(store: Any) -> Any:
            store.remember_article(article)
            # Each annotator labels on their own: another's labels are theirs to change.
            return [a for a in store.annotations_for(article) if a.annotator == annotator]

        self.mapp.writer.submit(read, tag=("read", self.article_id))
        self._after_change()

    @property
    def marks(self) -> Any:
        """This article's annotations as shown (shared with the app for undo)."""
        return self.mapp.marks_for(self.article_id)

    def writer_done(self, message: Any) -> None:
        """A store job finished: fresh annotations to show, or a label now durable."""
        tag = message.tag
        if not isinstance(tag, tuple) or self._view is None:
            return
        if tag[0] == "read" and tag[1] == self.article_id:
            self.ready = True
            if message.error is not None:
                self.notify(f"Cannot read labels: {message.error}", severity="error")
                return
            self.marks.load(list(message.result), message.ticket)
            self.mapp.count_labelled(self.article_id)
            self._view.redraw()
            self._show_panel()
        elif tag[0] == "edit" and tag[1].article_id == self.article_id and message.changed:
            edit: Edit = tag[1]
            self._view.redraw(edit_ranges(edit))
            self._show_panel()
        self._show_status()

    # -- what the cursor is on ------------------------------------------------------------

    def _ranges(self) -> list[tuple[int, int]]:
        return self.units.of(self.unit) if self.units else []

    def _current_range(self) -> tuple[int, int] | None:
        if self.span_words is not None and self.units is not None:
            first, last = self.span_words
            return self.units.words[first][0], self.units.words[last][1]
        ranges = self._ranges()
        return ranges[self.cursor] if 0 <= self.cursor < len(ranges) else None

    def _current_mark(self) -> Mark | None:
        current = self._current_range()
        if current is None or self.span_words is not None:
            return None
        mark = self.marks.find(self.unit, *current)
        if mark is None:  # a span or quote label inside the sentence still counts
            found = self.marks.overlapping(*current)
            mark = found[-1] if found else None
        return mark

    def _after_change(self, old: tuple[int, int] | None = None) -> None:
        """Redraw cursor and panel after the cursor or the marks moved."""
        if self._view is None:
            return
        current = self._current_range()
        in_span = self.span_words is not None
        self._view.highlight = Highlight(
            cursor=None if in_span else current, span=current if in_span else None
        )
        self._view.redraw([r for r in (old, current) if r is not None])
        if current is not None:
            self._view.scroll_to_range(*current)
        self._show_panel()
        self._show_status()

    def _show_panel(self) -> None:
        if self.units is None:
            return
        current = self._current_range()
        ranges = self._ranges()
        panel = self.query_one(StatementPanel)
        if current is None:
            panel.show(
                unit=self.unit,
                position="(none in this article)",
                text="",
                quotes=[],
                colours={},
                mark=None,
                scheme=self.mapp.config.scheme,
            )
            return
        unit = "span" if self.span_words is not None else self.unit
        position = "" if unit == "span" else f"{self.cursor + 1}/{len(ranges)}"
        panel.show(
            unit=unit,
            position=position,
            text=self.article.text[current[0] : current[1]],
            quotes=self.units.quotes_in(*current),
            colours=self._view.colours if self._view else {},
            mark=self._current_mark(),
            scheme=self.mapp.config.scheme,
        )

    def _show_status(self) -> None:
        config = self.mapp.config
        save, style = self.mapp.last_save
        self.query_one(StatusLine).show(
            annotator=config.annotator,
            labels=config.labels_display,
            db=config.db_display,
            save=save,
            save_style=style,
        )

    def _set_cursor(self, index: int) -> None:
        ranges = self._ranges()
        if not ranges:
            return
        old = self._current_range()
        self.cursor = max(0, min(len(ranges) - 1, index))
        if self.unit == "sentence":
            self.mapp.reading_positions[self.article_id] = self.cursor
        self._after_change(old)


def edit_ranges(edit: Edit) -> list[tuple[int, int]]:
    """The text ranges an edit touches (to redraw them)."""
    return [(s.start, s.end) for s in (edit.before, edit.after) if s is not None]
