"""Find an annotation again after the cleaned text of its article changed.

An annotation keeps its offsets and the exact text with some context before
and after (the W3C Web Annotation TextQuoteSelector idea). When a better
cleaner shifts the text, the exact text is searched for, occurrences whose
surroundings match the stored prefix/suffix win, and among equals the one
closest to the old offset. When the text itself changed a little (a word
edited, quotes straightened, a sentence split in two), the same search runs
with quotes and dashes made plain, then a fuzzy one (rapidfuzz's best
aligned substring, at least `FUZZY_MIN` per cent alike, widened to whole
words). What can't be found is flagged, never deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

AnchorStatus = Literal["exact", "moved", "orphaned"]
CONTEXT_CHARS = 32
FUZZY_MIN = 85.0
"""How alike (per cent, rapidfuzz's partial ratio) a changed text must be to be found."""
FUZZY_SHORTEST = 12
"""Shorter texts are not looked for fuzzily: a few letters are alike in too many places."""

# Curly quotes, primes and dashes to their plain forms, one character for one,
# so that offsets in the plain text are offsets in the real one.
_PLAIN = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
        "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
        "\u00a0": " ",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits in the current text, and how it was found."""

    start: int
    end: int
    status: AnchorStatus


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The `width` characters before `start` and after `end`: (prefix, suffix)."""
    return text[max(0, start - width) : start], text[end : end + width]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _best(
    text: str, spans: list[tuple[int, int]], old_start: int, prefix: str, suffix: str
) -> tuple[int, int]:
    """The span whose surroundings match prefix/suffix best, then nearest old_start."""

    def score(span: tuple[int, int]) -> tuple[int, int]:
        start, end = span
        before = text[max(0, start - len(prefix)) : start]
        after = text[end : end + len(suffix)]
        fit = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        return (-fit, abs(start - old_start))

    return min(spans, key=score)


def _occurrences(text: str, exact: str) -> list[tuple[int, int]]:
    found = []
    pos = text.find(exact)
    while pos >= 0:
        found.append((pos, pos + len(exact)))
        pos = text.find(exact, pos + 1)
    return found


def _loose_occurrences(text: str, exact: str) -> list[tuple[int, int]]:
    """Occurrences that differ only in whitespace (a cleaner re-flowing lines)."""
    words = exact.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _fuzzy(text: str, exact: str) -> list[tuple[int, int]]:
    """The best fuzzy match of `exact` in `text`, widened to whole words (or none)."""
    if len(exact) < FUZZY_SHORTEST:
        return []
    from rapidfuzz import fuzz  # loaded only when a text changed under its labels

    found = fuzz.partial_ratio_alignment(
        exact.translate(_PLAIN), text.translate(_PLAIN), score_cutoff=FUZZY_MIN
    )
    if found is None:
        return []
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return [(start, end)]


def reanchor(
    text: str, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> Anchor:
    """Locate `exact` in `text`: at its old offsets, moved elsewhere, or orphaned.

    Orphaned annotations keep their old offsets (clamped to the text).
    """
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        return Anchor(start, end, "exact")
    if exact:
        spans = _occurrences(text, exact) or _loose_occurrences(text, exact)
        if not spans:
            plain = text.translate(_PLAIN)
            wanted = exact.translate(_PLAIN)
            spans = _occurrences(plain, wanted) or _loose_occurrences(plain, wanted)
        if not spans:
            spans = _fuzzy(text, exact)
        if spans:
            new_start, new_end = _best(text, spans, start, prefix, suffix)
            return Anchor(new_start, new_end, "moved")
    clamped_start = min(max(start, 0), len(text))
    return Anchor(clamped_start, min(max(end, clamped_start), len(text)), "orphaned")
