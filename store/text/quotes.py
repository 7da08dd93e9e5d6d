"""Find direct quotations: the words between quotation marks, without the marks.

Handles straight and curly double quotes, single quotes, «guillemets», mixed
pairs (“…"), a missing closing mark (the quote runs to the end of the
paragraph and may continue in the next one), a doubled closing mark, and
apostrophes that look like single quotes. Names of laws or documents in
quotes and single quoted words are not quotations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.text.lines import has_words, words
from store.text.patterns import WHITESPACE

_DOUBLE = {"“": "open", "„": "open", "«": "open", "”": "close", "»": "close", '"': "either"}
_SINGLE = {"‘": "open", "‚": "open", "’": "close", "'": "either", "‹": "open", "›": "close"}
_MIN_WORDS = 2
# Inner marks that nest inside an outer mark rather than closing it.
_NESTS = {"«": '„“”"', "„": "«»"}
# Words that introduce a name in quotes: a report 'titled "…"', a plan 'called "…"'.
_TITLE_WORDS = ("titled", "entitled", "headlined", "dubbed", "named", "known as", "so-called")
_TITLE_LEAD = re.compile(
    r"\b(?:" + "|".join(_TITLE_WORDS) + r"|"
    r"(?:book|film|report|song|album|programme|program|campaign|operation)\s+called)[\s,:]*$"
)
# The last words _TITLE_LEAD can end with, before what may follow them.
_TITLE_ENDINGS = (*_TITLE_WORDS, "called")


_SPACE_COMMA_COLON = ",:" + WHITESPACE


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Quoted words at [start, end) of the text; `open_mark` is where the mark stood."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    continues: bool = False

    @property
    def closed(self) -> bool:
        """Whether the closing mark was found in the same paragraph."""
        return self.close_mark is not None


def _role(text: str, i: int, table: dict[str, str]) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe) for the mark at text[i]."""
    ch = text[i]
    kind = table.get(ch)
    if kind is None:
        return None
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if table is _SINGLE and before.isalnum() and after.isalnum():
        return None  # apostrophe inside a word: Moscow’s, don't
    if table is _SINGLE and kind != "open" and before in "sS" and after in " ,.;:":
        return "close"  # plural possessive (countries') or a closing mark
    opens = before.isspace() or before in "([{—–-/" or i == 0
    closes = after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == len(text)
    if kind == "either":
        if opens and not closes:
            return "open"
        if closes and not opens:
            return "close"
        return "either"
    if kind == "open" and closes and not opens and not after.isalnum():
        return "close"  # German-style „…“ or a stray “ used as a closer
    if kind == "close" and opens and not closes:
        return "open"
    return kind


_ANY_MARK = re.compile("[" + re.escape("".join(_DOUBLE) + "".join(_SINGLE)) + "]")


def _pair(
    text: str, marks: list[int], end: int, table: dict[str, str], skip: list[tuple[int, int]]
) -> Iterator[tuple[int, int | None]]:
    """Yield (open, close | None) positions among the `marks` of one family, in a
    paragraph that ends at `end`."""
    open_at: int | None = None
    nested = False
    last_close = -1
    for i in marks:
        if i <= last_close or any(a <= i < b for a, b in skip):
            continue
        role = _role(text, i, table)
        if role is None:
            continue
        if open_at is not None and text[open_at] in _NESTS and text[i] in _NESTS[text[open_at]]:
            # «… „inner“ …»: marks of another style inside guillemets are a nested quote.
            nested = not nested and role != "close"
            continue
        if open_at is None:
            if role in ("open", "either"):
                open_at, nested = i, False
        elif table is _SINGLE and _plural_possessive(text, open_at, i, end):
            continue
        elif role in ("close", "either"):
            yield open_at, i
            open_at = None
            # A doubled closing mark (""), or a stray one right after, is not a new quote.
            last_close = i
            while last_close + 1 < end and text[last_close + 1] == text[i]:
                last_close += 1
        elif role == "open" and text[i - 1].isspace():
            # A new quote opens before the last one closed: the last one lost its mark.
            yield open_at, None
            open_at, nested = i, False
    if open_at is not None:
        yield open_at, None


def _plural_possessive(text: str, open_at: int, i: int, end: int) -> bool:
    """Whether the single mark at i is the apostrophe of a plural possessive inside a
    quote: "'The residents' anger is real,' she said." The quote opens a sentence,
    a lower-case word follows the mark, and the same mark closes it later after a
    stop or a comma."""
    if text[i - 1] not in "sS" or text[i + 1 : i + 2] != " " or not text[i + 2 : i + 3].islower():
        return False
    if not text[open_at + 1 : open_at + 2].isupper():
        return False
    closing = text.find(text[i], i + 1, end)
    while closing >= 0:
        if text[closing - 1] in ",.!?":
            return True
        closing = text.find(text[i], closing + 1, end)
    return False


def _is_name(quoted: str) -> bool:
    """Title Case without a verb-like lower-case word: a law, a document, a title."""
    # A sentence ends with a stop; a title may not, though American style puts a
    # comma inside the marks: "The Unsettling of America,".
    if quoted.rstrip().endswith((".", "!", "?")) or has_words(quoted, 9):
        return False
    long_words = [w for w in words(quoted) if len(w) >= 4]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_quotes(text: str, start: int, end: int, opens_continued: bool = False) -> list[QuoteSpan]:
    """Quotations in one paragraph text[start:end], in reading order.

    `opens_continued` says the previous paragraph ended inside an open quote,
    so a quote opening this paragraph continues it.
    """
    spans: list[QuoteSpan] = []
    marks = [m.start() for m in _ANY_MARK.finditer(text, start, end)]
    if not marks:
        return spans
    doubles = list(_pair(text, [i for i in marks if text[i] in _DOUBLE], end, _DOUBLE, []))
    taken = [(o, c + 1 if c is not None else end) for o, c in doubles]
    singles = list(_pair(text, [i for i in marks if text[i] in _SINGLE], end, _SINGLE, taken))
    for open_at, close_at in sorted(doubles + singles):
        a, b = _trimmed(text, open_at + 1, close_at if close_at is not None else end)
        quoted = text[a:b]
        if not has_words(quoted, _MIN_WORDS) or _is_name(quoted):
            continue
        lead_at = max(start, open_at - 40)
        if text[lead_at:open_at].rstrip(_SPACE_COMMA_COLON).endswith(
            _TITLE_ENDINGS
        ) and _TITLE_LEAD.search(text, lead_at, open_at):
            continue  # a report 'titled "…"' or a plan 'called "…"': a name, not speech
        continues = opens_continued and not spans and text[start:open_at].strip() == ""
        spans.append(QuoteSpan(a, b, open_at, close_at, continues))
    return spans
