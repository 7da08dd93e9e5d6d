"""The growing result of a scan, and the two caches it is read from or kept in.

`Collector` deduplicates entries as they come and cuts them into batches;
`from_record` and `preview_batch` read the JSON index's records;
`listed_entries` and `keep_listing` read and write the compact listing.
"""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus.entries import ArticleEntry, CorpusProblem, ScanBatch
from store.corpus.index import RACY_NS, DiskFile, FileRecord
from store.corpus.listing import Listing, Row, save_listing
from store.library import EntryList, date_order, source_names

if TYPE_CHECKING:
    from store.corpus.scan import Corpus

BATCH_SECONDS = 0.1
"""A batch is handed out at least this often while entries come."""


class Collector:
    """The growing result of a scan: deduplicated entries, problems, the current batch."""

    def __init__(self) -> None:
        self.problems: list[CorpusProblem] = []
        self.entries: EntryList = EntryList()
        self.offsets: list[int | None] = []
        self.duplicates = 0
        self._first: dict[str, ArticleEntry] = {}
        self._batch_entries: list[ArticleEntry] = []
        self._batch_problems: list[CorpusProblem] = []
        self._last_take = time.perf_counter()
        self._to_parse = 0
        self._parse_started = 0.0

    def start_parsing(self, units: int) -> None:
        """Parsing of `units` articles starts now: the pace for `time_left` is timed from here."""
        self._to_parse = units
        self._parse_started = time.perf_counter()

    def add_problem(self, problem: CorpusProblem) -> None:
        """Record a problem."""
        self.problems.append(problem)
        self._batch_problems.append(problem)

    def add_entry(self, entry: ArticleEntry, offset: int | None) -> None:
        """Record an entry, or a duplicate problem when its id was seen before."""
        first = self._first.get(entry.id)
        if first is not None:
            self.duplicates += 1
            where = first.origin + ("" if first.line is None else f":{first.line}")
            self.add_problem(
                CorpusProblem(entry.origin, entry.line, f"duplicate of {where}, skipped")
            )
            return
        self._first[entry.id] = entry
        self.offsets.append(offset)
        self.entries.append(entry)
        self._batch_entries.append(entry)

    def batch_due(self, size: int) -> bool:
        """Whether enough entries or time have gone by to hand out a batch."""
        return (
            len(self._batch_entries) >= size
            or time.perf_counter() - self._last_take >= BATCH_SECONDS
        )

    def take(
        self, done: int, total: int, corpus: Corpus | None = None, parsed: int = 0
    ) -> ScanBatch:
        """Hand out what was found since the last batch; `parsed` articles were parsed so far."""
        now = time.perf_counter()
        left = None
        if parsed and corpus is None:
            left = (self._to_parse - parsed) * (now - self._parse_started) / parsed
        batch = ScanBatch(
            tuple(self._batch_entries), tuple(self._batch_problems), done, total, corpus,
            time_left=max(0.0, left) if left is not None else None,
        )  # fmt: skip
        self._batch_entries, self._batch_problems = [], []
        self._last_take = now
        return batch


Cached = tuple[list[tuple[ArticleEntry, int | None]], list[CorpusProblem]]


def from_record(rec: FileRecord, origin: str) -> Cached | None:
    """The entries and problems the index kept for a file; None if the record is damaged."""
    try:
        entries = []
        for id_, title, source, date, date_text, stc, qc, line, offset, url in rec.entries:
            entry = ArticleEntry(id_, title, source, date, date_text, stc, qc, origin, line, url)
            entries.append((entry, offset))
        problems = [CorpusProblem(origin, ln, msg, skipped) for ln, msg, skipped in rec.problems]
    except (TypeError, ValueError):
        return None
    return entries, problems


def preview_batch(
    root: Path, records: dict[str, FileRecord], read: dict[str, tuple[str, Cached | None]]
) -> ScanBatch:
    """What the index remembers, unchecked: the list a reopen can show at once.

    Each record read is kept in `read` (relative path -> (origin, entries and
    problems)), so the scan that checks the files does not read it again.
    """
    seen: set[str] = set()
    entries: list[ArticleEntry] = []
    base = str(root)
    for rel, rec in records.items():
        origin = os.path.join(base, rel)
        cached = from_record(rec, origin)
        read[rel] = (origin, cached)
        for entry, _ in cached[0] if cached else ():
            if entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
    return ScanBatch(tuple(entries), (), 0, len(entries), None, preview=True)


def listed_entries(listing: Listing) -> EntryList:
    """The listing's rows as entries, with the date order and sources it saved.

    The rows are let go as they are turned into entries: the collector's first
    pass after reading then walks half as many new objects.
    """
    entries = _entries(listing.rows, listing.date_order)
    listing.rows.clear()
    entries.source_names = listing.sources
    return entries


def page_entries(rows: list[Row]) -> EntryList:
    """A listing's first page as entries: already in the library's date order."""
    return _entries(rows, list(range(len(rows))))


def _entries(rows: list[Row], date_order: list[int]) -> EntryList:
    entries = EntryList(map(partial(tuple.__new__, ArticleEntry), rows))
    entries.orders["date"] = date_order
    return entries


def keep_listing(
    path: Path, ipath: Path, key: str, files: list[DiskFile], out: Collector, scanned_ns: int
) -> None:
    """Keep a finished scan's list for the next reopen (see `store.corpus.listing`)."""
    order = out.entries.orders.get("date") or date_order(out.entries)
    out.entries.orders["date"] = order
    listing = Listing(
        files=[(d.rel, d.size, d.mtime_ns) for d in files],
        rows=[tuple(e) for e in out.entries],
        offsets=out.offsets,
        problems=[(p.path, p.line, p.message, p.skipped) for p in out.problems],
        date_order=order,
        sources=source_names(out.entries),
        duplicates=out.duplicates,
        trusted=all(d.mtime_ns < scanned_ns - RACY_NS for d in files),
    )
    save_listing(path, key, ipath, listing)
