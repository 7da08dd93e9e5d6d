"""What the library's search box means: words, quoted phrases and filters.

`source:tass`, `date:2024-03`, `after:2024-03-01` and `before:2024` sit beside
the words; `"US-Russia dialogue"` is a phrase (an unclosed quote runs to the
end, so a phrase being typed already searches). Anything else is a word. The
same `SearchText` drives the title search (`store.library`) and the full-text
index (`store.corpus.fulltext`), which gets it as an FTS5 expression in which
every term is a quoted string: no input can be read as FTS5 syntax (a stray
`"`, `*`, `NEAR` or `OR` is a plain word), so none can make a query fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.corpus import ArticleEntry

_TOKEN = re.compile(
    r'(?P<key>source|date|after|before):(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s"]*))'
    r'|"(?P<phrase>[^"]*)"?'
    r'|(?P<word>[^\s"]+)',
    re.IGNORECASE,
)

_CJK_CLASS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
"""Kana, CJK ideographs and Hangul: scripts written without spaces between words."""


@cache
def _cjk() -> re.Pattern[str]:
    """`_CJK_CLASS` compiled on first use: its ranges take 3 ms to compile, at every
    start of the app, before any search."""
    return re.compile(_CJK_CLASS)


PREFIX_MIN = 3
"""The last word being typed matches as a prefix from this many characters
("dipl" finds "diplomacy"); shorter prefixes would match most of a corpus."""


@dataclass(frozen=True, slots=True)
class SearchText:
    """A parsed search: case-folded words and phrases, and the filters beside them.

    `partial` says the last word is still being typed (no space after it), and
    `open_phrase` that the last phrase is (its quote not closed yet): the
    full-text index matches the word being typed as a prefix.
    """

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    source: str | None = None
    date: str | None = None
    after: str | None = None
    before: str | None = None
    partial: bool = False
    open_phrase: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        """The words and phrases, which must all occur."""
        return self.words + self.phrases

    @property
    def filtered(self) -> bool:
        """Whether a source or date filter is given."""
        return any((self.source, self.date, self.after, self.before))


def parse_search(text: str) -> SearchText:
    """Read what was typed into the search box; never fails."""
    words: list[str] = []
    phrases: list[str] = []
    filters: dict[str, str] = {}
    folded = text.casefold()
    partial = open_phrase = False
    for match in _TOKEN.finditer(folded):
        at_end = match.end() == len(folded)
        partial = match.group("word") is not None and at_end
        open_phrase = match.group("phrase") is not None and at_end and folded[-1] != '"'

        key = match.group("key")
        if key is not None:
            value = match.group("quoted")
            value = (match.group("value") if value is None else value).strip()
            if value:
                filters[key] = value
        elif match.group("phrase") is not None:
            phrase = " ".join(match.group("phrase").split())
            if phrase:
                phrases.append(phrase)
        else:
            words.append(match.group("word"))
    return SearchText(
        words=tuple(words),
        phrases=tuple(phrases),
        source=filters.get("source"),
        date=filters.get("date"),
        after=filters.get("after"),
        before=filters.get("before"),
        partial=partial,
        open_phrase=open_phrase,
    )


def has_cjk(text: str) -> bool:
    """Whether text holds Chinese, Japanese or Korean characters."""
    return _cjk().search(text) is not None


def split_cjk(search: SearchText) -> tuple[SearchText, tuple[str, ...]]:
    """The search without its terms in Chinese, Japanese or Korean, and those terms.

    Those scripts do not put spaces between words, so a word-based index sees
    a whole run of them as one word: such terms are looked for as substrings.
    """
    cjk = tuple(term for term in search.terms if has_cjk(term))
    if not cjk:
        return search, ()
    rest = replace(
        search,
        words=tuple(w for w in search.words if w not in cjk),
        phrases=tuple(p for p in search.phrases if p not in cjk),
    )
    return rest, cjk


def fts_string(term: str) -> str | None:
    """An FTS5 string for a term (a phrase of its tokens); None if it holds no word at all."""
    if not any(ch.isalnum() for ch in term):
        return None  # punctuation alone: no token, nothing to look for
    return '"' + term.replace('"', '""') + '"'


def _is_prefix(word: str) -> bool:
    """Whether a word being typed is long enough, and ends in a letter, to match as a prefix."""
    return len(word) >= PREFIX_MIN and word[-1].isalnum()


def fts_expression(search: SearchText) -> str | None:
    """The FTS5 MATCH expression for the words and phrases (all must occur); None if none.

    Each term is a quoted FTS5 string, so operators and stray quotes in the input
    are text. The last word, while still being typed, matches as a prefix.
    """
    parts: list[str] = []
    for i, word in enumerate(search.words):
        quoted = fts_string(word)
        if quoted is None:
            continue
        last = i == len(search.words) - 1
        typing = last and search.partial and _is_prefix(word)
        parts.append(quoted + " *" if typing else quoted)
    for i, phrase in enumerate(search.phrases):
        quoted = fts_string(phrase)
        if quoted is None:
            continue
        last = i == len(search.phrases) - 1
        typing = last and search.open_phrase and _is_prefix(phrase.rsplit(" ", 1)[-1])
        parts.append(quoted + " *" if typing else quoted)
    return " AND ".join(parts) if parts else None


def date_matches(date: str | None, search: SearchText) -> bool:
    """Whether an ISO date (or none) passes the date filters.

    `date:` is a prefix (a year, a month, a day), `after:` is on or after the
    period it names, `before:` before it. An article without a full date passes
    only when no date filter is given.
    """
    if not (search.date or search.after or search.before):
        return True
    if not date:
        return False
    if search.date and not date.startswith(search.date):
        return False
    if search.after and date[: len(search.after)] < search.after:
        return False
    return not (search.before and date[: len(search.before)] >= search.before)


def source_matches(source: str | None, search: SearchText) -> bool:
    """Whether a source passes the `source:` filter (a case-insensitive part of its name)."""
    return search.source is None or search.source in (source or "").casefold()


def filters_match(entry: ArticleEntry, search: SearchText) -> bool:
    """Whether an entry passes the search's source and date filters."""
    return source_matches(entry.source, search) and date_matches(entry.date, search)
