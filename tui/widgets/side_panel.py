"""The reader's side panel: the unit under the cursor, its quote and speaker, its label;
and under it the scheme's keys."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
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


class StatementPanel(Widget):
    """What the cursor is on, who is quoted in it, its label and note.

    It takes the panel's height, so a new statement needs no layout pass; and a
    redraw marks only the rows the old and new text cover, not the empty rows
    under them: the screen re-composes every row a refresh marks, across its
    whole width, so a full-height refresh made a label key redraw the whole screen.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content()
        self._drawn_rows = (0, 0)
        """(width, rows) of the content last shown: the rows it covers at that width."""

    def render(self) -> Content:
        """What `show` last drew."""
        return self._content

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
        # The label right under the position, the statement's words after it: on a
        # short screen the legend leaves the panel few rows, and they go to the label.
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
        excerpt = " ".join(text.split())
        if len(excerpt) > 220:
            excerpt = excerpt[:219] + "…"
        parts.append(Content(excerpt).stylize("italic"))
        for quote in quotes:
            colour = readable(colours.get(quote.speaker or "", UNNAMED_COLOUR))
            who = quote.speaker or "unattributed"
            parts.append(Content.styled(f"Quote — {who}", f"bold {colour}"))
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
        old, self._content = self._content, Content("\n").join(parts)
        width, height = self.content_region.size
        if width <= 0:
            self.refresh()
            return
        # The old text's rows at today's width: a resize since it was shown re-wrapped it.
        drawn_width, old_rows = self._drawn_rows
        if drawn_width != width:
            old_rows = len(old.wrap(width))
        rows = len(self._content.wrap(width))
        self._drawn_rows = (width, rows)
        covered = max(old_rows, rows) + 1
        if covered >= height or self.scroll_y:  # scrolled, or more than fits: all of it
            self.refresh()
        else:
            self.refresh(Region(0, 0, width, covered))


class SchemeLegend(Static):
    """The label keys and what each label means, under the statement panel.

    It changes only with the scheme or the theme: a label key redraws the
    statement above it, never this (its wrapped descriptions are most of the
    side panel's lines, and redrawing them on every key was most of a key's cost).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: tuple[LabelScheme, str] | None = None

    def show(self, scheme: LabelScheme) -> None:
        """Draw the scheme's keys and descriptions, unless already drawn as they are."""
        panel = app_colour(self.app, "panel")
        if self._drawn == (scheme, panel):
            return
        self._drawn = (scheme, panel)
        parts: list[Content] = []
        for label in scheme.labels:
            parts.append(
                Content.assemble(
                    (f" {label.key} ", "reverse bold"),
                    " ",
                    (label.name, f"bold {readable_on(label.colour, panel)}"),
                )
            )
            if label.description:
                parts.append(Content(label.description).stylize("dim"))
        self.update(Content("\n").join(parts))
