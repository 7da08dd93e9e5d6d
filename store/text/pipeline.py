"""Put the pipeline stages together: clean, metadata, statements, quotes."""

from __future__ import annotations

import hashlib

from store.text.decode import strip_control
from store.text.layout import read_layout
from store.text.metadata import iso_date
from store.text.model import Article, Paragraph, Statement

PIPELINE_VERSION = 1
"""Bumped whenever the output for the same input changes (invalidates caches)."""


def article_id(raw: str) -> str:
    """A stable id for a page: a hash of its raw content."""
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()


def parse_article(raw: str, file_name: str = "") -> Article:
    """Turn one raw page dump into a clean `Article`."""
    layout = read_layout(strip_control(raw).split("\n"))
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
        statements=tuple(Statement(p.start, p.end) for p in paragraphs if p.kind == "paragraph"),
        removed=tuple(sorted(layout.removed, key=lambda r: r.line)),
        raw=raw,
    )
