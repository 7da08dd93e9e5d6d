"""Label Studio tasks with their annotations: one JSON array, one task per article.

Label Studio imports a JSON file holding an array of tasks (it takes no JSONL),
so this export is one JSON document: `[`, one task a line, `]`. A task is
`{"data": {"text", "article_id", "title", "source", "date"}, "annotations": [...]}`
with one annotation per annotator, its `result` holding one `labels` region a
label (`from_name` "label", `to_name` "text": the names of `labelling_config`).

Label Studio assigns imported annotations to the user who imports them (a
`completed_by` it does not know as a member's email is refused), so the
annotator travels in each region's `meta`, which Label Studio keeps as it is:
`meta.marginalia` holds the label's id, annotator, stance target, unit,
speaker, times, context, anchoring and flags, and `meta.text` the note (shown
as the region's meta text in Label Studio).

Articles whose text the store doesn't know cannot become tasks (a region's
offsets need the whole text): their labels are left out of this export
(`without_text` finds them; `marginalia export` counts them on stderr).

Import reads these tasks back, and Label Studio's own JSON export of them:
regions without `meta.marginalia` take their annotator from `completed_by`
(an email, a `{"email"}` object or a user id) or the import's default.

Example task (shortened)::

    {"data":{"text":"…","article_id":"0051e241e51e44f8","title":"…","source":"…"},
     "annotations":[{"result":[{"id":"4f0c…","from_name":"label","to_name":"text",
       "type":"labels","value":{"start":120,"end":188,"text":"…","labels":["against"]},
       "meta":{"marginalia":{"annotator":"alice","target":"the deal",…}}}],
       "created_at":"…","updated_at":"…","was_cancelled":false,"ground_truth":false}]}
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from store.anchoring import context_of
from store.atomic import replace_file
from store.formats import FormatError, Parsed, article_infos, dumps, text_article_id
from store.records import Annotation, ArticleInfo, now_iso

FROM_NAME = "label"
TO_NAME = "text"
_EXTRAS = ("annotator", "target", "unit", "speaker", "created", "updated", "prefix", "suffix")
_MORE = ("anchor", "flags")


def without_text(
    annotations: Iterable[Annotation], articles: Mapping[str, ArticleInfo]
) -> list[Annotation]:
    """The annotations of articles whose text the store doesn't know (no task for them)."""
    return [a for a in annotations if _text_of(articles.get(a.article_id)) is None]


def _text_of(info: ArticleInfo | None) -> str | None:
    """An article's cleaned text, if the store knows it."""
    return info.text if info is not None else None


def _region(ann: Annotation) -> dict[str, Any]:
    """One `labels` region: the label's span, and Marginalia's details in its meta."""
    meta: dict[str, Any] = {"marginalia": {k: getattr(ann, k) for k in _EXTRAS}}
    meta["marginalia"].update(anchor=ann.anchor, flags=list(ann.flags))
    if ann.note:
        meta["text"] = [ann.note]
    return {
        "id": ann.id,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {"start": ann.start, "end": ann.end, "text": ann.text, "labels": [ann.label]},
        "meta": meta,
    }


def _task(info: ArticleInfo, text: str, anns: Sequence[Annotation]) -> dict[str, Any]:
    """The task of one article: its text and details, one annotation per annotator."""
    by_annotator: dict[str, list[Annotation]] = {}
    for ann in anns:
        by_annotator.setdefault(ann.annotator, []).append(ann)
    data = {"text": text, "article_id": info.id, "title": info.title}
    data.update({k: getattr(info, k) for k in ("source", "date", "date_text") if getattr(info, k)})
    annotations = [
        {
            "result": [_region(a) for a in group],
            "created_at": min(a.created for a in group),
            "updated_at": max(a.updated for a in group),
            "was_cancelled": False,
            "ground_truth": False,
        }
        for group in by_annotator.values()
    ]
    return {"data": data, "annotations": annotations}


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """A JSON array, one task a line; articles without a known text are left out."""
    groups: dict[str, list[Annotation]] = {}
    for ann in annotations:
        groups.setdefault(ann.article_id, []).append(ann)
    yield "["
    previous: str | None = None  # held back until the next one says it needs a comma
    for article_id, anns in groups.items():
        info = articles.get(article_id)
        text = _text_of(info)
        if info is not None and text is not None:
            if previous is not None:
                yield previous + ","
            previous = dumps(_task(info, text, anns))
    if previous is not None:
        yield previous
    yield "]"


