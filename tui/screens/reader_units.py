"""What the reader's cursor can stand on in one article: sentences, quotes, spans of words.

Pure helpers over an `Article`, kept apart from the screen so they are easy to test.

A span is chosen word by word. Its edges stop at word boundaries, where a
word's opening and closing quotation marks are not part of it, and at the
edges of the sentence or quote it started from, so that a span over a whole
quote has exactly the quote's words ("It is clear … these ties," without the
marks) and a span over a whole sentence exactly the sentence.
"""

from __future__ import annotations

import bisect
import re

from store import Article, Quote, Unit

_WORD = re.compile(r"\S+")
_OPENING = '"“‘«„‚'
_CLOSING = '"”»'


def _word_edges(text: str) -> tuple[list[int], list[int]]:
    """Where words start and end, the quotation marks around them left out."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        while start < end - 1 and text[start] in _OPENING:
            start += 1
        while end > start + 1 and text[end - 1] in _CLOSING:
            end -= 1
        starts.append(start)
        ends.append(end)
    return starts, ends


class ArticleUnits:
    """Sentence and quote ranges of an article, and the stops a span's edges move by."""

    def __init__(self, article: Article) -> None:
        """Index the article's statements, quotes and words."""
        self.article = article
        self.sentences: list[tuple[int, int]] = [(s.start, s.end) for s in article.statements]
        self.quotes: list[tuple[int, int]] = [(q.start, q.end) for q in article.quotes]
        self.paragraphs: list[tuple[int, int]] = [(p.start, p.end) for p in article.paragraphs]
        starts, ends = _word_edges(article.text)
        unit_edges = self.sentences + self.quotes
        self.span_starts = sorted({*starts, *(start for start, _end in unit_edges)})
        self.span_ends = sorted({*ends, *(end for _start, end in unit_edges)})

    def of(self, unit: Unit) -> list[tuple[int, int]]:
        """The ranges of one kind of unit, in text order."""
        return self.quotes if unit == "quote" else self.sentences

    def quotes_in(self, start: int, end: int) -> list[Quote]:
        """The quotes that overlap a range (the speakers of a sentence)."""
        return [q for q in self.article.quotes if q.start < end and q.end > start]

    def speaker_of(self, start: int, end: int) -> str | None:
        """The one speaker quoted in a range, or None when none or several are."""
        speakers = {q.speaker for q in self.quotes_in(start, end) if q.speaker}
        return speakers.pop() if len(speakers) == 1 else None

    def nearest(self, unit: Unit, offset: int) -> int:
        """Index of the unit holding `offset`, or the next one after it."""
        ranges = self.of(unit)
        for index, (_start, end) in enumerate(ranges):
            if offset < end:
                return index
        return max(0, len(ranges) - 1)

    def first_span(self, start: int, end: int) -> tuple[int, int]:
        """A new span in the unit `start:end`: its first word."""
        first_end = self.span_ends[bisect.bisect_right(self.span_ends, start)]
        return start, min(first_end, end)

    def _paragraph_of(self, offset: int) -> tuple[int, int]:
        """The paragraph holding `offset` (a span never leaves its paragraph)."""
        at = bisect.bisect_right(self.paragraphs, (offset, len(self.article.text))) - 1
        return self.paragraphs[max(0, at)] if self.paragraphs else (0, len(self.article.text))

    def move_span_end(self, span: tuple[int, int], words: int) -> tuple[int, int]:
        """The span with its end `words` word ends later (earlier if negative),
        never before its first word nor past the end of its paragraph."""
        start, end = span
        ends = self.span_ends
        _first, last = self._paragraph_of(start)
        lowest = bisect.bisect_right(ends, start)
        highest = bisect.bisect_right(ends, last) - 1
        index = max(lowest, min(highest, bisect.bisect_left(ends, end) + words))
        return start, ends[index]

    def move_span_start(self, span: tuple[int, int], words: int) -> tuple[int, int]:
        """The span with its start `words` word starts later (earlier if negative),
        within its paragraph; a start moved past the end takes the end along."""
        start, end = span
        starts = self.span_starts
        first, last = self._paragraph_of(start)
        lowest = bisect.bisect_left(starts, first)
        highest = bisect.bisect_left(starts, last) - 1
        index = max(lowest, min(highest, bisect.bisect_left(starts, start) + words))
        start = starts[index]
        if end <= start:
            end = self.span_ends[bisect.bisect_right(self.span_ends, start)]
        return start, end
