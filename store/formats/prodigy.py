"""Prodigy tasks, the shape `prodigy db-out` writes (spans_manual / spancat).

One task per article and annotator: `text` is the article's cleaned text and
`spans` hold that annotator's labels, with offsets into `text`, so the file
trains a span categoriser (or loads into `spans.manual` for review) without a
converter. `spans.manual` cannot show overlapping spans, so labels that
overlap (a sentence and a quote inside it) go to separate tasks of the same
text. When the store doesn't know an article's text (it was
never opened here), each annotation becomes its own task whose `text` is the
statement, with `meta.offset` giving where it starts in the article.

Spans carry Marginalia's own fields (id, unit, speaker, created, ...) as extra
keys, which Prodigy keeps and ignores, so that an import is lossless.

Example line (shortened)::

    {"text":"…","spans":[{"start":120,"end":188,"label":"against","id":"4f0c…",…}],
     "answer":"accept","_input_hash":-1530009927,"_task_hash":2003036685,
     "_annotator_id":"alice","_session_id":"alice","_view_id":"spans_manual",
     "_timestamp":1732262400,"meta":{"article_id":"0051e241e51e44f8","title":"…",…}}
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
    epoch_seconds,
    hash32,
    iso_from_epoch,
    text_article_id,
)
from store.records import Annotation, ArticleInfo, now_iso

_SPAN_EXTRAS = ("unit", "speaker", "target", "note", "created", "updated", "anchor", "flags")


def _span(ann: Annotation, shift: int) -> dict[str, Any]:
    span: dict[str, Any] = {
        "start": ann.start - shift,
        "end": ann.end - shift,
        "label": ann.label,
        "text": ann.text,
        "id": ann.id,
        "prefix": ann.prefix,
        "suffix": ann.suffix,
    }
    span.update({k: getattr(ann, k) for k in _SPAN_EXTRAS})
    return span


def _task(
    text: str, anns: Sequence[Annotation], info: ArticleInfo | None, offset: int | None
) -> str:
    article_id = anns[0].article_id
    annotator = anns[0].annotator
    spans = [_span(a, offset or 0) for a in anns]
    meta: dict[str, Any] = {"article_id": article_id}
    if info is not None:
        meta.update(
            title=info.title,
            source=info.source,
            date=info.date,
            date_text=info.date_text,
            file=info.file,
        )
    if offset is not None:
        meta["offset"] = offset
    input_hash = hash32("input", article_id, text)
    task_hash = hash32("task", input_hash, [(s["start"], s["end"], s["label"]) for s in spans])
    return dumps(
        {
            "text": text,
            "spans": spans,
            "answer": "accept",
            "_input_hash": input_hash,
            "_task_hash": task_hash,
            "_annotator_id": annotator,
            "_session_id": annotator,
            "_view_id": "spans_manual",
            "_timestamp": max(epoch_seconds(a.updated) for a in anns),
            "meta": meta,
        }
    )


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """One task per article and annotator, split where spans would overlap (or one
    per annotation if the text is unknown)."""
    groups: dict[tuple[str, str], list[Annotation]] = {}
    for ann in annotations:
        groups.setdefault((ann.article_id, ann.annotator), []).append(ann)
    for (article_id, _), anns in groups.items():
        info = articles.get(article_id)
        if info is not None and info.text is not None:
            for layer in _without_overlaps(anns):
                yield _task(info.text, layer, info, None)
        else:
            for ann in anns:
                yield _task(ann.text, [ann], info, ann.start)


def _without_overlaps(anns: Sequence[Annotation]) -> list[list[Annotation]]:
    """The annotations in as few layers as possible, none with overlapping spans."""
    layers: list[list[Annotation]] = []
    for ann in sorted(anns, key=lambda a: (a.start, a.end)):
        layer = next((layer for layer in layers if layer[-1].end <= ann.start), None)
        if layer is None:
            layers.append([ann])
        else:
            layer.append(ann)
    return layers


def looks_like(obj: dict[str, Any]) -> bool:
    """A task with `text` and a list of `spans`."""
    return isinstance(obj.get("text"), str) and isinstance(obj.get("spans"), list)


def parse(obj: dict[str, Any], default_annotator: str) -> Parsed:
    """The accepted spans of one Prodigy task (rejected or ignored tasks hold none)."""
    text: str = obj["text"]
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    assert isinstance(meta, dict)
    article_id = meta.get("article_id") or meta.get("id") or text_article_id(text)
    offset = meta.get("offset")
    if offset is not None and type(offset) is not int:
        raise FormatError(f"meta.offset must be an integer, not {offset!r}")
    parsed = Parsed(articles=article_infos(str(article_id), meta, text if offset is None else None))
    if obj.get("answer", "accept") != "accept":
        return parsed
    annotator = obj.get("_annotator_id") or default_annotator
    stamp = iso_from_epoch(obj["_timestamp"]) if type(obj.get("_timestamp")) is int else now_iso()
    for n, span in enumerate(obj["spans"], 1):
        if not isinstance(span, dict):
            raise FormatError(f"span {n} is not an object")
        start, end = span.get("start"), span.get("end")
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
            raise FormatError(f"span {n} has bad offsets {start!r}..{end!r}")
        prefix, suffix = context_of(text, start, end) if offset is None else ("", "")
        record = {
            "id": span.get("id") or uuid.uuid4().hex,
            "article_id": str(article_id),
            "start": start + (offset or 0),
            "end": end + (offset or 0),
            "text": text[start:end],
            "label": span.get("label"),
            "annotator": annotator,
            "created": stamp,
            "updated": stamp,
            "prefix": span.get("prefix", prefix),
            "suffix": span.get("suffix", suffix),
        }
        record.update({k: span[k] for k in _SPAN_EXTRAS if span.get(k) is not None})
        try:
            parsed.annotations.append(Annotation.from_dict(record))
        except (ValueError, TypeError) as exc:
            raise FormatError(f"span {n}: {exc}") from exc
    return parsed
