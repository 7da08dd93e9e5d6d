"""Import annotations from any format `marginalia export` writes, line by line.

The format is detected per line, so files can be concatenated. Bad lines are
reported (file and line number) and skipped; the rest is imported in one
durable write. Annotations the store already has (same id, or same article,
offsets, label and annotator) are not duplicated, so importing twice is safe.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from store.formats import DETECT_ORDER, FormatError, Parsed, format_module
from store.records import ArticleInfo

if TYPE_CHECKING:
    from store.annotations import AnnotationStore


@dataclass
class ImportReport:
    """What an import did: counts, and one message per skipped line."""

    added: int = 0
    duplicates: int = 0
    replaced: int = 0
    """Labels replaced by a later edit of the same unit by the same annotator."""
    formats: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

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


def parse_lines(
    lines: Iterable[str], source: str, default_annotator: str, report: ImportReport
) -> Parsed:
    """Parse every line; errors go to `report.errors` as "source:line: message"."""
    result = Parsed()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise FormatError("not a JSON object")
            name = detect(obj)
            if name is None:
                raise FormatError(
                    "not an annotation in a known format (jsonl, prodigy, doccano, w3c)"
                )
            parsed: Parsed = format_module(name).parse(obj, default_annotator)
        except (ValueError, KeyError, TypeError) as exc:
            reason = f"invalid JSON ({exc})" if isinstance(exc, json.JSONDecodeError) else str(exc)
            if isinstance(exc, json.JSONDecodeError) and "\t" in line:
                reason = "not JSON: a SemEval TSV line? That format is written, never read back"
            report.errors.append(f"{source}:{number}: {reason}")
            continue
        report.formats[name] += 1
        result.annotations.extend(parsed.annotations)
        result.articles.extend(parsed.articles)
    return result


def _fill_gaps(old: ArticleInfo, new: ArticleInfo) -> ArticleInfo:
    """`old` with its empty fields taken from `new` (what we had wins)."""
    gaps = {f.name: getattr(new, f.name) for f in fields(old) if not getattr(old, f.name)}
    return replace(old, **{k: v for k, v in gaps.items() if v})


def import_lines(
    store: AnnotationStore, lines: Iterable[str], source: str, default_annotator: str | None = None
) -> ImportReport:
    """Import the annotations in `lines` into `store`; see `ImportReport`."""
    report = ImportReport()
    parsed = parse_lines(lines, source, default_annotator or store.annotator, report)
    infos: dict[str, ArticleInfo] = {}
    for info in parsed.articles:
        have = infos.get(info.id) or store.article_info(info.id)
        infos[info.id] = _fill_gaps(have, info) if have is not None else info
    store.remember_articles(infos.values())
    merged = store.merge(parsed.annotations)
    report.added, report.duplicates = merged.added, merged.duplicates
    report.replaced = merged.replaced
    return report
