"""The library: every article of the corpus with its progress; search, filter, sort.

The corpus opens on the session's thread; its batches come here as messages,
so the screen is drawn at once and stays responsive while it loads. Search,
filters and sort are a `store.LibraryQuery` over a `store.LibraryIndex`; the
progress counts are the session's, which equal what is on disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input, ProgressBar, Static

from store import NO_SOURCE, LibraryIndex, LibraryQuery
from tui.screens.bound import priority_binding
from tui.screens.library_search import FullTextLine
from tui.session import (
    CorpusBatch,
    CorpusFailed,
    CountsReady,
    LabelsChanged,
    Session,
    StoreOpened,
)
from tui.typeahead import HoldingScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.choice_chip import ChoiceChip
from tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:  # the corpus is loaded on its own thread, not for the first frame
    from store import ArticleEntry, Progress, ScanBatch, SortOrder

STATUS_FILTERS = [
    ("all", "all"),
    ("unlabelled", "unlabelled"),
    ("in progress", "started"),
    ("done", "done"),
]
SORTS = [("date", "date"), ("title", "title"), ("progress", "progress")]
ALL_SOURCES = "*"
"""The source filter's value for every source."""

_b = partial(priority_binding, "library")
_FILL_SECONDS = 0.5
"""How often a list filling during a cold open is redrawn."""


def _duration(seconds: float) -> str:
    """A time left as a person says it: "about 40 s", "about 3 min"."""
    if seconds < 90:
        return f"about {max(1, round(seconds))} s"
    return f"about {round(seconds / 60)} min"


