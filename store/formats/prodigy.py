"""Prodigy tasks, the shape `prodigy db-out` writes for `spans.manual` (spancat).

One task per article and annotator: `text` is the article's cleaned text,
`tokens` its tokens (`store.formats.tokens`: id, start, end, text, ws) and
`spans` that annotator's labels, with character offsets into `text` and
`token_start` / `token_end` (inclusive) into `tokens`, so the file trains a
span categoriser or loads into `spans.manual` for review without a converter.
`spans.manual` shows overlapping and nested spans (a quote inside a labelled
sentence), so they stay in one task. When the store doesn't know an article's
text (it was never opened here), each annotation becomes its own task whose
`text` is the statement, with `meta.offset` giving where it starts in the
article.

Hashes: Prodigy hashes a task's input keys (`text`) into `_input_hash` and
that with its task keys (`spans`) into `_task_hash`, both signed 32-bit. Its
own hash function is internal, so ours is a stable stand-in with the same
meaning: `_input_hash` of the text alone (every annotator's task on one text
shares it, as Prodigy's review recipe expects), `_task_hash` of the input hash
and the spans' (start, end, label). `_session_id` is `<dataset>-<annotator>`,
Prodigy's name for a named session in a dataset (`--dataset`, default
"marginalia").

Spans carry Marginalia's own fields (id, unit, speaker, created, ...) as extra
keys, which Prodigy keeps and ignores, so that an import is lossless.

Example line (shortened)::

    {"text":"…","tokens":[{"text":"GENEVA","start":0,"end":6,"id":0,"ws":true},…],
     "spans":[{"start":120,"end":188,"token_start":24,"token_end":37,"label":"against",
       "id":"4f0c…",…}],
     "answer":"accept","_input_hash":-1530009927,"_task_hash":2003036685,
     "_annotator_id":"marginalia-alice","_session_id":"marginalia-alice",
     "_view_id":"spans_manual","_timestamp":1732262400,
     "meta":{"article_id":"0051e241e51e44f8","annotator":"alice","title":"…",…}}
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
from store.formats.tokens import token_range, tokenize
from store.records import Annotation, ArticleInfo, now_iso

DEFAULT_DATASET = "marginalia"

_SPAN_EXTRAS = ("unit", "speaker", "target", "note", "created", "updated", "anchor", "flags")


def _span(ann: Annotation, shift: int, starts: list[int]) -> dict[str, Any]:
    """One span: its offsets in the task's text and tokens, and Marginalia's fields."""
    start, end = ann.start - shift, ann.end - shift
    token_start, token_end = token_range(starts, start, end)
    span: dict[str, Any] = {
        "start": start,
        "end": end,
        "token_start": token_start,
        "token_end": token_end,
        "label": ann.label,
        "text": ann.text,
        "id": ann.id,
        "prefix": ann.prefix,
        "suffix": ann.suffix,
    }
    span.update({k: getattr(ann, k) for k in _SPAN_EXTRAS})
    return span


def _task(
    text: str,
    anns: Sequence[Annotation],
    info: ArticleInfo | None,
    offset: int | None,
    dataset: str,
) -> str:
    """The task of one text and annotator, every span of theirs in it."""
    article_id = anns[0].article_id
    annotator = anns[0].annotator
    shift = offset or 0
    tokens = tokenize(text, {a.start - shift for a in anns}, {a.end - shift for a in anns})
    starts = [token["start"] for token in tokens]
    spans = [_span(a, shift, starts) for a in sorted(anns, key=lambda a: (a.start, a.end))]
    meta: dict[str, Any] = {"article_id": article_id, "annotator": annotator}
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
    input_hash = hash32("input", text)
    task_hash = hash32("task", input_hash, [(s["start"], s["end"], s["label"]) for s in spans])
    session = f"{dataset}-{annotator}"
    return dumps(
        {
            "text": text,
            "tokens": tokens,
            "spans": spans,
            "answer": "accept",
            "_input_hash": input_hash,
            "_task_hash": task_hash,
            "_annotator_id": session,
            "_session_id": session,
            "_view_id": "spans_manual",
            "_timestamp": max(epoch_seconds(a.updated) for a in anns),
            "meta": meta,
        }
    )


def export_lines(
    annotations: Sequence[Annotation],
    articles: Mapping[str, ArticleInfo],
    dataset: str = DEFAULT_DATASET,
) -> Iterator[str]:
    """One task per article and annotator (or per annotation if the text is unknown),
    its sessions named after `dataset`."""
    groups: dict[tuple[str, str], list[Annotation]] = {}
    for ann in annotations:
        groups.setdefault((ann.article_id, ann.annotator), []).append(ann)
    for (article_id, _), anns in groups.items():
        info = articles.get(article_id)
        if info is not None and info.text is not None:
            yield _task(info.text, anns, info, None, dataset)
        else:
            for ann in anns:
                yield _task(ann.text, [ann], info, ann.start, dataset)


def looks_like(obj: dict[str, Any]) -> bool:
    """A task with `text` and a list of `spans`."""
    return isinstance(obj.get("text"), str) and isinstance(obj.get("spans"), list)


def _annotator(obj: dict[str, Any], meta: dict[str, Any], default: str) -> str:
    """Who labelled a task: `meta.annotator` (ours), else Prodigy's `_annotator_id`
    (`<dataset>-<name>` in named sessions: the whole of it), else `default`."""
    for who in (meta.get("annotator"), obj.get("_annotator_id")):
        if isinstance(who, str) and who:
            return who
    return default


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
    annotator = _annotator(obj, meta, default_annotator)
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
