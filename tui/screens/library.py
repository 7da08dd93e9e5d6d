"""The library: every article of the corpus with its progress; search, filter, sort.

The corpus is opened on a thread worker; progress and the result come back as
messages, so the screen is drawn at once and stays responsive while it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Static

from store.text.dates import month_day
from tui.widgets.article_table import ArticleTable, progress_state
from tui.widgets.choice_chip import ChoiceChip

STATUS_FILTERS = [
    ("all", "all"),
    ("unlabelled", "unlabelled"),
    ("in progress", "started"),
    ("done", "done"),
]
SORTS = [("date", "date"), ("title", "title"), ("progress", "progress")]
ALL_SOURCES = "*"
NO_SOURCE = ""
"""The source filter's value for articles whose page names no publisher."""

if TYPE_CHECKING:
    from store.corpus import ArticleEntry
    from tui.app import MarginaliaApp


def _by_date(entry: ArticleEntry) -> tuple[str, tuple[int, int]]:
    """Sort key, for newest first: full dates, then dates without a year in
    calendar order (the year is never guessed), then articles with no date."""
    if entry.date:
        return entry.date, (0, 0)
    return "", month_day(entry.date_text) or (0, 0)


class LibraryScreen(Screen[None]):
    """List the articles; Enter opens the reader on the one under the cursor."""

    @property
    def mapp(self) -> MarginaliaApp:
        """The running app, typed."""
        return cast("MarginaliaApp", self.app)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            id="library.search",
            tooltip="Type to search titles and sources",
        ),
        Binding(
            "f",
            "cycle_filter",
            "Filter",
            id="library.filter",
            tooltip="All, unlabelled, in progress, done",
        ),
        Binding(
            "o", "cycle_source", "Source", id="library.source", tooltip="Show one source at a time"
        ),
        Binding(
            "s", "cycle_sort", "Sort", id="library.sort", tooltip="Sort by date, title or progress"
        ),
        Binding(
            "escape",
            "leave_search",
            "List",
            show=False,
            id="library.list",
            tooltip="Back from the search box to the list",
        ),
    ]

    class Batch(Message):
        """More articles found while the corpus opens: one `store.corpus.ScanBatch`
        (its `corpus` is set on the last batch, `preview` on a first list taken from
        the cache index before any file is checked)."""

        def __init__(self, batch: Any) -> None:
            super().__init__()
            self.batch = batch

    class LoadFailed(Message):
        """The corpus could not be opened at all."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Any] = []
        self._haystacks: list[str] = []
        self._previewed = False
        """True once a reopen's list from the cache index is on screen."""

    def compose(self) -> ComposeResult:
        """Search bar with filters, a progress bar while loading, the list, a status line."""
        with Horizontal(id="library-bar"):
            yield Input(placeholder="/ search titles and sources", id="search", compact=True)
            yield ChoiceChip(
                "Show", STATUS_FILTERS, id="status-filter", tooltip="f or click: which progress"
            )
            yield ChoiceChip(
                "Source", [("all", ALL_SOURCES)], id="source-filter", tooltip="o or click: source"
            )
            yield ChoiceChip("Sort", SORTS, id="sort", tooltip="s or click: sort order")
        with Horizontal(id="loading"):
            yield Static("Opening articles…", id="loading-text")
        yield ArticleTable(id="articles")
        yield Static("", id="library-status")

    def on_mount(self) -> None:
        """Start loading unless the app already holds the corpus."""
        # The footer (a widget per key) is mounted after the first frame: the
        # article list is what the first frame is for.
        self.call_after_refresh(self._mount_footer)
        self.query_one(ArticleTable).focus()
        if self.mapp.corpus is not None:
            self._show_entries(self.mapp.corpus.entries)
        else:
            self._load_corpus()

    def _load_corpus(self) -> None:
        """Take the batches of the app's corpus scan (started when the app was built)."""

        def deliver(batch: Any, error: BaseException | None) -> None:
            # Runs on the scanning thread (or here for buffered batches):
            # post_message is thread-safe.
            if error is not None:
                self.post_message(self.LoadFailed(error))
            else:
                self.post_message(self.Batch(batch))

        self.mapp.corpus_loader.attach(deliver)

    def on_library_screen_batch(self, message: Batch) -> None:
        """Add the new entries to the list and move the progress bar."""
        batch = message.batch
        if batch.corpus is not None:
            # Open the annotation file once the list is on screen: reading a big one
            # takes CPU that the corpus scan and the first frames should not share.
            self.call_after_refresh(self.mapp.start_store)
            self.mapp.corpus = batch.corpus
            self.mapp.corpus_done.set()
            self._show_entries(batch.corpus.entries)
            problems = list(batch.corpus.problems)
            if problems:
                more = f" (and {len(problems) - 1} more: see F1)" if len(problems) > 1 else ""
                self.notify(f"{problems[0]}{more}", title="Skipped", severity="warning")
            return
        if batch.preview:
            # A reopen: show what the index remembers now; the checked corpus replaces it.
            self._previewed = True
            self._show_entries(batch.entries)
            return
        if self._previewed:
            return  # the list is on screen; wait quietly for the checked corpus
        if batch.total and batch.done < batch.total:
            self._progress_bar().update(total=batch.total, progress=batch.done)
        self.query_one("#loading-text", Static).update(
            f"Opening articles… {batch.done:,}/{batch.total:,}"
        )
        if batch.entries:
            self._add_entries(batch.entries)
            self.refresh_rows()

    def on_library_screen_load_failed(self, message: LoadFailed) -> None:
        """Say in one line why the corpus could not be opened."""
        self.mapp.corpus_done.set()
        self.mapp.start_store()
        self.query_one("#loading-text", Static).update(f"Cannot open articles: {message.error}")
        for bar in self.query(ProgressBar):
            bar.display = False

    def _progress_bar(self) -> ProgressBar:
        """The loading progress bar, mounted only when a scan takes a while (cold open)."""
        found = self.query(ProgressBar)
        if found:
            return found.first()
        bar = ProgressBar(id="loading-bar", show_eta=False)
        self.query_one("#loading").mount(bar)
        return bar

    def _add_entries(self, entries: Any) -> None:
        self._entries.extend(entries)
        self._haystacks.extend(
            f"{e.title or ''} {e.source or ''} {e.date or e.date_text or ''}".casefold()
            for e in entries
        )

    def _mount_footer(self) -> None:
        if self.is_attached:  # not when the app quit during the first frame
            self.mount(Footer())

    def _show_entries(self, entries: Any) -> None:
        """Replace the whole list (a preview, then the checked corpus)."""
        self.query_one("#loading").display = False
        self._entries, self._haystacks = [], []
        self._add_entries(entries)
        sources = sorted({e.source for e in self._entries if e.source})
        unnamed = [("no source", NO_SOURCE)] if any(not e.source for e in self._entries) else []
        self.query_one("#source-filter", ChoiceChip).set_options(
            [("all", ALL_SOURCES), *((s, s) for s in sources), *unnamed]
        )
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Apply search, filter and sort to the entries and show the result."""
        labelled: dict[str, int] = self.mapp.labelled
        words = self.query_one("#search", Input).value.casefold().split()
        status = self.query_one("#status-filter", ChoiceChip).value
        source = self.query_one("#source-filter", ChoiceChip).value
        rows: list[Any]
        if not words and status == "all" and source == ALL_SOURCES:
            rows = list(self._entries)  # the common case, 10,000 rows: no per-row test
        else:
            rows = []
            for entry, hay in zip(self._entries, self._haystacks, strict=True):
                if words and not all(w in hay for w in words):
                    continue
                if source != ALL_SOURCES and (entry.source or NO_SOURCE) != source:
                    continue
                if status != "all":
                    done = labelled.get(entry.id, 0)
                    if progress_state(done, entry.statement_count) != status:
                        continue
                rows.append(entry)
        sort = self.query_one("#sort", ChoiceChip).value
        if sort == "title":
            rows.sort(key=lambda e: (e.title or "").casefold())
        elif sort == "progress":
            rows.sort(key=lambda e: labelled.get(e.id, 0) / max(1, e.statement_count), reverse=True)
        else:
            rows.sort(key=_by_date, reverse=True)
        self.query_one(ArticleTable).set_rows(rows, labelled)
        self.mapp.article_order = [entry.id for entry in rows]
        config = self.mapp.config
        none = (
            " match: Esc clears the search, f and o the filters"
            if self._entries and not rows
            else ""
        )
        self.query_one("#library-status", Static).update(
            f"{len(rows):,} of {len(self._entries):,} articles{none} · {config.annotator}"
            f" · {config.db_display}"
        )

    def writer_done(self, message: Any) -> None:
        """Labels changed somewhere (or the first count arrived): redraw progress."""
        if message.tag == "counts" and self._entries:
            self.refresh_rows()

    def on_screen_resume(self) -> None:
        """Back from the reader: progress may have changed."""
        if self._entries:
            self.refresh_rows()

    @on(Input.Changed, "#search")
    @on(ChoiceChip.Changed)
    def _view_changed(self) -> None:
        if self._entries:
            self.refresh_rows()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        table = self.query_one(ArticleTable)
        table.focus()
        table.action_select()

    def on_article_table_selected(self, message: ArticleTable.Selected) -> None:
        """Open the reader on the chosen article."""
        from tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen(message.entry.id))

    def action_search(self) -> None:
        """Focus the search box."""
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Clear the search and go back to the list."""
        self.query_one("#search", Input).value = ""
        self.query_one(ArticleTable).focus()

    def _cycle(self, chip_id: str) -> None:
        self.query_one(chip_id, ChoiceChip).cycle()

    def action_cycle_filter(self) -> None:
        """Next progress filter."""
        self._cycle("#status-filter")

    def action_cycle_source(self) -> None:
        """Next source."""
        self._cycle("#source-filter")

    def action_cycle_sort(self) -> None:
        """Next sort order."""
        self._cycle("#sort")
