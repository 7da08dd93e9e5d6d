"""Shared helpers of the TUI tests: a small corpus, the app as the CLI builds it, waits.

Named `test_tui_*` so it lives with the tests it serves; it holds no tests itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from store.annotations import AnnotationStore
from tui.app import MarginaliaApp
from tui.factory import make_app
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable

ARTICLES = {
    "a1.txt": """Ministers meet in Geneva to discuss grain deal

GENEVA, March 3. /TASS/. Foreign ministers met on Monday to discuss the grain deal. \
The talks lasted five hours.

"We are ready to extend the agreement [UN] if our conditions are met," Sergey Lavrov said. \
Officials from {{item.group_date}} attended.

"The deal must continue," said Antonio Guterres. Critics called the meeting a waste of time.
""",
    "a2.txt": """Oil prices fall after OPEC meeting

Oil prices fell sharply on Tuesday. Traders expect further declines.

"Supply will stay high," an analyst said. Markets closed lower [a] across Asia.
""",
    "a3.txt": """City council approves new park

The city council approved a new park on Friday. Construction begins in May.
""",
}


def build(corpus: Path, db: Path, tmp_path: Path) -> MarginaliaApp:
    """The app as the CLI builds it, with test paths and no desktop clipboard."""
    return make_app(
        corpus, db=db, annotator="tester", cache_dir=tmp_path / "cache", local_clipboard=False
    )


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until `condition()` holds."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out waiting for the app")


async def open_library(pilot: Pilot[None]) -> LibraryScreen:
    """Wait for the corpus and the label counts."""
    app = pilot.app
    assert isinstance(app, MarginaliaApp)
    await until(pilot, lambda: app.session.corpus is not None and app.session.counts_ready)
    await pilot.pause()
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


async def open_article(pilot: Pilot[None], title_word: str) -> ReaderScreen:
    """Open the article whose title contains `title_word` from the library."""
    library = await open_library(pilot)
    table = library.query_one(ArticleTable)
    table.move_to(next(i for i, e in enumerate(table.rows) if title_word in e.title))
    await pilot.press("enter")
    await until(pilot, lambda: reader_ready(pilot.app))
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def reader_ready(app: object) -> bool:
    """Whether the screen on top is a reader with its article and labels shown."""
    assert isinstance(app, MarginaliaApp)
    return isinstance(app.screen, ReaderScreen) and app.screen.ready


def burst(pilot: Pilot[None], *keys: str) -> None:
    """Deliver keys the way a terminal delivers a burst: all at once, no pause.

    Keys are named as for `Pilot.press` ("tilde" or "~", "enter") and given the
    same characters it gives them, but none waits for the one before.
    """
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            character: str | None = unicodedata.lookup(
                _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
            )
        except KeyError:
            character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every key typed has been acted on and every write is durable and shown."""
    app = pilot.app
    assert isinstance(app, MarginaliaApp)

    def quiet() -> bool:
        screen = app.screen
        ready = not isinstance(screen, ReaderScreen) or screen.ready
        return ready and not app.keys_held and app.session.pending == 0

    # Keys typed in a burst are messages in the app's queue: a call queued after
    # them runs once every one of them has been taken (acted on, or held).
    taken: list[bool] = []
    app.call_later(taken.append, True)
    await until(pilot, lambda: bool(taken))
    await until(pilot, quiet)
    await pilot.pause()


def stored(db: Path) -> list[tuple[str, str, str]]:
    """(unit, text, label) of every annotation in the file, in text order."""
    with AnnotationStore(db, annotator="reader") as store:
        found = sorted(store.annotations(), key=lambda a: (a.article_id, a.start, a.end))
        return [(a.unit, a.text, a.label) for a in found]


def notes(db: Path) -> list[str | None]:
    """The notes of every annotation in the file."""
    with AnnotationStore(db, annotator="reader") as store:
        return [a.note for a in store.annotations()]


def write_corpus(folder: Path) -> Path:
    """Write the three short articles into `folder` (created)."""
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
