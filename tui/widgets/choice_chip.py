"""A one-line choice that cycles through its options on click (or a key on the screen).

Lighter than `Select` (one widget instead of an overlay and a list), which keeps
the library's first frame fast; the options are few and meant to be cycled.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceChip(Widget, can_focus=False):
    """Shows `caption: option ▸`; a click moves to the next option."""

    DEFAULT_CSS = """
    ChoiceChip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin: 0 0 0 1;
        background: $boost;
        color: $text;
    }
    ChoiceChip:hover { background: $primary 30%; }
    ChoiceChip.-active { color: $text-accent; text-style: bold; }
    """

    value: reactive[str] = reactive("", layout=True)

    class Changed(Message):
        """The chosen option changed."""

        def __init__(self, chip: ChoiceChip, value: str) -> None:
            super().__init__()
            self.chip = chip
            self.value = value

        @property
        def control(self) -> ChoiceChip:
            """The chip that changed (for `@on(..., selector)`)."""
            return self.chip

    def __init__(
        self,
        caption: str,
        options: Sequence[tuple[str, str]],
        *,
        id: str | None = None,
        tooltip: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.caption = caption
        self.options: list[tuple[str, str]] = list(options)
        self.set_reactive(ChoiceChip.value, self.options[0][1] if self.options else "")
        if tooltip:
            self.tooltip = tooltip

    def set_options(self, options: Sequence[tuple[str, str]]) -> None:
        """Replace the options; keeps the value if it is still one of them."""
        self.options = list(options)
        if self.value not in {value for _label, value in self.options}:
            self.value = self.options[0][1] if self.options else ""
        self.refresh(layout=True)

    @property
    def label(self) -> str:
        """The text of the chosen option."""
        return next((label for label, value in self.options if value == self.value), "")

    def render(self) -> Content:
        """`caption: option`."""
        return Content.assemble((f"{self.caption}: ", "dim"), self.label, " ▸")

    def watch_value(self, value: str) -> None:
        """Tell the screen, and mark the chip when it filters something out."""
        self.set_class(bool(self.options) and value != self.options[0][1], "-active")
        self.post_message(self.Changed(self, value))

    def cycle(self, step: int = 1) -> None:
        """Move to the next (or previous) option."""
        values = [value for _label, value in self.options]
        if values:
            index = values.index(self.value) if self.value in values else -1
            self.value = values[(index + step) % len(values)]

    def on_click(self, event: events.Click) -> None:
        """Click: next option; shift+click: previous."""
        self.cycle(-1 if event.shift else 1)
