"""The review's keys: its bindings and the deciding keys a label scheme adds.

Kept apart from the screen, as `reader_keys` is, so that checking a labels file
at start-up does not import the review and its widgets.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.labels import LabelScheme

REVIEW_BINDINGS: list[BindingType] = [
    Binding("escape", "back", "Back", id="review.back", tooltip="Back to the library"),
    # Capitals: a scheme's label keys (which decide here) are often letters.
    Binding("T", "cycle('#review-target')", "Target", id="review.target",
            tooltip="Show one target's disagreements"),
    Binding("L", "cycle('#review-label')", "Label", id="review.label",
            tooltip="Show the disagreements where someone gave this label"),
    Binding("A", "cycle('#review-annotator')", "Annotator", id="review.annotator",
            tooltip="Show the disagreements one annotator is part of"),
    Binding("D", "cycle('#review-decided')", "Decided", id="review.decided",
            tooltip="Show all disagreements, or only those not decided yet"),
]  # fmt: skip


def decide_bindings(scheme: LabelScheme) -> list[Binding]:
    """The label keys, deciding in the review; and - for "no stance" (skip). Not in
    the footer: the unit under the cursor is shown with them."""
    return [
        *(
            Binding(
                label.binding_key,
                f"decide({label.name!r})",
                label.name,
                id=f"review.decide.{label.name}",
                tooltip=f"Decide: {label.name}",
                key_display=label.key,
                priority=True,
                show=False,
            )
            for label in scheme.labels
        ),
        Binding(
            "minus",
            "decide('skip')",
            "no stance",
            id="review.decide.skip",
            tooltip="Decide: no stance for this target (skip)",
            key_display="-",
            priority=True,
            show=False,
        ),
    ]
