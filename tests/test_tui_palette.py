"""The command palette: go to an article by title, export every label to JSONL."""

from __future__ import annotations

import json
from pathlib import Path

from test_tui_support import build, open_library, settle, until, write_corpus

from tui.screens.reader import ReaderScreen


async def test_go_to_article_and_export(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    app = build(write_corpus(tmp_path / "corpus"), db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_library(pilot)
        await pilot.press("ctrl+p", *"council park")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert "park" in screen.article.title
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("ctrl+p", *"export jsonl")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
    rows = [json.loads(line) for line in db.with_suffix(".jsonl").read_text().splitlines()]
    assert [(row["label"], row["annotator"]) for row in rows] == [("neutral", "tester")]
