"""Undo you can see, and other sessions on the same file: the app under Pilot, the
other session a real process writing to the same annotation file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from test_tui_support import (
    build,
    burst,
    open_article,
    open_library,
    reader_ready,
    settle,
    stored,
    until,
    write_corpus,
)

from store.annotations import AnnotationStore
from store.corpus import Corpus
from tui.app import MarginaliaApp
from tui.factory import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.side_panel import StatementPanel

ROOT = Path(__file__).resolve().parent.parent


def other_session(db: Path, annotator: str, code: str) -> None:
    """Run `code` in another process with `store` open on the same file as `annotator`."""
    script = (
        textwrap.dedent(
            f"""
        from store import AnnotationStore, Slot, draft_label
        store = AnnotationStore({str(db)!r}, annotator={annotator!r})
        """
        )
        + textwrap.dedent(code)
        + "\nstore.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def record_notices(app: MarginaliaApp) -> list[str]:
    """Keep the text of every notification the app shows from now on."""
    seen: list[str] = []
    show = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(str(message))
        show(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def test_undo_acts_on_the_article_on_screen_and_names_what_it_undoes(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press(">")
        await until(pilot, lambda: reader_ready(app) and app.screen is not reader)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo in this article." in notices
        assert [label for *_x, label in stored(db)] == ["favor"]  # the other article's stays
        await pilot.press("<")
        await until(pilot, lambda: reader_ready(app) and app.screen.article_id == reader.article_id)
        await pilot.press("end", "u")
        await settle(pilot)
        back = app.screen
        assert isinstance(back, ReaderScreen) and back.cursor == 0  # shown where it was
        assert any(n.startswith("Undone: label favor — “GENEVA, March 3.") for n in notices)
        assert stored(db) == []


async def test_undo_never_overwrites_a_later_change_from_another_process(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        await pilot.press("1")
        await settle(pilot)
        (mine,) = reader.labels.mine()
        # The same annotator relabels the statement in a second terminal.
        other_session(
            db,
            "tester",
            f"""
            slot = Slot({reader.article_id!r}, "sentence", {mine.start}, {mine.end})
            store.set_label(draft_label(slot.article_id, {reader.article.text!r}, "sentence",
                            slot.start, slot.end, "neutral"))
            """,
        )
        await pilot.press("u")
        await settle(pilot)
        assert any(n.startswith("Not done:") for n in notices)
        assert [label for *_x, label in stored(db)] == ["neutral"]
        assert [m.state.label for m in reader.labels.mine()] == ["neutral"]  # shown as it is
        # Relabelled here, then removed in the other terminal: undo does not bring it back.
        await pilot.press("k", "2")
        await settle(pilot)
        other_session(
            db,
            "tester",
            f"""
            store.clear_label(Slot({reader.article_id!r}, "sentence", {mine.start}, {mine.end}))
            """,
        )
        await pilot.press("u")
        await settle(pilot)
        assert stored(db) == []
        assert reader.labels.mine() == []


async def test_a_read_only_file_shows_its_labels(corpus: Path, db: Path, tmp_path: Path) -> None:
    first = build(corpus, db, tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        await pilot.press("1", "2")
        await settle(pilot)
    before = db.read_bytes()
    app = make_app(
        corpus, db=db, annotator="tester", cache_dir=tmp_path / "cache", read_only=True,
        local_clipboard=False,
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        assert reader.cursor == 2  # where the cursor was when the first app quit
        assert [m.state.label for m in reader.labels.mine()] == ["favor", "against"]
        await pilot.press("home")
        assert "Label favor (saved)" in str(reader.query_one(StatementPanel).render())
        await pilot.press("3", "x", "u")  # the keys that save do nothing: they are dimmed
        await settle(pilot)
        assert reader.cursor == 0
        assert app.session.status.text.startswith("labels will not be saved: read-only")
        assert [m.state.label for m in reader.labels.mine()] == ["favor", "against"]
    assert db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
async def test_a_file_without_write_permission_shows_its_labels(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    first = build(corpus, db, tmp_path)
    async with first.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        await pilot.press("1")
        await settle(pilot)
    db.chmod(0o444)
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        assert [m.state.label for m in reader.labels.mine()] == ["favor"]


async def test_labels_saved_by_another_process_appear_on_screen(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = make_app(
        corpus, db=db, annotator="tester", cache_dir=tmp_path / "cache", local_clipboard=False,
        poll_seconds=0.2,
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        article = reader.article
        assert article is not None
        first, second = article.statements[0], article.statements[1]
        # Another terminal of the same annotator, and a second annotator.
        other_session(
            db,
            "tester",
            f"""
            store.set_label(draft_label({article.id!r}, {article.text!r}, "sentence",
                            {first.start}, {first.end}, "against"))
            """,
        )
        other_session(
            db,
            "bob",
            f"""
            store.set_label(draft_label({article.id!r}, {article.text!r}, "sentence",
                            {second.start}, {second.end}, "favor"))
            """,
        )
        await until(pilot, lambda: len(reader.labels.mine()) == 1, timeout=5)
        await pilot.pause()
        assert [m.state.label for m in reader.labels.mine()] == ["against"]
        panel = str(reader.query_one(StatementPanel).render())
        assert "Label against (saved)" in panel and "bob" not in panel  # blind by default
        await pilot.press("o", "j")  # show other annotators' labels
        panel = str(reader.query_one(StatementPanel).render())
        assert "bob: favor" in panel
        await pilot.press("escape")
        library = await open_library(pilot)
        oil = next(e for e in library.index.entries if e.title.startswith("Oil"))
        assert app.session.counts[oil.id] == 1  # only this annotator's labels count


async def test_the_theme_is_remembered_between_runs(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        app.theme = "textual-light"
        await pilot.pause()
    again = build(corpus, db, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        assert again.theme == "textual-light"


async def test_the_status_line_after_a_note_says_it_is_saved(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        burst(pilot, "1", "k", "n", *"why", "enter")
        await settle(pilot)
        line = str(reader.query_one("#status-line").render())
        assert line.startswith("note favor saved ✓")
        assert "pending" not in line


async def test_undo_twice_on_one_statement_and_names_each_edit(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = build(corpus, db, tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "1", "k", "2", "k", "n", *"hm", "enter")  # label, relabel, note
        await settle(pilot)
        burst(pilot, "u", "u")
        await settle(pilot)
        assert [label for *_x, label in stored(db)] == ["favor"]
        burst(pilot, "u")
        await settle(pilot)
        assert stored(db) == []
        burst(pilot, "U", "U", "u", "u", "u")  # redo twice, then undo all again
        await settle(pilot)
        assert stored(db) == []
    undone = [n.split(" — “")[0] for n in notices if n.startswith(("Undone", "Redone"))]
    assert undone == [
        "Undone: note on against",
        "Undone: relabel favor → against",
        "Undone: label favor",
        "Redone: label favor",
        "Redone: relabel favor → against",
        "Undone: relabel favor → against",
        "Undone: label favor",
    ]
    assert not any(n.startswith("Not done") for n in notices)


async def test_a_refused_undo_is_not_called_done(corpus: Path, db: Path, tmp_path: Path) -> None:
    app = build(corpus, db, tmp_path)
    notices = record_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        await pilot.press("1")
        await settle(pilot)
        (mine,) = reader.labels.mine()
        other_session(
            db,
            "tester",
            f"""
            store.clear_label(Slot({reader.article_id!r}, "sentence", {mine.start}, {mine.end}))
            """,
        )
        await pilot.press("u")
        await settle(pilot)
    assert any(
        n.startswith("Not done: “Oil prices fell sharply on Tuesday.” was changed in another")
        and "it was removed there" in n
        for n in notices
    )
    assert not any(n.startswith("Undone") for n in notices)


async def test_the_library_counts_labels_another_process_saved_in_a_closed_article(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app = make_app(
        corpus, db=db, annotator="tester", cache_dir=tmp_path / "cache", local_clipboard=False,
        poll_seconds=0.2,
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        article = reader.article
        assert article is not None
        await pilot.press("1", "escape")
        library = await open_library(pilot)
        second = article.statements[1]
        other_session(
            db,
            "tester",
            f"""
            store.set_label(draft_label({article.id!r}, {article.text!r}, "sentence",
                            {second.start}, {second.end}, "against"))
            """,
        )
        await until(pilot, lambda: app.session.counts.get(article.id) == 2, timeout=5)
        await pilot.pause(0.3)
        assert app.session.counts[article.id] == 2  # and stays so: the disk's count
        del library


async def test_labels_of_a_changed_text_are_found_again_and_the_reader_says_so(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    db = tmp_path / "db.json"
    listed = Corpus.open(corpus, tmp_path / "cache")
    article = listed.article(next(e.id for e in listed.entries if "Oil" in e.title))
    sentence = article.statements[0]
    now = article.text[sentence.start : sentence.end]
    then = now.replace(now.split()[2], now.split()[2] + "s", 1)  # one word as it was
    with AnnotationStore(db, annotator="tester") as store:
        store.add(article.id, sentence.start, sentence.start + len(then), "favor", then)
        store.add(article.id, 0, 20, "against", "A sentence long since cut out of it.")
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Oil")
        said = [n.message for n in app._notifications]
        assert any("1 found again" in m and "1 whose text is gone" in m for m in said), said
        assert [(m.slot.start, m.slot.end) for m in reader.labels.mine()] == [
            (sentence.start, sentence.end)
        ]
