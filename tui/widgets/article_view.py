"""The cleaned article as the reader shows it: header, paragraphs, quotes and labels.

Article text is data: every paragraph is built with `Content(text)` and styled
by offsets, never parsed as markup, so `[UN]` or `{{item}}` in an article stay
as they are. Each paragraph is its own widget so a label redraws one paragraph.
A click is read from the statement offset kept in the text's style meta (not
from a `@click` link, whose link colour would paint over the speakers' colours).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from store import Article, Quote
from tui.labels import LabelScheme
from tui.session import Mark
from tui.widgets.palette import app_colour, label_tint, readable_on, speaker_palette

UNNAMED_COLOUR = "#8b949e"
"""Quotes whose speaker is not known (made readable on the theme's surface)."""

_CLOSING_MARKS = "\"”»’'"
FLAG_SIGNS = {"unsure": " ?", "review": " ⚑", "adjudicated": " ✓"}
"""How a label's flags show in its tag."""


def speaker_colours(quotes: Iterable[Quote], palette: Sequence[str]) -> dict[str, str]:
    """A colour for every named speaker, in order of first appearance in the article."""
    colours: dict[str, str] = {}
    for quote in quotes:
        if quote.speaker and quote.speaker not in colours:
            colours[quote.speaker] = palette[len(colours) % len(palette)]
    return colours


@dataclass(frozen=True)
class Highlight:
    """What the reader wants drawn on top of the text: the cursor, a span selection,
    and the places a find found (`current` the one it is on)."""

    cursor: tuple[int, int] | None = None
    span: tuple[int, int] | None = None
    found: tuple[tuple[int, int], ...] = ()
    current: tuple[int, int] | None = None


def _named_near(article: Article, quote: Quote, speaker: str) -> bool:
    """Whether the text names a quote's speaker next to it: in the sentence that leads
    into it ('Lavrov described the talks as "…"') or right after it ('…," Lavrov
    said'). The surname is enough to name "Sergey Lavrov"."""
    surname = speaker.split()[-1]
    starts = [s.start for s in article.statements]
    at = bisect.bisect_right(starts, quote.start) - 1
    lead = article.text[starts[at] : quote.start] if at >= 0 else ""
    return surname in lead or surname in article.text[quote.end : quote.end + 48]


def _past_closing_marks(text: str, at: int) -> int:
    """Where a tag after text[:at] goes: past the quotation marks closing it, but
    not into a word ("Russia’s" keeps its apostrophe)."""
    past = at
    while past < len(text) and text[past] in _CLOSING_MARKS:
        past += 1
    return at if past < len(text) and text[past].isalnum() else past


def _mark_tag(mark: Mark, colour: str, *, own: bool) -> Content:
    """` ‹quote favor… ✎›` after one's own label; ` ‹bob: against›` after another's."""
    state = mark.state
    unit = "" if mark.unit == "sentence" else f"{mark.unit} "
    if not own:
        return Content.styled(f" ‹{mark.annotator}: {unit}{state.label}›", f"italic {colour}")
    pending = "…" if mark.pending else ""
    note = " ✎" if state.note else ""
    flags = "".join(FLAG_SIGNS.get(flag, "") for flag in state.flags)
    return Content.styled(f" ‹{unit}{state.label}{pending}{note}{flags}›", f"bold {colour}")


def render_paragraph(
    article: Article,
    start: int,
    end: int,
    kind: str,
    *,
    marks: Sequence[Mark],
    others: Sequence[Mark] = (),
    scheme: LabelScheme,
    colours: dict[str, str],
    highlight: Highlight,
    background: str = "#1e1e1e",
    foreground: str | None = None,
) -> Content:
    """One paragraph of `article.text[start:end]` with quotes, labels and the cursor.

    `marks` are the annotator's labels (tinted, tagged); `others` other
    annotators' labels, shown as tags only when asked for. Colours are made
    readable on `background` (the theme's surface), whose text is `foreground`.
    """
    text = article.text[start:end]
    spans: list[Span] = []
    inserts: list[tuple[int, int, Content]] = []  # (offset, order, tag)

    def clip(a: int, b: int) -> tuple[int, int] | None:
        a, b = max(a, start) - start, min(b, end) - start
        return (a, b) if a < b else None

    if kind == "heading":
        spans.append(Span(0, len(text), "bold"))
    for statement in article.statements:
        if statement.start < end and statement.end > start:
            part = clip(statement.start, statement.end)
            if part is not None:
                spans.append(Span(*part, Style.from_meta({"statement": statement.start})))
    for quote in article.quotes:
        if quote.end <= start or quote.start >= end:
            continue
        colour = colours.get(quote.speaker or "") or readable_on(UNNAMED_COLOUR, background)
        if (part := clip(quote.start, quote.end)) is not None:
            spans.append(Span(*part, f"italic {colour}"))
        speaker = quote.speaker
        if speaker and start < quote.end <= end and not _named_near(article, quote, speaker):
            at = _past_closing_marks(text, quote.end - start)
            inserts.append((at, 0, Content.styled(f" ⟨{speaker}⟩", colour)))
    for mark in marks:
        colour = scheme.colour_of(mark.state.label)
        if (part := clip(mark.start, mark.end)) is not None:
            spans.append(Span(*part, f"on {label_tint(colour, background, foreground)}"))
        if start < mark.end <= end:
            at = _past_closing_marks(text, mark.end - start)
            inserts.append((at, 1, _mark_tag(mark, readable_on(colour, background), own=True)))
    for mark in others:
        if start < mark.end <= end:
            colour = readable_on(scheme.colour_of(mark.state.label), background)
            at = _past_closing_marks(text, mark.end - start)
            inserts.append((at, 2, _mark_tag(mark, colour, own=False)))
    if highlight.cursor is not None and (part := clip(*highlight.cursor)) is not None:
        spans.append(Span(*part, "reverse"))
    if highlight.span is not None and (part := clip(*highlight.span)) is not None:
        spans.append(Span(*part, "bold underline reverse"))
    for found in highlight.found:
        if (part := clip(*found)) is not None:
            current = found == highlight.current
            spans.append(Span(*part, "bold black on yellow" if current else "black on #c8a900"))
    content = Content(text, spans=spans)
    if not inserts:
        return content
    inserts.sort(key=lambda item: (item[0], item[1]))
    offsets = sorted({at for at, _order, _tag in inserts if 0 < at < len(text)})
    pieces = content.divide(offsets) if offsets else [content]
    bounds = [0, *offsets]
    out = Content("")
    for bound, piece in zip(bounds, pieces, strict=True):
        out += piece
        stop = bound + len(piece)
        for at, _order, tag in inserts:
            if (at == stop) or (stop == len(text) and at >= stop):
                out += tag
    return out


class ParagraphBlock(Static):
    """One paragraph or heading of the article body."""

    def __init__(self, index: int, start: int, end: int, kind: str) -> None:
        """A paragraph of the article text between two offsets."""
        super().__init__(classes=kind)
        self.index = index
        self.start = start
        self.end = end
        self.kind = kind
        self._plain: str | None = None

    def show(self, content: Content) -> None:
        """Draw `content`, with a layout pass only if its height changes.

        A label key changes one paragraph; a layout pass re-renders the whole
        screen, and waits for a frame of its own, which costs more than the rest
        of the key press together. The height is compared with the one the
        paragraph has on screen now, so a paragraph drawn for the first time
        since the last resize costs no layout either.
        """
        width = self.content_region.width
        if content.plain == self._plain or width <= 0:
            self.update(content, layout=width <= 0)
            return
        lines = len(content.wrap(width))
        self.update(content, layout=lines != self.content_region.height)
        self._plain = content.plain

    def on_resize(self) -> None:
        """A new width may wrap the text differently."""
        self._plain = None


class ArticleView(VerticalScroll, can_focus=True):
    """The article body: title block, then one `ParagraphBlock` per paragraph."""

    class StatementClicked(Message):
        """The user clicked a statement; `offset` is where it starts in the text."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(
        self,
        article: Article,
        scheme: LabelScheme,
        marks: Callable[[], tuple[Sequence[Mark], Sequence[Mark]]],
        *,
        id: str | None = None,
    ) -> None:
        """`marks()` gives the labels to draw now: the annotator's and (when
        shown) other annotators'."""
        super().__init__(id=id)
        self.article = article
        self.scheme = scheme
        self.colours: dict[str, str] = {}
        """Each speaker's colour, for the current theme (set when drawn)."""
        self.marks = marks
        self.highlight = Highlight()
        self._blocks: list[ParagraphBlock] = []

    def compose(self) -> ComposeResult:
        """Header, then the paragraphs (rendered on mount, once sizes are known)."""
        article = self.article
        yield Static(Content(article.title or "(untitled)"), classes="article-title")
        if article.subtitle:
            yield Static(Content(article.subtitle), classes="article-subtitle")
        meta = [p for p in (article.source, article.date or article.date_text) if p]
        if article.author:
            meta.append(f"by {article.author}")
        if article.dateline and not article.text.startswith(article.dateline):
            meta.append(article.dateline)
        if meta:
            yield Static(Content(" · ".join(meta)), classes="article-meta")
        for index, para in enumerate(article.paragraphs):
            yield ParagraphBlock(index, para.start, para.end, para.kind)

    def on_mount(self) -> None:
        """Draw every paragraph, and again whenever the theme changes."""
        self.redraw()
        self.watch(self.app, "theme", lambda _theme: self.redraw(), init=False)

    def on_click(self, event: events.Click) -> None:
        """A click on a statement asks the reader to put the cursor there."""
        offset = event.style.meta.get("statement")
        if isinstance(offset, int):
            self.post_message(self.StatementClicked(offset))

    @property
    def blocks(self) -> list[ParagraphBlock]:
        """The paragraph widgets, in order (looked up once they are mounted)."""
        if not self._blocks:
            self._blocks = list(self.query(ParagraphBlock))
        return self._blocks

    def redraw(self, ranges: Sequence[tuple[int, int]] | None = None) -> None:
        """Re-render the paragraphs touching `ranges` (all of them when None)."""
        background = app_colour(self.app, "surface")
        foreground = app_colour(self.app, "foreground", text=True)
        self.colours = speaker_colours(
            self.article.quotes, speaker_palette(self.app.current_theme.dark)
        )
        mine, others = self.marks()
        for block in self.blocks:
            if ranges is not None and not any(
                (a < block.end and b > block.start) or a == b == block.start for a, b in ranges
            ):
                continue
            block.show(
                render_paragraph(
                    self.article,
                    block.start,
                    block.end,
                    block.kind,
                    marks=[m for m in mine if m.start < block.end and m.end > block.start],
                    others=[m for m in others if m.start < block.end and m.end > block.start],
                    scheme=self.scheme,
                    colours=self.colours,
                    highlight=self.highlight,
                    background=background,
                    foreground=foreground,
                )
            )

    def block_at(self, offset: int) -> ParagraphBlock | None:
        """The paragraph holding a text offset."""
        for block in self.blocks:
            if block.start <= offset < block.end or offset == block.end:
                return block
        return None

    def scroll_to_range(self, start: int, end: int) -> None:
        """Scroll so that the text between two offsets is on screen, whole if it fits.

        Lines are estimated from the offsets' share of the paragraph, which is
        close enough for paragraphs of prose and costs no text measuring.
        """
        block = self.block_at(start)
        if block is None:
            return
        if block.region.height <= 0:
            self.call_after_refresh(self.scroll_to_widget, block, animate=False)
            return
        length = max(1, block.end - block.start)
        height = block.size.height
        first = block.virtual_region.y + int((start - block.start) / length * height)
        last = block.virtual_region.y + min(height - 1, int((end - block.start) / length * height))
        view = self.scrollable_content_region.height
        top = int(self.scroll_y)
        # A scroll redraws the whole view, a dozen times what a label key costs: when the
        # cursor leaves the view going down it lands a third of the way down (going up, a
        # third of the way up), as in an editor's page-ahead, so the next keys read on
        # without scrolling.
        if first < top:
            # Back at the top of the first paragraph, the title and metadata above it come
            # into view too.
            at_top = block is self.blocks[0] and last < view
            target = 0 if at_top else min(first - 1, last + 1 - view * 2 // 3)
            self.scroll_to(y=max(0, target), animate=False)
        elif last >= top + view:
            target = min(first - 1, max(first - view // 3, last - view + 2))
            self.scroll_to(y=max(0, target), animate=False)
