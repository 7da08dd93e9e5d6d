"""A virtual list of articles: renders only the visible lines, so 10,000 rows are cheap.

DataTable measures and stores every cell; here a row is drawn from its entry
when it scrolls into view, and filtering or sorting just swaps the row list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import progress_state, short_date

if TYPE_CHECKING:
    from store import ArticleEntry


def _fit(text: str, width: int, *, right: bool = False) -> str:
    """Cut or pad `text` to exactly `width` terminal cells, left-aligned unless `right`.

    Cells, not characters: a Korean, Chinese or Japanese character or an emoji
    takes two cells, and counting it as one would push the rest of its row
    out of line. A cut ends with "…" and never splits a wide character.
    """
    if width <= 0:
        return ""
    if cell_len(text) > width:
        # chop_cells keeps a wide character whole on the next line rather than
        # splitting it, so the part kept may be one cell short: padded below.
        text = (chop_cells(text, width - 1)[0] if width > 1 else "") + "…"
    padding = " " * (width - cell_len(text))
    return padding + text if right else text + padding


class ArticleTable(ScrollView, can_focus=True):
    """Articles with title, source, date and labelling progress; Enter opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-table--header",
        "article-table--cursor",
        "article-table--done",
        "article-table--started",
        "article-table--dim",
    }
    # The columns always fit the width, so there is nothing to scroll sideways.
    DEFAULT_CSS = """
    ArticleTable { background: $surface; overflow-x: hidden; }
    ArticleTable > .article-table--header { text-style: bold; color: $text-accent; }
    ArticleTable > .article-table--cursor { background: $block-cursor-blurred-background; }
    ArticleTable:focus > .article-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    ArticleTable > .article-table--done { color: $text-success; }
    ArticleTable > .article-table--started { color: $text-warning; }
    ArticleTable > .article-table--dim { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="table.down", tooltip="Next"),
        Binding("up,k", "cursor_up", "Up", show=False, id="table.up", tooltip="Previous"),
        Binding(
            "pagedown", "page_down", "Page down", show=False, id="table.page_down",
            tooltip="One screen down",
        ),
        Binding(
            "pageup", "page_up", "Page up", show=False, id="table.page_up",
            tooltip="One screen up",
        ),
        Binding("home,g", "first", "First", show=False, id="table.first", tooltip="First"),
        Binding("end,G", "last", "Last", show=False, id="table.last", tooltip="Last"),
        Binding("enter", "select", "Open", id="table.open", tooltip="Open the article"),
    ]  # fmt: skip

    cursor: reactive[int] = reactive(0, always_update=True)

    class CursorMoved(Message):
        """The cursor is on another article (or on none: `entry` is None)."""

        def __init__(self, entry: ArticleEntry | None) -> None:
            super().__init__()
            self.entry = entry

    class Selected(Message):
        """The user chose an article to open."""

        def __init__(self, entry: ArticleEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[ArticleEntry] = []
        self.labelled: Mapping[str, int] = {}
        self._styles: dict[str, Style] = {}
        self._column_cache: tuple[int, tuple[int, int, int, int]] = (-1, (0, 0, 0, 0))
        self._picked = False
        """Whether the user has put the cursor on an article (see `set_rows`)."""

    def _style(self, name: str, colour_only: bool = False) -> Style:
        """A component style, looked up once per theme or CSS change (not per line).

        `colour_only` keeps just its text colour, to lay over a row's own
        background. The colour comes from the full style: only that resolves a
        colour relative to the background ($text-muted), which a partial style
        leaves white.
        """
        key = f"{name}:{colour_only}"
        style = self._styles.get(key)
        if style is None:
            full = self.get_component_rich_style(name)
            style = self._styles[key] = Style(color=full.color) if colour_only else full
        return style

    def notify_style_update(self) -> None:
        """Styles changed (theme, focus): forget the cached ones."""
        self._styles.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        """The cursor row looks different with focus."""
        self._styles.clear()
        self.refresh()

    def on_blur(self) -> None:
        """The cursor row looks different without focus."""
        self._styles.clear()
        self.refresh()

    def set_rows(self, rows: Sequence[ArticleEntry], labelled: Mapping[str, int]) -> None:
        """Show `rows` (ArticleEntry objects).

        Once the user has picked an article, the cursor stays on it when the
        rows change (a search, a new sort); until then it stays on the top row,
        so a list that fills while loading does not carry the cursor away.
        """
        current = self.current if self._picked else None
        self.rows = rows
        self.labelled = labelled
        self._update_virtual_size()
        index = None if current is None else self._index_of(current.id)
        self.cursor = index or 0
        self.refresh()

    def _index_of(self, article_id: str) -> int | None:
        """The row of an article, if it is listed."""
        return next((i for i, row in enumerate(self.rows) if row.id == article_id), None)

    def move_to_article(self, article_id: str) -> None:
        """Put the cursor on an article's row, if it is listed (as the user's choice)."""
        index = self._index_of(article_id)
        if index is not None and index != self.cursor:
            self.move_to(index)

    @property
    def current(self) -> ArticleEntry | None:
        """The article under the cursor, if any."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def watch_cursor(self, cursor: int) -> None:
        """Keep the cursor row visible below the fixed header line."""
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(self.current))

    @property
    def _content_width(self) -> int:
        """The cells a line can use: the widget's width less a vertical scrollbar, if shown.

        `size.width` still counts the scrollbar, and lines that wide lose
        their last cells (the progress column) under it.
        """
        return self.scrollable_content_region.width

    def _update_virtual_size(self) -> None:
        """As wide as the lines, one line per row plus the header."""
        self.virtual_size = Size(self._content_width, len(self.rows) + 1)

    def watch_show_vertical_scrollbar(self) -> None:
        """A scrollbar that comes or goes changes the width left for the lines."""
        self._update_virtual_size()
        self.refresh()

    def _columns(self) -> tuple[int, int, int, int]:
        width = self._content_width
        if self._column_cache[0] != width:
            progress, date = 9, 12  # "September 20"
            source = max(6, min(18, width // 6))
            title = max(10, width - progress - date - source - 3)
            self._column_cache = (width, (title, source, date, progress))
        return self._column_cache[1]

    def render_line(self, y: int) -> Strip:
        """Line 0 is the column header; the others are rows from the scroll position."""
        title_w, source_w, date_w, progress_w = self._columns()
        width = self._content_width
        if y == 0:
            text = " ".join(
                (
                    _fit("Title", title_w),
                    _fit("Source", source_w),
                    _fit("Date", date_w),
                    _fit("Labelled", progress_w, right=True),
                )
            )
            style = self._style("article-table--header")
            return Strip([Segment(_fit(text, width), style)], width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        entry = self.rows[index]
        done = self.labelled.get(entry.id, 0)
        total = entry.statement_count
        base = self.rich_style
        dim = self._style("article-table--dim", True)
        progress_kind = progress_state(done, total)
        state = (
            dim
            if progress_kind == "unlabelled"
            else self._style(f"article-table--{progress_kind}", True)
        )
        if index == self.cursor:
            # The cursor row in the cursor's own colours: muted and progress colours
            # are chosen for the list's background and can vanish on the cursor's.
            base = base + self._style("article-table--cursor")
            dim = state = Style()
        progress = f"{min(done, total)}/{total}" if total else "–"
        segments = [
            Segment(_fit(entry.title or "(untitled)", title_w) + " ", base),
            Segment(_fit(entry.source or "", source_w) + " ", base + dim),
            Segment(_fit(short_date(entry), date_w) + " ", base + dim),
            Segment(_fit(progress, progress_w, right=True), base + state),
        ]
        used = title_w + source_w + date_w + progress_w + 3
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        # Measured, not declared: a narrow table is cut, its columns being wider.
        return Strip(segments).crop(0, width)

    def on_resize(self, event: events.Resize) -> None:
        """Columns depend on the width; the list height on the row count."""
        self._update_virtual_size()
        self.refresh()

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index`, as the user's choice (it then follows that article)."""
        if self.rows:
            self._picked = True
            self.cursor = max(0, min(len(self.rows) - 1, index))

    def _move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_cursor_down(self) -> None:
        """Move to the next article."""
        self._move(1)

    def action_cursor_up(self) -> None:
        """Move to the previous article."""
        self._move(-1)

    def action_page_down(self) -> None:
        """Move one screen down."""
        self._move(max(1, self.size.height - 2))

    def action_page_up(self) -> None:
        """Move one screen up."""
        self._move(-max(1, self.size.height - 2))

    def action_first(self) -> None:
        """Move to the first article."""
        self._move(-len(self.rows))

    def action_last(self) -> None:
        """Move to the last article."""
        self._move(len(self.rows))

    def action_select(self) -> None:
        """Open the article under the cursor."""
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on a row; a click on the cursor row opens it."""
        if event.y == 0:
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor:
                self.action_select()
            self.move_to(index)
