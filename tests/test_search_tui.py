"""Pilot tests of full-text search: the library finds words in the articles' text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from test_tui_support import build, burst, open_library, settle, until, write_corpus
from textual.pilot import Pilot

from store.corpus.fulltext import fulltext_path
from store.search import parse_search
from tui.screens.library import LibraryScreen
from tui.screens.library_search import FullTextLine
from tui.widgets.article_table import ArticleTable

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
    if parse_search(text).terms:
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
