"""Figures for opening a corpus in the app: a reopen's curve, and a cold open on every core.

Prints, in one run (about a minute once the corpora are cached in /tmp):
  1. reopen, cache warm, for 1,000, 10,000 and 50,000 articles (the JSONL
     corpus of `tui_bench`): from starting the process to
       - titles visible: a real pseudo-terminal has received the first
         article's title in the library list;
       - full list: it has received the status line of the checked corpus
         ("50,001 of 50,001 articles · bench": every article listed, every
         file checked; before that it says "checking the files…");
     each as a ratio to an empty Textual app's first words in the same
     terminal, run interleaved with it. Goals: titles visible ≤ 1.5× at
     10,000 and ≤ 2× at 50,000, full list ≤ 2× at 50,000, and a cost beyond
     the empty app that grows no faster than the corpus;
  2. the first article opened from that list (10,000 articles), Enter pressed as
     soon as the full list is drawn and a second after it: from the key to its
     first statement drawn, against an empty Textual app's Enter to a new screen;
  3. cold open (no index yet) of page dumps (copies of the samples): the text
     pipeline alone, one process a core each on its share of the pages, all at
     once, gives ms a page on one core as the cores run now (the anchor, the
     mean of a run before and one after); `marginalia` opens the same pages
     with a fresh cache, from process start to the full list, against pages ×
     ms a page / cores. Goal ≤ 1.2×.

Corpora and their warm caches (corpus index and full-text index, as a corpus someone
has worked in has them) are kept in /tmp/marginalia-reopen-bench, so a
second run skips building them.

Usage: .venv/bin/python bench/reopen_bench.py [--sizes 1000,10000,50000] [--runs N] [--pages N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_bench import build_corpus  # noqa: E402 (bench/ is put on the path above)
from terminal import Terminal  # noqa: E402
from tui_bench import (  # noqa: E402
    EMPTY_APP,
    EMPTY_APP_TEXT,
    FIRST_TITLE,
    app_env,
    bench_statement,
    make_corpus,
    marginalia_command,
    time_to_text,
)

KEEP = Path(tempfile.gettempdir()) / "marginalia-reopen-bench"
"""Where the generated corpora and their caches are kept between runs."""


def full_list_text(articles: int) -> str:
    """The status line's start once the checked corpus is listed (not "checking the files…")."""
    return f"{articles:,} of {articles:,} articles · bench"


def cached_corpus(size: int) -> tuple[Path, Path]:
    """The JSONL corpus of `size` articles and its cache folder, made (and opened once,
    which writes its index) only when not kept from an earlier run."""
    from store import Corpus, FullTextIndex

    folder = KEEP / f"jsonl-{size}"
    corpus, cache = folder / "corpus.jsonl", folder / "cache"
    if not corpus.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        make_corpus(folder, size)
        # An hour old, as a real corpus is: a file this fresh is checked by content.
        old = time.time_ns() - 3_600_000_000_000
        os.utime(corpus, ns=(old, old))
    started = time.perf_counter()
    opened = Corpus.open(corpus, cache)
    # Its full-text index too, as a corpus someone has worked in has it: otherwise
    # every timed start would begin building it, on every core, behind the list.
    added = FullTextIndex.for_location(opened.location, cache).sync(opened).added
    if opened.stats.parsed_files or added:
        print(
            f"  ({size:,} articles: caches and full-text index built in "
            f"{time.perf_counter() - started:.0f} s)"
        )
    return corpus, cache


def reopen_times(command: list[str], env: dict[str, str], articles: int) -> tuple[float, float]:
    """Seconds from process start to titles visible, and to the full list."""
    started = time.perf_counter()
    terminal = Terminal(command, columns=100, rows=30, env=env)
    try:
        titles = terminal.wait_for(FIRST_TITLE, timeout=120) - started
        full = terminal.wait_for(full_list_text(articles), timeout=120) - started
    finally:
        terminal.close()
    return titles, full


def reopen_curve(sizes: list[int], runs: int, pycache: Path) -> None:
    """Print titles visible and full list, as ratios to the empty app, for each size."""
    empty_app = [sys.executable, "-X", f"pycache_prefix={pycache}", "-c", EMPTY_APP]
    extra: dict[int, float] = {}
    for size in sizes:
        corpus, cache = cached_corpus(size)
        env = app_env(corpus.parent, cache)
        command = marginalia_command(corpus, corpus.parent / "annotations.json", pycache)
        reopen_times(command, env, size + 1)  # bytecode cached, files in the page cache
        time_to_text(empty_app, EMPTY_APP_TEXT, env)
        empties, titles, fulls = [], [], []
        for _ in range(runs):  # interleaved: load from other processes hits both alike
            empties.append(time_to_text(empty_app, EMPTY_APP_TEXT, env))
            shown, full = reopen_times(command, env, size + 1)
            titles.append(shown)
            fulls.append(full)
        empty = statistics.median(empties)
        title, full = statistics.median(titles), statistics.median(fulls)
        extra[size] = full - empty
        print(
            f"reopen {size:>6,} articles: titles visible {title * 1000:4.0f} ms = "
            f"{title / empty:.2f}x, full list {full * 1000:4.0f} ms = {full / empty:.2f}x "
            f"the empty Textual app ({empty * 1000:.0f} ms)"
        )
    if len(sizes) > 1:
        small, big = sizes[0], sizes[-1]
        print(
            f"reopen growth: {big // small}x the articles cost {extra[big] / extra[small]:.1f}x "
            f"the time beyond the empty app ({extra[small] * 1000:.0f} → "
            f"{extra[big] * 1000:.0f} ms; goal: no faster than the corpus)"
        )


EMPTY_PUSH_APP = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static
class Pushed(Screen):
    def compose(self):
        yield Static("A pushed screen")
