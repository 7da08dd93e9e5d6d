"""Pilot tests of search: the library finds words in the articles' text, the reader in one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_tui_support import (
    build,
    burst,
    open_article,
    open_library,
    settle,
    stored,
    until,
    write_corpus,
)
from textual.pilot import Pilot

from store import HIT_END, HIT_START
from store.corpus.fulltext import fulltext_path
from store.search import parse_search
from tui.screens.library import LibraryScreen
from tui.screens.library_search import FullTextLine, snippet_content
from tui.screens.reader_find import find_ranges
from tui.widgets.article_table import ArticleTable
from tui.widgets.article_view import ArticleView

GENEVA = "Ministers meet in Geneva to discuss grain deal"
OIL = "Oil prices fall after OPEC meeting"
PARK = "City council approves new park"


def titles(library: LibraryScreen) -> list[str]:
    return sorted(entry.title for entry in library.query_one(ArticleTable).rows)


async def indexed(pilot: Pilot[None]) -> LibraryScreen:
    """The library, once its full-text index holds the whole corpus."""
    library = await open_library(pilot)
    await until(pilot, lambda: library.query_one(FullTextLine).synced)
    return library


async def search(pilot: Pilot[None], library: LibraryScreen, text: str) -> list[str]:
    """Type `text` into a cleared search box; the titles listed once the index answered."""
    burst(pilot, "slash", "ctrl+u", *text)
    await settle(pilot)
    if parse_search(text).terms and library.query_one(FullTextLine).index is not None:
        await until(pilot, lambda: library._hits is not None and library._hits[0] == text)
        await pilot.pause()
    return titles(library)


async def test_words_of_the_body_are_found(tmp_path: Path) -> None:
    app = build(write_corpus(tmp_path / "corpus"), tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "guterres") == [GENEVA]
        assert await search(pilot, library, "construction ") == [PARK]
        hit = library.query_one(FullTextLine)
        await until(pilot, lambda: "Construction" in str(hit.render()))
        assert await search(pilot, library, "declines traders") == [OIL]
        assert await search(pilot, library, "fell sharp") == [OIL]  # a word being typed


async def test_phrases_filters_and_hostile_text(tmp_path: Path) -> None:
    app = build(write_corpus(tmp_path / "corpus"), tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "meeting ") == [GENEVA, OIL]
        assert await search(pilot, library, '"the meeting" ') == [GENEVA]
        assert await search(pilot, library, "meeting source:tass") == [GENEVA]
        for hostile in ["NEAR(a", "*NEAR*", "$(rm -rf)", 'col:"x']:
            assert await search(pilot, library, hostile) == []
        assert await search(pilot, library, '"') == [PARK, GENEVA, OIL]  # no words: all
        assert library.query_one(FullTextLine).index is not None  # still in use


async def test_a_changed_file_is_searched_as_it_now_is(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "guterres") == [GENEVA]
    park = corpus / "a3.txt"
    park.write_text(
        "City council approves new park\n\nThe city council approved a new park on "
        "Friday. A fountain by Guterres Studio will stand in it.\n",
        encoding="utf-8",
    )
    os.utime(park, ns=(1, 1))
    (corpus / "a2.txt").unlink()
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "guterres") == [PARK, GENEVA]
        assert await search(pilot, library, "traders") == []


async def test_a_damaged_index_is_rebuilt_and_said_once(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    path = fulltext_path(corpus.resolve(), tmp_path / "cache")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage, not SQLite" * 500)
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        messages = [n.message for n in app._notifications]
        assert sum("damaged" in m for m in messages) == 1
        assert await search(pilot, library, "guterres") == [GENEVA]


async def test_jsonl_dates_filter_the_list(tmp_path: Path) -> None:
    corpus = tmp_path / "wire.jsonl"
    records = [
        {"title": "Talks resume", "text": "Diplomats resumed the talks about the corridor.",
         "source": "TASS", "date": "2024-03-05"},
        {"title": "Markets calm", "text": "Markets were calm as the corridor reopened.",
         "source": "Reuters", "date": "2023-11-20"},
    ]  # fmt: skip
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "corridor ") == ["Markets calm", "Talks resume"]
        assert await search(pilot, library, "corridor date:2024") == ["Talks resume"]
        assert await search(pilot, library, "corridor before:2024") == ["Markets calm"]
        assert await search(pilot, library, "after:2024-01") == ["Talks resume"]


async def test_reader_find_jumps_between_hits(tmp_path: Path) -> None:
    app = build(write_corpus(tmp_path / "corpus"), tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        view = reader.query_one(ArticleView)
        text = view.article.text

        def under_cursor() -> str:
            current = reader._current_range()
            assert current is not None
            return text[current[0] : current[1]]

        burst(pilot, "slash", *"deal")  # letters go to the find bar, not the reader
        await settle(pilot)
        assert [text[a:b] for a, b in view.highlight.found] == ["deal", "deal"]
        assert view.highlight.current == view.highlight.found[0]
        assert under_cursor().startswith("GENEVA, March 3")
        burst(pilot, "enter")
        await settle(pilot)
        assert under_cursor().startswith('"The deal must continue,"')
        burst(pilot, "down")  # wraps around to the first
        await settle(pilot)
        assert under_cursor().startswith("GENEVA, March 3")
        burst(pilot, "up")
        await settle(pilot)
        assert under_cursor().startswith('"The deal must continue,"')
        assert stored(tmp_path / "db.json") == []  # no letter was taken as a label key
        burst(pilot, "escape", "1")  # Esc closes the find; the cursor stays, ready to label
        await settle(pilot)
        assert not reader.finding and view.highlight.found == ()
        assert [label for _, _, label in stored(tmp_path / "db.json")] == ["favor"]
        assert stored(tmp_path / "db.json")[0][1].startswith('"The deal must continue,"')
        burst(pilot, "slash")  # the last words again
        await settle(pilot)
        assert [text[a:b] for a, b in view.highlight.found] == ["deal", "deal"]
        burst(pilot, "ctrl+u", *"THE  deal")  # case and spacing ignored
        await settle(pilot)
        assert [text[a:b] for a, b in view.highlight.found] == ["The deal"]


def test_find_ranges_take_words_as_text() -> None:
    text = "Oil (Brent) fell.\nOIL   (brent) rose. [a]*"
    assert find_ranges(text, "oil (brent)") == [(0, 11), (18, 31)]
    assert find_ranges(text, "[a]*") == [(38, 42)]
    assert find_ranges(text, "  ") == []


async def test_without_a_usable_index_titles_are_searched_with_a_notice(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)

        def noticed() -> bool:
            return any("titles and sources only" in n.message for n in app._notifications)

        await until(pilot, noticed)
        assert library.query_one(FullTextLine).index is None
        assert await search(pilot, library, "oil") == [OIL]  # titles still
        assert await search(pilot, library, "guterres") == []  # the text is not searched


def test_snippets_are_text_with_the_hits_in_bold() -> None:
    raw = f"…the [b]{HIT_START}deal{HIT_END}[/b] \x1b[31mmust\n{HIT_START}go{HIT_END}…"
    content = snippet_content(raw)
    assert content.plain == "…the [b]deal[/b] must go…"
    assert [content.plain[s.start : s.end] for s in content.spans] == ["deal", "go"]


async def test_an_answer_for_older_text_is_dropped(tmp_path: Path) -> None:
    app = build(write_corpus(tmp_path / "corpus"), tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await indexed(pilot)
        assert await search(pilot, library, "guterres") == [GENEVA]
        park = next(e.id for e in library.index.entries if e.title == PARK)
        # An answer to "guterr", still on its way while "guterres" was typed, arrives late.
        library.post_message(FullTextLine.Hits("guterr", frozenset({park})))
        await pilot.pause()
        assert titles(library) == [GENEVA]
        library.post_message(FullTextLine.Hits("guterres", frozenset({park})))
        await pilot.pause()
        assert titles(library) == [PARK]  # the answer to the text shown is taken


FULL_TEXT_ON_REOPEN = """
import asyncio, os, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from test_tui_support import build, until
from store import Corpus
from tui.screens.library_search import FullTextLine
tmp = Path(sys.argv[2])
corpus = tmp / "corpus"
corpus.mkdir()
for i in range(250):
    page = corpus / f"{i:04}.txt"
    body = f"The council voted to close bridge {i}, officials said."
    page.write_text(f"Bridge report {i}\\n\\n{body}\\n")
    os.utime(page, ns=(1_500_000_000_000_000_000,) * 2)
Corpus.open(corpus, tmp / "cache", workers=1)  # the corpus index, no full-text index yet

async def main():
    app = build(corpus, tmp / "db.json", tmp)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.session.corpus is not None)
        line = app.screen.query_one(FullTextLine)
        def failed():
            return any("sources only" in str(n.message) for n in app._notifications)
        await until(pilot, lambda: line.synced or failed(), 60)
        print(line.synced, not failed(), [str(n.message) for n in app._notifications])

asyncio.run(main())
"""


def test_a_reopen_builds_the_full_text_index_in_worker_processes(tmp_path: Path) -> None:
    """A reopen whose full-text index is still to be built indexes 250 articles in
    worker processes, inside the app (whose stderr has no file descriptor), in a
    process that has started no workers before."""
    run = subprocess.run(
        [sys.executable, "-c", FULL_TEXT_ON_REOPEN, str(Path(__file__).parent), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("True True"), run.stdout + run.stderr
