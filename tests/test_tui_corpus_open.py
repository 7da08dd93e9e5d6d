"""Pilot tests of opening a corpus in the library: a cold open's progress (pages done,
time left), and a reopen's list, which says when its files are checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_tui_support import build, open_library, until
from textual.widgets import ProgressBar, Static

from store.corpus.pool import worker_count
from tui.widgets.article_table import ArticleTable

BODY = (
    "The council voted on Tuesday to close the old bridge to heavy traffic for good, "
    "officials said. Residents were not consulted."
)


def write_pages(folder: Path, count: int) -> Path:
    """`count` short page dumps, each its own article, written long ago (so that their
    mtimes are trusted: a file changed seconds ago is checked by its content)."""
    folder.mkdir()
    for i in range(count):
        page = folder / f"{i:04}.txt"
        page.write_text(f"Bridge report {i}\n\n{BODY} Report {i}.\n")
        os.utime(page, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))
    return folder


def loading_text(app: object) -> str:
    """What the library's loading line says now ("" before the library is up)."""
    screen = getattr(app, "screen", None)
    found = screen.query("#loading-text") if screen is not None else []
    return str(found.first(Static).render()) if found else ""


async def test_a_cold_open_shows_pages_done_and_time_left(tmp_path: Path) -> None:
    corpus = write_pages(tmp_path / "corpus", 1000)  # half a second of parsing at least
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: " left" in loading_text(app), timeout=60)
        text = loading_text(app)
        assert text.startswith("Opening articles… ") and " of 1,000 pages · about " in text
        assert app.screen.query(ProgressBar)  # the bar is there while parsing goes on
        await until(pilot, lambda: app.session.corpus is not None, timeout=60)
        assert app.session.corpus is not None
        cores = worker_count(None, 1000)  # every core parses, even under Textual's stderr
        assert app.session.corpus.stats.workers == (cores if cores > 1 else 0)
        library = await open_library(pilot)
        assert len(library.query_one(ArticleTable).rows) == 1000
        status = str(library.query_one("#library-status", Static).render())
        assert status.startswith("1,000 of 1,000 articles · tester")


async def test_a_reopen_lists_the_checked_corpus(tmp_path: Path) -> None:
    corpus = write_pages(tmp_path / "corpus", 3)
    first = build(corpus, tmp_path / "db.json", tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
    (corpus / "0001.txt").unlink()  # the listing says three; the disk has two
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        assert sorted(entry.title for entry in table.rows) == ["Bridge report 0", "Bridge report 2"]
        status = str(library.query_one("#library-status", Static).render())
        assert status.startswith("2 of 2 articles · tester")
        assert app.session.corpus is not None and not app.session.corpus.stats.listed
    again = build(corpus, tmp_path / "db.json", tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        assert len(library.query_one(ArticleTable).rows) == 2
        assert again.session.corpus is not None and again.session.corpus.stats.listed
        # The checked corpus is the listing's own list: the status line still says so.
        status = str(library.query_one("#library-status", Static).render())
        assert status.startswith("2 of 2 articles · tester") and "checking" not in status


PRELOAD_CHECK = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from test_tui_support import build, open_library, until
corpus, tmp = Path(sys.argv[2]), Path(sys.argv[3])

async def main():
    app = build(corpus, tmp / "db.json", tmp)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        listed = app.session.corpus.stats.listed
        await until(pilot, lambda: "store.text.pipeline" in sys.modules, timeout=20)
        print(listed, "store.text.pipeline" in sys.modules)

asyncio.run(main())
"""


def test_a_reopen_loads_the_parser_after_the_list_for_the_first_article(tmp_path: Path) -> None:
    """A reopen parses nothing, yet the parser is loaded once the list is up: opening
    the first article would otherwise wait for its import."""
    corpus = write_pages(tmp_path / "corpus", 3)
    tests = str(Path(__file__).parent)
    runs = [
        subprocess.run(
            [sys.executable, "-c", PRELOAD_CHECK, tests, str(corpus), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        for _ in range(2)  # the first parses the pages; the second is a reopen
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert runs[1].stdout.split() == ["True", "True"]  # listed, and the parser loaded


FIRST_FRAME_MODULES = """
import sys
from pathlib import Path
from tui.factory import make_app
tmp = Path(sys.argv[1])
app = make_app(tmp / "corpus", db=tmp / "db.json", annotator="tester",
               cache_dir=tmp / "cache", state_file=tmp / "state.json")
print(app.session.early_saves is not None)
print(*sorted(m for m in ("msgspec", "store.records", "store.labelling", "store.journal")
              if m in sys.modules))
"""


def test_the_session_is_made_without_the_label_records(tmp_path: Path) -> None:
    """The app and its session are built before the library's first frame, which
    needs no label record: those modules load with the store, after the list."""
    write_pages(tmp_path / "corpus", 1)
    run = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_MODULES, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["True", ""]
