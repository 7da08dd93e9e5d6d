"""Tokens for Prodigy tasks: `{"text", "start", "end", "id", "ws"}`, as spaCy makes them.

Words, single punctuation marks, and whitespace other than the one space after
a token (`ws` true) are tokens, as in spaCy's tokenizer. Tokens are also cut at
every span boundary given, so that each span starts at a token's start and
ends at a token's end (Prodigy's `token_start` / `token_end`, inclusive).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from typing import Any

_PIECES = re.compile(r"\w+|[^\w\s]|\s+")


def _pieces(text: str, cuts: Collection[int]) -> list[tuple[int, int]]:
    """The (start, end) of each word, mark or whitespace run, cut at `cuts`."""
    inner = sorted(cuts)
    pieces = []
    for match in _PIECES.finditer(text):
        start, end = match.span()
        for cut in inner[bisect_right(inner, start) : bisect_left(inner, end)]:
            pieces.append((start, cut))
            start = cut
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


def token_range(tokens: Sequence[dict[str, Any]], start: int, end: int) -> tuple[int, int]:
    """The ids of the first and last token (inclusive) whose characters `start..end`
    covers; an empty span gets the token it starts (or the last one)."""
    starts = [t["start"] for t in tokens]
    first = bisect_left(starts, start)
    last = max(first, bisect_left(starts, end) - 1)
    last = min(last, len(tokens) - 1)
    return min(first, len(tokens) - 1), last
