"""Pilot tests of the reader workflows, each checked against the annotation file on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_tui_support import (
    build,
    burst,
    notes,
    open_article,
    open_library,
    settle,
    stored,
    until,
)

from store.annotations import AnnotationStore
from tui.app import MarginaliaApp
from tui.factory import make_app
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable


async def test_label_saves_and_advances(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("1")
        assert reader.cursor == 1
        await settle(pilot)
        assert "saved" in app.session.status.text
    assert stored(db) == [
        (
            "sentence",
            "GENEVA, March 3. /TASS/. Foreign ministers met on Monday to discuss the grain deal.",
            "favor",
        )
    ]


async def test_relabel_and_remove(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "1", "k", "2")  # label, back, relabel
        await settle(pilot)
        assert [label for _u, _t, label in stored_live(app)] == ["against"]
        burst(pilot, "k", "x")
        await settle(pilot)
    assert stored(db) == []


def stored_live(app: MarginaliaApp) -> list[tuple[str, str, str]]:
    """What the reader currently shows for its article."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return [(m.unit, m.state.text, m.state.label) for m in screen.labels.mine()]


async def test_relabel_keeps_one_annotation_on_disk(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "1", "k", "3")
        await settle(pilot)
    assert stored(db) == [("sentence", "Oil prices fell sharply on Tuesday.", "neutral")]


async def test_undo_and_redo(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "1", "2")  # two statements labelled
        burst(pilot, "u")  # undo the second
        await settle(pilot)
        assert [label for *_x, label in stored_live(app)] == ["favor"]
        burst(pilot, "u", "U")  # undo the first, redo it
        burst(pilot, "k", "x", "u")  # remove it, undo the removal
        burst(pilot, "ctrl+r")  # redo the removal
        burst(pilot, "u")  # and undo it again
        await settle(pilot)
    assert stored(db) == [("sentence", "Oil prices fell sharply on Tuesday.", "favor")]


async def test_note_is_saved_and_undone(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "2", "k", "n", *"hedged [claim]", "enter")
        await settle(pilot)
        assert notes(db) == ["hedged [claim]"]
        burst(pilot, "n", "ctrl+u", "enter")  # an empty note removes it...
        await settle(pilot)
        assert notes(db) == [None]
        burst(pilot, "u")  # ...and undo brings it back
        await settle(pilot)
    assert notes(db) == ["hedged [claim]"]


