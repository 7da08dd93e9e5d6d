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


class LibraryIndex:
    """A corpus's entries with their search text, queried again at every keystroke."""

    def __init__(self, entries: Iterable[ArticleEntry] = ()) -> None:
        """Index `entries` (more can be added as a corpus opens)."""
        self.entries: list[ArticleEntry] = []
        self._haystacks: list[str] = []
        self._date_order: list[int] | None = None
        """Every row, newest first (worked out when first needed)."""
        self.extend(entries)

    def extend(self, entries: Iterable[ArticleEntry]) -> None:
        """Add entries: title, source and date are what a search looks in."""
        self._date_order = None
        for entry in entries:
            self.entries.append(entry)
            self._haystacks.append(
                f"{entry.title or ''} {entry.source or ''} "
                f"{entry.date or entry.date_text or ''}".casefold()
            )

    def __len__(self) -> int:
        """The number of entries."""
        return len(self.entries)

    def _matching(self, terms: tuple[str, ...], hits: frozenset[str] | None) -> Sequence[int]:
        """The rows whose title, source or date hold every term, or that are `hits`.

        One comprehension per term over the rows still in, rather than a test of
        every term per row: at 50,000 rows that is what keeps typing fluent.
        """
        rows: Sequence[int] = range(len(self._haystacks))
        if not terms:
            return rows
        haystacks = self._haystacks
        for term in terms:
            rows = [i for i in rows if term in haystacks[i]]
        if hits:
            rows = sorted({*rows, *(i for i, e in enumerate(self.entries) if e.id in hits)})
        return rows

    def _newest_first(self, rows: Sequence[int]) -> list[ArticleEntry]:
        """The rows by date, newest first: the whole list's order is worked out once."""
        entries = self.entries
        if len(rows) * 8 < len(entries):  # a few rows: sorting them is cheaper
            return sorted((entries[i] for i in rows), key=_by_date, reverse=True)
        if self._date_order is None:
            by_date = sorted(range(len(entries)), key=lambda i: _by_date(entries[i]), reverse=True)
            self._date_order = by_date
        if len(rows) == len(entries):
            return [entries[i] for i in self._date_order]
        keep = set(rows)
        return [entries[i] for i in self._date_order if i in keep]

    def sources(self) -> list[str]:
        """Every source named, sorted; `NO_SOURCE` last if some article names none."""
        named = sorted({e.source for e in self.entries if e.source})
        return [*named, NO_SOURCE] if any(not e.source for e in self.entries) else named

    def query(self, query: LibraryQuery, counts: Mapping[str, int]) -> list[ArticleEntry]:
        """The entries that match, in the query's order; `counts` are labelled
        statements per article id (progress)."""
        search = parse_search(query.text)
        entries = self.entries
        rows: Sequence[int] = range(len(entries))  # the common case: no per-row test
        if query.filters:
            rows = [
                i
                for i in self._matching(search.terms, query.hits)
                if (query.only is None or entries[i].id in query.only)
                and (not search.filtered or filters_match(entries[i], search))
                and (query.source is None or (entries[i].source or NO_SOURCE) == query.source)
                and (
                    query.progress == "all"
                    or query.progress
                    == progress_state(counts.get(entries[i].id, 0), entries[i].statement_count)
                )
            ]
        if query.sort == "title":
            return sorted((entries[i] for i in rows), key=lambda e: (e.title or "").casefold())
        if query.sort == "progress":
            return sorted(
                (entries[i] for i in rows),
                key=lambda e: counts.get(e.id, 0) / max(1, e.statement_count),
                reverse=True,
            )
        return self._newest_first(rows)
