"""`marginalia agreement` as a user runs it: three annotators' JSONL files imported into a
fresh file, then the figures, checked against the reference implementations
(the `krippendorff` package, scikit-learn's Cohen's kappa); `export` gives the targets back."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import krippendorff
import pytest
from sklearn.metrics import cohen_kappa_score

ANNOTATORS = ("alice", "bob", "carol")
CODES = {"favor": 0, "against": 1, "neutral": 2}
# article, start, end, target, then alice's, bob's and carol's labels (None: not given)
ROWS = [
    ("a1", 0, 40, "sanctions", "favor", "favor", "favor"),
    ("a1", 41, 90, "sanctions", "against", "against", None),
    ("a1", 91, 130, "sanctions", "neutral", "against", "neutral"),
    ("a2", 0, 50, "sanctions", "favor", None, "against"),
    ("a2", 51, 99, "sanctions", "against", "against", "against"),
    ("a2", 100, 140, "sanctions", "neutral", "neutral", "favor"),
    ("a1", 0, 40, "US–Russia dialogue", "favor", "neutral", None),
    ("a1", 41, 90, "US–Russia dialogue", "neutral", "neutral", "neutral"),
    ("a2", 0, 50, "US–Russia dialogue", None, "favor", "favor"),
    ("a2", 51, 99, "US–Russia dialogue", "against", "favor", "against"),
    ("a2", 100, 140, "US–Russia dialogue", "against", None, None),  # one annotator only
]


def marginalia(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )


def test_three_annotators_files_give_the_reference_figures(tmp_path: Path) -> None:
    for index, who in enumerate(ANNOTATORS):
        lines = [
            json.dumps(
                {
                    "article_id": article,
                    "start": start,
                    "end": end,
                    "text": f"statement {article}:{start}",
                    "label": labels[index],
                    "target": target,
                    "annotator": who,
                },
                ensure_ascii=False,
            )
            for article, start, end, target, *labels in ROWS
            if labels[index] is not None
        ]
        (tmp_path / f"{who}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "merged.json"
    files = [str(tmp_path / f"{who}.jsonl") for who in ANNOTATORS]
    imported = marginalia("import-annotations", *files, "--db", str(db))
    assert imported.returncode == 0, imported.stderr

    done = marginalia("agreement", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)

    shared = [row for row in ROWS if sum(label is not None for label in row[4:]) >= 2]
    assert figures["units"] == len(shared)
    assert figures["annotators"] == list(ANNOTATORS)
    data = [
        [math.nan if row[4 + i] is None else CODES[row[4 + i]] for row in shared] for i in range(3)
    ]
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert figures["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-3)
    assert figures["fleiss_kappa"] is None  # some units have two annotators, some three
    pairs = {(p["a"], p["b"]): p for p in figures["pairs"]}
    assert set(pairs) == {("alice", "bob"), ("alice", "carol"), ("bob", "carol")}
    for (a, b), pair in pairs.items():
        i, j = ANNOTATORS.index(a), ANNOTATORS.index(b)
        both = [(row[4 + i], row[4 + j]) for row in shared if row[4 + i] and row[4 + j]]
        assert pair["n"] == len(both)
        reference = cohen_kappa_score([x for x, _ in both], [y for _, y in both])
        assert pair["cohen_kappa"] == pytest.approx(reference, abs=1e-3)
    for target in ("sanctions", "US–Russia dialogue"):
        units = [row for row in shared if row[3] == target]
        data = [
            [math.nan if row[4 + i] is None else CODES[row[4 + i]] for row in units]
            for i in range(3)
        ]
        reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert figures["per_target"][target] == pytest.approx(reference, abs=1e-3)

    only = marginalia("agreement", "--db", str(db), "--json", "--target", "sanctions")
    assert json.loads(only.stdout)["krippendorff_alpha"] == pytest.approx(
        figures["per_target"]["sanctions"], abs=1e-9
    )
    readable = marginalia("agreement", "--db", str(db))
    assert "Krippendorff's alpha (nominal)" in readable.stdout
    assert f"{alpha:.3f}" in readable.stdout

    exported = marginalia("export", "--db", str(db))
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == sum(label is not None for row in ROWS for label in row[4:])
    assert {row["target"] for row in rows} == {"sanctions", "US–Russia dialogue"}
