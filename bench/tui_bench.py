"""Figures for the interface: time to first screen, and label-to-saved latency.

Prints, in one run (about a minute or two):
  1. time to first screen (process start → first frame) of an empty Textual
     app, and of Marginalia reopening a 10,000-article corpus (cache warm)
     with its library rows on screen; the goal is < 1.5x the empty app;
  2. the median time from a label key press to the label being durable on
     disk and drawn as saved, with 100,000 labels in the annotation file;
     the goal is < 16 ms (one frame at 60 Hz).

Usage: .venv/bin/python bench/tui_bench.py [--articles N] [--labels N] [--presses N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each child prints READY when the first frame showing its content has been
# written to the (headless) terminal: App._display is where frames go out.
EMPTY_APP = """
import time
from textual.app import App
class Empty(App):
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not getattr(self, "shown", False):
            self.shown = True
            print("READY", flush=True)
            self.exit()
Empty().run(headless=True, size=(100, 30))
"""

MARGINALIA_APP = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tui.app import MarginaliaApp, make_app
from tui.widgets.article_table import ArticleTable

original = MarginaliaApp._display
shown = []
first = []

def _display(self, screen, renderable):
    original(self, screen, renderable)
    if renderable is not None and not first:
        first.append(True)
        print("FIRST", flush=True)
    tables = screen.query(ArticleTable)
    if renderable is not None and tables and tables.first().rows and not shown:
        shown.append(True)
        print("READY", len(tables.first().rows), flush=True)
        self.exit()

MarginaliaApp._display = _display
app = make_app(Path({corpus!r}), db=Path({db!r}), annotator="bench",
               cache_dir=Path({cache!r}), local_clipboard=False)
app.run(headless=True, size=(100, 30))
"""


