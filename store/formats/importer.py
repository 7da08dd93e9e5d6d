"""Import annotations from any format `marginalia export` writes, line by line.

The format is detected per line, so files can be concatenated. A file that is
one JSON array (Label Studio's tasks) is read whole, each element counting as
a line (numbered from 1 in messages, after any blank lines before the array). Each line is
checked against the record's schema (types, sizes, no terminal controls),
its offsets against the article's text when the text is known, its label
against the scheme (unless new labels are allowed) and its article against
what the database or the line itself knows. A bad line is reported (file and
line number) and skipped, whatever is wrong with it; the rest is imported in
one durable write. Annotations the store already has (same id, or same
article, offsets, label and annotator) are not duplicated, so importing twice
is safe; a later edit of one replaces it.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.formats import DETECT_ORDER, FormatError, Parsed, dumps, format_module
from store.records import ARTICLE_FIELDS, ArticleInfo, is_tombstone

if TYPE_CHECKING:
    from store.annotations import AnnotationStore


@dataclass
class ImportReport:
    """What an import did: counts, and one message per skipped line."""

    added: int = 0
    duplicates: int = 0
    replaced: int = 0
    """Labels replaced by a later edit of the same unit by the same annotator."""
    removed: int = 0
    """Labels deleted because the file says they were deleted after their last edit."""
    deleted_here: int = 0
    """Labels left out because they were deleted here after their last edit."""
    formats: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    unknown_articles: set[str] = field(default_factory=set)
    """Articles of imported labels that the database did not know, nor the lines describe."""

    @property
    def skipped(self) -> int:
        """How many lines could not be imported."""
        return len(self.errors)


def detect(obj: dict[str, object]) -> str | None:
    """The name of the format a parsed line is in, or None."""
    for name in DETECT_ORDER:
        if format_module(name).looks_like(obj):
            return name
    return None


def _reason(exc: Exception, line: str) -> str:
    """Why a line could not be imported, in one short line."""
    if isinstance(exc, json.JSONDecodeError):
        if "\t" in line:
            return "not JSON: a SemEval TSV line? That format is written, never read back"
        return f"invalid JSON ({exc})"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    if isinstance(exc, ValueError | KeyError | TypeError):
        return str(exc)[:300]
    return f"{type(exc).__name__}: {exc}"[:300]


LineCheck = Callable[[Parsed], None]
"""Raises `FormatError` when what a line holds may not be imported."""


def parse_lines(
    lines: Iterable[str],
    source: str,
    default_annotator: str,
    report: ImportReport,
    check: LineCheck | None = None,
) -> Parsed:
    """Parse and check every line; errors go to `report.errors` as "source:line: message"."""
    result = Parsed()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise FormatError("not a JSON object")
            if "deleted" in obj and "label" not in obj:
                if not is_tombstone(obj):
                    raise FormatError("not a deletion record (id, article_id, annotator, deleted)")
                result.deletions.append(obj)
                report.formats["deletion"] += 1
                continue
            name = detect(obj)
            if name is None:
                raise FormatError(
                    "not an annotation in a known format "
                    "(jsonl, prodigy, doccano, w3c, labelstudio)"
                )
            parsed: Parsed = format_module(name).parse(obj, default_annotator)
            if check is not None:
                check(parsed)
        except Exception as exc:  # one line's failure, whatever it is, never stops the rest
            report.errors.append(f"{source}:{number}: {_reason(exc, line)}")
            continue
        report.formats[name] += 1
        result.annotations.extend(parsed.annotations)
        result.articles.extend(parsed.articles)
    return result


def elements(lines: Iterable[str]) -> Iterator[str]:
    """The lines of a JSON-lines file, or, for a file that is one JSON array as a whole
    (Label Studio's tasks), each of its elements as a line of its own."""
    it = iter(lines)
    blanks = 0
    for first in it:
        if first.strip():
            break
        blanks += 1
    else:
        return
    yield from [""] * blanks  # so that line numbers stay right
    if not first.lstrip().startswith("["):
        yield first
        yield from it
        return
    whole = first + "".join(it)
    try:
        items = json.loads(whole)
    except (json.JSONDecodeError, RecursionError):
        items = None  # JSON lines after all (the first an array), or broken: line by line
    if isinstance(items, list):
        yield from (dumps(item) for item in items)
    else:
        yield from io.StringIO(whole)  # splits at "\n" only, as reading the file did


def _fill_gaps(old: ArticleInfo, new: ArticleInfo) -> ArticleInfo:
    """`old` with its empty fields taken from `new` (what we had wins)."""
    gaps = {k: getattr(new, k) for k in ARTICLE_FIELDS if not getattr(old, k)}
    return old.changed(**{k: v for k, v in gaps.items() if v})


def line_check(
    store: AnnotationStore, labels: Collection[str] | None, unknown: set[str]
) -> LineCheck:
    """The check of an import line against what `store` knows.

    `labels` are the labels that may be imported (with those the store
    already holds); None allows any. Articles that neither the store nor the
    line describes are added to `unknown` (their labels are imported: the
    corpus may know them).
    """
    allowed = None if labels is None else {*labels, *(a.label for a in store.annotations())}
    texts = {info.id: info.text for info in store.articles()}  # read once, not per line
    described: set[str] = set(texts)

    def check(parsed: Parsed) -> None:
        for info in parsed.articles:  # an article a line describes is known to the next ones
            described.add(info.id)
            texts[info.id] = info.text or texts.get(info.id)
        for ann in parsed.annotations:
            if allowed is not None and ann.label not in allowed:
                raise FormatError(
                    f"label {ann.label!r} is not in the label scheme "
                    "(name the scheme with --labels or --project, or allow new labels)"
                )
            if ann.article_id not in described:
                unknown.add(ann.article_id)
            text = texts.get(ann.article_id)
            if text is not None and ann.end > len(text):
                raise FormatError(
                    f"offsets {ann.start}..{ann.end} are past the end of the article "
                    f"({len(text):,} characters)"
                )

    return check


def import_lines(
    store: AnnotationStore,
    lines: Iterable[str],
    source: str,
    default_annotator: str | None = None,
    labels: Collection[str] | None = None,
) -> ImportReport:
    """Import the annotations in `lines` into `store`; see `ImportReport`.

    `labels` are the labels that may be imported besides those the store
    holds; None (the default) allows any.
    """
    report = ImportReport()
    check = line_check(store, labels, report.unknown_articles)
    annotator = default_annotator or store.annotator
    parsed = parse_lines(elements(lines), source, annotator, report, check)
    infos: dict[str, ArticleInfo] = {}
    for info in parsed.articles:
        have = infos.get(info.id) or store.article_info(info.id)
        infos[info.id] = _fill_gaps(have, info) if have is not None else info
    store.remember_articles(infos.values())
    merged = store.merge(parsed.annotations, parsed.deletions)
    report.added, report.duplicates = merged.added, merged.duplicates
    report.replaced = merged.replaced
    report.removed, report.deleted_here = merged.removed, merged.deleted_here
    return report