def labelling_config(labels: Iterable[str]) -> str:
    """The labelling config (XML) whose names match the exported regions."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    lines += [f"    <Label value={quoteattr(label)}/>" for label in dict.fromkeys(labels)]
    lines += ["  </Labels>", f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>', "</View>"]
    return "\n".join(lines) + "\n"


def write_labelling_config(path: Path, labels: Iterable[str]) -> None:
    """Write `labelling_config(labels)` to `path`, atomically."""
    config = labelling_config(labels).encode("utf-8")
    replace_file(path, lambda handle: handle.write(config))


def looks_like(obj: dict[str, Any]) -> bool:
    """A task with `data` and a list of `annotations`."""
    return isinstance(obj.get("data"), dict) and isinstance(obj.get("annotations"), list)


def _completed_by(annotation: dict[str, Any], default: str) -> str:
    """Who made a Label Studio annotation: an email, a user id, or `default`."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    return str(who) if isinstance(who, str | int) and who != "" else default


def _record(
    region: dict[str, Any], text: str, article_id: str, annotator: str, stamp: str
) -> dict[str, Any]:
    """The annotation record of one region. Marginalia keeps one stance per unit and
    annotator, so a region holding several labels gives its first."""
    value = region.get("value")
    if region.get("type") != "labels" or not isinstance(value, dict):
        raise FormatError(f"region {region.get('id')!r} is not a text `labels` region")
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
        raise FormatError(f"region {region.get('id')!r} has bad offsets {start!r}..{end!r}")
    if not isinstance(labels, list) or not labels:
        raise FormatError(f"region {region.get('id')!r} has no labels")
    meta = region.get("meta") if isinstance(region.get("meta"), dict) else {}
    assert isinstance(meta, dict)
    ours = meta.get("marginalia") if isinstance(meta.get("marginalia"), dict) else {}
    assert isinstance(ours, dict)
    notes = meta.get("text")
    prefix, suffix = context_of(text, start, end)
    base: dict[str, Any] = {
        "article_id": article_id,
        "start": start,
        "end": end,
        "text": text[start:end],
        "annotator": annotator,
        "created": stamp,
        "updated": stamp,
        "prefix": prefix,
        "suffix": suffix,
    }
    if isinstance(notes, list) and notes and isinstance(notes[0], str):
        base["note"] = notes[0]
    base.update({k: ours[k] for k in _EXTRAS + _MORE if ours.get(k) is not None})
    region_id = region.get("id")
    base["id"] = region_id if isinstance(region_id, str) and region_id else uuid.uuid4().hex
    base["label"] = labels[0]
    return base


def parse(obj: dict[str, Any], default_annotator: str) -> Parsed:
    """The labels of one task: every region of every annotation not cancelled."""
    data: dict[str, Any] = obj["data"]
    text = data.get("text")
    if not isinstance(text, str):
        raise FormatError('the task has no "text" in its data')
    raw_id = data.get("article_id")
    article_id = str(raw_id) if raw_id else text_article_id(text)
    parsed = Parsed(articles=article_infos(article_id, data, text))
    for annotation in obj["annotations"]:
        if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
            continue
        annotator = _completed_by(annotation, default_annotator)
        stamp = annotation.get("updated_at") or annotation.get("created_at") or now_iso()
        for region in annotation.get("result") or []:
            if not isinstance(region, dict):
                raise FormatError("a result region is not an object")
            record = _record(region, text, article_id, annotator, str(stamp))
            try:
                parsed.annotations.append(Annotation.from_dict(record))
            except (ValueError, TypeError) as exc:
                raise FormatError(f"region {record['id']!r}: {exc}") from exc
    return parsed
