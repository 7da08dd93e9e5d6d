"""Pilot tests of the library: search as you type, filters, sort, progress from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tui.widgets.article_table import ArticleTable
from tui.widgets.choice_chip import ChoiceChip


def titles(table: ArticleTable) -> list[str]:
    """Titles of the rows shown, in order."""
    return [entry.title for entry in table.rows]


async def test_search_as_you_type(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        assert len(table.rows) == 3
        burst(pilot, "slash", *"oil")
        await settle(pilot)
        assert titles(table) == ["Oil prices fall after OPEC meeting"]
        burst(pilot, "backspace", "backspace", "backspace", *"tass")  # sources match too
        await settle(pilot)
        assert titles(table) == ["Ministers meet in Geneva to discuss grain deal"]
        burst(pilot, "ctrl+u", *"no such words")
        await settle(pilot)
        assert titles(table) == []
        status = str(library.query_one("#library-status", Static).render())
        assert "0 of 3 articles match: Esc clears the search" in status
        await pilot.press("escape")  # clears the search, back to the list
        await pilot.pause()
        assert len(table.rows) == 3 and table.has_focus
        burst(pilot, "slash", *"park", "enter")  # Enter opens the match
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"


async def test_the_footer_shows_the_library_keys_from_the_start(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        await until(pilot, lambda: bool(library.query(FooterKey)))
        shown = {key.description for key in library.query(FooterKey)}
        assert {"Open", "Search", "Show", "Source", "Sort"} <= shown


async def test_filter_by_progress_and_source(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "park")
        burst(pilot, "1", "1", "escape")  # both statements: done
        await settle(pilot)
        await open_article(pilot, "Oil")
        burst(pilot, "2")  # one of four: in progress
        await settle(pilot)
        await pilot.press("escape")
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        status: ChoiceChip = library.query_one("#status-filter", ChoiceChip)
        await pilot.press("f")
        assert status.value == "unlabelled"
        assert titles(table) == ["Ministers meet in Geneva to discuss grain deal"]
        await pilot.press("f")
        assert titles(table) == ["Oil prices fall after OPEC meeting"]
        await pilot.press("f")
        assert titles(table) == ["City council approves new park"]
        await pilot.press("f", "o")  # all progress, first source
        source: ChoiceChip = library.query_one("#source-filter", ChoiceChip)
        assert source.value == "TASS"
        assert titles(table) == ["Ministers meet in Geneva to discuss grain deal"]
    assert [label for *_x, label in stored(db)] == ["against", "favor", "favor"]


async def test_sort_by_title_and_progress(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        await pilot.press("s")
        assert titles(table) == sorted(titles(table), key=str.casefold)
        await pilot.press("s")
        assert titles(table)[0] == "Oil prices fall after OPEC meeting"


async def test_mouse_click_opens_article(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        await pilot.click(ArticleTable, offset=(5, 2))  # second row: cursor
        assert table.cursor == 1
        await pilot.click(ArticleTable, offset=(5, 2))  # again: open
        await pilot.pause(0.2)
        assert type(app.screen).__name__ == "ReaderScreen"


async def test_help_lists_every_file_the_corpus_skipped(tmp_path: Path) -> None:
    from tui.screens.help import HelpScreen

    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00" + bytes(64))
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.help_markdown()
    assert "Skipped or repaired while opening (2)" in text
    assert "empty.txt" in text and "image.txt" in text


async def test_cursor_stays_on_the_top_row_while_the_list_fills(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "The council voted on Tuesday to close the old bridge to heavy traffic for good."
    (corpus / "a.txt").write_text(f"An undated report on the bridge\n\n{body}\n")
    (corpus / "b.txt").write_text(f"A dated report on the bridge\n\nMay 13 2015, 12:12\n\n{body}\n")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        assert table.rows[0].title == "A dated report on the bridge"
        assert table.cursor == 0  # not carried to where the first-loaded article went
        await pilot.press("down")
        library.query_one("#sort", ChoiceChip).cycle()  # by title
        await pilot.pause()
        assert table.current is not None and table.current.title.startswith("An undated")


async def test_source_and_date_are_muted_but_readable_in_every_theme(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        table = (await open_library(pilot)).query_one(ArticleTable)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            title, source = list(table.render_line(2))[:2]
            assert title.style.color and source.style.color and source.style.bgcolor

            def lightness(colour: Any) -> float:
                return sum(colour.get_truecolor()) / 3

            text, muted = lightness(title.style.color), lightness(source.style.color)
            ground = lightness(source.style.bgcolor)
            # Muted lies between the text and the background, well clear of the latter.
            assert min(text, ground) < muted < max(text, ground), theme
            assert abs(muted - ground) > 60, theme


async def test_date_sort_puts_year_less_dates_in_calendar_order(
    sample_dir: Path, tmp_path: Path
) -> None:
    app = build(sample_dir, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        dates = [e.date or e.date_text for e in table.rows]
        # Full dates first, then those without a year (never given one), then none.
        assert dates == ["2015-05-13", "September 20, 6:19 UTC+3", "June 22", "April 12", None]


async def test_the_source_filter_finds_articles_without_a_source(
    sample_dir: Path, tmp_path: Path
) -> None:
    app = build(sample_dir, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(120, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        chip = library.query_one("#source-filter", ChoiceChip)
        assert [label for label, _value in chip.options] == ["all", "Sputnik", "TASS", "no source"]
        await pilot.press("o", "o", "o")
        assert chip.label == "no source"
        assert [e.source for e in table.rows] == [None]
        assert titles(table) == [
            "Avoiding further harm to US-Russia relations ‘absolutely necessary’ – Lavrov"
        ]


async def test_html_pages_and_a_warc_crawl_open_and_label_like_any_article(
    tmp_path: Path,
) -> None:
    from web_pages import PAGE, SECOND_PAGE, write_warc

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.html").write_text(PAGE, encoding="utf-8")
    write_warc(corpus / "crawl.warc.gz", [("https://post.example.com/rail", SECOND_PAGE)])
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        assert sorted(titles(library.query_one(ArticleTable))) == [
            "Harbour bridge to close for repairs", "Rail strike called off after late talks"
        ]  # fmt: skip
        await open_article(pilot, "Rail")
        burst(pilot, "1")
        await settle(pilot)
    [(unit, text, _)] = stored(db)
    assert unit == "sentence" and text.startswith("The rail union called off")


async def test_the_reader_names_an_html_pages_author(tmp_path: Path) -> None:
    from web_pages import PAGE

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.html").write_text(PAGE, encoding="utf-8")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Harbour")
        meta = str(reader.query_one(".article-meta", Static).render())
        assert meta == "The Daily Example · 2024-05-02 · by Ann Writer"
