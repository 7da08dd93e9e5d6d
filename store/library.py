"""The library's search, filter and sort over a corpus's entries, as pure functions.

A screen (or a script) holds a `LibraryIndex` of the entries and asks it a
`LibraryQuery` with the current label counts; the answer is the list of
entries in the order to show them. Nothing here reads files or draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from store.search import filters_match, parse_search
from store.text.dates import month_day, month_day_text

if TYPE_CHECKING:  # the corpus is not loaded for the library's first frame
    from store.corpus import ArticleEntry

Progress = Literal["all", "unlabelled", "started", "done"]
SortOrder = Literal["date", "title", "progress"]
PROGRESS_FILTERS: tuple[Progress, ...] = ("all", "unlabelled", "started", "done")
SORT_ORDERS: tuple[SortOrder, ...] = ("date", "title", "progress")
NO_SOURCE = ""
"""The source filter's value for articles whose page names no publisher."""


def progress_state(done: int, total: int) -> Progress:
    """'unlabelled', 'started' or 'done': how far the labelling of an article is."""
    if not done:
        return "unlabelled"
    return "done" if done >= total else "started"


def short_date(entry: ArticleEntry) -> str:
    """The ISO date; else the month and day of the page's date text, without its
    time ("September 20" of "September 20, 6:19 UTC+3"); else the date text."""
    return entry.date or month_day_text(entry.date_text) or entry.date_text or ""


def _by_date(entry: ArticleEntry) -> tuple[str, tuple[int, int]]:
    """Sort key, for newest first: full dates, then dates without a year in
    calendar order (the year is never guessed), then articles with no date."""
    if entry.date:
        return entry.date, (0, 0)
    return "", month_day(entry.date_text) or (0, 0)


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """What the library shows: a search (words, phrases and filters, see
    `store.search`), a progress and a source filter (None: every source;
    `NO_SOURCE`: articles without one), an order."""

    text: str = ""
    progress: Progress = "all"
    source: str | None = None
    sort: SortOrder = "date"
    only: frozenset[str] | None = None
    """The ids of the articles to show (an annotator's share of a team's); None: all."""
    hits: frozenset[str] | None = None
    """The articles the full-text index found for `text` (their bodies hold the
    words): they match as well as those whose title or source holds them."""

    @property
    def filters(self) -> bool:
        """Whether the query leaves any article out."""
        return (
            bool(self.text.strip())
            or self.progress != "all"
            or self.source is not None
            or self.only is not None
        )


class EntryList(list["ArticleEntry"]):
    """A corpus's entries in corpus order, with what the library works out from them
    kept beside them: sorted orders and the sources.

    A list shared by a reopen's preview and its checked corpus is sorted once,
    and a corpus index can hand over the date order it saved (`orders`), so a
    reopen of 50,000 articles draws its first rows without sorting at all.
    """

    __slots__ = ("date_keys", "orders", "sorted_rows", "source_names")

    def __init__(self, entries: Iterable[ArticleEntry] = ()) -> None:
        """Hold `entries`; nothing is worked out yet."""
        super().__init__(entries)
        self.orders: dict[str, list[int]] = {}
        """Positions of the entries sorted by a key ("date", "title"); worked out on first use."""
        self.sorted_rows: dict[str, list[ArticleEntry]] = {}
        """The entries in those orders, made on first use."""
        self.source_names: list[str] | None = None
        self.date_keys: list[tuple[str, tuple[int, int]]] = []
        """The date sort key of each entry so far (entries are only ever appended)."""

    def forget(self) -> None:
        """Entries were added: what was worked out from them is out of date."""
        self.orders.clear()
        self.sorted_rows.clear()
        self.source_names = None


def source_names(entries: Iterable[ArticleEntry]) -> list[str]:
    """Every source the entries name, sorted; `NO_SOURCE` last if one names none."""
    named = {e.source for e in entries}
    unnamed = None in named or "" in named
    listed = sorted(s for s in named if s)
    return [*listed, NO_SOURCE] if unnamed else listed


def date_order(entries: EntryList) -> list[int]:
    """The positions of `entries` in the library's date order (newest first).

    The keys of entries seen before are kept: a list that grows batch by batch
    while a corpus opens is sorted again at every batch.
    """
    keys = entries.date_keys
    if len(keys) < len(entries):
        keys.extend(map(_by_date, entries[len(keys) :]))
    return sorted(range(len(entries)), key=keys.__getitem__, reverse=True)


