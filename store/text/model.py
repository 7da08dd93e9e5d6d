"""The immutable result of cleaning one page dump: an `Article` and its parts.

All offsets are character offsets into `Article.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ParagraphKind = Literal["paragraph", "heading"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the cleaned text: a paragraph or an in-article heading."""

    start: int
    end: int
    kind: ParagraphKind = "paragraph"


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of the cleaned text: the unit an annotator labels."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: the quoted words (without the marks) and who said them."""

    start: int
    end: int
    speaker: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A raw line the cleaner dropped (1-based line number) and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: metadata, body text and the units found in it."""

    id: str
    file: str
    title: str
    subtitle: str | None
    source: str | None
    date: str | None
    date_text: str | None
    dateline: str | None
    text: str
    paragraphs: tuple[Paragraph, ...] = ()
    statements: tuple[Statement, ...] = ()
    quotes: tuple[Quote, ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    author: str | None = None
    url: str | None = None
    """The page's own address (HTML, WARC, a JSONL `url`), when known."""
    raw: str = field(default="", repr=False, compare=False)

    def to_json(self) -> dict[str, object]:
        """The shape `marginalia parse --json` prints (no raw text)."""
        return {
            "file": self.file,
            "id": self.id,
            "title": self.title,
            "subtitle": self.subtitle,
            "source": self.source,
            "date": self.date,
            "date_text": self.date_text,
            "dateline": self.dateline,
            "author": self.author,
            "url": self.url,
            "text": self.text,
            "paragraphs": [
                {"start": p.start, "end": p.end, "kind": p.kind} for p in self.paragraphs
            ],
            "statements": [{"start": s.start, "end": s.end} for s in self.statements],
            "quotes": [
                {"start": q.start, "end": q.end, "speaker": q.speaker, "cue": q.cue}
                for q in self.quotes
            ],
            "removed": [{"line": r.line, "text": r.text, "reason": r.reason} for r in self.removed],
        }
