"""Agreement figures against reference values: Krippendorff's own worked example and
the `krippendorff` package, and the published worked examples of Cohen's and Fleiss'
kappa, to 1e-3."""

from __future__ import annotations

import itertools
import math
import random

import krippendorff
import pytest

from store.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    measure_agreement,
    percent_agreement,
    ratings_of,
)
from store.records import Annotation

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with
# missing values: four observers, twelve units; nominal alpha = 0.743.
KRIPPENDORFF_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]

# Fleiss (1971) as worked in the literature (and Wikipedia): 10 subjects, 14 raters,
# counts per category; kappa = 0.210.
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def _units(matrix: list[list[int | None]]) -> list[list[str]]:
    """Coder-by-unit reliability data as the labels each unit got."""
    return [[str(v) for v in column if v is not None] for column in zip(*matrix, strict=True)]


def test_krippendorffs_worked_example() -> None:
    alpha = krippendorff_alpha(_units(KRIPPENDORFF_EXAMPLE))
    assert alpha is not None and abs(alpha - 0.743) < 1e-3
    reference = krippendorff.alpha(
        reliability_data=[
            [math.nan if v is None else v for v in row] for row in KRIPPENDORFF_EXAMPLE
        ],
        level_of_measurement="nominal",
    )
    assert abs(alpha - reference) < 1e-9


def test_alpha_equals_the_krippendorff_package_on_random_data_with_gaps() -> None:
    rng = random.Random(7)
    for _ in range(30):
        coders, units = rng.randint(2, 6), rng.randint(5, 40)
        matrix = [
            [rng.choice([None, 0, 1, 2]) if rng.random() < 0.8 else None for _ in range(units)]
            for _ in range(coders)
        ]
        values = _units(matrix)
        if sum(len(v) for v in values if len(v) >= 2) < 2:
            continue
        ours = krippendorff_alpha(values)
        data = [[math.nan if v is None else float(v) for v in row] for row in matrix]
        try:
            theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        except ValueError:  # the package refuses data with one value only
            assert ours is None
            continue
        if ours is None:
            assert math.isnan(theirs) or theirs == 1
        else:
            assert abs(ours - theirs) < 1e-9


def test_fleiss_worked_example() -> None:
    values = [
        [str(category) for category, count in enumerate(row) for _ in range(count)]
        for row in FLEISS_EXAMPLE
    ]
    kappa = fleiss_kappa(values)
    assert kappa is not None and abs(kappa - 0.210) < 1e-3
    assert fleiss_kappa([["a", "b"], ["a", "b", "a"]]) is None  # unequal numbers of raters


def test_cohens_worked_example() -> None:
    # 50 proposals read by two readers: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    kappa = cohen_kappa(pairs)
    assert kappa is not None and abs(kappa - 0.4) < 1e-3
    assert cohen_kappa([]) is None


def _ann(who: str, article: str, start: int, label: str, target: str | None) -> Annotation:
    return Annotation(
        id=f"{who}-{article}-{start}-{target}",
        article_id=article,
        start=start,
        end=start + 5,
        text="words",
        label=label,
        annotator=who,
        created="2026-01-01T00:00:00.000+00:00",
        updated="2026-01-01T00:00:00.000+00:00",
        target=target,
    )


def test_three_annotators_missing_labels_and_two_targets() -> None:
    rows = [
        # article, start, target, alice, bob, carol (None: not labelled)
        ("a1", 0, "sanctions", "favor", "favor", "favor"),
        ("a1", 10, "sanctions", "against", "against", None),
        ("a1", 20, "sanctions", "neutral", "against", "neutral"),
        ("a2", 0, "sanctions", "favor", None, "against"),
        ("a2", 10, "sanctions", "against", "against", "against"),
        ("a1", 0, "dialogue", "favor", "neutral", None),
        ("a1", 10, "dialogue", "neutral", "neutral", "neutral"),
        ("a2", 0, "dialogue", None, "favor", "favor"),
        ("a2", 10, "dialogue", "against", None, None),  # one annotator: not counted
    ]
    annotations = [
        _ann(who, article, start, label, target)
        for article, start, target, *labels in rows
        for who, label in zip(("alice", "bob", "carol"), labels, strict=True)
        if label is not None
    ]
    result = measure_agreement(ratings_of(annotations))
    counted = [[label for label in row[3:] if label] for row in rows]
    counted = [labels for labels in counted if len(labels) >= 2]
    assert result.units == 8 and result.labels == sum(len(v) for v in counted)
    assert result.annotators == ["alice", "bob", "carol"]
    matrix = [[row[3 + i] for row in rows[:8]] for i in range(3)]
    codes = {"favor": 0, "against": 1, "neutral": 2}
    reference = krippendorff.alpha(
        reliability_data=[[math.nan if v is None else codes[v] for v in row] for row in matrix],
        level_of_measurement="nominal",
    )
    assert result.krippendorff_alpha is not None
    assert abs(result.krippendorff_alpha - reference) < 1e-9
    assert result.fleiss_kappa is None  # units with two and with three annotators
    for pair in result.pairs:
        both = [
            (row[3 + i], row[3 + j])
            for row in rows[:8]
            for i, j in [
                (("alice", "bob", "carol").index(pair.a), ("alice", "bob", "carol").index(pair.b))
            ]
            if row[3 + i] and row[3 + j]
        ]
        assert pair.n == len(both)
        assert pair.cohen_kappa == pytest.approx(cohen_kappa(both))
    for target in ("sanctions", "dialogue"):
        units = [row for row in rows[:8] if row[2] == target]
        data = [
            [math.nan if row[3 + i] is None else codes[row[3 + i]] for row in units]
            for i in range(3)
        ]
        theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert result.per_target[target] == pytest.approx(theirs, abs=1e-9)
    favor = [
        [math.nan if row[3 + i] is None else float(row[3 + i] == "favor") for row in rows[:8]]
        for i in range(3)
    ]
    assert result.per_label["favor"] == pytest.approx(
        krippendorff.alpha(reliability_data=favor, level_of_measurement="nominal"), abs=1e-9
    )
    agreeing = pairs = 0
    for labels in counted:
        for a, b in itertools.combinations(labels, 2):
            pairs += 1
            agreeing += a == b
    assert result.percent_agreement == pytest.approx(agreeing / pairs)
    assert percent_agreement([["x"]]) is None
