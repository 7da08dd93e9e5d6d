"""What the reader's cursor can stand on in one article: sentences, quotes, words.

Pure helpers over an `Article`, kept apart from the screen so they are easy to test.
"""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"\S+")


class ArticleUnits:
    """Sentence and quote ranges of an article, and word boundaries for span selection."""

    def __init__(self, article: Any) -> None:
        self.article = article
        self.sentences: list[tuple[int, int]] = [(s.start, s.end) for s in article.statements]
        self.quotes: list[tuple[int, int]] = [(q.start, q.end) for q in article.quotes]
        self.words: list[tuple[int, int]] = [m.span() for m in _WORD.finditer(article.text)]

    def of(self, unit: str) -> list[tuple[int, int]]:
        """The ranges of one kind of unit, in text order."""
        return self.quotes if unit == "quote" else self.sentences

    def quotes_in(self, start: int, end: int) -> list[Any]:
        """The quotes that overlap a range (the speakers of a sentence)."""
        return [q for q in self.article.quotes if q.start < end and q.end > start]

    def speaker_of(self, start: int, end: int) -> str | None:
        """The one speaker quoted in a range, or None when none or several are."""
        speakers = {q.speaker for q in self.quotes_in(start, end) if q.speaker}
        return speakers.pop() if len(speakers) == 1 else None

    def first_word(self, start: int) -> int:
        """Index of the first word starting at or after `start`."""
        for index, (word_start, _end) in enumerate(self.words):
            if word_start >= start:
                return index
        return max(0, len(self.words) - 1)

    def last_word(self, end: int) -> int:
        """Index of the last word ending at or before `end` (the first word if none)."""
        last = 0
        for index, (_start, word_end) in enumerate(self.words):
            if word_end > end:
                break
            last = index
        return last

    def nearest(self, unit: str, offset: int) -> int:
        """Index of the unit holding `offset`, or the next one after it."""
        ranges = self.of(unit)
        for index, (_start, end) in enumerate(ranges):
            if offset < end:
                return index
        return max(0, len(ranges) - 1)
