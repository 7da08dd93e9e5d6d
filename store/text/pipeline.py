"""Put the pipeline stages together: clean, metadata, statements, quotes."""

from __future__ import annotations

import hashlib

from store.text.decode import strip_control
from store.text.model import Article, Paragraph, Statement


def article_id(raw: str) -> str:
    """A stable id for a page: a hash of its raw content."""
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()


def parse_article(raw: str, file_name: str = "") -> Article:
    """Turn one raw page dump into a clean `Article`."""
    # Placeholder until the cleaner lands: every non-empty line is a paragraph.
    clean = strip_control(raw)
    lines = [ln.strip() for ln in clean.splitlines() if ln.strip()]
    title = lines[0] if lines else ""
    body = lines[1:]
    text = "\n\n".join(body)
    paragraphs = []
    pos = 0
    for ln in body:
        paragraphs.append(Paragraph(pos, pos + len(ln)))
        pos += len(ln) + 2
    return Article(
        id=article_id(raw),
        file=file_name,
        title=title,
        subtitle=None,
        source=None,
        date=None,
        date_text=None,
        dateline=None,
        text=text,
        paragraphs=tuple(paragraphs),
        statements=tuple(Statement(p.start, p.end) for p in paragraphs),
        raw=raw,
    )
