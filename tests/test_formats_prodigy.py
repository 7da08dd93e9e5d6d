"""Prodigy `spans.manual` tasks: tokens, token indices, overlaps, hashes, dataset names."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_formats_roundtrip import TEXT, fill

from store.annotations import AnnotationStore
from store.formats import write_export
from store.formats.tokens import token_range, tokenize
from tui.commands import export as export_command


def tasks_of(db: Path, dataset: str | None = None) -> list[dict[str, Any]]:
    """The tasks of a Prodigy export of `db`."""
    out = io.StringIO()
    with AnnotationStore(db, read_only=True) as store:
        write_export(store, "prodigy", out, dataset=dataset)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with overlapping labels by two annotators (see `fill`)."""
    path = tmp_path / "labels.json"
    with AnnotationStore(path, annotator="alice") as store:
        fill(store)
    return path


def check_task(task: dict[str, Any]) -> None:
    """Tokens tile the text; every span starts and ends on token boundaries and its
    token_start/token_end (inclusive) index exactly the tokens it covers."""
    text, tokens = task["text"], task["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    position = 0
    for token in tokens:
        assert token["start"] == position and text[token["start"] : token["end"]] == token["text"]
        position = token["end"] + (1 if token["ws"] else 0)
        if token["ws"]:
            assert text[token["end"]] == " "
    assert position == len(text)
    for span in task["spans"]:
        first, last = tokens[span["token_start"]], tokens[span["token_end"]]
        assert (first["start"], last["end"]) == (span["start"], span["end"])


def test_one_task_per_text_and_annotator_with_overlapping_spans(db: Path) -> None:
    tasks = tasks_of(db)
    whole = [t for t in tasks if "offset" not in t["meta"]]
    assert sorted(t["meta"]["annotator"] for t in whole) == ["alice", "bob"]
    (alice,) = [t for t in whole if t["meta"]["annotator"] == "alice"]
    spans = [(s["start"], s["end"]) for s in alice["spans"]]
    assert any(a[1] > b[0] for a, b in itertools.pairwise(spans))  # they overlap
    for task in tasks:
        check_task(task)
        assert task["_view_id"] == "spans_manual"


def test_hashes_follow_prodigys_meaning(db: Path) -> None:
    tasks = tasks_of(db)
    whole = [t for t in tasks if "offset" not in t["meta"]]
    assert len({t["_input_hash"] for t in whole}) == 1  # one text
    assert len({t["_task_hash"] for t in whole}) == 2  # two sets of spans
    assert tasks == tasks_of(db)  # stable


def test_dataset_names_the_sessions(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for task in tasks_of(db, "stance-2025"):
        who = task["meta"]["annotator"]
        assert task["_session_id"] == task["_annotator_id"] == f"stance-2025-{who}"
    assert export_command.main(["--db", str(db), "-f", "prodigy", "--dataset", "x"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert {json.loads(line)["_session_id"] for line in lines} == {"x-alice", "x-bob"}
    with pytest.raises(SystemExit):
        export_command.main(["--db", str(db), "--dataset", "x"])


_offsets = st.lists(st.integers(0, len(TEXT)), min_size=2, max_size=8)


@given(_offsets)
def test_any_spans_fall_on_token_boundaries(offsets: list[int]) -> None:
    pairs = [tuple(sorted(p)) for p in zip(offsets[::2], offsets[1::2], strict=False)]
    spans = [(a, b) for a, b in pairs if a < b]
    tokens = tokenize(TEXT, {a for a, _ in spans}, {b for _, b in spans})
    task = {"text": TEXT, "tokens": tokens, "spans": []}
    for start, end in spans:
        token_start, token_end = token_range([t["start"] for t in tokens], start, end)
        task["spans"].append(
            {"start": start, "end": end, "token_start": token_start, "token_end": token_end}
        )
    check_task(task)
