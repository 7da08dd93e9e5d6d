"""W3C Web Annotation Data Model (JSON-LD), one annotation per line.

The label is a `TextualBody` with purpose "classifying" (a note is a second
body, "commenting"); the target is the article (`urn:marginalia:article:<id>`)
selected by a `TextQuoteSelector` (exact, prefix, suffix) and a
`TextPositionSelector` (start, end). What the model has no term for (unit,
speaker, stance target, anchoring status, article details) sits in a
`marginalia` object, and a second `@context` entry maps it to our own
namespace (`NAMESPACE`): its keys become terms of that vocabulary in a scoped
context (JSON-LD 1.1), so a JSON-LD processor keeps them instead of dropping
them, without redefining the model's own `target`.

The target's `source` is the page's URL when the article came with one (an
HTML page, a crawl, a JSONL `url`), with the article's id in `marginalia`;
otherwise `urn:marginalia:article:<id>`, the one stable name there is. The
article's file, title and source are in `marginalia`.

Example line (shortened)::

    {"@context":["http://www.w3.org/ns/anno.jsonld",{"@version":1.1,…}],"id":"urn:uuid:4f0c…",
     "type":"Annotation","motivation":"classifying",
     "creator":{"type":"Person","name":"alice"},"created":"…","modified":"…",
     "body":[{"type":"TextualBody","purpose":"classifying","value":"against"}],
     "target":{"source":"urn:marginalia:article:0051e241e51e44f8","selector":[
       {"type":"TextQuoteSelector","exact":"…","prefix":"…","suffix":"…"},
       {"type":"TextPositionSelector","start":120,"end":188}]},
     "marginalia":{"unit":"quote","speaker":"Jane Doe",…}}
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from store.formats import FormatError, Parsed, article_infos, dumps
from store.records import Annotation, ArticleInfo, now_iso

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "https://pypi.org/project/marginalia/ns#"
"""The vocabulary of Marginalia's own terms."""
OUR_CONTEXT = {
    "@version": 1.1,
    "mg": NAMESPACE,
    "marginalia": {"@id": "mg:details", "@context": {"@vocab": NAMESPACE}},
}
"""Maps the `marginalia` object and every key in it to `NAMESPACE`."""
ARTICLE_URN = "urn:marginalia:article:"
ANNOTATION_URN = "urn:marginalia:annotation:"
_HEX32 = re.compile(r"[0-9a-f]{32}")
_GENERATOR = {
    "id": "https://pypi.org/project/marginalia/",
    "type": "Software",
    "name": "Marginalia",
}


def _annotation_iri(ann_id: str) -> str:
    if len(ann_id) == 32 and _HEX32.fullmatch(ann_id):
        h = ann_id
        return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return f"{ANNOTATION_URN}{ann_id}"


def _id_from_iri(iri: str) -> str:
    if iri.startswith("urn:uuid:"):
        return iri[9:].replace("-", "").lower()
    if iri.startswith(ANNOTATION_URN):
        return iri[len(ANNOTATION_URN) :]
    return iri


def export_lines(
    annotations: Sequence[Annotation], articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """One Web Annotation per annotation."""
    for ann in annotations:
        body = [{"type": "TextualBody", "purpose": "classifying", "value": ann.label}]
        if ann.note:
            body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note})
        body += [{"type": "TextualBody", "purpose": "tagging", "value": f} for f in ann.flags]
        info = articles.get(ann.article_id)
        extra = {
            "unit": ann.unit,
            "speaker": ann.speaker,
            "target": ann.target,
            "anchor": ann.anchor,
            "flags": list(ann.flags),
        }
        if info is not None:
            extra.update(
                title=info.title,
                source=info.source,
                date=info.date,
                date_text=info.date_text,
                file=info.file,
            )
        if info is not None and info.url:
            extra["article_id"] = ann.article_id  # the source is the page's URL
        yield dumps(
            {
                "@context": [CONTEXT, OUR_CONTEXT],
                "id": _annotation_iri(ann.id),
                "type": "Annotation",
                "motivation": "classifying",
                "creator": {"type": "Person", "name": ann.annotator},
                "created": ann.created,
                "modified": ann.updated,
                "generator": _GENERATOR,
                "body": body,
                "target": {
                    "source": info.url if info and info.url else f"{ARTICLE_URN}{ann.article_id}",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": ann.text,
                            "prefix": ann.prefix,
                            "suffix": ann.suffix,
                        },
                        {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
                    ],
                },
                "marginalia": extra,
            }
        )


def looks_like(obj: dict[str, Any]) -> bool:
    """A JSON-LD Web Annotation."""
    return "@context" in obj or obj.get("type") == "Annotation"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _body_values(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    label = note = None
    for body in _as_list(obj.get("body")):
        if isinstance(body, str):
            label = label or body
        elif isinstance(body, dict) and isinstance(body.get("value"), str):
            purpose = body.get("purpose")
            if purpose == "commenting":
                note = note or body["value"]
            elif purpose in ("classifying", "tagging", None) and label is None:
                label = body["value"]
    return label, note


def _creator(obj: dict[str, Any], default: str) -> str:
    creator = obj.get("creator")
    if isinstance(creator, str):
        return creator
    if isinstance(creator, dict):
        return str(creator.get("name") or creator.get("nickname") or creator.get("id") or default)
    return default


def parse(obj: dict[str, Any], default_annotator: str) -> Parsed:
    """The annotation of one Web Annotation with a position selector."""
    target = obj.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise FormatError("the target has no source")
    source: str = target["source"]
    article_id = source[len(ARTICLE_URN) :] if source.startswith(ARTICLE_URN) else source
    extra_in = obj.get("marginalia")
    if isinstance(extra_in, dict) and isinstance(extra_in.get("article_id"), str):
        article_id = extra_in["article_id"]  # the source is the page's URL
    quote: dict[str, Any] = {}
    position: dict[str, Any] | None = None
    for selector in _as_list(target.get("selector")):
        if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector":
            quote = selector
        elif isinstance(selector, dict) and selector.get("type") == "TextPositionSelector":
            position = selector
    if position is None:
        raise FormatError("the target has no TextPositionSelector")
    label, note = _body_values(obj)
    if label is None:
        raise FormatError("no classifying body (the label)")
    extra = obj.get("marginalia") if isinstance(obj.get("marginalia"), dict) else {}
    assert isinstance(extra, dict)
    stamp = now_iso()
    record = {
        "id": _id_from_iri(str(obj["id"])) if obj.get("id") else uuid.uuid4().hex,
        "article_id": article_id,
        "start": position.get("start"),
        "end": position.get("end"),
        "text": quote.get("exact") or "",
        "prefix": quote.get("prefix") or "",
        "suffix": quote.get("suffix") or "",
        "label": label,
        "note": note,
        "annotator": _creator(obj, default_annotator),
        "created": obj.get("created") or stamp,
        "updated": obj.get("modified") or obj.get("created") or stamp,
    }
    record.update(
        {k: extra[k] for k in ("unit", "speaker", "target", "anchor", "flags") if extra.get(k)}
    )
    try:
        ann = Annotation.from_dict(record)
    except (ValueError, TypeError) as exc:
        raise FormatError(f"not a valid annotation: {exc}") from exc
    details = extra if source.startswith(ARTICLE_URN) else {**extra, "url": source}
    return Parsed([ann], article_infos(article_id, details, None))
