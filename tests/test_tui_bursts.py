"""Keys typed at full speed: every key lands once, and the screen equals the disk.

`burst` posts key events with no pause at all between them, as a terminal
delivers a burst (one `tmux send-keys`, a fast typist, a paste): the app
gets them all before it has acted on the first. Each test then checks the
annotation file, the marks drawn, the side panel and the library's counts.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_support import build, open_library, reader_ready, settle, stored, until
from textual import events
from textual.pilot import Pilot

from store import AnnotationStore
from tui.app import MarginaliaApp
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
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


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Deliver keys the way a terminal delivers a burst: all at once, no pause."""
    names = {">": "greater_than_sign", "<": "less_than_sign"}
    for key in keys:
        pilot.app.post_message(events.Key(names.get(key, key), key if len(key) == 1 else None))


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
