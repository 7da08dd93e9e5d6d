"""Review: the units annotators disagree on (or flagged for review), a reviewer's final
word on them, and the gold labels a data set is made of.

A reviewer's decision is stored as a label of its own, by `<reviewer>/gold` and
flagged "adjudicated", so that it never replaces the reviewer's own label as an
annotator (one label per unit, target and annotator) and never counts in the
agreement between annotators. The gold label of a unit and target is the
adjudicated one, else the one every annotator gave; a unit only skipped has
none, and one still disagreed on, or flagged for review and not decided, is
left out (and counted). A unit is an article's text from start to end, for a
target, as in `store.agreement`: a span over a whole sentence is that sentence.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from store.records import Annotation

SKIP = "skip"
"""The label of a unit skipped for a target: seen, no stance given."""
ADJUDICATED = "adjudicated"
GOLD_SUFFIX = "/gold"
"""Added to a reviewer's name for the labels they decide as a reviewer."""

REVIEW = "review"
"""The flag an annotator puts on a label a reviewer should look at."""

UnitKey = tuple[str, int, int, str | None]
"""A unit for one target: article id, start, end, target."""


def unit_key(ann: Annotation) -> UnitKey:
    """The unit and target an annotation is about."""
    return (ann.article_id, ann.start, ann.end, ann.target)


def is_decision(ann: Annotation) -> bool:
    """Whether an annotation is a reviewer's decision rather than an annotator's label."""
    return ADJUDICATED in ann.flags


def reviewer_name(reviewer: str) -> str:
    """The annotator name a reviewer's decisions are stored under."""
    return reviewer if reviewer.endswith(GOLD_SUFFIX) else reviewer + GOLD_SUFFIX


@dataclass(frozen=True)
class Disagreement:
    """A unit whose annotators gave different labels for one target, or whose label
    an annotator flagged for review."""

    key: UnitKey
    text: str
    labels: dict[str, Annotation]
    """Each annotator's label (their note and flags with it)."""
    decision: Annotation | None = None
    """A reviewer's decision, when there is one."""

    @property
    def article_id(self) -> str:
        """The article of the unit."""
        return self.key[0]

    @property
    def target(self) -> str | None:
        """The target the labels are for."""
        return self.key[3]

    @property
    def flagged(self) -> list[str]:
        """The annotators who flagged their label for review."""
        return [who for who, ann in self.labels.items() if REVIEW in ann.flags]

    @property
    def agreed(self) -> bool:
        """Whether every annotator gave the same label (it is here for a flag)."""
        return len({ann.label for ann in self.labels.values()}) == 1

    @property
    def distinct(self) -> list[str]:
        """The labels given, most given first."""
        counts: dict[str, int] = defaultdict(int)
        for ann in self.labels.values():
            counts[ann.label] += 1
        return sorted(counts, key=lambda label: (-counts[label], label))


def _by_unit(
    annotations: Iterable[Annotation],
) -> dict[UnitKey, tuple[dict[str, Annotation], Annotation | None]]:
    units: dict[UnitKey, tuple[dict[str, Annotation], list[Annotation]]] = defaultdict(
        lambda: ({}, [])
    )
    for ann in annotations:
        if ann.anchor == "orphaned":
            continue
        labels, decisions = units[unit_key(ann)]
        if is_decision(ann):
            decisions.append(ann)
        else:
            labels[ann.annotator] = ann
    return {
        key: (labels, max(decisions, key=lambda a: a.updated) if decisions else None)
        for key, (labels, decisions) in units.items()
    }


def disagreements(
    annotations: Iterable[Annotation],
    *,
    target: str | None = None,
    any_target: bool = True,
    label: str | None = None,
    annotator: str | None = None,
    undecided_only: bool = False,
) -> list[Disagreement]:
    """The units two or more annotators labelled differently, and those whose label
    someone flagged for review, in text order; only those `select_disagreements` keeps."""
    found = []
    for key, (labels, decision) in _by_unit(annotations).items():
        given = {ann.label for ann in labels.values()}
        flagged = any(REVIEW in ann.flags for ann in labels.values())
        if len(given) < 2 and not flagged:
            continue
        text = next(iter(labels.values())).text
        found.append(Disagreement(key, text, dict(sorted(labels.items())), decision))
    found.sort(key=lambda d: (d.key[0], d.key[1], d.key[2], d.key[3] or ""))
    return select_disagreements(
        found,
        target=target,
        any_target=any_target,
        label=label,
        annotator=annotator,
        undecided_only=undecided_only,
    )


def select_disagreements(
    found: Iterable[Disagreement],
    *,
    target: str | None = None,
    any_target: bool = True,
    label: str | None = None,
    annotator: str | None = None,
    undecided_only: bool = False,
) -> list[Disagreement]:
    """The disagreements about `target` (unless `any_target`), those where someone
    gave `label`, those `annotator` labelled, those no reviewer decided yet: a
    review's filters, applied without reading the labels again."""
    return [
        d
        for d in found
        if (any_target or d.target == target)
        and (label is None or label in d.distinct)
        and (annotator is None or annotator in d.labels)
        and not (undecided_only and d.decision is not None)
    ]


GoldKind = Literal["adjudicated", "unanimous", "single"]


@dataclass(frozen=True)
class GoldReport:
    """How the gold labels were found, and how many units have none."""

    adjudicated: int = 0
    unanimous: int = 0
    """Labelled alike by two or more annotators."""
    single: int = 0
    """Labelled by one annotator only."""
    skipped: int = 0
    """Skipped by every annotator who saw them: no stance, no gold label."""
    unresolved: int = 0
    """Annotators disagree, or one flagged the label for review, and no reviewer
    decided: left out."""
    too_few: int = 0
    """Labelled by fewer annotators than asked for: left out."""


def gold_labels(
    annotations: Iterable[Annotation], *, min_annotators: int = 1
) -> tuple[list[Annotation], GoldReport]:
    """One label per unit and target: the adjudicated one, else the one every
    annotator gave, if `min_annotators` or more gave it. Each is a copy by
    annotator "gold" whose flags say how it was found (and "unsure" if one of
    its annotators was); its id is a hash of the unit, so two exports of the same
    labels match."""
    gold: list[Annotation] = []
    counts: dict[str, int] = defaultdict(int)
    for key, (labels, decision) in _by_unit(annotations).items():
        kind: GoldKind
        if decision is not None:
            chosen, kind = decision, "adjudicated"
        else:
            given = {ann.label for ann in labels.values()}
            if len(given) != 1 or any(REVIEW in ann.flags for ann in labels.values()):
                counts["unresolved"] += 1
                continue
            if len(labels) < min_annotators:
                counts["too_few"] += 1
                continue
            chosen = min(labels.values(), key=lambda a: a.created)
            kind = "unanimous" if len(labels) > 1 else "single"
        if chosen.label == SKIP:
            counts["skipped"] += 1
            continue
        counts[kind] += 1
        digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()
        unsure = any("unsure" in ann.flags for ann in labels.values()) and kind != "adjudicated"
        flags = (kind, "unsure") if unsure else (kind,)
        gold.append(chosen.changed(id=digest, annotator="gold", flags=flags, note=None))
    return gold, GoldReport(**counts)
