"""The reader's side panel: the unit under the cursor, its quote and speaker, the labels."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from store import Quote
from tui.labels import LabelScheme
from tui.session import Mark
from tui.widgets.palette import app_colour, readable_on

UNNAMED_COLOUR = "#8b949e"
FLAG_WORDS = {
    "unsure": "? unsure",
    "review": "⚑ flagged for review",
    "adjudicated": "✓ adjudicated",
}


class StatementPanel(Static):
    """What the cursor is on, who is quoted in it, its label and note, and the scheme."""

    def show(
        self,
        *,
        unit: str,
        position: str,
        text: str,
        quotes: Sequence[Quote],
        colours: dict[str, str],
        mark: Mark | None,
        others: Sequence[Mark] | None,
        scheme: LabelScheme,
        target: str | None = None,
        by_target: Sequence[tuple[str, Mark | None]] = (),
    ) -> None:
        """Redraw the panel for the unit under the cursor.

        `target` is what labels are given for now, always shown at the top;
        `by_target` the unit's label for each target of the project. `others` are
        other annotators' labels on it, or None when they are not shown
        (annotation is blind unless the annotator asks to see them).
        """
        panel = app_colour(self.app, "panel")

        def readable(colour: str) -> str:
            return readable_on(colour, panel)

        parts: list[Content] = []
        if target is not None:
            parts.append(
                Content.assemble(("For ", "bold"), (target, "bold reverse"), (" (t: next)", "dim"))
            )
        parts.append(Content.styled(f"{unit.capitalize()} {position}", "bold"))
        excerpt = " ".join(text.split())
        if len(excerpt) > 220:
            excerpt = excerpt[:219] + "…"
        parts.append(Content(excerpt).stylize("italic"))
        for quote in quotes:
            colour = readable(colours.get(quote.speaker or "", UNNAMED_COLOUR))
            who = quote.speaker or "unattributed"
            parts.append(Content.styled(f"Quote — {who}", f"bold {colour}"))
        if mark is None:
            parts.append(Content.styled("Not labelled", "dim"))
        else:
            state = "pending…" if mark.pending else "saved"
            colour = readable(scheme.colour_of(mark.state.label))
            on = "" if mark.unit == unit else f" on a {mark.unit} here"
            parts.append(
                Content.assemble(
                    ("Label ", "bold"), (mark.state.label, f"bold {colour}"), f"{on} ({state})"
                )
            )
            if mark.state.note:
                parts.append(Content("Note: ") + Content(mark.state.note).stylize("italic"))
            words = [FLAG_WORDS[flag] for flag in mark.state.flags if flag in FLAG_WORDS]
            if words:
                parts.append(Content.styled(" · ".join(words), "italic"))
        if len(by_target) > 1:
            parts.append(Content.styled("Every target:", "dim"))
            for name, found in by_target:
                given = found.state.label if found is not None else "–"
                colour = readable(scheme.colour_of(given)) if found is not None else ""
                parts.append(
                    Content.assemble(
                        ("• " if name == target else "  ", "bold"),
                        (f"{name}: ", "dim"),
                        (given, colour),
                    )
                )
        if others is not None:
            if not others:
                parts.append(Content.styled("Others: none", "dim"))
            for other in others:
                colour = readable(scheme.colour_of(other.state.label))
                parts.append(
                    Content.assemble(
                        (f"{other.annotator}: ", "dim"),
                        (other.state.label, colour),
                        ("" if other.unit == unit else f" ({other.unit})", "dim"),
                    )
                )
        parts.append(Content(""))
        for label in scheme.labels:
            parts.append(
                Content.assemble(
                    (f" {label.key} ", "reverse bold"),
                    " ",
                    (label.name, f"bold {readable(label.colour)}"),
                )
            )
            if label.description:
                parts.append(Content(label.description).stylize("dim"))
        self.update(Content("\n").join(parts), layout=False)  # fixed size
