"""Find the article inside a page dump: title, standfirst, body and what to drop.

The page is read as lines, each marked with its junk kind where it has one
(`marks.py`: menus, teasers, captions, tables, lists); then the structure of
the page decides the rest: the body runs from the dateline (or the first real
paragraph) to the last real paragraph, and the title is the most
headline-like line above it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from store.text import lines as kinds
from store.text.lines import IMAGE_PREFIX
from store.text.marks import Line, join_wrapped, mark_kinds, paragraph
from store.text.metadata import (
    Dateline,
    date_words,
    find_dateline,
    has_year,
    source_from_copyright,
    source_from_line,
)
from store.text.model import RemovedLine

_HEADING_WORDS = 14
_STANDFIRST_WORDS = 6
_STANDFIRST_LONG = 12
_HEADLINE_WORDS = 20
_HEADLINE_MIN = 3
_WRAPPED_RUN = 3
"""Continued lines that make a paragraph wrapped by hand on a page without blank lines."""
# The fewest words of a headline over a longer subtitle that is no sentence (`_headline_above`).
_HEADLINE_OVER_SUBTITLE = 4
# A related-stories label ends the body when the text above it is this many times
# the text below it (`_body_end`): in the middle of an article it is an inline box.
_LIST_AFTER_SHARE = 2
_FRONT_MATTER_SHARE = 4
"""A credits line with this many times more text under it than above opens a document."""
# Characters of paragraphs above a comments label for the page to end there.
_TEXT_ABOVE_COMMENTS = 500
# The most lines from one teaser card to the next at the foot of the page.
_CARD_GAP = 4
# A masthead holds less than this share of the body window's text (`_past_masthead`).
_MASTHEAD_SHARE = 5
# What a junk line costs a body window (`_line_weight`), in characters of paragraph text.
_JUNK_COST = 30
# Kinds that cost a window more or less than that: a bare number may be a cell of the
# article's own table; a call to subscribe or sign in parts the article from the page.
_KIND_COST = {kinds.COUNTER: 10, kinds.PROMO: 90, kinds.LOGIN: 90}
# Paragraphs at the top of the body window where a dateline may open the article.
_DATELINE_REACH = 3
# The most lines between the two copies of a headline printed twice (`_past_headline_twice`).
_TWICE_REACH = 6
# How far above the body its headline is looked for, in kept lines (`_pick_headings`).
_TITLE_REACH = 10
_TOC_ENTRIES = 3
"""Lines printed twice between masthead and body that make a table of contents."""
# Lines under a headline among which its byline or date is looked for (`_dated_below`).
_META_REACH = 3
# How far below the best score a headline over its byline and date may score and
# still win (`_over_its_meta`); the most words of an author's name taken for a headline.
_OVER_META_MARGIN = 2.0
_NAME_WORDS = 4
# What a line right over the date or byline opening the body adds to its headline score.
_OVER_META_BONUS = 3.0
_META_KINDS = (kinds.TIMESTAMP, kinds.BYLINE)
_HEADLINE_KINDS = frozenset({kinds.NAVIGATION, kinds.RELATED, kinds.DUPLICATE, kinds.MOST_READ})
_CRUMB_SEPARATOR = re.compile(r"\s*(?:[›»]|\s[>|]\s|^\|\s)\s*")
_CRUMB_WORDS = 3
# A link aggregator's headline ends with the linked site and a count of comments.
_LINKED_SITE = re.compile(r"\s+\((?:[\w-]+\.)+[a-z]{2,}\)(?:\s+\d+)?$")
_GLUED_STEP = re.compile(r"(?<=[a-z])(?=[A-Z])")
# What may stand between a headline and its standfirst.
_BETWEEN_HEADINGS = frozenset({kinds.TIMESTAMP, kinds.BYLINE, kinds.CAPTION, kinds.IMAGE})


@dataclass(frozen=True, slots=True)
class Block:
    """One kept line of the body: a paragraph or an in-article heading."""

    text: str
    kind: str = "paragraph"


@dataclass
class Layout:
    """What the page holds, before it is turned into offsets."""

    title: str = ""
    subtitle: str | None = None
    dateline: Dateline | None = None
    source: str | None = None
    date_text: str | None = None
    body: list[Block] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)


def _is_heading(rows: list[Line], i: int) -> bool:
    """A short line standing alone between blank lines, introducing a paragraph."""
    row = rows[i]
    text = row.text
    # "What does it mean for mortgage holders?" alone between blank lines is a
    # heading, though it reads as a sentence.
    alone = i + 1 < len(rows) and rows[i + 1].blank and (i == 0 or rows[i - 1].blank)
    question = text.endswith("?") and row.n_words <= 12 and alone
    if not 1 <= row.n_words <= _HEADING_WORDS or text[-1] in ".,;:" or (row.prose and not question):
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first.isupper():
        return False
    above = rows[i - 1] if i > 0 else None
    if above is not None and not above.blank and above.kind is None and not above.prose:
        return False  # glued under a short kept line: a list or a teaser, not a heading
    nxt = next((r for r in rows[i + 1 :] if not r.blank and r.kind is None), None)
    return nxt is not None and nxt.prose


def _pick_headings(
    rows: list[Line], end: int, limit: int, meta_at: int | None = None
) -> tuple[int | None, int | None]:
    """Title and standfirst: the most headline-like line just above the body.

    Between a headline and its article there are only a byline, a date, a
    photo or a share bar; menus, banners and teasers sit further up. Of the
    lines near the body, the headline is shaped like one and shares its words
    with the article's first paragraphs (and is not a line also inside the body
    window, up to `limit`: a table of contents). A long line or a sentence
    between it and the body is the standfirst. When the body starts past the
    page's masthead, `meta_at` is its first date or byline: the lines over it are
    looked at too, however much (a table of contents) stands between.
    """
    lede = _lede_words(rows, end)
    last = next((i for i in range(end - 1, -1, -1) if not rows[i].blank), None)
    inside = {r.text for r in rows[end : limit + 1] if r.repeated}
    if meta_at is not None:
        # Lines printed again between the masthead and the body: a table of contents.
        toc = {r.text for r in rows[meta_at:end] if r.repeated}
        inside |= toc if len(toc) >= _TOC_ENTRIES else set()
    best, best_score, over_meta = _scan_up(rows, end, end, lede, inside, last)
    if meta_at is not None and meta_at < end:
        found, score, _ = _scan_up(rows, meta_at, end, lede, inside, last)
        if found is not None and found != best and (best is None or score > best_score):
            best, best_score = found, score
    over = _over_meta_on_body(rows, end)
    if over is not None and over != best:
        # "<headline> / 5 March 2024 / <the article>": a line of any kind right over the
        # date or byline that opens the body is the headline.
        score = _headline_score(rows[over], lede) + _OVER_META_BONUS
        if best is None or score > best_score:
            best, best_score = over, score
    if best is None:
        return None, None
    if not _sentence_below(rows, best, end):  # a line over its standfirst is no subheading
        best = _over_its_meta(rows, best, best_score, over_meta)
    above = _headline_above(rows, best)
    if above is not None and _shares_words(rows[above], lede) and rows[above].text not in inside:
        return above, best
    below = (i for i in range(best + 1, end) if not rows[i].blank and rows[i].kind is None)
    standfirst = next(below, None)
    if standfirst is not None and _reads_as_standfirst(rows[standfirst], rows[best]):
        return best, standfirst
    return best, None


def _scan_up(
    rows: list[Line], top: int, end: int, lede: set[str], inside: set[str], last: int | None
) -> tuple[int | None, float, list[tuple[int, float]]]:
    """The best-scored headline-shaped line above line `top` (within reach), its
    score, and the headline-shaped lines with a byline or date under them."""
    best: int | None = None
    best_score = 0.0
    passed = 0.0  # kept lines count in full, junk lines (bylines, share bars) little
    over_meta: list[tuple[int, float]] = []
    for i in range(top - 1, -1, -1):
        row = rows[i]
        if row.blank:
            continue
        passed += 1.0 if row.kind is None else 0.2
        if passed > _TITLE_REACH:
            break
        if _headline_shaped(row):
            score = _headline_score(row, lede) - passed * 0.25
            if _sentence_below(rows, i, end):
                score += 2.0  # a headline over its standfirst
            if tail := _breadcrumb_tail(row.text):
                score += 2.0  # "Home › Guides › <the headline>"
                if _next_text(rows, i) == tail:
                    score += 2.0  # the trail's last step printed again right under it
            if row.repeated and row.n_words >= 2 and row.text not in inside:
                # A headline is also in the page's title bar, share links…; a line also
                # inside the body is an entry of its table of contents.
                score += 1.5
            dated = _dated_below(rows, i, end) and row.n_words >= 4
            if dated:
                score += 2.0  # "<headline> / By Jane Doe / 5 March 2024"
            if i == last and row.kind is not None and row.text[:1].isupper():
                score += 2.0  # a menu's last line, right on the body: its headline taken in
            if dated:
                over_meta.append((i, score))
            if best is None or score > best_score:
                best, best_score = i, score
    return best, best_score, over_meta


def _over_its_meta(
    rows: list[Line], best: int, best_score: float, over_meta: list[tuple[int, float]]
) -> int:
    """The headline over its byline and date, where the line picked is not it.

    A headline stands above its author and date. When the line picked stands
    under them (a subheading opening the body), or is itself the author's name
    right over the date, a headline-shaped line above it with its byline or
    date under it wins if it scored nearly as high. A line printed twice is
    the headline repeated under the page's meta, and stays; so does a line
    with its own byline or date under it (a list of dated teasers stands
    above it).
    """
    below_best = next((j for j in range(best + 1, len(rows)) if not rows[j].blank), None)
    name = rows[best].n_words <= _NAME_WORDS
    # A line picked with its own byline or date under it is no subheading of the body.
    under_meta = not rows[best].repeated and all(i != best for i, _ in over_meta)
    for i, score in over_meta:
        if i >= best or score < best_score - _OVER_META_MARGIN:
            continue
        stamp = next(j for j in range(i + 1, len(rows)) if rows[j].kind in _META_KINDS)
        # Only a date under the line picked makes it the author's name: a byline names the author.
        named = name and stamp == below_best and rows[stamp].kind == kinds.TIMESTAMP
        if (stamp < best and under_meta) or named:
            return i
    return best


def _skip_up(rows: list[Line], j: int, skip: Callable[[Line], bool]) -> int:
    """The first line at or above `j` that is neither blank nor one `skip` takes."""
    while j >= 0 and (rows[j].blank or skip(rows[j])):
        j -= 1
    return j


def _over_meta_on_body(rows: list[Line], end: int) -> int | None:
    """The line taken for page junk (a menu's, a caption's) over the date or byline
    that stands right above the body (past a tag, a share count or the author's
    name under them), if it is shaped like a headline."""
    j = _skip_up(rows, end - 1, _under_meta)
    below = j
    j = _skip_up(rows, j, lambda r: r.kind in _META_KINDS)
    if j == below or j < 0:
        return None  # no date or byline right above the body
    row = rows[j]
    if row.kind is None or row.prose or kinds.ends_clause(row.text):
        return None  # a kept line is weighed as a headline already
    return j if 2 <= row.n_words <= _HEADLINE_WORDS else None


def _under_meta(row: Line) -> bool:
    """A short line of page junk between a date or byline and the body it opens."""
    return row.kind not in _META_KINDS and row.n_words <= _NAME_WORDS and not paragraph(row)


def _sentence_below(rows: list[Line], i: int, end: int) -> bool:
    """Whether the next line under line `i`, above the body, is a kept sentence or a
    line of a dozen words or more (a standfirst cut short of its full stop)."""
    j = i + 1
    while j < end and rows[j].blank:
        j += 1
    below = rows[j] if j < end else None
    return (
        below is not None
        and below.kind is None
        and below.n_words >= 6
        and (kinds.ends_clause(below.text) or below.n_words >= _STANDFIRST_LONG)
    )


def _dated_below(rows: list[Line], i: int, end: int) -> bool:
    """Whether a date or a byline stands among the few lines under line `i`, above
    the body: where a headline is, with its author and its date under it."""
    seen = 0
    for j in range(i + 1, end):
        row = rows[j]
        if row.blank:
            continue
        if row.kind in _META_KINDS:
            return True
        seen += 1
        if seen == _META_REACH:
            return False
    return False


def _headline_above(rows: list[Line], i: int) -> int | None:
    """The headline right above a long line, a line of prose (a question: "Will
    the ferry keep to its timetable?") or a longer line under a headline of four
    words or more, that reads as its standfirst, if any."""
    j = i - 1
    while j >= 0 and (rows[j].blank or rows[j].kind in _BETWEEN_HEADINGS):
        j -= 1
    if j < 0 or rows[j].kind is not None or kinds.ends_clause(rows[j].text):
        return None
    line, above = rows[i], rows[j]
    longer = line.n_words > above.n_words and (
        line.n_words >= 12 or line.prose or above.n_words >= _HEADLINE_OVER_SUBTITLE
    )
    return j if longer and _reads_as_standfirst(line, above) else None


def _breadcrumb_tail(text: str) -> str | None:
    """The last step of a breadcrumb trail of three steps or more ("Home › Guides ›
    Packing tips", "HomeKitchen AdviceBaking at High Altitude"), where pages
    repeat their headline; None for any other line."""
    steps = [s for s in _CRUMB_SEPARATOR.split(text) if s.strip()]
    if len(steps) < 3 and text.startswith("Home"):
        steps = _GLUED_STEP.split(text)  # the steps' links copied without a space
    if len(steps) < 3 and not (len(steps) == 2 and steps[0] == "Home"):
        return None
    if max(kinds.word_count(steps[0]), kinds.word_count(steps[1])) > _CRUMB_WORDS:
        return None  # a trail's first steps are section names
    tail = steps[-1].strip()
    return tail if kinds.has_words(tail, 1) and not kinds.is_timestamp(tail) else None


def _next_text(rows: list[Line], i: int) -> str | None:
    """The text of the next line under line `i` that is not blank, if any."""
    return next((r.text for r in rows[i + 1 :] if not r.blank), None)


def _lede_words(rows: list[Line], start: int) -> set[str]:
    """The longer words of the first paragraphs of the body, lower-cased."""
    out: set[str] = set()
    taken = 0
    for row in rows[start:]:
        if taken == 3:
            break
        if paragraph(row):
            out.update(w for w in kinds.words(row.text[:400].lower()) if len(w) >= 4)
            taken += 1
    return out


def _headline_score(row: Line, lede: set[str]) -> float:
    """How much a line looks like the article's headline: its length in words,
    being kept rather than menu-like, and how many of its words the lede uses."""
    score = 2.0 if row.kind is None else 0.0
    n = row.n_words
    score += 2.0 if 4 <= n <= 20 else (0.0 if n >= 2 else -1.0)
    return score + 4.0 * _shared_share(row, lede)


def _shared_share(row: Line, lede: set[str]) -> float:
    """The share of a line's longer words that the lede uses too."""
    own = [w for w in kinds.words(row.text.lower()) if len(w) >= 4]
    return sum(1 for w in own if w in lede) / len(own) if own else 0.0


def _shares_words(row: Line, lede: set[str]) -> bool:
    """Whether a line uses any of the lede's longer words."""
    return _shared_share(row, lede) > 0


def _headline_shaped(row: Line) -> bool:
    """A line that could be the article's headline: a kept line, or a menu or teaser
    line of two words or more (a headline under a menu is often taken into it)."""
    if kinds.ends_clause(row.text):
        return False
    return (
        row.n_words >= 1 if row.kind is None else row.kind in _HEADLINE_KINDS and row.n_words >= 2
    )


def _reads_as_standfirst(line: Line, above: Line) -> bool:
    """A long line, or a sentence, under a headline: the standfirst."""
    if line.n_words < _STANDFIRST_WORDS or above.n_words < 2:
        return False
    return line.n_words >= 12 or line.prose or line.n_words * 10 >= above.n_words * 7


def _line_weight(row: Line) -> int:
    """What a line adds to a body window: the length of a real paragraph, a
    fixed cost for a line of page junk, nothing for a short kept line (a list
    item, a line of code, a subheading)."""
    if row.blank:
        return 0
    if row.listed:
        return 0
    if row.kind is not None:
        return -_KIND_COST.get(row.kind, _JUNK_COST)
    return len(row.text) if row.prose or row.item else 0


def _densest_window(rows: list[Line]) -> tuple[int, int] | None:
    """The run of lines where the article's paragraphs weigh the most against
    the junk between them (the largest sum of `_line_weight`, in one pass).

    A banner sentence at the top of the page or a teaser's summary under the
    article stands apart from the article by menus and links: the run that
    holds the article outweighs it. The window never reaches past a comments
    label that has some text above it.
    """
    best: tuple[int, int] | None = None
    best_sum = 0
    total = 0
    start = 0
    prose = 0
    for i, row in enumerate(rows):
        if row.kind == kinds.COMMENTS and prose >= _TEXT_ABOVE_COMMENTS:
            break  # a comment thread outweighs the article above it
        if total <= 0:
            total, start = 0, i
        total += _line_weight(row)
        prose += len(row.text) if paragraph(row) else 0
        if total > best_sum:
            best_sum, best = total, (start, i)
    return best


def _body_start(rows: list[Line]) -> tuple[int | None, int | None, Dateline | None]:
    """Where the article's body starts and where its densest run of paragraphs
    ends: its dateline, else the first real paragraph of that run."""
    window = _densest_window(rows)
    if window is None:
        return None, None, None
    first, last = window
    paragraphs = (i for i in range(first, last + 1) if paragraph(rows[i]))
    # Only a standfirst or two may stand above the dateline: further down, "Name (Agency):"
    # opens a paragraph, not the article.
    for i in itertools.islice(paragraphs, _DATELINE_REACH):
        if dateline := find_dateline(rows[i].text):
            return i, last, dateline
    return first, last, None


def _past_masthead(rows: list[Line], start: int, limit: int) -> tuple[int, int | None]:
    """Where the body starts when the window opens on the page's masthead: after
    the first date or byline, if little of the window's text stands above it
    (a promo, a blog's tagline, the headline and standfirst); and that date or
    byline (None when the body starts where the window does)."""
    mass = sum(len(r.text) for r in rows[start : limit + 1] if paragraph(r))
    above = 0
    fields: Counter[str] | None = None
    for i in range(start, limit + 1):
        row = rows[i]
        if row.kind in (kinds.TIMESTAMP, kinds.BYLINE):
            if fields is None:
                fields = Counter(_field_label(r.text) for r in rows[start : limit + 1])
            label = _field_label(row.text)
            if label and fields[label] >= _FIELD_REPEATS:
                continue  # "Date: 6-9 January", a field of every entry of a list article
            after = next((j for j in range(i + 1, limit + 1) if paragraph(rows[j])), None)
            return (start, None) if after is None else (after, i)
        if paragraph(row):
            above += len(row.text)
            if above * _MASTHEAD_SHARE > mass:
                break
    return start, None


_FIELD_LABEL = re.compile(r"^(\w+(?: \w+)?):\s")
_FIELD_REPEATS = 3
"""A label opening this many lines of the body window is a field of its entries."""


def _field_label(text: str) -> str:
    """The label a line opens with ("Date: …" gives "date"), or ""."""
    found = _FIELD_LABEL.match(text)
    return found.group(1).lower() if found else ""


def _past_headline(rows: list[Line], start: int, limit: int) -> int:
    """Where the body starts when its first line is the headline: a line that
    ends without a full stop ("… (By an Outdoor Guide!)"), set apart from the
    next paragraph by a date or a byline."""
    if kinds.ends_clause(rows[start].text) or rows[start].n_words > _HEADLINE_WORDS:
        return start
    for i in range(start + 1, limit + 1):
        row = rows[i]
        if paragraph(row):
            between = {r.kind for r in rows[start + 1 : i]}
            return i if between & {kinds.TIMESTAMP, kinds.BYLINE} else start
        if not row.blank and row.kind is None:
            return start
    return start


def _past_headline_under_meta(rows: list[Line], start: int, limit: int) -> int:
    """Where the body starts when its first line is a headline under the page's
    byline or date ("Posted on … by …" / "Is the ferry back?" / the article): a
    short line without a full stop, right under the meta, over a paragraph."""
    row = rows[start]
    if row.n_words > _HEADLINE_WORDS or kinds.ends_clause(row.text):
        return start
    above = next((r for r in reversed(rows[:start]) if not r.blank), None)
    if above is None or above.kind not in _META_KINDS:
        return start
    after = next((j for j in range(start + 1, limit + 1) if not rows[j].blank), None)
    return after if after is not None and paragraph(rows[after]) else start


def _past_headline_twice(rows: list[Line], start: int, limit: int) -> int:
    """Where the body starts when the window opens on a notice or a share bar
    over the headline printed twice (a page's heading and its article's, a few
    short lines apart, the second right over the first paragraph): after the
    second copy. Other lines printed twice between the copies make the first an
    entry of a table of contents."""
    seen: dict[str, int] = {}
    paragraphs = 0
    for i in range(start, limit + 1):
        row = rows[i]
        if row.blank:
            continue
        if paragraph(row):
            paragraphs += 1
            if paragraphs > _DATELINE_REACH:
                break
            seen.clear()  # no paragraph stands between the two copies
            continue
        first = seen.setdefault(row.text, i)
        between = rows[first + 1 : i]
        toc = any(r.repeated and r.kind is None for r in between)  # its other entries
        if first != i and i - first <= _TWICE_REACH and _headline_line(row) and not toc:
            after = next((j for j in range(i + 1, limit + 1) if not rows[j].blank), None)
            return after if after is not None and paragraph(rows[after]) else start
    return start


def _headline_line(row: Line) -> bool:
    """A line shaped like a headline: a few words, no sentence."""
    return _HEADLINE_MIN <= row.n_words <= _HEADLINE_WORDS and not kinds.ends_clause(row.text)


def _headline_inside(rows: list[Line], start: int, limit: int) -> int | None:
    """A headline among the first lines of the body, over a paragraph, for a page
    with no line above its body to take as the headline (the body window opened
    on a blog's tagline, "I write about boats. I take photos.")."""
    seen = 0
    for i in range(start, limit):
        row = rows[i]
        if row.blank or row.kind is not None:
            continue
        if not row.prose and _headline_line(row):
            after = next((j for j in range(i + 1, limit + 1) if not rows[j].blank), None)
            return i if after is not None and paragraph(rows[after]) else None
        seen += 1
        if seen == _DATELINE_REACH:
            return None
    return None


def _standfirst(rows: list[Line], start: int) -> tuple[int | None, int]:
    """A first paragraph set apart from the body by a date or byline is the standfirst."""
    following = [i for i in range(start + 1, len(rows)) if paragraph(rows[i])]
    if start >= len(rows) or not following:
        return None, start
    between = {rows[i].kind for i in range(start + 1, following[0])}
    if between & {kinds.TIMESTAMP, kinds.BYLINE}:
        return start, following[0]
    return None, start


def _body_end(rows: list[Line], start: int, limit: int) -> int:
    """The last real paragraph up to `limit`, before any line closing the article
    (`_ends_article`), or a related-stories label with less text under it than above."""
    last = start - 1
    stop = min(limit + 1, len(rows))
    stop = _teaser_cards_from(rows, start, stop)
    rest = sum(len(r.text) for r in rows[start:stop] if paragraph(r))
    above = 0
    for i in range(start, stop):
        row = rows[i]
        if _ends_article(row) and last >= start and not _front_matter(row, above, rest):
            break
        if row.opens_list and above >= rest * _LIST_AFTER_SHARE and _teasers_below(rows, i):
            break  # "Related stories" under the article, not a list inside it
        if paragraph(row):
            last = i
            above += len(row.text)
            rest -= len(row.text)
    # Short closing paragraphs ("He declined to comment.") after the last long one.
    for i in range(last + 1, len(rows)):
        row = rows[i]
        if row.blank:
            continue
        short_sentence = row.n_words >= 2 and kinds.ends_sentence(row.text)
        if row.kind is not None or not short_sentence or not rows[i - 1].blank:
            break
        last = i
    return last


def _front_matter(row: Line, above: int, below: int) -> bool:
    """A copyright notice near the top of a long document (a report's, a standard's):
    far more of the body's text stands under it than above it."""
    return row.kind == kinds.CREDITS and below > above * _FRONT_MATTER_SHARE


def _ends_article(row: Line) -> bool:
    """A credits line, a comments label, a paywall or an "About the author" label:
    the article ends above it."""
    if row.kind == kinds.PROMO:
        return kinds.is_paywall(row.text)  # what follows is the offer, not the piece
    if row.kind == kinds.LABEL:
        return kinds.opens_author_box(row.text)  # the author's bio follows
    return row.kind in (kinds.CREDITS, kinds.COMMENTS)


def _teaser_cards_from(rows: list[Line], start: int, stop: int) -> int:
    """Where a run of teaser cards closes the body, else `stop`: two or more
    headlines, each over a one-paragraph summary cut short with an ellipsis
    ("… are good at..."), under a date, or under a section label that more
    cards carry; with less text from the first card on than above it."""
    cards = [
        above
        for i in range(start + 1, stop)
        if _cut_short(rows[i].text)
        and paragraph(rows[i])
        and (above := _skip_up(rows, i - 1, lambda r: False)) >= start
        and rows[above].kind is None
        and not rows[above].prose
        and not kinds.ends_clause(rows[above].text)
    ]
    labelled: list[int] = []
    for i in range(start + 1, stop):
        if _dated_card(rows, i, stop):
            cards.append(i)
        elif _labelled_card(rows, i, stop):
            labelled.append(i)
    labels = Counter(rows[i].text for i in labelled)
    cards += [i for i in labelled if labels[rows[i].text] >= 2]
    cards.sort()
    for k in range(len(cards) - 1):
        if not _next_card(rows, cards[k], cards[k + 1]):
            continue
        first = cards[k]
        if _text_of(rows, start, first) > _text_of(rows, first, stop):
            return first
    return stop


def _dated_card(rows: list[Line], i: int, stop: int) -> bool:
    """A teaser card's date (with its year: a live report stamps only the hour)
    right over a headline over its summary."""
    if rows[i].kind != kinds.TIMESTAMP or not has_year(rows[i].text):
        return False
    return _headline_and_summary(rows, i, stop)


def _next_card(rows: list[Line], card: int, following: int) -> bool:
    """Whether a card follows another closely, one summary between them (an entry
    of a live report runs longer)."""
    summaries = sum(1 for r in rows[card:following] if paragraph(r))
    return following - card <= _CARD_GAP and summaries <= 1


def _text_of(rows: list[Line], start: int, stop: int) -> int:
    """Characters of paragraphs from line `start` up to line `stop`."""
    return sum(len(r.text) for r in rows[start:stop] if paragraph(r))


def _labelled_card(rows: list[Line], i: int, stop: int) -> bool:
    """A teaser card's section label ("Taxes", "People & Work") right over a
    headline over its summary; a label names a section, so more cards carry it."""
    row = rows[i]
    if row.kind not in (None, kinds.DUPLICATE) or row.prose or not 1 <= row.n_words <= _NAME_WORDS:
        return False
    return _headline_and_summary(rows, i, stop)


def _headline_and_summary(rows: list[Line], i: int, stop: int) -> bool:
    """Whether the two lines under line `i` (above `stop`) are a teaser's headline
    and its summary."""
    below = [j for j in range(i + 1, min(stop, i + 6)) if not rows[j].blank][:2]
    if len(below) < 2:
        return False
    head = rows[below[0]]
    shaped = head.kind is None and not head.prose and not kinds.ends_clause(head.text)
    return shaped and head.n_words >= _HEADLINE_MIN and paragraph(rows[below[1]])


def _cut_short(text: str) -> bool:
    """A teaser's summary cut short: a word, then "..." or "…", at the very end."""
    if text.endswith("..."):
        text = text[:-3]
    elif text.endswith("…"):
        text = text[:-1]
    else:
        return False
    return text[-1:].isalnum()


def _teasers_below(rows: list[Line], i: int) -> bool:
    """Whether two teaser headlines or more follow a related-stories label before
    the next kept line: an inline box links one story, and the article goes on."""
    teasers = 0
    for row in rows[i + 1 :]:
        if row.kind is None and not row.blank:
            break
        teasers += row.kind in (kinds.RELATED, kinds.MOST_READ)
    return teasers >= 2


def _keep_bios_inside(rows: list[Line], start: int, end: int) -> None:
    """A line that reads like an author's bio is one only after the last real
    paragraph; inside the body it is the article's own prose ("Evan Gershkovich
    is a reporter for The Wall Street Journal") and stays."""
    for row in rows[start:end]:
        if row.kind == kinds.BIO:
            row.kind = None


def _keep_headings_inside(rows: list[Line], start: int, end: int) -> None:
    """A subheading of the body whose first copy stands above the body (in a table
    of contents) is the article's own: only later copies are repeats. A line
    repeated only inside the body is the article's own every time."""
    above = {r.text for r in rows[:start] if r.repeated}
    below = {r.text for r in rows[end + 1 :] if r.repeated}
    for row in rows[start:end]:
        if row.kind != kinds.DUPLICATE:
            continue
        if row.text in above:
            row.kind = None
            above.discard(row.text)
        elif row.text not in below:
            row.kind = None  # every copy is in the body: "Pros", "Cons" over each product


def _keep_lists_inside(rows: list[Line], start: int, end: int) -> None:
    """Runs of short lines worded like a list are menus outside the body and the
    article's own list inside it."""
    for row in rows[start:end]:
        if row.listed:
            row.kind = None


def _pick_date(rows: list[Line], title_at: int, dateline: Dateline | None) -> str | None:
    """The publication date text: stamps after the title, the dateline, then the rest."""
    after = [date_words(r.text) for r in rows[title_at + 1 :] if r.kind == kinds.TIMESTAMP]
    before = [date_words(r.text) for r in rows[:title_at] if r.kind == kinds.TIMESTAMP]
    ordered = after + ([dateline.date_text] if dateline and dateline.date_text else []) + before
    with_year = [d for d in ordered if has_year(d)]
    if with_year:
        return with_year[0]
    return ordered[0] if ordered else None


def read_layout(raw_lines: list[str], title: str | None = None) -> Layout:
    """Split a page's lines into title, subtitle, metadata, body and removed lines.

    With a `title` given (an article that comes with its metadata, as in
    JSONL), the text is all body: no headline is looked for above it.
    """
    rows = [Line(n, text, not text) for n, text in enumerate(map(str.strip, raw_lines), start=1)]
    blanks = sum(1 for r in rows if r.blank)
    # Where blank lines part the paragraphs, a line continued in lower case is wrapped;
    # where none do, only a paragraph wrapped over several lines is told from its blocks.
    rows = join_wrapped(rows, 1 if blanks * 3 >= len(rows) - blanks else _WRAPPED_RUN)
    for row in rows:
        if not row.blank:
            row.measure()  # a blank line has no words and is no prose
    pre_dateline = next((d for r in rows if r.prose and (d := find_dateline(r.text))), None)
    mark_kinds(rows, pre_dateline.source if pre_dateline else None)
    if title is not None:
        return _fill(Layout(title=title), rows, raw_lines, *_given_title_body(rows))
    start, limit, dateline = _body_start(rows)
    layout = Layout(dateline=dateline)
    meta_at: int | None = None  # the masthead's first date or byline, when the body is past it
    if start is None or limit is None:
        start = limit = len(rows)
    elif dateline is None:
        start, meta_at = _past_masthead(rows, start, limit)
        start = _past_headline(rows, start, limit)
        start = _past_headline_under_meta(rows, start, limit)
        start = _past_headline_twice(rows, start, limit)
    title_at, subtitle_at = _pick_headings(rows, start, limit, meta_at)
    if title_at is None and (inside := _headline_inside(rows, start, limit)) is not None:
        start = inside + 1  # nothing above the body could be its headline
        title_at, subtitle_at = _pick_headings(rows, start, limit)
    if title_at is not None:
        text = rows[title_at].text
        layout.title = _breadcrumb_tail(text) or _LINKED_SITE.sub("", text) or text
    if subtitle_at is None and dateline is None:
        subtitle_at, start = _standfirst(rows, start)
    if subtitle_at is not None:
        layout.subtitle = rows[subtitle_at].text
    return _fill(
        layout, rows, raw_lines, start, _body_end(rows, start, limit), title_at, subtitle_at
    )


def _given_title_body(rows: list[Line]) -> tuple[int, int, None, None]:
    """Body bounds of a text whose title is known: every line that is not junk."""
    kept = [i for i, row in enumerate(rows) if not row.blank and row.kind is None]
    if not kept:
        return len(rows), -1, None, None
    return kept[0], kept[-1], None, None


def _fill(
    layout: Layout,
    rows: list[Line],
    raw_lines: list[str],
    start: int,
    end: int,
    title_at: int | None,
    subtitle_at: int | None,
) -> Layout:
    """Keep the body lines between start and end; list every other line as removed."""
    _keep_bios_inside(rows, start, end)
    _keep_lists_inside(rows, start, end)
    _keep_headings_inside(rows, start, end)
    if layout.dateline is None and start < len(rows) and rows[start].prose:
        layout.dateline = find_dateline(rows[start].text)
    dateline = layout.dateline
    layout.source = dateline.source if dateline else None
    copyright_owner: str | None = None
    for i, row in enumerate(rows):
        if row.blank or i in (title_at, subtitle_at):
            continue
        outside_body = not start <= i <= end
        if layout.source is None and outside_body and (named := source_from_line(row.text)):
            layout.source = named  # inside the body, "Source:" credits a chart or a figure
        if row.kind == kinds.CREDITS and (owner := source_from_copyright(row.text)):
            copyright_owner = copyright_owner or owner
        if start <= i <= end and row.kind is None:
            _keep(layout, rows, i)
            continue
        reason = row.kind or (kinds.HEADER if i < start else kinds.FOOTER)
        layout.removed.append(RemovedLine(row.number, raw_lines[row.number - 1], reason))
    layout.source = layout.source or copyright_owner
    layout.date_text = _pick_date(rows, title_at if title_at is not None else -1, dateline)
    return layout


def _keep(layout: Layout, rows: list[Line], i: int) -> None:
    """Add a body line, cutting an image label glued to its front."""
    row = rows[i]
    text = row.text
    glued = IMAGE_PREFIX.match(text)
    if glued:
        layout.removed.append(RemovedLine(row.number, glued.group(0), kinds.IMAGE))
        text = text[glued.end() :]
    kind = "heading" if _is_heading(rows, i) else "paragraph"
    layout.body.append(Block(text, kind))
