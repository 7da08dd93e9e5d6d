"""Find words in the open article: `/` in the reader, Enter and ↓ / Shift+Enter and ↑ between hits.

The bar is an `Input` under the article. As it is typed into, every place the
words occur (case ignored, any run of spaces or line breaks between them) is
highlighted and the reader's cursor goes to the first hit from where it is;
Enter or ↓ goes on to the next, Shift+Enter or ↑ back (both wrap around). Esc
closes the bar and the highlights, leaving the cursor on the statement found.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


def find_ranges(text: str, words: str) -> list[tuple[int, int]]:
    """Where `words` occur in `text`, as (start, end) offsets, case ignored."""
    parts = words.split()
    if not parts:
        return []
    pattern = re.compile(r"\s+".join(re.escape(part) for part in parts), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


class FindBar(Input):
    """The find box; posts `Moved` with the hits and the current one as it changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", "Next hit", id="find.next", tooltip="Next place found"),
        Binding("up", "step(-1)", "Previous hit", id="find.previous",
                tooltip="Previous place found"),
        Binding("shift+enter", "step(-1)", "Previous hit", show=False, id="find.back",
                tooltip="Previous place found"),
    ]  # fmt: skip

    class Moved(Message):
        """The hits changed, or the current one did (`current` is None: no hit)."""

        def __init__(self, hits: list[tuple[int, int]], current: int | None) -> None:
            super().__init__()
            self.hits = hits
            self.current = current

    def __init__(self, text: str, start_at: int, value: str = "") -> None:
        """Find in `text`; the first hit shown is the first at or after offset `start_at`."""
        super().__init__(value, placeholder="find in this article", id="find-bar", compact=True)
        self.text = text
        self.start_at = start_at
        self.hits: list[tuple[int, int]] = []
        self.current: int | None = None

    def on_mount(self) -> None:
        """Words given at once (the last find) are looked for at once."""
        if self.value:
            self._look()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Look again as the words change."""
        event.stop()
        self._look()

    def _look(self) -> None:
        self.hits = find_ranges(self.text, self.value)
        self.current = next(
            (i for i, (start, _) in enumerate(self.hits) if start >= self.start_at),
            0 if self.hits else None,
        )
        self.post_message(self.Moved(self.hits, self.current))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the next hit."""
        event.stop()
        self.action_step(1)

    def action_step(self, step: int) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping around."""
        if self.current is None or not self.hits:
            return
        self.current = (self.current + step) % len(self.hits)
        self.start_at = self.hits[self.current][0]
        self.post_message(self.Moved(self.hits, self.current))
