"""Split paragraphs into sentences, minding the abbreviations news text is full of.

A full stop ends a sentence unless it closes an abbreviation ("Mr.", "Sept.",
"St. Petersburg"), an initial ("John F. Kennedy") or a dotted acronym in the
middle of a sentence ("the U.S. embassy"). Closing quotes and brackets after
the stop belong to the sentence that ends there.
"""

from __future__ import annotations

import re

# Abbreviations that are never the last word of a sentence in news text.
_TITLES = frozenset(
    """mr mrs ms messrs dr prof gen lt col maj capt cmdr sgt adm gov sen rep rev fr hon pres
    supt insp det cpl pvt st mt ft no nos vs v jan feb mar apr jun jul aug sep sept oct nov dec
    approx dept est fig vol ch pp p ave blvd rd jr sr""".split()
)
ABBREVIATIONS = _TITLES
"""Abbreviated titles and words after which a full stop does not end a sentence."""

# Abbreviations that may also end a sentence: split only before a typical sentence opener.
_ENDABLE = frozenset("etc inc ltd co corp bros plc llc jr sr".split())
_OPENERS = frozenset(
    """the a an he she it they we i this that these those his her its their but and
    however meanwhile in on at after before when while if as according there""".split()
)

# The first mark on its own, so that the engine can skip ahead to the next mark.
_END = re.compile(r"[.!?…][.!?…]*[\"'”’»)\]]*\.?")
_NEXT_WORD = re.compile(r"[\"'“‘«(\[]?(\w+)")
_SPACE_THEN_START = re.compile(r"\s+(?=[\"'“‘«(\[]?[A-ZА-ЯЁ0-9])")


def _token_before(text: str, dot: int) -> str:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(\"“«'‘":
        start -= 1
    return text[start:dot]


def _is_boundary(text: str, end_match: re.Match[str], next_word: str) -> bool:
    mark = end_match.group(0)
    if not mark.startswith("."):
        return True
    token = _token_before(text, end_match.start())
    bare = token.rstrip(".").lower()
    if "." in token.strip("."):
        # Dotted acronym (U.S., a.m.): a boundary only before a sentence opener.
        return next_word.lower() in _OPENERS
    if len(bare) == 1 and bare.isalpha() and token[:1].isupper():
        return False  # an initial: "John F. Kennedy"
    if bare in _TITLES:
        return False
    if bare in _ENDABLE:
        return next_word.lower() in _OPENERS
    return True


def split_sentences(
    text: str, start: int = 0, end: int | None = None, keep_until: int = 0
) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within text[start:end], as absolute offsets.

    No sentence ends before `keep_until` (used to keep a dateline with its sentence).
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _END.finditer(text, start, end):
        after = _SPACE_THEN_START.match(text, match.end(), end)
        if after is None or match.end() <= keep_until:
            continue
        next_word = _NEXT_WORD.match(text, after.end(), end)
        word = next_word.group(1) if next_word else ""
        if not _is_boundary(text, match, word):
            continue
        spans.append((sentence_start, match.end()))
        sentence_start = after.end()
    tail = text[sentence_start:end].rstrip()
    if tail:
        spans.append((sentence_start, sentence_start + len(tail)))
    return spans
