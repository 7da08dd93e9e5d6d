"""HTML pages into articles: trafilatura finds the main text, then our own layers run.

trafilatura (the best-measured open extractor) takes the article's text and
its metadata (title, author, date, site name, canonical URL) from the page's
markup. Its text then goes through the same text pipeline as a page dump,
with the title given: the junk lines trafilatura keeps (captions, related-link
lists, share prompts) are dropped, and the sentences, quotes and speakers are
found as for any other article.

The bytes are decoded here rather than by trafilatura, so that a page whose
`<meta charset>` lies is still read right: UTF-8 that decodes cleanly wins,
then the declared charset if the bytes fit it, then charset-normalizer's guess.
The article's id is a hash of the decoded HTML, so it does not change when a
newer extractor finds slightly different text (labels are re-anchored then).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, replace
from typing import Any

from store.corpus.sources import url_host
from store.text import Article, RemovedLine
from store.text import lines as kinds
from store.text.decode import MAX_DUMP_BYTES, DumpError, strip_control
from store.text.lines import dominant_script, has_words, is_prose, line_kind
from store.text.pipeline import article_id, parse_blocks

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class HtmlText:
    """A page's HTML decoded to text, with a note when the page lied about its charset."""

    text: str
    encoding: str
    warning: str | None = None


