"""Benchmark of the annotation store: add latency, export time, open and close at scale.

Prints figures, asserts nothing. For each size (1,000, 10,000 and 100,000
existing labels) it times `AnnotationStore.add` next to plain TinyDB
`insert` into the same file and next to the physical limit (append and fsync
one JSON line of the same size). Plain TinyDB re-reads and rewrites the whole
file per insert, so it gets only a few inserts at the large sizes. Then
bench/label_scale.py: open, close, first label and export at 100,000, 200,000
and 500,000 labels as ratios against json.load of the same file.

    .venv/bin/python bench/store_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.annotations import AnnotationStore  # noqa: E402
from store.formats import FORMATS, write_export  # noqa: E402
from store.records import FORMAT_META, now_iso  # noqa: E402

SENTENCE = (
    "The minister told reporters on Thursday that the talks had been “frank and useful”, "
    "adding that both sides would meet again before the end of the month."
)


def record(n: int) -> dict[str, Any]:
    """A realistic stored annotation (a ~150-character statement with context)."""
    stamp = now_iso()
    return {
        "id": f"{n:032x}",
        "article_id": f"{n // 40:016x}",
        "start": (n % 40) * 200,
        "end": (n % 40) * 200 + len(SENTENCE),
        "text": SENTENCE,
        "label": ("favour", "against", "neutral")[n % 3],
        "annotator": "alice",
        "created": stamp,
        "updated": stamp,
        "unit": "quote" if n % 4 == 0 else "sentence",
        "prefix": "said on Thursday in Brussels. ",
        "suffix": " Officials declined to comment",
        "speaker": "the minister" if n % 4 == 0 else None,
        "target": None,
        "note": None,
        "anchor": "exact",
    }


def write_db(path: Path, count: int) -> None:
    """A TinyDB file with `count` annotations and 1/40 as many articles, written in bulk."""
    articles = {
        str(i + 1): {"id": f"{i:016x}", "title": f"Article {i}", "source": "Wire",
                     "date": "2024-03-01", "file": f"{i}.txt", "text": SENTENCE * 40}
        for i in range(count // 40 + 1)
    }  # fmt: skip
    doc = {
        "_meta": {"1": FORMAT_META},
        "annotations": {str(i + 1): record(i) for i in range(count)},
        "articles": articles,
    }
    path.write_text(json.dumps(doc, separators=(",", ":")), encoding="ascii")


def timings(action: Callable[[int], object], runs: int) -> list[float]:
    """Seconds per call of `action(i)` for i in range(runs)."""
    result = []
    for i in range(runs):
        started = time.perf_counter()
        action(i)
        result.append(time.perf_counter() - started)
    return result


def median_p99(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile, in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def fsync_limit(folder: Path, runs: int) -> list[float]:
    """Append and fsync one JSON line of an annotation's size: the physical limit."""
    line = (json.dumps({"op": "put", "table": "annotations", "rec": record(1)}) + "\n").encode()
    fd = os.open(folder / "limit.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        return timings(lambda _: (os.write(fd, line), os.fsync(fd)), runs)
    finally:
        os.close(fd)


def tinydb_inserts(path: Path, runs: int) -> list[float]:
    """Plain TinyDB: `insert` into the same kind of file."""
    import tinydb

    with tinydb.TinyDB(path) as db:
        table = db.table("annotations")
        return timings(lambda i: table.insert(record(10_000_000 + i)), runs)


def store_adds(path: Path, runs: int) -> tuple[list[float], float, float]:
    """AnnotationStore.add latencies, the open time and the close (fold) time."""
    started = time.perf_counter()
    store = AnnotationStore(path, annotator="bench")
    opened = time.perf_counter() - started

    def add(i: int) -> object:
        return store.add(f"{i:016x}", 0, len(SENTENCE), "favour", SENTENCE, unit="sentence",
                         prefix="said on Thursday. ", suffix=" Officials declined")  # fmt: skip

    samples = timings(add, runs)
    started = time.perf_counter()
    store.close()
    return samples, opened, time.perf_counter() - started


def bench_size(folder: Path, size: int, runs: int, tinydb_runs: int) -> dict[str, float]:
    """All add figures at one size."""
    db = folder / f"store-{size}.json"
    write_db(db, size)
    adds, opened, closed = store_adds(db, runs)
    plain = folder / f"tinydb-{size}.json"
    write_db(plain, size)
    tiny = tinydb_inserts(plain, tinydb_runs)
    limit = fsync_limit(folder, runs)
    (a_med, a_p99), (t_med, t_p99), (l_med, l_p99) = map(median_p99, (adds, tiny, limit))
    print(
        f"{size:>7,} labels | add {a_med:6.3f} / {a_p99:6.3f} ms | "
        f"TinyDB insert {t_med:8.2f} / {t_p99:8.2f} ms (n={tinydb_runs}) | "
        f"append+fsync {l_med:6.3f} / {l_p99:6.3f} ms | "
        f"add/limit {a_med / l_med:4.1f}x | TinyDB/add {t_med / a_med:6.0f}x | "
        f"open {opened:5.2f} s, close+fold {closed:5.2f} s"
    )
    return {"add_ms": a_med, "tinydb_ms": t_med, "limit_ms": l_med}


def bench_export(folder: Path, size: int) -> None:
    """Export times for `size` labels: each format in-process, and the whole CLI."""
    db = folder / f"store-{size}.json"
    if not db.exists():
        write_db(db, size)
    started = time.perf_counter()
    store = AnnotationStore(db, read_only=True)
    opened = time.perf_counter() - started
    parts = [f"open {opened:.2f} s"]
    for fmt in FORMATS:
        started = time.perf_counter()
        write_export(store, fmt, io.StringIO())
        parts.append(f"{fmt} {time.perf_counter() - started:.2f} s")
    store.close()
    out = folder / "export.jsonl"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(db), "-o", str(out)],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    cli = time.perf_counter() - started
    print(f"export of {size:,} labels: {', '.join(parts)}")
    print(f"  `marginalia export --db … -o …` (jsonl, whole process): {cli:.2f} s (goal < 1 s)")


def main() -> int:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs, no 100k size")
    args = parser.parse_args()
    sizes = [(1_000, 1000, 50), (10_000, 1000, 20), (100_000, 1000, 5)]
    if args.quick:
        sizes = [(1_000, 200, 10), (10_000, 200, 5)]
    print("add latency, median / p99 (AnnotationStore vs plain TinyDB vs append+fsync):")
    with tempfile.TemporaryDirectory(prefix="marginalia-store-bench-", dir=ROOT / "bench") as tmp:
        folder = Path(tmp)
        results = {size: bench_size(folder, size, runs, t) for size, runs, t in sizes}
        last = results[sizes[-1][0]]
        print(
            f"at {sizes[-1][0]:,}: add is {last['add_ms'] / last['limit_ms']:.1f}x the fsync "
            f"limit (goal <= 10x) and {last['tinydb_ms'] / last['add_ms']:.0f}x faster than "
            "plain TinyDB (goal >= 200x)"
        )
        bench_export(folder, sizes[-1][0])
    # In a fresh process: Linux hands a parent's peak memory (ru_maxrss) on to the
    # processes it starts, and this one has held 100,000 labels by now.
    sizes_arg = "100000" if args.quick else "100000,200000,500000"
    sys.stdout.flush()
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("label_scale.py")), "--sizes", sizes_arg],
        check=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
