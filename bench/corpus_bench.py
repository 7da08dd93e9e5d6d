"""How long opening a 10,000-article corpus takes, cold (parse all) and warm (cache index).

Run standalone (`python bench/corpus_bench.py`) or import `measure_reopen`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.corpus import Corpus
from store.corpus.listing import listing_path
from store.samples import sample_corpus_path


def build_corpus(folder: Path, n: int) -> int:
    """Write `n` dumps: copies of the samples, each with a unique last line; returns bytes."""
    samples = [p.read_text(encoding="utf-8") for p in sorted(sample_corpus_path().glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    # An hour old, as a real corpus would be: fresh files are checked by content on reopen.
    old = time.time_ns() - 3_600_000_000_000
    written = 0
    for i in range(n):
        path = folder / f"{i:05}.txt"
        text = f"{samples[i % len(samples)]}\n\nCopy {i} of the sample.\n"
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(old, old))
        written += len(text)
    return written


def _timed_open(location: Path, cache: Path) -> tuple[float, Corpus]:
    started = time.perf_counter()
    corpus = Corpus.open(location, cache)
    return time.perf_counter() - started, corpus


def _fresh_process_open(location: Path, cache: Path) -> float:
    """A warm reopen as a new `marginalia` process sees it: imports included."""
    code = (
        "import sys, time; t = time.perf_counter(); sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path; from store.corpus import Corpus;"
        "Corpus.open(Path(sys.argv[2]), Path(sys.argv[3]));"
        "print(time.perf_counter() - t)"
    )
    repo = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", code, repo, str(location), str(cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    return round(float(out.stdout.strip()), 3)


def measure_reopen(n: int = 10_000) -> dict[str, Any]:
    """Build an `n`-article corpus in a temp folder and time opening it cold and warm.

    Returns the figures: seconds for the cold open (parse everything, write the
    index), the warm reopen (stat + the compact listing; best of 3, and once in
    a fresh process with its imports), a reopen after one file changed (the
    JSON index, that file parsed), the index and listing sizes, and the
    article count.
    """
    with tempfile.TemporaryDirectory(prefix="marginalia-bench-") as tmp:
        root, cache = Path(tmp) / "corpus", Path(tmp) / "cache"
        started = time.perf_counter()
        size = build_corpus(root, n)
        build_s = time.perf_counter() - started
        cold_s, cold = _timed_open(root, cache)
        warm_runs = [_timed_open(root, cache) for _ in range(3)]
        warm_s = min(t for t, _ in warm_runs)
        warm = warm_runs[-1][1]
        fresh_s = _fresh_process_open(root, cache)
        changed = root / f"{n // 2:05}.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
        one_changed_s, after = _timed_open(root, cache)
        index = cold.stats.index_path
        return {
            "articles": len(cold),
            "corpus_mb": round(size / 1e6, 1),
            "build_s": round(build_s, 2),
            "cold_open_s": round(cold_s, 3),
            "cold_per_article_ms": round(cold_s / max(n, 1) * 1000, 3),
            "warm_reopen_s": round(warm_s, 3),
            "warm_reused_files": warm.stats.reused_files,
            "warm_from_listing": warm.stats.listed,
            "warm_fresh_process_s": fresh_s,
            "one_changed_reopen_s": round(one_changed_s, 3),
            "one_changed_parsed_files": after.stats.parsed_files,
            "index_kb": round(index.stat().st_size / 1024, 1) if index else None,
            "listing_kb": round(listing_path(index).stat().st_size / 1024, 1) if index else None,
            "problems": len(cold.problems),
        }


def main() -> None:
    """Print the figures of `measure_reopen`, one per line."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for key, value in measure_reopen(n).items():
        print(f"corpus {key:26} {value}")


if __name__ == "__main__":
    main()
