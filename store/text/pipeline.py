"""Put the pipeline stages together: clean, metadata, statements, quotes."""

from __future__ import annotations

import hashlib

from store.text.decode import strip_control
from store.text.layout import Block, Layout, read_layout
from store.text.metadata import find_dateline, iso_date
from store.text.model import Article, Paragraph, Quote, RemovedLine, Statement
from store.text.names import build_registry
from store.text.quotes import QuoteSpan, find_quotes
from store.text.sentences import split_sentences
from store.text.speakers import Attributor


def article_id(raw: str) -> str:
    """A stable id for a page: a hash of its raw content (lone surrogates included)."""
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def parse_article(raw: str, file_name: str = "", title: str | None = None) -> Article:
    """Turn one raw page dump into a clean `Article`.

    Give `title` when the article comes with it (a JSONL record): then all of
    `raw` is body text and only junk lines are dropped from it.
    """
    return _article(read_layout(strip_control(raw).split("\n"), title), raw, file_name)


def parse_blocks(
    blocks: list[tuple[str, str]],
    removed: list[RemovedLine],
    raw: str,
    file_name: str,
    title: str,
) -> Article:
    """An `Article` from body blocks already told apart (an HTML page's main text).

    `blocks` are `(text, kind)` pairs, kind "paragraph" or "heading", already
    free of junk; `removed` are the lines of `raw` left out, and why. A
    dateline that opens the first paragraph is found as in a page dump.
    """
    body = [Block(text, kind) for text, kind in blocks]
    layout = Layout(title=title, body=body, removed=removed)
    if layout.body and layout.body[0].kind == "paragraph":
        layout.dateline = find_dateline(layout.body[0].text)
        layout.source = layout.dateline.source if layout.dateline else None
    return _article(layout, raw, file_name)


def _article(layout: Layout, raw: str, file_name: str) -> Article:
    """Turn a page's layout into offsets: paragraphs, statements and quotes."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for block in layout.body:
        if parts:
            pos += 2
        paragraphs.append(Paragraph(pos, pos + len(block.text), block.kind))  # type: ignore[arg-type]
        parts.append(block.text)
        pos += len(block.text)
    text = "\n\n".join(parts)
    dateline_end = len(layout.dateline.text) if layout.dateline else 0
    statements = [
        Statement(a, b)
        for i, p in enumerate(paragraphs)
        if p.kind == "paragraph"
        for a, b in split_sentences(text, p.start, p.end, dateline_end if i == 0 else 0)
    ]
    quotes = _quotes(text, paragraphs, f"{layout.title}\n{layout.subtitle or ''}")
    return Article(
        id=article_id(raw),
        file=file_name,
        title=layout.title,
        subtitle=layout.subtitle,
        source=layout.source,
        date=iso_date(layout.date_text),
        date_text=layout.date_text,
        dateline=layout.dateline.text if layout.dateline else None,
        text=text,
        paragraphs=tuple(paragraphs),
        statements=tuple(statements),
        quotes=tuple(quotes),
        removed=tuple(sorted(layout.removed, key=lambda r: r.line)),
        raw=raw,
    )


def _quotes(text: str, paragraphs: list[Paragraph], heading_text: str) -> list[Quote]:
    """Find every quotation of the body and attribute it."""
    found: list[tuple[int, int, list[QuoteSpan]]] = []
    open_before = False
    for para in paragraphs:
        spans = find_quotes(text, para.start, para.end, open_before)
        found.append((para.start, para.end, spans))
        open_before = bool(spans) and not spans[-1].closed
    quoted = [(s.start, s.end) for _, _, spans in found for s in spans]
    if not quoted:
        return []
    registry = build_registry(f"{heading_text}\n{text}")
    attributor = Attributor(text, registry, quoted)
    return [
        Quote(span.start, span.end, speaker, cue)
        for span, speaker, cue in attributor.attribute(found)
    ]