def _codec(name: bytes) -> str | None:
    try:
        return codecs.lookup(name.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes) -> HtmlText:
    """Decode a page's bytes: clean UTF-8, else the declared charset, else a detected one."""
    if len(data) > MAX_DUMP_BYTES:
        raise DumpError(
            f"too large for a page ({len(data) / 1e6:.1f} MB, "
            f"the limit is {MAX_DUMP_BYTES / 1e6:.0f} MB)"
        )
    found = _DECLARED.search(data[:4096])
    declared = _codec(found.group(1)) if found else None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        lied = declared is not None and declared not in ("utf-8", "ascii")
        note = f"says it is {declared} but is UTF-8; read as UTF-8" if lied else None
        return HtmlText(text, "utf-8", note)
    if declared and declared != "utf-8":
        try:
            return HtmlText(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # only for pages that are not what they say

    best = from_bytes(data).best()
    if best is None:
        raise DumpError("binary file, not an HTML page")
    said = f"says it is {declared}" if declared else "declares no charset"
    return HtmlText(str(best), best.encoding, f"{said}; read as {best.encoding}")


@dataclass(slots=True)
class _Block:
    """One block of the page's main text, and how much of it is link text."""

    text: str
    kind: str  # "paragraph" or "heading"
    link_share: float
    group: int | None = None  # the list it is an item of
    row: bool = False  # a table row, its cells joined by " | "


@dataclass(frozen=True, slots=True)
class Extracted:
    """What trafilatura found on a page: the main text as blocks, and the metadata."""

    blocks: list[_Block]
    title: str | None
    author: str | None
    date: str | None
    site: str | None
    url: str | None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(strip_control(value).split()) or None


def _words(pieces: list[str]) -> str:
    return " ".join(strip_control("".join(pieces)).split())


_INLINE = frozenset({"ref", "hi", "del", "span", "sub", "sup"})
"""trafilatura's elements that run within a line of text (links, emphasis)."""


class _Walk:
    """Collects the blocks of trafilatura's body tree in reading order.

    Text runs on across inline elements (links, emphasis) and the tails after
    any element; a line break or a block element (a paragraph, a heading, a
    list) ends the line. Each line is kept with its share of link text.
    """

    def __init__(self) -> None:
        self.blocks: list[_Block] = []
        self.lists = 0
        self._pieces: list[str] = []
        self._linked: list[str] = []

    def _end_line(self, kind: str, group: int | None) -> None:
        text = _words(self._pieces)
        if text:
            share = min(1.0, len(_words(self._linked)) / len(text))
            self.blocks.append(_Block(text, kind, share, group))
        self._pieces.clear()
        self._linked.clear()

    def _row(self, element: Any, group: int | None) -> None:
        cells = (_words(list(cell.itertext())) for cell in element)
        line = " | ".join(cell for cell in cells if cell)
        if line:
            self.blocks.append(_Block(line, "paragraph", 0.0, group, row=True))

    def element(self, element: Any, kind: str = "paragraph", group: int | None = None) -> None:
        """Add the lines of one element of the body tree (and of all it holds)."""
        if element.tag == "row":
            self._row(element, group)
            return
        if element.tag == "list":
            self.lists += 1
            group = self.lists
        elif element.tag == "head":
            kind = "heading"
        self._end_line(kind, group)
        self._pieces.append(element.text or "")
        for child in element:
            if child.tag == "lb":
                self._end_line(kind, group)
            elif child.tag in _INLINE:
                words = list(child.itertext())
                self._pieces.extend(words)
                if child.tag == "ref":
                    self._linked.extend(words)
            else:
                self._end_line(kind, group)
                self.element(child, "paragraph", group)
            self._pieces.append(child.tail or "")
        self._end_line(kind, group)


EXTRACT_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_links": True,  # link density tells related-story lists apart
    "favor_recall": True,  # our own layers take out what it lets through
    # No date guessed from the text or a copyright year: a year is never invented.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
"""How trafilatura is asked to read a page."""


def body_blocks(body: Any) -> list[_Block]:
    """The blocks of trafilatura's body tree (`<body>` with `p`, `head`, `list`…)."""
    walk = _Walk()
    walk.element(body)
    return walk.blocks


def extract(html: str, url: str | None = None) -> Extracted:
    """Run trafilatura on one page; raises `DumpError` when it finds no main text."""
    import trafilatura  # loaded with the first HTML page: it takes a while to import
    import trafilatura.settings

    # Its log would print over the app's screen; a page without text is reported here.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL + 1)

    document = trafilatura.bare_extraction(html, url=url, **EXTRACT_OPTIONS)
    if not isinstance(document, trafilatura.settings.Document) or document.body is None:
        raise DumpError("no article text found in the page")
    blocks = body_blocks(document.body)
    if not blocks:
        raise DumpError("no article text found in the page")
    return Extracted(
        blocks=blocks,
        title=_clean(document.title),
        author=_clean(document.author),
        date=_clean(document.date),
        site=_clean(document.sitename),
        url=_clean(document.url) or url,
    )


def _site_name(site: str | None) -> str | None:
    """A site name, unless it is a bare host name or an @handle (the URL says it better)."""
    if site is None or site.startswith("@"):
        return None
    return site


# Kinds of line that an extractor keeps inside an article's main text and that
# are not the article: photo captions and credits, related headlines, share
# and subscribe prompts, bylines, comment counts. Navigation-like short lines
# are not among them: in a page's main text they are headings and list items,
# which the markup already told apart. Nor are tickers: in the main text, a
# line with prices and figures is the article's (a product list, a table row).
_JUNK_KINDS = frozenset(
    {
        kinds.CAPTION, kinds.RELATED, kinds.MOST_READ, kinds.PLACEHOLDER, kinds.LOGIN,
        kinds.BYLINE, kinds.CREDITS, kinds.PROMO, kinds.COMMENTS, kinds.LABEL,
        kinds.IMAGE, kinds.SYMBOL, kinds.COUNTER,
    }
)  # fmt: skip
_OUTSIDE_LISTS = frozenset({kinds.TIMESTAMP})
"""Junk in a paragraph of its own, content in a list (an events list's dates)."""

_LINK_SHARE = 0.8
"""A block whose words are this much link text is a link, not a sentence of the article."""
_LABELLED_LINK = re.compile(r"\W*\w+(?: \w+){0,2}\s?:\s")
"""A short label before a link: "Also read: …", "Related: …", "READ MORE: …"."""


def _link_lists(blocks: list[_Block]) -> set[int]:
    """The lists most of whose items are links."""
    items: dict[int, list[bool]] = {}
    for block in blocks:
        if block.group is not None:
            items.setdefault(block.group, []).append(block.link_share >= _LINK_SHARE)
    return {group for group, links in items.items() if sum(links) * 2 > len(links)}


def _last_prose(blocks: list[_Block]) -> int:
    """Where the article's last paragraph of prose is (-1: none); links after it trail it."""
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.group is None and block.link_share < 0.5 and is_prose(block.text):
            return i
    return -1


def _is_link(block: _Block) -> bool:
    return block.link_share >= _LINK_SHARE and not has_words(block.text, 30)


def _junk_reason(
    block: _Block, trailing: bool, link_lists: set[int], main_script: str | None
) -> str | None:
    """Why a block of the main text is not the article, or None to keep it.

    Links are related stories when they trail the article's prose (a list of
    them, or a link on its own) or when a label leads them ("Also read: …");
    a list of links among the paragraphs is kept (a list article, a contents).
    """
    if trailing and (block.group in link_lists or _is_link(block)):
        return kinds.RELATED
    if block.group is None and block.link_share >= 0.5 and _LABELLED_LINK.match(block.text):
        return kinds.RELATED
    if block.row:
        return None
    kind = line_kind(block.text, main_script)
    if kind in _JUNK_KINDS or (kind in _OUTSIDE_LISTS and block.group is None):
        return kind
    return None


def _repeats_title(block: _Block, title_words: str) -> bool:
    """Whether a block is the headline again: the same words, or a heading that
    starts with them ("… Guarantee Jobs (latimes.com) 87": a source and a count after)."""
    words = _name_words(block.text)
    if words == title_words:
        return True
    return block.kind == "heading" and words.startswith(title_words + " ")


def sift_blocks(
    blocks: list[_Block], title: str | None = None
) -> tuple[list[tuple[str, str]], list[RemovedLine], str]:
    """Keep the article's blocks; the rest become removed lines of the text they make.

    Returns the kept `(text, kind)` blocks, the removed lines (1-based, one per
    block), and that text: every block on a line, in page order. The headline
    repeated at the top of the text is removed (it is the article's title).
    """
    link_lists = _link_lists(blocks)
    last_prose = _last_prose(blocks)
    main_script = dominant_script(" ".join(block.text for block in blocks[:40]))
    kept: list[tuple[str, str]] = []
    removed: list[RemovedLine] = []
    title_words = _name_words(title or "")
    for number, block in enumerate(blocks, start=1):
        if number <= 3 and title_words and _repeats_title(block, title_words):
            removed.append(RemovedLine(number, block.text, kinds.DUPLICATE))
            continue
        reason = _junk_reason(block, number - 1 > last_prose, link_lists, main_script)
        if reason is None:
            # A "heading" that reads as a sentence is a standfirst: statements to label.
            prose = block.kind == "heading" and is_prose(block.text)
            kept.append((block.text, "paragraph" if prose else block.kind))
        else:
            removed.append(RemovedLine(number, block.text, reason))
    return kept, removed, "\n".join(block.text for block in blocks)


_TITLE_PARTS = re.compile(r"\s+[|\-–—·:»/]{1,2}\s+|_(?=\S)")
"""What parts a page's <title> into headline and site name: " | ", " - ", "_"."""


def _name_words(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower()))


