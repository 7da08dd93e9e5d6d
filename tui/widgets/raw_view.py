"""The raw page dump, line by line, with the lines the cleaner removed and why."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from store import Article, strip_control


def render_raw(article: Article) -> Content:
    """Numbered raw lines; removed ones struck through and followed by their reason.

    A line the cleaner only cut a piece from (an "Image 0" label glued to a
    paragraph) has just that piece struck out. Control codes in the dump are
    stripped first, as the cleaner does, so line numbers match `removed`.
    """
    removed = {line.line: line for line in article.removed}
    lines = strip_control(article.raw or "").split("\n")
    if lines and not lines[-1]:
        lines.pop()
    width = len(str(len(lines)))
    out: list[Content] = []
    for number, line in enumerate(lines, start=1):
        gutter = Content.styled(f"{number:>{width}} ", "dim")
        cut = removed.get(number)
        if cut is None:
            out.append(gutter + Content(line))
            continue
        reason = Content.styled(f"  ✗ {cut.reason}", "bold #f85149")
        piece = cut.text.strip()
        at = line.find(piece) if piece and piece != line.strip() else -1
        if at >= 0:
            kept = Content(line[:at]) + Content.styled(piece, "strike dim")
            out.append(gutter + kept + Content(line[at + len(piece) :]) + reason)
        else:
            out.append(gutter + Content.styled(line or "␤", "strike dim") + reason)
    if not out:
        out.append(Content.styled("(no raw text stored for this article)", "dim"))
    return Content("\n").join(out)


class RawView(VerticalScroll, can_focus=True):
    """The dump the article was cleaned from: check what the cleaner kept and dropped."""

    # The reader's j and k move a cursor the raw view hides: here they scroll.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
    ]

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article

    def compose(self) -> ComposeResult:
        """A heading line with counts, then the numbered lines."""
        removed = len(self.article.removed)
        yield Static(
            Content.styled(
                f"Raw dump · {removed} line{'s' if removed != 1 else ''} removed (struck out)",
                "bold",
            ),
            classes="raw-heading",
        )
        yield Static(render_raw(self.article), classes="raw-lines")
