"""Keys typed at full speed: every key lands once, and the screen equals the disk.

`burst` posts key events with no pause at all between them, as a terminal
delivers a burst (one `tmux send-keys`, a fast typist, a paste): the app
gets them all before it has acted on the first. Each test then checks the
annotation file, the marks drawn, the side panel and the library's counts.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_support import build, burst, open_library, reader_ready, settle, stored, until
from textual import events
from textual.widgets import Input

from store import AnnotationStore
from tui.app import MarginaliaApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.typeahead import GIVE_UP_SECONDS, HoldingScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.article_view import ParagraphBlock
from tui.widgets.side_panel import StatementPanel

SENTENCES = 12


def write_long_corpus(folder: Path) -> Path:
    """Two articles of twelve one-sentence statements each, newest first by date."""
    folder.mkdir()
    for name, date, topic in (("b1.txt", "2017-06-22", "grain"), ("b2.txt", "2017-06-21", "oil")):
        body = " ".join(
            f"Officials said on day {n} that the {topic} talks would go on." for n in range(1, 13)
        )
        (folder / name).write_text(
            f"Talks on {topic} continue\n\n{date}\n\n{body}\n", encoding="utf-8"
        )
    return folder


def drawn_tags(reader: ReaderScreen) -> list[str]:
    """The label tags drawn in the article, in text order."""
    tags: list[str] = []
    for block in reader.query(ParagraphBlock):
        plain = str(block.render())
        tags += [part.split("›")[0] for part in plain.split(" ‹")[1:]]
    return tags


def library_progress(app: MarginaliaApp) -> dict[str, str]:
    """Title → the Labelled column as the library draws it."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    table = screen.query_one(ArticleTable)
    shown = {}
    for y in range(1, len(table.rows) + 1):
        line = table.render_line(y).text
        title = table.rows[y - 1].title
        shown[title] = line.split()[-1]
    return shown


async def test_bursts_label_every_statement_once_and_the_screen_equals_the_disk(
    tmp_path: Path,
) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        # Enter and ten labels, then > and ten more, then Home and a relabel: three bursts
        # sent before the app has drawn anything of the first.
        burst(pilot, "enter", *"1111111111")
        burst(pilot, ">", *"3333333333")
        burst(pilot, "home", "2")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.ready
        assert reader.article is not None and reader.article.title == "Talks on oil continue"

        with AnnotationStore(db, annotator="reader") as store:
            labels = store.annotations()
        assert len(labels) == 20
        slots = {(a.article_id, a.unit, a.start, a.end) for a in labels}
        assert len(slots) == 20  # no statement has two labels of one annotator
        by_article: dict[str, list[str]] = {}
        for ann in sorted(labels, key=lambda a: (a.article_id, a.start)):
            by_article.setdefault(ann.article_id, []).append(ann.label)
        assert sorted(by_article.values()) == [
            ["against"] + ["neutral"] * 9,  # the oil article: relabelled after Home
            ["favor"] * 10,
        ]

        # The marks drawn are the file's, and none is pending.
        assert drawn_tags(reader) == ["against"] + ["neutral"] * 9
        mine = reader.labels.mine()
        assert [(m.state.label, m.pending) for m in mine] == [("against", False)] + [
            ("neutral", False)
        ] * 9
        # The side panel: the cursor moved on to the second statement after the relabel.
        assert reader.cursor == 1
        panel = str(reader.query_one(StatementPanel).render())
        assert "Label neutral (saved)" in panel

        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        assert library_progress(app) == {
            "Talks on grain continue": f"10/{SENTENCES}",
            "Talks on oil continue": f"10/{SENTENCES}",
        }


