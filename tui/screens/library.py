"""The library: every article of the corpus with its progress; search, filter, sort.

The corpus is opened on a thread worker; progress and the result come back as
messages, so the screen is drawn at once and stays responsive while it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, ProgressBar, Select, Static

from tui.widgets.article_table import ArticleTable

STATUS_FILTERS = [
    ("All", "all"),
    ("Unlabelled", "unlabelled"),
    ("In progress", "started"),
    ("Done", "done"),
]
SORTS = [("By date", "date"), ("By title", "title"), ("By progress", "progress")]
ALL_SOURCES = "*"

if TYPE_CHECKING:
    from tui.app import MarginaliaApp


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
        """More articles found while the corpus opens; `corpus` is set on the last batch."""

        def __init__(self, entries: tuple[Any, ...], done: int, total: int, corpus: Any) -> None:
            super().__init__()
            self.entries = entries
            self.done = done
            self.total = total
            self.corpus = corpus

    class LoadFailed(Message):
        """The corpus could not be opened at all."""

        def __init__(self, error: BaseException) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Any] = []
        self._haystacks: list[str] = []

    def compose(self) -> ComposeResult:
        """Search bar with filters, a progress bar while loading, the list, a status line."""
        with Horizontal(id="library-bar"):
            yield Input(placeholder="Search titles and sources  ( / )", id="search")
            yield Select(STATUS_FILTERS, value="all", allow_blank=False, id="status-filter")
            yield Select(
                [("All sources", ALL_SOURCES)],
                value=ALL_SOURCES,
                allow_blank=False,
                id="source-filter",
            )
            yield Select(SORTS, value="date", allow_blank=False, id="sort")
        with Horizontal(id="loading"):
            yield Static("Opening articles…", id="loading-text")
            yield ProgressBar(id="loading-bar", show_eta=False)
        yield ArticleTable(id="articles")
        yield Static("", id="library-status")
        yield Footer()

    def on_mount(self) -> None:
        """Start loading unless the app already holds the corpus."""
        self.query_one(ArticleTable).focus()
        if self.mapp.corpus is not None:
            self._show_corpus(self.mapp.corpus)
        else:
            self._load_corpus()

    @work(thread=True, exit_on_error=False, group="corpus")
    def _load_corpus(self) -> None:
        """Scan the corpus off the UI thread; each batch of entries comes back as a message."""
        from store.corpus import Corpus

        config = self.mapp.config
        try:
            for batch in Corpus.scan(config.corpus, config.cache_dir):
                self.post_message(self.Batch(batch.entries, batch.done, batch.total, batch.corpus))
        except Exception as exc:
            self.post_message(self.LoadFailed(exc))

    def on_library_screen_batch(self, message: Batch) -> None:
        """Add the new entries to the list and move the progress bar."""
        if message.corpus is not None:
            self.mapp.corpus = message.corpus
            self._show_corpus(message.corpus)
            problems = list(message.corpus.problems)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                self.notify(f"{problems[0]}{more}", title="Skipped", severity="warning")
            return
        self.query_one("#loading-bar", ProgressBar).update(
            total=max(1, message.total), progress=message.done
        )
        self.query_one("#loading-text", Static).update(
            f"Opening articles… {message.done:,}/{message.total:,}"
        )
        if message.entries:
            self._add_entries(message.entries)
            self.refresh_rows()

    def on_library_screen_load_failed(self, message: LoadFailed) -> None:
        """Say in one line why the corpus could not be opened."""
        self.query_one("#loading-text", Static).update(f"Cannot open articles: {message.error}")
        self.query_one("#loading-bar").display = False

    def _add_entries(self, entries: Any) -> None:
        self._entries.extend(entries)
        self._haystacks.extend(
            f"{e.title or ''} {e.source or ''} {e.date or e.date_text or ''}".casefold()
            for e in entries
        )

    def _show_corpus(self, corpus: Any) -> None:
        self.query_one("#loading").display = False
        self._entries, self._haystacks = [], []
        self._add_entries(corpus.entries)
        sources = sorted({e.source for e in self._entries if e.source})
        self.query_one("#source-filter", Select).set_options(
            [("All sources", ALL_SOURCES), *((s, s) for s in sources)]
        )
        self.query_one("#source-filter", Select).value = ALL_SOURCES
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Apply search, filter and sort to the entries and show the result."""
        labelled: dict[str, int] = self.mapp.labelled
        words = self.query_one("#search", Input).value.casefold().split()
        status = self.query_one("#status-filter", Select).value
        source = self.query_one("#source-filter", Select).value
        rows = []
        for entry, hay in zip(self._entries, self._haystacks, strict=True):
            if words and not all(w in hay for w in words):
                continue
            if source != ALL_SOURCES and entry.source != source:
                continue
            if status != "all":
                done, total = labelled.get(entry.id, 0), entry.statement_count
                state = "unlabelled" if done == 0 else "done" if done >= total else "started"
                if state != status:
                    continue
            rows.append(entry)
        sort = self.query_one("#sort", Select).value
        if sort == "title":
            rows.sort(key=lambda e: (e.title or "").casefold())
        elif sort == "progress":
            rows.sort(key=lambda e: labelled.get(e.id, 0) / max(1, e.statement_count), reverse=True)
        else:
            rows.sort(key=lambda e: e.date or "", reverse=True)
        self.query_one(ArticleTable).set_rows(rows, labelled)
        config = self.mapp.config
        self.query_one("#library-status", Static).update(
            f"{len(rows):,} of {len(self._entries):,} articles · {config.annotator}"
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
    @on(Select.Changed)
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
        """Back to the list."""
        self.query_one(ArticleTable).focus()

    def _cycle(self, select_id: str) -> None:
        select: Select[Any] = self.query_one(select_id, Select)
        values = [value for _label, value in select._options if value is not Select.BLANK]
        if values:
            select.value = values[(values.index(select.value) + 1) % len(values)]

    def action_cycle_filter(self) -> None:
        """Next progress filter."""
        self._cycle("#status-filter")

    def action_cycle_source(self) -> None:
        """Next source."""
        self._cycle("#source-filter")

    def action_cycle_sort(self) -> None:
        """Next sort order."""
        self._cycle("#sort")
