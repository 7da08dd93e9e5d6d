"""Disagreements, reviewers' decisions and gold labels, in the store and in exports."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from store import (
    AnnotationStore,
    Slot,
    disagreements,
    draft_label,
    gold_labels,
    reviewer_name,
)
from store.agreement import measure_agreement, ratings_of
from store.formats import write_export

TEXT = "Sanctions failed. Talks will help. Nobody knows. Prices rose."
SENTENCES = [(0, 17), (18, 34), (35, 48), (49, 61)]


def label(store: AnnotationStore, index: int, value: str, target: str = "sanctions") -> None:
    start, end = SENTENCES[index]
    store.set_label(draft_label("a1", TEXT, "sentence", start, end, value, target=target))


def fill(db: Path) -> None:
    """alice, bob and carol on four sentences: agreed, disagreed, skipped, alone."""
    for who, labels in {
        "alice": ["against", "favor", "skip", "neutral"],
        "bob": ["against", "against", "skip", None],
        "carol": ["against", "favor", None, None],
    }.items():
        with AnnotationStore(db, annotator=who) as store:
            for index, value in enumerate(labels):
                if value is not None:
                    label(store, index, value)
            label(store, 0, "favor", target="dialogue")  # all favor, another target


def test_disagreements_and_a_reviewers_decision(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    fill(db)
    with AnnotationStore(db, annotator="alice") as store:
        (found,) = disagreements(store.annotations())
        assert found.text == "Talks will help." and found.target == "sanctions"
        assert {who: a.label for who, a in found.labels.items()} == {
            "alice": "favor",
            "bob": "against",
            "carol": "favor",
        }
        assert found.distinct == ["favor", "against"]
        assert disagreements(store.annotations(), label="neutral") == []
        assert disagreements(store.annotations(), target="dialogue", any_target=False) == []
        # The reviewer is also an annotator: the decision does not replace her label.
        start, end = SENTENCES[1]
        store.set_label(
            draft_label("a1", TEXT, "sentence", start, end, "against", target="sanctions"),
            annotator=reviewer_name("alice"),
            flags=("adjudicated",),
        )
        (decided,) = disagreements(store.annotations())
        assert decided.decision is not None and decided.decision.label == "against"
        assert decided.labels["alice"].label == "favor"
        assert disagreements(store.annotations(), undecided_only=True) == []
        # Agreement is among annotators: decisions are not counted; a skip is a label.
        ratings = ratings_of(store.annotations())
        assert all("alice/gold" not in labels for labels in ratings.values())
        assert measure_agreement(ratings).units == 4  # sentences 1, 2 and 3, and "dialogue"


def test_gold_labels(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    fill(db)
    with AnnotationStore(db, annotator="alice") as store:
        gold, report = gold_labels(store.annotations())
        assert (report.unanimous, report.single, report.skipped, report.unresolved) == (2, 1, 1, 1)
        assert sorted((g.text, g.target, g.label, g.flags) for g in gold) == [
            ("Prices rose.", "sanctions", "neutral", ("single",)),
            ("Sanctions failed.", "dialogue", "favor", ("unanimous",)),
            ("Sanctions failed.", "sanctions", "against", ("unanimous",)),
        ]
        start, end = SENTENCES[1]
        store.set_label(
            draft_label("a1", TEXT, "sentence", start, end, "favor", target="sanctions"),
            annotator=reviewer_name("dora"),
            flags=("adjudicated",),
        )
        gold, report = gold_labels(store.annotations())
        assert (report.adjudicated, report.unresolved) == (1, 0)
        assert {g.annotator for g in gold} == {"gold"}
        again, _ = gold_labels(store.annotations())
        assert [g.id for g in gold] == [g.id for g in again]  # stable ids
        out = io.StringIO()
        assert write_export(store, "jsonl", out, gold=True) == 4
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert sorted(r["label"] for r in rows) == ["against", "favor", "favor", "neutral"]
        semeval = io.StringIO()
        write_export(store, "semeval", semeval)
        lines = semeval.getvalue().splitlines()
        assert lines[0] == "ID\tTarget\tTweet\tStance"
        assert sorted(line.split("\t", 1)[1] for line in lines[1:]) == [
            "dialogue\tSanctions failed.\tFAVOR",
            "sanctions\tPrices rose.\tNONE",
            "sanctions\tSanctions failed.\tAGAINST",
            "sanctions\tTalks will help.\tFAVOR",
        ]


def test_export_gold_from_the_command_line_counts_what_is_left_out(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    fill(db)
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--db", str(db), "--gold"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3
    assert "1 unresolved" in done.stderr and "1 skipped" in done.stderr


def test_a_label_flagged_for_review_waits_for_a_reviewer(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    with AnnotationStore(db, annotator="alice") as store:
        label(store, 0, "favor")
        store.set_flag(Slot.of(store.annotations()[0]), "review", True)
        label(store, 1, "against")
        store.set_flag(Slot.of(store.annotations()[1]), "unsure", True)
        (flagged,) = disagreements(store.annotations())
        assert flagged.flagged == ["alice"] and flagged.agreed
        gold, report = gold_labels(store.annotations())
        assert report.unresolved == 1
        assert [(g.label, g.flags) for g in gold] == [("against", ("single", "unsure"))]
        assert gold_labels(store.annotations(), min_annotators=2)[1].too_few == 1


def test_semeval_rows_survive_an_unpaired_quotation_mark(tmp_path: Path) -> None:
    import csv

    text = 'He said: "We will not give in. Talks go on.'
    with AnnotationStore(tmp_path / "db.json", annotator="alice") as store:
        store.set_label(draft_label("a1", text, "sentence", 0, 30, "against", target="t"))
        store.set_label(draft_label("a1", text, "sentence", 31, 43, "favor", target="t"))
        out = io.StringIO()
        write_export(store, "semeval", out)
    rows = list(csv.reader(io.StringIO(out.getvalue()), dialect="excel-tab"))
    assert rows == [
        ["ID", "Target", "Tweet", "Stance"],
        ["1", "t", 'He said: "We will not give in.', "AGAINST"],
        ["2", "t", "Talks go on.", "FAVOR"],
    ]
