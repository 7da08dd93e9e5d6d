"""Pipeline speed: time per page for text dumps and for HTML pages.

Text dumps: the bundled samples are parsed round-robin until at least 2,000
pages are done, on one core, the whole pipeline included (decoding, cleaning,
metadata, sentences, quotes and speakers). The compiled build is timed, then
the plain-Python one (the same sources loaded as .py, as where no C compiler
is found) in a child process in the same run; goals: 1.5 ms and 2.5 ms.

HTML pages: each page is read as the app reads it (decoding, trafilatura,
then our layers: junk blocks, sentences, quotes, speakers), and beside it, in
the same run, trafilatura alone on the same bytes. The pages are the samples
put into the markup of a news site (navigation, scripts, a related-stories
list, a footer), or, with `--html DIR`, every `*.html` file under DIR.
Prints figures; asserts nothing.

    python bench/parse_bench.py [--pages N] [--plain-pages N] [--html-pages N] [--html DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from store.corpus.html import EXTRACT_OPTIONS, decode_html, html_article
from store.text import Article, decode_dump, parse_article, pipeline

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
GOAL_COMPILED_MS = 1.5
GOAL_PLAIN_MS = 2.5
COMPILED = "compiled with mypyc"
PLAIN = "plain Python"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--plain-pages", type=int, default=600)
    parser.add_argument("--html-pages", type=int, default=200)
    parser.add_argument("--html", type=Path, help="a folder of real HTML pages to time")
    args = parser.parse_args()
    compiled = time_dumps(args.pages)
    print_dumps(compiled)
    if compiled["build"] == COMPILED:
        plain = plain_python_dumps(args.plain_pages)
        print_dumps(plain)
        print(
            f"plain / compiled    {plain['cpu_ms'] / compiled['cpu_ms']:.2f}× (CPU time, same run)"
        )
    bench_html(args.html_pages, args.html)


def time_dumps(count: int) -> dict[str, Any]:
    """Time the text pipeline on the bundled page dumps, round-robin, on one core."""
    pages = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
    for name, data in pages:  # warm up imports and regex caches
        parse_article(decode_dump(data).text, name)
    per_page: list[float] = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    for i in range(count):
        name, data = pages[i % len(pages)]
        t0 = time.perf_counter()
        parse_article(decode_dump(data).text, name)
        per_page.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    per_page.sort()
    return {
        "count": count,
        "samples": len(pages),
        "kb": sum(len(d) for _, d in pages) / len(pages) / 1024,
        "per_second": count / total,
        "mean_ms": total / count * 1000,
        "median_ms": statistics.median(per_page) * 1000,
        "p99_ms": per_page[int(len(per_page) * 0.99)] * 1000,
        "cpu_ms": (time.process_time() - cpu_started) / count * 1000,
        "build": _build(),
    }


# Run in a child process: the pipeline loaded from its .py sources even where the
# compiled modules sit beside them, as on a machine with no C compiler.
_PLAIN_CHILD = """
import importlib.util, json, sys
from pathlib import Path
text = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("marginalia_guard", text / "compiled.py")
guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guard)
guard.load_from_sources("store.text", text)
sys.path.insert(0, sys.argv[2])
import parse_bench
print(json.dumps(parse_bench.time_dumps(int(sys.argv[3]))))
"""


def plain_python_dumps(count: int) -> dict[str, Any]:
    """The same timing with the plain-Python pipeline, in a child process."""
    here = Path(__file__).resolve().parent
    text = here.parent / "store" / "text"
    result = subprocess.run(
        [sys.executable, "-c", _PLAIN_CHILD, str(text), str(here), str(count)],
        capture_output=True, text=True, check=True, cwd=here.parent,
    )  # fmt: skip
    figures: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return figures


def print_dumps(figures: dict[str, Any]) -> None:
    """Print one timing of the text pipeline, with its goal."""
    goal = GOAL_COMPILED_MS if figures["build"] == COMPILED else GOAL_PLAIN_MS
    print(f"TEXT DUMPS ({figures['build']})")
    print(
        f"pages parsed        {figures['count']} ({figures['samples']} samples, "
        f"{figures['kb']:.1f} KB on average)"
    )
    print(f"pages per second    {figures['per_second']:,.0f}")
    print(
        f"time per page       mean {figures['mean_ms']:.3f} ms, median "
        f"{figures['median_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms"
    )
    print(
        f"CPU time per page   {figures['cpu_ms']:.3f} ms (process time: steadier on a busy machine)"
    )
    verdict = "met" if min(figures["mean_ms"], figures["cpu_ms"]) < goal else "NOT met"
    print(f"goal                under {goal} ms a page on one core: {verdict}")


_SCRIPT = "<script>window.dataLayer=window.dataLayer||[];" + "track('view');" * 400 + "</script>"
_NAV = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(30))
_RELATED = "".join(
    f'<li><a href="/story/{n}">Another story from the newsroom, number {n}</a></li>'
    for n in range(8)
)


def sample_page(article: Article) -> bytes:
    """A sample article in a news site's markup (head, scripts, navigation, footer)."""
    paragraphs = "".join(
        f"<{'h2' if p.kind == 'heading' else 'p'}>{article.text[p.start : p.end]}"
        f"</{'h2' if p.kind == 'heading' else 'p'}>"
        for p in article.paragraphs
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{article.title} | '
        f'Example News</title><meta property="og:site_name" content="Example News">'
        f"{_SCRIPT}</head><body><header><nav><ul>{_NAV}</ul></nav></header><main><article>"
        f"<h1>{article.title}</h1><p class='byline'>By A. Reporter</p>{paragraphs}"
        f"<figure><img src='a.jpg'><figcaption>A photo of the scene.</figcaption></figure>"
        f"<aside><h3>Related stories</h3><ul>{_RELATED}</ul></aside></article></main>"
        f"<footer><ul>{_NAV}</ul><p>© Example News. All rights reserved.</p></footer>"
        "</body></html>"
    ).encode()


