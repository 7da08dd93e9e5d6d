"""A corpus: a folder of page dumps or a JSONL file, opened as a list of articles.

`Corpus.open(location)` lists every article at a location as a light
`ArticleEntry` (what the library screen shows) and reports every bad file or
line as a `CorpusProblem` without stopping. The full `Article` is parsed again
on demand by `Corpus.article(id)`, so a 10,000-article corpus never sits in
memory. A cache index (`store.corpus.index`) makes reopening fast: only new or
changed files are parsed. The JSONL format is described in `store.corpus.jsonl`.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from store.corpus import read as corpus_read
from store.corpus.index import (
    RACY_NS,
    DiskFile,
    FileRecord,
    index_path,
    load_index,
    pipeline_version,
    save_index,
    walk_corpus,
)
from store.corpus.pool import ParallelReader
from store.corpus.read import count_units
from store.text import Article
from store.text.decode import strip_control

__all__ = [
    "ArticleEntry", "ArticleUnavailable", "Corpus", "CorpusProblem", "CorpusStats", "ScanBatch"
]  # fmt: skip

ProgressCallback = Callable[[int, int], None]
"""Called as `on_progress(done, total)`; units are articles (JSONL lines, dump files)."""

_ARTICLE_CACHE_SIZE = 16
_BATCH_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """One article as the library lists it: metadata and counts, not the text.

    `title` falls back to the first sentence (else the file name) when the
    pipeline found none, so no row is blank and none shows a hash. `origin` is
    the file's path; `line` the 1-based JSONL line or WARC record number (None
    for a page). `url` comes from JSONL, HTML and WARC.
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


@dataclass(frozen=True, slots=True)
class ScanBatch:
    """A step of `Corpus.scan`: entries and problems found since the last batch.

    `done`/`total` count articles (a JSONL line or a dump file each). The last
    batch carries the finished `corpus`; all others have `corpus=None`. A
    `preview` batch (asked for with `scan(preview=True)`) lists what the cache
    index remembers, before any file is checked: a list to show at once, which
    the finished corpus then replaces.
    """

    entries: tuple[ArticleEntry, ...]
    problems: tuple[CorpusProblem, ...]
    done: int
    total: int
    corpus: Corpus | None = None
    preview: bool = False


class ArticleUnavailable(KeyError):
    """An article listed by the corpus that can no longer be read as it was listed."""

    def __str__(self) -> str:
        """The reason in one line, fit for a terminal (it names a file)."""
        return strip_control(str(self.args[0])) if self.args else "article unavailable"


class _Collector:
    """The growing result of a scan: deduplicated entries, problems, the current batch."""

    def __init__(self) -> None:
        self.entries: list[ArticleEntry] = []
        self.problems: list[CorpusProblem] = []
        self.offsets: dict[str, int | None] = {}
        self.duplicates = 0
        self._first: dict[str, ArticleEntry] = {}
        self._batch_entries: list[ArticleEntry] = []
        self._batch_problems: list[CorpusProblem] = []
        self._last_take = time.perf_counter()

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
        self.offsets[entry.id] = offset
        self.entries.append(entry)
        self._batch_entries.append(entry)

    def batch_due(self, size: int) -> bool:
        """Whether enough entries or time have gone by to hand out a batch."""
        return (
            len(self._batch_entries) >= size
            or time.perf_counter() - self._last_take >= _BATCH_SECONDS
        )

    def take(self, done: int, total: int, corpus: Corpus | None = None) -> ScanBatch:
        """Hand out what was found since the last batch."""
        batch = ScanBatch(
            tuple(self._batch_entries), tuple(self._batch_problems), done, total, corpus
        )
        self._batch_entries, self._batch_problems = [], []
        self._last_take = time.perf_counter()
        return batch


_Cached = tuple[list[tuple[ArticleEntry, int | None]], list[CorpusProblem]]


def _from_record(rec: FileRecord, origin: str) -> _Cached | None:
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


