"""Tokens for Prodigy tasks: `{"text", "start", "end", "id", "ws"}`, as spaCy makes them.

Words, single punctuation marks, and whitespace other than the one space after
a token (`ws` true) are tokens, as in spaCy's tokenizer. Tokens are also cut at
every span boundary given, so that each span starts at a token's start and
ends at a token's end (Prodigy's `token_start` / `token_end`, inclusive).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Sequence
from typing import Any

_PIECES = re.compile(r"\w+|[^\w\s]|\s+")


def _pieces(text: str, cuts: Collection[int]) -> list[tuple[int, int]]:
    """The (start, end) of each word, mark or whitespace run, cut at `cuts`.

    The pieces come in order, so one pass over the sorted cuts goes with them.
    """
    inner = sorted(cuts)
    inner.append(len(text) + 1)  # a cut past the end: the walk needs no bounds check
    pieces = []
    at = 0  # the first cut not yet behind the pieces
    for match in _PIECES.finditer(text):
        start, end = match.span()
        while inner[at] <= start:
            at += 1
        while inner[at] < end:
            pieces.append((start, inner[at]))
            start = inner[at]
            at += 1
        pieces.append((start, end))
    return pieces


def tokenize(text: str, starts: Collection[int], ends: Collection[int]) -> list[dict[str, Any]]:
    """The tokens of `text`, cut so that every offset in `starts` begins a token and
    every offset in `ends` ends one."""
    tokens: list[dict[str, Any]] = []
    for start, end in _pieces(text, {*starts, *ends}):
        piece = text[start:end]
        if (
            piece == " "
            and tokens
            and not tokens[-1]["ws"]
            and not tokens[-1]["text"].isspace()
            and start not in starts
            and end not in ends
        ):
            tokens[-1]["ws"] = True  # the space after a token is its `ws`, not a token
            continue
        tokens.append({"text": piece, "start": start, "end": end, "id": len(tokens), "ws": False})
    return tokens


def token_range(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The ids of the first and last token (inclusive) whose characters `start..end`
    covers, `starts` being the tokens' start offsets in order; an empty span gets
    the token it starts (or the last one)."""
    first = bisect_left(starts, start)
    last = max(first, bisect_left(starts, end) - 1)
    last = min(last, len(starts) - 1)
    return min(first, len(starts) - 1), last