def _html_pages(folder: Path | None) -> list[tuple[str, bytes]]:
    if folder is not None:
        return [(str(p), p.read_bytes()) for p in sorted(folder.rglob("*.html"))]
    dumps = sorted(SAMPLES.glob("*.txt"))
    return [(p.name, sample_page(parse_article(decode_dump(p.read_bytes()).text))) for p in dumps]


def bench_html(count: int, folder: Path | None) -> None:
    """Time HTML pages read as the app reads them, beside trafilatura alone."""
    import trafilatura

    pages = _html_pages(folder)
    if not pages:
        print(f"HTML PAGES          none under {folder}")
        return
    ours: list[float] = []
    alone: list[float] = []
    ours_settings: list[float] = []
    for name, data in pages[: min(len(pages), 5)]:  # warm up imports
        html_article(decode_html(data).text, name)
    for i in range(count):
        name, data = pages[i % len(pages)]
        t0 = time.perf_counter()
        with contextlib.suppress(ValueError):  # a page with no text still took its time
            html_article(decode_html(data).text, name)
        t1 = time.perf_counter()
        trafilatura.bare_extraction(data, with_metadata=True)
        t2 = time.perf_counter()
        trafilatura.bare_extraction(decode_html(data).text, **EXTRACT_OPTIONS)
        t3 = time.perf_counter()
        ours.append(t1 - t0)
        alone.append(t2 - t1)
        ours_settings.append(t3 - t2)
    kb = sum(len(d) for _, d in pages) / len(pages) / 1024
    where = folder or "the samples in a news site's markup"
    print("HTML PAGES")
    print(f"pages parsed        {count} ({len(pages)} pages from {where}, {kb:.1f} KB on average)")
    mean_ours, mean_alone = statistics.mean(ours) * 1000, statistics.mean(alone) * 1000
    print(
        f"marginalia          mean {mean_ours:.1f} ms, median "
        f"{statistics.median(ours) * 1000:.1f} ms a page (decoding, trafilatura, our layers)"
    )
    print(
        f"trafilatura alone   mean {mean_alone:.1f} ms, median "
        f"{statistics.median(alone) * 1000:.1f} ms a page (same pages, same run)"
    )
    mean_settings = statistics.mean(ours_settings) * 1000
    print(
        f"trafilatura, ours   mean {mean_settings:.1f} ms a page (decoding and trafilatura with "
        "our settings: what our layers add is the rest)"
    )
    print(
        f"ratio               {mean_ours / mean_alone:.2f}× trafilatura alone, "
        f"{mean_ours / mean_settings:.2f}× trafilatura with our settings"
    )


def _build() -> str:
    """Whether the pipeline runs compiled by mypyc (see setup.py) or as plain Python."""
    return PLAIN if (pipeline.__file__ or "").endswith(".py") else COMPILED


if __name__ == "__main__":
    main()
