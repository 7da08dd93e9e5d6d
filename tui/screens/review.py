"""Review: the units annotators disagree on, each annotator's label and note beside the
text, and one key to give the final label.

The reviewer sees everyone's labels (annotation is blind, review is not). A
decision is stored as the reviewer's label as a reviewer (`<name>/gold`,
flagged adjudicated) and is what `marginalia export --gold` writes.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store import Annotation, Disagreement, UnitKey, disagreements, select_disagreements
from tui.screens.bound import with_bindings
from tui.screens.review_keys import REVIEW_BINDINGS, decide_bindings
from tui.session import AllLabelsRead, DecisionSaved, Session, short_words
from tui.widgets.choice_chip import ChoiceChip
from tui.widgets.key_footer import KeyFooter
from tui.widgets.palette import app_colour, readable_on

EVERY = "*"
"""A filter's value for "no filter"."""


class ReviewScreen(Screen[None]):
    """List the disagreements; a label key decides the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = REVIEW_BINDINGS

    def __init__(self, session: Session) -> None:
        """The review of the session's annotation file."""
        super().__init__()
        self.session = session
        self.annotations: list[Annotation] = []
        self.every: list[Disagreement] = []
        """Every disagreement in `annotations`, found once per change of them."""
        self.shown: list[Disagreement] = []
        self._titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """Filters, the list of disagreements, and the one under the cursor in full."""
        with Horizontal(id="review-bar"):
            yield ChoiceChip("Target", [("all", EVERY)], id="review-target")
            yield ChoiceChip("Label", [("any", EVERY)], id="review-label")
            yield ChoiceChip("Annotator", [("all", EVERY)], id="review-annotator")
            yield ChoiceChip(
                "Show", [("undecided", "undecided"), ("all", "all")], id="review-decided"
            )
        with Horizontal(id="review-body"):
            yield OptionList(id="review-list")
            with VerticalScroll(id="review-detail"):
                yield Static("Reading every annotator's labels…", id="review-unit")
        yield Static("", id="review-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read everyone's labels."""
        corpus = self.session.corpus
        if corpus is not None:
            self._titles = {entry.id: entry.title for entry in corpus.entries}
        self.session.read_all(self)
        self.set_focus(self.query_one(OptionList))

    def on_all_labels_read(self, message: AllLabelsRead) -> None:
        """Everyone's labels are in: offer the filters, list the disagreements."""
        if message.error is not None:
            self.query_one("#review-unit", Static).update(
                f"Cannot read the labels: {message.error}"
            )
            return
        self._take(message.annotations)
        every = self.every
        targets = sorted({d.target or "" for d in every})
        labels = sorted({label for d in every for label in d.distinct})
        annotators = sorted({who for d in every for who in d.labels})
        self.query_one("#review-target", ChoiceChip).set_options(
            [("all", EVERY), *((t or "(no target)", t) for t in targets)]
        )
        self.query_one("#review-label", ChoiceChip).set_options(
            [("any", EVERY), *((name, name) for name in labels)]
        )
        self.query_one("#review-annotator", ChoiceChip).set_options(
            [("all", EVERY), *((who, who) for who in annotators)]
        )
        self._show_list()

    def _take(self, annotations: list[Annotation]) -> None:
        """Everyone's labels as they now are, and the disagreements among them."""
        self.annotations = annotations
        self.every = disagreements(annotations)

    def on_choice_chip_changed(self) -> None:
        """A filter changed: list anew, the cursor staying on its unit if still listed."""
        if self.annotations:
            current = self._current()
            self._show_list(unit=current.key if current is not None else None)

    def _filter(self, chip: str) -> str | None:
        value = self.query_one(chip, ChoiceChip).value
        return None if value == EVERY else value

    def _show_list(self, keep: int | None = None, unit: UnitKey | None = None) -> None:
        target = self._filter("#review-target")
        self.shown = select_disagreements(
            self.every,
            target=target or None,
            any_target=target is None,
            label=self._filter("#review-label"),
            annotator=self._filter("#review-annotator"),
            undecided_only=self.query_one("#review-decided", ChoiceChip).value == "undecided",
        )
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(self._line(d), id=str(index)) for index, d in enumerate(self.shown)
        )
        total = len(self.every)
        undecided = sum(1 for d in self.every if d.decision is None)
        self.query_one("#review-status", Static).update(
            f"{len(self.shown):,} shown · {undecided:,} of {total:,} disagreements still to decide"
            f" · reviewer {self.session.annotator}"
        )
        if self.shown:
            keys = [d.key for d in self.shown]
            at = keys.index(unit) if unit in keys else min(keep or 0, len(self.shown) - 1)
            options.highlighted = at
        self._show_unit()

    def _line(self, found: Disagreement) -> Content:
        """One row: the decision (if any), the labels given or the review flag, the
        target, the words."""
        decided = f"✓ {found.decision.label} " if found.decision else ""
        given = " / ".join(found.distinct) + (" ⚑" if found.flagged else "")
        target = f"[{found.target}] " if found.target else ""
        return Content.assemble(
            (decided, "bold"),
            (f"{given}  ", "italic"),
            (target, "dim"),
            (short_words(found.text, 70), ""),
        )

    def on_option_list_option_highlighted(self) -> None:
        """The cursor moved: show that unit in full."""
        self._show_unit()

    def _current(self) -> Disagreement | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index] if index is not None and index < len(self.shown) else None

    def _show_unit(self) -> None:
        found = self._current()
        detail = self.query_one("#review-unit", Static)
        if found is None:
            detail.update(
                Content.styled(
                    "No disagreements here: the annotators agree, or every one is decided "
                    "(D shows those too).",
                    "dim",
                )
            )
            return
        panel = app_colour(self.app, "panel")
        scheme = self.session.scheme
        parts = [
            Content.styled(self._titles.get(found.article_id, found.article_id), "bold"),
            Content.styled(f"for {found.target}" if found.target else "(no target)", "dim"),
            Content(""),
            Content(" ".join(found.text.split())).stylize("italic"),
            Content(""),
        ]
        if found.flagged:
            names = ", ".join(found.flagged)
            parts += [Content.styled(f"⚑ flagged for review by {names}", "bold"), Content("")]
        for who, ann in found.labels.items():
            colour = readable_on(scheme.colour_of(ann.label), panel)
            flags = f"  ({', '.join(ann.flags)})" if ann.flags else ""
            parts.append(
                Content.assemble((f"{who}: ", "bold"), (ann.label, f"bold {colour}"), flags)
            )
            if ann.note:
                parts.append(Content("   note: ") + Content(ann.note).stylize("italic"))
        parts.append(Content(""))
        if found.decision is not None:
            parts.append(
                Content.assemble(
                    ("Decided: ", "bold"),
                    (found.decision.label, "bold"),
                    (f" by {found.decision.annotator}", "dim"),
                )
            )
        keys = ", ".join(f"{label.key} {label.name}" for label in scheme.labels)
        parts.append(Content.styled(f"Decide with a label key: {keys}, - no stance", "dim"))
        detail.update(Content("\n").join(parts))

    def action_decide(self, label: str) -> None:
        """Give the unit under the cursor its final label."""
        found = self._current()
        if found is None:
            return
        self.session.decide(found, label, self)

    def on_decision_saved(self, message: DecisionSaved) -> None:
        """The decision is on disk: show it, and go on to the next disagreement."""
        if message.error is not None or message.decision is None:
            self.notify(f"Not saved: {message.error}", severity="error")
            return
        decision = message.decision
        self._take([ann for ann in self.annotations if ann.id != decision.id] + [decision])
        index = self.query_one(OptionList).highlighted or 0
        self.notify(f"Decided: {decision.label} — “{short_words(decision.text)}”", timeout=3)
        self._show_list(keep=index)

    def action_cycle(self, chip: str) -> None:
        """The next value of a filter."""
        self.query_one(chip, ChoiceChip).cycle()

    def action_back(self) -> None:
        """Back to the library."""
        self.dismiss()


def open_review(session: Session) -> ReviewScreen:
    """The review screen, the scheme's label keys bound to decide."""
    return with_bindings(ReviewScreen, decide_bindings(session.scheme))(session)
