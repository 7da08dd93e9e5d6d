"""A label key pressed while the annotation file is still loading (issue 15).

The load is held at the store's own synchronisation point
(`EarlySaves.hold`, reached through the session), so the key is known to land
while it lasts: it must be on disk and drawn as saved before the load ends,
replace the sentence's old label once it has ended, and undo must bring that back.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_tui_bursts import drawn_tags
from test_tui_support import build, burst, notes, open_article, settle, stored, until
from textual.pilot import Pilot

from store.paths import journal_path
from tui.app import MarginaliaApp
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable

GENEVA = "GENEVA, March 3. /TASS/. Foreign ministers met on Monday to discuss the grain deal."


def journalled_slot_labels(db: Path) -> list[str]:
    """The labels of the slot ops (early saves) in the journal on disk now."""
    lines = journal_path(db).read_text().splitlines()
    return [op["rec"]["label"] for op in map(json.loads, lines) if op["op"] == "slot"]


async def label_geneva_against(corpus: Path, db: Path, tmp_path: Path) -> None:
    """A first session: the Geneva sentence labelled against, with a note."""
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        burst(pilot, "2", "k", "n", *"checked twice", "enter")
        await settle(pilot)
    assert stored(db) == [("sentence", GENEVA, "against")]


async def open_geneva_while_loading(pilot: Pilot[None]) -> ReaderScreen:
    """Open the Geneva article while the annotation file is still loading."""
    app = pilot.app
    assert isinstance(app, MarginaliaApp)
    await until(pilot, lambda: app.session.corpus is not None)
    await pilot.pause()
    table = app.screen.query_one(ArticleTable)
    table.move_to(next(i for i, e in enumerate(table.rows) if "Geneva" in e.title))
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)
    assert isinstance(app.screen, ReaderScreen)
    assert app.session.saves_early
    return app.screen


async def finish_loading(pilot: Pilot[None]) -> None:
    """Let the held load end, and wait until the store has resolved what was saved early."""
    app = pilot.app
    assert isinstance(app, MarginaliaApp)
    app.session.early_saves.release()
    await until(pilot, lambda: app.session.counts_ready)
    await settle(pilot)


async def test_a_key_pressed_while_the_labels_load_is_saved_at_once(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    await label_geneva_against(corpus, db, tmp_path)
    app = build(corpus, db, tmp_path)
    session = app.session
    session.early_saves.hold()  # the file takes as long to load as this test needs
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_geneva_while_loading(pilot)
        burst(pilot, "1")
        await settle(pilot)  # answered: saved, though the store is still loading
        assert not session.lanes.store.done()
        assert journalled_slot_labels(db) == ["favor"]
        assert [(m.state.label, m.pending) for m in reader.labels.mine()] == [("favor", False)]
        assert drawn_tags(reader) == ["favor"]  # ‹favor›, not ‹favor…›
        assert "saved" in session.status.text

        await finish_loading(pilot)
        [mark] = reader.labels.mine()
        assert (mark.state.label, mark.state.note) == ("favor", "checked twice")
        assert stored(db) == [("sentence", GENEVA, "favor")]

        burst(pilot, "u")
        await settle(pilot)
        assert [m.state.label for m in reader.labels.mine()] == ["against"]
    assert stored(db) == [("sentence", GENEVA, "against")]
    assert notes(db) == ["checked twice"]


async def test_keys_typed_one_after_another_while_the_labels_load_are_all_saved_at_once(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    """A key saved early is already in the journal: the next ones need not wait for it."""
    app = build(corpus, db, tmp_path)
    session = app.session
    session.early_saves.hold()
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_geneva_while_loading(pilot)
        burst(pilot, "1", "2", "3")  # three statements, one after another
        await until(pilot, lambda: session.pending == 0 or len(journalled_slot_labels(db)) == 3)
        await settle(pilot)
        assert not session.lanes.store.done()
        assert journalled_slot_labels(db) == ["favor", "against", "neutral"]
        assert [(m.state.label, m.pending) for m in reader.labels.mine()] == [
            ("favor", False),
            ("against", False),
            ("neutral", False),
        ]
        await finish_loading(pilot)
        assert [m.state.label for m in reader.labels.mine()] == ["favor", "against", "neutral"]
        burst(pilot, "u")  # undo takes back the last of them
        await settle(pilot)
        assert [m.state.label for m in reader.labels.mine()] == ["favor", "against"]
    assert [label for _u, _t, label in stored(db)] == ["favor", "against"]


async def test_one_statement_relabelled_while_the_labels_load_undoes_in_order(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    """Early saves to one slot, one after another: each replaces the one before it."""
    await label_geneva_against(corpus, db, tmp_path)
    app = build(corpus, db, tmp_path)
    session = app.session
    session.early_saves.hold()
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_geneva_while_loading(pilot)
        burst(pilot, "1", "k", "3", "k", "1")  # favor, neutral, favor on one sentence
        await until(pilot, lambda: len(journalled_slot_labels(db)) == 3)
        await settle(pilot)
        assert journalled_slot_labels(db) == ["favor", "neutral", "favor"]
        await finish_loading(pilot)
        shown = []
        for keys in (("u",), ("u", "u", "u"), ("U", "U"), ("U",)):  # in bursts, as typed
            burst(pilot, *keys)
            await settle(pilot)
            shown.extend((m.state.label, m.state.note) for m in reader.labels.mine())
        # One undo, then three (the last finds nothing left), two redos, then the third.
        assert [label for label, _note in shown] == ["neutral", "against", "neutral", "favor"]
        assert {note for _label, note in shown} == {"checked twice"}
    assert stored(db) == [("sentence", GENEVA, "favor")]
    assert notes(db) == ["checked twice"]


async def test_a_key_after_an_undo_waits_for_it_while_the_labels_load(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    """An undo needs the open store; a key pressed after it must not overtake it."""
    await label_geneva_against(corpus, db, tmp_path)
    app = build(corpus, db, tmp_path)
    session = app.session
    session.early_saves.hold()
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_geneva_while_loading(pilot)
        burst(pilot, "1", "u", "k", "3")  # favor, undo it, back, neutral
        taken: list[bool] = []
        app.call_later(taken.append, True)  # runs once the four keys have been acted on
        await until(pilot, lambda: bool(taken))
        await until(pilot, lambda: session.pending == 2)  # favor saved; undo, neutral wait
        assert journalled_slot_labels(db) == ["favor"]  # neutral waits behind the undo
        assert [(m.state.label, m.pending) for m in reader.labels.mine()] == [("neutral", True)]
        await finish_loading(pilot)
        [mark] = reader.labels.mine()
        assert (mark.state.label, mark.state.note, mark.pending) == (
            "neutral",
            "checked twice",
            False,
        )
        burst(pilot, "u")
        await settle(pilot)
    assert stored(db) == [("sentence", GENEVA, "against")]
