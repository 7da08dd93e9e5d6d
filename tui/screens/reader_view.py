"""The reader's state and drawing: the article, the cursor, the panel and the status line.

`ReaderView` holds what the cursor is on and redraws what changed;
`tui.screens.reader.ReaderScreen` adds the keys and what they do. The labels
drawn, the side panel and the counts all come from the session, which is
answered by the store: the screen keeps no copy of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import MountError
from textual.widgets import Static
from textual.worker import get_current_worker

from store import Article, Slot, Unit
from tui.screens.reader_find import FindBar
from tui.screens.reader_units import ArticleUnits
from tui.session import (
    ArticleLabels,
    ArticleLoaded,
    LabelsChanged,
    LabelsRead,
    Mark,
    Session,
    StoreFailed,
    StoreOpened,
)
from tui.typeahead import HoldingScreen
from tui.widgets.article_view import ArticleView, Highlight
from tui.widgets.key_footer import KeyFooter
from tui.widgets.raw_view import RawView
from tui.widgets.side_panel import SchemeLegend, StatementPanel
from tui.widgets.status_line import StatusLine


class ReaderView(HoldingScreen):
    """One article on screen with a cursor on a sentence, a quote or a span of words.

    Keys typed before the article is drawn and its labels are read are held
    (`HoldingScreen`) and applied, in order, once they are.
    """

    def __init__(self, session: Session, article_id: str) -> None:
        """The reader of one article; it is read and parsed once the screen mounts."""
        super().__init__()
        self.session = session
        self.article_id = article_id
        session.read_last = article_id
        self.article: Article | None = None
        self.units: ArticleUnits | None = None
        self.unit: Unit = "sentence"
        self.cursor = 0
        self.span: tuple[int, int] | None = None
        """The span being selected (text offsets), or None."""
        self._view: ArticleView | None = None
        self._find_bar: FindBar | None = None
        """The open find bar: `finding` is asked for every key's binding at every
        refresh, and searching the screen's widgets for it took a millisecond each."""
        self._raw: RawView | None = None
        self._find_words = ""
        """The words of the last find, offered again by the next `/`."""

    # -- layout and loading -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Article (or raw dump) on the left, the statement panel on the right."""
        with Horizontal(id="reader-body"):
            with Vertical(id="article-pane"):
                yield Static("Opening article…", id="reader-loading")
            with Vertical(id="side-panel"):
                yield StatementPanel()
                yield SchemeLegend()
        yield StatusLine(id="status-line")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read the article off the UI thread."""
        self.session.listen(self)
        self.session.start_store()
        self._load_article()
        self._show_status()

    def on_unmount(self) -> None:
        """Stop listening; keep where the cursor was."""
        self.session.stop_listening(self)
        self.session.close_article(self.article_id)

    @property
    def labels(self) -> ArticleLabels:
        """This article's labels as shown (from the session, shared with undo)."""
        return self.session.labels_of(self.article_id)

    @work(thread=True, exit_on_error=False, group="article")
    def _load_article(self) -> None:
        """Read the article; one listed while the corpus is still opening waits for it."""
        worker = get_current_worker()
        if not self.session.corpus_loader.done.is_set():
            self.app.call_from_thread(
                self.query_one("#reader-loading", Static).update,
                "Opening article… (the corpus is still being read)",
            )
        try:
            corpus = self.session.wait_for_corpus(lambda: worker.is_cancelled)
            article = corpus.article(self.article_id)
        except Exception as exc:
            if not worker.is_cancelled:
                self.post_message(ArticleLoaded(None, str(exc)))
        else:
            self.post_message(ArticleLoaded(article, None))

    async def on_article_loaded(self, message: ArticleLoaded) -> None:
        """Show the article, then ask the session for its labels."""
        article = message.article
        if article is None:
            self.query_one("#reader-loading", Static).update(
                f"Cannot open this article: {message.error}"
            )
            self.become_ready()  # the keys held for it may still go back (Esc)
            return
        self.article = article
        self.units = ArticleUnits(article)
        last = self.session.user_state.position(self.article_id)
        self.cursor = max(0, min(last, len(article.statements) - 1))
        self._view = ArticleView(article, self.session.scheme, self._marks_to_draw, id="article")
        self._view.highlight = Highlight(cursor=self._current_range())
        await self.query_one("#reader-loading").remove()
        try:
            await self.query_one("#article-pane").mount(self._view)
        except MountError:  # the app quit (or the reader closed) meanwhile
            return
        self._view.focus()
        self.session.open_article(article, self)
        self._after_change()
        if self.session.saves_early:
            self.become_ready()  # label keys are saved at once while the labels load

    def _marks_to_draw(self) -> tuple[Sequence[Mark], Sequence[Mark]]:
        """The labels drawn in the text: this annotator's (and, when shown, the
        others') for the current target."""
        target = self.session.target
        mine = [m for m in self.labels.mine() if m.slot.target == target]
        if not self.session.show_others:
            return mine, []
        return mine, [m for m in self.labels.others() if m.slot.target == target]

    def on_labels_read(self, message: LabelsRead) -> None:
        """The stored labels are in: draw them; keys held meanwhile can now act."""
        if message.article_id != self.article_id:
            return
        if message.error is not None:
            self.notify(f"Cannot read labels: {message.error}", severity="error", timeout=10)
        if message.moved or message.orphaned:
            self._say_reanchored(message.moved, message.orphaned)
        self._redraw_all()
        self.become_ready()

    def _say_reanchored(self, moved: int, orphaned: int) -> None:
        """The article's text changed since it was labelled: say what became of the labels."""
        said = [f"{moved} found again where the text moved or changed"] if moved else []
        if orphaned:
            said.append(f"{orphaned} whose text is gone (kept in the file, not shown)")
        self.notify(
            "; ".join(said), title="This article's text changed", severity="warning", timeout=10
        )

    def on_labels_changed(self, message: LabelsChanged) -> None:
        """Another session saved labels: redraw if they are this article's."""
        if message.touches(self.article_id):
            self._redraw_all()

    def on_store_opened(self, message: StoreOpened) -> None:
        """The status line may now say the file is read-only; the label keys dim."""
        self._show_status()
        self.refresh_bindings()

    def on_store_failed(self, message: StoreFailed) -> None:
        """The status line says labels will not be saved; the label keys dim."""
        self._show_status()
        self.refresh_bindings()

    def on_resize(self) -> None:
        """A new size wraps the text anew: keep the cursor on screen."""
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        current = self._current_range()
        if self._view is not None and current is not None:
            self._view.scroll_to_range(*current)

    @on(ArticleView.StatementClicked)
    def _statement_clicked(self, message: ArticleView.StatementClicked) -> None:
        if self.units is None or self._raw is not None:
            return
        self.span = None
        self.unit = "sentence"
        self._set_cursor(self.units.nearest("sentence", message.offset))

    # -- what the cursor is on ------------------------------------------------------------

    def _ranges(self) -> list[tuple[int, int]]:
        return self.units.of(self.unit) if self.units else []

    def _current_range(self) -> tuple[int, int] | None:
        if self.span is not None:
            return self.span
        ranges = self._ranges()
        return ranges[self.cursor] if 0 <= self.cursor < len(ranges) else None

    def _current_slot(self) -> Slot | None:
        current = self._current_range()
        if current is None:
            return None
        unit: Unit = "span" if self.span is not None else self.unit
        return Slot(self.article_id, unit, current[0], current[1], self.session.target)

    def _current_mark(self) -> Mark | None:
        """The label under the cursor: on the unit itself, else one inside it."""
        slot = self._current_slot()
        if slot is None or self.span is not None:
            return None
        mark = self.labels.find(slot)
        if mark is None:  # a span or quote label inside the sentence still counts
            found = [
                m
                for m in self.labels.overlapping(slot.start, slot.end)
                if m.slot.target == slot.target
            ]
            mark = found[-1] if found else None
        return mark

    def _by_target(self) -> list[tuple[str, Mark | None]]:
        """The unit's label for every target of the project (none when it has none)."""
        slot = self._current_slot()
        if slot is None or self.span is not None:
            return []
        return [
            (target.name, self.labels.find(replace(slot, target=target.name)))
            for target in self.session.project.targets
        ]

    def _redraw_all(self) -> None:
        if self._view is not None:
            self._view.redraw()
        self._show_panel()
        self._show_status()

    def _after_change(self, old: tuple[int, int] | None = None) -> None:
        """Redraw cursor and panel after the cursor or the marks moved."""
        if self._view is None:
            return
        current = self._current_range()
        in_span = self.span is not None
        self._view.highlight = replace(
            self._view.highlight,
            cursor=None if in_span else current,
            span=current if in_span else None,
        )
        self._view.redraw([r for r in (old, current) if r is not None])
        if current is not None:
            self._view.scroll_to_range(*current)
        self._show_panel()
        self._show_status()

    def _show_panel(self) -> None:
        if self.units is None or self.article is None:
            return
        current = self._current_range()
        panel = self.query_one(StatementPanel)
        scheme = self.session.scheme
        self.query_one(SchemeLegend).show(scheme)
        colours = self._view.colours if self._view else {}
        if current is None:
            panel.show(
                unit=self.unit,
                position="(none in this article)",
                text="",
                quotes=[],
                colours=colours,
                mark=None,
                others=None,
                scheme=scheme,
                target=self.session.target,
                by_target=[],
            )
            return
        unit = "span" if self.span is not None else self.unit
        position = "" if unit == "span" else f"{self.cursor + 1}/{len(self._ranges())}"
        others = None
        target = self.session.target
        if self.session.show_others:
            others = [
                m
                for m in self.labels.others()
                if m.start < current[1] and m.end > current[0] and m.slot.target == target
            ]
        panel.show(
            unit=unit,
            position=position,
            text=self.article.text[current[0] : current[1]],
            quotes=self.units.quotes_in(*current),
            colours=colours,
            mark=self._current_mark(),
            others=others,
            scheme=scheme,
            target=target,
            by_target=self._by_target(),
        )

    def _show_status(self) -> None:
        session = self.session
        config = session.config
        shown = " · others shown" if session.show_others else ""
        target = f" · for {session.target}" if session.target is not None else ""
        self.query_one(StatusLine).show(
            annotator=config.annotator + target + shown,
            labels=config.labels_display,
            db=config.db_display,
            save=session.status.text,
            save_style=session.status.style,
        )

    def _set_cursor(self, index: int) -> None:
        ranges = self._ranges()
        if not ranges:
            return
        old = self._current_range()
        self.cursor = max(0, min(len(ranges) - 1, index))
        if self.unit == "sentence":
            self.session.user_state.set_position(self.article_id, self.cursor)
        self._after_change(old)

    # -- finding words ----------------------------------------------------------------------

    @property
    def finding(self) -> bool:
        """Whether the find bar is open (keys then go to it)."""
        return self._find_bar is not None and self._find_bar.is_attached

    async def action_find(self) -> None:
        """Open the find bar under the article, with the last words found."""
        if self._view is None or self.article is None or self.finding:
            return
        current = self._current_range()
        bar = FindBar(self.article.text, current[0] if current else 0, self._find_words)
        # Awaited, and focused at once: the letters typed right after `/` go into it.
        await self.query_one("#article-pane").mount(bar)
        self._find_bar = bar
        self.set_focus(bar)

    def on_find_bar_moved(self, message: FindBar.Moved) -> None:
        """Highlight the hits and put the cursor on the unit of the current one."""
        if self._view is None:
            return
        hit = message.hits[message.current] if message.current is not None else None
        self._view.highlight = replace(self._view.highlight, found=tuple(message.hits), current=hit)
        self._view.redraw()
        if hit is None:
            return
        self.span = None
        index = next((i for i, (a, b) in enumerate(self._ranges()) if a <= hit[0] < b), None)
        if index is not None:
            self._set_cursor(index)
        self._view.scroll_to_range(*hit)

    def close_find(self) -> None:
        """Close the find bar and its highlights; the cursor stays where the find left it."""
        if self._find_bar is not None:
            self._find_words = self._find_bar.value
            self._find_bar.remove()
            self._find_bar = None
        if self._view is not None:
            self._view.highlight = replace(self._view.highlight, found=(), current=None)
            self._view.redraw()
            self._view.focus()
