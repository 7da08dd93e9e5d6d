"""Full-text search at 50,000 articles, beside the library's title search of before.

Builds (once, then reuses from `/tmp/marginalia-search-bench`) a corpus of
50,000 synthetic news articles in JSONL files: made-up words drawn with Zipf
frequencies, a few real phrases, a dozen sources and ten years of dates. It
prints the time to build the full-text index (for a 5,000-article part, and
for the whole corpus when its index is not cached yet), the time to check an
unchanged index on reopen, then per query the median and p90 of:

- before: the library's title search as it was before full-text search (a test of
  every word per row, then a sort by date; the query's words only, no filters);
  the anchor, measured in the same run;
- title: `LibraryIndex.query` without the index, what the screen draws at once;
- full-text: `FullTextIndex.search`, the index alone, off the UI thread;
- library: the index's answer applied by `LibraryIndex.query`, the list as it ends up;

with the ratio of the library's median to the anchor's.
`python bench/search_bench.py [--fresh]`.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import (
    ArticleEntry,
    Corpus,
    FullTextIndex,
    LibraryIndex,
    LibraryQuery,
    parse_search,
)

ROOT = Path("/tmp/marginalia-search-bench")
ARTICLES = 50_000
PER_FILE = 1_000
T = TypeVar("T")
PART = 5_000
"""Articles in the part whose index build is timed on every run."""
REPEATS = 15

SOURCES = ["TASS", "Reuters", "Sputnik", "AP", "AFP", "BBC", "RIA Novosti", "Interfax",
           "Al Jazeera", "DW", "Xinhua", "Kyodo"]  # fmt: skip
PHRASES = ["US-Russia dialogue", "grain corridor", "foreign ministers", "security council",
           "oil prices", "peace talks", "central bank", "trade deal"]  # fmt: skip
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "ra", "po", "li", "an",
             "er", "os", "ul", "tri", "gen", "mar", "dol", "vek", "sto", "pra", "zen"]  # fmt: skip


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Made-up words, distinct, most frequent first."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choices(SYLLABLES, k=rng.choice((2, 2, 3, 3, 4))))] = None
    return list(words)


def build_corpus(folder: Path) -> None:
    """Write the corpus: `ARTICLES` articles in JSONL files of `PER_FILE` lines."""
    rng = random.Random(15)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    folder.mkdir(parents=True, exist_ok=True)
    pool = rng.choices(words, weights, k=2_000_000)  # drawn once: choices() per word is slow
    at = 0
    for part in range(ARTICLES // PER_FILE):
        lines = []
        for i in range(PER_FILE):
            sentences = []
            for _ in range(rng.randint(6, 14)):
                n = rng.randint(8, 20)
                chunk, at = pool[at : at + n], (at + n) % (len(pool) - 40)
                if rng.random() < 0.08:
                    chunk.insert(rng.randrange(len(chunk)), rng.choice(PHRASES))
                sentences.append(" ".join(chunk).capitalize() + ".")
            title = " ".join(pool[at : at + 6]).capitalize()
            at += 6
            year = 2015 + (part * PER_FILE + i) % 10
            record = {
                "title": title,
                "text": "\n\n".join(" ".join(sentences[j : j + 3]) for j in range(0, 14, 3)),
                "source": SOURCES[rng.randrange(len(SOURCES))],
                "date": f"{year}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}",
            }
            lines.append(json.dumps(record) + "\n")
        (folder / f"wire-{part:03}.jsonl").write_text("".join(lines), encoding="utf-8")
    (ROOT / "words.json").write_text(json.dumps(words[:20_000]), encoding="utf-8")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds `action` took, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def title_search_before(
    entries: list[ArticleEntry], haystacks: list[str], words: list[str]
) -> list[ArticleEntry]:
    """The library's title search before this change: the anchor."""
    rows = [e for e, hay in zip(entries, haystacks, strict=True) if all(w in hay for w in words)]
    rows.sort(key=lambda e: (e.date or "", (0, 0)), reverse=True)  # every article here has one
    return rows


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{statistics.median(ordered) * 1000:7.1f} {p90 * 1000:7.1f}"