async def test_a_note_typed_right_after_a_label_key_goes_on_that_label(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        burst(pilot, "2", "n", *"hedged", "enter")  # the cursor moved on: the label just given
        await settle(pilot)
        assert reader.cursor == 1
    assert notes(db) == ["hedged"]


async def test_jump_to_next_unlabelled(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        burst(pilot, "j", "3", "home")  # label the second statement, back to the first
        burst(pilot, "1")  # first labelled, cursor on the (labelled) second
        await settle(pilot)
        assert reader.cursor == 1
        burst(pilot, "right_square_bracket")
        await settle(pilot)
        assert reader.cursor == 2
        burst(pilot, "2", "home", "right_square_bracket")
        await settle(pilot)
        assert reader.cursor == 3
        burst(pilot, "left_square_bracket")  # nothing unlabelled before: stays
        await settle(pilot)
        assert reader.cursor == 3
        await settle(pilot)
    assert [label for *_x, label in stored(db)] == ["favor", "neutral", "against"]


async def test_span_labelling(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        burst(pilot, "j", "v", "full_stop", "shift+right", "shift+right", "comma")
        await settle(pilot)
        assert reader.span is not None
        burst(pilot, "2")
        await settle(pilot)
        assert reader.span is None
        await settle(pilot)
    assert stored(db) == [("span", "Traders expect further", "against")]


async def test_span_stays_within_its_paragraph(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "v", *["full_stop"] * 30, "1")  # far more words than it has
        await settle(pilot)
    assert stored(db) == [
        ("span", "Oil prices fell sharply on Tuesday. Traders expect further declines.", "favor")
    ]


async def test_a_span_over_a_quote_keeps_its_first_and_last_words(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        # The first quote, spanned word by word to its end, then labelled.
        burst(pilot, "tab", "v", *["full_stop"] * 12, "1")
        # The second quote's last two words: move the start two words on, then back one.
        burst(pilot, "j", "v", "shift+right", "shift+right", "shift+right")
        burst(pilot, "right", "right", "right", "left", "2")
        await settle(pilot)
    assert stored(db) == [
        ("span", "We are ready to extend the agreement [UN] if our conditions are met,", "favor"),
        ("span", "must continue,", "against"),
    ]


async def test_quote_unit(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        burst(pilot, "tab")
        await settle(pilot)
        assert reader.unit == "quote"
        burst(pilot, "j", "2")  # the second quote
        await settle(pilot)
    with AnnotationStore(db) as store:
        (ann,) = store.annotations()
    assert (ann.unit, ann.text, ann.speaker, ann.label) == (
        "quote",
        "The deal must continue,",
        "Antonio Guterres",
        "against",
    )


async def test_quit_and_reopen_keeps_labels(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "park")
        burst(pilot, "1", "2")
        await pilot.press("ctrl+q")
    assert [label for *_x, label in stored(db)] == ["favor", "against"]

    again = build(corpus, db, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        park = next(e for e in library.query_one(ArticleTable).rows if "park" in e.title)
        assert again.session.counts[park.id] == 2
        reader = await open_article(pilot, "park")
        assert sorted(m.state.label for m in reader.labels.mine()) == ["against", "favor"]
        await pilot.press("escape")
        assert isinstance(again.screen, LibraryScreen)


async def test_copy_with_citation(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        await pilot.press("tab", "c")
        assert app.clipboard == (
            "“We are ready to extend the agreement [UN] if our conditions are met,” — "
            "Sergey Lavrov, “Ministers meet in Geneva to discuss grain deal”, TASS, March 3"
        )


async def test_raw_view_and_help_open_and_close(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("r")
        assert reader.query("#raw")
        await pilot.press("escape")
        assert not reader.query("#raw")
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is reader


async def test_no_label_lands_unseen_over_the_raw_view(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        await pilot.press("r", "j", "1")
        await settle(pilot)
        assert stored_live(app) == [] and reader.cursor == 0
        await pilot.press("r", "1")  # back in the reader, the key labels again
        await settle(pilot)
        assert [label for _u, _t, label in stored_live(app)] == ["favor"]


def cursor_in_view(reader: ReaderScreen) -> bool:
    """Whether the cursor's lines (as the view estimates them) are all on screen."""
    view, current = reader._view, reader._current_range()
    assert view is not None and current is not None
    start, end = current
    block = view.block_at(start)
    assert block is not None
    share = block.size.height / max(1, block.end - block.start)
    first = block.virtual_region.y + int((start - block.start) * share)
    last = block.virtual_region.y + int((end - block.start) * share) - 1
    top = int(view.scroll_y)
    return top <= first and last < top + view.scrollable_content_region.height


async def test_reopening_an_article_shows_its_cursor(tmp_path: Path) -> None:
    corpus = tmp_path / "samples"
    shutil.copytree(Path(__file__).resolve().parent.parent / "sample_data", corpus)
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "Tillerson")
        await pilot.press(*"111111")  # six labels: the cursor is far down the text
        await settle(pilot)
        assert cursor_in_view(reader)
        await pilot.press("escape", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)
        await settle(pilot)
        reopened = app.screen
        assert isinstance(reopened, ReaderScreen) and reopened.cursor == reader.cursor == 6
        # The scroll bar appearing must not re-wrap the text after the scroll.
        assert cursor_in_view(reopened)


async def test_keys_from_the_labels_file(corpus: Path, db: Path, tmp_path: Path) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text(
        '[[label]]\nname = "pro"\nkey = "a"\n[[label]]\nname = "con"\nkey = "b"\n'
        '[keys]\n"reader.next" = "space"\n',
        encoding="utf-8",
    )
    app = make_app(
        corpus, db=db, annotator="t", labels=labels, cache_dir=tmp_path / "c", local_clipboard=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("space")
        assert reader.cursor == 1
        await pilot.press("b", "1")  # "1" is no label in this scheme
        await settle(pilot)
    assert [label for *_x, label in stored(db)] == ["con"]


async def test_click_moves_the_cursor(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        from tui.widgets.article_view import ParagraphBlock

        blocks = list(reader.query(ParagraphBlock))
        await pilot.click(blocks[2], offset=(3, 0))
        await pilot.pause()
        assert reader.cursor == 4  # first sentence of the third paragraph


async def test_unwritable_annotation_file_is_said_not_hidden(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    app = build(corpus, blocker / "annotations.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        await pilot.press("1")
        await settle(pilot)
        assert app.session.status.text.startswith("labels will not be saved: cannot open")
        assert not reader.labels.mine() and reader.cursor == 0  # the label key did nothing


async def test_next_article_in_library_order(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        titles = [entry.title for entry in library.query_one(ArticleTable).rows]
        first = await open_article(pilot, titles[0])
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: app.screen is not first and app.screen.ready)
        second = app.screen
        assert isinstance(second, ReaderScreen)
        assert second.article.title == titles[1]
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("less_than_sign", "escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    assert [label for *_x, label in stored(db)] == ["favor"]


async def test_arrows_home_and_end_move_the_cursor_in_a_long_article(
    tmp_path: Path, db: Path
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    body = "\n\n".join(
        f"Paragraph {n} says that the council met again on day {n} to talk about the budget."
        for n in range(1, 41)
    )
    (folder / "long.txt").write_text(f"A long article about the budget\n\n{body}\n")
    app = build(folder, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "budget")
        await pilot.press("down", "down", "up")
        assert reader.cursor == 1
        await pilot.press("end")
        assert reader.cursor == len(reader.article.statements) - 1
        await pilot.press("home")
        assert reader.cursor == 0


async def test_another_annotators_labels_are_left_alone(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    bob = make_app(corpus, db=db, annotator="bob", cache_dir=tmp_path / "cache",
                   local_clipboard=False)  # fmt: skip
    async with bob.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        await pilot.press("1")
        await settle(pilot)
    app = build(corpus, db, tmp_path)  # annotator "tester"
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        await pilot.press("2", "k", "x", "2")  # label, remove and relabel the first statement
        await settle(pilot)
    with AnnotationStore(db, annotator="reader") as store:
        mine = sorted((a.annotator, a.label) for a in store.annotations())
    assert mine == [("bob", "favor"), ("tester", "against")]


async def test_reopening_an_article_returns_to_the_last_statement(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("j", "j")
        assert reader.cursor == 2
        await pilot.press("escape")
        reader = await open_article(pilot, "Geneva")
        assert reader.cursor == 2


async def test_a_long_file_path_is_cut_from_its_start_to_fit(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "a-folder-with-a-rather-long-name-" / "annotations.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("1")
        await settle(pilot)
        line = str(reader.query_one("#status-line").render())
        assert line.startswith("label favor saved")
        assert "· file …" in line and line.endswith("name-/annotations.json")
        assert len(line) <= 80
    wide = build(corpus, db, tmp_path)
    async with wide.run_test(size=(200, 24)) as pilot:
        reader = await open_article(pilot, "Geneva")
        line = str(reader.query_one("#status-line").render())
        assert line.endswith(str(db).replace(str(Path.home()), "~", 1))


async def test_j_and_k_scroll_the_raw_view(sample_dir: Path, db: Path, tmp_path: Path) -> None:
    app = build(sample_dir, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "round-up")
        await pilot.press("r", "j", "j", "j")
        await settle(pilot)
        raw = reader.query_one("#raw")
        assert raw.scroll_y > 0 and reader.cursor == 0
        await pilot.press("k", "k", "k")
        await settle(pilot)
        assert raw.scroll_y == 0


async def test_home_brings_back_the_title(sample_dir: Path, db: Path, tmp_path: Path) -> None:
    app = build(sample_dir, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "round-up")
        view = reader.query_one("#article")
        await pilot.press("end")
        await settle(pilot)
        assert view.scroll_y > 0
        await pilot.press("home")
        await settle(pilot)
        assert reader.cursor == 0 and view.scroll_y == 0
