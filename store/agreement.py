"""How far annotators agree: Krippendorff's alpha, Cohen's and Fleiss' kappa, percent
agreement, over the units two or more annotators labelled.

A unit is one stretch of one article for one target (article, start, end,
target); each annotator gives it at most one label. Only units labelled by
two or more annotators can show agreement, so only they count here. Labels
are nominal (favor, against, neutral: no order), and an annotator who did not
label a unit is a missing value, which Krippendorff's alpha allows.

Pure functions over `Annotation`s, no I/O. The formulas follow Krippendorff,
"Computing Krippendorff's Alpha-Reliability" (2011), Cohen (1960) and Fleiss
(1971); tests/test_agreement.py checks them against the `krippendorff`
package and the published worked examples.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from store.review import ADJUDICATED

if TYPE_CHECKING:
    from store.records import Annotation

UnitKey = tuple[str, int, int, str | None]
"""A unit: article id, start, end and target."""

Ratings = Mapping[UnitKey, Mapping[str, str]]
"""For each unit, each annotator's label."""


def ratings_of(
    annotations: Iterable[Annotation], *, target: str | None = None, any_target: bool = True
) -> dict[UnitKey, dict[str, str]]:
    """Each unit's labels by annotator. With `any_target` False, only `target`'s units.

    Left out: orphaned labels (their text is gone from the article: they no
    longer say which words they are about) and reviewers' decisions (they are
    not one more annotator's opinion). A skip ("no stance for this target")
    counts as a label of its own, as it does in review and gold labels.
    """
    ratings: dict[UnitKey, dict[str, str]] = defaultdict(dict)
    for ann in annotations:
        if (
            ann.anchor == "orphaned"
            or ADJUDICATED in ann.flags
            or (not any_target and ann.target != target)
        ):
            continue
        ratings[(ann.article_id, ann.start, ann.end, ann.target)][ann.annotator] = ann.label
    return dict(ratings)


def shared(ratings: Ratings) -> dict[UnitKey, Mapping[str, str]]:
    """The units labelled by two or more annotators: the ones agreement is about."""
    return {unit: labels for unit, labels in ratings.items() if len(labels) >= 2}


def krippendorff_alpha(values: Iterable[Sequence[str]]) -> float | None:
    """Krippendorff's alpha for nominal data: `values` holds, for each unit, the labels
    its coders gave (missing ones left out). None when it is undefined (fewer than
    two pairable values, or every value the same: no disagreement is possible)."""
    coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
    for labels in values:
        m = len(labels)
        if m < 2:
            continue
        for a, b in itertools.permutations(labels, 2):
            coincidences[(a, b)] += 1 / (m - 1)
    totals: defaultdict[str, float] = defaultdict(float)
    for (a, _b), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = (n * n - sum(t * t for t in totals.values())) / (n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two annotators over the units both labelled: (label of one,
    label of the other) per unit. None when chance agreement is already total."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _b in pairs)
    second = Counter(b for _a, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def fleiss_kappa(values: Sequence[Sequence[str]]) -> float | None:
    """Fleiss' kappa: every unit labelled by the same number of annotators (two or
    more). None when they do not all have the same number, or it is undefined."""
    if not values:
        return None
    raters = len(values[0])
    if raters < 2 or any(len(labels) != raters for labels in values):
        return None
    units = len(values)
    totals: Counter[str] = Counter()
    agreement = 0.0
    for labels in values:
        counts = Counter(labels)
        totals.update(counts)
        agreement += (sum(c * c for c in counts.values()) - raters) / (raters * (raters - 1))
    observed = agreement / units
    expected = sum((t / (units * raters)) ** 2 for t in totals.values())
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def percent_agreement(values: Iterable[Sequence[str]]) -> float | None:
    """The share of pairs of annotators, over all units, who gave a unit the same label."""
    agreeing = pairs = 0
    for labels in values:
        for a, b in itertools.combinations(labels, 2):
            pairs += 1
            agreeing += a == b
    return agreeing / pairs if pairs else None


@dataclass(frozen=True)
class PairAgreement:
    """Two annotators: the units both labelled, and Cohen's kappa over them."""

    a: str
    b: str
    n: int
    cohen_kappa: float | None
    percent_agreement: float | None


@dataclass(frozen=True)
class Agreement:
    """Every agreement figure of a set of labels (see `measure_agreement`)."""

    units: int
    """Units labelled by two or more annotators."""
    annotators: list[str]
    labels: int
    """Labels on those units."""
    krippendorff_alpha: float | None
    fleiss_kappa: float | None
    percent_agreement: float | None
    pairs: list[PairAgreement] = field(default_factory=list)
    per_label: dict[str, float | None] = field(default_factory=dict)
    """Alpha of each label against all the others (favor or not favor…)."""
    per_target: dict[str, float | None] = field(default_factory=dict)
    """Alpha over each target's units ("" for labels given with no target)."""

    def to_json(self) -> dict[str, object]:
        """The figures as `marginalia agreement --json` prints them."""
        return {
            "krippendorff_alpha": self.krippendorff_alpha,
            "fleiss_kappa": self.fleiss_kappa,
            "percent_agreement": self.percent_agreement,
            "units": self.units,
            "labels": self.labels,
            "annotators": self.annotators,
            "pairs": [
                {
                    "a": p.a,
                    "b": p.b,
                    "n": p.n,
                    "cohen_kappa": p.cohen_kappa,
                    "percent_agreement": p.percent_agreement,
                }
                for p in self.pairs
            ],
            "per_label": self.per_label,
            "per_target": self.per_target,
        }


def measure_agreement(ratings: Ratings) -> Agreement:
    """All the figures over the units of `ratings` labelled by two or more annotators."""
    units = shared(ratings)
    values = [list(labels.values()) for labels in units.values()]
    annotators = sorted({who for labels in units.values() for who in labels})
    pairs = []
    for a, b in itertools.combinations(annotators, 2):
        both = [(labels[a], labels[b]) for labels in units.values() if a in labels and b in labels]
        if both:
            pairs.append(
                PairAgreement(
                    a, b, len(both), cohen_kappa(both), sum(x == y for x, y in both) / len(both)
                )
            )
    names = sorted({label for labels in values for label in labels})
    per_label = {
        name: krippendorff_alpha([[str(v == name) for v in labels] for labels in values])
        for name in names
    }
    by_target: dict[str, list[list[str]]] = defaultdict(list)
    for (_article, _start, _end, target), labels in units.items():
        by_target[target or ""].append(list(labels.values()))
    return Agreement(
        units=len(units),
        annotators=annotators,
        labels=sum(len(labels) for labels in values),
        krippendorff_alpha=krippendorff_alpha(values),
        fleiss_kappa=fleiss_kappa(values),
        percent_agreement=percent_agreement(values),
        pairs=pairs,
        per_label=per_label,
        per_target={t: krippendorff_alpha(v) for t, v in sorted(by_target.items())},
    )