def _is_site(part: str, names: list[str]) -> bool:
    """Whether a part of a <title> names the site (its name or its host name)."""
    words = _name_words(part)
    if not words:
        return False
    size = words.count(" ") + 1
    return any(words in name or (name in words and size <= name.count(" ") + 3) for name in names)


def headline(title: str, site: str | None, url: str | None) -> str:
    """A page's <title> without the site's name before or after the headline.

    "Coffee prices climb | The Daily Example" with the site "The Daily
    Example" gives "Coffee prices climb"; a title with no part naming the
    site is kept whole (what follows a dash may be the headline's own).
    """
    host = url_host(url) or ""
    names = [n for n in (_name_words(site or ""), _name_words(host.rsplit(".", 1)[0])) if n]
    if not names:
        return title
    parts = _TITLE_PARTS.split(title)
    while len(parts) > 1 and _is_site(parts[-1], names):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], names):
        parts.pop(0)
    if len(parts) == len(_TITLE_PARTS.split(title)):
        return title
    # Join what is left with the separators it had.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if 0 <= start < end else title


def html_article(html: str, name: str, url: str | None = None) -> tuple[Article, str | None]:
    """The article of one decoded HTML page, and its URL (the page's own, else `url`).

    Raises `DumpError` when the page holds no article text.
    """
    found = extract(html, url)
    title = found.title and headline(found.title, found.site, found.url)
    kept, removed, text = sift_blocks(found.blocks, title)
    if not kept:
        raise DumpError("no article text found in the page")
    title = title or next((t for t, kind in kept if kind == "heading"), None)
    article = parse_blocks(kept, removed, text, name, title or "")
    changes: dict[str, Any] = {
        "id": article_id(html),
        "source": _site_name(found.site) or url_host(found.url) or article.source,
        "author": found.author,
        "url": found.url,
    }
    if found.date:
        changes["date"], changes["date_text"] = found.date, found.date
    return replace(article, **changes), found.url
