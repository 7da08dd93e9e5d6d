"""doccano sequence-labelling JSONL: `{"id", "text", "label": [[start, end, "LABEL"]]}`.

One line per article, `text` being its cleaned text, with every label of every
annotator. doccano keeps other keys as metadata, so the line also carries the
article's details and a `marginalia` list with each label's id, annotator and
the rest, which makes an import lossless. Articles whose text the store doesn't
know are written one line per annotation, `text` being the statement and
`offset` where it starts in the article.

Import also takes doccano's own exports: `labels` instead of `label`, and
text-classification lines (`"label": ["favour"]`), which label the whole text.

Example line (shortened)::

    {"id":"0051e241e51e44f8","text":"…","label":[[120,188,"against"]],
     "title":"…","source":"…","date":"2024-03-01","date_text":"March 1, 2024",
     "marginalia":[{"id":"4f0c…","start":120,"end":188,"label":"against",…}]}
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from store.anchoring import context_of
from store.formats import (
    FormatError,
    Parsed,
    article_infos,
    dumps,
    group_by_article,
    text_article_id,
)
from store.records import Annotation, ArticleInfo, now_iso

_EXTRAS = ("unit", "speaker", "target", "note", "annotator", "created", "updated")
_EXTRAS_MORE = ("prefix", "suffix", "anchor", "flags")


def _line(
    article_id: str, text: str, anns: Sequence[Annotation], info: ArticleInfo | None, offset: int
) -> str:
    obj: dict[str, Any] = {
        "id": article_id,
        "text": text,
        "label": [[a.start - offset, a.end - offset, a.label] for a in anns],
    }
    if info is not None:
        obj.update(title=info.title, source=info.source, date=info.date, date_text=info.date_text)
    if offset:
        obj["offset"] = offset
    obj["marginalia"] = [
        {
            "id": a.id,
            "start": a.start - offset,
            "end": a.end - offset,
            "label": a.label,
            **{k: getattr(a, k) for k in _EXTRAS + _EXTRAS_MORE},
        }
        for a in anns
    ]
    return dumps(obj)


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """One line per article (or per annotation if the article text is unknown)."""
    for article_id, anns in group_by_article(annotations).items():
        info = articles.get(article_id)
        if info is not None and info.text is not None:
            yield _line(article_id, info.text, anns, info, 0)
        else:
            for ann in anns:
                yield _line(article_id, ann.text, [ann], info, ann.start)


def looks_like(obj: dict[str, Any]) -> bool:
    """A line with `text` and a `label` (or `labels`) list."""
    labels = obj.get("label", obj.get("labels"))
    return isinstance(obj.get("text"), str) and isinstance(labels, list)


def _triples(text: str, labels: list[Any]) -> list[tuple[int, int, str]]:
    triples = []
    for n, item in enumerate(labels, 1):
        if isinstance(item, str):  # text classification: the whole text
            triples.append((0, len(text), item))
            continue
        if not isinstance(item, list | tuple) or len(item) != 3:
            raise FormatError(f"label {n} is not [start, end, label]: {item!r}")
        start, end, label = item
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
            raise FormatError(f"label {n} has bad offsets {start!r}..{end!r}")
        triples.append((start, end, str(label)))
    return triples


def parse(obj: dict[str, Any], default_annotator: str) -> Parsed:
    """The labels of one doccano line, matched with their `marginalia` details."""
    text: str = obj["text"]
    raw_id = obj.get("id")
    article_id = str(raw_id) if raw_id is not None else text_article_id(text)
    offset = obj.get("offset") or 0
    if type(offset) is not int:
        raise FormatError(f"offset must be an integer, not {offset!r}")
    details: dict[tuple[int, int, str], list[dict[str, Any]]] = {}
    extra = obj.get("marginalia")
    for item in extra if isinstance(extra, list) else []:
        if isinstance(item, dict):
            key = (item.get("start"), item.get("end"), item.get("label"))
            details.setdefault(key, []).append(item)  # type: ignore[arg-type]
    parsed = Parsed(articles=article_infos(article_id, obj, None if offset else text))
    stamp = now_iso()
    for start, end, label in _triples(text, obj.get("label", obj.get("labels")) or []):
        more = details.get((start, end, label))
        detail = more.pop(0) if more else {}
        prefix, suffix = ("", "") if offset else context_of(text, start, end)
        record = {
            "id": detail.get("id") or uuid.uuid4().hex,
            "article_id": article_id,
            "start": start + offset,
            "end": end + offset,
            "text": text[start:end],
            "label": label,
            "annotator": default_annotator,
            "created": stamp,
            "updated": stamp,
            "prefix": prefix,
            "suffix": suffix,
        }
        record.update({k: detail[k] for k in _EXTRAS + _EXTRAS_MORE if detail.get(k) is not None})
        try:
            parsed.annotations.append(Annotation.from_dict(record))
        except (ValueError, TypeError) as exc:
            raise FormatError(f"label [{start}, {end}, {label!r}]: {exc}") from exc
    return parsed