def make_corpus(folder: Path, count: int) -> Path:
    """A JSONL corpus of `count` short articles (title, source, date, three paragraphs)."""
    path = folder / "corpus.jsonl"
    sources = ["TASS", "Reuters", "Sputnik", "AP", "BBC"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = (
                f"MOSCOW, June {i % 28 + 1}. Officials met on day {i} to discuss item {i}. "
                "The talks lasted several hours.\n\n"
                f'"We are ready to continue [UN] talks {i}," Sergey Lavrov said. '
                "Critics disagreed.\n\n"
                "Markets were calm. Analysts expect more meetings."
            )
            row = {
                "title": f"Article {i}: talks on item {i}",
                "source": sources[i % len(sources)],
                "date": f"2017-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "text": text,
            }
            out.write(json.dumps(row) + "\n")
    return path


FIRST_FRAMES: list[float] = []
"""Times of marginalia's first frame (before the list is filled), for the breakdown."""


def time_to_ready(script: str, runs: int, pycache: Path) -> list[float]:
    """Wall time from starting a Python process to its READY line, `runs` times.

    Bytecode is cached (in `pycache`, outside the tree) as it is on a user's
    machine, even where PYTHONDONTWRITEBYTECODE is set; the first run warms it.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-X", f"pycache_prefix={pycache}", "-c", script]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("FIRST"):
                FIRST_FRAMES.append(time.perf_counter() - started)
            if line.startswith("READY"):
                times.append(time.perf_counter() - started)
                break
        proc.wait(timeout=120)
    return times


def fill_store(db: Path, article_ids: list[str], count: int) -> None:
    """Write `count` labels spread over the articles, in one durable merge."""
    from store.annotations import AnnotationStore
    from store.records import Annotation, now_iso

    stamp = now_iso()
    labels = ("favor", "against", "neutral")
    anns = [
        Annotation.from_dict(
            {
                "id": f"bench{i:08d}",
                "article_id": article_ids[i % len(article_ids)],
                "start": (i // len(article_ids)) * 7,
                "end": (i // len(article_ids)) * 7 + 5,
                "text": "bench",
                "label": labels[i % 3],
                "annotator": "filler",
                "created": stamp,
                "updated": stamp,
            }
        )
        for i in range(count)
    ]
    with AnnotationStore(db, annotator="filler") as store:
        store.merge(anns)


async def label_latency(corpus: Path, db: Path, cache: Path, presses: int) -> list[float]:
    """Press label keys in the reader; time each press until saved and redrawn."""
    from textual._compositor import Compositor

    from tui.app import make_app
    from tui.screens.reader import ReaderScreen
    from tui.undo import ArticleMarks
    from tui.widgets.article_table import ArticleTable
    from tui.widgets.article_view import ParagraphBlock

    app = make_app(corpus, db=db, annotator="bench", cache_dir=cache, local_clipboard=False)
    pressed: list[float] = []
    shown: list[float] = []
    key_time = [0.0]
    original_label = ReaderScreen.action_label
    original_submit = app.submit_edit
    original_confirm = ArticleMarks.confirm

    async def timed_label(self: ReaderScreen, name: str) -> None:
        key_time[0] = time.perf_counter()
        await original_label(self, name)

    def timed_submit(edit, *, record=True):  # type: ignore[no-untyped-def]
        pressed.append(key_time[0])  # only presses that change a label are timed
        return original_submit(edit, record=record)

    # A label counts as shown when a frame that repaints its paragraph, after the
    # edit was confirmed durable, has been written to the terminal.
    waiting: set[object] = set()  # paragraphs redrawn since a confirmation
    in_frame = [False]

    def timed_confirm(self, ticket, error):  # type: ignore[no-untyped-def]
        edit = original_confirm(self, ticket, error)
        if edit is not None:
            confirmed[0] += 1
        return edit

    def timed_show(block, content):  # type: ignore[no-untyped-def]
        original_show(block, content)
        if confirmed[0] > len(shown):
            waiting.add(block)

    def timed_update_widgets(compositor, widgets):  # type: ignore[no-untyped-def]
        if waiting & set(widgets):
            in_frame[0] = True
            waiting.clear()
        return original_update_widgets(compositor, widgets)

    def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
        original_display(screen, renderable)
        if in_frame[0]:
            in_frame[0] = False
            while len(shown) < confirmed[0]:
                shown.append(time.perf_counter())

    confirmed = [0]
    original_show = ParagraphBlock.show
    original_update_widgets = Compositor.update_widgets
    original_display = app._display
    ParagraphBlock.show = timed_show  # type: ignore[method-assign]
    Compositor.update_widgets = timed_update_widgets  # type: ignore[method-assign]
    app._display = timed_display  # type: ignore[method-assign]
    ArticleMarks.confirm = timed_confirm  # type: ignore[method-assign]
    app.submit_edit = timed_submit  # type: ignore[method-assign]

    ReaderScreen.action_label = timed_label  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while not (app.corpus is not None and app.counts_ready):
                await pilot.pause(0.01)
            await pilot.pause()
            table = app.screen.query_one(ArticleTable)
            table.cursor = 0
            await pilot.press("enter")
            while not (isinstance(app.screen, ReaderScreen) and app.screen.ready):
                await pilot.pause(0.01)
            for i in range(presses):
                await pilot.press("123"[i % 3])
                if i % 5 == 4:
                    await pilot.press("home")
                while len(shown) < len(pressed):
                    await asyncio.sleep(0.001)  # (pilot.pause would force extra redraws)
            while app.writer.pending:
                await pilot.pause(0.01)
    finally:
        ReaderScreen.action_label = original_label  # type: ignore[method-assign]
        ArticleMarks.confirm = original_confirm  # type: ignore[method-assign]
        ParagraphBlock.show = original_show  # type: ignore[method-assign]
        Compositor.update_widgets = original_update_widgets  # type: ignore[method-assign]
    return [b - a for a, b in zip(pressed, shown, strict=True)]


def main() -> int:
    """Run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--labels", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tui-bench-") as tmp:
        folder = Path(tmp)
        corpus = make_corpus(folder, args.articles)
        cache = folder / "cache"
        db = folder / "annotations.json"
        script = MARGINALIA_APP.format(
            root=str(ROOT), corpus=str(corpus), db=str(db), cache=str(cache)
        )
        pyc = folder / "pycache"
        cold = time_to_ready(script, 1, pyc)[0]
        time_to_ready(EMPTY_APP, 1, pyc)
        # Interleaved, so that load from other processes hits both alike.
        empties, warms = [], []
        FIRST_FRAMES.clear()
        for _ in range(args.runs):
            empties += time_to_ready(EMPTY_APP, 1, pyc)
            warms += time_to_ready(script, 1, pyc)
        empty, warm = statistics.median(empties), statistics.median(warms)
        first_frame = statistics.median(FIRST_FRAMES)
        print(f"time to first screen, empty Textual app: {empty * 1000:.0f} ms")
        print(
            f"time to first screen, marginalia, {args.articles:,} articles, reopen: "
            f"{warm * 1000:.0f} ms with the list filled ({warm / empty:.2f}x the empty app; "
            f"goal < 1.5x); its first frame (library, list still loading) at "
            f"{first_frame * 1000:.0f} ms ({first_frame / empty:.2f}x); first open {cold:.1f} s"
        )

        from store.corpus import Corpus

        ids = [entry.id for entry in Corpus.open(corpus, cache_dir=cache).entries]
        started = time.perf_counter()
        fill_store(db, ids, args.labels)
        print(
            f"filled the annotation file with {args.labels:,} labels in "
            f"{time.perf_counter() - started:.1f} s"
        )
        with_labels = statistics.median(time_to_ready(script, max(1, args.runs // 2), pyc))
        print(f"time to first screen with {args.labels:,} labels: {with_labels * 1000:.0f} ms")
        latencies = asyncio.run(label_latency(corpus, db, cache, args.presses))
        ms = sorted(x * 1000 for x in latencies)
        print(
            f"label key → saved and shown, {args.labels:,} labels in the file: "
            f"median {statistics.median(ms):.1f} ms, p90 {ms[int(len(ms) * 0.9)]:.1f} ms, "
            f"max {ms[-1]:.1f} ms over {len(ms)} presses (goal: median < 16 ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