class LibraryScreen(HoldingScreen):
    """List the articles; Enter opens the reader on the one under the cursor.

    Keys typed before the first articles are listed wait for them (`HoldingScreen`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("slash", "search", "Search", "search", "Type to search titles, text, source:, date:"),
        _b("f", "cycle_filter", "Show", "filter", "All, unlabelled, in progress, done"),
        _b("o", "cycle_source", "Source", "source", "Show one source at a time"),
        _b("s", "cycle_sort", "Sort", "sort", "Sort by date, title or progress"),
        # Enter opens the reader the moment it arrives, so label keys typed right
        # after it go to the reader (type-ahead), not the list.
        _b("enter", "open", "Open", "open", "Open the article under the cursor"),
        _b("escape", "leave_search", "List", "list", "Back from the search box to the list",
           show=False),
        _b("t", "next_target", "Target", "next_target",
           "Count progress for the next target (and label for it)"),
        _b("a", "cycle_share", "Mine/all", "share",
           "The articles the project gives you, or every article"),
        _b("R", "review", "Review", "review",
           "Disagreements between annotators, and the final labels"),
        _b("S", "statistics", "Stats", "statistics", "Progress, labels per target, agreement"),
        # The list's own keys, bound here at the screen as well: they then work the
        # moment the library is back on top, before focus returns to the list (Esc,
        # j, Enter typed in one burst open the next article).
        _b("down,j", "list('cursor_down')", "Down", "down", "Next article", show=False),
        _b("up,k", "list('cursor_up')", "Up", "up", "Previous article", show=False),
        _b("pagedown", "list('page_down')", "Page down", "page_down", "One screen down",
           show=False),
        _b("pageup", "list('page_up')", "Page up", "page_up", "One screen up", show=False),
        _b("home,g", "list('first')", "First", "first", "First article", show=False),
        _b("end,G", "list('last')", "Last", "last", "Last article", show=False),
    ]  # fmt: skip
    """Priority bindings, so that keys typed in a burst are run in the order typed;
    the letter keys give way to the search box while it has the focus."""
    TYPED = frozenset(
        {"search", "cycle_filter", "cycle_source", "cycle_sort"}
        | {"review", "statistics", "cycle_share", "next_target"}
        | {"cursor_down", "cursor_up", "first", "last"}
    )
    """Actions whose keys the search box has while it has the focus (letters, arrows,
    Home and End); Enter still opens the first match, Esc leaves the box."""

    def __init__(self, session: Session) -> None:
        """The library of the session's corpus."""
        super().__init__()
        self.session = session
        self.index = LibraryIndex()
        self._shares: frozenset[str] | None = None
        """This annotator's share of the articles, worked out once per list."""
        self._previewed = False
        """True once a reopen's list from the cache index is on screen."""
        self._first_page_of: int | None = None
        """While only the listing's first page is shown: how many articles it lists."""
        self._hits: tuple[str, frozenset[str]] | None = None
        """The full-text index's answer, and the search text it answers."""
        self._checked = False
        """True once the list is the checked corpus's (every file looked at)."""
        self._filled_at = -_FILL_SECONDS
        """When a cold open's progress and growing list were last drawn (`time.monotonic`)."""
        self._paced = False
        """Whether the time left has been shown (the first estimate is shown at once)."""

    def compose(self) -> ComposeResult:
        """Search bar with filters, a progress bar while loading, the list, a status line."""
        with Horizontal(id="library-bar"):
            yield Input(
                placeholder='/ search: words, "a phrase", source:tass, date:2024-03',
                id="search",
                compact=True,
            )
            yield ChoiceChip(
                "Show", STATUS_FILTERS, id="status-filter", tooltip="f or click: which progress"
            )
            yield ChoiceChip(
                "Source", [("all", ALL_SOURCES)], id="source-filter", tooltip="o or click: source"
            )
            yield ChoiceChip("Sort", SORTS, id="sort", tooltip="s or click: sort order")
            if self._team():
                yield ChoiceChip(
                    "For",
                    [(self.session.annotator, "mine"), ("everyone", "all")],
                    id="share",
                    tooltip="a or click: the articles this project gives you, or all",
                )
        with Horizontal(id="loading"):
            yield Static("Opening articles…", id="loading-text")
        yield ArticleTable(id="articles")
        yield FullTextLine(id="search-hit")
        yield Static("", id="library-status")

    def on_mount(self) -> None:
        """Take the corpus's batches (the scan started with the session)."""
        # The footer (a widget per key) is mounted after the first frame: the
        # article list is what the first frame is for.
        self.call_after_refresh(self._mount_footer)
        self.set_focus(self.query_one(ArticleTable))
        self.session.listen(self)
        loader = self.session.corpus_loader
        mounting = threading.get_ident()

        def deliver(batch: ScanBatch | None, error: BaseException | None) -> None:
            # Batches found before this screen existed are replayed here, now, so
            # that the first frame already shows the list; later ones come from the
            # scanning thread (post_message is thread-safe).
            message = CorpusBatch(batch) if batch is not None else CorpusFailed(str(error))
            if threading.get_ident() != mounting:
                self.post_message(message)
            elif isinstance(message, CorpusBatch):
                self.on_corpus_batch(message)
            else:
                self.on_corpus_failed(message)

        loader.attach(deliver)

    def on_unmount(self) -> None:
        """No more news for a closed screen."""
        self.session.stop_listening(self)

    async def _mount_footer(self) -> None:
        if self.is_attached:  # not when the app quit during the first frame
            await self.mount(KeyFooter())
            self.refresh_bindings()  # a footer shows keys once told they changed

    # -- the corpus arriving -----------------------------------------------------------

    def on_corpus_batch(self, message: CorpusBatch) -> None:
        """Add the new entries to the list and move the progress bar."""
        batch = message.batch
        if batch.corpus is not None:
            # Open the annotation file once the list is on screen: reading a big one
            # takes CPU that the corpus scan and the first frames should not share.
            self.call_after_refresh(self.session.start_store)
            self.call_after_refresh(self.session.preload_parser)
            self._checked = True
            self._show_entries(batch.corpus.entries)
            # The full-text index is checked (and brought up to date) once the list
            # is drawn: its thread would take CPU from the first frame.
            cache_dir = self.session.corpus_loader.cache_dir
            self.call_after_refresh(self.query_one(FullTextLine).start, batch.corpus, cache_dir)
            problems = list(batch.corpus.problems)
            if problems:
                more = f" (and {len(problems) - 1} more: see F1)" if len(problems) > 1 else ""
                self.notify(f"{problems[0]}{more}", title="Skipped", severity="warning")
            return
        if batch.preview:
            # A reopen: show what the index remembers now (first its first page, when
            # the list is long); the checked corpus replaces it.
            self._previewed = True
            self._first_page_of = batch.total if batch.total > len(batch.entries) else None
            self._show_entries(batch.entries)
            return
        if self._previewed:
            return  # the list is on screen; wait quietly for the checked corpus
        if batch.entries:
            self.index.extend(batch.entries)
            self._shares = None
        # Drawn twice a second, not at every batch: each redraw lays the whole screen
        # out again, on the thread that takes the workers' results (3x slower).
        now = time.monotonic()
        first_pace = batch.time_left is not None and not self._paced
        if now - self._filled_at < _FILL_SECONDS and not first_pace:
            return
        self._filled_at, self._paced = now, self._paced or first_pace
        if batch.total and batch.done < batch.total:
            self._move_progress_bar(batch.total, batch.done)
        left = "" if batch.time_left is None else f" · {_duration(batch.time_left)} left"
        self.query_one("#loading-text", Static).update(
            f"Opening articles… {batch.done:,} of {batch.total:,} pages{left}"
        )
        if len(self.index):
            self.refresh_rows()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        """Say in one line why the corpus could not be opened."""
        self.session.start_store()
        self.become_ready()
        self.query_one("#loading-text", Static).update(f"Cannot open articles: {message.error}")
        for bar in self.query(ProgressBar):
            bar.display = False

    def _move_progress_bar(self, total: int, done: int) -> None:
        """Move the loading bar, mounted only when a scan takes a while (cold open)."""
        found = self.query(ProgressBar)
        if found:
            found.first().update(total=total, progress=done)
            return
        loading = self.query_one("#loading")
        if not loading.is_attached:
            return  # the app quit while the corpus was still arriving
        bar = ProgressBar(id="loading-bar", show_eta=False)
        loading.mount(bar)
        bar.update(total=total, progress=done)

    def _show_entries(self, entries: Sequence[ArticleEntry]) -> None:
        """Replace the whole list (a preview, then the checked corpus)."""
        self.query_one("#loading").display = False
        if entries is self.index.entries:
            # The checked corpus is the very list the preview showed (every file as the
            # listing says): only the status line changes, not 50,000 rows.
            self._show_status(len(self.query_one(ArticleTable).rows))
            return
        self.index = LibraryIndex(entries)
        self._shares = None
        options = [
            ("no source", NO_SOURCE) if source == NO_SOURCE else (source, source)
            for source in self.index.sources()
        ]
        self.query_one("#source-filter", ChoiceChip).set_options([("all", ALL_SOURCES), *options])
        self.refresh_rows()

    # -- what is shown -----------------------------------------------------------------

    def _team(self) -> bool:
        """Whether the project shares the articles out and this annotator has a share."""
        project = self.session.project
        return project.overlap is not None and self.session.annotator in project.annotators

    def _mine(self) -> frozenset[str] | None:
        """The articles the project gives this annotator (None: every article)."""
        if not self._team() or self.query_one("#share", ChoiceChip).value != "mine":
            return None
        if self._shares is None:
            who, project = self.session.annotator, self.session.project
            self._shares = frozenset(
                e.id for e in self.index.entries if who in project.assigned(e.id)
            )
        return self._shares

    def current_query(self) -> LibraryQuery:
        """The search, filters and sort as the bar at the top shows them."""
        source = self.query_one("#source-filter", ChoiceChip).value
        text = self.query_one("#search", Input).value
        return LibraryQuery(
            text=text,
            hits=self._hits[1] if self._hits and self._hits[0] == text else None,
            progress=cast("Progress", self.query_one("#status-filter", ChoiceChip).value),
            source=None if source == ALL_SOURCES else source,
            sort=cast("SortOrder", self.query_one("#sort", ChoiceChip).value),
            only=self._mine(),
        )

    def refresh_rows(self) -> None:
        """Apply search, filter and sort to the entries and show the result."""
        counts = self.session.counts
        rows = self.index.query(self.current_query(), counts)
        self.query_one(ArticleTable).set_rows(rows, counts)
        if len(self.index):
            self.become_ready()
        self._show_status(len(rows))

    def _show_status(self, shown: int) -> None:
        """The status line: articles shown and listed, target, annotator, file."""
        config = self.session.config
        none = (
            " match: Esc clears the search, f and o the filters"
            if len(self.index) and not shown
            else ""
        )
        read_only = "" if self.session.writable else " (read-only)"
        target = self.session.target
        progress = f" · progress for {target}" if target is not None else ""
        checking = " (checking the files…)" if self._previewed and not self._checked else ""
        listed = len(self.index)
        if self._first_page_of is not None and not self._checked:
            listed, checking = self._first_page_of, " (reading the list…)"
        self.query_one("#library-status", Static).update(
            f"{shown:,} of {listed:,} articles{checking}{none}{progress} · "
            f"{config.annotator} · {config.db_display}{read_only}"
        )

    def on_counts_ready(self, message: CountsReady) -> None:
        """The label counts are known: show progress."""
        if len(self.index):
            self.refresh_rows()

    def on_store_opened(self, message: StoreOpened) -> None:
        """A read-only file is named so on the status line."""
        if len(self.index):
            self.refresh_rows()

    def on_labels_changed(self, message: LabelsChanged) -> None:
        """Another session saved labels: progress may have changed."""
        if len(self.index):
            self.refresh_rows()

    def on_screen_resume(self) -> None:
        """Back from the reader: progress may have changed, and the cursor goes to the
        article read last."""
        if len(self.index):
            self.refresh_rows()
        self._follow_reader()
        if not isinstance(self.focused, Input):
            self.set_focus(self.query_one(ArticleTable))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        """Titles match at once; the articles' text once the index answers (`Hits`)."""
        self.query_one(FullTextLine).search(event.value)
        self._view_changed()

    def on_full_text_line_hits(self, message: FullTextLine.Hits) -> None:
        """The full-text index answered: show its articles too, if the search is unchanged."""
        if message.text == self.query_one("#search", Input).value:
            self._hits = (message.text, message.ids)
            self._view_changed()

    def on_article_table_cursor_moved(self, message: ArticleTable.CursorMoved) -> None:
        """Show where the search words are in the article under the cursor."""
        self.query_one(FullTextLine).show_hit(message.entry.id if message.entry else None)

    @on(ChoiceChip.Changed)
    def _view_changed(self) -> None:
        if len(self.index):
            self.refresh_rows()

    # -- opening and keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter keys are the search box's while it has the focus; a is for teams."""
        if action == "cycle_share" and not self._team():
            return False
        if action == "next_target" and not self.session.project.targets:
            return False
        if action == "list":
            action = str(parameters[0])
        return not (action in self.TYPED and isinstance(self.focused, Input))

    def action_open(self) -> None:
        """Open the reader on the article under the cursor (from the list or the search)."""
        self._follow_reader()
        table = self.query_one(ArticleTable)
        if table.current is not None:
            self.set_focus(table)
            self.open_article(table.current.id)

    def on_article_table_selected(self, message: ArticleTable.Selected) -> None:
        """A double click on a row opens it."""
        self.open_article(message.entry.id)

    def open_article(self, article_id: str) -> None:
        """Open an article; `>` and `<` then follow the list as it is now shown."""
        # Imported here: the reader and its widgets are not needed for the first frame.
        from tui.screens.reader import open_reader

        self.session.article_order = [entry.id for entry in self.query_one(ArticleTable).rows]
        self.app.push_screen(open_reader(self.session, article_id))

    def action_review(self) -> None:
        """The disagreements between annotators, to decide the final labels."""
        from tui.screens.review import open_review

        self.app.push_screen(open_review(self.session))

    def action_statistics(self) -> None:
        """Progress, labels per target and agreement."""
        from tui.screens.statistics import StatisticsScreen

        self.app.push_screen(StatisticsScreen(self.session))

    def action_search(self) -> None:
        """Focus the search box, at once: the letters typed right after go into it."""
        self.set_focus(self.query_one("#search", Input))

    def action_leave_search(self) -> None:
        """Clear the search and go back to the list."""
        self.query_one("#search", Input).value = ""
        self.set_focus(self.query_one(ArticleTable))

    def _follow_reader(self) -> None:
        """Put the cursor on the article the reader showed last, once.

        Done by the first of the screen's resume and the list's keys: keys typed
        in a burst after Esc run before the resume arrives.
        """
        read_last, self.session.read_last = self.session.read_last, None
        if read_last is not None:
            self.query_one(ArticleTable).move_to_article(read_last)

    def action_list(self, action: str) -> None:
        """Run one of the list's own cursor keys (an `ArticleTable` action)."""
        self._follow_reader()
        getattr(self.query_one(ArticleTable), f"action_{action}")()

    def _cycle(self, chip_id: str) -> None:
        self.query_one(chip_id, ChoiceChip).cycle()

    def action_cycle_filter(self) -> None:
        """Next progress filter."""
        self._cycle("#status-filter")

    def action_cycle_source(self) -> None:
        """Next source."""
        self._cycle("#source-filter")

    def action_next_target(self) -> None:
        """Count (and label) for the next target of the project."""
        name = self.session.project.target_after(self.session.target)
        if name is not None:
            self.session.set_target(name)
            self.refresh_rows()

    def action_cycle_share(self) -> None:
        """The articles given to this annotator, or every article."""
        if self._team():
            self._cycle("#share")

    def action_cycle_sort(self) -> None:
        """Next sort order."""
        self._cycle("#sort")
