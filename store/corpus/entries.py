"""What a corpus scan hands out: the library's entries, problems, stats and batches.

Kept apart from the scan itself (`store.corpus.scan`), so that the compact
listing and the collector can build them without importing the scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from store.text.decode import strip_control

if TYPE_CHECKING:
    from store.corpus.scan import Corpus


class ArticleEntry(NamedTuple):
    """One article as the library lists it: metadata and counts, not the text.

    `title` falls back to the first sentence (else the file name) when the
    pipeline found none, so no row is blank and none shows a hash. `origin` is
    the file's path; `line` the 1-based JSONL line or WARC record number (None
    for a page). `url` comes from JSONL, HTML and WARC. A named tuple, not a
    dataclass: a reopen makes 50,000 of them from the listing's rows, five
    times faster.
    """

    id: str
    title: str
    source: str | None
    date: str | None
    date_text: str | None
    statement_count: int
    quote_count: int
    origin: str
    line: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class CorpusProblem:
    """A file or JSONL line that was skipped, or loaded with a warning (`skipped=False`).

    Warnings: bytes that were not UTF-8 and were replaced. Skipped: empty,
    binary or unreadable files, bad JSONL lines, duplicates of an earlier article.
    """

    path: str
    line: int | None
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        """The problem in one line, fit for a terminal: nothing from the data controls it."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.message}" + ("" if self.skipped else " (loaded anyway)")
        return strip_control(text)


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """What opening cost: files parsed vs. reused from the index, and the index's fate."""

    files: int
    parsed_files: int
    reused_files: int
    removed_files: int
    articles: int
    duplicates: int
    seconds: float
    index_path: Path | None
    index_note: str | None
    index_written: bool
    workers: int = 0
    """Worker processes that parsed (0: none, the files were parsed in the scan's thread)."""
    listed: bool = False
    """Whether the corpus is the compact listing's: every file as it said, nothing read."""


@dataclass(frozen=True, slots=True)
class ScanBatch:
    """A step of `Corpus.scan`: entries and problems found since the last batch.

    `done`/`total` count articles (a JSONL line or a dump file each). The last
    batch carries the finished `corpus`; all others have `corpus=None`. A
    `preview` batch (asked for with `scan(preview=True)`) lists what the cache
    index remembers, before any file is checked: a list to show at once, which
    the finished corpus then replaces. For a long list the first preview is
    only its first page (the newest rows, in the library's date order), with
    `total` counting the whole list; the whole list follows.
    """

    entries: Sequence[ArticleEntry]
    problems: Sequence[CorpusProblem]
    done: int
    total: int
    corpus: Corpus | None = None
    preview: bool = False
    time_left: float | None = None
    """Seconds the parsing still needs at its pace so far (None until there is a pace)."""


class ArticleUnavailable(KeyError):
    """An article listed by the corpus that can no longer be read as it was listed."""

    def __str__(self) -> str:
        """The reason in one line, fit for a terminal (it names a file)."""
        return strip_control(str(self.args[0])) if self.args else "article unavailable"
