"""Pipeline speed: pages per second and time per page on the bundled samples.

The samples are parsed round-robin until at least 2,000 pages are done, on one
core, the whole pipeline included (decoding, cleaning, metadata, sentences,
quotes and speakers). Prints figures; asserts nothing.

    python bench/parse_bench.py [--pages N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from store.text import decode_dump, parse_article, pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
GOAL_MS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    pages = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
    for name, data in pages:  # warm up imports and regex caches
        parse_article(decode_dump(data).text, name)
    per_page: list[float] = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for i in range(args.pages):
        name, data = pages[i % len(pages)]
        t0 = time.perf_counter()
        parse_article(decode_dump(data).text, name)
        per_page.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    cpu_ms = (time.process_time() - cpu_started) / args.pages * 1000
    kb = sum(len(d) for _, d in pages) / len(pages) / 1024
    per_page.sort()
    mean_ms = total / args.pages * 1000
    print(f"pages parsed        {args.pages} ({len(pages)} samples, {kb:.1f} KB on average)")
    print(f"pages per second    {args.pages / total:,.0f}")
    print(
        f"time per page       mean {mean_ms:.3f} ms, median "
        f"{statistics.median(per_page) * 1000:.3f} ms, "
        f"p99 {per_page[int(len(per_page) * 0.99)] * 1000:.3f} ms"
    )
    print(f"CPU time per page   {cpu_ms:.3f} ms (process time: steadier on a busy machine)")
    print(f"pipeline            {_build()}")
    verdict = "met" if min(mean_ms, cpu_ms) < GOAL_MS else "NOT met"
    print(f"goal                under {GOAL_MS} ms a page on one core: {verdict}")


def _build() -> str:
    """Whether the pipeline runs compiled by mypyc (see setup.py) or as plain Python."""
    if (pipeline.__file__ or "").endswith(".py"):
        return "plain Python (not compiled: no C compiler, MARGINALIA_PURE, or edited since)"
    return "compiled with mypyc"


if __name__ == "__main__":
    main()
