"""Mark each line of a page dump with what it is, before the body is looked for.

A line first gets a junk kind of its own (`lines.py`, `captions.py`); then
its neighbours decide more: blocks of short lines are menus, lines under a
"Related stories" label or glued under a caption are teasers, a numbered
photo gallery is captions, and runs shaped like a data table or a bulleted
list are the article's own (kept when they fall inside the body). `layout.py`
reads the marked lines to find the body and its headline.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from store.text import lines as kinds
from store.text.captions import credit_suffix, is_bare_credit, is_caption
from store.text.lines import is_prose, line_kind, word_count

_MENU_WORDS = 6
# A gallery's slides: "3/50 Caption title", three or more numbered in order.
_SLIDE = re.compile(r"(\d{1,3})\s?/\s?(\d{1,3})\s+\S")
_SLIDES = 3
# A table: this many cells or more, figures (counts, prices) this share of them.
_TABLE_CELLS = 12
_FIGURES_LOW = 0.25
_FIGURES_HIGH = 0.75
_FIGURE_KINDS = frozenset({kinds.COUNTER, kinds.TICKER})
_LIST_NUMBER = re.compile(r"\d{1,2}\.?$")  # "7", "12.": a list's numbering, no figure
_CELL_KINDS = frozenset({None, kinds.NAVIGATION, kinds.DUPLICATE, *_FIGURE_KINDS})
_BULLET_MARKS = "+-*•·▪◦‣–"
_BULLET = re.compile(r"[+\-*•·▪◦‣–]\s+\w")
_BULLETS = 4


@dataclass(slots=True)
class Line:
    """One line of the page, with its shape measured once."""

    number: int
    text: str
    blank: bool = False
    kind: str | None = None
    n_words: int = 0
    """Words in the line: exact below `lines.COUNT_LIMIT`, else a lower bound."""
    prose: bool = False
    opens_list: bool = False
    """A label like "Related stories" over a list of other articles' headlines."""
    repeated: bool = False
    """The same text is on another line of the page too."""
    listed: bool = False
    """A menu-shaped run of short lines worded like a list: kept inside the body."""
    code: bool = False
    """A line of program code (`lines.is_code`): short, but no menu item."""
    item: bool = False
    """A line of a bulleted list ("+ Added a new map", "• Fresh bread daily"), one of
    four or more in a row: the article's own list, weighed and kept as its text."""

    def measure(self) -> None:
        """Count words and decide whether the line reads as prose."""
        self.n_words = word_count(self.text, kinds.COUNT_LIMIT)
        # CJK runs without spaces: far more characters than words (Latin has about six).
        if len(self.text) > 4 * self.n_words and not self.text.isascii():
            self.n_words = max(self.n_words, kinds.cjk_words(self.text))
        self.prose = is_prose(self.text, self.n_words)


def join_wrapped(rows: list[Line], min_joins: int = 1) -> list[Line]:
    """Join hard-wrapped lines: a line that stops mid-sentence, continued in lower case.

    A line is joined only in a run of at least `min_joins` continuations, each under
    a long line (with `min_joins` above 1): where no blank line parts the paragraphs, a
    line in lower case under a long one is as likely a block of its own (tags under a
    headline, "by Jane Doe"), but a paragraph wrapped over several lines reads as one.
    Linear in the page: a run's parts are joined once, and only its tail is looked at.
    """
    out: list[Line] = []
    run: list[Line] = []
    parts: list[str] = []
    length = 0  # of the run's text joined so far
    tail = ""  # its last characters: enough for `ends_sentence`
    for row in [*rows, None]:
        if (
            row is not None
            and length
            and row.text[:1].islower()
            and not kinds.ends_sentence(tail)
            and (length >= 50 if min_joins == 1 else _wraps_into(run[-1].text, row.text))
        ):
            run.append(row)
            parts.append(row.text)
            length += 1 + len(row.text)
            tail = f"{tail} {row.text}"[-_TAIL:]
            continue
        if len(run) > min_joins:
            run[0].text = " ".join(parts)
            out.append(run[0])
        else:
            out.extend(run)
        run, parts = ([row], [row.text]) if row is not None else ([], [])
        length = len(parts[0]) if parts else 0
        tail = parts[0][-_TAIL:] if parts else ""
    return out


_TAIL = 40
"""Characters of a joined run kept to tell whether it ends a sentence (12 are read)."""


