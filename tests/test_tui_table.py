"""The library table as it appears on screen: full columns, with or without a
scrollbar, whatever the width of the characters in titles and sources."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.widgets.article_table import ArticleTable, _fit

WIDE_TITLES = (
    "서울 정상회담에서 북한 핵문제 논의",
    "中国外交部就朝鲜半岛局势答记者问并呼吁各方保持克制",
    "東京で日米首脳会談、北朝鮮の核問題を協議",
    "🌍 Climate summit ends with a deal 🎉🎉",
)
NARROW_TITLES = (
    "Ministers meet in Geneva to discuss the future of the Black Sea grain deal "
    "after months of stalled talks between the parties",
    "Oil prices fall",
)
SOURCES = ("TASS", "연합뉴스", "新华社", "The Korea Herald International Edition")


@dataclass
class FakeEntry:
    """The fields of an ArticleEntry that the table reads."""

    id: str
    title: str
    source: str
    date: str | None
    date_text: str
    statement_count: int


def fake_entries(count: int) -> list[FakeEntry]:
    """`count` articles, mixing wide and narrow titles and sources, 12 statements each."""
    titles = WIDE_TITLES + NARROW_TITLES
    return [
        FakeEntry(
            id=f"a{i}",
            title=titles[i % len(titles)],
            source=SOURCES[i % len(SOURCES)],
            date="2017-06-22" if i % 2 else None,
            date_text="" if i % 2 else "September 20, 2017 14:30",
            statement_count=12,
        )
        for i in range(count)
    ]


class TableApp(App[None]):
    """Just the table, filling the screen."""

    CSS = "ArticleTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield ArticleTable(id="articles")


def screen_lines(app: App[None], width: int) -> list[str]:
    """The text of each screen line, cut to the table's first `width` cells."""
    # The compositor's strips are what the terminal would show, after scrollbars
    # and cropping, which the table's own render_line cannot tell.
    return [strip.crop(0, width).text for strip in app.screen._compositor.render_strips()]


def assert_columns_line_up(app: TableApp, table: ArticleTable) -> None:
    """The header is whole and every row ends with its progress at the right edge."""
    content_width = table.scrollable_content_region.width
    lines = screen_lines(app, content_width)
    height = table.scrollable_content_region.height
    shown = min(height - 1, len(table.rows) - int(table.scroll_y))
    header, rows, blanks = lines[0], lines[1 : 1 + shown], lines[1 + shown : height]
    assert header.rstrip().endswith("Labelled"), header
    assert cell_len(header.rstrip()) == content_width, header
    for line in rows:
        assert cell_len(line) == content_width, line
        assert line.endswith(" 0/12"), line
    assert all(line == " " * content_width for line in blanks)
    for y in range(height):
        strip = table.render_line(y)
        assert strip.cell_length == cell_len(strip.text) == content_width, strip.text
    assert not table.show_horizontal_scrollbar
    assert table.virtual_size.width == content_width


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("count", [60, 5], ids=["scrollbar", "no-scrollbar"])
async def test_columns_fit_the_width_left_by_the_scrollbar(width: int, count: int) -> None:
    app = TableApp()
    async with app.run_test(size=(width, 24)) as pilot:
        table = app.query_one(ArticleTable)
        table.set_rows(fake_entries(count), {})
        await pilot.pause()
        assert table.show_vertical_scrollbar == (count == 60)
        expected_width = width - table.scrollbar_size_vertical if count == 60 else width
        assert table.scrollable_content_region.width == expected_width
        assert_columns_line_up(app, table)
        table.action_last()  # other rows, scrolled into view
        await pilot.pause()
        assert_columns_line_up(app, table)
        assert any("서울" in line for line in screen_lines(app, width))


async def test_rows_stay_aligned_when_the_scrollbar_comes_and_goes() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(ArticleTable)
        for count in (5, 60, 5):
            table.set_rows(fake_entries(count), {})
            await pilot.pause()
            assert_columns_line_up(app, table)


async def test_a_table_too_narrow_for_its_columns_is_cut_at_its_edge() -> None:
    app = TableApp()
    async with app.run_test(size=(30, 10)) as pilot:
        table = app.query_one(ArticleTable)
        table.set_rows(fake_entries(60), {})
        await pilot.pause()
        content_width = table.scrollable_content_region.width
        for y in range(table.scrollable_content_region.height):
            strip = table.render_line(y)
            assert strip.cell_length == cell_len(strip.text) == content_width, strip.text


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("서울정상", 4, "서… "),  # a wide character that does not fit is left out whole
        ("서울정상", 5, "서울…"),
        ("서울", 6, "서울  "),
        ("Geneva talks", 8, "Geneva …"),
        ("Geneva talks", 1, "…"),
        ("Geneva talks", 12, "Geneva talks"),
        ("🎉🎉🎉", 4, "🎉… "),
        ("TASS", 0, ""),
    ],
)
def test_fit_measures_and_cuts_in_cells(text: str, width: int, expected: str) -> None:
    fitted = _fit(text, width)
    assert fitted == expected
    assert cell_len(fitted) == width