class LibraryIndex:
    """A corpus's entries with their search text, queried again at every keystroke.

    Given an `EntryList` it shares it (and what was worked out from it); the
    search text is made on the first search, not before the first frame.
    """

    def __init__(self, entries: Iterable[ArticleEntry] = ()) -> None:
        """Index `entries` (more can be added as a corpus opens)."""
        self.entries = entries if isinstance(entries, EntryList) else EntryList(entries)
        self._shared = isinstance(entries, EntryList)
        self._haystacks: list[str] = []

    def extend(self, entries: Iterable[ArticleEntry]) -> None:
        """Add entries (title, source and date are what a search looks in)."""
        if self._shared:  # never grow a list a corpus (or another index) holds
            self.entries, self._shared = EntryList(self.entries), False
        self.entries.extend(entries)
        self.entries.forget()

    def _search_texts(self) -> list[str]:
        """What a search looks in, one string an entry, made for the entries not yet seen."""
        for entry in self.entries[len(self._haystacks) :]:
            self._haystacks.append(
                f"{entry.title or ''} {entry.source or ''} "
                f"{entry.date or entry.date_text or ''}".casefold()
            )
        return self._haystacks

    def __len__(self) -> int:
        """The number of entries."""
        return len(self.entries)

    def sources(self) -> list[str]:
        """Every source named, sorted; `NO_SOURCE` last if some article names none."""
        entries = self.entries
        if entries.source_names is None:
            entries.source_names = source_names(entries)
        return list(entries.source_names)

    def _order(self, sort: SortOrder) -> list[int]:
        """The positions of the entries in a count-free order ("date", "title"), worked out once."""
        entries = self.entries
        order = entries.orders.get(sort)
        if order is None:
            if sort == "title":
                titles = [(e.title or "").casefold() for e in entries]
                order = sorted(range(len(entries)), key=titles.__getitem__)
            else:
                order = date_order(entries)
            entries.orders[sort] = order
        return order

    def query(self, query: LibraryQuery, counts: Mapping[str, int]) -> list[ArticleEntry]:
        """The entries that match, in the query's order; `counts` are labelled
        statements per article id (progress)."""
        entries = self.entries
        by_counts = query.sort == "progress"
        order: Sequence[int] = range(len(entries)) if by_counts else self._order(query.sort)
        if not query.filters:
            # The common case, 50,000 rows: no per-row test, and no sort but the first.
            if by_counts:
                return self._by_progress(list(entries), counts)
            rows = entries.sorted_rows.get(query.sort)
            if rows is None:
                rows = entries.sorted_rows[query.sort] = [entries[i] for i in order]
            return list(rows)  # a copy: the caller may sort or change it
        search = parse_search(query.text)
        kept = [
            entries[i]
            for i in self._matching(order, search.terms, query.hits)
            if (query.only is None or entries[i].id in query.only)
            and (not search.filtered or filters_match(entries[i], search))
            and (query.source is None or (entries[i].source or NO_SOURCE) == query.source)
            and (
                query.progress == "all"
                or query.progress
                == progress_state(counts.get(entries[i].id, 0), entries[i].statement_count)
            )
        ]
        return self._by_progress(kept, counts) if by_counts else kept

    def _matching(
        self, order: Sequence[int], terms: tuple[str, ...], hits: frozenset[str] | None
    ) -> Sequence[int]:
        """The positions in `order` whose title, source or date hold every term, or
        that are `hits`, still in that order.

        One comprehension per term over the rows still in, rather than a test of
        every term per row: at 50,000 rows that is what keeps typing fluent.
        """
        if not terms:
            return order
        haystacks = self._search_texts()
        rows = order
        for term in terms:
            rows = [i for i in rows if term in haystacks[i]]
        if hits:
            entries = self.entries
            found = set(rows)
            rows = [i for i in order if i in found or entries[i].id in hits]
        return rows

    @staticmethod
    def _by_progress(rows: list[ArticleEntry], counts: Mapping[str, int]) -> list[ArticleEntry]:
        """Most labelled first (by share of statements); corpus order among equals."""
        rows.sort(key=lambda e: counts.get(e.id, 0) / max(1, e.statement_count), reverse=True)
        return rows