def _wraps_into(line: str, below: str) -> bool:
    """Whether `below` reads as the rest of a paragraph wrapped at the end of `line`:
    a long line of words over words, not a list of items opening alike
    ("libgccjit: Add …" / "libgccjit: Fix …") or a link."""
    return (
        len(line) >= 50
        and line.count(" ") >= 3
        and " " in below
        and line.split(None, 1)[0] != below.split(None, 1)[0]
    )


def _main_script(rows: list[Line]) -> str | None:
    prose = " ".join(r.text for r in rows if r.prose) or " ".join(r.text for r in rows)
    return kinds.dominant_script(prose)


def _blocks(rows: list[Line]) -> list[list[Line]]:
    """Runs of consecutive non-blank lines."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for row in rows:
        if row.blank:
            if current:
                out.append(current)
            current = []
        else:
            current.append(row)
    if current:
        out.append(current)
    return out


def mark_kinds(rows: list[Line], source: str | None) -> None:
    """Give each line its junk kind, first alone, then from its neighbours."""
    script = _main_script(rows)
    suffixes = [None if r.blank else credit_suffix(r.text) for r in rows]
    repeated = {s for s, n in Counter(s for s in suffixes if s).items() if n >= 2}
    seen: dict[str, Line] = {}
    for row, suffix in zip(rows, suffixes, strict=True):
        if row.blank:
            continue
        if is_caption(row.text, source, repeated, suffix):
            row.kind = kinds.CAPTION
        else:
            row.kind = line_kind(row.text, script, row.n_words)
        if row.kind in (None, kinds.SYMBOL) and not row.prose and kinds.is_code(row.text):
            row.kind, row.code = None, True
        first = seen.setdefault(row.text, row)
        if first is not row:
            first.repeated = row.repeated = True
            if row.kind is None and not row.prose and not row.code:
                row.kind = kinds.DUPLICATE
    lines = [r for r in rows if not r.blank]
    spaced = sum(1 for r in rows if r.blank) * 3 >= len(lines)
    for block in _blocks(rows):
        _mark_block(block, spaced)
    _mark_teasers_after_labels(rows)
    _mark_slideshow(rows)
    _mark_tables(rows)
    _mark_bullets(rows)


def _mark_slideshow(rows: list[Line]) -> None:
    """A photo gallery: lines numbered "1/50 …", "2/50 …" in order, each with its
    caption and credit under it up to the next number. The whole run is captions."""
    slides = [
        (i, int(m[1]), int(m[2]))
        for i, row in enumerate(rows)
        if row.text[:1].isdigit() and (m := _SLIDE.match(row.text))
    ]
    by_total: dict[int, list[tuple[int, int]]] = {}
    for i, k, total in slides:
        run = by_total.setdefault(total, [])
        if not run or k > run[-1][1]:
            run.append((i, k))
    for run in by_total.values():
        if len(run) < _SLIDES:
            continue
        first, last = run[0][0], run[-1][0]
        per_slide = (last - first) // (len(run) - 1)
        for row in rows[first : min(len(rows), last + per_slide)]:
            if not row.blank:
                row.kind = kinds.CAPTION


def _mark_bullets(rows: list[Line]) -> None:
    """Four or more lines in a row (blank lines aside), each opening with a bullet
    mark and a space: a list the article sets out, never a menu (menus carry no
    marks in a copy of a page's text)."""
    run: list[Line] = []
    for row in [*rows, None]:
        if row is not None and (row.blank or _bulleted(row.text)):
            run.extend([] if row.blank else [row])
            continue
        if len(run) >= _BULLETS:
            for item in run:
                item.kind, item.item = None, True
        run = []


def _bulleted(text: str) -> bool:
    """Whether a line opens with a bullet mark, a space and a word."""
    return text[:1] in _BULLET_MARKS and _BULLET.match(text) is not None


def _mark_tables(rows: list[Line]) -> None:
    """A data table copied cell by cell: a long run of short lines, words and
    figures mixed ("Model X" / "9.4" / "$150" / "Cushion"). A menu holds few
    figures (a numbered list's "1.", "2." are none), a pager few words. Its
    cells are listed: kept inside the body, as a list is."""
    run: list[Line] = []
    for row in [*rows, None]:
        if row is not None and not row.blank and _table_cell(row):
            run.append(row)
            continue
        if row is not None and row.blank:
            continue
        figures = sum(1 for r in run if r.kind in _FIGURE_KINDS and not _LIST_NUMBER.match(r.text))
        if len(run) >= _TABLE_CELLS and _FIGURES_LOW <= figures / len(run) <= _FIGURES_HIGH:
            for cell in run:
                cell.listed = True
        run = []


def _table_cell(row: Line) -> bool:
    """A line that may be one cell of a table: short, no sentence, no date or byline."""
    return not row.prose and row.n_words <= _MENU_WORDS and row.kind in _CELL_KINDS


def _mark_teasers_after_labels(rows: list[Line]) -> None:
    """Headlines under a 'Most read', 'Related stories' or 'Read more' label, across
    blank lines, up to the next real paragraph or menu. A short sentence glued
    right under such a headline (no blank line between) is its summary, not a
    paragraph."""
    reason: str | None = None
    teaser = False  # the line right above (no blank line between) was a teaser's headline
    for row in rows:
        if row.blank:
            teaser = False
            continue
        summary = teaser and row.prose and row.n_words < kinds.PROSE_WORDS
        teaser = False
        if kinds.is_list_header(row.text):
            key = row.text.lower()
            reason = kinds.MOST_READ if key in kinds.MOST_READ_HEADERS else kinds.RELATED
            row.opens_list = True
            row.kind = row.kind or kinds.LABEL  # "Recommended stories" is no heading
        elif reason is not None and row.kind is None and summary:
            row.kind = reason  # a teaser's one-sentence summary under its headline
        elif paragraph(row) or row.kind == kinds.NAVIGATION:
            reason = None  # a paragraph, or a menu ("Trending" was a menu item)
        elif reason is not None and row.kind is None:
            row.kind = reason
            teaser = True


def _mark_block(block: list[Line], spaced: bool) -> None:
    """Menus, teaser cards and numbered lists: junk that shows in how lines group.

    On a page whose paragraphs are set apart by blank lines, a block made
    mostly of short lines is a menu. On a page without blank lines the whole
    page is one block, so only runs of three or more very short lines are.
    """
    spared = None
    if spaced:
        short = [r for r in block if not r.prose and r.n_words <= _MENU_WORDS]
        if len(block) >= 3 and len(short) * 3 >= len(block) * 2:
            # A longer last line is the headline that follows the menu.
            spared = block[-1] if block[-1].n_words >= 4 and not block[-1].prose else None
            for row in block:
                if row.kind is None and not row.prose and not row.code and row is not spared:
                    row.kind = kinds.NAVIGATION
    else:
        _mark_menu_runs(block)
    _mark_captions_above_credits(block)
    _mark_teasers(block, spared)


def _mark_teasers(block: list[Line], spared: Line | None) -> None:
    """Short lines glued under a photo caption or a list number are teasers."""
    for prev, row in itertools.pairwise(block):
        if row.kind is not None or row.prose or row is spared:
            continue
        if prev.kind == kinds.CAPTION:
            row.kind = kinds.RELATED
        elif prev.kind == kinds.COUNTER and prev.text.strip().isdigit():
            row.kind = kinds.MOST_READ


def _mark_menu_runs(block: list[Line]) -> None:
    """Three or more consecutive very short lines: a menu, even without blank lines."""
    run: list[Line] = []
    for row in [*block, None]:
        if (
            row is not None
            and not row.prose
            and not row.code
            and (row.kind is not None or row.n_words <= 4)
        ):
            run.append(row)
            continue
        short = [r for r in run if r.kind is None]
        if len(short) >= 3 or len(run) >= 4:
            listed = sum(map(_reads_as_list_item, short)) * 2 >= len(short) >= 2
            for member in short:
                member.kind = kinds.NAVIGATION
                member.listed = listed
        run = []


def _reads_as_list_item(row: Line) -> bool:
    """A short line worded like a phrase ("Fresh bread daily", "oil the hinges"),
    not like a menu's names ("World", "Arts & Culture")."""
    if kinds.ends_sentence(row.text) or row.text.endswith(","):
        return True
    later = kinds.words(row.text)[1:]
    return any(len(w) >= 4 and w[0].islower() for w in later)


def _mark_captions_above_credits(block: list[Line]) -> None:
    """A line right above a bare photo credit ('Name/Agency', 'hide caption') is its caption."""
    for k in range(1, len(block)):
        above, row = block[k - 1], block[k]
        if row.kind != kinds.CAPTION or above.kind is not None or not is_bare_credit(row.text):
            continue
        # Where a credit also stands above that line, credits open the photos' text.
        if k < 2 or not is_bare_credit(block[k - 2].text):
            above.kind = kinds.CAPTION


def paragraph(row: Line) -> bool:
    """A kept line of running text, or of a bulleted list."""
    return row.kind is None and (row.prose or row.item)
