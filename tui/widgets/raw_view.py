"""The raw page dump, line by line, with the lines the cleaner removed and why."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


def render_raw(article: Any) -> Content:
    """Numbered raw lines; removed ones struck through and followed by their reason."""
    removed = {line.line: line.reason for line in article.removed}
    lines = (article.raw or "").splitlines()
    width = len(str(len(lines)))
    out: list[Content] = []
    for number, line in enumerate(lines, start=1):
        gutter = Content.styled(f"{number:>{width}} ", "dim")
        reason = removed.get(number)
        if reason is None:
            out.append(gutter + Content(line))
        else:
            out.append(
                gutter
                + Content.styled(line or "␤", "strike dim")
                + Content.styled(f"  ✗ {reason}", "bold #f85149")
            )
    if not out:
        out.append(Content.styled("(no raw text stored for this article)", "dim"))
    return Content("\n").join(out)


class RawView(VerticalScroll, can_focus=True):
    """The dump the article was cleaned from: check what the cleaner kept and dropped."""

    def __init__(self, article: Any, *, id: str | None = None) -> None:
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
