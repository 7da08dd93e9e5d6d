"""SemEval-style stance data: one row per unit and target, tab-separated.

The layout of SemEval-2016 Task 6 ("Detecting Stance in Tweets"), which stance
classifiers and their loaders expect: a header `ID Target Tweet Stance`, then
one row per statement (or quote, or span) and target, its stance FAVOR,
AGAINST or NONE (neutral). The label of a unit is its gold label (the
adjudicated one, else the one every annotator gave: `store.review`), so that a
row is never two annotators' opinions at once; skipped and still disagreed
units have no row. Tabs and line breaks inside a text become spaces, and a
text with a quotation mark is quoted as CSV readers expect (`csv`'s
`excel-tab` dialect, which pandas reads too): a quotation left open by one
sentence must not swallow the rows after it.

Export only: the rows carry no offsets or article, so there is nothing to
import them back into.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence

from store.records import Annotation, ArticleInfo

HEADER = "ID\tTarget\tTweet\tStance"
STANCES = {"favor": "FAVOR", "favour": "FAVOR", "against": "AGAINST", "neutral": "NONE"}
"""Marginalia's default labels as SemEval names them; others are written in capitals."""


def _cell(text: str | None) -> str:
    return " ".join((text or "").split())


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """The header, then one row per (gold) label."""
    yield HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel-tab", lineterminator="")
    for number, ann in enumerate(annotations, 1):
        stance = STANCES.get(ann.label.lower(), ann.label.upper())
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([number, _cell(ann.target), _cell(ann.text), _cell(stance)])
        yield buffer.getvalue()
