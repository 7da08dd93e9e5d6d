"""The default export: one annotation per line, flat, with its article's details.

Example line::

    {"id":"4f0c…","article_id":"0051e241e51e44f8","title":"…","source":"…",
     "date":"2024-03-01","date_text":"March 1, 2024",
     "unit":"quote","start":120,"end":188,"text":"…",
     "prefix":"…","suffix":"…","label":"against","speaker":"Jane Doe",
     "target":null,"note":null,"annotator":"alice","created":"…","updated":"…",
     "anchor":"exact","flags":[]}
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import msgspec

from store.formats import FormatError, Parsed, article_infos, dumps
from store.records import Annotation, ArticleInfo, now_iso


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """One flat JSON object per annotation."""
    for line in _lines(annotations, articles):
        try:
            yield _ENCODE(line).decode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a hostile file): json writes it
            yield dumps(msgspec.structs.asdict(line))


def export_chunks(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[bytes]:
    """`export_lines` encoded as UTF-8, each line ending in a newline, a few thousand
    lines a chunk (one call of msgspec's `encode_lines` each: half the time of a call
    a line). A lone surrogate, from a hostile file, is written as "?", as a UTF-8
    text stream with errors="replace" writes it."""
    lines = _lines(annotations, articles)
    while batch := list(itertools.islice(lines, _CHUNK)):
        try:
            yield _ENCODE_LINES(batch)
        except UnicodeEncodeError:  # find the line, write the others as they are
            yield b"".join(_encoded(line) + b"\n" for line in batch)


def _encoded(line: _Line) -> bytes:
    try:
        return _ENCODE(line)
    except UnicodeEncodeError:
        return dumps(msgspec.structs.asdict(line)).encode("utf-8", "replace")


_CHUNK = 2048


class _Line(msgspec.Struct, gc=False):
    """One line of the export, its keys in this order (a struct: built and written
    twice as fast as a dict)."""

    id: str
    article_id: str
    title: str | None
    source: str | None
    date: str | None
    date_text: str | None
    url: str | None
    unit: str
    start: int
    end: int
    text: str
    prefix: str
    suffix: str
    label: str
    speaker: str | None
    target: str | None
    note: str | None
    annotator: str
    created: str
    updated: str
    anchor: str
    flags: tuple[str, ...]


_UNKNOWN = ArticleInfo("", None)  # type: ignore[arg-type]
"""An article the store knows nothing of: every detail null."""


def _lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[_Line]:
    """The flat record of each annotation."""
    for ann in annotations:
        info = articles.get(ann.article_id, _UNKNOWN)
        yield _Line(
            ann.id,
            ann.article_id,
            info.title,
            info.source,
            info.date,
            info.date_text,
            info.url,
            ann.unit,
            ann.start,
            ann.end,
            ann.text,
            ann.prefix,
            ann.suffix,
            ann.label,
            ann.speaker,
            ann.target,
            ann.note,
            ann.annotator,
            ann.created,
            ann.updated,
            ann.anchor,
            ann.flags,
        )


_ENCODER = msgspec.json.Encoder()
_ENCODE = _ENCODER.encode
_ENCODE_LINES = _ENCODER.encode_lines
"""msgspec writes these lines (strings, ints, None, lists of strings) exactly as
`dumps` does (checked on every character up to U+3000), several times faster."""


def looks_like(obj: dict[str, Any]) -> bool:
    """A flat record with an article id, offsets and a label."""
    return all(k in obj for k in ("article_id", "start", "end", "label"))


def parse(obj: dict[str, Any], default_annotator: str) -> Parsed:
    """The annotation of one jsonl line (a missing id or time stamp is made up)."""
    stamp = now_iso()
    record = {
        "id": obj.get("id") or uuid.uuid4().hex,
        "annotator": obj.get("annotator") or default_annotator,
        "created": obj.get("created") or stamp,
        "updated": obj.get("updated") or obj.get("created") or stamp,
        "text": obj.get("text") or "",
    }
    for key in ("article_id", "start", "end", "label", "unit", "prefix", "suffix"):
        if obj.get(key) is not None:
            record[key] = obj[key]
    for key in ("speaker", "target", "note", "anchor", "flags"):
        if key in obj:
            record[key] = obj[key]
    if record.get("anchor") is None:
        record.pop("anchor", None)
    try:
        ann = Annotation.from_dict(record)
    except (ValueError, TypeError) as exc:
        raise FormatError(f"not a valid annotation: {exc}") from exc
    return Parsed([ann], article_infos(ann.article_id, obj, None))
