"""Snapshots of every screen at 80×24 and 120×40, on a small corpus written by the test.

Paths on screen are relative (the test runs in its tmp folder), so no host path
or clock appears; workers and writes are awaited before each picture is taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_project import PROJECT
from test_tui_support import burst, open_article, open_library, settle, until, write_corpus
from textual.pilot import Pilot

from tui.app import MarginaliaApp
from tui.factory import make_app

pytestmark = pytest.mark.xdist_group("tui-snapshots")

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MarginaliaApp:
    """The app on three short articles, with paths relative to the test folder."""
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "corpus")
    return make_app(
        Path("corpus"),
        db=Path("annotations.json"),
        annotator="tester",
        cache_dir=Path("cache"),
        local_clipboard=False,
    )


async def _labelled_reader(pilot: Pilot[None]) -> None:
    """Geneva article: two labels saved, cursor on the second quote."""
    await open_article(pilot, "Geneva")
    burst(pilot, "1", "j", "2", "tab", "j")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_library(snap_compare, app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_article(pilot, "park")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("escape")
        await open_library(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_reader_quotes_and_labels(snap_compare, app: MarginaliaApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_labelled_reader)


@pytest.mark.parametrize("size", SIZES)
def test_raw_view(snap_compare, app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_article(pilot, "Geneva")
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_article(pilot, "Geneva")
        await pilot.press("f1")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.fixture
def project_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MarginaliaApp:
    """The app on the three articles with a project: two targets, guidelines, and two
    other annotators' labels that disagree."""
    monkeypatch.chdir(tmp_path)
    folder = write_corpus(tmp_path / "corpus")
    (folder / "marginalia.toml").write_text(PROJECT, encoding="utf-8")
    (folder / "guidelines.md").write_text(
        "# How to label\n\nA statement that argues **for** the target is *favor*; one that "
        "argues against it, *against*. Quotes are labelled for their speaker's stance.\n",
        encoding="utf-8",
    )
    from test_tui_review import disagreeing_labels

    disagreeing_labels(folder, Path("annotations.json"), Path("cache"))
    return make_app(
        Path("corpus"),
        db=Path("annotations.json"),
        annotator="tester",
        cache_dir=Path("cache"),
        local_clipboard=False,
    )


def showing(pilot: Pilot[None], screen: str, selector: str, words: str) -> bool:
    """Whether the screen on top is `screen` and its `selector` widget shows `words`."""
    top = pilot.app.screen
    if type(top).__name__ != screen:
        return False
    return words in str(top.query_one(selector).render())


@pytest.mark.parametrize("size", SIZES)
def test_target_indicator(snap_compare, project_app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_article(pilot, "Geneva")
        burst(pilot, "1", "k", "t", "2", "k")
        await settle(pilot)

    assert snap_compare(project_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_guidelines(snap_compare, project_app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_article(pilot, "Geneva")
        await pilot.press("g")
        await pilot.pause(0.3)

    assert snap_compare(project_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_statistics(snap_compare, project_app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_library(pilot)
        await pilot.press("S")
        await until(
            pilot, lambda: showing(pilot, "StatisticsScreen", "#statistics-text", "Agreement")
        )
        await pilot.pause()

    assert snap_compare(project_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, project_app: MarginaliaApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_library(pilot)
        await pilot.press("R")
        await until(pilot, lambda: showing(pilot, "ReviewScreen", "#review-unit", "alice:"))
        await pilot.pause()

    assert snap_compare(project_app, terminal_size=size, run_before=run_before)
