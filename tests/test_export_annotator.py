"""`marginalia export --annotator NAME`: one annotator's labels (and deletions) only,
the way doccano keeps who labelled what: each annotator imports their own file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from store.annotations import AnnotationStore

MARGINALIA = Path(sys.executable).with_name("marginalia")


def two_annotators(db: Path) -> None:
    """alice and bob label the same article; bob deletes one of his labels."""
    with AnnotationStore(db, annotator="alice") as store:
        store.add("a1", 0, 5, "favor", "Hello")
        store.add("a1", 6, 11, "against", "world")
    with AnnotationStore(db, annotator="bob") as store:
        store.add("a1", 0, 5, "neutral", "Hello")
        gone = store.add("a1", 6, 11, "favor", "world")
        store.remove(gone.id)


def export(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARGINALIA), "export", "--db", str(db), *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_only_the_named_annotators_labels_are_written(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    two_annotators(db)
    result = export(db, "--format", "doccano", "--annotator", "alice")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]  # a line a label: no text
    assert sorted(label for line in lines for _, _, label in line["label"]) == [
        "against", "favor",
    ]  # fmt: skip
    assert {m["annotator"] for line in lines for m in line["marginalia"]} == {"alice"}
    both = export(db, "--annotator", "alice", "--annotator", "bob")
    assert sorted(json.loads(x)["annotator"] for x in both.stdout.splitlines()) == [
        "alice", "alice", "bob",
    ]  # fmt: skip


def test_deletions_follow_the_annotator(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    two_annotators(db)
    alice = export(db, "--with-deletions", "--annotator", "alice").stdout.splitlines()
    bob = export(db, "--with-deletions", "--annotator", "bob").stdout.splitlines()
    assert not any("deleted" in json.loads(x) for x in alice)
    assert sum("deleted" in json.loads(x) for x in bob) == 1


def test_an_unknown_annotator_is_named_and_gold_refuses_the_filter(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    two_annotators(db)
    result = export(db, "--annotator", "alcie")
    assert result.returncode == 0 and result.stdout == ""
    assert "no labels by 'alcie'" in result.stderr
    refused = export(db, "--gold", "--annotator", "alice")
    assert refused.returncode == 2 and "--annotator" in refused.stderr
