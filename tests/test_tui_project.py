"""A stance project in the reader: targets, guidelines, skip and flags, under Pilot and
checked against the annotation file."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_support import (
    build,
    burst,
    open_article,
    open_library,
    settle,
    until,
    write_corpus,
)
from textual.screen import Screen
from textual.widgets import Markdown
from textual.widgets._footer import FooterKey

from store import AnnotationStore
from tui.factory import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.side_panel import StatementPanel

PROJECT = """
[project]
name = "Grain and oil"
guidelines = "guidelines.md"

[[target]]
name = "the grain deal"
description = "Extending the Black Sea grain deal."

[[target]]
name = "OPEC"
description = "Oil output cuts."
key = "F3"

[[label]]
name = "favor"
key = "1"
description = "Argues for the target."

[[label]]
name = "against"
key = "2"
description = "Argues against the target."
"""


@pytest.fixture
def project_corpus(tmp_path: Path) -> Path:
    """Three short articles with a project file and guidelines beside them."""
    folder = write_corpus(tmp_path / "corpus")
    (folder / "marginalia.toml").write_text(PROJECT, encoding="utf-8")
    (folder / "guidelines.md").write_text(
        "# How to label\n\nA statement **for** the target is *favor*.\n", encoding="utf-8"
    )
    return folder


def labels_on_disk(db: Path) -> list[tuple[str, str | None, str, tuple[str, ...]]]:
    """(statement text, target, label, flags) of every label in the file."""
    with AnnotationStore(db, annotator="reader") as store:
        found = sorted(store.annotations(), key=lambda a: (a.start, a.target or ""))
        return [(a.text, a.target, a.label, a.flags) for a in found]


async def test_labels_for_two_targets_on_one_statement(
    project_corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    app = build(project_corpus, db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_article(pilot, "Geneva")
        panel = reader.query_one(StatementPanel)
        assert "For the grain deal" in str(panel.render())
        burst(pilot, "1", "k", "t")  # favor for the grain deal; back; next target
        await settle(pilot)
        assert app.session.target == "OPEC"
        assert "Not labelled" in str(panel.render())  # nothing for OPEC here yet
        burst(pilot, "2", "k")
        await settle(pilot)
        shown = str(panel.render())
        assert "• OPEC: against" in shown and "the grain deal: favor" in shown
        assert "for OPEC" in str(reader.query_one("#status-line").render())
        burst(pilot, "f3", "t")  # the target's own key (already OPEC), then the next
        await settle(pilot)
        assert app.session.target == "the grain deal"
        assert "Label favor (saved)" in str(panel.render())
    first = "GENEVA, March 3. /TASS/. Foreign ministers met on Monday to discuss the grain deal."
    assert labels_on_disk(db) == [
        (first, "OPEC", "against", ()),
        (first, "the grain deal", "favor", ()),
    ]


async def test_skip_unsure_and_flag_for_review(project_corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    app = build(project_corpus, db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_article(pilot, "Oil")
        burst(pilot, "minus", "1", "k", "tilde", "exclamation_mark")
        await settle(pilot)
        shown = str(reader.query_one(StatementPanel).render())
        assert "⚑ flagged for review · ? unsure" in shown
        burst(pilot, "tilde")  # again: not unsure
        await settle(pilot)
        tags = "".join(str(block.render()) for block in reader.query("ParagraphBlock"))
        assert "‹skip›" in tags and "‹favor ⚑›" in tags
        assert app.session.counts[reader.article_id] == 2  # a skipped statement is done
    assert [(label, flags) for _text, _target, label, flags in labels_on_disk(db)] == [
        ("skip", ()),
        ("favor", ("review",)),
    ]


async def test_guidelines_and_the_target_picker(project_corpus: Path, tmp_path: Path) -> None:
    app = build(project_corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        await pilot.press("g")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "GuidelinesScreen"
        assert "How to label" in screen.query_one(Markdown).source
        side = str(screen.query_one("#guidelines-labels").render())
        assert "Argues for the target." in side and "Oil output cuts." in side
        assert " F3  OPEC" in side  # a target's own key is shown with it
        await pilot.press("escape", "T")
        await pilot.pause()
        assert type(app.screen).__name__ == "TargetPicker"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is reader and app.session.target == "OPEC"
        assert isinstance(reader, ReaderScreen)


async def test_a_team_member_sees_the_articles_given_to_them(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(12):
        (folder / f"a{n:02d}.txt").write_text(
            f"Article number {n} about talks\n\nOfficials met on day {n} to talk.\n",
            encoding="utf-8",
        )
    (folder / "marginalia.toml").write_text(
        '[project]\nannotators = ["alice", "bob", "carol"]\noverlap = 1\n'
        '[[label]]\nname = "favor"\nkey = "1"\n',
        encoding="utf-8",
    )
    app = make_app(
        folder, db=tmp_path / "db.json", annotator="alice", cache_dir=tmp_path / "c",
        local_clipboard=False,
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        library = await open_library(pilot)
        table = library.query_one(ArticleTable)
        mine = {entry.id for entry in table.rows}
        project = app.session.project
        assert mine == {e.id for e in library.index.entries if project.assigned(e.id) == ("alice",)}
        assert 0 < len(mine) < 12
        await pilot.press("a")  # everyone's
        assert len(table.rows) == 12


async def test_the_library_counts_the_current_target(project_corpus: Path, tmp_path: Path) -> None:
    app = build(project_corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await open_article(pilot, "Geneva")
        burst(pilot, "1", "1", "escape")  # two labels for the grain deal
        await settle(pilot)
        library = await open_library(pilot)
        assert app.session.counts[reader.article_id] == 2
        assert "progress for the grain deal" in str(library.query_one("#library-status").render())
        await pilot.press("t")
        await until(pilot, lambda: app.session.counts_ready)
        assert app.session.target == "OPEC"
        assert app.session.counts.get(reader.article_id, 0) == 0
        assert "progress for OPEC" in str(library.query_one("#library-status").render())


async def test_a_flag_right_after_a_label_key_marks_that_label(
    project_corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    app = build(project_corpus, db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(pilot, "Oil")
        burst(pilot, "2", "exclamation_mark", "minus", "tilde")  # a skip takes no flag
        await settle(pilot)
    assert [(label, flags) for _text, _target, label, flags in labels_on_disk(db)] == [
        ("against", ("review",)),
        ("skip", ()),
    ]


async def test_the_status_line_keeps_the_file_when_the_project_path_is_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the annotation file: a short relative path
    deep = tmp_path / ("a-project-folder-with-a-rather-long-name-" * 3)
    deep.mkdir()
    folder = write_corpus(deep / "corpus")
    (folder / "marginalia.toml").write_text(
        PROJECT.replace('guidelines = "guidelines.md"', ""), encoding="utf-8"
    )
    app = build(folder, Path("db.json"), tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await open_article(pilot, "Geneva")
        line = str(reader.query_one("#status-line").render())
        assert "for the grain deal" in line and len(line) <= 100
        assert line.endswith(" · file db.json")  # the annotation file whole...
        assert " · labels …" in line and "/marginalia.toml · file" in line  # ...the project cut


async def test_quit_and_help_fit_in_the_footers_at_80_columns(
    project_corpus: Path, tmp_path: Path
) -> None:
    app = build(project_corpus, tmp_path / "db.json", tmp_path)

    def fits(screen: Screen[object]) -> bool:
        keys = {key.description: key.region for key in screen.query(FooterKey)}
        return {"Quit", "Help"} <= set(keys) and all(
            keys[name].right <= 80 and keys[name].width > 0 for name in ("Quit", "Help")
        )

    async with app.run_test(size=(80, 24)) as pilot:
        library = await open_library(pilot)
        await until(pilot, lambda: fits(library))
        reader = await open_article(pilot, "Geneva")
        await until(pilot, lambda: fits(reader))


async def test_guidelines_without_a_project_file_say_so(corpus: Path, tmp_path: Path) -> None:
    app = build(corpus, tmp_path / "db.json", tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_article(pilot, "Geneva")
        burst(pilot, "g")
        await until(pilot, lambda: type(app.screen).__name__ == "GuidelinesScreen")
        source = app.screen.query_one(Markdown).source
        assert source.startswith("# No project file") and "marginalia.toml" in source