class Empty(App):
    def compose(self):
        yield Static("An empty Textual app")
    def on_key(self, event):
        if event.key == "enter":
            self.push_screen(Pushed())
Empty().run()
"""
"""The anchor of opening an article: an empty app that shows a new screen on Enter."""

SETTLE_SECONDS = (0.0, 1.0)
"""When Enter is pressed after the full list: at once (an annotator who knows the
first title), and a second later (a reader glancing at the list)."""


def enter_to_text(
    command: list[str], env: dict[str, str], ready: str, shown: str, settle: float
) -> float:
    """Seconds from Enter (pressed `settle` seconds after `ready` is drawn) to `shown`."""
    terminal = Terminal(command, columns=100, rows=30, env=env)
    try:
        terminal.wait_for(ready, timeout=120)
        time.sleep(settle)
        mark = terminal.mark()
        pressed = terminal.send(b"\r")
        return terminal.wait_for(shown, after=mark, timeout=60) - pressed
    finally:
        terminal.close()


def first_article(size: int, runs: int, pycache: Path) -> None:
    """Print Enter on the first title of a reopened corpus to its first statement drawn,
    pressed at once and a second after the full list, against the empty app's Enter to
    its new screen drawn."""
    corpus, cache = cached_corpus(size)
    env = app_env(corpus.parent, cache)
    command = marginalia_command(corpus, corpus.parent / "annotations.json", pycache)
    empty_app = [sys.executable, "-X", f"pycache_prefix={pycache}", "-c", EMPTY_PUSH_APP]
    statement = bench_statement(1)
    opens: dict[float, list[float]] = {settle: [] for settle in SETTLE_SECONDS}
    anchors = []
    for _ in range(runs):
        anchors.append(enter_to_text(empty_app, env, EMPTY_APP_TEXT, "A pushed screen", 1.0))
        for settle in SETTLE_SECONDS:
            ready = full_list_text(size + 1)
            opens[settle].append(enter_to_text(command, env, ready, statement, settle))
    anchor = statistics.median(anchors)
    shown = ", ".join(
        f"{statistics.median(times) * 1000:.0f} ms = {statistics.median(times) / anchor:.2f}x "
        + ("with Enter at once" if settle == 0 else f"{settle:.0f} s after it")
        for settle, times in opens.items()
    )
    print(
        f"first article opened, {size:,} articles reopened, Enter after the full list → its "
        f"first statement drawn: {shown}; against an empty Textual app's Enter → a new screen "
        f"({anchor * 1000:.0f} ms)"
    )


PARSE_SHARE = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from store.corpus.read import read_span
pages = sorted(Path(sys.argv[2]).iterdir())[int(sys.argv[3]) :: int(sys.argv[4])]
started = time.perf_counter()
for page in pages:
    read_span(page, page.name)
print(len(pages), time.perf_counter() - started)
"""
"""One core's share of the pages, parsed by the pipeline alone; prints pages and seconds."""


def pipeline_ms_a_page(folder: Path, cores: int) -> float:
    """Wall ms a page of the text pipeline on one core, measured while every core runs
    it (one process a core, each on its share of the pages, all at once): the speed
    the cores really have now, on a machine that others use too."""
    shares = [
        subprocess.Popen(
            [sys.executable, "-c", PARSE_SHARE, str(ROOT), str(folder), str(i), str(cores)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(cores)
    ]
    pages = seconds = 0.0
    for share in shares:
        out, _ = share.communicate()
        count, took = out.split()
        pages, seconds = pages + int(count), seconds + float(took)
    return seconds / pages * 1000


def cold_open(pages: int, pycache: Path) -> None:
    """Print a cold open's wall time against the pipeline's own speed on every core."""
    folder = KEEP / f"dumps-{pages}"
    if not folder.is_dir() or len(list(folder.iterdir())) != pages:
        shutil.rmtree(folder, ignore_errors=True)
        build_corpus(folder, pages)
    cores = len(os.sched_getaffinity(0))
    before = pipeline_ms_a_page(folder, cores)
    with tempfile.TemporaryDirectory(prefix="reopen-bench-") as tmp:
        env = app_env(Path(tmp), Path(tmp) / "cache")
        command = marginalia_command(folder, Path(tmp) / "annotations.json", pycache)
        started = time.perf_counter()
        terminal = Terminal(command, columns=100, rows=30, env=env)
        try:
            progress = terminal.wait_for(" left", timeout=300) - started
            wall = terminal.wait_for(full_list_text(pages), timeout=300) - started
        finally:
            terminal.close()
    after = pipeline_ms_a_page(folder, cores)  # before and after: others' load drifts
    per_page = (before + after) / 2
    ideal = pages * per_page / 1000 / cores
    print(
        f"cold open, {pages:,} page dumps: the pipeline {per_page:.2f} ms a page a core "
        f"({before:.2f} before, {after:.2f} after); "
        f"`marginalia` to the full list {wall:.1f} s = {wall / ideal:.2f}x pages × ms a page "
        f"/ {cores} cores ({ideal:.1f} s; goal ≤ 1.2x); time left shown after {progress:.1f} s"
    )


def main() -> int:
    """Run the reopen curve and the cold open, and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pages", type=int, default=2000, help="pages of the cold open (0: no cold open)"
    )
    args = parser.parse_args()
    KEEP.mkdir(parents=True, exist_ok=True)
    pycache = KEEP / "pycache"
    sizes = [int(size) for size in args.sizes.split(",")]
    reopen_curve(sizes, args.runs, pycache)
    first_article(sizes[min(1, len(sizes) - 1)], args.runs, pycache)
    if args.pages > 0:
        cold_open(args.pages, pycache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
