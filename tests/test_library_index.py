"""The library's index: sorted orders worked out once and shared, search text made on
the first search, and the same answers as sorting and filtering the entries directly."""

from __future__ import annotations

from store.corpus import ArticleEntry
from store.library import EntryList, LibraryIndex, LibraryQuery, progress_state


def entry(n: int, date: str | None, source: str | None, statements: int = 4) -> ArticleEntry:
    """An entry whose title and id carry `n`."""
    return ArticleEntry(
        f"id{n}", f"Report {n:02} on talks", source, date, None, statements, 0, "/c.jsonl", n
    )


ENTRIES = [
    entry(0, "2019-06-02", "TASS"),
    entry(1, None, None),
    entry(2, "2015-05-13", "Reuters"),
    entry(3, "2019-06-02", "Reuters"),
    entry(4, "2017-03-01", None),
]
COUNTS = {"id0": 4, "id3": 1}


def direct(entries: list[ArticleEntry], query: LibraryQuery) -> list[ArticleEntry]:
    """The answer worked out plainly: filter in corpus order, then a stable sort."""
    rows = [
        e
        for e in entries
        if all(
            w in f"{e.title} {e.source or ''} {e.date or ''}".casefold()
            for w in query.text.casefold().split()
        )
        and (query.source is None or (e.source or "") == query.source)
        and query.progress in ("all", progress_state(COUNTS.get(e.id, 0), e.statement_count))
    ]
    if query.sort == "title":
        return sorted(rows, key=lambda e: e.title.casefold())
    if query.sort == "progress":
        return sorted(rows, key=lambda e: COUNTS.get(e.id, 0) / e.statement_count, reverse=True)
    return sorted(rows, key=lambda e: e.date or "", reverse=True)


def test_answers_match_the_plain_computation_as_the_list_grows() -> None:
    index = LibraryIndex(ENTRIES[:2])
    queries = [
        LibraryQuery(sort=sort, text=text, source=source, progress=progress)
        for sort in ("date", "title", "progress")
        for text in ("", "talks", "reuters 2019")
        for source in (None, "Reuters", "")
        for progress in ("all", "unlabelled", "done")
    ]
    for grown in (2, 5):
        if grown == 5:
            index.extend(ENTRIES[2:])  # search text and orders follow the new entries
        for query in queries:
            assert index.query(query, COUNTS) == direct(ENTRIES[:grown], query), query


def test_an_entry_list_is_sorted_once_and_never_grown_by_an_index() -> None:
    shared = EntryList(ENTRIES)
    first = LibraryIndex(shared)
    newest = first.query(LibraryQuery(), COUNTS)
    assert [e.id for e in newest] == ["id0", "id3", "id4", "id2", "id1"]
    assert "date" in shared.orders
    second = LibraryIndex(shared)  # a preview's list, then the corpus's: the same list
    assert second.entries is shared and second.query(LibraryQuery(), COUNTS) == newest
    newest.clear()  # an answer is the caller's own
    assert len(second.query(LibraryQuery(), COUNTS)) == 5
    second.extend([entry(5, "2030-01-01", "AP")])
    assert len(shared) == 5 and len(second) == 6  # the corpus's list is left as it was
    assert second.query(LibraryQuery(), COUNTS)[0].id == "id5"
    assert second.sources() == ["AP", "Reuters", "TASS", ""]
