"""A label key redraws only what it changed: what stays on screen must still be right.

The side panel marks only the rows its old and new statement cover, and the
status line is left alone when it says the same: after a resize and a theme
change, what is drawn must equal a full redraw.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_support import build, burst, open_article, settle
from test_tui_workflows import cursor_in_view
from textual.app import App

from tui.widgets.side_panel import StatementPanel
from tui.widgets.status_line import StatusLine


def drawn(widget: StatementPanel) -> list[str]:
    """The widget's lines as the screen has them (a refresh not asked for keeps them)."""
    return [strip.text.rstrip() for strip in widget.render_lines(widget.size.region)]


async def test_the_panel_keeps_no_old_rows_after_a_resize(
    sample_dir: Path, db: Path, tmp_path: Path
) -> None:
    app = build(sample_dir, db, tmp_path)
    async with app.run_test(size=(150, 40)) as pilot:
        reader = await open_article(pilot, "Lavrov")
        lengths = [end - start for start, end in reader._ranges()]
        reader._set_cursor(lengths.index(max(lengths)))  # the longest statement
        await settle(pilot)
        await pilot.resize_terminal(100, 40)  # a narrower panel: it wraps to more rows
        await settle(pilot)
        reader._set_cursor(lengths.index(min(lengths)))  # then the shortest
        await settle(pilot)
        panel = reader.query_one(StatementPanel)
        shown = drawn(panel)
        panel.refresh()
        await pilot.pause()
        assert shown == drawn(panel)


async def test_the_status_line_takes_a_new_themes_colours(
    corpus: Path, db: Path, tmp_path: Path
) -> None:
    app: App[None] = build(corpus, db, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await open_article(pilot, "Geneva")
        burst(pilot, "1")
        await settle(pilot)
        line = reader.query_one(StatusLine)
        dark = str(line._head.spans[0].style)
        app.theme = "textual-light"
        await pilot.pause()
        burst(pilot, "j")  # the same save state shown again, in the light theme
        await settle(pilot)
        light = str(line._head.spans[0].style)
        assert light != dark
        assert line._on_panel(reader.session.status.style) in light


async def test_the_cursor_stays_in_view_up_and_down_a_paragraph_taller_than_the_screen(
    db: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "long"
    corpus.mkdir()
    sentences = [
        f"Sentence {n} of the one long paragraph says the talks went on." for n in range(40)
    ]
    (corpus / "long.txt").write_text(
        "One long paragraph\n\n" + " ".join(sentences) + "\n\nA short last one.\n", encoding="utf-8"
    )
    app = build(corpus, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "long")
        for keys in [("j",) * 3] * 13 + [("k",) * 3] * 13:  # in bursts, as typed
            burst(pilot, *keys)
            await settle(pilot)
            assert cursor_in_view(reader), (keys[0], reader.cursor)


async def test_a_short_screen_shows_the_label_in_the_panel(
    sample_dir: Path, db: Path, tmp_path: Path
) -> None:
    app = build(sample_dir, db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_article(pilot, "Lavrov")
        lengths = [end - start for start, end in reader._ranges()]
        longest = lengths.index(max(lengths))
        reader._set_cursor(longest)
        await settle(pilot)
        burst(pilot, "2", "k")  # label the longest statement, back onto it
        await settle(pilot)
        assert reader.cursor == longest
        assert any(
            "Label against (saved)" in line for line in drawn(reader.query_one(StatementPanel))
        )
