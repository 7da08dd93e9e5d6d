"""Export in every format, import into an empty store, export again: same annotations."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.anchoring import context_of
from store.annotations import AnnotationStore
from store.formats import ROUND_TRIP, write_export, write_export_file
from store.formats.importer import import_lines
from store.formats.w3c import NAMESPACE
from store.text.model import Article

TEXT = (
    "GENEVA — The [UN] envoy said on Monday: “We are close to a deal.” "
    "Critics called that naïve. {{item.group_date}} Talks resume on Friday."
)


def fill(store: AnnotationStore) -> None:
    """Labels by two annotators on a remembered article and one on an unknown article."""
    article = Article(
        id="art-1", file="geneva.txt", title="Envoy: close to a deal", subtitle=None,
        source="Wire", date="2024-03-01", date_text="1 March 2024", dateline="GENEVA",
        text=TEXT,
    )  # fmt: skip
    store.remember_article(article)

    def add(part: str, label: str, **fields: object) -> None:
        start = TEXT.index(part)
        prefix, suffix = context_of(TEXT, start, start + len(part))
        store.add("art-1", start, start + len(part), label, part, prefix=prefix,
                  suffix=suffix, **fields)  # fmt: skip

    add("We are close to a deal.", "favour", unit="quote", speaker="The envoy")
    add("Critics called that naïve.", "against", note="sarcasm?", target="the deal")
    add("naïve", "against", unit="span", flags=["unsure", "review"])
    store.annotator = "bob"
    add("Critics called that naïve.", "neutral")
    store.add("art-unknown", 40, 52, "favour", "some words …", unit="quote", speaker="X")


def export(store: AnnotationStore, fmt: str) -> str:
    """An export as text."""
    out = io.StringIO()
    write_export(store, fmt, out)
    return out.getvalue()


@pytest.fixture
def source(tmp_path: Path) -> Iterator[AnnotationStore]:
    """A store with five labels in it."""
    store = AnnotationStore(tmp_path / "source.json", annotator="alice")
    fill(store)
    yield store
    store.close()


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_round_trip(source: AnnotationStore, tmp_path: Path, fmt: str) -> None:
    first = export(source, fmt)
    with AnnotationStore(tmp_path / "copy.json", annotator="carol") as copy:
        report = import_lines(copy, io.StringIO(first), "export.jsonl")
        assert (report.added, report.duplicates, report.errors) == (5, 0, [])
        assert sorted(copy.annotations(), key=lambda a: a.id) == sorted(
            source.annotations(), key=lambda a: a.id
        )
        assert export(copy, fmt) == first
        again = import_lines(copy, io.StringIO(first), "export.jsonl")
        assert (again.added, again.duplicates) == (0, 5)


def test_jsonl_shape(source: AnnotationStore) -> None:
    lines = [json.loads(line) for line in export(source, "jsonl").splitlines()]
    assert len(lines) == 5
    quote = next(line for line in lines if line["unit"] == "quote" and line["title"])
    assert quote["text"] == TEXT[quote["start"] : quote["end"]] == "We are close to a deal."
    assert quote["speaker"] == "The envoy" and quote["source"] == "Wire"
    assert quote["date"] == "2024-03-01" and quote["annotator"] == "alice"
    for key in ("id", "article_id", "label", "target", "note", "created", "updated"):
        assert key in quote


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_a_date_without_a_year_is_exported_as_written(tmp_path: Path, fmt: str) -> None:
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        store.remember_article(
            Article(id="art-2", file="a.txt", title="Talks", subtitle=None, source="TASS",
                    date=None, date_text="June 22", dateline=None, text=TEXT)
        )  # fmt: skip
        store.add("art-2", 0, 6, "neutral", TEXT[:6])
        (line,) = export(store, fmt).splitlines()
    details = {"jsonl": lambda o: o, "doccano": lambda o: o, "prodigy": lambda o: o["meta"],
               "w3c": lambda o: o["marginalia"]}[fmt](json.loads(line))  # fmt: skip
    assert (details["date"], details["date_text"]) == (None, "June 22")


def test_prodigy_shape(source: AnnotationStore) -> None:
    tasks = [json.loads(line) for line in export(source, "prodigy").splitlines()]
    whole = [t for t in tasks if "offset" not in t["meta"]]
    assert {t["_annotator_id"] for t in whole} == {"marginalia-alice", "marginalia-bob"}
    assert {t["_session_id"] for t in whole} == {"marginalia-alice", "marginalia-bob"}
    (alice,) = [t for t in whole if t["meta"]["annotator"] == "alice"]
    (bob,) = [t for t in whole if t["meta"]["annotator"] == "bob"]
    # "naïve" lies inside a labelled sentence: spans.manual shows overlapping spans,
    # so both stay in alice's one task.
    assert len(alice["spans"]) == 3
    assert alice["text"] == TEXT and alice["answer"] == "accept"
    for span in alice["spans"]:
        assert TEXT[span["start"] : span["end"]] == span["text"]
        assert isinstance(span["label"], str)
    assert alice["meta"]["article_id"] == "art-1" and alice["meta"]["title"]
    assert alice["_input_hash"] == bob["_input_hash"]  # the same text
    assert alice["_task_hash"] != bob["_task_hash"]  # not the same spans
    for task in tasks:
        for key in ("_input_hash", "_task_hash", "_timestamp"):
            assert isinstance(task[key], int)
        assert -(2**31) <= task["_input_hash"] < 2**31
    (part,) = [t for t in tasks if "offset" in t["meta"]]
    assert part["text"] == "some words …" and part["meta"]["offset"] == 40
    assert export(source, "prodigy") == export(source, "prodigy")  # stable hashes


def test_doccano_shape(source: AnnotationStore) -> None:
    lines = [json.loads(line) for line in export(source, "doccano").splitlines()]
    article = next(line for line in lines if line["id"] == "art-1")
    assert article["text"] == TEXT
    assert len(article["label"]) == 4
    for start, end, name in article["label"]:
        assert name in {"favour", "against", "neutral"} and 0 <= start < end <= len(TEXT)


def test_w3c_shape(source: AnnotationStore) -> None:
    notes = [json.loads(line) for line in export(source, "w3c").splitlines()]
    note = next(n for n in notes if n["marginalia"]["unit"] == "quote" and n["target"]["source"]
                == "urn:marginalia:article:art-1")  # fmt: skip
    assert note["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert note["@context"][1]["marginalia"]["@context"] == {"@vocab": NAMESPACE}
    assert note["type"] == "Annotation" and note["id"].startswith("urn:uuid:")
    assert note["body"][0] == {"type": "TextualBody", "purpose": "classifying", "value": "favour"}
    quote, position = note["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == "We are close to a deal."
    assert TEXT[position["start"] : position["end"]] == quote["exact"]
    assert quote["prefix"] == TEXT[: position["start"]][-32:]
    assert note["creator"]["name"] == "alice" and note["created"] and note["modified"]


def test_mixed_formats_in_one_file(source: AnnotationStore, tmp_path: Path) -> None:
    mixed = "".join(export(source, fmt) for fmt in ROUND_TRIP)
    with AnnotationStore(tmp_path / "mixed.json") as copy:
        report = import_lines(copy, io.StringIO(mixed), "mixed.jsonl")
        assert report.errors == [] and report.added == 5 and report.duplicates == 15
        assert set(report.formats) == set(ROUND_TRIP)


def test_a_label_with_a_lone_surrogate_is_exported_to_a_file_with_the_rest(
    source: AnnotationStore, tmp_path: Path
) -> None:
    # A JSON escape in an imported file can make one; UTF-8 cannot encode it.
    source.add("art-1", 0, 6, "favour", "GENE\ud800A", unit="span")
    out = tmp_path / "export.jsonl"
    assert write_export_file(source, "jsonl", out) == 6
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert [line["text"] for line in lines if line["unit"] == "span" and line["start"] == 0] == [
        "GENE?A"
    ]
    assert sum(line["text"] == "We are close to a deal." for line in lines) == 1
