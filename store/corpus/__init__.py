"""A corpus: a folder of page dumps or a JSONL file, opened as a list of articles.

`scan` decides which files to read and keeps the results (`entries` are
what it hands out, `collect` gathers them), `read` reads one file, `jsonl` is
the JSONL article format, `sources` reads page dumps from disk, `pool` parses
in worker processes, `index` is the cache that makes a reopen fast and
`listing` the list a reopen shows before any file is checked. The library's
search, filter and sort are `store.library`.
"""

from __future__ import annotations

from store.corpus.scan import (
    ArticleEntry,
    ArticleUnavailable,
    Corpus,
    CorpusProblem,
    CorpusStats,
    ScanBatch,
)

__all__ = [
    "ArticleEntry", "ArticleUnavailable", "Corpus", "CorpusProblem", "CorpusStats", "ScanBatch"
]  # fmt: skip