async def test_keys_typed_while_the_reader_opens_apply_in_order(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_library(pilot)
        # Moves and labels mixed: label the first, skip one, label the third, back up
        # and relabel it, then back to the library: all before the reader is drawn.
        burst(pilot, "enter", "1", "j", "2", "k", "3", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert [(text.split(" that")[0], label) for _unit, text, label in stored(db)] == [
        ("Officials said on day 1", "favor"),
        ("Officials said on day 3", "neutral"),
    ]


async def test_a_slow_typist_gets_the_same_result(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        await pilot.press("enter", *"1111111111")
        await pilot.press(">", *"3333333333")
        await pilot.press("home", "2")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and reader_ready(app)
    labels = [label for *_x, label in stored(db)]
    assert sorted(labels) == sorted(["favor"] * 10 + ["against"] + ["neutral"] * 9)


async def test_keys_typed_before_the_list_is_shown_wait_for_it(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(pilot, "enter", "1", "1")  # before the corpus has even been read
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.cursor == 2
    assert [label for *_x, label in stored(db)] == ["favor", "favor"]


async def test_keys_after_a_note_go_to_the_note_then_back_to_the_reader(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        burst(pilot, "enter", "1", "k", "n", "w", "h", "y", "enter", "j", "2")
        await settle(pilot)
        await until(pilot, lambda: len(stored(db)) == 2)
    with AnnotationStore(db, annotator="reader") as store:
        found = sorted((a.start, a.label, a.note) for a in store.annotations())
    assert [(label, note) for _start, label, note in found] == [
        ("favor", "why"),
        ("against", None),
    ]


async def test_keys_after_a_next_article_that_is_not_there_are_dropped(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        # The second (last) article: ">" has nowhere to go, its labels must not land here.
        burst(pilot, "j", "enter", "1", ">", "3", "3", "3")
        await settle(pilot)
        await pilot.pause(0.2)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.ready
        assert reader.article is not None and reader.article.title == "Talks on oil continue"
        await pilot.press("2")  # a key pressed after the message works again
        await settle(pilot)
    assert [label for *_x, label in stored(db)] == ["favor", "against"]


async def test_quit_is_never_held(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        burst(pilot, "enter", "1", "ctrl+q")  # quit while the reader is still opening
        await until(pilot, lambda: app.return_code is not None, timeout=10)


class NeverReady(HoldingScreen):
    """A screen that keeps the user waiting (an article that takes long to open)."""

    def give_up(self) -> None:
        self.dismiss()


async def test_esc_after_a_long_wait_gives_up_and_drops_what_was_typed(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        stuck = NeverReady()
        await app.push_screen(stuck)
        burst(pilot, "1", "escape")  # typed at once: held, in order, for the screen
        await pilot.pause(0.1)
        assert app.screen is stuck and len(app.keys_held) == 2
        await pilot.pause(GIVE_UP_SECONDS)
        burst(pilot, "escape")  # after a long wait: "never mind"
        await until(pilot, lambda: app.screen is library)
        assert len(app.keys_held) == 0


async def test_back_to_the_list_down_and_open_in_one_burst(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        burst(pilot, "enter", "1", "escape", "j", "enter", "3")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article is not None and reader.article.title == "Talks on oil continue"
    assert sorted((text.split(" that")[1], label) for _u, text, label in stored(db)) == [
        (" the grain talks would go on.", "favor"),
        (" the oil talks would go on.", "neutral"),
    ]


async def test_a_search_typed_in_one_burst_opens_its_match(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        # "s" and "o" are also the library's Sort and Source keys: in the box they are text.
        burst(pilot, "slash", "o", "i", "l", "space", "s", "enter", "2")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.article is not None and reader.article.title == "Talks on oil continue"
        assert library.query_one("#search", Input).value == "oil s"
        assert library.current_query().sort == "date" and library.current_query().source is None
    assert [label for *_x, label in stored(db)] == ["against"]


async def test_esc_and_a_letter_typed_together_are_esc_then_the_letter(tmp_path: Path) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        burst(pilot, "enter")
        await settle(pilot)
        # Esc, j typed in the same instant reach the app as Alt+j, as a terminal sends them.
        pilot.app.post_message(events.Key("alt+j", "j"))
        burst(pilot, "enter", "1", "2")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article is not None
        assert reader.article.title == "Talks on oil continue"
    assert [(text.split(" that")[1], label) for _unit, text, label in stored(db)] == [
        (" the oil talks would go on.", "favor"),
        (" the oil talks would go on.", "against"),
    ]


async def test_back_in_the_library_the_cursor_is_on_the_article_read_last(
    tmp_path: Path,
) -> None:
    corpus = write_long_corpus(tmp_path / "corpus")
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        burst(pilot, "enter", ">", "escape")  # the first article, then the next, then back
        await settle(pilot)
        assert app.screen is library
        current = library.query_one(ArticleTable).current
        assert current is not None and current.title == "Talks on oil continue"
        burst(pilot, "k", "enter")  # the one above it is the first again
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article is not None
        assert reader.article.title == "Talks on grain continue"
