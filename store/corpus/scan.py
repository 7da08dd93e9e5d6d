"""A corpus: a folder of page dumps or a JSONL file, opened as a list of articles.

`Corpus.open(location)` lists every article at a location as a light
`ArticleEntry` (what the library screen shows) and reports every bad file or
line as a `CorpusProblem` without stopping. The full `Article` is parsed again
on demand by `Corpus.article(id)`, so a 10,000-article corpus never sits in
memory. A cache index (`store.corpus.index`) makes reopening fast: only new or
changed files are parsed. The JSONL format is described in `store.corpus.jsonl`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from store.corpus import read as corpus_read
from store.corpus.collect import (
    Cached,
    Collector,
    from_record,
    keep_listing,
    listed_entries,
    page_entries,
    preview_batch,
)
from store.corpus.entries import (
    ArticleEntry,
    ArticleUnavailable,
    CorpusProblem,
    CorpusStats,
    ScanBatch,
)
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
from store.corpus.listing import (
    gc_paused,
    listing_key,
    listing_path,
    load_first_page,
    load_listing,
)
from store.corpus.pool import ParallelReader
from store.corpus.read import count_units
from store.library import EntryList

if TYPE_CHECKING:
    from store.text import Article

__all__ = [
    "ArticleEntry", "ArticleUnavailable", "Corpus", "CorpusProblem", "CorpusStats", "ScanBatch"
]  # fmt: skip

ProgressCallback = Callable[[int, int], None]
"""Called as `on_progress(done, total)`; units are articles (JSONL lines, dump files)."""

_ARTICLE_CACHE_SIZE = 16


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
        entries: EntryList,
        problems: list[CorpusProblem],
        stats: CorpusStats,
        offsets: list[int | None],
    ) -> None:
        """Assemble a corpus from scan results; use `Corpus.open` or `Corpus.scan` instead.

        `offsets[i]` finds `entries[i]` again in its file.
        """
        self.location = location
        self.entries = entries
        self.problems = problems
        self.stats = stats
        self._offsets = offsets
        self._positions: dict[str, int] | None = None
        self._relative: dict[str, str] = {}
        """Each file's name relative to the corpus (`_display_name`), once worked out."""
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
        lpath = listing_path(ipath) if ipath is not None else None
        first_page = (
            load_first_page(lpath, listing_key(version), ipath)
            if preview and ipath and lpath
            else None
        )
        if first_page is not None and first_page[1] > len(first_page[0]):
            # The first screen's rows, before the whole list is read (a preview whose
            # `total` is more than its entries).
            rows, listed_total = first_page
            yield ScanBatch(page_entries(rows), (), 0, listed_total, None, preview=True)
        with gc_paused():
            listing = load_listing(lpath, listing_key(version), ipath) if ipath and lpath else None
            listed = listed_entries(listing) if listing is not None else None
        if preview and listed is not None:
            yield ScanBatch(listed, (), 0, len(listed), None, preview=True)
        files = walk_corpus(root)
        sigs = [(d.rel, d.size, d.mtime_ns) for d in files]
        if listing is not None and listed is not None and listing.matches(sigs):
            # Every file is as the listing says: it is the corpus, the index is not read.
            stats = CorpusStats(
                len(files), 0, len(files), 0, len(listed), listing.duplicates,
                time.perf_counter() - started, ipath, None, False, listed=True,
            )  # fmt: skip
            problems = [CorpusProblem(*p) for p in listing.problems]
            corpus = cls(root, listed, problems, stats, listing.offsets)
            yield ScanBatch((), (), 0, len(listed))
            yield ScanBatch(listed, problems, len(listed), len(listed), corpus)
            return
        index = load_index(ipath, version)
        previewed: dict[str, tuple[str, Cached | None]] = {}
        if preview and listed is None and index.records:
            yield preview_batch(root, index.records, previewed)

        # Decide per file: reuse what the index kept, or read it again.
        plan: list[tuple[DiskFile, FileRecord | None, Cached | None]] = []
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
                        cached = from_record(rec, disk.path)
                # Rewriting the index lets a verified file be trusted by mtime next time.
                settled += racy and disk.mtime_ns < scanned_ns - RACY_NS
            plan.append((disk, rec, cached))
            units[disk.rel] = max(1, len(cached[0])) if cached else count_units(Path(disk.path))
            total += units[disk.rel]

        out = Collector()
        records: dict[str, FileRecord] = {}
        done = parsed = parsed_units = 0
        yield out.take(0, total)
        jobs = [(Path(d.path), d.rel, units[d.rel]) for d, _, c in plan if c is None]
        out.start_parsing(sum(job[2] for job in jobs))
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
                            now_done = min(done + found.units, total)
                            yield out.take(now_done, total, parsed=parsed_units + found.units)
                    done += found.units
                    parsed_units += found.units
                    records[disk.rel] = corpus_read.record_from_found(
                        found, disk.size, disk.mtime_ns
                    )
                if out.batch_due(batch_size):
                    yield out.take(done, total, parsed=parsed_units)

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
        if ipath is not None and lpath is not None and (written or listing is None):
            keep_listing(lpath, ipath, listing_key(version), files, out, scanned_ns)
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
            workers=pool.workers,
        )
        corpus = cls(root, out.entries, out.problems, stats, out.offsets)
        yield out.take(total, total, corpus)

    @staticmethod
    def _read_into(
        out: Collector, found: corpus_read.Found, disk: DiskFile, pool: ParallelReader
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
        return article_id in self._by_id()

    def entry(self, article_id: str) -> ArticleEntry:
        """The entry for an article id; `KeyError` when unknown."""
        return self.entries[self._by_id()[article_id]]

    def _by_id(self) -> dict[str, int]:
        """Each id's position, made on first use: not before the list is on screen."""
        if self._positions is None:
            self._positions = {e.id: i for i, e in enumerate(self.entries)}
        return self._positions

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
        entry = self.entry(article_id)
        origin, name, offset = self.where(article_id)
        where = origin + ("" if entry.line is None else f":{entry.line}")
        try:
            article = corpus_read.read_article(Path(origin), name, offset)
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
        position = self._by_id()[article_id]
        entry = self.entries[position]
        return entry.origin, self._display_name(entry), self._offsets[position]

    def _display_name(self, entry: ArticleEntry) -> str:
        # One path sum per file, not per article: a JSONL file holds thousands of them,
        # and the full-text index asks for every article's name.
        rel = self._relative.get(entry.origin)
        if rel is None:
            path = Path(entry.origin)
            rel = path.name if self.location == path else path.relative_to(self.location).as_posix()
            self._relative[entry.origin] = rel
        return rel if entry.line is None else f"{rel}:{entry.line}"