def _preview(
    root: Path, records: dict[str, FileRecord], read: dict[str, tuple[str, _Cached | None]]
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
        cached = _from_record(rec, origin)
        read[rel] = (origin, cached)
        for entry, _ in cached[0] if cached else ():
            if entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
    return ScanBatch(tuple(entries), (), 0, len(entries), None, preview=True)


class Corpus:
    """The articles at one location: entries in stable order, problems, full articles on demand.

    Build one with `Corpus.open` (blocking, with a progress callback) or
    `Corpus.scan` (a generator of batches, for filling a list progressively).
    Iterating yields `ArticleEntry` objects; `len()` counts articles.
    `article()` is safe to call from several threads.
    """

    def __init__(
        self,
        location: Path,
        entries: list[ArticleEntry],
        problems: list[CorpusProblem],
        stats: CorpusStats,
        offsets: dict[str, int | None],
    ) -> None:
        """Assemble a corpus from scan results; use `Corpus.open` or `Corpus.scan` instead."""
        self.location = location
        self.entries = entries
        self.problems = problems
        self.stats = stats
        self._by_id = {e.id: e for e in entries}
        self._offsets = offsets
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        location: Path,
        cache_dir: Path | None = None,
        on_progress: ProgressCallback | None = None,
        *,
        use_cache: bool = True,
        workers: int | None = None,
    ) -> Corpus:
        """Open a folder of dumps, a `.jsonl` file or one `.txt` dump, using the cache index.

        `on_progress(done, total)` is called from this thread for each batch
        of `Corpus.scan` (every 500 articles or 0.1 s), first with `done=0`,
        last with `done == total`.
        Raises `FileNotFoundError` only when `location` itself does not exist;
        everything wrong inside it ends up in `corpus.problems`.
        """
        corpus: Corpus | None = None
        for batch in cls.scan(location, cache_dir, use_cache=use_cache, workers=workers):
            if on_progress is not None:
                on_progress(batch.done, batch.total)
            corpus = batch.corpus
        assert corpus is not None
        return corpus

    @classmethod
    def scan(
        cls,
        location: Path,
        cache_dir: Path | None = None,
        *,
        use_cache: bool = True,
        batch_size: int = 500,
        workers: int | None = None,
        preview: bool = False,
    ) -> Iterator[ScanBatch]:
        """Open a corpus step by step, yielding batches as articles are found.

        The first batch is empty and gives the total; a batch is yielded every
        `batch_size` entries or 0.1 s, whichever comes first; the last one
        carries the finished `Corpus`. Entries arrive in their final order with
        duplicates already removed, so they can be appended to a list as is.
        Files are parsed in `workers` processes (default: one per CPU when
        there are hundreds of articles to parse; 1 parses in this thread).
        """
        started = time.perf_counter()
        scanned_ns = time.time_ns()
        root = Path(location).expanduser().resolve()
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such file or folder")
        version = pipeline_version()
        ipath = index_path(root, cache_dir) if use_cache else None
        index = load_index(ipath, version)
        previewed: dict[str, tuple[str, _Cached | None]] = {}
        if preview and index.records:
            yield _preview(root, index.records, previewed)
        files = walk_corpus(root)

        # Decide per file: reuse what the index kept, or read it again.
        plan: list[tuple[DiskFile, FileRecord | None, _Cached | None]] = []
        total = settled = 0
        units: dict[str, int] = {}
        for disk in files:
            rec = index.records.get(disk.rel)
            cached = None
            if rec is not None and (rec.size, rec.mtime_ns) == (disk.size, disk.mtime_ns):
                # A file changed within the mtime's resolution of the last scan may
                # have the same size and mtime as before: compare content instead.
                racy = disk.mtime_ns >= index.scanned_ns - RACY_NS
                if not racy or corpus_read.file_hash(Path(disk.path)) == rec.hash:
                    origin, cached = previewed.get(disk.rel, ("", None))
                    if origin != disk.path:
                        cached = _from_record(rec, disk.path)
                # Rewriting the index lets a verified file be trusted by mtime next time.
                settled += racy and disk.mtime_ns < scanned_ns - RACY_NS
            plan.append((disk, rec, cached))
            units[disk.rel] = max(1, len(cached[0])) if cached else count_units(Path(disk.path))
            total += units[disk.rel]

        out = _Collector()
        records: dict[str, FileRecord] = {}
        done = parsed = 0
        yield out.take(0, total)
        jobs = [(Path(d.path), d.rel, units[d.rel]) for d, _, c in plan if c is None]
        with ParallelReader(jobs, workers) as pool:
            for disk, rec, cached in plan:
                if rec is not None and cached is not None:
                    for problem in cached[1]:
                        out.add_problem(problem)
                    for entry, offset in cached[0]:
                        out.add_entry(entry, offset)
                    records[disk.rel] = rec
                    done += max(1, len(cached[0]))
                else:
                    parsed += 1
                    found = corpus_read.Found()
                    for _ in cls._read_into(out, found, disk, pool):
                        if out.batch_due(batch_size):
                            yield out.take(min(done + found.units, total), total)
                    done += found.units
                    records[disk.rel] = corpus_read.record_from_found(
                        found, disk.size, disk.mtime_ns
                    )
                if out.batch_due(batch_size):
                    yield out.take(done, total)

        if not files:
            out.add_problem(
                CorpusProblem(str(root), None, "no article files here (.txt, .jsonl, .html, .warc)")
            )
        removed = len(set(index.records) - set(records))
        note, written = index.note, False
        if ipath is not None and (parsed or removed or settled or index.note is not None):
            save_note = save_index(ipath, root, version, records, scanned_ns)
            written = save_note is None
            note = save_note or note
        stats = CorpusStats(
            files=len(files),
            parsed_files=parsed,
            reused_files=len(files) - parsed,
            removed_files=removed,
            articles=len(out.entries),
            duplicates=out.duplicates,
            seconds=time.perf_counter() - started,
            index_path=ipath,
            index_note=note,
            index_written=written,
        )
        corpus = cls(root, out.entries, out.problems, stats, out.offsets)
        yield out.take(total, total, corpus)

    @staticmethod
    def _read_into(
        out: _Collector, found: corpus_read.Found, disk: DiskFile, pool: ParallelReader
    ) -> Iterator[None]:
        """Read one file (or take what a worker read), passing on articles and problems."""
        origin = disk.path
        seen_articles = seen_problems = 0
        for _ in pool.iter_file(found, Path(disk.path), disk.rel):
            for fp in found.problems[seen_problems:]:
                out.add_problem(CorpusProblem(origin, fp.line, fp.message, fp.skipped))
            for fa in found.articles[seen_articles:]:
                entry = ArticleEntry(
                    fa.id, fa.title, fa.source, fa.date, fa.date_text,
                    fa.statements, fa.quotes, origin, fa.line, fa.url,
                )  # fmt: skip
                out.add_entry(entry, fa.offset)
            seen_articles, seen_problems = len(found.articles), len(found.problems)
            yield

    def __len__(self) -> int:
        """How many distinct articles the corpus holds."""
        return len(self.entries)

    def __iter__(self) -> Iterator[ArticleEntry]:
        """The entries, in stable order (path, then line)."""
        return iter(self.entries)

    def __contains__(self, article_id: object) -> bool:
        """Whether an article id is in the corpus."""
        return article_id in self._by_id

    def entry(self, article_id: str) -> ArticleEntry:
        """The entry for an article id; `KeyError` when unknown."""
        return self._by_id[article_id]

    def article(self, article_id: str) -> Article:
        """The full parsed article, re-read from disk (a few recent ones are kept).

        Raises `KeyError` for an unknown id, and `ArticleUnavailable` (also a
        `KeyError`) when the file is gone or its content changed since opening.
        """
        with self._lock:
            cached = self._articles.get(article_id)
            if cached is not None:
                self._articles.move_to_end(article_id)
                return cached
        entry = self._by_id[article_id]
        where = entry.origin + ("" if entry.line is None else f":{entry.line}")
        try:
            article = corpus_read.read_article(
                Path(entry.origin), self._display_name(entry), self._offsets[article_id]
            )
        except corpus_read.ReadProblem as exc:
            raise ArticleUnavailable(f"{where}: {exc}") from None
        if article.id != article_id:
            raise ArticleUnavailable(f"{where}: changed on disk since the corpus was opened")
        if not article.title:
            article = replace(article, title=entry.title)
        with self._lock:
            self._articles[article_id] = article
            while len(self._articles) > _ARTICLE_CACHE_SIZE:
                self._articles.popitem(last=False)
        return article

    def where(self, article_id: str) -> tuple[str, str, int | None]:
        """Where to read an article again: its file, the name it is parsed under, its offset
        (what `store.corpus.read.read_article` takes; the full-text index reads it so)."""
        entry = self._by_id[article_id]
        return entry.origin, self._display_name(entry), self._offsets[article_id]

    def _display_name(self, entry: ArticleEntry) -> str:
        path = Path(entry.origin)
        rel = path.name if self.location == path else path.relative_to(self.location).as_posix()
        return rel if entry.line is None else f"{rel}:{entry.line}"