def main() -> None:
    """Build or reuse the corpus and its indexes, then print the figures."""
    if "--fresh" in sys.argv:
        shutil.rmtree(ROOT, ignore_errors=True)
    corpus_dir, cache = ROOT / "corpus", ROOT / "cache"
    if not (ROOT / "words.json").exists():
        seconds, _ = timed(lambda: build_corpus(corpus_dir))
        print(f"wrote {ARTICLES:,} articles in {seconds:.1f} s")
    seconds, corpus = timed(lambda: Corpus.open(corpus_dir, cache))
    print(f"corpus opened: {len(corpus):,} articles in {seconds:.1f} s")
    words = json.loads((ROOT / "words.json").read_text(encoding="utf-8"))

    # Index build, timed on a part of the corpus every run (its index starts empty).
    part_dir = ROOT / "part"
    if not part_dir.exists():
        part_dir.mkdir()
        for path in sorted(corpus_dir.glob("*.jsonl"))[: PART // PER_FILE]:
            shutil.copy(path, part_dir / path.name)
    part = Corpus.open(part_dir, cache)
    part_index = FullTextIndex.for_location(part.location, ROOT / "part-cache")
    part_index.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part_index.path}{suffix}").unlink(missing_ok=True)
    part_index = FullTextIndex.for_location(part.location, ROOT / "part-cache")
    seconds, _ = timed(lambda: part_index.sync(part))
    rate = seconds / len(part) * 1000
    print(
        f"index build: {len(part):,} articles in {seconds:.1f} s ({rate:.2f} ms an article,"
        f" worker processes; {ARTICLES:,} would take ~{rate * ARTICLES / 1000:.0f} s)"
    )
    index = FullTextIndex.for_location(corpus.location, cache)
    seconds, report = timed(lambda: index.sync(corpus))
    what = "built" if report.added else "checked (unchanged, nothing parsed)"
    print(f"index of {len(corpus):,} {what} in {seconds:.2f} s")
    size = sum(p.stat().st_size for p in index.path.parent.glob(index.path.name + "*"))
    print(f"index size {size / 1e6:.0f} MB")

    library = LibraryIndex(corpus.entries)
    haystacks = [
        f"{e.title or ''} {e.source or ''} {e.date or e.date_text or ''}".casefold()
        for e in corpus.entries
    ]
    queries = [
        ("common word", f"{words[3]} "),
        ("mid word", f"{words[300]} "),
        ("rare word", f"{words[15_000]} "),
        ("two words", f"{words[40]} {words[900]} "),
        ("phrase", '"US-Russia dialogue"'),
        ("typing a prefix", words[2000][:4]),
        ("word + source:", f"{words[300]} source:tass"),
        ("word + date:", f"{words[300]} date:2020"),
        ("phrase + after:", '"grain corridor" after:2023-06'),
        ("no match", "qqqzzz "),
    ]
    print(
        f"\n{'query (ms: median p90)':22} {'before':>15} {'title':>15} {'full-text':>15}"
        f" {'library':>15} {'hits':>7} {'ratio':>6}"
    )
    for name, text in queries:
        search = parse_search(text)
        words = [*search.words, *search.phrases]
        before_t, title_t, fts_t, lib_t = [], [], [], []
        hits = frozenset[str]()
        for _ in range(REPEATS):
            started = time.perf_counter()
            title_search_before(corpus.entries, haystacks, words)
            before_t.append(time.perf_counter() - started)
            started = time.perf_counter()
            library.query(LibraryQuery(text=text), {})
            title_t.append(time.perf_counter() - started)
            started = time.perf_counter()
            hits = frozenset(index.search(search) or ())
            fts_t.append(time.perf_counter() - started)
            library.query(LibraryQuery(text=text, hits=hits), {})
            lib_t.append(time.perf_counter() - started)
        ratio = statistics.median(lib_t) / statistics.median(before_t)
        print(
            f"{name:22} {figures(before_t):>15} {figures(title_t):>15} {figures(fts_t):>15}"
            f" {figures(lib_t):>15} {len(hits):7,} {ratio:5.2f}x"
        )


if __name__ == "__main__":
    main()
